"""One character in, one character out: full-width forms to half-width and traditional script
to simplified, so that every offset into the normalised text is an offset into the original."""

import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC

_TO_SIMPLIFIED = OpenCC("t2s")
# Full-width punctuation that carries meaning for sentences and lists is kept: 。，、；：
THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
_KEEP = set("。，、；：！？（）【】〔〕“”‘’《》—…")


@lru_cache(maxsize=8192)
def _character(char: str) -> str:
    if char in _KEEP or char.isascii():
        return char
    half = unicodedata.normalize("NFKC", char)
    if len(half) == 1 and half.isascii():
        return half
    if "\u3400" <= char <= "\u9fff":
        simplified = _TO_SIMPLIFIED.convert(char)
        if len(simplified) == 1:
            return simplified
    return {"\u3000": " ", "\u00a0": " ", "％": "%"}.get(char, char)


def normalise(text: str) -> str:
    """The text with the same length, character by character normalised."""
    if text.isascii():
        return text
    normalised = "".join([_character(char) for char in text])
    # ３，０００ is a thousands separator, not a pause between two numbers.
    return THOUSANDS.sub(",", normalised)
