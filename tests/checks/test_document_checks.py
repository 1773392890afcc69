"""Each check fires on a small constructed document (the clean one with one thing broken) at the right place,
and stays silent on the clean document (tests.checks.documents.CLEAN)."""

from __future__ import annotations

import pytest

from renja.checks.rules.temuan import ERROR, PERINGATAN, REGISTRY
from tests.checks.documents import CLEAN, T, broken, check_text, codes, line_of

SUB2_41 = "Fasilitasi Penyusunan Produk Hukum Desa\tJumlah dokumen produk hukum desa\t2 Dokumen\t40,000,000"
SUB2_21 = "2.13.04.2.01.02\tFasilitasi Penyusunan Produk Hukum Desa"
KEG_21 = "\t9\t3\t3\t3\t100%\t3\t9\t100%"

# (expected code, text replaced, replacement, a fragment of the line the finding must point at)
CASES = [
    ("PAGU_INDUK_TIDAK_SESUAI", "5 Dokumen\t100,000,000", "5 Dokumen\t90,000,000", "5 Dokumen\t90,000,000"),
    ("JUMLAH_TIDAK_SESUAI", "\t100,000,000\t\t110,000,000", "\t120,000,000\t\t110,000,000", "\t120,000,000\t\t"),
    ("JUMLAH_TIDAK_SESUAI", "JUMLAH\t\t\t100.000.000", "JUMLAH\t\t\t99.000.000", "JUMLAH\t\t\t99.000.000"),
    ("JUMLAH_TEKS_TIDAK_SESUAI", "Rp 100.000.000,-", "Rp 150.000.000,-", "Rp 150.000.000"),
    (
        "HITUNGAN_TIDAK_SESUAI",
        "1 kegiatan dan 2 sub kegiatan beserta",
        "1 kegiatan dan 42 sub kegiatan beserta",
        "42 sub kegiatan",
    ),
    ("PERSEN_DIJUMLAH", "\t70\t70\t100%", "\t70\t180\t257%", "\t70\t180\t257%"),
    ("PERSEN_LEBIH_100", "Baik II %\t70\t", "Baik II %\t180\t", "Baik II %\t180\t"),
    ("TARGET_MELEBIHI_RENSTRA", KEG_21, "\t9\t3\t10\t3\t30%\t3\t9\t100%", "\t9\t3\t10\t3\t30%"),
    ("CAPAIAN_MELEBIHI_TARGET", KEG_21, "\t6\t3\t3\t3\t100%\t3\t9\t150%", "\t6\t3\t3\t3\t100%"),
    ("RUMUS_TIDAK_SESUAI", KEG_21, "\t9\t3\t3\t3\t90%\t3\t9\t100%", "\t9\t3\t3\t3\t90%"),
    ("KOLOM_KOSONG", KEG_21, "\t9\t3\t3\t3\t100%\t3\t\t", "\t9\t3\t3\t3\t100%\t3\t\t"),
    ("SATUAN_BERUBAH", "\t3 Dokumen\t66,000,000", "\t3 Kegiatan\t66,000,000", "3 Kegiatan"),
    ("TARGET_TANPA_PAGU", "2 Dokumen\t40,000,000", "2 Dokumen\t-", "Jumlah dokumen produk hukum desa\t2 Dokumen\t-"),
    ("PAGU_TANPA_TARGET", SUB2_41, SUB2_41.replace("\t2 Dokumen\t40", "\t\t40"), "hukum desa\t\t40,000,000"),
    ("PRAKIRAAN_MAJU_KOSONG", "2 Dokumen\t44,000,000", "\t", "40,000,000\t\t"),
    (
        "INDIKATOR_KOSONG",
        SUB2_41 + "\t2 Dokumen",
        "Fasilitasi Penyusunan Produk Hukum Desa\t\t\t40,000,000\t",
        "Hukum Desa\t\t\t40,000,000",
    ),
    ("ANGKA_NEGATIF", "2 Dokumen\t40,000,000", "2 Dokumen\t-40,000,000", "-40,000,000"),
    (
        "TAHUN_TEKS_TIDAK_SESUAI",
        "Masyarakat dan Desa tahun 2024 mengacu",
        "Masyarakat dan Desa tahun 2023 mengacu",
        "tahun 2023 mengacu",
    ),
    ("TAHUN_KOLOM_TIDAK_SESUAI", "Target 2025", "Target 2026", None),
    ("RENSTRA_BERAKHIR", "(Renstra Perangkat Daerah 2021-2026)", "(Renstra Perangkat Daerah 2018-2023)", None),
    ("KODE_TIDAK_DIKENAL", "2.13.04.2.01.02\t", "2.13.04.2.01.09\t", "2.13.04.2.01.09"),
    ("KODE_LEVEL_SALAH", "2.13.04.2.01\tPembinaan", "2.13.04.1.01\tPembinaan", "2.13.04.1.01\tPembinaan"),
    ("KODE_INDUK_TIDAK_SESUAI", "2.13.04.2.01.02\t", "2.13.03.2.01.02\t", "2.13.03.2.01.02"),
    ("NAMA_TIDAK_SESUAI_KODE", SUB2_21, "2.13.04.2.01.02\tPengadaan Kendaraan Dinas Operasional", "Kendaraan Dinas"),
    (
        "KODE_GANDA",
        "\t2\t2\t2\t100%\t2\t6\t100%",
        "\t2\t2\t2\t100%\t2\t6\t100%\n" + SUB2_21 + "\tx\t1\t\t\t\t\t\t\t",
        f"{SUB2_21}\tx",
    ),
    (
        "NOMENKLATUR_TIDAK_COCOK",
        SUB2_41,
        SUB2_41.replace("Fasilitasi Penyusunan Produk", "Kegiatan Tak Dikenal"),
        "Kegiatan Tak Dikenal Hukum",
    ),
    (
        "NAMA_BEDA_NOMENKLATUR",
        SUB2_41,
        SUB2_41.replace("Fasilitasi Penyusunan", "Fasilitas Penyusunan"),
        "Fasilitas Penyusunan",
    ),
    (
        "INDUK_NOMENKLATUR_BERBEDA",
        SUB2_41,
        SUB2_41.replace(
            "Fasilitasi Penyusunan Produk Hukum Desa", "Fasilitasi Kerja Sama Antar Desa dalam Kabupaten/Kota"
        ),
        "dalam Kabupaten/Kota\tJumlah",
    ),
    (
        "BARIS_GANDA",
        SUB2_41 + "\t2 Dokumen\t44,000,000",
        "Hal Baru\tJumlah a\t1 Dokumen\t20,000,000\t1 Dokumen\t22,000,000\n"
        "Hal Baru\tJumlah a\t1 Dokumen\t20,000,000\t1 Dokumen\t22,000,000",
        None,
    ),
    (
        "USULAN_GANDA",
        "2\tPELEM\tKARANGREJO",
        "2\tTANJUNG\tBENDO\tPENGERASAN JALAN DESA\t1\t1\n3\tPELEM\tKARANGREJO",
        "2\tTANJUNG\tBENDO",
    ),
    ("REKOMENDASI_MELEBIHI_USULAN", "250.000.000\t200.000.000", "250.000.000\t300.000.000", "250.000.000\t300"),
]


