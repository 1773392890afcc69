"""HTML of the tables and the narrative, from `RenjaDocumentData`: the on-screen tables, the HTML document and
(through WeasyPrint) the PDF all use these functions, so they show the same cells.

Tables are written here in Python rather than in a template: a layout's columns are data, and one function that
walks them is simpler (and much faster for a 40-page document) than a template that looks keys up.
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Sequence
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from renja.documents.data import Bab, Cell, Line, RenjaDocumentData, Tabel
from renja.documents.layouts import Kolom
from renja.documents.narasi import Block, Run

_ALIGN = {
    "nomor": "c",
    "kode": "kode",
    "uraian": "uraian",
    "teks": "",
    "indikator": "",
    "target": "num tgt",
    "angka": "num",
    "persen": "num",
    "rupiah": "num",
}


def _runs(runs: Sequence[Run]) -> str:
    out = []
    for r in runs:
        text = str(escape(r.text))
        if r.bold:
            text = f"<strong>{text}</strong>"
        if r.italic:
            text = f"<em>{text}</em>"
        out.append(text)
    return "".join(out)


def block_html(block: Block) -> str:
    if block.jenis == "heading":
        return f'<h3 class="subbab" id="subbab-{escape(block.nomor)}">{escape(block.nomor)} {_runs(block.runs)}</h3>'
    if block.jenis == "item":
        return (
            f'<p class="li li-{block.level}"><span class="marker">{escape(block.marker)}</span>'
            f'<span class="li-text">{_runs(block.runs)}</span></p>'
        )
    return f"<p>{_runs(block.runs)}</p>"


def _cell_html(kolom: Kolom, cell: Cell, *, rowspan: int, line: Line, screen: bool) -> str:
    classes = [_ALIGN.get(kolom.jenis, "")]
    attrs = ""
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    title = cell.penjelasan or ""
    if cell.temuan:
        classes.append("temuan")
        title = f"{title} — {cell.temuan}" if title else cell.temuan
    if screen and title:
        attrs += f' title="{escape(title)}"'
    text = str(escape(cell.text)) if cell.text else ""
    if not text and kolom.numeric:
        text = '<span class="kosong">–</span>'
    if kolom.jenis == "uraian" and line.depth:
        classes.append(f"d{min(line.depth, 4)}")
    if cell.value is None and cell.text and kolom.numeric:
        classes.append("raw")
    cls = " ".join(c for c in classes if c)
    return f'<td class="{cls}"{attrs}>{text}</td>' if cls else f"<td{attrs}>{text}</td>"


def table_html(tabel: Tabel, *, screen: bool = False) -> SafeString:
    """The table with its caption, header rows (repeated on every printed page), the numbered row, the data
    lines (a row's cells merged over its indicator lines) and the total row."""
    layout = tabel.layout
    cols = layout.kolom
    widths = layout.widths()
    parts = [
        f'<table class="dok-tabel t-{escape(layout.kode.replace(".", "").replace(" ", "").lower())}'
        f'{" landscape" if layout.landscape else ""}">',
        "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>",
        "<thead>",
    ]
    for row in tabel.header:
        cells = []
        for h in row:
            span = (f' colspan="{h.colspan}"' if h.colspan > 1 else "") + (
                f' rowspan="{h.rowspan}"' if h.rowspan > 1 else ""
            )
            scope = "colgroup" if h.colspan > 1 else "col"
            cells.append(f'<th scope="{scope}"{span}>{escape(h.text)}</th>')
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append('<tr class="nomor-kolom">' + "".join(f"<th>{escape(k.nomor)}</th>" for k in cols) + "</tr>")
    parts.append("</thead><tbody>")
    if not tabel.lines:
        parts.append(f'<tr><td class="c kosong-tabel" colspan="{len(cols)}">Tidak ada data.</td></tr>')
    for line in tabel.lines:
        if line.judul:
            parts.append(f'<tr class="grup"><td colspan="{len(cols)}">{escape(line.judul)}</td></tr>')
            continue
        row_cls = f"lv-{line.level}" if line.level else ""
        if line.lanjutan:
            row_cls += " lanjutan"
        cells = []
        for k in cols:
            if line.lanjutan and not k.per_indikator:
                continue
            rowspan = line.rowspan if (not k.per_indikator and not line.lanjutan) else 1
            cells.append(_cell_html(k, line.cell(k.key), rowspan=rowspan, line=line, screen=screen))
        parts.append(f'<tr class="{row_cls.strip()}">' + "".join(cells) + "</tr>")
    if tabel.total is not None:
        first_sum = next((i for i, k in enumerate(cols) if k.key in tabel.total), len(cols))
        cells = [f'<td class="jumlah-label" colspan="{first_sum}">JUMLAH</td>'] if first_sum else []
        for k in cols[first_sum:]:
            c = tabel.total.get(k.key)
            if c is None:
                cells.append("<td></td>")
            else:
                title = f' title="{escape(c.penjelasan)}"' if screen and c.penjelasan else ""
                cells.append(f'<td class="num"{title}>{escape(c.text)}</td>')
        # a last body row, not a <tfoot>: printed once at the end, not repeated on every page
        parts.append('<tr class="jumlah">' + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return mark_safe("".join(parts))


def table_block_html(tabel: Tabel, *, screen: bool = False) -> SafeString:
    caption = format_html(
        '<p class="tabel-judul" id="{}">{}<span class="tabel-kode"> ({})</span></p>',
        tabel.anchor,
        tabel.caption,
        tabel.kode,
    )
    notes = "".join(str(format_html('<p class="tabel-catatan">{}</p>', c)) for c in tabel.catatan)
    formula_notes = [f"Kolom {k.nomor} = {k.rumus_teks}" for k in tabel.layout.kolom if k.rumus_teks]
    if formula_notes:
        notes += str(format_html('<p class="tabel-catatan">{}</p>', "; ".join(formula_notes) + "."))
    wrap_cls = "tabel-blok landscape" if tabel.layout.landscape else "tabel-blok"
    return mark_safe(
        f'<section class="{wrap_cls}">{caption}<div class="table-wrap">{table_html(tabel, screen=screen)}</div>'
        f"{notes}</section>"
    )


def bab_html(bab: Bab) -> SafeString:
    parts = []
    for bagian in bab.bagian:
        if bagian.block is not None:
            parts.append(block_html(bagian.block))
        elif bagian.tabel is not None:
            parts.append(str(table_block_html(bagian.tabel)))
    return mark_safe("".join(parts))


def data_uri(path: Path | None) -> str:
    if path is None:
        return ""
    mime = mimetypes.guess_type(path.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _css() -> str:
    return (Path(__file__).resolve().parent / "static" / "documents" / "dokumen.css").read_text(encoding="utf-8")


def _css_string(text: str) -> str:
    """Text safe inside a CSS string in a <style> element."""
    return "".join(c for c in text if c not in '"\\<>\n\r')


def document_html(data: RenjaDocumentData, *, for_pdf: bool = False) -> str:
    """The whole Renja as one HTML document (cover, kata pengantar, daftar isi, Bab I–V with their tables,
    signature). The PDF is this HTML laid out by WeasyPrint."""
    bab = [{"bab": b, "html": bab_html(b)} for b in data.bab]
    context = {
        "d": data,
        "i": data.identitas,
        "p": data.penandatangan,
        "kata_pengantar": bab_html(data.kata_pengantar),
        "bab": bab,
        "tabel": data.tabel,
        "css": mark_safe(_css() + "\n" + data.custom.css),
        "logo": data_uri(data.custom.logo),
        "kop": data_uri(data.custom.kop),
        "for_pdf": for_pdf,
        "header_text": _css_string(f"Renja {data.identitas.perangkat_daerah} Tahun {data.identitas.tahun}"),
    }
    return render_to_string("documents/dokumen.html", context)
