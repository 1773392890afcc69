"""Backup → restore gives back exactly the same data, within one database and across SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from renja.audit.models import AuditEvent
from renja.core.backup import model_counts
from renja.plans.models import PlanRow
from tests.conftest import REPO, SEED

PG = "postgres://postgres@127.0.0.1:5432"


def _export(path: Path) -> dict:  # type: ignore[type-arg]
    call_command("export", "--tahun", "2024", "--format", "json", "--output", str(path))
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def _wipe_all() -> None:
    for label in sorted(model_counts(), reverse=True):
        from django.apps import apps

        apps.get_model(label)._default_manager.all().delete()


@pytest.mark.django_db
@pytest.mark.slow
def test_backup_then_restore_into_an_empty_database_is_exact(tmp_path: Path) -> None:
    call_command("import", str(SEED), "--pemda-kode", "35.20")
    call_command("demo", "--no-serve")  # users and roles too
    before_export = _export(tmp_path / "a.json")
    before_counts = model_counts()
    audit_pks = list(AuditEvent.objects.order_by("pk").values_list("pk", "actor_label", "action"))
    call_command("backup", "--output", str(tmp_path / "b.zip"))

    _wipe_all()
    assert PlanRow.objects.count() == 0
    call_command("restore", str(tmp_path / "b.zip"))

    assert model_counts() == before_counts
    assert _export(tmp_path / "c.json") == before_export
    assert list(AuditEvent.objects.order_by("pk").values_list("pk", "actor_label", "action")) == audit_pks
    from django.contrib.auth import authenticate

    assert authenticate(username="perencana", password="renja-demo") is not None


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(tmp_path: Path) -> None:
    call_command("demo", "--no-serve")
    call_command("backup", "--output", str(tmp_path / "b.zip"))
    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("restore", str(tmp_path / "b.zip"))


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"bukan zip")
    with pytest.raises(CommandError, match="bukan berkas cadangan"):
        call_command("restore", str(bad))


def _pg_available() -> bool:
    try:
        psycopg.connect(f"{PG}/postgres", connect_timeout=3).close()
        return True
    except psycopg.OperationalError:
        return False


def _renja(env: dict[str, str], *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "renja.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def _fresh_pg_db(name: str) -> str:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG}/{name}"


@pytest.mark.slow
def test_backup_restore_across_sqlite_and_postgresql(tmp_path: Path) -> None:
    if not _pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL di 127.0.0.1:5432 harus tersedia di CI")
        pytest.skip("butuh PostgreSQL di 127.0.0.1:5432 (user postgres) untuk uji lintas basis data")
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    base["PYTHONPATH"] = str(REPO / "src")
    sqlite_a = {**base, "RENJA_HOME": str(tmp_path / "a")}
    _renja(sqlite_a, "demo", "--no-serve")
    _renja(sqlite_a, "export", "--tahun", "2024", "--format", "json", "--output", str(tmp_path / "a.json"))
    _renja(sqlite_a, "backup", "--output", str(tmp_path / "a.zip"))

    pg = {**base, "RENJA_HOME": str(tmp_path / "p"), "DATABASE_URL": _fresh_pg_db(f"renja_restore_uji_{os.getpid()}")}
    _renja(pg, "restore", str(tmp_path / "a.zip"))
    _renja(pg, "export", "--tahun", "2024", "--format", "json", "--output", str(tmp_path / "p.json"))
    assert json.loads((tmp_path / "p.json").read_text()) == json.loads((tmp_path / "a.json").read_text())
    _renja(pg, "backup", "--output", str(tmp_path / "p.zip"))

    sqlite_b = {**base, "RENJA_HOME": str(tmp_path / "b")}
    _renja(sqlite_b, "restore", str(tmp_path / "p.zip"))
    _renja(sqlite_b, "export", "--tahun", "2024", "--format", "json", "--output", str(tmp_path / "b.json"))
    assert json.loads((tmp_path / "b.json").read_text()) == json.loads((tmp_path / "a.json").read_text())
    meta_a = json.loads(__import__("zipfile").ZipFile(tmp_path / "a.zip").read("meta.json"))
    meta_p = json.loads(__import__("zipfile").ZipFile(tmp_path / "p.zip").read("meta.json"))
    assert meta_a["counts"] == meta_p["counts"]
    assert (meta_a["database"], meta_p["database"]) == ("sqlite", "postgresql")
