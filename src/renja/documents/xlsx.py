"""The Renja's tables as one XLSX workbook (openpyxl): a sheet per table in the official column layout, a sheet
of the checker's findings, and a hidden `_renja` sheet that lets `renja import BUKU.xlsx` read the plan sheet
back.

- Numbers are stored as numbers. Display formats: rupiah `#,##0`, percentages `#,##0.00`, targets with their
  satuan as a literal suffix (`#,##0" Dokumen"`), so a cell reads "2 Dokumen" and still adds up. Excel and
  LibreOffice show the separators of the user's locale: Indonesian settings show 8.319.719.640 and 28,98.
- Computed columns that the official table defines (T-C.29 columns 8, 10, 11) are formulas, so offline edits
  recompute; the Jumlah rows are SUM formulas over the top rows.
- Header rows are frozen and repeated on every printed page; pages are landscape or portrait as the layout says,
  A4, fitted to the page width.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from renja.documents.data import Cell, RenjaDocumentData, Tabel
from renja.documents.layouts import Kolom

FORMAT = "renja-xlsx/1"
META_SHEET = "_renja"
TEMUAN_SHEET = "Temuan"
FIRST_HEADER_ROW = 4

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="D9E2EC")
_NUM_FILL = PatternFill("solid", fgColor="EEF2F6")
_PROGRAM_FILL = PatternFill("solid", fgColor="F1F4F8")
_GROUP_FILL = PatternFill("solid", fgColor="E4EAF1")
_FONT = "Arial Narrow"
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_RIGHT_TOP = Alignment(horizontal="right", vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_KEY_RE = re.compile(r"\{([a-z0-9_]+)\}")

RUPIAH_FORMAT = "#,##0"
PERSEN_FORMAT = "#,##0.00"


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def number_format(kolom: Kolom, cell: Cell) -> str:
    """The display format of a numeric cell (see the module docstring)."""
    if kolom.jenis == "rupiah":
        return RUPIAH_FORMAT
    if kolom.jenis == "persen":
        return PERSEN_FORMAT
    places = _decimals(cell.value) if cell.value is not None else 0
    base = "#,##0" + ("." + "0" * min(places, 4) if places else "")
    satuan = cell.satuan.replace('"', "").strip()
    if satuan == "Rp":
        return f'"Rp "{base}'
    if satuan:
        return f'{base}" {satuan}"' if satuan != "%" else f'{base}"%"'
    return base


def _title(ws: Worksheet, tabel: Tabel, data: RenjaDocumentData, ncols: int) -> None:
    ws.cell(row=1, column=1, value=tabel.caption).font = Font(name=_FONT, bold=True, size=12)
    ident = data.identitas
    ws.cell(row=2, column=1, value=f"{ident.perangkat_daerah} — {ident.pemda}").font = Font(name=_FONT, size=10)
    for r in (1, 2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)


def _header(ws: Worksheet, tabel: Tabel) -> int:
    """Header rows and the numbered row; returns the first data row."""
    row = FIRST_HEADER_ROW
    for header_row in tabel.header:
        for h in header_row:
            col = h.col + 1
            c = ws.cell(row=row, column=col, value=h.text)
            if h.colspan > 1 or h.rowspan > 1:
                ws.merge_cells(
                    start_row=row, start_column=col, end_row=row + h.rowspan - 1, end_column=col + h.colspan - 1
                )
            c.font = Font(name=_FONT, bold=True, size=9)
        for col in range(1, len(tabel.layout.kolom) + 1):
            cell = ws.cell(row=row, column=col)
            cell.fill = _HEAD_FILL
            cell.alignment = _CENTER
            cell.border = _BORDER
        row += 1
    for i, k in enumerate(tabel.layout.kolom, start=1):
        c = ws.cell(row=row, column=i, value=k.nomor)
        c.font = Font(name=_FONT, italic=True, size=8)
        c.fill = _NUM_FILL
        c.alignment = _CENTER
        c.border = _BORDER
    ws.print_title_rows = f"{FIRST_HEADER_ROW}:{row}"
    return row + 1


def _formula(kolom: Kolom, cell: Cell, cols: dict[str, str], row: int) -> str | None:
    template = kolom.formula(cell.rumus)
    if template is None:
        return None
    missing = [k for k in _KEY_RE.findall(template) if k not in cols]
    if missing:
        return None
    return "=" + _KEY_RE.sub(lambda m: f"{cols[m.group(1)]}{row}", template)


def _write_cell(
    ws: Worksheet, row: int, col: int, kolom: Kolom, cell: Cell, cols: dict[str, str], bold: bool, *, formulas: bool
) -> None:
    target = ws.cell(row=row, column=col)
    formula = _formula(kolom, cell, cols, row) if (kolom.rumus and formulas) else None
    if formula is not None:
        target.value = formula
        target.number_format = PERSEN_FORMAT if kolom.jenis == "persen" else number_format(kolom, cell)
        target.alignment = _RIGHT_TOP
    elif kolom.numeric and cell.value is not None:
        target.value = cell.value
        target.number_format = number_format(kolom, cell)
        target.alignment = _RIGHT_TOP
    elif cell.text:
        target.value = cell.text
        target.alignment = _RIGHT_TOP if kolom.numeric else _WRAP_TOP
    else:
        target.alignment = _WRAP_TOP
    target.border = _BORDER
    target.font = Font(name=_FONT, size=9, bold=bold)


def _sheet(wb: Workbook, tabel: Tabel, data: RenjaDocumentData) -> tuple[Worksheet, int]:
    layout = tabel.layout
    ws = wb.create_sheet(layout.lembar)
    kolom = layout.kolom
    ncols = len(kolom)
    cols = {k.key: get_column_letter(i) for i, k in enumerate(kolom, start=1)}
    _title(ws, tabel, data, ncols)
    first = _header(ws, tabel)
    row = first
    top_rows: list[int] = []
    for line in tabel.lines:
        if line.judul:
            c = ws.cell(row=row, column=1, value=line.judul)
            c.font = Font(name=_FONT, size=9, bold=True)
            for col in range(1, ncols + 1):
                ws.cell(row=row, column=col).fill = _GROUP_FILL
                ws.cell(row=row, column=col).border = _BORDER
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
            row += 1
            continue
        bold = line.level in {"program", "kegiatan", "tujuan", "bidang", "urusan"}
        if not line.lanjutan and line.depth == 0:
            top_rows.append(row)
        has_indikator = any(k.jenis == "indikator" and not line.cell(k.key).kosong for k in kolom)
        for i, k in enumerate(kolom, start=1):
            if line.lanjutan and not k.per_indikator:
                ws.cell(row=row, column=i).border = _BORDER
                continue
            formulas = has_indikator or not k.per_indikator
            _write_cell(ws, row, i, k, line.cell(k.key), cols, bold, formulas=formulas)
            if line.level in {"program", "tujuan", "bidang", "urusan"}:
                ws.cell(row=row, column=i).fill = _PROGRAM_FILL
        if "uraian" in cols and line.depth and not line.lanjutan:
            c = ws[f"{cols['uraian']}{row}"]
            c.alignment = Alignment(wrap_text=True, vertical="top", indent=min(line.depth, 4))
        row += 1
    if tabel.total is not None:
        # not merged: a merged range does not follow rows inserted above it by scripts (openpyxl)
        ws.cell(row=row, column=1, value="JUMLAH")
        for i, k in enumerate(kolom, start=1):
            c = ws.cell(row=row, column=i)
            c.border = _BORDER
            c.fill = _HEAD_FILL
            c.font = Font(name=_FONT, size=9, bold=True)
            total = tabel.total.get(k.key)
            if total is None:
                continue
            if k.jumlah and top_rows:
                refs = ",".join(f"{cols[k.key]}{r}" for r in top_rows)
                c.value = f"=SUM({refs})"
            else:
                c.value = total.value if total.value is not None else total.text
            c.number_format = RUPIAH_FORMAT
            c.alignment = _RIGHT_TOP
        ws.cell(row=row, column=1).alignment = Alignment(horizontal="left", vertical="top")
        row += 1
    for note in tabel.catatan + tuple(f"Kolom {k.nomor} = {k.rumus_teks}" for k in kolom if k.rumus_teks):
        ws.cell(row=row, column=1, value=note).font = Font(name=_FONT, italic=True, size=8)
        row += 1
    for i, k in enumerate(kolom, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(4.0, k.lebar * 1.05)
    freeze_col = 1
    for key in ("uraian", "awal_uraian"):
        if key in cols:
            freeze_col = layout.index(key) + 2
            break
    ws.freeze_panes = f"{get_column_letter(freeze_col)}{first}"
    ws.page_setup.orientation = "landscape" if layout.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "&P / &N"
    ws.oddHeader.right.text = f"{layout.kode} — {data.identitas.perangkat_daerah} {data.identitas.tahun}"
    return ws, first


def _temuan_sheet(wb: Workbook, data: RenjaDocumentData) -> None:
    ws = wb.create_sheet(TEMUAN_SHEET)
    ws.cell(row=1, column=1, value=f"Temuan pemeriksaan — {data.identitas.judul}").font = Font(
        name=_FONT, bold=True, size=12
    )
    ws.cell(row=2, column=1, value=f"Sumber: {data.temuan_sumber}").font = Font(name=_FONT, italic=True, size=9)
    headers = ["No", "Tingkat", "Kode", "Pesan", "Lokasi", "Saran"]
    widths = [5, 11, 26, 80, 26, 40]
    for i, (h, w) in enumerate(zip(headers, widths, strict=True), start=1):
        c = ws.cell(row=4, column=i, value=h)
        c.font = Font(name=_FONT, bold=True, size=9)
        c.fill = _HEAD_FILL
        c.border = _BORDER
        c.alignment = _CENTER
        ws.column_dimensions[get_column_letter(i)].width = w
    for n, t in enumerate(data.temuan, start=1):
        values = [n, t.severity, t.kode, t.pesan, t.lokasi, t.saran]
        for i, v in enumerate(values, start=1):
            c = ws.cell(row=4 + n, column=i, value=v)
            c.alignment = _WRAP_TOP
            c.border = _BORDER
            c.font = Font(name=_FONT, size=9)
    if not data.temuan:
        ws.cell(row=5, column=1, value="Tidak ada temuan.")
    ws.freeze_panes = "A5"
    ws.auto_filter.ref = f"A4:F{4 + max(1, len(data.temuan))}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "4:4"


def _meta_sheet(wb: Workbook, data: RenjaDocumentData, plan_sheet: str, plan_first_row: int, plan: Tabel) -> None:
    ws = wb.create_sheet(META_SHEET)
    ident = data.identitas
    rows = [
        ("format", FORMAT),
        ("tata_letak", data.layouts_versi),
        ("pemda_kode", ident.pemda_kode),
        ("pd_kode", ident.pd_kode),
        ("perangkat_daerah", ident.perangkat_daerah),
        ("tahun", ident.tahun),
        ("tahapan", ident.tahapan_kode),
        ("versi", ident.versi),
        ("lembar_rencana", plan_sheet),
        ("baris_data_pertama", plan_first_row),
        ("kolom_rencana", ",".join(plan.layout.keys)),
        ("nomor_kolom_rencana", ",".join(k.nomor for k in plan.layout.kolom)),
        ("dibuat", datetime.now().replace(microsecond=0).isoformat()),
        (
            "catatan",
            "Lembar ini dibaca `renja import`; jangan diubah. Ubah angka dan teks di lembar rencana, lalu "
            "jalankan `renja import BUKU.xlsx --dry-run` untuk melihat perbedaannya.",
        ),
    ]
    for r, (key, value) in enumerate(rows, start=1):
        ws.cell(row=r, column=1, value=key)
        ws.cell(row=r, column=2, value=value)
    ws.sheet_state = "hidden"


def render_xlsx(data: RenjaDocumentData) -> bytes:
    wb = Workbook()
    default = wb.active
    assert default is not None
    wb.remove(default)
    plan_sheet, plan_first, plan_table = "", 0, None
    for tabel in data.tabel:
        ws, first = _sheet(wb, tabel, data)
        if tabel.layout.rencana:
            plan_sheet, plan_first, plan_table = ws.title, first, tabel
    _temuan_sheet(wb, data)
    if plan_table is not None:
        _meta_sheet(wb, data, plan_sheet, plan_first, plan_table)
    wb.properties.title = data.identitas.judul
    wb.properties.creator = "Renja"
    wb.properties.subject = f"Tabel Renja {data.identitas.perangkat_daerah} {data.identitas.tahun}"
    wb.calculation.fullCalcOnLoad = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
