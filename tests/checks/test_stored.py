"""The checker on a stored Renja (loader with a fixed number of queries, links to the rows), on the product's own
JSON export of a plan it holds (no false alarms on a clean plan), and in the importer's report."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from renja.checks.loader import renja_dokumen
from renja.checks.selectors import check_document, check_renja, renja_findings
from renja.core.types import Source
from renja.exporters.json_export import renja_export_json
from renja.importers.report import ImportReport
from renja.importers.services import renja_document_import
from renja.master.models import Level
from renja.plans.models import Pagu, PlanRow, Renja
from tests.checks.documents import CLEAN
from tests.checks.helpers import load_magetan_wilayah
from tests.factories import RenjaFactory
from tests.plans.builders import build_tree


def _import_clean(**kw: object) -> ImportReport:
    return renja_document_import(
        data=CLEAN.encode(), filename="bersih.txt", actor=None, source=Source.CLI, pemda_kode="35.20", **kw
    )  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def clean_plan(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[ImportReport]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        load_magetan_wilayah()
        yield _import_clean()
        transaction.set_rollback(True)


def _main() -> Renja:
    return Renja.objects.get(utama=True, tahun=2024, perangkat_daerah__nama="Dinas Pemberdayaan Masyarakat dan Desa")


@pytest.mark.django_db
def test_a_clean_stored_plan_has_no_finding(clean_plan: ImportReport) -> None:
    assert not [t for t in clean_plan.temuan if t["severity"] in ("error", "peringatan")], clean_plan.temuan
    hasil = check_renja(_main())
    assert hasil.temuan == ()
    assert hasil.nomenklatur == "kepmendagri-900-kurasi" and hasil.wilayah == "35.20 KAB. MAGETAN"
    status = {b.kode: b.status for b in hasil.kelengkapan}
    assert status["tc31"] == "lengkap" and status["tc29"] == "lengkap" and status["prakiraan_maju"] == "lengkap"


@pytest.mark.django_db
def test_the_products_own_export_of_a_clean_plan_checks_clean(clean_plan: ImportReport) -> None:
    exported = renja_export_json(_main())
    hasil = check_document(data=exported.encode(), filename="ekspor.json")
    assert hasil.format == "json"
    assert [t for t in hasil.temuan if t.severity in ("error", "peringatan")] == []
    assert hasil.temuan == ()
    items = {b.kode: b.status for b in hasil.kelengkapan}
    assert items["tc29"] == "tidak_ada"  # the export carries one Renja, not the Renstra's Tabel 2.1


@pytest.mark.django_db
def test_a_stored_pagu_that_no_longer_adds_up_is_reported_with_a_link_to_its_row(clean_plan: ImportReport) -> None:
    renja = _main()
    kegiatan = PlanRow.objects.get(renja=renja, level=Level.KEGIATAN)
    Pagu.objects.filter(row=kegiatan, tahun=2024).update(jumlah=Decimal(90_000_000), teks="")
    hasil = check_renja(renja)
    found = [t for t in hasil.temuan if t.kode == "PAGU_INDUK_TIDAK_SESUAI"]
    assert {t.lokasi.objek_id for t in found} == {kegiatan.pk, kegiatan.parent_id}
    mine = next(t for t in found if t.lokasi.objek_id == kegiatan.pk)
    assert mine.lokasi.tautan == f"/renja/{renja.pk}/rincian/#baris-{kegiatan.pk}"
    assert mine.ditemukan == "90.000.000" and mine.diharapkan == "100.000.000"
    assert "Tabel 4.1, baris" in mine.lokasi.label()  # where it came from in the imported document
    # the export of the changed plan reports the same mistake, at the same row
    exported = check_document(data=renja_export_json(renja).encode(), filename="ekspor.json")
    assert any(t.kode == "PAGU_INDUK_TIDAK_SESUAI" and kegiatan.kode in t.lokasi.posisi for t in exported.temuan)


@pytest.mark.django_db
def test_text_stored_as_value_is_reported_again(clean_plan: ImportReport) -> None:
    renja = _main()
    sub = PlanRow.objects.filter(renja=renja, level=Level.SUB_KEGIATAN).first()
    assert sub is not None
    Pagu.objects.filter(row=sub, tahun=2024).update(jumlah=None, teks="#VALUE!")
    hasil = check_renja(renja)
    [t] = [t for t in hasil.temuan if t.kode == "ERROR_SPREADSHEET"]
    assert t.lokasi.objek_id == sub.pk and t.teks == "#VALUE!"
    # a parent whose child cannot be read is not called wrong
    assert not [t for t in hasil.temuan if t.kode == "PAGU_INDUK_TIDAK_SESUAI" and "2024" in t.lokasi.kolom]


@pytest.mark.django_db
def test_the_loader_runs_a_fixed_number_of_queries() -> None:
    small = RenjaFactory(perangkat_daerah__kode="9.91.0.00.0.00.01.0000")
    build_tree(small, 1, 1, 1)
    big = RenjaFactory(perangkat_daerah__kode="9.92.0.00.0.00.01.0000")
    build_tree(big, 3, 3, 4)
    counts = []
    for renja in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            doc, _ = renja_dokumen(renja)
        counts.append(len(ctx.captured_queries))
        assert doc.rencana is not None and len(doc.rencana.baris) == PlanRow.objects.filter(renja=renja).count()
    assert counts[0] == counts[1] <= 12, counts


# ---------------------------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[ImportReport]:
    from tests.conftest import SEED

    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        load_magetan_wilayah()
        yield renja_document_import(
            data=SEED.read_bytes(), filename=SEED.name, actor=None, source=Source.CLI, pemda_kode="35.20"
        )
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_import_report_carries_the_checkers_findings_once(seeded: ImportReport) -> None:
    by = {(t["kode"], t["baris_dokumen"]) for t in seeded.temuan}
    assert ("HITUNGAN_TIDAK_SESUAI", 608) in by
    assert ("JUMLAH_TIDAK_SESUAI", 448) in by
    assert ("SATUAN_BERUBAH", 659) in by
    # reported by the importer already: not repeated by the checker
    assert sum(1 for t in seeded.temuan if (t["kode"], t["baris_dokumen"]) == ("NAMA_BEDA_NOMENKLATUR", 634)) == 1
    assert sum(1 for t in seeded.temuan if (t["kode"], t["baris_dokumen"]) == ("ERROR_SPREADSHEET", 177)) == 1
    assert seeded.ringkasan["pemeriksaan"]["temuan_ditambahkan"] > 0


@pytest.mark.django_db
def test_the_stored_seed_reports_what_its_document_does(seeded: ImportReport) -> None:
    hasil = check_renja(_main())
    got = {t.kode for t in hasil.temuan if t.severity in ("error", "peringatan")}
    # what the stored plan keeps: Tabel 2.1 (as Renstra rows), Tabel 2.4 (two versions), Tabel 4.1, narasi
    assert {
        "PERSEN_DIJUMLAH",
        "PERSEN_LEBIH_100",
        "CAPAIAN_MELEBIHI_TARGET",
        "TARGET_MELEBIHI_RENSTRA",
        "HITUNGAN_TIDAK_SESUAI",
        "SATUAN_BERUBAH",
        "TARGET_TANPA_PAGU",
        "PAGU_TANPA_TARGET",
        "TAHUN_TEKS_TIDAK_SESUAI",
        "KOLOM_KOSONG",
        "ERROR_SPREADSHEET",
    } == got
    # the JUMLAH row of Tabel 2.4 is not stored: that one mistake is only found in the document
    assert "JUMLAH_TIDAK_SESUAI" not in got


@pytest.mark.django_db
def test_the_flattened_findings_for_the_document_renderers(seeded: ImportReport) -> None:
    found = renja_findings(_main())
    count = next(f for f in found if f.kode == "HITUNGAN_TIDAK_SESUAI")
    assert count.lokasi == "Bab IV, paragraf 1" and count.severity == "error" and "42 sub kegiatan" in count.pesan


@pytest.mark.django_db
def test_the_export_of_the_seed_adds_no_error_of_its_own(seeded: ImportReport) -> None:
    stored = {t.kode for t in check_renja(_main()).temuan if t.severity == "error"}
    data = renja_export_json(_main())
    exported = check_document(data=data.encode(), filename="ekspor.json")
    errors = {t.kode for t in exported.temuan if t.severity == "error"}
    assert errors <= stored
    assert errors == {"HITUNGAN_TIDAK_SESUAI"}  # the 42 of Bab IV travels with the narasi
    assert json.loads(data)["tahun"] == 2024
