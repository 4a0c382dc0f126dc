"""Official font names and the free fonts that stand in for them when rendering PDF and charts.

Word files keep the official names (a reader's Word uses them when installed). PDF and chart
rendering use free fonts from Debian's fonts-noto-cjk, fonts-lxgw-wenkai and fonts-arphic-ukai:

| official (GB/T 9704) | used for | free font in PDF |
|---|---|---|
| 方正小标宋简体 (小标宋) | title | Noto Serif CJK SC, bold (a bold 宋) |
| 仿宋_GB2312 | body | LXGW WenKai (霞鹜文楷, a light 楷), then Noto Serif CJK SC |
| 黑体 | first-level headings, table heads | Noto Sans CJK SC, bold |
| 楷体_GB2312 | second-level headings | AR PL UKai CN (then Noto Serif CJK SC) |
| 宋体 | page numbers | Noto Serif CJK SC |

Why LXGW WenKai for the body: Debian packages no 仿宋 that covers simplified Chinese
(fonts-cwtex-fs, cwTeX 仿宋, lacks 2,379 of GB 2312's 6,763 characters, 东 and 关 among them);
the closest freely licensed stand-in is a light 楷 with the full GB 2312 set. LXGW WenKai (SIL
OFL 1.1) has it, with proportional Latin letters and digits (AR PL UKai's are typewriter-like),
and keeps the body apart from the 楷体 of second-level headings (docs/operations.md).
"""

OFFICIAL_TO_FREE = {
    "方正小标宋简体": ("Noto Serif CJK SC", 700),
    "仿宋_GB2312": ("LXGW WenKai", 400),
    "黑体": ("Noto Sans CJK SC", 700),
    "楷体_GB2312": ("AR PL UKai CN", 400),
    "宋体": ("Noto Serif CJK SC", 400),
}
FALLBACK_SERIF = "Noto Serif CJK SC"
FALLBACK_SANS = "Noto Sans CJK SC"


def css_family(official: str) -> str:
    """A CSS font-family list for an official font name, free font first."""
    family, _weight = OFFICIAL_TO_FREE[official]
    return f'"{official}", "{family}", "{FALLBACK_SERIF}", serif'


def css_weight(official: str) -> int:
    return OFFICIAL_TO_FREE[official][1]
