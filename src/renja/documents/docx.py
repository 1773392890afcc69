"""The Renja as DOCX (python-docx), from the same `RenjaDocumentData` as the PDF.

Layout: a cover section without page number; the front matter (kata pengantar, daftar isi, daftar tabel) numbered
i, ii, …; Bab I–V numbered from 1; every wide table in its own landscape section. Table header rows repeat on each
page; a plan row's cells are merged over its indicator lines. The daftar isi and daftar tabel are Word fields
(TOC) that Word fills when the document is opened (it asks to update fields); until then they list the chapters.

With `$RENJA_HOME/templates/dokumen/referensi.docx` the document is built on that file: its styles (Normal,
Heading 1, Heading 2, Caption, Table Grid), page size and margins, headers and footers.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from renja.documents.data import Bab, Penandatangan, RenjaDocumentData, Tabel
from renja.documents.narasi import Block

TABLE_FONT = "Arial Narrow"
BODY_FONT = "Arial"
_RIGHT = {"target", "angka", "persen", "rupiah"}
_BOLD_LEVELS = {"program", "kegiatan", "tujuan", "bidang", "urusan"}
_SHADE_LEVELS = {"program", "tujuan", "bidang", "urusan"}


# ---------------------------------------------------------------------------------------------- low level


def _field(paragraph: Any, instr: str, placeholder: str = "") -> None:
    """A Word field (PAGE, TOC …) with `placeholder` as its current result."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldChar" + "Type"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run._r.append(text)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    if placeholder:
        paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _page_numbers(section: Any, fmt: str, start: int | None) -> None:
    sect = section._sectPr
    pg = sect.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        sect.append(pg)
    pg.set(qn("w:fmt"), fmt)
    if start is not None:
        pg.set(qn("w:start"), str(start))


