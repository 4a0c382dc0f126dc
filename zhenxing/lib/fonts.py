"""Official font names and the free fonts that stand in for them when rendering PDF and charts.

Word files keep the official names (a reader's Word uses them when installed). PDF and chart
rendering use the free fonts from Debian's fonts-noto-cjk and fonts-arphic-ukai:

| official (GB/T 9704) | used for | free font in PDF |
|---|---|---|
| 方正小标宋简体 (小标宋) | title | Noto Serif CJK SC, bold |
| 仿宋_GB2312 | body | Noto Serif CJK SC, regular |
| 黑体 | first-level headings, table heads | Noto Sans CJK SC, bold |
| 楷体_GB2312 | second-level headings | AR PL UKai CN (then Noto Serif CJK SC) |
| 宋体 | page numbers | Noto Serif CJK SC |
"""

OFFICIAL_TO_FREE = {
    "方正小标宋简体": ("Noto Serif CJK SC", 700),
    "仿宋_GB2312": ("Noto Serif CJK SC", 400),
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
