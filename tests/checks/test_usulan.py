"""Usulan against the wilayah master (../shared/data/wilayah): each wilayah check fires on a constructed
document and stays silent on the clean one."""

from __future__ import annotations

import pytest

from renja.checks.lookups import DbWilayahLookup
from renja.master.wilayah import WilayahMatcher
from tests.checks.documents import CLEAN, broken, check_text, codes, line_of
from tests.conftest import shared_path

WILAYAH_CODES = {
    "DESA_TIDAK_DITEMUKAN",
    "DESA_BEDA_KECAMATAN",
    "KECAMATAN_TIDAK_DITEMUKAN",
    "DESA_TIDAK_PASTI",
    "DESA_EJAAN_BERBEDA",
    "DESA_ADALAH_KELURAHAN",
    "WILAYAH_TIDAK_DIPERIKSA",
}
ROW = "1\tTANJUNG\tBENDO"


@pytest.fixture(scope="module")
def magetan() -> DbWilayahLookup:
    csv = shared_path("data", "wilayah", "kemendagri-wilayah-permendagri-72-2019.csv").read_text(encoding="utf-8")
    matcher = WilayahMatcher.from_csv("35.20", csv)
    assert matcher is not None
    return DbWilayahLookup(matcher)


def test_the_clean_usulan_are_all_found_in_their_kecamatan(magetan: DbWilayahLookup) -> None:
    hasil = check_text(CLEAN, wilayah=magetan)
    assert hasil.temuan == ()
    assert hasil.wilayah == "35.20 KAB. MAGETAN"
    assert next(b for b in hasil.kelengkapan if b.kode == "tc32").status == "lengkap"


@pytest.mark.parametrize(
    ("kode", "new", "expected"),
    [
        ("DESA_TIDAK_DITEMUKAN", "1\tZZYZX\tBENDO", "desa/kelurahan dari 35.20 KAB. MAGETAN"),
        ("DESA_BEDA_KECAMATAN", "1\tTANJUNG\tKARAS", "kecamatan Bendo"),
        ("KECAMATAN_TIDAK_DITEMUKAN", "1\tTANJUNG\tATLANTIS", "kecamatan dari 35.20 KAB. MAGETAN; desa Tanjung ada di"),
        ("DESA_EJAAN_BERBEDA", "1\tTANJUN G\tBENDO", "Tanjung"),
        ("DESA_TIDAK_PASTI", "1\tTANJUNK\tBENDO", "Tanjung"),
        ("DESA_TIDAK_PASTI", "1\tBANJAREJO\t", "satu desa (tulis kecamatannya)"),
        ("DESA_ADALAH_KELURAHAN", "1\tBENDO\tBENDO", "desa (kode 2xxx)"),
    ],
)
def test_each_wilayah_check_fires(magetan: DbWilayahLookup, kode: str, new: str, expected: str) -> None:
    text = broken(ROW, new)
    found = [t for t in check_text(text, wilayah=magetan).temuan if t.kode == kode]
    assert len(found) == 1, codes(check_text(text, wilayah=magetan))
    assert found[0].lokasi.baris_dokumen == line_of(text, new) and found[0].lokasi.tabel == "Tabel 2.5"
    assert found[0].diharapkan.startswith(expected)


def test_without_the_master_the_checker_says_the_desa_were_not_checked() -> None:
    assert codes(check_text(CLEAN)) == ["WILAYAH_TIDAK_DIPERIKSA"]


def test_the_seed_names_broken_by_pdf_conversion_are_read(magetan: DbWilayahLookup) -> None:
    r = magetan.cari_desa("RINGINAGUN G", "MAGETAN")
    assert r.desa is not None and (r.desa.kode, r.desa.cara) == ("35.20.06.2005", "ejaan") and r.di_kecamatan
    r = magetan.cari_desa("DRIYOREJO", "NGUNTORONA DI")
    assert r.kecamatan is not None and r.kecamatan.nama == "Nguntoronadi" and r.di_kecamatan
