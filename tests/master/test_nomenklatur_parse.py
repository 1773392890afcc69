"""The pure nomenclature parser: both real shapes, the curated CSV, and what it reports. No database."""

from __future__ import annotations

import importlib.util
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renja.importers.parse.nomenklatur_xlsx import (
    FORMAT_KEPMENDAGRI,
    FORMAT_SIPD,
    NomenklaturFormatError,
    ParsedNomenklatur,
    parse_kurasi_csv,
    parse_nomenklatur_xlsx,
    write_kurasi_csv,
)
from renja.master.nomenklatur import BUILTIN_CSV
from tests.conftest import REPO, shared_path
from tests.master.builders import (
    KEPMENDAGRI_HEADER,
    KEPMENDAGRI_ROWS,
    kepmendagri_bytes,
    sipd_bytes,
    sipd_row,
    workbook_bytes,
)


def by_code(parsed: ParsedNomenklatur, jenis: str = "kabkota") -> dict[str, object]:
    return {i.kode: i for i in parsed.items if i.jenis_pemda == jenis}


def kinds(parsed: ParsedNomenklatur) -> Counter[str]:
    return Counter(f.kode for f in parsed.findings)


# ------------------------------------------------------------------------------------------ Kepmendagri 900


def test_kepmendagri_codes_are_joined_from_the_split_columns_and_made_canonical() -> None:
    parsed = parse_nomenklatur_xlsx(kepmendagri_bytes())

    assert parsed.format == FORMAT_KEPMENDAGRI
    assert parsed.sheet == "subkeg"
    items = {i.kode: i for i in parsed.items}
    assert sorted(items) == sorted(
        [
            "X",
            "X.XX",
            "X.XX.01",
            "X.XX.01.2.02",
            "X.XX.01.2.02.0001",
            "2",
            "2.13",
            "2.13.04",
            "2.13.04.2.01",
            "2.13.04.2.01.0001",
            "2.13.04.2.01.0012",
        ]
    )
    sub = items["2.13.04.2.01.0012"]
    assert sub.kode_asli == "2.13.4.2.01.12"
    assert sub.level == "sub_kegiatan"
    assert sub.parent_kode == "2.13.04.2.01"
    assert sub.nama == "Fasilitasi Manajemen Pemerintahan Desa"
    assert sub.extra["nama_asli"] == "Fasilitasi                          Manajemen Pemerintahan Desa"
    assert sub.satuan == "Dokumen"
    assert items["X.XX.01.2.02"].nama == "Administrasi Keuangan Perangkat Daerah"
    assert items["X.XX.01"].parent_kode == "X.XX"
    assert items["2.13"].parent_kode == "2"
    assert items["2"].parent_kode is None
    assert "nama_asli" not in items["2.13.04.2.01.0001"].extra
    assert parsed.count_per_level() == {"urusan": 2, "bidang": 2, "program": 2, "kegiatan": 2, "sub_kegiatan": 3}
    assert parsed.baris_kosong == 1
    assert [(f.kode, f.loc.line) for f in parsed.findings] == [("BARIS_KOSONG", 7)]


def test_kepmendagri_header_may_sit_below_a_title_and_numbers_may_be_floats() -> None:
    rows = [(2.0, 13.0, 4.0, 2.1, 1.0, "Sub kegiatan dengan kode angka desimal")]
    data = workbook_bytes(
        KEPMENDAGRI_HEADER, rows, title="Lampiran", preamble=[("LAMPIRAN KEPUTUSAN MENTERI DALAM NEGERI",), ()]
    )
    parsed = parse_nomenklatur_xlsx(data)
    assert [i.kode for i in parsed.items] == ["2.13.04.2.10.0001"]
    assert parsed.items[0].baris == 4