def _ids(case: tuple[str, ...]) -> str:
    return case[0]


def test_the_clean_document_gives_no_error_and_no_warning() -> None:
    hasil = check_text(CLEAN)
    assert [t for t in hasil.temuan if t.severity in (ERROR, PERINGATAN)] == []
    # without a wilayah master the usulan's desa are not checked, and the checker says so
    assert codes(hasil) == ["WILAYAH_TIDAK_DIPERIKSA"]
    assert all(b.status in ("lengkap", "belum_lengkap") for b in hasil.kelengkapan)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_each_check_fires_on_a_broken_document_at_the_broken_place(case: tuple[str, str, str, str | None]) -> None:
    kode, old, new, fragment = case
    text = broken(old, new)
    hasil = check_text(text)
    found = [t for t in hasil.temuan if t.kode == kode]
    assert found, f"{kode} tidak muncul; yang muncul: {codes(hasil)}"
    t = found[0]
    assert t.severity == REGISTRY[kode].severity
    assert t.pesan and t.saran
    if fragment is not None:
        assert line_of(text, fragment) in {f.lokasi.baris_dokumen for f in found}
    # the clean document is silent on this code
    assert kode not in codes(check_text(CLEAN))


def test_a_broken_parent_sum_names_the_expected_and_found_value_and_the_terms() -> None:
    hasil = check_text(broken("5 Dokumen\t100,000,000", "5 Dokumen\t90,000,000"))
    keg = next(t for t in hasil.temuan if t.kode == "PAGU_INDUK_TIDAK_SESUAI" and "kegiatan" in t.pesan.split("'")[0])
    assert (keg.diharapkan, keg.ditemukan) == ("100.000.000", "90,000,000")
    assert keg.lokasi.tabel == "Tabel 4.1" and keg.lokasi.kolom == "Pagu 2024"
    assert keg.rincian[0] == "Σ pagu sub kegiatan (2024) = 60,000,000 + 40,000,000 = 100.000.000"


