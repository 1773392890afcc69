"""Dry run and failure paths of the document importer (no module-level data here)."""

from __future__ import annotations

import pytest

from renja.audit.models import AuditEvent
from renja.core.errors import ImportFailed
from renja.core.types import Source
from renja.importers.services import renja_document_import
from renja.plans.models import PlanRow, Renja
from tests.conftest import SEED


def _import(data: bytes, **kw: object):  # type: ignore[no-untyped-def]
    return renja_document_import(data=data, filename="x.txt", actor=None, source=Source.CLI, **kw)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_dry_run_reports_and_stores_nothing() -> None:
    report = _import(SEED.read_bytes(), dry_run=True, pemda_kode="35.20")
    assert report.dry_run
    assert report.ringkasan["sub_kegiatan"] == 56
    assert report.dibuat["usulan"] == 27
    assert Renja.objects.count() == 0 and PlanRow.objects.count() == 0 and AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_a_document_without_a_plan_table_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ImportFailed, match=r"Tabel 4\.1"):
        _import(b"RENCANA KERJA\nDinas Contoh Tahun 2024\n\nBAB I\nPENDAHULUAN\n", pemda_kode="35.20")
    assert Renja.objects.count() == 0


@pytest.mark.django_db
def test_binary_garbage_is_refused_not_crashed() -> None:
    with pytest.raises(ImportFailed):
        _import(bytes(range(256)) * 10, pemda_kode="35.20")


@pytest.mark.django_db
def test_unknown_pemda_code_asks_for_it(settings) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFailed, match="--pemda-kode"):
        _import(SEED.read_bytes())
