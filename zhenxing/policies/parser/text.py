"""Text clean-up for real copies: spaces inside words, site noise, traditional script.

Every function keeps the characters of the document as written, except white space that
PDF extraction or web pages put inside words.
"""

import functools
import re
import unicodedata
from importlib import resources

# CJK ideographs, CJK and full-width punctuation, and the circled/parenthesised numbers.
_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3100-\u31ef\u3200-\u32ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2460-\u24ff\u2010-\u2027\u2030-\u205e"
)
_SPACES = "[ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}]){_SPACES}|{_SPACES}(?=[{_CJK}])")
_SPACE_RUN = re.compile(_SPACES)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200c-\u200f\u2028\u2029]")


# The pinyin some hosts put in brackets after characters (`規(guī)劃`, `責(zé)任單位`): one syllable,
# with its tone mark, right after a Chinese character.
_INSERTED_PINYIN = re.compile(
    r"(?<=[\u3400-\u4dbf\u4e00-\u9fff])[(（]"
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,3}(?:ng|n|r)?"
    r"[)）]"
)
_TONE_MARK = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")


def drop_inserted_pinyin(line: str) -> str:
    """`國(guó)土空間規(guī)劃` → `國土空間規劃`, where a line carries pinyin with tone marks."""
    if not _TONE_MARK.search(line):
        return line
    return _INSERTED_PINYIN.sub(lambda match: "" if _TONE_MARK.search(match[0]) else match[0], line)


def clean_line(line: str) -> str:
    """Drop white space next to Chinese characters; collapse it elsewhere (Latin words keep one);
    drop the pinyin a host inserted after characters."""
    line = drop_inserted_pinyin(_CONTROL.sub("", line))
    line = _SPACE_NEAR_CJK.sub("", line)
    return _SPACE_RUN.sub(" ", line).strip()


def half_width(text: str) -> str:
    """Full-width ASCII forms to half-width (（一）→ (一), １． → 1.), for markers and matching."""
    return unicodedata.normalize("NFKC", text)


@functools.cache
def traditional_table() -> dict[int, str]:
    """Traditional → simplified, one character for one (OpenCC's TSCharacters), so offsets hold."""
    import opencc

    path = resources.files(opencc).joinpath("dictionary", "TSCharacters.txt")
    table = {}
    for row in path.read_text("utf-8").splitlines():
        source, _, targets = row.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            table[ord(source)] = target
    return table


def to_simplified(text: str) -> str:
    """The same text in simplified characters, character for character (same length)."""
    return text.translate(traditional_table())


def matching_form(text: str) -> str:
    """The form used for matching keywords and names: simplified, half-width, no spaces."""
    return "".join(half_width(to_simplified(text)).split())


# Lines that web pages put around a document: navigation, sharing, print, page furniture.
NOISE_LINE = re.compile(
    r"^(?:首页|网站首页|当前位置|您(?:现在)?的位置|位置[:：]|作者[:：]|浏览(?:次数|量)|点击(?:数|量|率)|"
    r"阅读(?:次数|量)|字号|【?字体|打印(?:本页|此页)?|【打印】|\[打印\]|关闭(?:窗口|本页)?|【关闭】|"
    r"\[关闭\]|分享到|分享|扫一扫|用手机扫|责任编辑|编辑[:：]|校对[:：]|审核[:：]|【?我要纠错|纠错|"
    r"相关(?:链接|文件|稿件|新闻|阅读|解读)|附件下载|上一篇|下一篇|版权所有|copyright|网站标识码|"
    r".*icp备|.*公网安备|主办单位|承办单位|联系我们|网站地图|政务微博|微信公众号|收藏|返回顶部|"
    r"登录|注册|无障碍|长者模式|English|繁体|简体|【?大\s*中\s*小|t?top|\d+\s*/\s*\d+$|第\s*\d+\s*页|"
    # A pasted PDF's page number: — 3 —, - 3 -, — — — 3 —.
    r"[-—–－]+\s*\d{1,4}\s*[-—–－]+$)",
    re.IGNORECASE,
)


# A pasted PDF's page number: — 3 —, - 3 -, — — — 3 —, －３－.
PAGE_NUMBER = re.compile(r"^\s*[-—–－][-—–－\s]*[\d０-９]{1,4}\s*[-—–－]+\s*$")


def is_noise(line: str) -> bool:
    """A short line of site furniture rather than document text."""
    return len(line) <= 60 and bool(NOISE_LINE.match(line))
