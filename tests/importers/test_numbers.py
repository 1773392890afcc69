"""`renja.importers.numbers`: numbers as real Renja documents write them (pure, no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renja.importers.numbers import (
    ANGKA_TERPOTONG,
    ANGKA_TIDAK_TERBACA,
    ERROR_SPREADSHEET,
    NILAI_GANDA,
    RUPIAH_PECAHAN,
    finding_for,
    is_multi,
    parse_multi,
    parse_number,
)
from renja.importers.parse.model import Loc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8.319.719.640", "8319719640"),
        ("8,319,719,640", "8319719640"),
        ("28,98", "28.98"),
        ("28.98", "28.98"),
        ("39,8", "39.8"),
        ("1.234.567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("1.500", "1500"),  # one separator + exactly 3 digits = thousands
        ("35,000", "35000"),
        ("0,500", "0.500"),  # a lone 0 before the separator: a decimal
        ("1234.567", "1234.567"),  # more than 3 digits before it: not a thousands group
        ("184,00", "184.00"),
        ("2295", "2295"),
        ("0", "0"),
        ("-5", "-5"),
    ],
)
def test_indonesian_and_english_separators(text: str, expected: str) -> None:
    r = parse_number(text)
    assert r.value == Decimal(expected)
    assert r.problem == "" and r.raw == text and r.unit == ""


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("5 dokumen", "5", "dokumen"),
        ("414Orang", "414", "Orang"),
        ("100%", "100", "%"),
        ("100 %", "100", "%"),
        ("0%", "0", "%"),
        ("79 skor", "79", "skor"),
        ("12 Bulan", "12", "Bulan"),
        ("2.314 Orang", "2314", "Orang"),
    ],
)
def test_unit_is_split_off(text: str, value: str, unit: str) -> None:
    r = parse_number(text)
    assert (r.value, r.unit, r.problem, r.raw) == (Decimal(value), unit, "", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("500,000,00 0", "500000000"),
        ("10,481,191 ,604", "10481191604"),
        ("8,319,719, 640", "8319719640"),
        ("550.000.00 0", "550000000"),
    ],
)
def test_digits_broken_inside_a_thousands_pattern_are_rejoined_and_flagged(text: str, expected: str) -> None:
    r = parse_number(text, money=True)
    assert r.value == Decimal(expected)
    assert r.problem == ANGKA_TERPOTONG and r.severity == "info"
    assert r.raw == text


@pytest.mark.parametrize("text", ["1 2", "28, 9", "12 34 56"])
def test_spaces_outside_a_thousands_pattern_are_not_guessed(text: str) -> None:
    r = parse_number(text)
    assert r.value is None and r.problem == ANGKA_TIDAK_TERBACA


@pytest.mark.parametrize("text", ["", "-", " - ", "\u2013", "   "])
def test_empty_and_dash_are_kosong_without_a_problem(text: str) -> None:
    r = parse_number(text)
    assert r.value is None and r.problem == "" and r.kosong
    assert finding_for(r, Loc(line=1)) is None


@pytest.mark.parametrize("text", ["#VALUE!", "#DIV/0!", "#REF!", "#N/A", " #div/0! "])
def test_spreadsheet_errors_are_reported(text: str) -> None:
    r = parse_number(text)
    assert r.value is None and r.problem == ERROR_SPREADSHEET and r.severity == "error"
    assert not r.kosong


@pytest.mark.parametrize("text", ["abc", "1.2.3", "2019-2023", "12,34,56", "Rp", "5 ,"])
def test_unparseable_text_is_reported(text: str) -> None:
    r = parse_number(text)
    assert r.value is None and r.problem == ANGKA_TIDAK_TERBACA and r.severity == "error"


def test_money_must_be_whole_rupiah() -> None:
    assert parse_number("Rp 9.999.909.390,-", money=True).value == Decimal("9999909390")
    assert parse_number("1.234.567,00", money=True).value == Decimal("1234567")
    r = parse_number("1.234.567,50", money=True)
    assert r.value is None and r.problem == RUPIAH_PECAHAN
    r = parse_number("28,98", money=True)
    assert r.value is None and r.problem == RUPIAH_PECAHAN
    value = parse_number("8.319.719.640", money=True).value
    assert value is not None and value.as_tuple().exponent == 0


def test_multi_valued_cells_are_several_values_never_a_sum() -> None:
    assert is_multi("184,00 ; 180,00") and is_multi("26:178") and not is_multi("184,00")
    single = parse_number("184,00 ; 180,00")
    assert single.value is None and single.problem == NILAI_GANDA
    assert [r.value for r in parse_multi("184,00 ; 180,00")] == [Decimal("184.00"), Decimal("180.00")]
    assert [r.value for r in parse_multi("26:178")] == [Decimal("26"), Decimal("178")]
    assert [r.value for r in parse_multi("0:0")] == [Decimal("0"), Decimal("0")]
    assert [r.raw for r in parse_multi("26:178")] == ["26", "178"]
    assert [r.value for r in parse_multi("207")] == [Decimal("207")]
    assert [r.problem for r in parse_multi("#VALUE!")] == [ERROR_SPREADSHEET]


def test_findings_say_what_where_and_what_to_do_in_bahasa_indonesia() -> None:
    loc = Loc(line=700, table="Tabel 4.1", row=69, column="Pagu 2024")
    f = finding_for(parse_number("500,000,00 0", money=True), loc, konteks="'Fasilitasi Tim Penggerak PKK'")
    assert f is not None
    assert (f.kode, f.severity, f.loc, f.teks) == (ANGKA_TERPOTONG, "info", loc, "500,000,00 0")
    assert "Tabel 4.1, baris dokumen 700, baris tabel 69, kolom Pagu 2024" in f.pesan
    assert "500.000.000" in f.pesan and "terpotong" in f.pesan and f.saran
    for text, kode in (("#DIV/0!", ERROR_SPREADSHEET), ("abc", ANGKA_TIDAK_TERBACA), ("1;2", NILAI_GANDA)):
        g = finding_for(parse_number(text), loc)
        assert g is not None and g.kode == kode and g.saran and "baris dokumen 700" in g.pesan
    h = finding_for(parse_number("12,5", money=True), loc)
    assert h is not None and h.kode == RUPIAH_PECAHAN and "bilangan bulat" in h.pesan


# ------------------------------------------------------------------------------------------ properties


@given(st.text(), st.booleans())
def test_parse_number_never_raises(text: str, money: bool) -> None:
    r = parse_number(text, money=money)
    assert r.raw == text
    assert (r.value is None) or (r.problem in {"", ANGKA_TERPOTONG})
    if money and r.value is not None:
        assert r.value == r.value.to_integral_value()


@given(st.text(alphabet="0123456789.,;: -%#!/ARVLUEpr\t", max_size=40), st.booleans())
def test_parse_number_never_raises_on_number_like_text(text: str, money: bool) -> None:
    parse_number(text, money=money)
    results = parse_multi(text, money=money)
    assert len(results) >= 1


@given(st.integers(min_value=0, max_value=10**15), st.booleans())
def test_thousands_formats_round_trip(n: int, money: bool) -> None:
    english = f"{n:,}"
    indonesian = english.replace(",", ".")
    assert parse_number(english, money=money).value == n
    assert parse_number(indonesian, money=money).value == n
    assert parse_number(f"Rp {indonesian},-", money=True).value == n


@given(st.integers(min_value=1000, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_decimals_with_thousands_round_trip(whole: int, cents: int) -> None:
    expected = Decimal(f"{whole}.{cents:02d}")
    assert parse_number(f"{whole:,}.{cents:02d}").value == expected
    assert parse_number(f"{whole:,}".replace(",", ".") + f",{cents:02d}").value == expected


@given(st.integers(min_value=1000, max_value=10**12), st.data())
def test_a_thousands_number_broken_by_one_space_is_rejoined(n: int, data: st.DataObject) -> None:
    text = f"{n:,}"
    cut = data.draw(st.integers(min_value=1, max_value=len(text) - 1))
    broken = text[:cut] + " " + text[cut:]
    r = parse_number(broken, money=True)
    assert r.value == n and r.problem == ANGKA_TERPOTONG


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=2, max_size=5), st.sampled_from([";", ":"]))
def test_parse_multi_gives_one_value_per_part(values: list[int], sep: str) -> None:
    text = f" {sep} ".join(f"{v:,}".replace(",", ".") for v in values)
    assert [r.value for r in parse_multi(text)] == values
