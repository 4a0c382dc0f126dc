"""The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
31-character alphabet, the last a check character over the first 17."""

from django.core.exceptions import ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first_seventeen: str) -> str:
    """The check character (the 18th) of a code whose first 17 characters are given."""
    total = sum(
        ALPHABET.index(char) * weight for char, weight in zip(first_seventeen, WEIGHTS, strict=True)
    )
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """Raise ValidationError unless `value` is a well-formed code with a correct check character."""
    code = (value or "").strip().upper()
    if len(code) != 18 or any(char not in ALPHABET for char in code):
        raise ValidationError(
            "统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。",
            code="credit_code_format",
        )
    if credit_code_check_character(code[:17]) != code[17]:
        raise ValidationError("统一社会信用代码校验位不正确。", code="credit_code_check")