def test_kepmendagri_oddities_become_findings_and_nothing_is_lost_silently() -> None:
    rows = [
        *KEPMENDAGRI_ROWS,
        (2, 13, 4, "2.01", 1, "Nama lain untuk kode yang sama"),  # duplicate code, different name
        (2, 13, 4, "2.01", 1, "Fasilitasi  Penyelenggaraan Administrasi Pemerintahan Desa"),  # exact repeat
        (2, 13, 9, "2.01", 1, "Sub kegiatan tanpa program dan kegiatan"),  # parent missing
        (2, None, 4, None, None, "Kode berlubang"),  # gap in the code
        (2, 13, 4, "2.x", 3, "Kode kegiatan rusak"),  # unparseable
        (None, None, None, None, None, "Judul tanpa kode"),
        (2, 13, 4, "2.01", 5, None),  # no name
        (None, None, None, None, None, None, "kinerja yang terlepas"),
    ]
    parsed = parse_nomenklatur_xlsx(kepmendagri_bytes(rows))

    found = kinds(parsed)
    assert found == Counter(
        {
            "BARIS_KOSONG": 1,
            "KODE_GANDA": 1,
            "BARIS_GANDA": 1,
            "INDUK_TIDAK_ADA": 1,
            "KODE_TIDAK_LENGKAP": 1,
            "KODE_TIDAK_TERBACA": 1,
            "KODE_KOSONG": 1,
            "NAMA_KOSONG": 1,
            "BARIS_TANPA_KODE": 1,
        }
    )
    items = by_code(parsed)
    assert items["2.13.04.2.01.0001"].nama == "Fasilitasi Penyelenggaraan Administrasi Pemerintahan Desa"
    ganda = next(f for f in parsed.findings if f.kode == "KODE_GANDA")
    assert ganda.loc.line == 14 and ganda.severity == "peringatan"
    assert "di baris 12" in ganda.pesan
    missing = next(f for f in parsed.findings if f.kode == "INDUK_TIDAK_ADA")
    assert "induknya 2.13.09.2.01 tidak ada" in missing.pesan
    assert "2.13.09.2.01.0001" in items  # kept, without its parent
    lubang = next(f for f in parsed.findings if f.kode == "KODE_TIDAK_LENGKAP")
    assert lubang.loc.column == "BIDANG"


def test_unknown_header_is_a_clear_error_in_bahasa_indonesia() -> None:
    data = workbook_bytes(("NO", "URAIAN", "PAGU"), [(1, "Belanja", 100)], title="Data")
    with pytest.raises(NomenklaturFormatError, match=r"Format berkas anggaran\.xlsx tidak dikenali") as exc:
        parse_nomenklatur_xlsx(data, nama="anggaran.xlsx")
    assert "'Data'" in exc.value.message
    assert "JENIS PEMDA" in exc.value.message


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 bukan zip", b"kode,nama\n1,a\n"])
def test_a_file_that_is_not_xlsx_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(NomenklaturFormatError, match="tidak bisa dibaca sebagai XLSX"):
        parse_nomenklatur_xlsx(data)


def test_a_missing_path_is_a_clear_error(tmp_path: object) -> None:
    with pytest.raises(NomenklaturFormatError, match="tidak ada"):
        parse_nomenklatur_xlsx(f"{tmp_path}/tidak-ada.xlsx")


cells = st.one_of(
    st.none(),
    st.integers(-5, 200),
    st.sampled_from(["X", "XX", "2.01", "2.1", "", " ", "a.b"]),
    st.text(max_size=12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(cells, cells, cells, cells, cells, st.one_of(st.none(), st.text(max_size=20))), max_size=8))
def test_kepmendagri_parser_never_crashes(rows: list[tuple[object, ...]]) -> None:
    clean = [tuple(c.replace("\x00", "") if isinstance(c, str) else c for c in r) for r in rows]
    clean = [tuple("".join(ch for ch in c if ch.isprintable()) if isinstance(c, str) else c for c in r) for r in clean]
    parsed = parse_nomenklatur_xlsx(kepmendagri_bytes(clean))
    assert parsed.baris_data == len(rows)
    for item in parsed.items:
        assert item.nama and item.level


# ------------------------------------------------------------------------------------------ SIPD


SIPD_ROWS = [
    sipd_row(
        "PROV",
        "1.01 URUSAN PEMERINTAHAN BIDANG PENDIDIKAN",
        "1.01.02 PROGRAM PENGELOLAAN PENDIDIKAN",
        "1.01.02.1.01 Pengelolaan Pendidikan Sekolah Menengah Atas",
        "1.01.02.1.01.0001 Pembangunan USB (Unit Sekolah Baru)",
        tag='["GEOPARK", null]',
    ),
    sipd_row(
        "PROV",
        "1.01 URUSAN PEMERINTAHAN BIDANG PENDIDIKAN",
        "1.01.02 PROGRAM PENGELOLAAN PENDIDIKAN",
        "1.01.02.1.01 Pengelolaan Pendidikan Sekolah Menengah Atas",
        "1.01.02.1.01.0003 Pembangunan Ruang Guru/Kepala Sekolah/TU ",
        sebelumnya="1.01.02.1.01.0002 Pembangunan Ruang Guru\n\n",
    ),
    sipd_row(
        "KABKOT",
        "1.01 URUSAN PEMERINTAHAN BIDANG PENDIDIKAN",
        "1.01.02 PROGRAM PENGELOLAAN PENDIDIKAN",
        "1.01.02.2.01 Pengelolaan Pendidikan Sekolah Dasar",
        "1.01.02.2.01.0001 Pembangunan USB (Unit Sekolah Baru)",
    ),
    sipd_row(
        "KABKOT",
        "X.XX URUSAN PEMERINTAHAN BIDANG XX",
        "X.XX.01 PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
        "X.XX.01.2.01 Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        "X.XX.01.2.01.0001 Penyusunan Dokumen Perencanaan Perangkat Daerah",
    ),
]


