"""The table layouts are data: one definition per table, read and checked by a pure module."""

from __future__ import annotations

import pytest

from renja.documents.layouts import LayoutError, Tahun, parse_layouts, shipped_layouts

OFFICIAL = ["T-C.29", "T-C.30", "T-C.31", "T-C.32", "Tabel 3.1", "T-C.33", "Bab IV"]


def test_the_shipped_file_defines_every_official_table_once() -> None:
    layouts = shipped_layouts()
    assert [t.kode for t in layouts.tabel] == OFFICIAL
    assert layouts.versi == "permendagri-86-2017/1"
    assert layouts.rencana.kode == "T-C.33"
    for t in layouts.tabel:
        assert [k.nomor for k in t.kolom] == [str(i) for i in range(1, len(t.kolom) + 1)], t.kode
        assert abs(sum(t.widths()) - 100) < 0.5


def test_tc29_has_the_eleven_official_columns_and_their_formulas() -> None:
    tc29 = shipped_layouts().get("T-C.29")
    assert len(tc29.kolom) == 11
    assert tc29.column("tingkat_realisasi").rumus_teks.startswith("7/6 × 100")
    assert tc29.column("tingkat_capaian").rumus_teks == "10/4 × 100"
    # column 8 by arah, column 10 by agregasi antar tahun; none for a range indicator
    assert tc29.column("tingkat_realisasi").formula("naik") == 'IF(N({target_n2})=0,"",{realisasi_n2}/{target_n2}*100)'
    assert "{target_n2}/{realisasi_n2}" in (tc29.column("tingkat_realisasi").formula("turun_t_per_r") or "")
    assert tc29.column("tingkat_realisasi").formula("tetap") is None
    assert tc29.column("perkiraan_realisasi").formula("jumlah") == "{realisasi_n3}+{realisasi_n2}+{target_n1}"
    assert tc29.column("perkiraan_realisasi").formula("nilai_akhir") == "{target_n1}"
    assert tc29.column("perkiraan_realisasi").formula(None) is None


def test_group_headers_span_their_columns_and_year_placeholders_are_filled() -> None:
    tc33 = shipped_layouts().get("T-C.33")
    top, bottom = tc33.header_rows(Tahun(n=2024, akhir=2023))
    assert [(h.text, h.colspan, h.rowspan) for h in top] == [
        ("Kode", 1, 2),
        ("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan", 1, 2),
        ("Indikator Kinerja Program/Kegiatan", 1, 2),
        ("Rencana Tahun 2024", 4, 1),
        ("Catatan Penting", 1, 2),
        ("Prakiraan Maju Rencana Tahun 2025", 2, 1),
    ]
    assert [h.text for h in bottom][:2] == ["Lokasi", "Target Capaian Kinerja"]
    assert tc33.caption(Tahun(n=2024)).startswith("Tabel 3.2 Rumusan Rencana Program dan Kegiatan")
    assert "Tahun 2024 dan Prakiraan Maju Tahun 2025" in tc33.caption(Tahun(n=2024))
    tc29 = shipped_layouts().get("T-C.29")
    assert tc29.header_rows(Tahun(n=2024, akhir=2023))[0][3].text.endswith("Tahun 2023")
    assert Tahun(n=2024).fill("{akhir}") == "…"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("versi = 'x'", "tidak memuat satu pun [[tabel]]"),
        (
            "[[tabel]]\nkode='A'\nnomor='1'\njudul='J'\nbab=1\nkolom=[{key='a', nomor='1', judul='A', jenis='uang'}]",
            "jenis 'uang'",
        ),
        (
            "[[tabel]]\nkode='A'\nnomor='1'\njudul='J'\nbab=1\nkolom=[{key='a', nomor='1', judul='A', jenis='teks'},"
            "{key='a', nomor='2', judul='B', jenis='teks'}]",
            "key kolom yang ganda",
        ),
        ("[[tabel]]\nkode='A'\nnomor='1'\njudul='J'\nbab=1\nlembar='a/b'\nkolom=[]", "nama lembar 'a/b'"),
        ("[[tabel]]\nkode='A'\nnomor='1'\nbab=1\nkolom=[]", "isian 'judul' wajib ada"),
        ("[[tabel]", "bukan TOML yang sah"),
    ],
)
def test_a_broken_layout_file_is_refused_with_a_message_naming_the_problem(text: str, message: str) -> None:
    with pytest.raises(LayoutError) as exc:
        parse_layouts(text, sumber="tabel.toml")
    assert message in str(exc.value)
    assert "tabel.toml" in str(exc.value)
