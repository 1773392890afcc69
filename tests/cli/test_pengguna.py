"""`renja pengguna`: users and roles through the audited master services."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management.base import CommandError

from renja.audit.models import AuditEvent
from renja.master.models import PeranPengguna
from tests.cli.conftest import Dunia, run

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_buat_with_a_generated_password_prints_it_once_and_audits_without_the_hash(dunia: Dunia) -> None:
    out = run("pengguna", "buat", "budi", "--nama", "Budi Santoso", "--peran", "perencana", "--pd", dunia.pd)
    password = out.split("catat sekarang): ")[1].strip()
    assert authenticate(username="budi", password=password) is not None
    budi = User.objects.get(username="budi")
    assert budi.first_name == "Budi Santoso"
    assert PeranPengguna.objects.get(user=budi).perangkat_daerah == dunia.renja.perangkat_daerah
    events = AuditEvent.objects.filter(source="cli")
    assert {e.model for e in events} == {"auth.User", "master.PeranPengguna"}
    assert all("password" not in (e.after or {}) and budi.password not in json.dumps(e.after) for e in events)


def test_buat_refuses_a_taken_name_and_a_weak_password(dunia: Dunia) -> None:
    with pytest.raises(CommandError, match="sudah dipakai") as taken:
        run("pengguna", "buat", "perencana", "--password", "sandi-yang-panjang-1")
    assert taken.value.returncode == 1
    with pytest.raises(CommandError, match="Kata sandi ditolak"):
        run("pengguna", "buat", "sari", "--password", "123")
    assert not User.objects.filter(username="sari").exists()


def test_buat_with_a_bad_role_scope_creates_nothing(dunia: Dunia) -> None:
    with pytest.raises(CommandError, match="satu perangkat daerah"):
        run("pengguna", "buat", "sari", "--password", "sandi-yang-panjang-1", "--peran", "perencana")
    assert not User.objects.filter(username="sari").exists()
    assert not AuditEvent.objects.filter(source="cli").exists()


def test_list_json(dunia: Dunia) -> None:
    data = json.loads(run("pengguna", "list", "--json"))
    assert data["jumlah"] == 4
    perencana = next(u for u in data["pengguna"] if u["username"] == "perencana")
    assert perencana["peran"][0]["peran"] == "perencana" and perencana["peran"][0]["pd_kode"] == dunia.pd
    only = json.loads(run("pengguna", "list", "--json", "--peran", "verifikator"))
    assert [u["username"] for u in only["pengguna"]] == ["verifikator"]
    assert "perencana" in run("pengguna", "list")


def test_peran_tambah_hapus(dunia: Dunia) -> None:
    run("pengguna", "peran", "tambah", "kepala", "verifikator")
    assert PeranPengguna.objects.filter(user=dunia.kepala, peran="verifikator").exists()
    run("pengguna", "peran", "hapus", "kepala", "verifikator")
    assert not PeranPengguna.objects.filter(user=dunia.kepala, peran="verifikator").exists()
    assert AuditEvent.objects.filter(source="cli", model="master.PeranPengguna", action="delete").count() == 1
    with pytest.raises(CommandError, match="tidak memegang peran"):
        run("pengguna", "peran", "hapus", "kepala", "verifikator")


def test_a_non_admin_is_refused_and_nothing_changes(dunia: Dunia) -> None:
    with pytest.raises(CommandError, match="hanya admin pemda"):
        run("pengguna", "peran", "tambah", "perencana", "verifikator", "--sebagai", "perencana")
    assert not PeranPengguna.objects.filter(user=dunia.perencana, peran="verifikator").exists()
    run("pengguna", "peran", "tambah", "perencana", "verifikator", "--sebagai", "admin")
    event = AuditEvent.objects.get(source="cli", model="master.PeranPengguna")
    assert event.actor_label == "admin"


def test_nonaktifkan_aktifkan_and_sandi_from_stdin(dunia: Dunia, monkeypatch: pytest.MonkeyPatch) -> None:
    run("pengguna", "nonaktifkan", "perencana")
    dunia.perencana.refresh_from_db()
    assert not dunia.perencana.is_active
    run("pengguna", "aktifkan", "perencana")
    monkeypatch.setattr("sys.stdin", io.StringIO("sandi-baru-yang-panjang\n"))
    run("pengguna", "sandi", "perencana", "--password-stdin")
    assert authenticate(username="perencana", password="sandi-baru-yang-panjang") is not None
    changed = AuditEvent.objects.filter(source="cli", model="auth.User").values_list("after", flat=True)
    assert {"password": "diubah"} in list(changed)


def test_unknown_user_and_pd_say_what_to_do(dunia: Dunia) -> None:
    with pytest.raises(CommandError, match="renja pengguna list"):
        run("pengguna", "nonaktifkan", "tidak-ada")
    with pytest.raises(CommandError, match="'XYZ' tidak ada"):
        run("pengguna", "peran", "tambah", "kepala", "kepala_pd", "--pd", "XYZ")
