"""Export the plan to XLSX, edit cells as an office would in Excel, import it back: the dry run lists every
difference row by row and changes nothing; the real import applies them through the services, audited."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from renja.audit.models import AuditEvent
from renja.core.errors import ImportFailed, StageLocked
from renja.documents.data import renja_document_data
from renja.documents.xlsx import render_xlsx
from renja.importers.models import ImportRun
from renja.importers.parse.plan_xlsx import parse_plan_workbook, satuan_of_format
from renja.importers.xlsx_import import renja_xlsx_import
from renja.master.models import Level, SumberDana
from renja.plans.models import Indikator, Pagu, PlanRow, Renja, Target
from tests.factories import RenjaFactory
from tests.plans.builders import build_tree

pytestmark = pytest.mark.django_db

SHEET = "T-C.33 Rencana"
# columns of the plan sheet: 1 kode, 2 uraian, 3 indikator, 4 lokasi, 5 target n, 6 pagu n, 7 sumber dana,
# 8 catatan, 9 target n+1, 10 pagu n+1


@pytest.fixture
def renja() -> Renja:
    renja = RenjaFactory(tahun=2024)
    build_tree(renja, 2, 2, 2)  # 2 program × 2 kegiatan × 2 sub kegiatan
    return renja


def export(renja: Renja) -> Any:
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(renja_document_data(renja))))


def save(wb: Any) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def line_of(ws: Any, kode: str) -> int:
    for r in range(7, ws.max_row + 1):
        if ws.cell(r, 1).value == kode:
            return r
    raise AssertionError(kode)


def snapshot(renja: Renja) -> list[tuple[Any, ...]]:
    return sorted(
        Pagu.objects.filter(row__renja=renja).values_list("row__kode", "tahun", "jumlah", "lokasi", "sumber_dana_id")
    ) + sorted(Target.objects.filter(indikator__row__renja=renja).values_list("indikator__row__kode", "tahun", "nilai"))


def test_an_unedited_workbook_has_no_differences(renja: Renja) -> None:
    report = renja_xlsx_import(data=save(export(renja)), filename="rencana.xlsx", actor=None, dry_run=True)
    assert report.perubahan == []
    assert report.errors == 0
    assert "Tidak ada perbedaan" in report.render_text()


def test_dry_run_lists_added_changed_and_removed_rows_and_changes_nothing(renja: Renja) -> None:
    SumberDana.objects.create(kode="DAU", nama="Dana Alokasi Umum")
    wb = export(renja)
    ws = wb[SHEET]
    r = line_of(ws, "2.13.01.2.01.0001")
    ws.cell(r, 6).value = 1_250_000  # pagu n: 1.000.000 → 1.250.000
    ws.cell(r, 5).value = 6  # target n: 4 → 6 (the cell keeps its "Dokumen" format)
    ws.cell(r, 4).value = "Kec. Bendo"
    ws.cell(r, 7).value = "DAU"
    ws.cell(r, 2).value = "Sub kegiatan diganti namanya"
    r2 = line_of(ws, "2.13.02.2.02.0002")
    ws.insert_rows(r2 + 1)
    for col, value in enumerate(
        [
            "2.13.02.2.02.0003",
            "Sub kegiatan baru",
            "Jumlah laporan",
            None,
            "3 Laporan",
            500000,
            None,
            None,
            None,
            600000,
        ],
        start=1,
    ):
        ws.cell(r2 + 1, col).value = value
    ws.delete_rows(line_of(ws, "2.13.01.2.02.0002"))
    before = snapshot(renja)
    rows_before = PlanRow.objects.filter(renja=renja).count()

    report = renja_xlsx_import(data=save(wb), filename="rencana.xlsx", actor=None, dry_run=True)

    assert snapshot(renja) == before
    assert PlanRow.objects.filter(renja=renja).count() == rows_before
    assert not ImportRun.objects.filter(jenis="renja_xlsx").exists()
    assert [(p.jenis, p.kode) for p in report.perubahan] == [
        ("ubah", "2.13.01.2.01.0001"),
        ("tambah", "2.13.02.2.02.0003"),
        ("hapus", "2.13.01.2.02.0002"),
    ]
    changed = {d.kolom: (d.sebelum, d.sesudah) for d in report.perubahan[0].rincian}
    assert changed == {
        "uraian": ("sub_kegiatan 2.13.01.2.01.0001", "Sub kegiatan diganti namanya"),
        "lokasi": ("", "Kec. Bendo"),
        "sumber dana": ("", "DAU"),
        "pagu 2024": ("1.000.000", "1.250.000"),
        "indikator 1 target 2024": ("4 Dokumen", "6 Dokumen"),
    }
    assert report.perubahan[1].level == Level.SUB_KEGIATAN
    assert {d.kolom: d.sesudah for d in report.perubahan[1].rincian}["pagu 2024"] == "500.000"
    text = report.render_text()
    assert "uji coba" in text
    assert "~ 2.13.01.2.01.0001" in text and "pagu 2024: 1.000.000 → 1.250.000" in text
    assert "+ 2.13.02.2.02.0003" in text and "- 2.13.01.2.02.0002" in text
    assert report.to_dict()["jumlah_perubahan"] == {"tambah": 1, "ubah": 1, "hapus": 1}


def test_import_applies_the_differences_through_the_services_audited_as_an_import(renja: Renja) -> None:
    dau = SumberDana.objects.create(kode="DAU", nama="Dana Alokasi Umum")
    wb = export(renja)
    ws = wb[SHEET]
    r = line_of(ws, "2.13.01.2.01.0001")
    ws.cell(r, 6).value = 1_250_000
    ws.cell(r, 5).value = 6
    ws.cell(r, 7).value = "Dana Alokasi Umum"
    ws.cell(r, 10).value = None  # the prakiraan maju emptied
    r2 = line_of(ws, "2.13.02.2.02.0002")
    ws.insert_rows(r2 + 1)
    for col, value in enumerate(
        ["2.13.02.2.02.0003", "Sub kegiatan baru", "Jumlah laporan", None, "3 Laporan", 500000], start=1
    ):
        ws.cell(r2 + 1, col).value = value
    ws.delete_rows(line_of(ws, "2.13.01.2.02.0002"))

    report = renja_xlsx_import(data=save(wb), filename="rencana.xlsx", actor=None)

    assert report.ringkasan_perubahan == {"tambah": 1, "ubah": 1, "hapus": 1}
    row = PlanRow.objects.get(renja=renja, kode="2.13.01.2.01.0001")
    pagu = row.pagu.get(tahun=2024)
    assert (pagu.jumlah, pagu.sumber_dana) == (Decimal(1_250_000), dau)
    assert row.pagu.get(tahun=2025).jumlah is None
    assert row.indikator.get().targets.get(tahun=2024).nilai == Decimal(6)
    new = PlanRow.objects.get(renja=renja, kode="2.13.02.2.02.0003")
    assert new.level == Level.SUB_KEGIATAN
    assert new.parent == PlanRow.objects.get(renja=renja, kode="2.13.02.2.02")
    ind = Indikator.objects.get(row=new)
    assert (ind.nama, ind.satuan) == ("Jumlah laporan", "Laporan")
    assert ind.targets.get(tahun=2024).nilai == Decimal(3)
    assert not PlanRow.objects.filter(renja=renja, kode="2.13.01.2.02.0002").exists()
    events = AuditEvent.objects.filter(source="import")
    assert events.filter(action="update", model="plans.Pagu").exists()
    assert events.filter(action="create", model="plans.PlanRow").exists()
    assert events.filter(action="delete", model="plans.PlanRow").exists()
    assert events.filter(action="import", model="importers.ImportRun").exists()
    assert ImportRun.objects.get(jenis="renja_xlsx").ringkasan["perubahan"] == {"tambah": 1, "ubah": 1, "hapus": 1}
    # the new row is placed after its sibling, and exporting again shows no difference
    again = renja_xlsx_import(data=save(export(renja)), filename="lagi.xlsx", actor=None, dry_run=True)
    assert again.perubahan == []
    ws2 = export(renja)[SHEET]
    assert line_of(ws2, "2.13.02.2.02.0003") == line_of(ws2, "2.13.02.2.02.0002") + 1


def test_unreadable_cells_are_reported_where_they_stand_and_not_applied(renja: Renja) -> None:
    wb = export(renja)
    ws = wb[SHEET]
    r = line_of(ws, "2.13.01.2.01.0001")
    ws.cell(r, 6).value = "#VALUE!"
    ws.cell(r, 7).value = "Dana Tak Dikenal"
    ws.cell(r, 9).value = "5,5 Dokumen"  # typed as text, read as a number with its satuan
    report = renja_xlsx_import(data=save(wb), filename="rencana.xlsx", actor=None)
    kinds = {t["kode"]: t for t in report.temuan}
    assert kinds["ERROR_SPREADSHEET"]["kolom"] == "F" and kinds["ERROR_SPREADSHEET"]["baris_dokumen"] == r
    assert "SUMBER_DANA_TIDAK_DIKENAL" in kinds
    row = PlanRow.objects.get(renja=renja, kode="2.13.01.2.01.0001")
    assert row.pagu.get(tahun=2024).jumlah == Decimal(1_000_000)  # unchanged
    assert row.pagu.get(tahun=2024).sumber_dana is None
    assert row.indikator.get().targets.get(tahun=2025).nilai == Decimal("5.5")


def test_a_new_row_needs_a_code_and_a_locked_renja_refuses_the_import(renja: Renja) -> None:
    wb = export(renja)
    ws = wb[SHEET]
    ws.insert_rows(8)
    ws.cell(8, 2).value = "Baris tanpa kode"
    report = renja_xlsx_import(data=save(wb), filename="rencana.xlsx", actor=None, dry_run=True)
    assert [t["kode"] for t in report.temuan] == ["KODE_BARIS_BARU"]
    assert report.perubahan == []

    renja.terkunci = True
    renja.save()
    ws.cell(line_of(ws, "2.13.01"), 6).value = 1
    with pytest.raises(StageLocked):
        renja_xlsx_import(data=save(wb), filename="rencana.xlsx", actor=None, dry_run=True)


def test_a_workbook_that_is_not_a_renja_export_is_refused_with_a_message() -> None:
    wb = openpyxl.Workbook()
    with pytest.raises(ImportFailed, match="lembar tersembunyi '_renja'"):
        renja_xlsx_import(data=save(wb), filename="lain.xlsx", actor=None)
    with pytest.raises(ImportFailed, match="bukan buku kerja Excel"):
        renja_xlsx_import(data=b"bukan zip", filename="rusak.xlsx", actor=None)


def test_a_workbook_of_another_renja_is_refused(renja: Renja) -> None:
    wb = export(renja)
    wb["_renja"]["B6"].value = 2031  # tahun
    with pytest.raises(ImportFailed, match="tidak ada di basis data ini"):
        renja_xlsx_import(data=save(wb), filename="rencana.xlsx", actor=None)


def test_a_moved_column_is_read_by_its_number(renja: Renja) -> None:
    wb = export(renja)
    ws = wb[SHEET]
    ws.move_range("H4:H200", cols=3)  # catatan (8) to the far right
    ws.move_range("I4:K200", cols=-1)
    ws.cell(line_of(ws, "2.13.01"), 10).value = "Catatan baru"
    parsed = parse_plan_workbook(save(wb))
    assert [f.kode for f in parsed.findings] == ["KOLOM_BERGESER"]
    program = next(r for r in parsed.rows if r.kode == "2.13.01")
    assert program.catatan == "Catatan baru"
    assert program.pagu_n1 is not None and program.pagu_n1.nilai == Decimal(8_000_000)


def test_satuan_comes_from_the_number_format() -> None:
    assert satuan_of_format('#,##0" Dokumen"') == "Dokumen"
    assert satuan_of_format('#,##0.0"%"') == "%"
    assert satuan_of_format('"Rp "#,##0') == ""
    assert satuan_of_format("General") == ""


def test_renja_import_command_dispatches_xlsx_and_prints_the_diff(renja: Renja, tmp_path: Path) -> None:
    wb = export(renja)
    ws = wb[SHEET]
    ws.cell(line_of(ws, "2.13.01.2.01.0001"), 6).value = 1_500_000
    path = tmp_path / "rencana.xlsx"
    path.write_bytes(save(wb))
    out = io.StringIO()
    call_command("import", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "pagu 2024: 1.000.000 → 1.500.000" in text
    assert Pagu.objects.get(row__kode="2.13.01.2.01.0001", tahun=2024).jumlah == Decimal(1_000_000)
    out = io.StringIO()
    call_command("import", str(path), "--json", stdout=out)
    assert '"jumlah_perubahan"' in out.getvalue()
    assert Pagu.objects.get(row__kode="2.13.01.2.01.0001", tahun=2024).jumlah == Decimal(1_500_000)
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"x")
    with pytest.raises(CommandError, match="bukan buku kerja Excel"):
        call_command("import", str(bad))
