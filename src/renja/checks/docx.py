"""A Word document (DOCX) with real tables -> the text form the Renja parser reads.

Paragraphs become lines; a table becomes tab-separated lines, one per row, with a merged cell written once
(in its first column and first row, as a PDF converter writes it) and the paragraphs of a cell joined by a
space. `posisi` maps each line back to the place a reader finds in Word: "paragraf 12" or
"tabel Word ke-3, baris 5".
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from renja.core.errors import RenjaError

__all__ = ["DocxTeks", "docx_ke_teks"]


@dataclass(frozen=True)
class DocxTeks:
    teks: str
    posisi: dict[int, str]  # 1-based line of `teks` -> place in the Word document

    def posisi_baris(self, line: int) -> str:
        return self.posisi.get(line, f"baris teks {line}")


def _cell_text(cell_paragraphs: list[Paragraph]) -> str:
    return " ".join(" ".join(p.text.split()) for p in cell_paragraphs if p.text.strip())


def _table_lines(table: Table) -> list[list[str]]:
    rows: list[list[str]] = []
    above: list[object] = []
    for row in table.rows:
        cells: list[str] = []
        tcs: list[object] = []
        previous = None
        for col, cell in enumerate(row.cells):
            tc = cell._tc
            repeated = tc is previous or (col < len(above) and above[col] is tc)
            cells.append("" if repeated else _cell_text(list(cell.paragraphs)))
            tcs.append(tc)
            previous = tc
        above = tcs
        rows.append(cells)
    return rows


def docx_ke_teks(data: bytes, nama: str = "dokumen.docx") -> DocxTeks:
    """The text form of a DOCX. Raises RenjaError (Bahasa Indonesia) when the file is not a Word document."""
    try:
        document: DocumentObject = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise RenjaError(
            f"Berkas {nama} bukan dokumen Word (.docx) yang bisa dibaca ({type(exc).__name__}). "
            "Simpan ulang dari Word sebagai .docx."
        ) from exc
    lines: list[str] = []
    posisi: dict[int, str] = {}
    paragraf = tabel = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraf += 1
            text = Paragraph(child, document).text
            for part in text.split("\n"):
                lines.append(part)
                posisi[len(lines)] = f"paragraf {paragraf}"
        elif child.tag == qn("w:tbl"):
            tabel += 1
            for r, cells in enumerate(_table_lines(Table(child, document)), start=1):
                lines.append("\t".join(cells))
                posisi[len(lines)] = f"tabel Word ke-{tabel}, baris {r}"
            lines.append("")
    return DocxTeks(teks="\n".join(lines), posisi=posisi)