def test_sipd_levels_repeat_on_every_row_and_are_deduplicated_per_jenis_pemda() -> None:
    parsed = parse_nomenklatur_xlsx(sipd_bytes(SIPD_ROWS))

    assert parsed.format == FORMAT_SIPD
    assert parsed.count_per_level("prov") == {"urusan": 0, "bidang": 1, "program": 1, "kegiatan": 1, "sub_kegiatan": 2}
    assert parsed.count_per_level("kabkota") == {
        "urusan": 0,
        "bidang": 2,
        "program": 2,
        "kegiatan": 2,
        "sub_kegiatan": 2,
    }
    prov = by_code(parsed, "prov")
    sub = prov["1.01.02.1.01.0001"]
    assert sub.parent_kode == "1.01.02.1.01"
    assert sub.kinerja == "Tersedianya X" and sub.indikator == "Jumlah X" and sub.satuan == "Dokumen"
    assert sub.extra["tag"] == ["GEOPARK"]
    assert sub.extra["spm"] == "NON-SPM" and sub.extra["jenis"] == "Layanan"
    assert sub.extra["definisi_operasional"] == "Cakupan:\n- satu"
    renamed = prov["1.01.02.1.01.0003"]
    assert renamed.nama == "Pembangunan Ruang Guru/Kepala Sekolah/TU"
    assert renamed.kode_sebelumnya == "1.01.02.1.01.0002"
    assert renamed.extra["subkegiatan_sebelumnya"] == "1.01.02.1.01.0002 Pembangunan Ruang Guru"
    assert prov["1.01"].parent_kode is None  # the export has no urusan column
    assert by_code(parsed)["X.XX.01.2.01.0001"].parent_kode == "X.XX.01.2.01"
    assert kinds(parsed) == Counter({"TANPA_URUSAN": 1})


def test_sipd_oddities_become_findings() -> None:
    rows = [
        *SIPD_ROWS,
        sipd_row(
            "PROV",
            "1.01 BIDANG PENDIDIKAN (NAMA LAIN)",
            "1.01.02 PROGRAM PENGELOLAAN PENDIDIKAN",
            "1.01.02.1.01 Pengelolaan Pendidikan Sekolah Menengah Atas",
            "1.01.02.1.01.0004 Sub tanpa indikator",
            kinerja="",
            indikator="",
            satuan="",
            jenis_sub="supd",
        ),
        sipd_row(
            "PROV",
            "1.01 URUSAN PEMERINTAHAN BIDANG PENDIDIKAN",
            "1.01.03 PROGRAM LAIN",
            "1.02.03.1.01 Kegiatan di bidang lain",
            "1.02.03.1.01.0001 Sub di bidang lain",
        ),
        sipd_row("KOTA ADM", "1.01 X", "1.01.02 Y", "1.01.02.2.01 Z", "1.01.02.2.01.0009 W"),
        sipd_row("PROV", "1.01 URUSAN PEMERINTAHAN BIDANG PENDIDIKAN", "PROGRAM TANPA KODE", "-", "-"),
        sipd_row(
            "PROV",
            "1.01 URUSAN PEMERINTAHAN BIDANG PENDIDIKAN",
            "1.01.02 PROGRAM PENGELOLAAN PENDIDIKAN",
            "1.01.02.1 Kegiatan berkode program",
            "1.01.02.1.01.0099 X",
        ),
        sipd_row(
            "PROV",
            "1.01 URUSAN PEMERINTAHAN BIDANG PENDIDIKAN",
            "1.01.02 PROGRAM PENGELOLAAN PENDIDIKAN",
            "1.01.02.1.01 Pengelolaan Pendidikan Sekolah Menengah Atas",
            "1.01.02.1.01.0005 Sub",
            sebelumnya="lihat daftar lama",
        ),
        (None,) * 14,
    ]
    parsed = parse_nomenklatur_xlsx(sipd_bytes(rows))
    assert kinds(parsed) == Counter(
        {
            "TANPA_URUSAN": 1,
            "KODE_GANDA": 1,
            "INDIKATOR_KOSONG": 1,
            "JENIS_TIDAK_BIASA": 1,
            "KODE_TIDAK_KONSISTEN": 1,
            "INDUK_TIDAK_ADA": 1,
            "JENIS_PEMDA_TIDAK_DIKENAL": 1,
            "KODE_TIDAK_TERBACA": 2,
            "KODE_SEBELUMNYA_TIDAK_TERBACA": 1,
            "BARIS_KOSONG": 1,
        }
    )
    assert by_code(parsed, "prov")["1.01"].nama == "URUSAN PEMERINTAHAN BIDANG PENDIDIKAN"


