"""The plan against the agency's ceiling (pure)."""

from __future__ import annotations

from decimal import Decimal

from renja.calc.plafon import StatusPlafon, cek_plafon


def test_without_a_ceiling_nothing_is_exceeded() -> None:
    cek = cek_plafon(plafon=None, level_totals={"program": Decimal(10)}, tahun=2024)

    assert cek.status is StatusPlafon.TANPA_PLAFON
    assert not cek.melebihi
    assert cek.persen is None
    assert "belum ditetapkan" in cek.penjelasan


def test_the_largest_level_total_is_compared_and_named() -> None:
    cek = cek_plafon(
        plafon=Decimal(8_000_000_000),
        level_totals={"sub_kegiatan": Decimal(8_319_719_640), "program": Decimal(7_000_000_000)},
        tahun=2024,
        blokir=True,
    )

    assert cek.melebihi and cek.blokir
    assert cek.level == "sub_kegiatan"
    assert cek.selisih == Decimal(319_719_640)
    assert cek.persen == Decimal("104.0")
    assert "melebihi plafon sebesar 319.719.640" in cek.penjelasan
    assert "Σ per tingkat: program 7.000.000.000, sub kegiatan 8.319.719.640" in cek.penjelasan


def test_within_the_ceiling_states_what_is_left() -> None:
    cek = cek_plafon(plafon=Decimal(100), level_totals={"program": Decimal(60)}, tahun=2025)

    assert cek.status is StatusPlafon.DALAM_PLAFON
    assert cek.penjelasan.endswith("sisa plafon 40")


def test_an_empty_plan_and_a_zero_ceiling() -> None:
    cek = cek_plafon(plafon=Decimal(0), level_totals={}, tahun=2024)

    assert not cek.melebihi
    assert cek.persen is None
    assert "belum ada pagu" in cek.penjelasan
