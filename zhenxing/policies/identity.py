"""What makes two imports the same document: its 文号 written any way, or the same text.

国发〔2016〕62号, 国发[2016]62号, 国发（2016）62号 and 国发［２０１６］第62号 are one number;
a .docx and the same text pasted differ only in spaces and line breaks. Both keys are stored
on the document so that the check on import is one indexed query.
"""

import hashlib
import re
import unicodedata

# After NFKC (full-width forms become ASCII), the brackets a year is written in.
OPENING_BRACKETS = "([{〔【〖﹝"
CLOSING_BRACKETS = ")]}〕】〗﹞"
BRACKETS = str.maketrans(
    OPENING_BRACKETS + CLOSING_BRACKETS,
    "[" * len(OPENING_BRACKETS) + "]" * len(CLOSING_BRACKETS),
)
ORDINAL = re.compile(r"第(?=\d+号)")
SPACES = re.compile(r"\s+")


def document_number_key(number: str) -> str:
    """The 文号 in one spelling: half-width, one kind of bracket, no spaces, no 第 before the
    serial number. Blank for a document without a number."""
    key = unicodedata.normalize("NFKC", number or "").translate(BRACKETS)
    return ORDINAL.sub("", SPACES.sub("", key))


def text_hash(text: str) -> str:
    """SHA-256 of the text, half-width and without any white space (hex)."""
    normalised = SPACES.sub("", unicodedata.normalize("NFKC", text or ""))
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest() if normalised else ""