# ------------------------------------------------------------------------------------------ curated CSV


def test_shipped_curated_csv_reads_back_cleanly_and_round_trips() -> None:
    text = BUILTIN_CSV.read_text(encoding="utf-8")
    parsed = parse_kurasi_csv(text)
    assert parsed.findings == ()
    assert parsed.count_per_level() == {"urusan": 2, "bidang": 2, "program": 8, "kegiatan": 38, "sub_kegiatan": 204}
    assert write_kurasi_csv(parsed.items) == text
    codes = {i.kode for i in parsed.items}
    assert all(c in {"2", "X", "X.XX"} or c.startswith(("2.13", "X.XX.01")) for c in codes)
    assert all(i.satuan and i.indikator for i in parsed.items if i.level == "sub_kegiatan")


def test_curated_csv_checks_levels_and_parents() -> None:
    text = (
        "level,kode,nama,kinerja,indikator,satuan,parent_kode\n"
        "program,2.13.04,PROGRAM ADMINISTRASI PEMERINTAHAN DESA,,,,2.13\n"
        "kegiatan,2.13.04.2.01.0001,Salah level,,,,2.13.04\n"
        "sub_kegiatan,2.13.04.2.01.1,Tanpa kegiatan,,,Dokumen,2.13.99\n"
    )
    parsed = parse_kurasi_csv(text)
    assert kinds(parsed) == Counter({"KODE_LEVEL_SALAH": 1, "KODE_TIDAK_KONSISTEN": 1, "INDUK_TIDAK_ADA": 2})
    with pytest.raises(NomenklaturFormatError, match="tanpa kolom"):
        parse_kurasi_csv("kode;nama\n1;a\n")


# ------------------------------------------------------------------------------------------ real files


@pytest.mark.slow
@pytest.mark.shared_data
def test_real_kepmendagri_900_file_parses_completely() -> None:
    path = shared_path("data", "nomenklatur", "nomenklatur-kabkota-kepmendagri-900.xlsx")
    started = time.perf_counter()
    parsed = parse_nomenklatur_xlsx(path)
    elapsed = time.perf_counter() - started

    assert parsed.format == FORMAT_KEPMENDAGRI
    # The README's 4,368 rows are data rows: 4,367 items plus one blank row (row 122, after the support program).
    assert parsed.baris_data == 4368
    assert parsed.baris_kosong == 1
    assert parsed.count_per_level() == {
        "urusan": 10,
        "bidang": 45,
        "program": 188,
        "kegiatan": 729,
        "sub_kegiatan": 3395,
    }
    assert [(f.kode, f.loc.line) for f in parsed.findings] == [("BARIS_KOSONG", 122)]
    items = by_code(parsed)
    assert items["2.13.04.2.01.0012"].nama == "Fasilitasi Manajemen Pemerintahan Desa"
    assert items["X.XX.01.2.02.0001"].satuan == "Orang/bulan"
    assert all(i.parent_kode in items for i in parsed.items if i.parent_kode)
    assert elapsed < 30  # generous: a guard against a pathological slowdown, not a benchmark


@pytest.mark.slow
@pytest.mark.shared_data
def test_real_sipd_2027_file_parses_completely() -> None:
    path = shared_path("data", "nomenklatur", "nomenklatur-sipd-pemutakhiran-2027.xlsx")
    parsed = parse_nomenklatur_xlsx(path)

    assert parsed.format == FORMAT_SIPD
    assert parsed.baris_data == 7581
    assert parsed.count_per_level("prov") == {
        "urusan": 0,
        "bidang": 50,
        "program": 217,
        "kegiatan": 912,
        "sub_kegiatan": 4031,
    }
    assert parsed.count_per_level("kabkota") == {
        "urusan": 0,
        "bidang": 45,
        "program": 189,
        "kegiatan": 713,
        "sub_kegiatan": 3550,
    }
    assert parsed.count_per_level()["sub_kegiatan"] == 7581  # one row per sub kegiatan, none repeated
    assert kinds(parsed) == Counter({"TANPA_URUSAN": 1, "INDIKATOR_KOSONG": 1, "JENIS_TIDAK_BIASA": 2})
    assert sum(1 for i in parsed.items if i.kode_sebelumnya) == 346


@pytest.mark.slow
@pytest.mark.shared_data
def test_shipped_curated_csv_is_what_the_script_makes_from_the_kepmendagri_file() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_nomenklatur_kurasi", REPO / "scripts" / "make_nomenklatur_kurasi.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)

    path = shared_path("data", "nomenklatur", "nomenklatur-kabkota-kepmendagri-900.xlsx")
    assert script.main([str(path), "--check"]) == 0
