"""The `renja` command: import, export (JSON round trip), demo, pass-through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from renja.cli import main as renja_main
from renja.master.models import Pemda, PerangkatDaerah
from renja.plans.models import PlanRow, Renja, Renstra
from renja.usulan.models import Usulan
from tests.conftest import SEED


def _wipe() -> None:
    Usulan.objects.all().delete()
    PlanRow.objects.all().delete()
    Renja.objects.all().delete()
    Renstra.objects.all().delete()
    PerangkatDaerah.objects.all().delete()
    Pemda.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.slow
def test_import_then_export_json_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import", str(SEED), "--pemda-kode", "35.20")
    out = capsys.readouterr().out
    assert "sub_kegiatan: 56" in out and "Temuan:" in out
    first = tmp_path / "a.json"
    call_command("export", "--tahun", "2024", "--format", "json", "--output", str(first))  # no --pd: one agency
    doc = json.loads(first.read_text())
    assert doc["total_pagu"] == {"2024": 8319719640, "2025": 10481191604}
    assert len([r for r in doc["rows"] if r["level"] == "sub_kegiatan"]) == 56
    assert sum(u["pagu_usulan"] for u in doc["usulan"]) == 7704644000
    sample = next(r for r in doc["rows"] if r["level"] == "sub_kegiatan")
    assert set(sample) >= {"level", "kode", "nama", "indikator", "pagu", "parent"}
    assert set(sample["indikator"][0]) >= {"nama", "satuan", "target"}
    assert set(doc["usulan"][0]) >= {"desa", "kecamatan", "kegiatan", "pagu_usulan", "pagu_rekomendasi"}

    _wipe()
    call_command("import", str(first))
    second = tmp_path / "b.json"
    call_command("export", "--tahun", "2024", "--format", "json", "--output", str(second))
    assert json.loads(second.read_text()) == doc


@pytest.mark.django_db
def test_import_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import", str(SEED), "--pemda-kode", "35.20", "--dry-run", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] is True
    assert report["ringkasan"]["program"] == 5
    assert all({"kode", "severity", "pesan", "lokasi"} <= set(t) for t in report["temuan"])
    assert Renja.objects.count() == 0


@pytest.mark.django_db
def test_export_without_data_says_what_to_do() -> None:
    with pytest.raises(CommandError, match="renja import"):
        call_command("export", "--tahun", "2024", "--format", "json")


@pytest.mark.django_db
def test_import_missing_or_unsupported_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import", str(tmp_path / "tidak-ada.txt"))
    odd = tmp_path / "renja.pdf"
    odd.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="belum didukung"):
        call_command("import", str(odd))


@pytest.mark.django_db
@pytest.mark.slow
def test_demo_prepares_data_and_users_once(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/" in out and "perencana" in out and "renja-demo" in out
    call_command("demo", "--no-serve")
    assert "sudah ada" in capsys.readouterr().out
    assert Renja.objects.filter(utama=True).count() == 1
    from django.contrib.auth import authenticate

    assert authenticate(username="perencana", password="renja-demo") is not None


def test_renja_command_passes_through_to_django(capsys: pytest.CaptureFixture[str]) -> None:
    renja_main(["help", "export"])
    assert "--tahun" in capsys.readouterr().out
