"""Formulir E.81 computed from stored values (renja.calc.e81): quarters, anggaran roll-up, Renstra columns, footer."""

from __future__ import annotations

from decimal import Decimal

import pytest

from renja.calc import evaluasi as ev
from renja.calc.e81 import (
    E81BarisIn,
    E81CatatanIn,
    E81In,
    E81IndikatorIn,
    E81Table,
    RenstraBarisIn,
    RenstraIndikatorIn,
    compute_e81,
    judul_kolom,
    kunci_nama,
    pasangkan,
)
from renja.calc.evaluasi import AntarTahun, Arah, DalamTahun, Nilai, RumusTurun, Sifat

D = Decimal
PERSEN = Sifat(Arah.NAIK, DalamTahun.NILAI_AKHIR, AntarTahun.NILAI_AKHIR, persen=True)
JUMLAH = Sifat()


def q(**values: str) -> dict[int, Nilai]:
    return {int(k[2:]): Nilai(D(v), v) for k, v in values.items()}


def build(triwulan: int = 2, rumus: RumusTurun = RumusTurun.T_PER_R, ada_renstra: bool = True) -> E81Table:
    """program 1 (outcome %) > kegiatan 2 (no indicator) > sub 3 (count) + sub 4 (count, turun)."""
    program = E81BarisIn(
        id=1,
        parent_id=None,
        level="program",
        kode="2.13.04",
        uraian="Program Administrasi Pemerintahan Desa",
        indikator=(
            E81IndikatorIn(
                id=11,
                nama="Persentase desa dengan administrasi baik",
                satuan="%",
                sifat=PERSEN,
                target=Nilai(D(80)),
                triwulan=q(tw1="70", tw2="76"),
                renstra=RenstraIndikatorIn(
                    target_akhir=Nilai(D(90)), tahunan={2023: D(70)}, kumulatif={}, cocok="kode baris dan nama"
                ),
            ),
        ),
        pagu=Nilai(D(1_000_000)),
        renstra=RenstraBarisIn(
            pagu={y: D(1_000_000) for y in range(2019, 2024)}, anggaran_kumulatif={2023: D(4_500_000)}
        ),
    )
    kegiatan = E81BarisIn(
        id=2, parent_id=1, level="kegiatan", kode="2.13.04.2.01", uraian="Pembinaan", pagu=Nilai(D(1_000_000))
    )
    sub_a = E81BarisIn(
        id=3,
        parent_id=2,
        level="sub_kegiatan",
        kode="2.13.04.2.01.0001",
        uraian="Fasilitasi A",
        indikator=(
            E81IndikatorIn(
                id=31,
                nama="Jumlah dokumen",
                satuan="Dokumen",
                sifat=JUMLAH,
                target=Nilai(D(4)),
                triwulan=q(tw1="1", tw2="1", tw3="1"),
                catatan={2: "rapat desa"},
                renstra=RenstraIndikatorIn(
                    target_akhir=Nilai(D(12)), tahunan={2022: D(4), 2023: D(3)}, kumulatif={2021: D(4)}
                ),
            ),
        ),
        pagu=Nilai(D(600_000)),
        anggaran={1: D(100_000), 2: D(200_000)},
        catatan_anggaran={2: "bukti: SP2D 12"},
        unit="Bidang Pemerintahan Desa",
    )
    sub_b = E81BarisIn(
        id=4,
        parent_id=2,
        level="sub_kegiatan",
        kode="2.13.04.2.01.0002",
        uraian="Fasilitasi B",
        indikator=(
            E81IndikatorIn(
                id=41,
                nama="Jumlah desa bermasalah",
                satuan="Desa",
                sifat=Sifat(Arah.TURUN),
                target=Nilai(D(10)),
                triwulan=q(tw1="3", tw2="5"),
            ),
            E81IndikatorIn(
                id=42, nama="Jumlah laporan", satuan="Laporan", sifat=JUMLAH, target=Nilai(D(4)), triwulan={}
            ),
        ),
        pagu=Nilai(D(400_000)),
        anggaran={1: D(50_000), 2: D(150_000)},
    )
    return compute_e81(
        E81In(
            tahun=2024,
            triwulan=triwulan,
            rumus_turun=rumus,
            baris=(program, kegiatan, sub_a, sub_b),
            renstra_mulai=2019 if ada_renstra else None,
            renstra_akhir=2023 if ada_renstra else None,
            unit_default="DPMD",
            catatan=E81CatatanIn(faktor_pendorong="Dukungan desa", tindak_lanjut_renja="Naikkan target"),
            ada_renstra=ada_renstra,
        )
    )


