"""`parse_renja_text` on the real DPMD Magetan 2024 Renja and on small made-up documents (pure, no database)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renja.importers.parse.model import (
    EvaluasiRowIn,
    ParsedRenja,
    PlanRowIn,
    Value,
)
from renja.importers.parse.renja_text import parse_renja_text
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed() -> ParsedRenja:
    return parse_renja_text(SEED_TEXT)


def _line(n: int) -> str:
    return SEED_TEXT.split("\n")[n - 1]


def _eval_row(parsed: ParsedRenja, *, kode: str = "", nama: str = "") -> EvaluasiRowIn:
    rows = [r for r in parsed.evaluasi if (kode and r.kode == kode) or (nama and r.nama.startswith(nama))]
    assert len(rows) == 1, (kode, nama, rows)
    return rows[0]


def _plan_row(rows: tuple[PlanRowIn, ...], nama: str) -> PlanRowIn:
    found = [r for r in rows if r.nama.startswith(nama)]
    assert len(found) == 1, (nama, found)
    return found[0]


def _nilai(values: tuple[Value, ...]) -> list[Decimal | None]:
    return [v.nilai for v in values]


def _all_values(parsed: ParsedRenja) -> Iterator[Value]:
    for ev in parsed.evaluasi:
        for vals in ev.kolom.values():
            yield from vals
    for pl in parsed.pelayanan:
        yield from (*pl.target.values(), *pl.realisasi.values(), *pl.proyeksi.values())
    for plan in (*parsed.ranwal, *parsed.analisis_kebutuhan, *parsed.rencana):
        yield from plan.pagu.values()
        for ind in plan.indikator:
            yield from ind.target.values()
    for u in parsed.usulan:
        yield from (u.pagu_usulan, u.pagu_rekomendasi)
    for ts in parsed.tujuan_sasaran:
        yield ts.target
    for total in parsed.totals:
        yield total.value


# ------------------------------------------------------------------------------------- cover, signature


def test_cover_identity_and_year(seed: ParsedRenja) -> None:
    assert seed.tahun == 2024
    assert seed.pemda == "Kabupaten Magetan"
    assert seed.perangkat_daerah == "Dinas Pemberdayaan Masyarakat dan Desa"
    assert seed.alamat == "Jl. Tripandita 03, MAGETAN"


def test_signature_block(seed: ParsedRenja) -> None:
    p = seed.penandatangan
    assert p.nama == "EKO MURYANTO, S.IP, M.Si"
    assert p.pangkat == "Pembina Utama Muda"
    assert p.nip == "19750527 199311 1 001"
    assert p.jabatan == "KEPALA DINAS PEMBERDAYAAN MASYARAKAT DAN DESA KABUPATEN MAGETAN"
    assert p.tempat_tanggal == "Magetan, Juli 2023"


# --------------------------------------------------------------------------------------------- Tabel 2.1


def test_table_2_1_rows_codes_and_levels(seed: ParsedRenja) -> None:
    expected_rows = sum(
        1
        for line in SEED_TEXT.split("\n")[174:283]
        if line.strip() and not line.startswith("Rencana Kerja Tahun") and line.split("\t")[1:2] != [""]
    )
    assert len(seed.evaluasi) == expected_rows == 87
    levels = Counter(r.level for r in seed.evaluasi)
    assert levels == {"bidang": 1, "program": 5, "kegiatan": 10, "sub_kegiatan": 42, "": 29}
    bidang = seed.evaluasi[0]
    assert (bidang.kode, bidang.level) == ("2.13", "bidang")
    assert bidang.nama == "URUSAN PEMERINTAHAN BIDANG PEMBERDAYAAN MASYARAKAT DAN DESA"
    sub = _eval_row(seed, kode="2.13.04.2.01.01")  # kept as printed; canonicalisation happens later
    assert sub.level == "sub_kegiatan"
    without_code = _eval_row(seed, nama="Fasilitasi Pilkades")
    assert (without_code.kode, without_code.level) == ("", "")
    assert seed.renstra_periode == (2018, 2023)
    assert seed.evaluasi_tahun == {4: 2023, 5: 2021, 6: 2022, 7: 2022, 8: 2022, 9: 2023, 10: 2023}


def test_table_2_1_values_by_printed_column(seed: ParsedRenja) -> None:
    row = _eval_row(seed, kode="2.13.04")
    assert row.nama == "PROGRAM ADMINISTRASI PEMERINTAHAN DESA" and row.level == "program"
    assert [(i.nama, i.satuan) for i in row.indikator] == [
        ("Persentase Desa dengan Administrasi Pemerintahan Desa yang Baik", "%")
    ]
    got = {c: _nilai(v) for c, v in row.kolom.items()}
    assert got == {
        4: [Decimal(180)],
        5: [Decimal(50)],
        6: [Decimal(60)],
        7: [Decimal(60)],
        8: [Decimal(100)],
        9: [Decimal(70)],
        10: [Decimal(180)],
        11: [Decimal(100)],
    }
    assert row.kolom[8][0].satuan == "%" and row.kolom[8][0].teks == "100%"
    v = row.kolom[9][0]
    assert v.loc is not None and (v.loc.line, v.loc.table, v.loc.column) == (210, "Tabel 2.1", "9")
    assert v.loc.row == seed.evaluasi.index(row) + 1


def test_table_2_1_value_pushed_to_the_next_page_is_reattached(seed: ParsedRenja) -> None:
    assert _line(235).strip() == "3"
    row = _eval_row(seed, kode="2.13.03.2.01.01")
    col7 = row.kolom[7][0]
    assert (col7.teks, col7.nilai) == ("3", Decimal(3))
    assert col7.loc is not None and col7.loc.line == 235
    assert row.loc.line == 231
    assert any(f.kode == "BARIS_DISAMBUNG" and f.loc.line == 235 for f in seed.findings)


def test_table_2_1_multi_valued_cells_become_several_indicators(seed: ParsedRenja) -> None:
    pilkades = _eval_row(seed, nama="Fasilitasi Pilkades")
    assert [(i.nama, i.satuan) for i in pilkades.indikator] == [
        ("Jumlah pelaksanaan pemilihan kepala desa", "Desa"),
        ("jumlah pelaksanaan pengisian perangkat desa", "Desa"),
    ]
    assert _nilai(pilkades.kolom[4]) == [Decimal(184), Decimal(180)]
    assert _nilai(pilkades.kolom[5]) == [Decimal(0), Decimal(0)]
    assert [v.teks for v in pilkades.kolom[11]] == ["#VALUE!"]
    bumdes = _eval_row(seed, nama="Pembentukan dan Pengembangan BUMDES")
    assert [i.nama for i in bumdes.indikator] == ["Jumlah Bumdes yang dibentuk", "Jumlah Bumdes yang dikembangkan"]
    assert _nilai(bumdes.kolom[5]) == [Decimal(26), Decimal(178)]
    assert bumdes.indikator[0].teks.startswith("Jumlah Bumdes yang dibentuk;")


def test_table_2_1_row_that_lost_a_tab_keeps_its_last_column(seed: ParsedRenja) -> None:
    assert _line(186).count("\t") == 9  # one tab short of the 11 columns
    row = _eval_row(seed, nama="Program Peningkatan Kapasitas Lembaga Kemasyarakatan Desa")
    assert _nilai(row.kolom[4]) == [Decimal("31.14")] and _nilai(row.kolom[5]) == [Decimal("30.36")]
    assert row.kolom[10][0].teks == "" and row.kolom[11][0].teks == "0%"
    assert any(f.kode == "KOLOM_DISESUAIKAN" and f.loc.line == 186 for f in seed.findings)


def test_table_2_1_satuan_split_from_the_indicator_name(seed: ParsedRenja) -> None:
    cases = {
        "Pembinaan Aparatur Desa": ("Jumlah perangkat desa yang mendapat pembinaan", "Orang"),
        "Fasilitasi Perlombaan Desa/ Kelurahan": ("Jumlah desa yang mengikuti perlombaan desa", "Desa"),
        "PROGRAM PENUNJANG URUSAN": ("Indeks Kepuasan Masyarakat", "Skor"),
        "Fasilitasi Penyusunan Produk Hukum Desa": (
            "Jumlah Desa yang mendapat Fasilitasi Penyusunan Produk Hukum Desa",
            "",
        ),
    }
    for nama, expected in cases.items():
        rows = [r for r in seed.evaluasi if r.nama.startswith(nama)]
        assert [(i.nama, i.satuan) for i in rows[0].indikator] == [expected], nama


# --------------------------------------------------------------------------------------------- Tabel 2.2


def test_table_2_2_groups_indicators_and_years(seed: ParsedRenja) -> None:
    assert [(p.kelompok_kode, p.nomor) for p in seed.pelayanan] == [
        ("A", "1"),
        ("A", "2"),
        ("B", "1"),
        ("B", "2"),
        ("C", "1"),
        ("C", "2"),
        ("C", "1"),
    ]
    first = seed.pelayanan[0]
    assert first.kelompok == "A Urusan Pemberdayaan Pemerintahan Desa"
    assert {y: v.nilai for y, v in first.target.items()} == {
        2019: Decimal(30),
        2020: Decimal(40),
        2021: Decimal(45),
        2022: Decimal(55),
        2023: Decimal(60),
    }
    assert {y: v.nilai for y, v in first.realisasi.items()} == {2021: Decimal(45), 2022: Decimal(60)}
    assert {y: v.nilai for y, v in first.proyeksi.items()} == {2023: Decimal(70)}
    assert seed.pelayanan[1].target[2019].nilai == Decimal("24.15")


def test_table_2_2_repeated_header_with_a_typo_year(seed: ParsedRenja) -> None:
    assert "2021\t2023\t2023" in _line(338)
    keuangan = next(p for p in seed.pelayanan if p.nama.startswith("Persentase Desa dengan pengelolaan keuangan"))
    assert sorted(keuangan.target) == [2019, 2020, 2021, 2022, 2023]
    assert keuangan.target[2022].nilai == Decimal("43.47") and keuangan.target[2023].nilai == Decimal("50.72")
    typo = [f for f in seed.findings if f.kode == "TAHUN_HEADER_GANDA"]
    assert len(typo) == 1 and typo[0].loc.line == 338 and typo[0].severity == "peringatan"
    assert [f.loc.line for f in seed.findings if f.kode == "KELOMPOK_GANDA"] == [342]


# --------------------------------------------------------------------------------------------- Tabel 2.4


def test_table_2_4_two_halves(seed: ParsedRenja) -> None:
    for half in (seed.ranwal, seed.analisis_kebutuhan):
        assert len(half) == 56
        assert Counter(r.level for r in half) == {"program": 5, "kegiatan": 9, "sub_kegiatan": 42}
    program = seed.analisis_kebutuhan[0]
    assert (program.nomor, program.level) == ("1", "program")
    assert program.pagu[2024].nilai == Decimal("3435543363")
    assert seed.ranwal[0].pagu == {}  # the ranwal half states no pagu for programs
    kegiatan = seed.ranwal[1]
    assert (kegiatan.nomor, kegiatan.level) == ("1.1", "kegiatan")
    ind = kegiatan.indikator[0]
    assert (ind.satuan, ind.target[2024].nilai, ind.target[2024].satuan) == ("dokumen", Decimal(5), "dokumen")
    assert seed.ranwal[2].level == "sub_kegiatan" and seed.ranwal[2].nomor == ""


def test_table_2_4_dash_and_split_rows(seed: ParsedRenja) -> None:
    bacaan = _plan_row(seed.ranwal, "Penyediaan Bahan Bacaan")
    assert (bacaan.pagu[2024].teks, bacaan.pagu[2024].nilai) == ("-", None)
    assert _plan_row(seed.analisis_kebutuhan, "Penyediaan Bahan Bacaan").pagu[2024].nilai == Decimal(4740000)
    for half in (seed.ranwal, seed.analisis_kebutuhan):  # the "BPD" continuation line of the next page
        bpd = _plan_row(half, "Pembinaan Peningkatan Kapasitas Anggota BPD")
        assert bpd.indikator[0].nama == "Jumlah Kegiatan Peningkatan Kapasitas Pemerintahan Desa dan BPD"
    assert not _line(439).startswith("\t")  # a line that lost its leading tab
    pkk = _plan_row(seed.ranwal, "Fasilitasi Penataan, Pemberdayaan dan Pendayagunaan")
    assert pkk.level == "sub_kegiatan" and pkk.pagu[2024].nilai == Decimal(50000000)
    assert pkk.indikator[0].target[2024].nilai == Decimal(235)
    assert pkk.indikator[0].satuan == "Orang"
    tpp = _plan_row(seed.analisis_kebutuhan, "Fasilitasi Tim Penggerak PKK")
    assert tpp.pagu[2024].nilai == Decimal(800000000)


def test_table_2_4_jumlah_row_gives_a_total_per_half(seed: ParsedRenja) -> None:
    totals = {t.bagian: t.value.nilai for t in seed.totals if t.table == "Tabel 2.4"}
    assert totals == {"ranwal": Decimal("5913503363"), "analisis_kebutuhan": Decimal("10773543363")}
    assert all(t.tahun == 2024 and t.loc.line == 448 for t in seed.totals if t.table == "Tabel 2.4")
    # the stated ranwal total is not the sum of its rows: a real mistake the checker must report
    ranwal_sum = sum(v.nilai or 0 for r in seed.ranwal for v in r.pagu.values())
    assert ranwal_sum == Decimal("5991503363")
    assert sum(r.pagu[2024].nilai or 0 for r in seed.analisis_kebutuhan if r.level == "program") == Decimal(
        "10773543363"
    )


# --------------------------------------------------------------------------------------------- Tabel 2.5


def test_table_2_5_usulan(seed: ParsedRenja) -> None:
    assert len(seed.usulan) == 27
    assert sum(u.pagu_usulan.nilai or 0 for u in seed.usulan) == Decimal("7704644000")
    assert sum(u.pagu_rekomendasi.nilai or 0 for u in seed.usulan) == Decimal("7704644000")
    ring = next(u for u in seed.usulan if u.nomor == "13")
    assert (ring.desa, ring.kecamatan, ring.kegiatan) == (
        "RINGINAGUN G",
        "MAGETAN",
        "PEMBANGUNANTAL UD DAN DRAINASE JALAN",
    )
    assert (ring.pagu_usulan.teks, ring.pagu_rekomendasi.teks) == ("200,000,000", "200.000.000")
    driyo = next(u for u in seed.usulan if u.desa == "DRIYOREJO")
    assert driyo.kecamatan == "NGUNTORONA DI"
    assert [u.nomor for u in seed.usulan] == [str(i) for i in range(1, 28)]


# --------------------------------------------------------------------------------------------- Tabel 3.1


def test_table_3_1_tujuan_and_sasaran(seed: ParsedRenja) -> None:
    assert [(t.nomor, t.nomor_indikator) for t in seed.tujuan_sasaran] == [
        ("1", "1"),
        ("1.1", "1.1"),
        ("1.2", "1.2"),
        ("1.3", "1.3"),
    ]
    tujuan = seed.tujuan_sasaran[0]
    assert tujuan.uraian == "Meningkatkan kemandirian desa"
    assert tujuan.indikator == "Persentase Desa Berkategori Desa Mandiri"
    assert (tujuan.target.teks, tujuan.target.nilai, tujuan.target.satuan) == ("28,9", Decimal("28.9"), "%")
    assert sum(1 for t in seed.tujuan_sasaran if "." in t.nomor) == 3


# --------------------------------------------------------------------------------------------- Tabel 4.1


def test_table_4_1_rows_and_levels(seed: ParsedRenja) -> None:
    assert len(seed.rencana) == 71
    programs = [r for r in seed.rencana if r.level == "program"]
    assert len(programs) == 5 and all(r.nama.startswith("Program") for r in programs)
    assert sum(1 for r in seed.rencana if r.level == "") == 66  # 10 kegiatan + 56 sub kegiatan, told apart later
    assert seed.rencana_tahun == (2024, 2025)
    assert [r.pagu[2024].nilai for r in programs] == [
        Decimal("3842519640"),
        Decimal("164000000"),
        Decimal("50000000"),
        Decimal("3453200000"),
        Decimal("810000000"),
    ]
    assert sum(r.pagu[2024].nilai or 0 for r in programs) == Decimal("8319719640")
    assert sum(r.pagu[2025].nilai or 0 for r in programs) == Decimal("10481191604")


def test_table_4_1_indicators_targets_and_pagu(seed: ParsedRenja) -> None:
    program = seed.rencana[0]
    ind = program.indikator[0]
    assert (ind.nama, ind.satuan) == ("INDEKS KEPUASAN MASYARAKAT", "skor")
    assert {y: (v.teks, v.nilai) for y, v in ind.target.items()} == {
        2024: ("79 skor", Decimal(79)),
        2025: ("79 skor", Decimal(79)),
    }
    aparatur = _plan_row(seed.rencana, "Pembinaan Peningkatan Kapasitas Aparatur Pemerintah Desa")
    t25 = aparatur.indikator[0].target[2025]
    assert (t25.teks, t25.nilai, t25.satuan) == ("414Orang", Decimal(414), "Orang")
    pengadaan = _plan_row(seed.rencana, "Pengadaan Barang Milik Daerah")
    assert (pengadaan.pagu[2024].teks, pengadaan.pagu[2024].nilai) == ("-", None)
    kendaraan = _plan_row(seed.rencana, "Pengadaan Kendaraan Dinas Operasional")
    assert 2024 not in kendaraan.pagu and kendaraan.pagu[2025].nilai == Decimal(250000000)
    pkk = _plan_row(seed.rencana, "Fasilitasi Tim Penggerak PKK")
    assert (pkk.pagu[2024].teks, pkk.pagu[2024].nilai) == ("500,000,00 0", Decimal(500000000))
    loc = pkk.pagu[2024].loc
    assert loc is not None and (loc.line, loc.table, loc.column) == (700, "Tabel 4.1", "Pagu 2024")


def test_table_4_1_final_total_line_is_a_stated_total_per_year(seed: ParsedRenja) -> None:
    totals = {t.tahun: t.value for t in seed.totals if t.table == "Tabel 4.1" and t.loc.line == 703}
    assert {y: v.nilai for y, v in totals.items()} == {2024: Decimal("8319719640"), 2025: Decimal("10481191604")}
    assert {y: v.teks for y, v in totals.items()} == {2024: "8,319,719, 640", 2025: "10,481,191 ,604"}
    broken = [f for f in seed.findings if f.kode == "ANGKA_TERPOTONG"]
    assert sorted((f.loc.line, f.loc.column) for f in broken) == [
        (700, "Pagu 2024"),
        (700, "Pagu 2025"),
        (703, "Pagu 2024"),
        (703, "Pagu 2025"),
    ]
    assert all(f.severity == "info" for f in broken)


# ---------------------------------------------------------------------------------- narrative and prose


def test_narrative_chapters(seed: ParsedRenja) -> None:
    by_code = {n.kode: n for n in seed.narasi}
    assert list(by_code) == ["kata_pengantar", "bab1", "bab2", "bab3", "bab4", "bab5"]
    assert [by_code[k].judul for k in ("bab1", "bab2", "bab3", "bab4", "bab5")] == [
        "PENDAHULUAN",
        "HASIL EVALUASI RENJA PERANGKAT DAERAH TAHUN LALU",
        "TUJUAN DAN SASARAN, PERANGKAT DAERAH",
        "RENCANA KERJA DAN PENDANAAN PERANGKAT DAERAH",
        "PENUTUP",
    ]
    assert by_code["kata_pengantar"].teks.startswith("Dengan mengucapkan Syukur Alhamdulillah")
    assert "1.4.Sistematika Penulisan" in by_code["bab1"].teks
    bab2 = by_code["bab2"].teks
    assert "Hasil evaluasi terhadap pelaksanaan Renja" in bab2  # prose around the tables is kept
    assert "dapat dilihat pada tabel 2.1 berikut ini:" in bab2
    assert "2.3 Isu-Isu Penting" in bab2
    assert "\t" not in bab2 and "Rencana Kerja Tahun 2024" not in bab2  # table lines and page headers are not
    assert "Tabel 2.1" not in bab2 and "PENCAPAIAN KINERJA PELAYANAN" not in bab2
    assert "total anggaran yang direncanakan sebesar Rp 8.319.719.640" in by_code["bab4"].teks
    assert by_code["bab5"].teks.startswith("Rencana Kerja sangat penting artinya")
    assert all("\n\n\n" not in n.teks for n in seed.narasi)


def test_totals_and_counts_stated_in_prose(seed: ParsedRenja) -> None:
    prose = [t for t in seed.totals if t.loc.table == ""]
    pagu_2024 = [t for t in prose if t.jenis == "pagu" and t.tahun == 2024]
    assert [(t.table, t.value.nilai, t.loc.line) for t in pagu_2024] == [("Tabel 4.1", Decimal("8319719640"), 608)]
    counts = {(t.loc.line, t.jenis): t.value.nilai for t in prose if t.jenis != "pagu" and t.tahun == 2024}
    assert counts == {
        (559, "program"): 5,
        (559, "kegiatan"): 10,
        (559, "sub_kegiatan"): 56,
        (608, "program"): 5,
        (608, "kegiatan"): 10,
        (608, "sub_kegiatan"): 42,  # the document contradicts itself: the checker compares with Tabel 4.1
    }
    realisasi = [t for t in prose if t.jenis == "realisasi_anggaran"]
    assert [(t.tahun, t.value.nilai) for t in realisasi] == [(2022, Decimal("9366087291"))]


# ------------------------------------------------------------------------------------------- findings


def test_findings_on_the_seed(seed: ParsedRenja) -> None:
    assert Counter(f.kode for f in seed.findings) == {
        "KOLOM_DISESUAIKAN": 20,
        "ERROR_SPREADSHEET": 9,
        "ANGKA_TERPOTONG": 4,
        "BARIS_DISAMBUNG": 2,
        "JUMLAH_NILAI_TIDAK_SESUAI": 1,
        "TAHUN_HEADER_GANDA": 1,
        "KELOMPOK_GANDA": 1,
    }
    for f in seed.findings:
        assert f.severity in {"error", "peringatan", "info"}
        assert f.loc.table and 1 <= f.loc.line <= len(SEED_TEXT.split("\n"))
        assert f.pesan.startswith(f.loc.table) and f.saran and f.teks
    errors = [f for f in seed.findings if f.kode == "ERROR_SPREADSHEET"]
    assert all(f.loc.row is not None and f.loc.column in {"8", "11"} for f in errors)
    assert {f.teks for f in errors} == {"#VALUE!", "#DIV/0!"}


def test_every_value_keeps_its_location(seed: ParsedRenja) -> None:
    values = list(_all_values(seed))
    assert len(values) > 500
    for v in values:
        assert v.loc is not None and v.loc.line >= 1
        if v.teks:
            assert v.teks.replace(" ", "") in SEED_TEXT.split("\n")[v.loc.line - 1].replace(" ", "")


def test_line_numbers_follow_the_text_not_fixed_positions() -> None:
    shifted = parse_renja_text("Catatan tambahan di awal.\n\n" + SEED_TEXT)
    base = parse_renja_text(SEED_TEXT)
    assert len(shifted.rencana) == len(base.rencana) and len(shifted.evaluasi) == len(base.evaluasi)
    assert [r.loc.line for r in shifted.rencana] == [r.loc.line + 2 for r in base.rencana]
    assert Counter(f.kode for f in shifted.findings) == Counter(f.kode for f in base.findings)


# ---------------------------------------------------------------------------------- made-up documents

SMALL = """RENCANA KERJA
Badan Contoh Daerah Tahun 2026
KOTA CONTOH

