"""The demo Renja (DPMD Magetan 2024) as XLSX, DOCX, PDF and HTML, each read back and compared with the data."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import docx
import openpyxl
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from docx.oxml.ns import qn
from pypdf import PdfReader

from renja.core.types import Source
from renja.documents.data import RenjaDocumentData, renja_document_data
from renja.documents.render import render_data
from renja.importers.services import renja_document_import
from renja.master.models import Level
from renja.plans.models import Renja
from renja.usulan.models import Usulan
from tests.conftest import SEED

TOTAL_2024 = Decimal("8319719640")
TOTAL_2025 = Decimal("10481191604")
PROGRAM_PAGU_2024 = {
    "2.13.01": 3842519640,
    "2.13.02": 164000000,
    "2.13.03": 50000000,
    "2.13.04": 3453200000,
    "2.13.05": 810000000,
}
SHEETS = [
    "T-C.29 Evaluasi",
    "T-C.30 Kinerja Pelayanan",
    "T-C.31 Review Ranwal",
    "T-C.32 Usulan",
    "Tujuan dan Sasaran",
    "T-C.33 Rencana",
    "Bab IV SIPD-RI",
    "Temuan",
    "_renja",
]


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """Import the seed once, build the document data and every format once (rolled back afterwards)."""
    with django_db_blocker.unblock(), transaction.atomic():
        renja_document_import(
            data=SEED.read_bytes(), filename=SEED.name, actor=None, source=Source.CLI, pemda_kode="35.20"
        )
        renja = Renja.objects.get(utama=True, tahun=2024)
        data = renja_document_data(renja)
        out = {fmt: render_data(data, fmt) for fmt in ("xlsx", "docx", "pdf", "html")}
        yield {"renja": renja, "data": data, **out}
        transaction.set_rollback(True)


def _data(seeded: dict[str, Any]) -> RenjaDocumentData:
    return seeded["data"]


# --- the data --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_builder_reads_a_fixed_number_of_queries_whatever_the_size(seeded: dict[str, Any]) -> None:
    from tests.plans.builders import build_tree

    renja = seeded["renja"]
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            renja_document_data(renja)
        counts.append(len(ctx.captured_queries))
        build_tree(renja, 3, 2, 4)  # 3 more programs, 6 kegiatan, 24 sub kegiatan, each with indicator and pagu
    assert counts[0] == counts[1]
    assert counts[0] <= 60  # 18 of its own, plus the evaluation engine (T-C.29) and the checker (findings)


@pytest.mark.django_db
def test_the_data_holds_every_table_in_document_order_with_the_plan_totals(seeded: dict[str, Any]) -> None:
    data = _data(seeded)
    assert [t.kode for t in data.tabel] == ["T-C.29", "T-C.30", "T-C.31", "T-C.32", "Tabel 3.1", "T-C.33", "Bab IV"]
    assert data.total_n.value == TOTAL_2024
    assert data.total_n1.value == TOTAL_2025
    tc33 = data.tabel_by_kode("T-C.33")
    assert len(tc33.records) == 71  # 5 program, 10 kegiatan, 56 sub kegiatan
    assert tc33.total is not None and tc33.total["pagu_n"].text == "8.319.719.640"
    assert len(data.tabel_by_kode("T-C.32").records) == Usulan.objects.count() == 27
    assert len(data.tabel_by_kode("Tabel 3.1").records) == 4
    assert len(data.tabel_by_kode("T-C.30").records) == 7
    assert len(data.tabel_by_kode("T-C.31").records) == 56
    assert data.penandatangan.nama == "EKO MURYANTO, S.IP, M.Si"
    assert data.penandatangan.jabatan_baris == ["KEPALA DINAS", "PEMBERDAYAAN MASYARAKAT DAN DESA", "KABUPATEN MAGETAN"]
    # tables sit at the end of their sections
    bab2 = data.bab[1]
    order = [(b.block.nomor if b.block else b.tabel.kode) for b in bab2.bagian if b.tabel or b.block.jenis == "heading"]  # type: ignore[union-attr]
    assert order == ["2.1", "T-C.29", "2.2", "T-C.30", "2.3", "2.4", "T-C.31", "2.5", "T-C.32"]


# --- XLSX ------------------------------------------------------------------------------------------------------


def _xlsx(seeded: dict[str, Any], data_only: bool = False) -> Any:
    return openpyxl.load_workbook(io.BytesIO(seeded["xlsx"].content), data_only=data_only)


def _rows_by_kode(ws: Any, first: int) -> dict[str, tuple[Any, ...]]:
    out = {}
    for row in ws.iter_rows(min_row=first, values_only=True):
        if row[0] and row[0] != "JUMLAH":
            out[str(row[0])] = row
    return out


@pytest.mark.django_db
def test_xlsx_has_a_sheet_per_table_numbers_as_numbers_and_totals_equal_to_the_data(seeded: dict[str, Any]) -> None:
    wb = _xlsx(seeded)
    assert wb.sheetnames == SHEETS
    assert wb["_renja"].sheet_state == "hidden"
    ws = wb["T-C.33 Rencana"]
    numbered = [c.value for c in ws[6]]
    assert numbered == [str(i) for i in range(1, 11)]
    rows = _rows_by_kode(ws, 7)
    programs = {k: v for k, v in rows.items() if k.count(".") == 2}
    assert {k: v[5] for k, v in programs.items()} == PROGRAM_PAGU_2024
    assert sum(v[5] for v in programs.values()) == TOTAL_2024
    assert sum(v[9] for v in programs.values()) == TOTAL_2025
    assert len([k for k in rows if k.count(".") == 5]) == 56
    sub = rows["2.13.01.2.01.0001"]
    assert sub[4] == 2 and sub[5] == 36000000 and sub[9] == 39600000
    # the total row is a formula over the five program rows
    total_row = next(r for r in ws.iter_rows(min_row=7) if r[0].value == "JUMLAH")
    assert re.fullmatch(r"=SUM\(F\d+(,F\d+){4}\)", total_row[5].value)
    cell = next(r for r in ws.iter_rows(min_row=7) if r[0].value == "2.13.01.2.01.0001")
    assert cell[4].number_format == '#,##0" Dokumen"'
    assert cell[5].number_format == "#,##0"
    assert ws.freeze_panes == "C7"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$4:$6"


@pytest.mark.django_db
def test_xlsx_tc29_computed_columns_are_formulas_and_findings_have_a_sheet(seeded: dict[str, Any]) -> None:
    wb = _xlsx(seeded)
    ws = wb["T-C.29 Evaluasi"]
    formulas = [c.value for c in ws["H"] if isinstance(c.value, str) and c.value.startswith("=")]
    assert formulas, "kolom 8 berisi rumus"
    assert all(re.fullmatch(r'=IF\(N\((F|G)\d+\)=0,"",.*\*100\)', f) for f in formulas)
    assert any(isinstance(c.value, str) and c.value.startswith("=IF(") for c in ws["K"])
    ws = wb["Temuan"]
    assert [c.value for c in ws[4]] == ["No", "Tingkat", "Kode", "Pesan", "Lokasi", "Saran"]
    assert ws.max_row - 4 == len(_data(seeded).temuan) or not _data(seeded).temuan


# --- DOCX ------------------------------------------------------------------------------------------------------


def _docx(seeded: dict[str, Any]) -> Any:
    return docx.Document(io.BytesIO(seeded["docx"].content))


@pytest.mark.django_db
def test_docx_has_bab_i_to_v_every_table_with_its_rows_and_totals(seeded: dict[str, Any]) -> None:
    doc = _docx(seeded)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "KATA PENGANTAR"
    assert [h.split("\n")[0] for h in headings[1:]] == ["BAB I", "BAB II", "BAB III", "BAB IV", "BAB V"]
    assert "PENDAHULUAN" in headings[1] and "PENUTUP" in headings[5]
    data = _data(seeded)
    assert len(doc.tables) == len(data.tabel) == 7
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions == [t.caption for t in data.tabel]
    for table, tabel in zip(doc.tables, data.tabel, strict=True):
        header = len(tabel.header) + 1
        total = 1 if tabel.total is not None else 0
        assert len(table.rows) == header + len(tabel.lines) + total, tabel.kode
        # header rows repeat on every page
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
    tc33 = doc.tables[5]
    last = [c.text for c in tc33.rows[-1].cells]
    assert last[0] == "JUMLAH" and last[5] == "8.319.719.640" and last[9] == "10.481.191.604"
    program_pagu = {r.cells[0].text: r.cells[5].text for r in tc33.rows if r.cells[0].text.count(".") == 2}
    assert program_pagu["2.13.04"] == "3.453.200.000"


@pytest.mark.django_db
def test_docx_wide_tables_are_on_landscape_sections_and_pages_are_numbered(seeded: dict[str, Any]) -> None:
    doc = _docx(seeded)
    landscape = [s for s in doc.sections if s.page_width > s.page_height]
    assert len(landscape) == 5  # T-C.29, T-C.30, T-C.31, T-C.33, Bab IV
    formats = [s._sectPr.find(qn("w:pgNumType")) for s in doc.sections]
    fmts = [f.get(qn("w:fmt")) for f in formats if f is not None]
    assert fmts[0] == "lowerRoman" and "decimal" in fmts
    assert doc.settings.element.find(qn("w:updateFields")) is not None


# --- PDF and HTML ------------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db
def test_pdf_text_has_the_chapters_tables_totals_and_signature(seeded: dict[str, Any]) -> None:
    reader = PdfReader(io.BytesIO(seeded["pdf"].content))
    pages = [p.extract_text() for p in reader.pages]
    text = "\n".join(pages)
    for needle in (
        "RENCANA KERJA",
        "DAFTAR ISI",
        "BAB I",
        "PENDAHULUAN",
        "BAB V",
        "PENUTUP",
        "Tabel 2.1",
        "Tabel 3.2",
        "Tabel 4.1",
        "8.319.719.640",
        "10.481.191.604",
        "EKO MURYANTO, S.IP, M.Si",
        "NIP. 19750527 199311 1 001",
    ):
        assert needle in text, needle
    assert "8,319,719,640" not in text
    # wide tables on landscape pages, narrative on portrait A4
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]
    assert (595, 842) in sizes and (842, 595) in sizes
    tc33_pages = [i for i, t in enumerate(pages) if "Tabel 3.2 Rumusan" in t and "2.13.01.2.01.0001" in t]
    assert tc33_pages and all(sizes[i] == (842, 595) for i in tc33_pages)
    # the daftar isi points at Bab I on page 1 (front matter is numbered i, ii, …)
    toc = next(t for t in pages if "DAFTAR ISI" in t)
    assert re.search(r"BAB I PENDAHULUAN[ .]*1\b", toc)


@pytest.mark.django_db
def test_html_document_and_file_names(seeded: dict[str, Any]) -> None:
    html = seeded["html"].content.decode()
    assert html.count('<table class="dok-tabel') == 7
    assert "8.319.719.640" in html
    assert seeded["pdf"].filename == "renja-2024-dpmd-rancangan_akhir-v1.pdf"
    assert seeded["xlsx"].content_type.endswith("spreadsheetml.sheet")
    rows = Renja.objects.get(utama=True, tahun=2024).rows
    assert rows.filter(level=Level.PROGRAM).count() == 5


@pytest.mark.django_db
def test_tc29_comes_from_the_evaluation_engine_and_falls_back_to_the_stored_inputs(
    seeded: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from renja.documents import data as data_module

    tc29 = _data(seeded).tabel_by_kode("T-C.29")
    engine = data_module._engine_tc29(seeded["renja"])
    if engine is not None:
        computed = [ln.cell("tingkat_realisasi") for ln in tc29.lines if ln.cell("tingkat_realisasi").value is not None]
        assert computed, "kolom 8 dihitung oleh mesin evaluasi"
        assert all(c.penjelasan for c in computed)
        assert tc29.catatan == ()
    monkeypatch.setattr(data_module, "_engine_tc29", lambda renja: None)
    fallback = renja_document_data(seeded["renja"]).tabel_by_kode("T-C.29")
    assert len(fallback.records) == 87  # every Renstra row of Tabel 2.1
    assert "mesin evaluasi" in fallback.catatan[0]
    first = next(ln for ln in fallback.lines if ln.cell("indikator").text.startswith("Jumlah pelaksanaan pemilihan"))
    assert (first.cell("target_akhir").text, first.cell("realisasi_n3").text) == ("184 Desa", "0 Desa")
    assert first.cell("perkiraan_realisasi").rumus == "jumlah"  # a count: 5 + 7 + 9 in the workbook


@pytest.mark.django_db
def test_findings_come_from_the_checker_and_are_skipped_for_formats_that_do_not_print_them(
    seeded: dict[str, Any],
) -> None:
    data = _data(seeded)
    assert data.temuan, "the seed has findings"
    assert all(t.severity in {"error", "peringatan", "info"} and t.pesan for t in data.temuan)
    plain = renja_document_data(seeded["renja"], with_findings=False)
    assert plain.temuan == () and plain.tabel_by_kode("T-C.33").total == data.tabel_by_kode("T-C.33").total
    ws = _xlsx(seeded)["Temuan"]
    assert ws.cell(5, 4).value == data.temuan[0].pesan
