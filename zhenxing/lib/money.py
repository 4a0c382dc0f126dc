"""Money: stored in yuan as Decimal, shown in 万元 or 亿元 as the users write it.

`format_money(Decimal("84563000000"))` → "845.63亿元"; `format_money(Decimal("123456"), "万元")`
→ "12.35万元". Parsing accepts the forms found in spreadsheets: numbers, "1,234.5", "12.3万元",
"8.5亿", full-width digits.

The amount stays in the unit chosen whatever the language; only the unit's words are
translated ("845.63 hundred million yuan" on the English pages).
"""

import decimal
import re
import unicodedata
from decimal import Decimal

from django.utils.translation import gettext_lazy

YUAN = "元"
WAN = "万元"
YI = "亿元"
UNIT_FACTORS = {YUAN: Decimal(1), WAN: Decimal(10_000), YI: Decimal(100_000_000)}
UNIT_CHOICES = [(WAN, WAN), (YI, YI), (YUAN, YUAN)]
CENT = Decimal("0.01")
# An amount with its unit, as shown on the pages (the number is formatted beforehand).
AMOUNT_IN_UNIT = {
    YUAN: gettext_lazy("%(amount)s元"),
    WAN: gettext_lazy("%(amount)s万元"),
    YI: gettext_lazy("%(amount)s亿元"),
}

# The unit alone, for a figure whose number and unit are set apart (the statistics cards).
UNIT_WORDS = {YUAN: gettext_lazy("元"), WAN: gettext_lazy("万元"), YI: gettext_lazy("亿元")}

_SUFFIX = re.compile(
    r"^(?P<number>[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)(?P<unit>亿元|万元|亿|万|元)?$"
)


def to_yuan(amount, unit: str = YUAN) -> Decimal:
    """`amount` (number or Decimal) written in `unit` as yuan, rounded to the fen."""
    factor = UNIT_FACTORS[unit]
    if isinstance(amount, float):
        amount = Decimal(repr(amount))
    return (Decimal(amount) * factor).quantize(CENT, rounding=decimal.ROUND_HALF_UP)


def parse_amount(text, unit: str = YUAN) -> Decimal | None:
    """A cell's amount in yuan: None when empty; ValueError when it is not an amount.

    A unit written in the cell ("12.3万元") wins over the column's `unit`.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValueError("不是金额")
    if isinstance(text, int | float | Decimal):
        return to_yuan(text, unit)
    cleaned = unicodedata.normalize("NFKC", str(text)).replace(",", "").replace(" ", "")
    if not cleaned or cleaned in {"-", "—", "/"}:
        return None
    match = _SUFFIX.match(cleaned)
    if not match:
        raise ValueError(f"“{text}”不是金额")
    written = match.group("unit")
    if written:
        unit = {"亿": YI, "万": WAN}.get(written, written)
    return to_yuan(Decimal(match.group("number")), unit)


def best_unit(yuan: Decimal | int | float | None) -> str:
    """亿元 from one hundred million up, otherwise 万元 (the way reports round)."""
    if yuan is None:
        return WAN
    return YI if abs(Decimal(yuan)) >= UNIT_FACTORS[YI] else WAN


def in_unit(yuan, unit: str, places: int = 2) -> Decimal | None:
    """`yuan` expressed in `unit`, rounded to `places` decimals (for tables and exports)."""
    if yuan is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(yuan) / UNIT_FACTORS[unit]).quantize(quantum, rounding=decimal.ROUND_HALF_UP)


def format_money(yuan, unit: str | None = None, places: int = 2) -> str:
    """ "845.63亿元", "12.35万元", with thousands separators; "—" for None."""
    if yuan is None:
        return "—"
    unit = unit or best_unit(yuan)
    return AMOUNT_IN_UNIT[unit] % {"amount": f"{in_unit(yuan, unit, places):,.{places}f}"}


def money_parts(yuan, unit: str | None = None, places: int = 2) -> tuple[str, str]:
    """("1,649.81", "亿元"): the formatted number and the unit's words, for a figure that sets
    the unit in smaller type; ("—", "") for None."""
    if yuan is None:
        return "—", ""
    unit = unit or best_unit(yuan)
    return f"{in_unit(yuan, unit, places):,.{places}f}", str(UNIT_WORDS[unit])
