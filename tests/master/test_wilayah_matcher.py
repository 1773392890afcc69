"""`WilayahMatcher`: the desa/kelurahan and kecamatan a document names, inside one pemda — read from the real
Kemendagri list (../shared/data/wilayah), including names broken by PDF conversion."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django import DjangoAssertNumQueries

from renja.core.types import Source
from renja.master.models import Wilayah
from renja.master.wilayah import WilayahMatcher, wilayah_find_pemda, wilayah_import, wilayah_key
from tests.conftest import shared_path

CSV = ("data", "wilayah", "kemendagri-wilayah-permendagri-72-2019.csv")


@pytest.fixture(scope="module")
def magetan() -> WilayahMatcher:
    matcher = WilayahMatcher.from_csv("35.20", shared_path(*CSV).read_text(encoding="utf-8"))
    assert matcher is not None
    return matcher


def test_magetan_has_18_kecamatan_207_desa_and_28_kelurahan(magetan: WilayahMatcher) -> None:
    assert len(magetan.kecamatan) == 18
    levels = [d.entry.level for d in magetan.desa]
    assert (levels.count("desa"), levels.count("kelurahan")) == (207, 28)


@pytest.mark.parametrize(
    ("desa", "kecamatan", "kode", "how"),
    [
        ("TANJUNG", "BENDO", "35.20.10.2004", "sama"),
        ("RINGINAGUN G", "MAGETAN", "35.20.06.2005", "ejaan"),  # a space from the PDF conversion
        ("PLANGKRON GAN", "PONCOL", "35.20.01.2006", "ejaan"),
        ("MBEDAGUN G", "PANEKAN", "35.20.08.2015", "ejaan"),  # Bedagung, with the Javanese nasal prefix
        ("DRIYOREJO", "NGUNTORONA DI", "35.20.17.2009", "sama"),  # the kecamatan is the broken one
        ("Desa Sugihredjo", "Kec. Kawedanan", "35.20.05.2016", "ejaan"),  # old spelling dj, prefixes
        ("Bulu Gledeg", "Bendo", "35.20.10.2013", "ejaan"),  # Bulugledeg written in two words
        ("Tamanarom", "Parang", "35.20.02.2009", "mirip"),  # one wrong letter
    ],
)
def test_the_desa_of_a_kecamatan(magetan: WilayahMatcher, desa: str, kecamatan: str, kode: str, how: str) -> None:
    r = magetan.match_desa(desa, kecamatan)
    assert r.desa is not None and r.desa.entry.kode == kode and r.desa.how == how
    assert r.in_kecamatan is True and not r.desa.ambiguous


def test_the_kecamatan_broken_by_pdf_conversion(magetan: WilayahMatcher) -> None:
    m = magetan.match_kecamatan("NGUNTORONA DI")
    assert m is not None and (m.entry.kode, m.how) == ("35.20.17", "ejaan")


def test_a_desa_found_in_another_kecamatan_says_so(magetan: WilayahMatcher) -> None:
    r = magetan.match_desa("TANJUNG", "KARAS")
    assert r.desa is not None and r.desa.entry.kode == "35.20.10.2004"
    assert r.in_kecamatan is False and r.desa.kecamatan is not None and r.desa.kecamatan.nama == "Bendo"


def test_a_name_shared_by_several_desa_is_not_guessed_without_a_kecamatan(magetan: WilayahMatcher) -> None:
    r = magetan.match_desa("Banjarejo")
    assert r.desa is not None and r.desa.ambiguous
    assert {r.desa.entry.kode, *(c.kode for c in r.desa.candidates)} == {
        "35.20.08.2020",
        "35.20.12.2002",
        "35.20.16.2012",
    }
    r = magetan.match_desa("Banjarejo", "Ngariboyo")
    assert r.desa is not None and r.desa.entry.kode == "35.20.16.2012" and not r.desa.ambiguous


def test_desa_and_kelurahan_are_told_apart(magetan: WilayahMatcher) -> None:
    kel = magetan.match_desa("Kel. Magetan", "Magetan")
    assert kel.desa is not None and kel.desa.entry.level == Wilayah.Level.KELURAHAN
    desa = magetan.match_desa("Karangrejo", "Kawedanan")  # a desa; Karangrejo is also a kelurahan elsewhere
    assert desa.desa is not None and (desa.desa.entry.kode, desa.desa.entry.level) == ("35.20.05.2018", "desa")


def test_an_unknown_name_gives_suggestions_not_a_guess(magetan: WilayahMatcher) -> None:
    r = magetan.match_desa("Xyzzy", "Bendo")
    assert r.desa is None and r.kecamatan is not None
    r = magetan.match_desa("Plangkr", "Poncol")  # too far to be sure (0.74): suggested, not matched
    assert r.desa is None and [s.nama for s in r.suggestions][:1] == ["Plangkrongan"]


def test_the_key_drops_case_punctuation_and_prefixes() -> None:
    assert wilayah_key("DESA  RINGIN-AGUNG") == "ringin agung"
    assert wilayah_key("Kel. Magetan") == "magetan"


@pytest.mark.django_db
def test_from_the_database_in_one_query(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    path = shared_path(*CSV)
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith(("35,", "35.20", "35.19"))]
    wilayah_import(data="\n".join(lines).encode(), actor=None, source=Source.CLI)
    with django_assert_num_queries(1):
        matcher = WilayahMatcher.for_pemda("35.20")
    assert matcher is not None and len(matcher.desa) == 235
    assert not any(d.entry.kode.startswith("35.19") for d in matcher.desa)
    assert WilayahMatcher.for_pemda("99.99") is None
    found = wilayah_find_pemda("Kabupaten Magetan")
    assert found is not None and found.kode == "35.20"
    assert wilayah_find_pemda("Pemerintah Kabupaten Magetan") == found
    assert wilayah_find_pemda("Kabupaten Atlantis") is None


@pytest.mark.django_db
def test_the_import_command_reads_the_kemendagri_csv(tmp_path: Path) -> None:
    path = tmp_path / "magetan.csv"
    source = shared_path(*CSV).read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(ln for ln in source if ln.startswith(("35,", "35.20"))), encoding="utf-8")
    call_command("wilayah", "import", str(path))
    assert Wilayah.objects.filter(kode__startswith="35.20.", level=Wilayah.Level.DESA).count() == 207
    assert Wilayah.objects.get(kode="35.20.06.2005").parent.kode == "35.20.06"  # type: ignore[union-attr]