def line(t: E81Table, indikator_id: int | None = None, row_id: int | None = None):  # type: ignore[no-untyped-def]
    for row in t.rows:
        if (indikator_id is not None and row.indikator_id == indikator_id) or (
            row_id is not None and row.row_id == row_id and row.baris_pertama
        ):
            return row
    raise AssertionError("no such line")


def test_columns_of_a_count_indicator_up_to_tw_ii() -> None:
    t = build(triwulan=2)
    r = line(t, 31)
    assert [r.kolom[k].value for k in (5, 6, 7, 8, 9, 10, 11)] == [D(12), D(11), D(4), D(1), D(1), None, None]
    assert r.kolom[6].rumus == "realisasi kumulatif s.d. 2021 + realisasi 2022 + realisasi 2023"
    assert r.kolom[10].penjelasan.startswith("Triwulan III di luar periode")
    assert (r.kolom[12].value, r.kolom[13].value) == (D(2), D("50.00"))
    assert (r.kolom[14].value, r.kolom[15].value) == (D(13), D("108.33"))
    assert r.predikat == {"13K": "SR", "15K": "ST", "13Rp": "SR"}
    assert r.keterangan == "rapat desa; bukti: SP2D 12"
    assert r.unit == "Bidang Pemerintahan Desa"


def test_a_percentage_takes_the_last_quarter_and_the_renstra_level() -> None:
    r = line(build(triwulan=2), 11)
    assert (r.kolom[12].value, r.kolom[13].value) == (D(76), D("95.00"))
    assert r.kolom[6].value == D(70)  # a level: last year's value, not a sum
    assert (r.kolom[14].value, r.kolom[15].value) == (D(76), D("84.44"))  # 14 = 12 for a level
    assert (
        r.kolom[5].penjelasan
        == "Target akhir periode Renstra (2023); padanan: kode baris dan nama = 90 (data tersimpan)"
    )
    assert r.unit == "DPMD"


def test_anggaran_rolls_up_from_the_sub_kegiatan() -> None:
    t = build(triwulan=2)
    program, kegiatan, sub_a = line(t, row_id=1), line(t, row_id=2), line(t, 31)
    assert [sub_a.kolom_rp[k].value for k in (8, 9, 12)] == [D(100_000), D(200_000), D(300_000)]
    assert [kegiatan.kolom_rp[k].value for k in (8, 9, 12, 13)] == [D(150_000), D(350_000), D(500_000), D("50.00")]
    assert program.kolom_rp[12].value == D(500_000)
    assert (kegiatan.punya_rincian, sub_a.punya_rincian) == (True, False)
    assert program.kolom_rp[5].value == D(5_000_000)
    assert program.kolom_rp[6].value == D(4_500_000)
    assert (program.kolom_rp[14].value, program.kolom_rp[15].value) == (D(5_000_000), D("100.00"))
    assert kegiatan.kolom_rp[5].value is None  # no Renstra row for the kegiatan
    assert "Tidak ada baris Renstra berkode 2.13.04.2.01" in kegiatan.kolom_rp[5].penjelasan
    assert kegiatan.indikator == "" and kegiatan.kolom[13].value is None


def test_turun_indicator_in_e81_and_an_indicator_without_entries() -> None:
    a = build(triwulan=2, rumus=RumusTurun.T_PER_R)
    b = build(triwulan=2, rumus=RumusTurun.DUA_T_KURANG_R)
    assert line(a, 41).kolom[12].value == D(8)
    assert line(a, 41).kolom[13].value == D("125.00")  # 10 / 8
    assert line(b, 41).kolom[13].value == D("120.00")  # (20 − 8) / 10
    empty = line(a, 42)
    assert empty.kolom[12].value is None and empty.kolom[12].temuan[0].tingkat is ev.Tingkat.INFO
    assert "Renstra padanannya tidak ditemukan" in empty.kolom[5].penjelasan
    assert [t.kode for t in empty.kolom[5].temuan] == [ev.RENSTRA_TIDAK_COCOK]
    assert empty.baris_pertama is False and empty.nomor == line(a, 41).nomor == 4


