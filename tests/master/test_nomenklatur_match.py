# ruff: noqa: E501  (the seed's Tabel 4.1 names are copied verbatim, long as they are)
"""Matching names as documents write them to the nomenclature: the seed's Tabel 4.1 and a truth table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from renja.core.errors import RenjaError
from renja.core.types import Source
from renja.master.models import NomenklaturVersi
from renja.master.nomenklatur import (
    BUILTIN_VERSI_KODE,
    NomenklaturMatcher,
    nomenklatur_import,
    nomenklatur_load_builtin,
    nomenklatur_match,
)
from tests.conftest import shared_path

pytestmark = pytest.mark.django_db

QueryCounter = Callable[..., Any]

# Tabel 4.1 of the seed (Renja 2024 DPMD Kabupaten Magetan): 5 programs, 10 kegiatan, 56 sub kegiatan, in
# document order, with the level and the code (inside DPMD, bidang 2.13) each must match.
TABEL_4_1: list[tuple[str, str, str]] = [
    ("program", "2.13.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"),
    ("kegiatan", "2.13.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"),
    ("sub_kegiatan", "2.13.01.2.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah"),
    ("sub_kegiatan", "2.13.01.2.01.0007", "Evaluasi Kinerja Perangkat Daerah"),
    ("kegiatan", "2.13.01.2.02", "Administrasi Keuangan Perangkat Daerah"),
    ("sub_kegiatan", "2.13.01.2.02.0001", "Penyediaan Gaji dan Tunjangan ASN"),
    (
        "sub_kegiatan",
        "2.13.01.2.02.0007",
        "Koordinasi dan Penyusunan Laporan Keuangan Bulanan/Triwulanan/Semesteran SKPD",
    ),
    ("kegiatan", "2.13.01.2.06", "Administrasi Umum Perangkat Daerah"),
    ("sub_kegiatan", "2.13.01.2.06.0001", "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor"),
    ("sub_kegiatan", "2.13.01.2.06.0002", "Penyediaan Peralatan dan Perlengkapan Kantor"),
    ("sub_kegiatan", "2.13.01.2.06.0003", "Penyediaan Peralatan Rumah Tangga"),
    ("sub_kegiatan", "2.13.01.2.06.0004", "Penyediaan Bahan Logistik Kantor"),
    ("sub_kegiatan", "2.13.01.2.06.0005", "Penyediaan Barang Cetak dan Penggandaan"),
    ("sub_kegiatan", "2.13.01.2.06.0006", "Penyediaan Bahan Bacaan dan Peraturan Perundang-undangan"),
    ("sub_kegiatan", "2.13.01.2.06.0009", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD"),
    ("kegiatan", "2.13.01.2.07", "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah"),
    ("sub_kegiatan", "2.13.01.2.07.0002", "Pengadaan Kendaraan Dinas Operasional atau Lapangan"),
    ("kegiatan", "2.13.01.2.08", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah"),
    ("sub_kegiatan", "2.13.01.2.08.0002", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik"),
    ("sub_kegiatan", "2.13.01.2.08.0003", "Penyediaan Jasa Peralatan dan Perlengkapan Kantor"),
    ("sub_kegiatan", "2.13.01.2.08.0004", "Penyediaan Jasa Pelayanan Umum Kantor"),
    ("kegiatan", "2.13.01.2.09", "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah"),
    (
        "sub_kegiatan",
        "2.13.01.2.09.0001",
        "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan dan Pajak Kendaraan Perorangan Dinas atau Kendaraan Dinas Jabatan",
    ),
    (
        "sub_kegiatan",
        "2.13.01.2.09.0002",
        "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak, dan Perizinan Kendaraan Dinas Operasional atau Lapangan",
    ),
    (
        "sub_kegiatan",
        "2.13.01.2.09.0010",
        "Pemeliharaan/Rehabilitasi Sarana dan Prasarana Gedung Kantor atau Bangunan Lainnya",
    ),
    ("program", "2.13.02", "Program Penataan Desa"),
    ("kegiatan", "2.13.02.2.01", "Penyelenggaraan Penataan Desa"),
    ("sub_kegiatan", "2.13.02.2.01.0001", "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa"),
    ("sub_kegiatan", "2.13.02.2.01.0002", "Fasilitasi Tata Wilayah Desa"),
    ("sub_kegiatan", "2.13.02.2.01.0003", "Fasilitasi Penataan Kewenangan Desa"),
    ("sub_kegiatan", "2.13.02.2.01.0004", "Fasilitasi Penamaan dan Kode Desa"),
    (
        "sub_kegiatan",
        "2.13.02.2.01.0005",
        "Fasilitasi Penetapan Kesatuan Masyarakat Hukum Adat dan Desa Adat Kewenangan Kabupaten /Kota",
    ),
    ("sub_kegiatan", "2.13.02.2.01.0006", "Fasilitasi Sarana dan Prasarana Desa"),
    ("program", "2.13.03", "Program Peningkatan Kerjasama Desa"),
    ("kegiatan", "2.13.03.2.01", "Fasilitasi Kerja sama antar Desa"),
    ("sub_kegiatan", "2.13.03.2.01.0001", "Fasilitasi Kerja Sama Antar Desa dalam Kabupaten/Kota"),
    ("sub_kegiatan", "2.13.03.2.01.0002", "Fasilitasi Kerja Sama Antar Desa dengan Pihak Ketiga dalam Kabupaten/Kota"),
    ("sub_kegiatan", "2.13.03.2.01.0003", "Fasilitasi Pembangunan Kawasan Pedesaan"),
    ("program", "2.13.04", "Program Administrasi Pemerintahan Desa"),
    ("kegiatan", "2.13.04.2.01", "Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0001", "Fasilitasi Penyelenggaraan Administrasi Pemerintahan Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0002", "Fasilitasi Penyusunan Produk Hukum Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0003", "Fasilitasi Penyusunan Perencanaan Pembangunan Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0004", "Fasilitasi Pengelolaan Keuangan Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0005", "Pembinaan Peningkatan Kapasitas Aparatur Pemerintah Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0006", "Fasilitasi Penyelenggaraan Musyawarah Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0007", "Evaluasi dan Pengawasan Peraturan Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0008", "Pembinaan dan Pemberdayaan BUM Desa dan Lembaga Kerja sama antar Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0009", "Penyelenggaraan Pemilihan, Pengangkatan dan Pemberhentian Kepala Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0010", "Fasilitasi Pengangkatan dan Pemberhentian Perangkat Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0011", "Fasilitasi Penyusunan Profil Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0012", "Fasilitas Manajemen Pemerintahan Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0013", "Fasilitasi Pengelolaan Aset Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0014", "Pembinaan Peningkatan Kapasitas Anggota BPD"),
    ("sub_kegiatan", "2.13.04.2.01.0015", "Fasilitasi Penetapan dan Penegasan Batas Desa"),
    ("sub_kegiatan", "2.13.04.2.01.0016", "Fasilitasi Pembinaan Laporan Kepala Desa"),
    (
        "sub_kegiatan",
        "2.13.04.2.01.0017",
        "Pelaksanaan Penugasan urusan / Kewenangan Kabupaten/Kota yang Dilaksanakan oleh Desa",
    ),
    ("sub_kegiatan", "2.13.04.2.01.0018", "Fasilitasi Evaluasi Perkembangan Desa serta Lomba Desa dan Kelurahan"),
    ("program", "2.13.05", "Program Pemberdayaan Lembaga Masyarakat, Lembaga Adat Dan Masyarakat Hukum Adat"),
    (
        "kegiatan",
        "2.13.05.2.01",
        "Pemberdayaan Lembaga Kemasyarakatan yang Bergerak di Bidang Pemberdayaan Desa dan Lembaga Adat Tingkat Daerah Kabupaten/Kota serta Pemberdayaan Masyarakat Hukum Adat yang Masyarakat Pelakunya Hukum Adat yang Sama dalam Daerah Kabupaten/Kota",
    ),
    ("sub_kegiatan", "2.13.05.2.01.0001", "Identifikasi dan Inventarisasi Masyarakat Hukum Adat"),
    (
        "sub_kegiatan",
        "2.13.05.2.01.0002",
        "Fasilitasi Penataan, Pemberdayaan dan Pendayagunaan Kelembagaan Lembaga Kemasyarakatan Desa/Kelurahan (RT, RW, PKK, Posyandu, LPM, dan Karang Taruna), Lembaga Adat Desa/Kelurahan dan Masyarakat Hukum Adat",
    ),
    (
        "sub_kegiatan",
        "2.13.05.2.01.0003",
        "Peningkatan Kapasitas Kelembagaan Lembaga Kemasyarakatan Desa/Kelurahan (RT, RW, PKK, Posyandu, LPM, dan Karang Taruna), Lembaga Adat Desa/Kelurahan dan Masyarakat Hukum Adat",
    ),
    (
        "sub_kegiatan",
        "2.13.05.2.01.0004",
        "Fasilitasi Penyediaan Sarana dan Prasarana Kelembagaan Lembaga Kemasyarakatan Desa/Kelurahan (RT, RW, PKK, Posyandu, LPM, dan Karang Taruna), Lembaga Adat Desa/Kelurahan dan Masyarakat Hukum Adat",
    ),
    (
        "sub_kegiatan",
        "2.13.05.2.01.0005",
        "Fasilitasi Pengembangan Usaha Ekonomi Masyarakat dan Pemerintah Desa dalam Meningkatkan Pendapatan Asli Desa",
    ),
    ("sub_kegiatan", "2.13.05.2.01.0006", "Fasilitasi Pemerintah Desa dalam Pemanfaatan Teknologi Tepat Guna"),
    ("sub_kegiatan", "2.13.05.2.01.0007", "Fasilitasi Bulan Bhakti Gotong Royong Masyarakat"),
    (
        "sub_kegiatan",
        "2.13.05.2.01.0008",
        "Fasilitasi Penyelenggaraan Ketentraman Ketertiban dan Perlindungan Masyarakat Desa.",
    ),
    (
        "sub_kegiatan",
        "2.13.05.2.01.0009",
        "Fasilitasi Tim Penggerak PKK dalam Penyelenggaraan Gerakan Pemberdayaan Masyarakat dan Kesejahteraan Keluarga",
    ),
    (
        "sub_kegiatan",
        "2.13.05.2.01.0010",
        "Peningkatan Kesadaran Keluarga Dalam membangun Kerja Sama antar-Keluarga, Warga, dan Kelompok Masyarakat.",
    ),
    (
        "sub_kegiatan",
        "2.13.05.2.01.0011",
        "Peningkatan Kesadaran Keluarga Dalam Peningkatan Pendidikan dan Keterampilan Untuk Mewujudkan Sumber Daya Manusia yang Berkualitas dan Berdaya Saing",
    ),
]

# Names the seed spells differently from the official list: matched by similarity, not by equal keys.
FUZZY = {
    "Penyediaan Barang Cetak dan Penggandaan": "Penyediaan Barang Cetakan dan Penggandaan",
    "Fasilitasi Pembangunan Kawasan Pedesaan": "Fasilitasi Pembangunan Kawasan Perdesaan",
    "Fasilitas Manajemen Pemerintahan Desa": "Fasilitasi Manajemen Pemerintahan Desa",
    "Program Pemberdayaan Lembaga Masyarakat, Lembaga Adat Dan Masyarakat Hukum Adat": (
        "PROGRAM PEMBERDAYAAN LEMBAGA KEMASYARAKATAN, LEMBAGA ADAT DAN MASYARAKAT HUKUM ADAT"
    ),
}


@pytest.fixture
def builtin() -> NomenklaturVersi:
    nomenklatur_load_builtin(actor=None, source=Source.SYSTEM)
    return NomenklaturVersi.objects.get(kode=BUILTIN_VERSI_KODE)


@pytest.fixture
def matcher(builtin: NomenklaturVersi) -> NomenklaturMatcher:
    return NomenklaturMatcher(builtin, "kabkota", "2.13").preload()


def test_the_table_is_copied_from_the_seed(seed_text: str) -> None:
    lines = {line.split("\t", 1)[0] for line in seed_text.splitlines() if "\t" in line}
    assert [name for _, _, name in TABEL_4_1 if name not in lines] == []
    assert [sum(1 for lv, _, _ in TABEL_4_1 if lv == level) for level in ("program", "kegiatan", "sub_kegiatan")] == [
        5,
        10,
        56,
    ]


@pytest.mark.parametrize(("level", "kode", "nama"), TABEL_4_1, ids=[row[2][:50] for row in TABEL_4_1])
def test_each_row_of_tabel_4_1_matches_its_item_at_the_right_level(
    matcher: NomenklaturMatcher, level: str, kode: str, nama: str
) -> None:
    found = matcher.match(level, nama)
    assert found is not None, nama
    assert found.kode == kode
    assert found.kode.startswith("2.13.")  # the support program takes DPMD's bidang
    assert found.item.level == level
    if nama in FUZZY:
        assert found.how == "fuzzy"
        assert found.item.nama == FUZZY[nama]
        assert found.score >= 0.95
    else:
        assert (found.how, found.score) == ("nama", 1.0)
    assert not found.ambiguous


def test_walking_tabel_4_1_like_the_importer_needs_no_queries(
    matcher: NomenklaturMatcher, django_assert_num_queries: QueryCounter
) -> None:
    """Level unknown for non-program rows: a kegiatan of the current program or a sub kegiatan of the
    current kegiatan, whichever matches better; all candidates are already loaded."""
    got: list[tuple[str, str, str]] = []
    program = kegiatan = None
    with django_assert_num_queries(0):
        for _, _, nama in TABEL_4_1:
            if nama.lower().startswith("program"):
                m = matcher.match("program", nama)
                assert m is not None
                program, kegiatan, level = m.kode, None, "program"
            else:
                mk = matcher.match("kegiatan", nama, parent_kode=program)
                ms = matcher.match("sub_kegiatan", nama, parent_kode=kegiatan) if kegiatan else None
                if mk is not None and (ms is None or mk.score > ms.score):
                    m, level, kegiatan = mk, "kegiatan", mk.kode
                else:
                    assert ms is not None, nama
                    m, level = ms, "sub_kegiatan"
            assert not m.outside_parent, nama
            got.append((level, m.kode, nama))
    assert got == TABEL_4_1


def test_a_matcher_loads_each_level_once(
    builtin: NomenklaturVersi, django_assert_max_num_queries: QueryCounter
) -> None:
    with django_assert_max_num_queries(3):  # program, kegiatan, sub kegiatan
        matcher = NomenklaturMatcher(builtin, "kabkota", "2.13")
        for level, _, nama in TABEL_4_1:
            assert matcher.match(level, nama) is not None


# ------------------------------------------------------------------------------------------ truth table


@pytest.mark.parametrize(
    ("level", "nama", "parent_kode", "kode", "how"),
    [
        # exact normalised name: case, runs of blanks, line breaks, punctuation, spacing around "/"
        ("sub_kegiatan", "Penyediaan Gaji dan Tunjangan ASN", None, "2.13.01.2.02.0001", "nama"),
        ("sub_kegiatan", "  PENYEDIAAN   gaji  dan\nTunjangan  ASN. ", None, "2.13.01.2.02.0001", "nama"),
        (
            "sub_kegiatan",
            "Koordinasi dan Penyusunan Laporan Keuangan Bulanan / Triwulanan / Semesteran SKPD",
            None,
            "2.13.01.2.02.0007",
            "nama",
        ),
        ("program", "Program Peningkatan Kerjasama Desa", None, "2.13.03", "nama"),  # glued words
        ("kegiatan", "Penyelenggaraan Penataan Desa", None, "2.13.02.2.01", "nama"),  # not the 3.01/4.01 twins
        # a code written before the name, in the old 2-digit form
        ("sub_kegiatan", "2.13.04.2.01.12 Fasilitasi Manajemen Pemerintahan Desa", None, "2.13.04.2.01.0012", "kode"),
        ("sub_kegiatan", "2.13.01.2.02.01 Penyediaan Gaji dan Tunjangan ASN", None, "2.13.01.2.02.0001", "kode"),
        # small spelling differences
        ("sub_kegiatan", "Fasilitas Manajemen Pemerintahan Desa", None, "2.13.04.2.01.0012", "fuzzy"),
        ("sub_kegiatan", "Fasilitasi Penetapan dan Penegasn Batas Desa", None, "2.13.04.2.01.0015", "fuzzy"),
        # the parent decides between items of the same name
        (
            "sub_kegiatan",
            "Fasilitasi Tim Penggerak PKK dalam Penyelenggaraan Gerakan Pemberdayaan Masyarakat dan "
            "Kesejahteraan Keluarga",
            None,
            "2.13.05.2.01.0009",
            "nama",
        ),
        (
            "sub_kegiatan",
            "Fasilitasi Tim Penggerak PKK dalam Penyelenggaraan Gerakan Pemberdayaan Masyarakat dan "
            "Kesejahteraan Keluarga",
            "2.13.06.3.01",
            "2.13.06.3.01.0003",
            "nama",
        ),
        # no match: another item, another level, below the threshold, empty
        ("sub_kegiatan", "Pembangunan Jalan Usaha Tani", None, None, None),
        ("sub_kegiatan", "Fasilitasi Penyusunan Profil Kecamatan", None, None, None),  # 0.87: a different thing
        ("kegiatan", "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemda", None, None, None),  # abbreviated
        ("program", "Penyediaan Gaji dan Tunjangan ASN", None, None, None),
        ("sub_kegiatan", "", None, None, None),
        ("sub_kegiatan", " - ", None, None, None),
    ],
)
def test_matching_truth_table(
    matcher: NomenklaturMatcher, level: str, nama: str, parent_kode: str | None, kode: str | None, how: str | None
) -> None:
    found = matcher.match(level, nama, parent_kode=parent_kode)
    if kode is None:
        assert found is None
        return
    assert found is not None
    assert (found.kode, found.how) == (kode, how)
    if how == "fuzzy":
        assert 0.9 <= found.score < 1.0
    else:
        assert found.score == 1.0


def test_support_program_codes_follow_the_agency_bidang(builtin: NomenklaturVersi) -> None:
    dpmd = nomenklatur_match(
        versi=builtin, level="sub_kegiatan", nama="Penyediaan Gaji dan Tunjangan ASN", bidang_kode="2.13"
    )
    generic = nomenklatur_match(versi=builtin, level="sub_kegiatan", nama="Penyediaan Gaji dan Tunjangan ASN")
    assert dpmd is not None and generic is not None
    assert dpmd.kode == "2.13.01.2.02.0001"
    assert generic.kode == "X.XX.01.2.02.0001"
    assert dpmd.item == generic.item
    kegiatan = nomenklatur_match(
        versi=BUILTIN_VERSI_KODE,
        level="sub_kegiatan",
        nama="Penyediaan Gaji dan Tunjangan ASN",
        parent_kode="2.13.01.2.02",
        bidang_kode="2.13",
    )
    assert kegiatan is not None and not kegiatan.outside_parent


def test_match_code_accepts_every_written_form(matcher: NomenklaturMatcher) -> None:
    for written in ("2.13.04.2.01.0012", "2.13.04.2.01.12", "2.13.4.2.1.12"):
        found = matcher.match_code(written)
        assert found is not None and (found.kode, found.how) == ("2.13.04.2.01.0012", "kode")
    support = matcher.match_code("2.13.01.2.02.01")
    assert support is not None and support.item.kode == "X.XX.01.2.02.0001" and support.kode == "2.13.01.2.02.0001"
    checked = matcher.match_code("2.13.04.2.01.12", "Fasilitas Manajemen Pemerintahan Desa")
    assert checked is not None and 0.95 < checked.score < 1.0  # the name is checked against the code
    assert matcher.match_code("2.13.04.2.01.0099") is None
    assert matcher.match_code("bukan kode") is None


def test_a_name_under_the_wrong_parent_is_found_elsewhere_and_says_so(matcher: NomenklaturMatcher) -> None:
    found = matcher.match("sub_kegiatan", "Fasilitasi Pengelolaan Keuangan Desa", parent_kode="2.13.02.2.01")
    assert found is not None
    assert found.kode == "2.13.04.2.01.0004"
    assert found.outside_parent


def test_threshold_and_jenis_pemda_limit_matches(builtin: NomenklaturVersi) -> None:
    strict = NomenklaturMatcher(builtin, "kabkota", "2.13", threshold=0.99)
    assert strict.match("sub_kegiatan", "Fasilitas Manajemen Pemerintahan Desa") is None
    assert strict.match("sub_kegiatan", "Fasilitasi Manajemen Pemerintahan Desa") is not None
    prov = NomenklaturMatcher(builtin, "prov", None)
    assert prov.match("sub_kegiatan", "Penyediaan Gaji dan Tunjangan ASN") is None  # the subset is kab/kota only


def test_unknown_version_or_bidang_is_a_clear_error(builtin: NomenklaturVersi) -> None:
    with pytest.raises(RenjaError, match="belum ada"):
        NomenklaturMatcher("tidak-ada")
    with pytest.raises(ValueError, match="bukan kode bidang"):
        NomenklaturMatcher(builtin, "kabkota", "2.13.04")
    with pytest.raises(ValueError, match="bukan kode bidang"):
        NomenklaturMatcher(builtin, "kabkota", "DPMD")


@pytest.mark.slow
@pytest.mark.shared_data
def test_tabel_4_1_matches_the_same_items_in_the_full_kepmendagri_list() -> None:
    path = shared_path("data", "nomenklatur", "nomenklatur-kabkota-kepmendagri-900.xlsx")
    nomenklatur_import(path_or_bytes=path, versi_kode="kepmendagri-900", actor=None, source=Source.CLI)
    matcher = NomenklaturMatcher("kepmendagri-900", "kabkota", "2.13")
    got = []
    for level, _, nama in TABEL_4_1:
        found = matcher.match(level, nama)
        assert found is not None, nama
        got.append((level, found.kode, nama))
    assert got == TABEL_4_1
