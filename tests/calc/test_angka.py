from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renja.calc.angka import format_angka, format_rupiah


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("8319719640"), None, "8.319.719.640"),
        (8319719640, None, "8.319.719.640"),
        (Decimal("28.98"), None, "28,98"),
        (Decimal("28.9800"), None, "28,98"),
        (Decimal("4.0000"), None, "4"),
        (Decimal("0"), None, "0"),
        (Decimal("999"), None, "999"),
        (Decimal("1000"), None, "1.000"),
        (Decimal("-1500000"), None, "-1.500.000"),
        (Decimal("-0.5"), None, "-0,5"),
        (Decimal("-0.0000"), None, "0"),
        (Decimal("1E+3"), None, "1.000"),
        (Decimal("0.0000001"), None, "0,0000001"),
        (Decimal("28.98"), 3, "28,980"),
        (Decimal("28.985"), 2, "28,99"),
        (Decimal("1234.5"), 0, "1.235"),
        (Decimal("-0.4"), 0, "0"),
        (Decimal("123456789012345678901234567890.5"), 0, "123.456.789.012.345.678.901.234.567.891"),
        (Decimal("Infinity"), None, "Infinity"),
        (Decimal("NaN"), 2, "NaN"),
    ],
)
def test_format_angka(value: Decimal | int, decimals: int | None, expected: str) -> None:
    assert format_angka(value, decimals) == expected


def test_format_rupiah_rounds_to_whole_rupiah() -> None:
    assert format_rupiah(Decimal("8319719640.50")) == "8.319.719.641"
    assert format_rupiah(Decimal("8319719640")) == "8.319.719.640"


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4))
def test_format_angka_reads_back(value: Decimal) -> None:
    # given any finite number, when formatted, then removing the Indonesian separators gives the number back
    text = format_angka(value)
    assert Decimal(text.replace(".", "").replace(",", ".")) == value