def _shade(cell: Any, color: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    tc_pr.append(shd)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _cant_split(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _cell_margins(table: Any, twips: int = 40) -> None:
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(twips if side in ("left", "right") else 10))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.append(mar)


def _set_cell(cell: Any, text: str, *, style: Any, bold: bool = False, italic: bool = False, align: Any = None) -> None:
    """Fill a cell; spacing, font and size come from the paragraph style (setting them per cell is slow)."""
    paragraph = cell.paragraphs[0]
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style.style_id  # the setter looks styles up: slow
    if align is not None:
        paragraph.alignment = align
    if text:
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
        if italic:
            run.italic = True


# ---------------------------------------------------------------------------------------------- the writer


class _Writer:
    def __init__(self, data: RenjaDocumentData) -> None:
        self.data = data
        custom = data.custom.referensi_docx
        self.doc = Document(str(custom)) if custom else Document()
        self.custom = custom is not None
        if self.custom:
            body = self.doc.element.body
            for child in list(body):
                if child.tag != qn("w:sectPr"):
                    body.remove(child)
            self._ensure_styles()
        else:
            self._styles()
        section = self.doc.sections[0]
        if not self.custom:
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.left_margin, section.right_margin = Cm(2.6), Cm(2)
            section.top_margin, section.bottom_margin = Cm(2.4), Cm(2.2)
        self.portrait = (section.page_width, section.page_height)
        self.need_portrait = False  # after a landscape table: the next text starts a portrait section
        self.margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)

    def _ensure_styles(self) -> None:
        """A reference document made in Word often defines only the styles it uses: add the ones we need."""
        styles = self.doc.styles
        names = {s.name for s in styles}
        for name, kind, size, bold in (
            ("Heading 1", WD_STYLE_TYPE.PARAGRAPH, 13, True),
            ("Heading 2", WD_STYLE_TYPE.PARAGRAPH, 11, True),
            ("Caption", WD_STYLE_TYPE.PARAGRAPH, 10, True),
            ("Table Grid", WD_STYLE_TYPE.TABLE, 0, False),
        ):
            if name in names:
                continue
            style = styles.add_style(name, kind)
            if kind == WD_STYLE_TYPE.PARAGRAPH:
                style.base_style = styles["Normal"]
                style.font.size = Pt(size)
                style.font.bold = bold
                if name == "Heading 1":
                    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if name == "Caption":
                    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            else:
                borders = OxmlElement("w:tblBorders")
                for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
                    el = OxmlElement(f"w:{side}")
                    el.set(qn("w:val"), "single")
                    el.set(qn("w:sz"), "4")
                    el.set(qn("w:color"), "000000")
                    borders.append(el)
                tbl_pr = style.element.find(qn("w:tblPr"))
                if tbl_pr is None:
                    tbl_pr = OxmlElement("w:tblPr")
                    style.element.append(tbl_pr)
                tbl_pr.append(borders)

    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(4)
        normal.paragraph_format.line_spacing = 1.4
        for name, size in (("Heading 1", 13), ("Heading 2", 11), ("Title", 24)):
            style = styles[name]
            style.font.name = BODY_FONT
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.color.rgb = RGBColor(0, 0, 0)
        styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        styles["Heading 1"].paragraph_format.space_after = Pt(18)
        caption = styles["Caption"]
        caption.font.name = BODY_FONT
        caption.font.size = Pt(10)
        caption.font.bold = True
        caption.font.italic = False
        caption.font.color.rgb = RGBColor(0, 0, 0)
        caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    # --- sections

    def new_section(self, *, landscape: bool, page_fmt: str | None = None, start: int | None = None) -> Any:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        width, height = self.portrait
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = height, width
            section.left_margin = section.right_margin = Cm(1.4)
            section.top_margin = section.bottom_margin = Cm(1.5)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = width, height
            section.left_margin, section.right_margin, section.top_margin, section.bottom_margin = self.margins
        if page_fmt is not None:
            _page_numbers(section, page_fmt, start)
        return section

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # --- text

    def centered(self, text: str, *, size: float = 11, bold: bool = False, space_after: float = 4) -> Any:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.first_line_indent = Cm(0)
        p.paragraph_format.space_after = Pt(space_after)
        run = p.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
        return p

    def block(self, block: Block) -> None:
        if block.jenis == "heading":
            p = self.doc.add_heading(level=2)
            p.add_run(f"{block.nomor} {block.text}")
            return
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        if block.jenis == "item":
            indent = 0.9 if block.level <= 1 else 1.7
            fmt.left_indent = Cm(indent)
            fmt.first_line_indent = Cm(-0.8)
            fmt.tab_stops.add_tab_stop(Cm(indent))
            p.add_run(f"{block.marker}\t")
            fmt.space_after = Pt(2)
        else:
            fmt.first_line_indent = Cm(1.1)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for r in block.runs:
            run = p.add_run(r.text)
            run.bold = r.bold
            run.italic = r.italic

    def signature(self, signer: Penandatangan) -> None:
        if not signer.nama:
            return
        lines: list[tuple[str, bool, bool]] = []
        if signer.tempat_tanggal:
            lines.append((signer.tempat_tanggal, False, False))
        lines += [(ln, False, False) for ln in signer.jabatan_baris]
        lines += [("", False, False), ("", False, False), ("", False, False)]
        lines.append((signer.nama, True, True))
        if signer.pangkat:
            lines.append((signer.pangkat, False, False))
        if signer.nip:
            lines.append((f"NIP. {signer.nip}", False, False))
        for i, (text, bold, underline) in enumerate(lines):
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.left_indent = Cm(8)
            p.paragraph_format.first_line_indent = Cm(0)
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.space_before = Pt(18 if i == 0 else 0)
            p.paragraph_format.keep_with_next = i < len(lines) - 1
            run = p.add_run(text)
            run.bold = bold
            run.underline = underline

    # --- tables

    def cell_style(self, size: float) -> Any:
        """A paragraph style for table cells of one font size (created once per document)."""
        name = f"Renja Tabel {size:g} pt"
        styles = self.doc.styles
        try:
            return styles[name]
        except KeyError:
            pass
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.name = TABLE_FONT
        style.font.size = Pt(size)
        fmt = style.paragraph_format
        fmt.space_after = Pt(0)
        fmt.space_before = Pt(0)
        fmt.line_spacing = 1.0
        fmt.first_line_indent = Cm(0)
        return style

    def table(self, tabel: Tabel) -> None:
        layout = tabel.layout
        cols = layout.kolom
        caption = self.doc.add_paragraph(style="Caption")
        caption.paragraph_format.first_line_indent = Cm(0)
        caption.paragraph_format.keep_with_next = True
        caption.add_run(tabel.caption)
        size = 7.0 if layout.landscape else 8.0
        if len(cols) > 14:
            size = 6.5
        header_rows = len(tabel.header) + 1
        style = self.cell_style(size)
        small = self.cell_style(size - 0.5)
        table = self.doc.add_table(rows=header_rows, cols=len(cols))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _cell_margins(table)
        section = self.doc.sections[-1]
        usable = int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0)
        widths = [int(usable * w / 100) for w in layout.widths()]
        for r, header in enumerate(tabel.header):
            row = table.rows[r]
            _repeat_header(row)
            for h in header:
                cell = row.cells[h.col]
                if h.colspan > 1 or h.rowspan > 1:
                    cell = cell.merge(table.rows[r + h.rowspan - 1].cells[h.col + h.colspan - 1])
                _set_cell(cell, h.text, style=style, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        numbered = table.rows[header_rows - 1]
        _repeat_header(numbered)
        for i, k in enumerate(cols):
            _set_cell(numbered.cells[i], k.nomor, style=small, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        for r in range(header_rows):
            for cell in table.rows[r].cells:
                _shade(cell, "D9E2EC" if r < header_rows - 1 else "EEF2F6")
        pending_merges: list[tuple[int, int, int]] = []  # (first row index, column, rowspan)
        for line in tabel.lines:
            row = table.add_row()
            _cant_split(row)
            cells = row.cells
            if line.judul:
                merged = cells[0].merge(cells[-1])
                _set_cell(merged, line.judul, style=style, bold=True)
                _shade(merged, "E4EAF1")
                continue
            bold = line.level in _BOLD_LEVELS
            index = len(table.rows) - 1
            for i, k in enumerate(cols):
                if line.lanjutan and not k.per_indikator:
                    continue
                cell = line.cell(k.key)
                text = cell.text or ("–" if k.numeric else "")
                align = (
                    WD_ALIGN_PARAGRAPH.RIGHT
                    if k.jenis in _RIGHT
                    else (WD_ALIGN_PARAGRAPH.CENTER if k.jenis == "nomor" else None)
                )
                _set_cell(cells[i], text, style=style, bold=bold, align=align)
                if k.jenis == "uraian" and line.depth:
                    cells[i].paragraphs[0].paragraph_format.left_indent = Cm(0.2 * min(line.depth, 4))
                if line.level in _SHADE_LEVELS:
                    _shade(cells[i], "F1F4F8")
                if line.rowspan > 1 and not k.per_indikator:
                    pending_merges.append((index, i, line.rowspan))
        for first, col, span in pending_merges:
            top = table.rows[first].cells[col]
            top.merge(table.rows[first + span - 1].cells[col])
        if tabel.total is not None:
            row = table.add_row()
            cells = row.cells
            first_sum = next((i for i, k in enumerate(cols) if k.key in tabel.total), len(cols))
            label = cells[0].merge(cells[first_sum - 1]) if first_sum > 1 else cells[0]
            _set_cell(label, "JUMLAH", style=style, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            for i, k in enumerate(cols):
                total = tabel.total.get(k.key)
                if total is not None:
                    _set_cell(cells[i], total.text, style=style, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
            for cell in row.cells:
                _shade(cell, "D9E2EC")
        for row in table.rows:
            for i, cell in enumerate(row.cells):
                cell.width = widths[i]
        notes = list(tabel.catatan) + [f"Kolom {k.nomor} = {k.rumus_teks}" for k in cols if k.rumus_teks]
        for note in notes:
            p = self.doc.add_paragraph()
            p.paragraph_format.first_line_indent = Cm(0)
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(note)
            run.italic = True
            run.font.size = Pt(7.5)

    # --- the document

    def cover(self) -> None:
        ident = self.data.identitas
        custom = self.data.custom
        if custom.kop is not None:
            self.doc.add_picture(
                str(custom.kop),
                width=int(self.portrait[0] or 0) - int(self.margins[0] or 0) - int(self.margins[1] or 0),
            )
        if custom.logo is not None:
            self.doc.add_picture(str(custom.logo), height=Cm(4))
            self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            for _ in range(6):
                self.doc.add_paragraph()
        self.centered("RENCANA KERJA", size=24, bold=True, space_after=2)
        self.centered("PERANGKAT DAERAH", size=15, bold=True, space_after=30)
        self.centered(ident.perangkat_daerah.upper(), size=16, bold=True, space_after=24)
        self.centered(f"TAHUN {ident.tahun}", size=20, bold=True, space_after=6)
        self.centered(ident.tahapan + (f" · versi {ident.versi}" if ident.versi > 1 else ""), size=11, space_after=120)
        self.centered(ident.pemda.upper(), size=14, bold=True, space_after=2)
        if ident.pd_alamat:
            self.centered(ident.pd_alamat, size=10)

    def bab(self, bab: Bab) -> None:
        for bagian in bab.bagian:
            landscape = bagian.tabel is not None and bagian.tabel.layout.landscape
            if self.need_portrait and not landscape:
                self.new_section(landscape=False)
                self.need_portrait = False
            if bagian.block is not None:
                self.block(bagian.block)
            elif bagian.tabel is not None:
                if landscape:
                    self.new_section(landscape=True)
                    self.table(bagian.tabel)
                    self.need_portrait = True
                else:
                    self.table(bagian.tabel)

    def render(self) -> bytes:
        data = self.data
        doc = self.doc
        core = doc.core_properties
        core.title = data.identitas.judul
        core.author = data.identitas.perangkat_daerah
        core.subject = f"Renja {data.identitas.tahun}"
        self.cover()

        front = self.new_section(landscape=False, page_fmt="lowerRoman", start=1)
        front.footer.is_linked_to_previous = False
        footer = front.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(footer, "PAGE", "i")
        doc.sections[0].footer.is_linked_to_previous = False
        doc.add_heading(data.kata_pengantar.judul, level=1)
        for bagian in data.kata_pengantar.bagian:
            if bagian.block is not None:
                self.block(bagian.block)
        self.signature(data.penandatangan)
        self.page_break()
        self.centered("DAFTAR ISI", size=13, bold=True, space_after=18)
        toc = doc.add_paragraph()
        placeholder = "\n".join(f"BAB {b.romawi} {b.judul}" for b in data.bab)
        _field(toc, 'TOC \\o "1-2" \\h \\z \\u', placeholder)
        self.page_break()
        self.centered("DAFTAR TABEL", size=13, bold=True, space_after=18)
        tables = doc.add_paragraph()
        _field(tables, 'TOC \\h \\z \\t "Caption,1"', "\n".join(t.caption for t in data.tabel))

        for i, bab in enumerate(data.bab):
            self.new_section(landscape=False, page_fmt="decimal", start=1 if i == 0 else None)
            self.need_portrait = False
            doc.add_heading(f"BAB {bab.romawi}\n{bab.judul}", level=1)
            self.bab(bab)
        if self.need_portrait:
            self.new_section(landscape=False)
        self.signature(data.penandatangan)
        _update_fields_on_open(doc)
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()


def _update_fields_on_open(doc: Any) -> None:
    settings = doc.settings.element
    el = settings.find(qn("w:updateFields"))
    if el is None:
        el = OxmlElement("w:updateFields")
        settings.append(el)
    el.set(qn("w:val"), "true")


def render_docx(data: RenjaDocumentData) -> bytes:
    return _Writer(data).render()
