"""Template filters for numbers written the Indonesian way: `{% load renja %}`.

- `{{ pagu|rupiah }}` → `8.319.719.640` (whole rupiah, rounded half up)
- `{{ target|angka }}` → `28,98` (trailing zeros dropped); `{{ x|angka:2 }}` → `28,98` with exactly 2 decimals

An empty value (None, "") gives "" so a template can write `|default:"—"`; a text that is not a number (the raw
text of a cell, e.g. `#VALUE!`) is returned unchanged: the filters never hide what a document said.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from renja.calc.angka import format_angka, format_rupiah

register = template.Library()


def _as_decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return None
    return None


def _passthrough(value: object) -> str:
    return "" if value is None else str(value)


@register.filter
def rupiah(value: object) -> str:
    number = _as_decimal(value)
    return _passthrough(value) if number is None else format_rupiah(number)


@register.filter
def angka(value: object, decimals: object = None) -> str:
    number = _as_decimal(value)
    if number is None:
        return _passthrough(value)
    places: int | None
    try:
        places = None if decimals in (None, "") else int(str(decimals))
    except ValueError:
        places = None
    return format_angka(number, places)
