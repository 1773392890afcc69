"""The product's own XLSX workbook (renja.documents.xlsx), read back by its plan-sheet parser and checked."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.db import transaction
from openpyxl import load_workbook

from renja.checks.selectors import check_document
from renja.core.types import Source
from renja.importers.report import ImportReport
from renja.importers.services import renja_document_import
from renja.plans.models import Renja
from tests.checks.documents import CLEAN


@pytest.fixture(scope="module")
def workbook(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[bytes]:
    render = pytest.importorskip("renja.documents.render")
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        report: ImportReport = renja_document_import(
            data=CLEAN.encode(), filename="bersih.txt", actor=None, source=Source.CLI, pemda_kode="35.20"
        )
        assert report.renja_ids
        yield render.render(Renja.objects.get(pk=report.renja_ids[0]), "xlsx").content
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_export_of_a_clean_plan_checks_clean(workbook: bytes) -> None:
    hasil = check_document(data=workbook, filename="renja.xlsx")
    assert hasil.format == "xlsx"
    assert next(b for b in hasil.kelengkapan if b.kode == "prakiraan_maju").status == "lengkap"
    assert [t for t in hasil.temuan if t.severity in ("error", "peringatan")] == []


@pytest.mark.django_db
def test_a_pagu_changed_in_excel_is_reported_at_its_cell(workbook: bytes) -> None:
    wb = load_workbook(io.BytesIO(workbook))
    meta = {r[0].value: r[1].value for r in wb["_renja"].iter_rows(min_row=1, max_col=2) if r[0].value}
    ws = wb[str(meta["lembar_rencana"])]
    first = int(str(meta["baris_data_pertama"]))
    target = None
    for row in ws.iter_rows(min_row=first):
        values = [c.value for c in row]
        if values and str(values[0] or "").strip() == "2.13.04.2.01.0002":
            target = row
            break
    assert target is not None, "baris 2.13.04.2.01.0002 tidak ada di lembar rencana"
    pagu_col = next(c for c in target if isinstance(c.value, (int, float)) and c.value == 40_000_000)
    pagu_col.value = 45_000_000
    out = io.BytesIO()
    wb.save(out)
    hasil = check_document(data=out.getvalue(), filename="renja.xlsx")
    found = [t for t in hasil.temuan if t.kode == "PAGU_INDUK_TIDAK_SESUAI"]
    assert found
    assert all(t.lokasi.posisi.startswith("baris Excel ") for t in found)
