"""`renja check`: a document file, a stored Renja, exit status, JSON; and Django's own system checks when called
without a file or --tahun."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from renja.core.types import Source
from renja.importers.services import renja_document_import
from tests.checks.documents import CLEAN, broken
from tests.conftest import SEED


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("check", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_a_document_with_errors_exits_1_and_prints_each_finding_with_its_place() -> None:
    code, out, err = run(str(SEED))
    assert code == 1
    assert "[error] JUMLAH_TIDAK_SESUAI — Tabel 2.4, baris dokumen 448" in out
    assert "[error] HITUNGAN_TIDAK_SESUAI — Bab IV, baris dokumen 608" in out
    assert "Kelengkapan (daftar periksa verifikator):" in out
    assert "status keluar 1" in err


@pytest.mark.django_db
def test_tidak_gagal_exits_0_and_json_is_for_machines() -> None:
    code, out, _ = run(str(SEED), "--json", "--tidak-gagal")
    assert code == 0
    data = json.loads(out)
    assert data["jumlah_temuan"]["error"] > 0 and data["tahun"] == 2024
    first = data["temuan"][0]
    assert {"kode", "severity", "pesan", "lokasi", "diharapkan", "ditemukan", "saran"} <= set(first)
    assert first["lokasi"]["baris_dokumen"] is not None
    assert {b["kode"] for b in data["kelengkapan"]} >= {"tc29", "tc33", "bab4_sipd", "prakiraan_maju"}


@pytest.mark.django_db
def test_a_clean_document_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "bersih.txt"
    path.write_text(CLEAN, encoding="utf-8")
    code, out, _ = run(str(path), "--tingkat", "peringatan")
    assert code == 0
    assert "Temuan: 0 error, 0 peringatan" in out


@pytest.mark.django_db
def test_a_stored_renja_is_checked_by_year(tmp_path: Path) -> None:
    renja_document_import(
        data=broken("5 Dokumen\t100,000,000", "5 Dokumen\t90,000,000").encode(),
        filename="x.txt",
        actor=None,
        source=Source.CLI,
        pemda_kode="35.20",
    )
    code, out, _ = run("--tahun", "2024", "--json")
    assert code == 1
    data = json.loads(out)
    assert data["sumber"] == "tersimpan"
    hits = [t for t in data["temuan"] if t["kode"] == "PAGU_INDUK_TIDAK_SESUAI"]
    assert hits and all(t["lokasi"]["tautan"].startswith("/renja/") for t in hits)
    code, _, _ = run("--tahun", "2024", "--tidak-gagal")
    assert code == 0


@pytest.mark.django_db
def test_without_a_file_it_runs_djangos_system_checks() -> None:
    code, out, _ = run()
    assert code == 0 and "System check identified no issues" in out
    code, out, _ = run("admin")  # an app label, as Django's command takes it
    assert code == 0 and "System check identified no issues" in out
    code, out, err = run("--deploy", "--fail-level", "CRITICAL")  # Django's options still work
    assert code == 0 and "System check identified" in out + err
    assert "security.W" in out + err  # the deploy checks ran (development settings have deploy warnings)


@pytest.mark.django_db
def test_unreadable_inputs_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="tidak ada"):
        run(str(tmp_path / "tidak-ada.txt"))
    pdf = tmp_path / "renja.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="belum didukung"):
        run(str(pdf))
    bad = tmp_path / "renja.json"
    bad.write_text('{"format": "lain"}', encoding="utf-8")
    with pytest.raises(CommandError, match="bukan ekspor Renja"):
        run(str(bad))
    with pytest.raises(CommandError, match="Tidak ada Renja tahun 2031"):
        run("--tahun", "2031")
