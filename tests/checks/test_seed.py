"""`renja check` on the seed (the real Renja 2024 of DPMD Magetan): the findings the team verified by hand, each
with its reasoning, and nothing else of severity error or peringatan. Every finding can be found in the document.

Each expectation was checked by reading src/renja/importers/data/renja-2024-dpmd-magetan.txt (line numbers are
the file's own)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from django.db import transaction

from renja.checks.rules.periksa import HasilPeriksa
from renja.checks.selectors import check_document
from tests.checks.helpers import load_magetan_wilayah
from tests.conftest import SEED

# (kode, document line, expected, found) — and why a verifier agrees.
VERIFIED: list[tuple[str, int, str | None, str | None, str]] = [
    (
        "JUMLAH_TIDAK_SESUAI",
        448,
        "5.991.503.363",
        "5.913.503.363",
        "Tabel 2.4, left half (Rancangan Awal): only its 42 sub kegiatan rows carry a pagu (the program and kegiatan "
        "cells are empty); they add up to 5.991.503.363, but the JUMLAH row says 5.913.503.363 (78.000.000 less).",
    ),
    (
        "HITUNGAN_TIDAK_SESUAI",
        608,
        "56 sub kegiatan",
        "42 sub kegiatan",
        "Bab IV: '5 program, 10 kegiatan dan 42 sub kegiatan'; Tabel 4.1 has 56 sub kegiatan rows, as §3.3 (line 559) "
        "and Bab V (line 723) say. 5 program and 10 kegiatan agree, so only the sub kegiatan count is reported.",
    ),
    (
        "PERSEN_DIJUMLAH",
        210,
        None,
        "180",
        "2.13.04, 'Persentase Desa dengan Administrasi … Baik' (%): column 10 = 50 + 60 + 70 = 180; a percentage "
        "s.d. tahun berjalan is the last value (70), not the sum (domain §5).",
    ),
    ("PERSEN_DIJUMLAH", 229, None, "300", "2.13.03, % indicator: 100 + 100 + 100 = 300."),
    ("PERSEN_DIJUMLAH", 237, None, "120", "2.13.05, % indicator: 30 + 40 + 50 = 120."),
    (
        "PERSEN_DIJUMLAH",
        248,
        None,
        "300",
        "2.13.02, 'Persentase Pelaksanaan Kegiatan Penataan Desa' (no satuan, a percentage by its name): 300.",
    ),
    ("PERSEN_DIJUMLAH", 253, None, "237", "2.13.01, 'Indeks Kepuasan Masyarakat' (Skor): 79 + 79 + 79 = 237."),
    (
        "PERSEN_LEBIH_100",
        210,
        None,
        "kolom 4: 180",
        "The same 2.13.04 row: the Renstra end target (column 4) of a percentage is 180 — the yearly % were summed.",
    ),
    ("PERSEN_LEBIH_100", 229, None, "kolom 4: 300", "2.13.03: column 4 = 300 %."),
    ("PERSEN_LEBIH_100", 237, None, "kolom 4: 120", "2.13.05: column 4 = 120 %."),
    ("PERSEN_LEBIH_100", 248, None, "kolom 4: 300", "2.13.02: column 4 = 300 %."),
    (
        "CAPAIAN_MELEBIHI_TARGET",
        256,
        None,
        "14 (kolom 11: 467%)",
        "2.13.01.2.01.07 Evaluasi Kinerja: column 10 = 1 + 1 + 12 = 14 against a Renstra target of 3 (column 4): "
        "467 %. The 12 in column 9 is the slip (every other year is 1).",
    ),
    (
        "TARGET_MELEBIHI_RENSTRA",
        256,
        "paling banyak 3",
        "12",
        "Same row: the target for 2023 (column 9) is 12, above the end target of 3 for the whole period.",
    ),
    (
        "SATUAN_BERUBAH",
        659,
        "Dokumen (seperti 2024)",
        "Kegiatan (2025)",
        "Tabel 4.1, Fasilitasi Kerja sama antar Desa: '6 Dokumen' for 2024 but '6 Kegiatan' for 2025.",
    ),
    (
        "TARGET_TANPA_PAGU",
        637,
        None,
        "-",
        "Tabel 4.1, kegiatan Pengadaan Barang Milik Daerah …: target 1 unit, pagu '-' for 2024, and its only sub "
        "kegiatan has no pagu either (both get 250.000.000 only in 2025).",
    ),
    (
        "TARGET_TANPA_PAGU",
        638,
        None,
        "(kosong)",
        "Its sub kegiatan Pengadaan Kendaraan Dinas Operasional atau Lapangan: target 1 Unit, pagu 2024 empty.",
    ),
    (
        "TARGET_TANPA_PAGU",
        386,
        None,
        "-",
        "Tabel 2.4 (Rancangan Awal): Penyediaan Bahan Bacaan … targets 12 Bulan with pagu '-' (the analysis half "
        "gives 4.740.000).",
    ),
    (
        "PAGU_TANPA_TARGET",
        432,
        None,
        "(kosong)",
        "Tabel 2.4 (Rancangan Awal): Fasilitasi Penetapan dan Penegasan Batas Desa has 80.000.000 but no target "
        "(the analysis half says 12 Desa).",
    ),
    (
        "TAHUN_TEKS_TIDAK_SESUAI",
        96,
        "tahun 2024",
        "tahun 2023",
        "1.1: 'Penyusunan Rencana Kerja … tahun 2023 mengacu pada Rancangan Awal RKPD … tahun 2023' — twice, in a "
        "2024 document.",
    ),
    ("TAHUN_TEKS_TIDAK_SESUAI", 100, "tahun 2024", "tahun 2023", "1.2: 'Penyusunan Rencana Kerja … tahun 2023'."),
    (
        "TAHUN_TEKS_TIDAK_SESUAI",
        121,
        "tahun 2024",
        "tahun 2023",
        "1.3: '… sebagai dasar pelaksanaan kegiatan pada tahun 2023'.",
    ),
    (
        "TAHUN_TEKS_TIDAK_SESUAI",
        363,
        "tahun 2024",
        "tahun 2023",
        "2.4: 'Rancangan awal RKPD tahun 2023 … rencana kerja OPD tahun 2023' — the review is of the 2024 RKPD.",
    ),
    (
        "TAHUN_TEKS_TIDAK_SESUAI",
        723,
        "tahun 2024",
        "tahun 2023",
        "Bab V: 'Pada tahun 2023 terdapat … 5 program dan 10 kegiatan serta 56 sub kegiatan' — the plan of 2024.",
    ),
    (
        "KOLOM_KOSONG",
        176,
        None,
        "28 baris kosong",
        "Tabel 2.1, the rows of the old nomenclature (lines 176–209): targets in column 4 but column 10 empty "
        "(column 11 prints 0%).",
    ),
]
# one finding per sentence, even where it names the wrong year twice (lines 96 and 363)
VERIFIED_COUNT = Counter((k, line) for k, line, *_ in VERIFIED)
# The parser's own errors (reused, not re-checked): #VALUE! / #DIV/0! where they stand in Tabel 2.1.
SPREADSHEET_ERRORS = {177, 178, 191, 203, 227, 253, 263, 264}
# Parser warnings about the document's layout (kept as the parser reports them).
PARSER_WARNINGS = {("JUMLAH_NILAI_TIDAK_SESUAI", 178), ("TAHUN_HEADER_GANDA", 338), ("KELOMPOK_GANDA", 342)}


@pytest.fixture(scope="module")
def hasil(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[HasilPeriksa]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        load_magetan_wilayah()
        yield check_document(data=SEED.read_bytes(), filename=SEED.name)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_verified_finding_is_reported_at_its_line(hasil: HasilPeriksa) -> None:
    for kode, line, expected, found, why in VERIFIED:
        hits = [t for t in hasil.temuan if t.kode == kode and t.lokasi.baris_dokumen == line]
        assert hits, f"{kode} di baris {line} tidak dilaporkan ({why})"
        if expected is not None:
            assert hits[0].diharapkan == expected, why
        if found is not None:
            assert hits[0].ditemukan == found, why


@pytest.mark.django_db
def test_no_other_error_or_warning(hasil: HasilPeriksa) -> None:
    got = Counter((t.kode, t.lokasi.baris_dokumen) for t in hasil.temuan if t.severity in ("error", "peringatan"))
    spreadsheet = {line for (k, line) in got if k == "ERROR_SPREADSHEET"}
    assert spreadsheet == SPREADSHEET_ERRORS
    rest = Counter({k: v for k, v in got.items() if k[0] != "ERROR_SPREADSHEET" and k not in PARSER_WARNINGS})
    assert rest == VERIFIED_COUNT


@pytest.mark.django_db
def test_the_desa_broken_by_pdf_conversion_are_recognised(hasil: HasilPeriksa) -> None:
    ejaan = {(t.lokasi.baris_dokumen, t.diharapkan) for t in hasil.temuan if t.kode == "DESA_EJAAN_BERBEDA"}
    # RINGINAGUN G = Ringinagung, NGUNTORONA DI (kecamatan) = Nguntoronadi, MBEDAGUN G = Bedagung (kec. Panekan,
    # the Javanese nasal 'M-' dropped), PLANGKRON GAN = Plangkrongan: all four in the kecamatan the table gives.
    assert ejaan == {(476, "Ringinagung"), (479, "Nguntoronadi"), (480, "Bedagung"), (484, "Plangkrongan")}
    assert not [t for t in hasil.temuan if t.kelas == "wilayah" and t.severity != "info"]
    assert hasil.wilayah == "35.20 KAB. MAGETAN"


@pytest.mark.django_db
def test_every_finding_can_be_found_in_the_document(hasil: HasilPeriksa) -> None:
    for t in hasil.temuan:
        assert t.lokasi.baris_dokumen is not None, f"{t.kode} tanpa baris: {t.lokasi.label()}"
        assert t.pesan and t.kelas


@pytest.mark.django_db
def test_the_checklist_of_the_seed(hasil: HasilPeriksa) -> None:
    status = {b.kode: b.status for b in hasil.kelengkapan}
    assert status == {
        "bab1": "lengkap",
        "tc29": "belum_lengkap",  # column 10 empty on 28 rows, percentages summed
        "tc30": "lengkap",
        "isu": "lengkap",
        "tc31": "belum_lengkap",  # its JUMLAH row does not add up
        "tc32": "lengkap",
        "tujuan": "lengkap",
        "tc33": "belum_lengkap",  # no lokasi and sumber dana columns
        "bab4_sipd": "belum_lengkap",  # a reduced Tabel 4.1: no kode, Renstra, lokasi, sumber dana … columns
        "prakiraan_maju": "lengkap",  # 2025 = n + 1, every row filled
        "bab5": "lengkap",
        "ttd": "lengkap",
    }
