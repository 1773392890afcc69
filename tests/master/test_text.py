"""renja.core.text: name keys, code canonicalisation and similarity. Pure: no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renja.core.text import (
    canonical_code,
    code_level,
    generic_support_code,
    is_support_code,
    normalize_name,
    parent_code,
    similarity,
    specialise_support_code,
    try_canonical_code,
)

# ------------------------------------------------------------------------------------------ normalize_name


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Penyediaan  Gaji  dan  Tunjangan ASN", "penyediaan gaji dan tunjangan asn"),
        ("Evaluasi        Kinerja        Perangkat\nDaerah", "evaluasi kinerja perangkat daerah"),
        ("  Fasilitasi Bulan Bhakti Gotong Royong Masyarakat.  ", "fasilitasi bulan bhakti gotong royong masyarakat"),
        (
            "Laporan Keuangan Bulanan/ Triwulanan/ Semesteran SKPD",
            "laporan keuangan bulanan/triwulanan/semesteran skpd",
        ),
        ("Kewenangan Kabupaten /Kota", "kewenangan kabupaten/kota"),
        ("Perubahan DPA- SKPD", "perubahan dpa-skpd"),
        ("Sosialisasi Peraturan Perundang- Undangan", "sosialisasi peraturan perundang-undangan"),
        ("Ketentraman , Ketertiban dan Perlindungan", "ketentraman ketertiban dan perlindungan"),
        ("Desa/Kelurahan (RT, RW, PKK)", "desa/kelurahan rt rw pkk"),
        ("Sarana & Prasarana", "sarana dan prasarana"),
        ("R&D", "r d"),
        ("Pelayanan\u00a0Umum\u200b Kantor", "pelayanan umum kantor"),
        ("Antar\u2013Desa", "antar-desa"),
        ("", ""),
        ("  .,;  ", ""),
    ],
)
def test_normalize_name_examples(raw: str, key: str) -> None:
    assert normalize_name(raw) == key


def test_normalize_name_of_none_is_empty() -> None:
    assert normalize_name(None) == ""


@given(st.text())
def test_normalize_name_is_idempotent(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once


@given(st.one_of(st.text(), st.none(), st.integers(), st.floats(allow_nan=True), st.binary()))
def test_normalize_name_never_raises_and_has_no_runs_of_blanks(value: object) -> None:
    key = normalize_name(value)
    assert key == key.strip()
    assert "  " not in key
    assert key == key.casefold()


@given(st.text(alphabet=st.sampled_from("abc XYZ/-.,"), max_size=30))
def test_normalize_name_ignores_case_and_spacing(text: str) -> None:
    assert normalize_name(text.upper().replace(" ", "   ")) == normalize_name(text)


# ------------------------------------------------------------------------------------------ similarity


def test_similarity_of_small_spelling_differences_is_high() -> None:
    assert similarity("Fasilitas Manajemen Pemerintahan Desa", "Fasilitasi Manajemen Pemerintahan Desa") > 0.95
    assert similarity("Fasilitasi Pembangunan Kawasan Pedesaan", "Fasilitasi Pembangunan Kawasan Perdesaan") > 0.95
    assert similarity("Penyediaan Barang Cetak dan Penggandaan", "Penyediaan Barang Cetakan dan Penggandaan") > 0.95


def test_similarity_of_different_names_is_low() -> None:
    assert similarity("Penyediaan Jasa Surat Menyurat", "Penyediaan Jasa Pelayanan Umum Kantor") < 0.7
    assert similarity("Pengadaan Mebel", "Fasilitasi Penataan Kewenangan Desa") < 0.5


def test_similarity_ignores_glued_words_and_moved_words() -> None:
    assert similarity("Program Peningkatan Kerjasama Desa", "PROGRAM PENINGKATAN KERJA SAMA DESA") == 1.0
    assert similarity("Pembangunan Unit Sekolah Baru (USB)", "Pembangunan USB (Unit Sekolah Baru)") == 1.0


def test_similarity_of_equal_keys_is_one_and_of_empty_is_zero() -> None:
    assert similarity("  PENYEDIAAN gaji dan tunjangan ASN.", "Penyediaan Gaji dan Tunjangan ASN") == 1.0
    assert similarity("", "") == 0.0
    assert similarity("abc", None) == 0.0


@given(st.text(max_size=40), st.text(max_size=40))
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    s = similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert s == similarity(b, a)


# ------------------------------------------------------------------------------------------ codes


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("2.13.04.2.01.0001", "2.13.04.2.01.0001"),
        ("2.13.04.2.01.01", "2.13.04.2.01.0001"),  # Permendagri 90/2019: 2-digit sub kegiatan
        ("2.13.04.2.01.1", "2.13.04.2.01.0001"),
        ("2.13.04.2.01.12", "2.13.04.2.01.0012"),
        ("2.13.4", "2.13.04"),
        ("2.13.04", "2.13.04"),
        ("2.13.04.2.01", "2.13.04.2.01"),
        ("2.13.4.2.1", "2.13.04.2.01"),
        ("2.13", "2.13"),
        ("2.9", "2.09"),
        ("2", "2"),
        ("X.XX.01", "X.XX.01"),
        ("x.xx.01.2.01.0001", "X.XX.01.2.01.0001"),
        ("X.XX.1.2.02.1", "X.XX.01.2.02.0001"),
        (" 2 . 13 . 04 . 2 . 01 . 01 ", "2.13.04.2.01.0001"),
        ("2.13.04.", "2.13.04"),
    ],
)
def test_canonical_code(raw: str, canonical: str) -> None:
    assert canonical_code(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    ["", "abc", "2.13.04.2", "2.13.0.00.0.00.01.0000", "2.13.04.2.01.00001", "2.XX", "X.13", "12.13", "2.13.04.2.01.x"],
)
def test_canonical_code_rejects_what_is_not_a_code(raw: str) -> None:
    with pytest.raises(ValueError, match="kode"):
        canonical_code(raw)
    assert try_canonical_code(raw) is None


def test_two_and_four_digit_sub_kegiatan_codes_are_the_same_code() -> None:
    assert canonical_code("2.13.04.2.01.18") == canonical_code("2.13.04.2.01.0018")


codes = st.builds(
    lambda u, b, p, k, kk, s, n: ".".join([str(u), str(b), str(p), str(k), str(kk), str(s)][:n]),
    st.integers(1, 9),
    st.integers(1, 99),
    st.integers(1, 99),
    st.integers(1, 9),
    st.integers(1, 99),
    st.integers(1, 9999),
    st.sampled_from([1, 2, 3, 5, 6]),
)


@given(codes)
def test_canonical_code_is_idempotent_and_levelled(raw: str) -> None:
    canonical = canonical_code(raw)
    assert canonical_code(canonical) == canonical
    assert (
        code_level(canonical)
        == {1: "urusan", 2: "bidang", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}[len(raw.split("."))]
    )


@given(st.text(max_size=30))
def test_try_canonical_code_never_raises(text: str) -> None:
    result = try_canonical_code(text)
    assert result is None or canonical_code(result) == result


def test_parent_codes() -> None:
    assert parent_code("2.13.04.2.01.0001") == "2.13.04.2.01"
    assert parent_code("2.13.04.2.01") == "2.13.04"
    assert parent_code("2.13.04") == "2.13"
    assert parent_code("2.13") == "2"
    assert parent_code("2") is None


def test_support_program_codes_follow_the_agency() -> None:
    assert is_support_code("X.XX.01.2.02.0001")
    assert not is_support_code("2.13.01.2.02.0001")
    assert specialise_support_code("X.XX.01.2.02.0001", "2.13") == "2.13.01.2.02.0001"
    assert specialise_support_code("X.XX.01", "2.13") == "2.13.01"
    assert specialise_support_code("X.XX", "2.13") == "2.13"
    assert specialise_support_code("X.XX.01.2.02.0001", None) == "X.XX.01.2.02.0001"
    assert specialise_support_code("2.13.04.2.01.0001", "1.02") == "2.13.04.2.01.0001"
    assert generic_support_code("2.13.01.2.02.0001") == "X.XX.01.2.02.0001"
    assert generic_support_code("2.13.04.2.01.0001") is None
    with pytest.raises(ValueError, match="bidang"):
        specialise_support_code("X.XX.01", "2.13.04")