def test_the_percentage_summed_is_reported_with_the_value_to_write() -> None:
    t = next(t for t in check_text(broken("\t70\t70\t100%", "\t70\t180\t257%")).temuan if t.kode == "PERSEN_DIJUMLAH")
    assert t.ditemukan == "180" and t.diharapkan.startswith("70 ")
    assert "50 + 60 + 70 = 180" in t.pesan


def test_a_year_of_a_regulation_or_of_the_evaluated_plan_is_not_a_wrong_year() -> None:
    # "Nomor 25 tahun 2023" (a regulation) and "Renja Tahun 2022" (the evaluated year) are in CLEAN already;
    # a sentence about last year's realisation is left alone too
    text = broken(
        "Hasil evaluasi terhadap pelaksanaan Renja Tahun 2022",
        "Realisasi Rencana Kerja tahun 2023 sampai dengan triwulan II dan evaluasi Renja Tahun 2022",
    )
    assert "TAHUN_TEKS_TIDAK_SESUAI" not in codes(check_text(text))


def test_the_checklist_says_what_is_missing() -> None:
    no_tc31 = CLEAN[: CLEAN.index("Tabel 2.4")] + CLEAN[CLEAN.index("2.5 Penelaahan") :]
    items = {b.kode: b for b in check_text(no_tc31).kelengkapan}
    assert items["tc31"].status == "tidak_ada"
    assert items["tc29"].status == "lengkap"
    empty_col10 = check_text(broken(KEG_21, "\t9\t3\t3\t3\t100%\t3\t\t"))
    item = next(b for b in empty_col10.kelengkapan if b.kode == "tc29")
    assert item.status == "belum_lengkap" and "KOLOM_KOSONG" in item.temuan
    late = next(b for b in check_text(broken("Target 2025", "Target 2026")).kelengkapan if b.kode == "prakiraan_maju")
    assert late.status == "belum_lengkap" and "2026" in late.keterangan


def test_without_a_nomenclature_codes_and_names_are_not_checked() -> None:
    hasil = check_text(broken("2.13.04.2.01.02\t", "2.13.04.2.01.09\t"), nomenklatur=None)
    assert "KODE_TIDAK_DIKENAL" not in codes(hasil)
    assert hasil.nomenklatur == ""


def test_every_code_of_the_checker_has_a_firing_test() -> None:
    from tests.checks.test_rules import UNIT_CODES
    from tests.checks.test_usulan import WILAYAH_CODES

    tested = {c[0] for c in CASES} | UNIT_CODES | WILAYAH_CODES
    checker_codes = {k for k, v in REGISTRY.items() if v.sumber == "pemeriksa"}
    assert checker_codes - tested == set()


def test_tab_separated_text_is_what_the_cases_break() -> None:
    assert T in SUB2_41 and CLEAN.count(SUB2_41) == 1
