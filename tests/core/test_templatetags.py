"""The number filters: Indonesian thousands and decimal separators."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from renja.core.templatetags.renja import angka, rupiah


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("8319719640"), "8.319.719.640"),
        (8319719640, "8.319.719.640"),
        (Decimal("1500.5"), "1.501"),
        (1234.4, "1.234"),
        ("8319719640", "8.319.719.640"),
        (Decimal("-2500000"), "-2.500.000"),
        (0, "0"),
        (None, ""),
        ("", ""),
        ("#VALUE!", "#VALUE!"),
        (True, "True"),
        ([1], "[1]"),
    ],
)
def test_rupiah(value: object, expected: str) -> None:
    assert rupiah(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("28.98"), None, "28,98"),
        (Decimal("28.9800"), None, "28,98"),
        (Decimal("4.0000"), None, "4"),
        (Decimal("1234567.5"), None, "1.234.567,5"),
        (Decimal("28.98"), 1, "29,0"),
        (Decimal("28.98"), "3", "28,980"),
        (Decimal("28.98"), "x", "28,98"),
        (Decimal("28.98"), "", "28,98"),
        (" 12.5 ", None, "12,5"),
        ("414Orang", None, "414Orang"),
        (None, None, ""),
    ],
)
def test_angka(value: object, decimals: object, expected: str) -> None:
    assert angka(value, decimals) == expected


def test_filters_in_a_template() -> None:
    template = Template("{% load renja %}{{ pagu|rupiah }} | {{ target|angka }} | {{ target|angka:2 }}")

    html = template.render(Context({"pagu": Decimal("8319719640"), "target": Decimal("28.9")}))

    assert html == "8.319.719.640 | 28,9 | 28,90"