BAB IV
RENCANA KERJA DAN PENDANAAN

Rencana kerja dan pendanaan tahun 2026 dengan total anggaran sebesar Rp 1.500.000 tersaji dalam tabel berikut ini.

Tabel 7.3
Rumusan Rencana Program dan Kegiatan

Uraian\tIndikator\tTarget 2026\tPagu\tTarget 2027\tPagu
Program Contoh Satu\tPersentase layanan\t90 %\t1.000.000\t95 %\t1.100.000

Rencana Kerja Tahun 2026

Kegiatan Contoh\tJumlah dokumen\t2 Dokumen\t1.000.000\t3 Dokumen\t#REF!
Program Contoh Dua\tIndeks\t3,5\t500.000\t4\t-
\t\t\t1.500.000\t\t1.100.000
Tabel ini disusun bersama seluruh bidang dan ditutup dengan paragraf biasa yang panjang sekali agar jelas ini prosa.
"""


def test_a_plan_table_is_found_by_its_header_whatever_its_number() -> None:
    p = parse_renja_text(SMALL)
    assert p.tahun == 2026
    assert p.perangkat_daerah == "Badan Contoh Daerah" and p.pemda == "Kota Contoh"
    assert [r.nama for r in p.rencana] == ["Program Contoh Satu", "Kegiatan Contoh", "Program Contoh Dua"]
    assert [r.level for r in p.rencana] == ["program", "", "program"]
    assert p.rencana_tahun == (2026, 2027)
    assert p.rencana[0].indikator[0].target[2027].nilai == Decimal(95)
    assert p.rencana[2].indikator[0].target[2026].nilai == Decimal("3.5")
    assert p.rencana[1].pagu[2027].nilai is None
    assert [f.kode for f in p.findings if f.severity == "error"] == ["ERROR_SPREADSHEET"]
    table_totals = {t.tahun: t.value.nilai for t in p.totals if t.table == "Tabel 7.3" and t.loc.table}
    assert table_totals == {2026: Decimal(1500000), 2027: Decimal(1100000)}
    prose = [t for t in p.totals if not t.loc.table]
    assert [(t.table, t.tahun, t.value.nilai) for t in prose] == [("Tabel 7.3", 2026, Decimal(1500000))]
    bab4 = next(n for n in p.narasi if n.kode == "bab4")
    assert "ditutup dengan paragraf biasa" in bab4.teks  # the table ended at the prose paragraph
    assert "Program Contoh Satu" not in bab4.teks


REVIEW_WITHOUT_CAPTION = (
    "PEMERINTAH KABUPATEN CONTOH\nRENCANA KERJA\nDinas Contoh Tahun 2025\n\n"
    "No\tRANCANGAN AWAL\t\t\t\tHASIL ANALISIS KEBUTUHAN\t\t\t\n"
    "\tProgram/Kegiatan\tIndikator\tTarget\tPagu Indikatif\tProgram/Kegiatan\tIndikator\tTarget\tKebutuhan Dana\n"
    "1\tPROGRAM A\tPersentase A\t100 %\t\tPROGRAM A\tPersentase A\t100 %\t30.000.000\n"
    "1.1\tKegiatan B\tJumlah B\t2 dokumen\t\tKegiatan B\tJumlah B\t2 dokumen\t30.000.000\n"
    "\tSub C\tJumlah laporan yang\t2 laporan\t10.000.000\tSub C\tJumlah laporan yang\t2 laporan\t10.000.000\n"
    "\nRencana Kerja Tahun 2025\n\n"
    "\t\tdisusun\t\t\t\tdisusun\t\t\n"
    "Sub D\tJumlah unit\t3 unit\t15.000.000\tSub D\tJumlah unit\t3 unit\t20.000.000\n"
    "JUMLAH\t\t\t25.000.000\t\t\t\t30.000.000\n"
)


def test_a_review_table_without_caption_with_split_and_shifted_rows() -> None:
    p = parse_renja_text(REVIEW_WITHOUT_CAPTION)
    assert (p.tahun, p.pemda, p.perangkat_daerah) == (2025, "Kabupaten Contoh", "Dinas Contoh")
    for half in (p.ranwal, p.analisis_kebutuhan):
        assert [(r.nomor, r.level, r.nama) for r in half] == [
            ("1", "program", "PROGRAM A"),
            ("1.1", "kegiatan", "Kegiatan B"),
            ("", "sub_kegiatan", "Sub C"),
            ("", "sub_kegiatan", "Sub D"),
        ]
        assert half[2].indikator[0].nama == "Jumlah laporan yang disusun"
        assert half[3].indikator[0].target[2025].nilai == Decimal(3)
    assert p.ranwal[3].pagu[2025].nilai == Decimal(15000000)
    assert p.analisis_kebutuhan[3].pagu[2025].nilai == Decimal(20000000)
    assert {t.bagian: t.value.nilai for t in p.totals} == {
        "ranwal": Decimal(25000000),
        "analisis_kebutuhan": Decimal(30000000),
    }
    kodes = Counter(f.kode for f in p.findings)
    assert kodes["BARIS_DISAMBUNG"] == 1 and kodes["KOLOM_DISESUAIKAN"] == 1


def test_text_without_any_table_reports_what_is_missing() -> None:
    p = parse_renja_text("Sekadar teks biasa tanpa tabel.\n")
    assert p.rencana == () and p.tahun is None
    kodes = Counter(f.kode for f in p.findings)
    assert kodes["TAHUN_TIDAK_DITEMUKAN"] == 1 and kodes["TABEL_TIDAK_DITEMUKAN"] == 6
    assert "PARSER_GAGAL" not in kodes


# ------------------------------------------------------------------------------------------ properties


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_returns_a_parsed_renja(text: str) -> None:
    p = parse_renja_text(text)
    assert isinstance(p, ParsedRenja)
    assert not [f for f in p.findings if f.kode == "PARSER_GAGAL"]


TABLEISH = st.lists(
    st.sampled_from(
        [
            "\t",
            "\n",
            " ",
            "1",
            "2.13",
            ";",
            ":",
            "-",
            "#DIV/0!",
            "1.234,5",
            "Tabel 2.1",
            "Tabel 4.1",
            "BAB II",
            "Kode",
            "Indikator",
            "Target 2024",
            "Pagu",
            "JUMLAH",
            "NO.",
            "RANCANGAN AWAL",
            "HASIL ANALISA KEBUTUHAN",
            "Rencana Kerja Tahun 2024",
            "Program X",
            "NIP. 1 2 3",
            "A",
            "\r",
        ]
    ),
    max_size=150,
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TABLEISH)
def test_table_like_noise_never_crashes(text: str) -> None:
    p = parse_renja_text(text)
    assert not [f for f in p.findings if f.kode == "PARSER_GAGAL"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_seed_never_crashes(data: st.DataObject) -> None:
    lines = SEED_TEXT.split("\n")
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        i = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "insert", "untab", "tab"]))
        if action == "drop":
            del lines[i]
        elif action == "insert":
            lines.insert(i, data.draw(st.text(max_size=20)))
        elif action == "untab":
            lines[i] = lines[i].replace("\t", "", 1)
        else:
            lines[i] += "\t" + data.draw(st.text(max_size=8))
    p = parse_renja_text("\n".join(lines))
    assert not [f for f in p.findings if f.kode == "PARSER_GAGAL"]
