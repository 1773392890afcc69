"""`renja tahapan`: stage transitions through the web's services, the acting user's role checked."""

from __future__ import annotations

import json

import pytest
from django.core.management.base import CommandError

from renja.audit.models import AuditEvent
from renja.plans.models import JadwalTahapan, Renja
from renja.workflow.models import Transisi
from tests.cli.conftest import Dunia, run

pytestmark = pytest.mark.django_db


def _args(dunia: Dunia, *extra: str) -> tuple[str, ...]:
    return ("--pd", dunia.pd, "--tahun", "2024", *extra)


def test_the_whole_way_ajukan_kembalikan_ajukan_setujui_kunci(dunia: Dunia) -> None:
    out = run("tahapan", "ajukan", *_args(dunia, "--sebagai", "perencana"))
    assert "status sekarang Diajukan" in out
    run("tahapan", "kembalikan", *_args(dunia, "--sebagai", "verifikator", "--alasan", "Target belum sesuai"))
    run("tahapan", "ajukan", *_args(dunia, "--sebagai", "perencana"))
    data = json.loads(run("tahapan", "setujui", *_args(dunia, "--sebagai", "kepala", "--json")))
    assert data["status"] == "disetujui" and data["id"] == dunia.renja.pk
    run("tahapan", "kunci", *_args(dunia, "--sebagai", "verifikator"))
    dunia.renja.refresh_from_db()
    assert dunia.renja.terkunci
    assert list(Transisi.objects.order_by("waktu", "id").values_list("aksi", flat=True)) == [
        "ajukan",
        "kembalikan",
        "ajukan",
        "setujui",
        "kunci",
    ]
    assert AuditEvent.objects.filter(source="cli", model="workflow.Transisi").count() == 5
    status = json.loads(run("tahapan", "status", *_args(dunia, "--json")))
    assert status["terkunci"] is True and [r["aksi"] for r in status["riwayat"]][-1] == "kunci"
    assert status["riwayat"][1]["alasan"] == "Target belum sesuai" and status["riwayat"][1]["oleh"] == "verifikator"
    assert status["langkah"]["buka"]["mungkin"] is True


def test_wrong_role_is_refused_with_the_services_message_and_nothing_changes(dunia: Dunia) -> None:
    with pytest.raises(CommandError) as refused:
        run("tahapan", "setujui", *_args(dunia, "--sebagai", "perencana"))
    assert refused.value.returncode == 1 and "kepala" in str(refused.value).lower()
    dunia.renja.refresh_from_db()
    assert dunia.renja.status == "draf"
    assert not Transisi.objects.exists() and not AuditEvent.objects.filter(source="cli").exists()


def test_lanjut_after_the_lock_makes_the_next_stage(dunia: Dunia) -> None:
    with pytest.raises(CommandError, match="belum dikunci"):
        run("tahapan", "lanjut", *_args(dunia, "--sebagai", "perencana"))
    run("tahapan", "kunci", *_args(dunia, "--sebagai", "verifikator"))
    out = run("tahapan", "lanjut", *_args(dunia, "--sebagai", "perencana"))
    assert "Dibuat:" in out
    assert Renja.objects.filter(tahapan="penetapan", asal=dunia.renja).exists()


def test_unknown_pd_and_user_say_what_to_do(dunia: Dunia) -> None:
    with pytest.raises(CommandError, match="'XYZ' tidak ada"):
        run("tahapan", "status", "--pd", "XYZ", "--tahun", "2024")
    with pytest.raises(CommandError, match="Pengguna 'siapa' tidak ada"):
        run("tahapan", "ajukan", *_args(dunia, "--sebagai", "siapa"))
    with pytest.raises(CommandError, match="required: --alasan"):
        run("tahapan", "kembalikan", *_args(dunia, "--sebagai", "verifikator"))


def test_jadwal_set_and_list(dunia: Dunia) -> None:
    base = ("jadwal", "set", "--tahun", "2025", "--tahapan", "rancangan", "--mulai", "2025-01-02T08:00")
    with pytest.raises(CommandError, match="Hanya admin pemda"):
        run("tahapan", *base, "--selesai", "2025-02-28T16:00", "--sebagai", "verifikator")
    assert not JadwalTahapan.objects.exists()
    with pytest.raises(CommandError, match="sesudah waktu mulai"):
        run("tahapan", *base, "--selesai", "2024-12-31T16:00", "--sebagai", "admin")
    run("tahapan", *base, "--selesai", "2025-02-28T16:00", "--sebagai", "admin")
    data = json.loads(run("tahapan", "jadwal", "list", "--json"))
    assert data["jadwal"] == [
        {
            "tahun": 2025,
            "tahapan": "rancangan",
            "mulai": "2025-01-02T08:00:00+07:00",
            "selesai": "2025-02-28T16:00:00+07:00",
            "terkunci": False,
        }
    ]
    assert AuditEvent.objects.filter(source="cli", model="plans.JadwalTahapan", actor_label="admin").count() == 1
    with pytest.raises(CommandError, match="tidak terbaca") as bad:
        run("tahapan", *base, "--selesai", "kemarin", "--sebagai", "admin")
    assert bad.value.returncode == 2
