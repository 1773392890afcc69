"""DOCX documents with real tables: read into the text form the parser reads, checked, located in Word terms."""

from __future__ import annotations

import io

import pytest
from docx import Document

from renja.checks.docx import docx_ke_teks
from renja.checks.selectors import check_document
from renja.core.errors import RenjaError
from tests.checks.documents import CLEAN, broken


def to_docx(text: str, *, merge_header: bool = True) -> bytes:
    """A Word document with the text's prose as paragraphs and each block of tab-separated lines as a real
    table; the first header cell of Tabel 4.1 ('Traget Kinerja …') is merged over its four columns."""
    doc = Document()
    block: list[list[str]] = []

    def flush() -> None:
        if not block:
            return
        ncols = max(len(r) for r in block)
        table = doc.add_table(rows=len(block), cols=ncols)
        for i, cells in enumerate(block):
            for j, value in enumerate(cells):
                table.cell(i, j).text = value
        if merge_header and block[0][0] == "Program dan Kegiatan":
            merged = table.cell(0, 2).merge(table.cell(0, 5))
            merged.text = "Traget Kinerja Program dan Kerangka Pendanaan"
        block.clear()

    for line in text.split("\n"):
        if "\t" in line:
            block.append(line.split("\t"))
            continue
        flush()
        doc.add_paragraph(line)
    flush()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_merged_cell_is_written_once_and_lines_know_their_place_in_word() -> None:
    converted = docx_ke_teks(to_docx(CLEAN))
    header = next(ln for ln in converted.teks.split("\n") if ln.startswith("Program dan Kegiatan\t"))
    assert header.split("\t")[2:] == ["Traget Kinerja Program dan Kerangka Pendanaan", "", "", ""]
    line = converted.teks.split("\n").index(header) + 1
    assert converted.posisi_baris(line).startswith("tabel Word ke-") and converted.posisi_baris(line).endswith(
        "baris 1"
    )
    assert converted.posisi_baris(1) == "paragraf 1"


@pytest.mark.django_db
def test_a_clean_docx_checks_clean() -> None:
    hasil = check_document(data=to_docx(CLEAN), filename="renja.docx")
    assert hasil.format == "docx"
    assert [t for t in hasil.temuan if t.severity in ("error", "peringatan")] == []


@pytest.mark.django_db
def test_a_wrong_sum_in_a_word_table_is_located_in_word_terms() -> None:
    hasil = check_document(
        data=to_docx(broken("5 Dokumen\t100,000,000", "5 Dokumen\t90,000,000")), filename="renja.docx"
    )
    found = [t for t in hasil.temuan if t.kode == "PAGU_INDUK_TIDAK_SESUAI"]
    assert len(found) == 2  # the program (100 ≠ 90) and the kegiatan (90 ≠ 60 + 40)
    kegiatan = next(t for t in found if t.ditemukan == "90,000,000")
    assert kegiatan.lokasi.baris_dokumen is None
    assert kegiatan.lokasi.posisi.startswith("tabel Word ke-") and kegiatan.lokasi.posisi.endswith("baris 6")
    assert kegiatan.lokasi.label().startswith("Tabel 4.1, tabel Word ke-")
    prose = check_document(
        data=to_docx(broken("1 kegiatan dan 2 sub kegiatan beserta", "1 kegiatan dan 3 sub kegiatan beserta")),
        filename="renja.docx",
    )
    count = next(t for t in prose.temuan if t.kode == "HITUNGAN_TIDAK_SESUAI")
    assert count.lokasi.posisi.startswith("paragraf ") and count.lokasi.bab == "Bab IV"


def test_a_file_that_is_not_word_is_refused_with_a_reason() -> None:
    with pytest.raises(RenjaError, match="bukan dokumen Word"):
        docx_ke_teks(b"bukan zip", "x.docx")
