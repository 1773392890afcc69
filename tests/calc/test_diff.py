"""The difference between two versions of a plan (pure): matching, changes, T-C.31 notes."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from renja.calc.diff import BarisData, IndikatorData, Jenis, diff_versi

N = 2024


def baris(kode: str, nama: str = "", pagu: int | None = 100, target: str | None = "4", **kw: object) -> BarisData:
    ind = IndikatorData(
        nama="Jumlah desa",
        satuan="Desa",
        target={N: None if target is None else Decimal(target)},
    )
    return BarisData(
        kode=kode,
        nama=nama or f"Baris {kode}",
        level="sub_kegiatan",
        pagu={N: None if pagu is None else Decimal(pagu)},
        indikator=(ind,),
        **kw,  # type: ignore[arg-type]
    )


def test_identical_versions_have_no_change() -> None:
    rows = [baris("2.13.04"), baris("2.13.04.2.01")]

    diff = diff_versi(rows, rows, [N])

    assert [d.jenis for d in diff.baris] == [Jenis.TETAP, Jenis.TETAP]
    assert diff.ringkasan == "0 berubah, 0 baru, 0 dihapus, 2 tetap"
    assert diff.baris[0].catatan == "tepat"


def test_changed_pagu_target_lokasi_are_named_with_indonesian_numbers() -> None:
    kiri = [baris("2.13.04", pagu=35_000_000, target="4", lokasi="Kab. Magetan")]
    kanan = [baris("2.13.04", pagu=50_000_000, target="4.5", lokasi="Kec. Maospati")]

    (d,) = diff_versi(kiri, kanan, [N]).baris

    assert d.jenis is Jenis.BERUBAH
    changes = {p.kolom: (p.sebelum, p.sesudah) for p in d.perubahan}
    assert changes["pagu 2024"] == ("35.000.000", "50.000.000")
    assert changes["target 2024 'Jumlah desa'"] == ("4", "4,5")
    assert changes["lokasi"] == ("Kab. Magetan", "Kec. Maospati")
    assert d.catatan.startswith("berubah: ")
    assert "pagu 2024 35.000.000 → 50.000.000" in d.catatan


def test_new_and_removed_rows_keep_their_place() -> None:
    kiri = [baris("A"), baris("B"), baris("C")]
    kanan = [baris("A"), baris("C"), baris("D")]

    diff = diff_versi(kiri, kanan, [N])

    assert [(d.kunci, d.jenis) for d in diff.baris] == [
        ("kode:A", Jenis.TETAP),
        ("kode:B", Jenis.DIHAPUS),
        ("kode:C", Jenis.TETAP),
        ("kode:D", Jenis.BARU),
    ]
    assert [d.catatan for d in diff.baris] == ["tepat", "dibatalkan", "tepat", "baru"]


def test_rows_without_code_match_by_level_and_name_ignoring_case_and_spaces() -> None:
    kiri = [baris("", nama="Fasilitasi  Tata Wilayah Desa")]
    kanan = [baris("", nama="fasilitasi tata wilayah desa", pagu=200)]

    (d,) = diff_versi(kiri, kanan, [N]).baris

    assert d.jenis is Jenis.BERUBAH
    assert [p.kolom for p in d.perubahan] == ["pagu 2024"]


def test_a_missing_value_is_shown_as_a_dash_not_zero() -> None:
    (d,) = diff_versi([baris("A", pagu=None)], [baris("A", pagu=0)], [N]).baris

    assert d.perubahan[0].sebelum == "—"
    assert d.perubahan[0].sesudah == "0"


def test_totals_per_side_and_level() -> None:
    diff = diff_versi([baris("A", pagu=100), baris("B", pagu=None)], [baris("A", pagu=150)], [N])

    assert diff.total_pagu("kiri", N, "sub_kegiatan") == Decimal(100)
    assert diff.total_pagu("kanan", N, "sub_kegiatan") == Decimal(150)


def test_indicator_added_removed_and_satuan_changed() -> None:
    kiri = BarisData(
        kode="A", nama="A", level="kegiatan", indikator=(IndikatorData("Lama", "Desa"), IndikatorData("X", "Desa"))
    )
    kanan = BarisData(
        kode="A", nama="A", level="kegiatan", indikator=(IndikatorData("Baru", "Desa"), IndikatorData("x", "%"))
    )

    (d,) = diff_versi([kiri], [kanan], [N]).baris

    kolom = [(p.kolom, p.sebelum, p.sesudah) for p in d.perubahan]
    assert ("indikator", "Lama", "—") in kolom
    assert ("indikator", "—", "Baru") in kolom
    assert ("satuan 'x'", "Desa", "%") in kolom


@given(
    st.lists(st.sampled_from(["A", "B", "C", "D", "E", ""]), max_size=6),
    st.lists(st.sampled_from(["A", "B", "C", "D", "E", ""]), max_size=6),
)
def test_every_row_of_both_sides_appears_exactly_once(left: list[str], right: list[str]) -> None:
    kiri = [baris(k) for k in left]
    kanan = [baris(k) for k in right]

    diff = diff_versi(kiri, kanan, [N])

    assert sum(1 for d in diff.baris if d.kiri is not None) == len(kiri)
    assert sum(1 for d in diff.baris if d.kanan is not None) == len(kanan)
