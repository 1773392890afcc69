"""Chart geometry (pure): widths in % of the scale, missing values stay missing."""

from __future__ import annotations

from decimal import Decimal

from renja.calc.grafik import Masukan, grafik_batang


def test_bars_are_scaled_against_the_largest_value_or_marker() -> None:
    g = grafik_batang(
        "Pagu",
        ["n", "n+1"],
        [Masukan("A", (Decimal(50), Decimal(100))), Masukan("B", (Decimal(25), None), penanda=Decimal(200))],
        satuan="Rp",
    )

    assert g.skala == Decimal(200)
    a, b = g.baris
    assert [x.lebar for x in a.batang] == [Decimal("25.0"), Decimal("50.0")]
    assert b.batang[1].kosong and b.batang[1].teks == "kosong" and b.batang[1].lebar == 0
    assert b.penanda == Decimal("100.0")
    assert a.batang[1].teks == "100"


def test_a_fixed_scale_clips_values_above_it_and_keeps_their_text() -> None:
    g = grafik_batang(
        "Capaian", ["%"], [Masukan("A", (Decimal("123.456"),), kelas=("pred-st",))], satuan="%", skala=Decimal(100)
    )

    (bar,) = g.baris[0].batang
    assert bar.lebar == Decimal("100.0")
    assert bar.teks == "123,46 %"
    assert bar.kelas == "pred-st"


def test_an_empty_chart_says_so() -> None:
    g = grafik_batang("Usulan", ["n"], [Masukan("A", (None,))])

    assert g.kosong
    assert g.skala == 0