def test_footer_averages_kinerja_and_anggaran_separately() -> None:
    t = build(triwulan=2)
    f = t.footer
    # 13K: 95 (program), 50 (sub A), 125 (turun, sub B) → 90; 42 has none
    assert f.rata_kinerja.value == D("90.00")
    assert f.rata_kinerja.predikat is not None and f.rata_kinerja.predikat.kode == "T"
    # 13Rp per row: program 500.000 / 1.000.000, kegiatan 50 %, sub A 300.000 / 600.000, sub B 200.000 / 400.000
    assert f.rata_anggaran.value == D("50.00")
    assert f.rata_anggaran.predikat is not None and f.rata_anggaran.predikat.kode == "SR"
    assert f.rata_anggaran.value != f.rata_kinerja.value  # not the kinerja average reused
    assert "1 dari 4 baris" in f.rata_kinerja.temuan[0].pesan
    assert f.rata_kinerja_renstra.value == D("96.39")  # (84.44 + 108.33) / 2
    assert f.rata_anggaran_renstra.value == D("100.00")
    assert (f.faktor_pendorong, f.faktor_penghambat, f.tindak_lanjut_renja) == ("Dukungan desa", "", "Naikkan target")
    assert t.jumlah_temuan["peringatan"] >= 0 and t.temuan == ()


def test_later_quarters_count_once_entered() -> None:
    t = build(triwulan=3)
    r = line(t, 31)
    assert (r.kolom[12].value, r.kolom[13].value) == (D(3), D("75.00"))
    # sub A has no anggaran for TW III: the kegiatan cannot sum it
    keg = line(t, row_id=2)
    assert keg.kolom_rp[10].value is None
    assert [x.kode for x in keg.kolom_rp[10].temuan] == [ev.RINCIAN_KOSONG]
    assert line(t, 11).kolom[12].temuan[0].pesan.startswith("Nilai akhir diambil dari (9) TW II")


def test_without_a_renstra_the_table_says_so() -> None:
    t = build(ada_renstra=False)
    assert [x.kode for x in t.temuan] == [ev.TANPA_RENSTRA]
    r = line(t, 42)
    assert r.kolom[5].temuan == ()
    assert r.kolom[5].penjelasan == "Renja ini belum terhubung ke Renstra: belum ada data"
    prog = line(t, row_id=1)
    assert prog.kolom_rp[5].value is None  # without a Renstra period there are no years to sum
    assert t.tahun_akhir_renstra is None
    bare = compute_e81(
        E81In(
            tahun=2024,
            triwulan=1,
            rumus_turun=RumusTurun.T_PER_R,
            baris=(E81BarisIn(id=1, parent_id=None, level="program", kode="", uraian="X"),),
            ada_renstra=False,
        )
    )
    assert bare.rows[0].kolom_rp[5].penjelasan.endswith("Aturan: Renja ini belum terhubung ke Renstra.")
    assert bare.rows[0].unit == ""


def test_rows_with_the_renstra_period_unknown_sum_no_years() -> None:
    t = compute_e81(
        E81In(
            tahun=2024,
            triwulan=1,
            rumus_turun=RumusTurun.T_PER_R,
            baris=(
                E81BarisIn(id=1, parent_id=None, level="program", kode="2.13.04", uraian="X", renstra=RenstraBarisIn()),
            ),
        )
    )
    assert t.rows[0].kolom_rp[5].value is None
    assert t.rows[0].kolom_rp[6].value is None


def test_quarter_must_be_one_to_four_and_headers_name_the_years() -> None:
    with pytest.raises(ValueError, match="1–4"):
        compute_e81(E81In(tahun=2024, triwulan=5, rumus_turun=RumusTurun.T_PER_R, baris=()))
    judul = judul_kolom(2024, 2023)
    assert judul[5] == "Target Renstra PD pada Tahun 2023 (Akhir Periode Renstra PD)"
    assert judul[6].endswith("(2023)") and judul[14].endswith("s/d Tahun 2024")
    assert judul_kolom(2024, None)[5].startswith("Target Renstra PD pada Tahun …")
    assert build().rumus_turun_teks == "T/R × 100"


def test_pairing_renja_indicators_with_the_renstra() -> None:
    assert kunci_nama("  Jumlah  Dokumen, yang disusun. ") == "jumlah dokumen yang disusun"
    assert pasangkan(["Jumlah Dokumen"], ["jumlah dokumen"]) == [(0, "kode baris dan nama indikator sama")]
    assert pasangkan(["A"], ["B"]) == [(0, "kode baris sama; satu-satunya indikator (nama berbeda)")]
    assert pasangkan(["A", "B"], ["b", "c"]) == [(None, ""), (0, "kode baris dan nama indikator sama")]
    assert pasangkan(["A"], []) == [(None, "")]
    assert pasangkan([""], ["", "x"]) == [(None, "")]
