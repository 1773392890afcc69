"""Narrative text → blocks (pure)."""

from __future__ import annotations

from renja.documents.narasi import Run, inline_runs, parse_blocks, strip_signature

TEXT = """2.1 Evaluasi Pelaksanaan Renja Tahun Lalu

Realisasi sebesar **93,66 %** dari target (*Good Governance*).

Tujuan pemberdayaan adalah membantu masyarakat yang lemah agar

mereka bisa lebih mandiri.

- 1) Transparan, yaitu terbuka;
- 2) Responsif.
1. Program Penataan Desa;
kegiatan Penyelenggaraan Penataan Desa.
 - a. Sub butir

1.2 Bukan judul bab ini

Magetan, Juli 2023

KEPALA DINAS

EKO MURYANTO

NIP. 19750527 199311 1 001
"""


def test_headings_of_the_chapter_paragraphs_items_and_emphasis() -> None:
    blocks = parse_blocks(TEXT, bab=2, signer_names=["EKO MURYANTO"])
    kinds = [(b.jenis, b.nomor, b.marker, b.level) for b in blocks]
    assert kinds[0] == ("heading", "2.1", "", 2)
    assert blocks[0].text == "Evaluasi Pelaksanaan Renja Tahun Lalu"
    assert blocks[1].runs == (
        Run("Realisasi sebesar "),
        Run("93,66 %", bold=True),
        Run(" dari target ("),
        Run("Good Governance", italic=True),
        Run(")."),
    )
    # a paragraph cut by a page break is joined again
    assert blocks[2].text == "Tujuan pemberdayaan adalah membantu masyarakat yang lemah agar mereka bisa lebih mandiri."
    assert [(b.marker, b.level) for b in blocks[3:7]] == [("1)", 1), ("2)", 1), ("1.", 1), ("a.", 2)]
    assert blocks[5].text == "Program Penataan Desa; kegiatan Penyelenggaraan Penataan Desa."
    # "1.2 …" is not a heading of chapter 2; the signature block is left out (the document draws its own)
    assert blocks[7].jenis == "paragraph" and blocks[7].text == "1.2 Bukan judul bab ini"
    assert len(blocks) == 8
    assert all("NIP" not in b.text for b in blocks)


def test_signature_stays_when_it_does_not_name_the_signer() -> None:
    text = "Isi bab.\n\nMagetan, 2023\n\nCatatan lain"
    assert strip_signature(text, ["EKO"]) == text
    assert strip_signature("Isi.\n\nMagetan, 2023\nEKO\n", ["EKO"]) == "Isi."


def test_unmatched_stars_stay_text() -> None:
    assert inline_runs("a * b") == (Run("a * b"),)
    assert parse_blocks("") == []
