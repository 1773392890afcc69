"""Numbers written the Indonesian way (domain §7): `8.319.719.640` and `28,98`.

Pure: the explanations of `renja.calc` and the web templates (`renja.core.templatetags.renja`) both use it,
so a figure reads the same in a tooltip, on a page and in a document.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext


def format_angka(value: Decimal | int, decimals: int | None = None) -> str:
    """`Decimal("8319719640")` → `8.319.719.640`; `Decimal("28.9800")` → `28,98`.

    With `decimals` None, trailing zeros of the fraction are dropped (a `DecimalField(decimal_places=4)` value
    of `4.0000` reads `4`); otherwise the value is rounded half up to that many decimals (`28,980`).
    Infinity and NaN are returned as Python writes them: they are never money.
    """
    number = Decimal(value)
    if not number.is_finite():
        return str(number)
    if decimals is not None:
        with localcontext() as ctx:
            # Enough precision that quantize never fails on a long number.
            ctx.prec = max(28, len(number.as_tuple().digits) + abs(decimals) + 2)
            number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = format(number.copy_abs(), "f")
    whole, _, fraction = text.partition(".")
    if decimals is None:
        fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if number < 0 and (int(whole) or fraction.strip("0")) else ""
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def format_rupiah(value: Decimal | int) -> str:
    """Whole rupiah, rounded half up: `8.319.719.640` (no `Rp` prefix: table headers say the unit)."""
    return format_angka(value, 0)
