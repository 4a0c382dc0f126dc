"""The text of uploaded bytes in the encodings Chinese documents arrive in: UTF-8 (with or
without a byte-order mark), UTF-16 with one, GB18030 (and its subsets GBK, GB2312) and Big5
(as Windows and Hong Kong write it: cp950, Big5-HKSCS).

Big5 bytes are nearly always valid GB18030 as well and read as nonsense (國務院 becomes 瓣叭皘),
so trying the encodings in turn is not enough: charset-normalizer weighs which of the two reads
as language. A charset the file declares (an HTML page's meta tag) is followed when the bytes
bear it out.
"""

import codecs
import re

from charset_normalizer import from_bytes

# Declared names to the codec that reads every file so declared (the superset).
SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "gb18030": "gb18030",
    "big5": "cp950",
    "x-x-big5": "cp950",
    "cp950": "cp950",
    "big5-hkscs": "big5hkscs",
    "big5hkscs": "big5hkscs",
}
CHINESE_CODECS = ["gb18030", "cp950", "big5hkscs"]
SHORT_BYTES = 64
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str:
    """The charset an HTML page declares in its first 4 KB (`<meta charset>` or http-equiv)."""
    found = META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii").lower() if found else ""


def decode_bytes(data: bytes, declared: str = "") -> str | None:
    """`data` as text, or None when no encoding reads it (see the module docstring)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    codec = SUPERSETS.get(declared.strip().lower())
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    if len(data) < SHORT_BYTES:
        # Too few characters to weigh (国务院 reads as Big5 too): GB18030, the mainland's.
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            pass
    best = from_bytes(data, cp_isolation=CHINESE_CODECS).best()
    return str(best) if best is not None else None
