from decimal import Decimal

import pytest
from django.utils import translation

from zhenxing.lib.money import best_unit, format_money, in_unit, parse_amount, to_yuan


def test_yuan_from_wan_and_yi():
    assert to_yuan(12345.67, "万元") == Decimal("123456700.00")
    assert to_yuan(Decimal("845.63"), "亿元") == Decimal("84563000000.00")
    assert to_yuan(0.1, "元") == Decimal("0.10")


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("1,234.5", "万元", Decimal("12345000.00")),
        ("12.3万元", "亿元", Decimal("123000.00")),
        ("8.5亿", "万元", Decimal("850000000.00")),
        ("１２３", "元", Decimal("123.00")),
        (" 5000 ", "万元", Decimal("50000000.00")),
        ("", "万元", None),
        ("—", "万元", None),
        (None, "万元", None),
        (42, "万元", Decimal("420000.00")),
    ],
)
def test_parse_amount(text, unit, expected):
    assert parse_amount(text, unit) == expected


@pytest.mark.parametrize("text", ["约一千万", "12..3", "abc", True])
def test_parse_amount_refuses_text(text):
    with pytest.raises(ValueError):
        parse_amount(text, "万元")


def test_display_in_wan_and_yi():
    # Seed 001: 224 projects and 84.563 billion yuan signed at one fair.
    assert format_money(Decimal("84563000000")) == "845.63亿元"
    assert format_money(Decimal("123456")) == "12.35万元"
    assert format_money(Decimal("123456"), "亿元") == "0.00亿元"
    assert format_money(None) == "—"
    assert best_unit(Decimal("99999999")) == "万元"
    assert best_unit(Decimal("100000000")) == "亿元"
    assert in_unit(Decimal("12345678"), "万元") == Decimal("1234.57")
    assert format_money(Decimal("1234567890123")) == "12,345.68亿元"


def test_in_english_the_unit_words_are_translated_and_the_amount_is_not():
    with translation.override("en"):
        assert format_money(Decimal("84563000000")) == "845.63 hundred million yuan"
        assert format_money(Decimal("123456")) == "12.35 ten thousand yuan"
        assert format_money(Decimal("1234.5"), "元") == "1,234.50 yuan"
        assert format_money(None) == "—"
    assert format_money(Decimal("84563000000")) == "845.63亿元"
