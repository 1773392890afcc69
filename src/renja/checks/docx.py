"""A Word document (DOCX) with real tables -> the text form the Renja parser reads.

Paragraphs become lines; a table becomes tab-separated lines, one per row, with a merged cell written once
(in its first column and first row, as a PDF converter writes it) and the paragraphs of a cell joined by a
space. `posisi` maps each line back to the place a reader finds in Word: "paragraf 12" or
"tabel Word ke-3, baris 5".

With `layouts` (the official table layouts of `renja.documents.layouts`), a table written in one of them (the
product's own DOCX export) is recognised by its header and handed over in `tabel`, read cell by cell; its lines
stay in `posisi` but are left blank in `teks`, so the text parser reads only the prose and the other tables.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from renja.checks.rules.dari_tata_letak import BarisTerbaca, Sel, TabelTerbaca, kenali
from renja.core.errors import RenjaError
from renja.documents.layouts import TabelLayout

__all__ = ["DocxTeks", "docx_ke_teks"]


@dataclass(frozen=True)
class DocxTeks:
    teks: str
    posisi: dict[int, str]  # 1-based line of `teks` -> place in the Word document
    tabel: tuple[TabelTerbaca, ...] = field(default=())  # tables recognised by their layout

    def posisi_baris(self, line: int) -> str:
        return self.posisi.get(line, f"baris teks {line}")


def _cell_text(cell_paragraphs: list[Paragraph]) -> str:
    return " ".join(" ".join(p.text.split()) for p in cell_paragraphs if p.text.strip())


def _table_grid(table: Table) -> list[list[Sel]]:
    """The cells of a table row by row; None where a merged cell covers the place (it is written once, in its
    first column and first row)."""
    rows: list[list[Sel]] = []
    above: list[object] = []
    for row in table.rows:
        cells: list[Sel] = []
        tcs: list[object] = []
        previous = None
        for col, cell in enumerate(row.cells):
            tc = cell._tc
            repeated = tc is previous or (col < len(above) and above[col] is tc)
            cells.append(None if repeated else _cell_text(list(cell.paragraphs)))
            tcs.append(tc)
            previous = tc
        above = tcs
        rows.append(cells)
    return rows


def _table_lines(table: Table) -> list[list[str]]:
    return [[c or "" for c in row] for row in _table_grid(table)]


_CAPTION = re.compile(r"^\s*tabel\s+(\d+(?:\.\d+)*)", re.IGNORECASE)


def docx_ke_teks(data: bytes, nama: str = "dokumen.docx", layouts: Sequence[TabelLayout] = ()) -> DocxTeks:
    """The text form of a DOCX (and its tables in an official layout, with `layouts`). Raises RenjaError
    (Bahasa Indonesia) when the file is not a Word document."""
    try:
        document: DocumentObject = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise RenjaError(
            f"Berkas {nama} bukan dokumen Word (.docx) yang bisa dibaca ({type(exc).__name__}). "
            "Simpan ulang dari Word sebagai .docx."
        ) from exc
    lines: list[str] = []
    posisi: dict[int, str] = {}
    recognised: list[TabelTerbaca] = []
    paragraf = tabel = 0
    caption = ""
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraf += 1
            text = Paragraph(child, document).text
            if text.strip():
                caption = text.strip()
            for part in text.split("\n"):
                lines.append(part)
                posisi[len(lines)] = f"paragraf {paragraf}"
        elif child.tag == qn("w:tbl"):
            tabel += 1
            grid = _table_grid(Table(child, document))
            kenal = kenali(grid, caption, layouts) if layouts else None
            first = len(lines) + 1
            for r, cells in enumerate(grid, start=1):
                lines.append("" if kenal is not None else "\t".join(c or "" for c in cells))
                posisi[len(lines)] = f"tabel Word ke-{tabel}, baris {r}"
            lines.append("")
            if kenal is not None:
                m = _CAPTION.match(caption)
                recognised.append(
                    TabelTerbaca(
                        kenal=kenal,
                        nama=f"Tabel {m.group(1)}" if m else f"Tabel {kenal.layout.nomor}",
                        baris=tuple(
                            BarisTerbaca(line=first + r, sel=tuple(cells))
                            for r, cells in enumerate(grid)
                            if r >= kenal.header
                        ),
                    )
                )
            caption = ""
    return DocxTeks(teks="\n".join(lines), posisi=posisi, tabel=tuple(recognised))
