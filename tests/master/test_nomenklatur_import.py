"""nomenklatur_import / nomenklatur_load_builtin: bulk, idempotent, one audit event, parents right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from renja.audit.models import AuditEvent
from renja.core.errors import ImportFailed
from renja.core.text import parent_code
from renja.core.types import Source
from renja.importers.models import ImportRun
from renja.master.models import Nomenklatur, NomenklaturVersi
from renja.master.nomenklatur import (
    BUILTIN_VERSI_KODE,
    nomenklatur_count_per_level,
    nomenklatur_import,
    nomenklatur_load_builtin,
)
from tests.conftest import shared_path
from tests.factories import UserFactory
from tests.master.builders import KEPMENDAGRI_ROWS, kepmendagri_bytes, workbook_bytes

pytestmark = pytest.mark.django_db

QueryCounter = Callable[..., Any]


def assert_parents_follow_codes(versi: NomenklaturVersi, *, parentless_levels: set[str]) -> None:
    """Every item's parent is the item whose code is its code's parent (one query)."""
    rows = list(
        Nomenklatur.objects.filter(versi=versi).values_list(
            "jenis_pemda", "kode", "level", "parent__kode", "parent__jenis_pemda"
        )
    )
    for jenis, kode, level, p_kode, p_jenis in rows:
        if level in parentless_levels:
            assert p_kode is None, kode
        else:
            assert (p_kode, p_jenis) == (parent_code(kode), jenis), kode


def many_rows(kegiatan: int, subs: int) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = [
        (2, None, None, None, None, "URUSAN 2"),
        (2, 13, None, None, None, "BIDANG"),
        (2, 13, 4, None, None, "PROGRAM"),
    ]
    for k in range(1, kegiatan + 1):
        rows.append((2, 13, 4, f"2.{k:02d}", None, f"Kegiatan nomor {k}"))
        rows.extend(
            (2, 13, 4, f"2.{k:02d}", s, f"Sub kegiatan {k}-{s}", "Kinerja", "Indikator", "Dokumen")
            for s in range(1, subs + 1)
        )
    return rows


def test_import_creates_the_version_and_items_with_parents_and_one_audit_event() -> None:
    user = UserFactory()
    report = nomenklatur_import(
        path_or_bytes=kepmendagri_bytes(),
        versi_kode="uji-900",
        versi_nama="Uji 900",
        actor=user,
        source=Source.WEB,
        nama_berkas="uji.xlsx",
    )

    versi = NomenklaturVersi.objects.get(kode="uji-900")
    assert versi.nama == "Uji 900"
    assert report.jenis == "nomenklatur"
    assert report.ringkasan["dibuat"] == 11
    assert report.ringkasan["per_level"] == {"urusan": 2, "bidang": 2, "program": 2, "kegiatan": 2, "sub_kegiatan": 3}
    assert dict(report.dibuat) == report.ringkasan["per_level"]
    assert nomenklatur_count_per_level(versi=versi) == {"kabkota": report.ringkasan["per_level"]}
    sub = Nomenklatur.objects.get(versi=versi, kode="2.13.04.2.01.0012")
    assert sub.kode_asli == "2.13.4.2.01.12"
    assert sub.nama == "Fasilitasi Manajemen Pemerintahan Desa"
    assert sub.nama_kunci == "fasilitasi manajemen pemerintahan desa"
    assert sub.extra == {"nama_asli": "Fasilitasi                          Manajemen Pemerintahan Desa"}
    assert sub.jenis_pemda == "kabkota"
    assert sub.parent is not None and sub.parent.kode == "2.13.04.2.01"
    assert_parents_follow_codes(versi, parentless_levels={"urusan"})

    events = AuditEvent.objects.filter(action="import", model="master.NomenklaturVersi")
    assert events.count() == 1
    event = events.get()
    assert event.actor == user and event.source == Source.WEB and event.object_pk == str(versi.pk)
    assert event.after is not None and event.after["dibuat"] == 11
    run = ImportRun.objects.get(pk=report.ringkasan["import_run_id"])
    assert run.jenis == "nomenklatur" and run.nama_berkas == "uji.xlsx" and run.actor == user
    assert run.ringkasan["per_level"]["sub_kegiatan"] == 3
    assert [t["kode"] for t in run.temuan] == ["BARIS_KOSONG"]
    assert event.context["import_run"] == run.pk


def test_importing_the_same_file_twice_creates_nothing_new() -> None:
    data = kepmendagri_bytes()
    nomenklatur_import(path_or_bytes=data, versi_kode="uji-900", actor=None, source=Source.CLI)
    before = list(Nomenklatur.objects.order_by("pk").values())

    again = nomenklatur_import(path_or_bytes=data, versi_kode="uji-900", actor=None, source=Source.CLI)

    assert again.ringkasan["dibuat"] == 0
    assert again.ringkasan["diperbarui"] == 0
    assert again.ringkasan["tetap"] == 11
    assert list(Nomenklatur.objects.order_by("pk").values()) == before
    assert NomenklaturVersi.objects.count() == 1
    assert ImportRun.objects.filter(jenis="nomenklatur").count() == 2  # each run is on record


def test_a_changed_file_updates_only_what_changed_and_keeps_what_left_the_file() -> None:
    nomenklatur_import(path_or_bytes=kepmendagri_bytes(), versi_kode="uji-900", actor=None, source=Source.CLI)
    rows = [r for r in KEPMENDAGRI_ROWS if r[:5] != (2, 13, 4, "2.01", 1)]
    rows = [
        (*r[:5], "Fasilitasi Manajemen Pemerintahan Desa (baru)", *r[6:]) if r[:5] == (2, 13, 4, "2.01", 12) else r
        for r in rows
    ]
    report = nomenklatur_import(
        path_or_bytes=kepmendagri_bytes(rows), versi_kode="uji-900", actor=None, source=Source.CLI
    )

    assert report.ringkasan["dibuat"] == 0
    assert report.ringkasan["diperbarui"] == 1
    assert report.ringkasan["tidak_ada_di_berkas"] == 1
    assert set(report.ringkasan["field_diperbarui"]) == {"nama", "nama_kunci", "extra"}
    item = Nomenklatur.objects.get(kode="2.13.04.2.01.0012")
    assert item.nama == "Fasilitasi Manajemen Pemerintahan Desa (baru)"
    assert item.extra == {}
    assert Nomenklatur.objects.filter(kode="2.13.04.2.01.0001").exists()


def test_import_uses_a_bounded_number_of_queries(django_assert_max_num_queries: QueryCounter) -> None:
    small = kepmendagri_bytes(many_rows(kegiatan=2, subs=3))
    large = kepmendagri_bytes(many_rows(kegiatan=20, subs=40))  # 823 items
    with django_assert_max_num_queries(20):
        nomenklatur_import(path_or_bytes=small, versi_kode="kecil", actor=None, source=Source.CLI)
    with django_assert_max_num_queries(30):
        report = nomenklatur_import(path_or_bytes=large, versi_kode="besar", actor=None, source=Source.CLI)
    assert report.ringkasan["dibuat"] == 823
    with django_assert_max_num_queries(20):
        nomenklatur_import(path_or_bytes=large, versi_kode="besar", actor=None, source=Source.CLI)


def test_default_version_follows_the_format_and_the_year_in_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "nomenklatur-kabkota-2025.xlsx"
    path.write_bytes(kepmendagri_bytes())
    report = nomenklatur_import(path_or_bytes=path, actor=None, source=Source.CLI)
    versi = NomenklaturVersi.objects.get(kode="kepmendagri-900")
    assert report.ringkasan["versi"] == "kepmendagri-900"
    assert report.berkas == "nomenklatur-kabkota-2025.xlsx"
    assert versi.berlaku_tahun == 2025
    assert versi.sumber == "nomenklatur-kabkota-2025.xlsx"


def test_unreadable_files_fail_with_a_clear_message_and_write_nothing(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"Berkas rusak\.xlsx tidak bisa dibaca sebagai XLSX"):
        nomenklatur_import(
            path_or_bytes=b"bukan excel", versi_kode="x", actor=None, source=Source.CLI, nama_berkas="rusak.xlsx"
        )
    with pytest.raises(ImportFailed, match="tidak ada"):
        nomenklatur_import(path_or_bytes=tmp_path / "hilang.xlsx", versi_kode="x", actor=None, source=Source.CLI)
    unknown = workbook_bytes(("NO", "URAIAN"), [(1, "a")])
    with pytest.raises(ImportFailed, match=r"Format berkas unggahan\.xlsx tidak dikenali sebagai daftar nomenklatur"):
        nomenklatur_import(path_or_bytes=unknown, versi_kode="x", actor=None, source=Source.CLI)
    assert not NomenklaturVersi.objects.exists()
    assert not ImportRun.objects.exists()
    assert not AuditEvent.objects.exists()


def test_values_the_database_refuses_become_findings() -> None:
    rows = [*KEPMENDAGRI_ROWS, (2, 13, 4, "2.01", 2, "Satuan terlalu panjang", "K", "I", "x" * 150)]
    report = nomenklatur_import(path_or_bytes=kepmendagri_bytes(rows), versi_kode="uji", actor=None, source=Source.CLI)
    assert report.ringkasan["dibuat"] == 11
    bad = [t for t in report.temuan if t["kode"] == "NILAI_TIDAK_SAH"]
    assert len(bad) == 1 and "satuan" in bad[0]["pesan"] and bad[0]["baris_dokumen"] == 14


def test_builtin_subset_loads_once_and_again_changes_nothing() -> None:
    report = nomenklatur_load_builtin(actor=None, source=Source.SYSTEM)
    versi = NomenklaturVersi.objects.get(kode=BUILTIN_VERSI_KODE)
    assert report.ringkasan["per_level"] == {
        "urusan": 2,
        "bidang": 2,
        "program": 8,
        "kegiatan": 38,
        "sub_kegiatan": 204,
    }
    assert report.temuan == []
    assert_parents_follow_codes(versi, parentless_levels={"urusan"})
    program = Nomenklatur.objects.get(versi=versi, kode="2.13.05")
    assert program.nama == "PROGRAM PEMBERDAYAAN LEMBAGA KEMASYARAKATAN, LEMBAGA ADAT DAN MASYARAKAT HUKUM ADAT"
    gaji = Nomenklatur.objects.get(versi=versi, kode="X.XX.01.2.02.0001")
    assert (gaji.satuan, gaji.indikator) == ("Orang/bulan", "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN")

    again = nomenklatur_load_builtin(actor=None, source=Source.SYSTEM)
    assert (again.ringkasan["dibuat"], again.ringkasan["diperbarui"], again.ringkasan["tetap"]) == (0, 0, 254)
    assert Nomenklatur.objects.filter(versi=versi).count() == 254


# ------------------------------------------------------------------------------------------ real files


@pytest.mark.slow
@pytest.mark.shared_data
def test_real_kepmendagri_900_file_imports_completely_and_idempotently() -> None:
    path = shared_path("data", "nomenklatur", "nomenklatur-kabkota-kepmendagri-900.xlsx")
    report = nomenklatur_import(path_or_bytes=path, versi_kode="kepmendagri-900", actor=None, source=Source.CLI)

    expected = {"urusan": 10, "bidang": 45, "program": 188, "kegiatan": 729, "sub_kegiatan": 3395}
    versi = NomenklaturVersi.objects.get(kode="kepmendagri-900")
    assert report.ringkasan["per_level"] == expected
    assert report.ringkasan["dibuat"] == 4367
    assert nomenklatur_count_per_level(versi=versi) == {"kabkota": expected}
    assert_parents_follow_codes(versi, parentless_levels={"urusan"})
    assert Nomenklatur.objects.get(versi=versi, kode="X.XX.01").nama.startswith("PROGRAM PENUNJANG")
    assert not Nomenklatur.objects.filter(versi=versi, kode="2.13.01").exists()  # only as X.XX.01

    again = nomenklatur_import(path_or_bytes=path, versi_kode="kepmendagri-900", actor=None, source=Source.CLI)
    assert (again.ringkasan["dibuat"], again.ringkasan["diperbarui"], again.ringkasan["tetap"]) == (0, 0, 4367)
    assert Nomenklatur.objects.filter(versi=versi).count() == 4367
    assert AuditEvent.objects.filter(action="import").count() == 2


@pytest.mark.slow
@pytest.mark.shared_data
def test_real_sipd_2027_file_imports_completely_and_idempotently() -> None:
    path = shared_path("data", "nomenklatur", "nomenklatur-sipd-pemutakhiran-2027.xlsx")
    report = nomenklatur_import(path_or_bytes=path, actor=None, source=Source.CLI)

    versi = NomenklaturVersi.objects.get(kode="sipd-2027")
    assert versi.berlaku_tahun == 2027
    assert report.ringkasan["dibuat"] == 9707
    assert nomenklatur_count_per_level(versi=versi) == {
        "kabkota": {"urusan": 0, "bidang": 45, "program": 189, "kegiatan": 713, "sub_kegiatan": 3550},
        "prov": {"urusan": 0, "bidang": 50, "program": 217, "kegiatan": 912, "sub_kegiatan": 4031},
    }
    assert_parents_follow_codes(versi, parentless_levels={"bidang"})
    prov = Nomenklatur.objects.get(versi=versi, jenis_pemda="prov", kode="X.XX.01")
    kab = Nomenklatur.objects.get(versi=versi, jenis_pemda="kabkota", kode="X.XX.01")
    assert prov.nama.endswith("PROVINSI") and kab.nama.endswith("KABUPATEN/KOTA")
    assert Nomenklatur.objects.filter(versi=versi).exclude(kode_sebelumnya="").count() == 346

    again = nomenklatur_import(path_or_bytes=path, actor=None, source=Source.CLI)
    assert (again.ringkasan["dibuat"], again.ringkasan["diperbarui"]) == (0, 0)
    assert Nomenklatur.objects.filter(versi=versi).count() == 9707
