"""`renja realisasi`: E.81 export (JSON, XLSX) and the web's E.81 import, round trip."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from renja.audit.models import AuditEvent
from renja.core.types import Source
from renja.evaluasi import services
from renja.plans.models import Realisasi
from tests.cli.conftest import Dunia, run
from tests.evaluasi.builders import e81_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def berisi(dunia: Dunia) -> Dunia:
    r = dunia.rencana
    services.realisasi_triwulan_set(
        renja=r.renja, indikator=r.ind_sub1, triwulan=1, nilai=Decimal(1), actor=None, source=Source.CLI
    )
    services.realisasi_triwulan_set(
        renja=r.renja, row=r.sub1, triwulan=1, nilai=Decimal(150000), actor=None, source=Source.CLI
    )
    return dunia


def test_export_json_is_the_e81_table(berisi: Dunia) -> None:
    data = json.loads(run("realisasi", "export", "--pd", berisi.pd, "--tahun", "2024"))
    assert data["tabel"] == "E.81" and data["triwulan"] == 1
    sub1 = next(b for b in data["baris"] if b["kode"] == "2.13.04.2.01.0001")
    assert sub1["kolom"]["8"] == {"K": 1, "Rp": 150000}


def test_export_xlsx_then_import_round_trips(berisi: Dunia, tmp_path: Path) -> None:
    path = tmp_path / "e81.xlsx"
    run("realisasi", "export", "--pd", berisi.pd, "--tahun", "2024", "--format", "xlsx", "--output", str(path))
    Realisasi.objects.filter(tahun=2024, kumulatif=False).delete()
    dry = json.loads(run("realisasi", "import", str(path), "--pd", berisi.pd, "--tahun", "2024", "--dry-run", "--json"))
    assert dry["dry_run"] is True
    assert not [t for t in dry["temuan"] if t["severity"] == "error"]
    assert not Realisasi.objects.filter(tahun=2024, kumulatif=False).exists()
    run("realisasi", "import", str(path), "--pd", berisi.pd, "--tahun", "2024", "--sebagai", "perencana")
    ind = Realisasi.objects.get(indikator=berisi.rencana.ind_sub1, tahun=2024, triwulan=1)
    rp = Realisasi.objects.get(row=berisi.rencana.sub1, tahun=2024, triwulan=1)
    assert (ind.nilai, rp.anggaran) == (Decimal(1), Decimal(150000))
    assert AuditEvent.objects.filter(source="cli", actor_label="perencana").exists()


def test_import_refusals(dunia: Dunia, tmp_path: Path) -> None:
    path = tmp_path / "e81.xlsx"
    path.write_bytes(e81_workbook([{"no": 1, "program": "2.13.04.2.01.0001 Fasilitasi", "indikator": "x", "8K": 2}]))
    with pytest.raises(CommandError, match="tidak berhak"):
        run("realisasi", "import", str(path), "--pd", dunia.pd, "--tahun", "2024", "--sebagai", "verifikator")
    assert not Realisasi.objects.filter(tahun=2024).exists()
    assert not AuditEvent.objects.filter(source="cli").exists()
    bad = tmp_path / "bukan.xlsx"
    bad.write_bytes(b"bukan xlsx")
    with pytest.raises(CommandError, match="bukan XLSX"):
        run("realisasi", "import", str(bad), "--pd", dunia.pd, "--tahun", "2024")
    with pytest.raises(CommandError, match="berkas biner") as usage:
        run("realisasi", "export", "--pd", dunia.pd, "--tahun", "2024", "--format", "xlsx")
    assert usage.value.returncode == 2
