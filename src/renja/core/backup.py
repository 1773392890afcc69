"""Backup and restore of the whole database as one portable file (SQLite ⇄ PostgreSQL).

A backup is a ZIP with `meta.json` (format, time, Renja version, the migrations applied, counts per model) and
`data.json` (Django's JSON serialisation of every model, primary keys kept, users' permissions by natural key).
`restore` requires an empty database at the same migration state, loads everything in one transaction and checks
that the counts per model equal the backup's.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

import renja
from renja.core.errors import RenjaError

FORMAT = "renja-backup/1"
# Rebuilt by `migrate` itself, or not worth restoring.
EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session", "admin.logentry"}


def _models() -> list[Any]:
    out = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in EXCLUDED or model._meta.proxy or not model._meta.managed:
            continue
        out.append(model)
    return out


def _applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if app not in latest or name > latest[app]:
            latest[app] = name
    return dict(sorted(latest.items()))


def model_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in _models()}


@dataclass
class BackupInfo:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def backup_create(*, output: Path) -> BackupInfo:
    """Write the whole database to `output` (a ZIP). Reads in one transaction for a consistent copy."""
    with transaction.atomic():
        counts = model_counts()
        buffer = io.StringIO()
        objects = (obj for model in _models() for obj in model._default_manager.order_by("pk").iterator())
        serializers.serialize("json", objects, stream=buffer, use_natural_foreign_keys=True)
        meta = {
            "format": FORMAT,
            "dibuat": datetime.now(UTC).isoformat(),
            "renja": renja.__version__,
            "database": connection.vendor,
            "migrations": _applied_migrations(),
            "counts": counts,
        }
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("meta.json", json.dumps(meta, indent=2, ensure_ascii=False))
        zf.writestr("data.json", buffer.getvalue())
    return BackupInfo(path=output, counts=counts)


def backup_read_meta(path: Path) -> dict[str, Any]:
    try:
        with zipfile.ZipFile(path) as zf:
            meta: dict[str, Any] = json.loads(zf.read("meta.json"))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        raise RenjaError(
            f"{path} bukan berkas cadangan Renja ({exc}). Buat dengan `renja backup --output BERKAS`."
        ) from exc
    if meta.get("format") != FORMAT:
        raise RenjaError(f"{path} berformat {meta.get('format')!r}, bukan {FORMAT}.")
    return meta


def restore(*, path: Path) -> BackupInfo:
    """Load a backup into an empty, migrated database; refuse anything else with a clear message."""
    meta = backup_read_meta(path)
    call_command("migrate", interactive=False, verbosity=0)
    here = _applied_migrations()
    theirs = meta["migrations"]
    missing = {app: name for app, name in theirs.items() if app in here and here[app] < name}
    if missing or any(app not in here for app in theirs):
        raise RenjaError(
            "Cadangan dibuat dengan versi Renja yang lebih baru (migrasi "
            f"{', '.join(f'{a} {n}' for a, n in sorted(theirs.items()) if here.get(a, '') < n)}). "
            "Pasang versi Renja yang sama atau lebih baru, lalu ulangi."
        )
    nonempty = {label: n for label, n in model_counts().items() if n and not label.startswith("auth.")}
    users = apps.get_model("auth", "User")._default_manager.count()
    if nonempty or users:
        what = ", ".join(f"{k} ({v})" for k, v in sorted(nonempty.items())) or f"auth.user ({users})"
        raise RenjaError(
            f"Basis data tujuan tidak kosong: {what}. Pulihkan ke basis data baru (DATABASE_URL lain atau "
            "RENJA_HOME baru) agar tidak ada data yang tertimpa."
        )
    with zipfile.ZipFile(path) as zf, tempfile.TemporaryDirectory() as tmp:
        fixture = Path(tmp) / "renja-backup.json"
        fixture.write_bytes(zf.read("data.json"))
        with transaction.atomic():
            call_command("loaddata", str(fixture), verbosity=0)
            counts = model_counts()
            diff = {k: (n, counts.get(k)) for k, n in meta["counts"].items() if counts.get(k) != n}
            if diff:
                raise RenjaError(f"Pemulihan tidak lengkap (jumlah berbeda: {diff}); tidak ada yang disimpan.")
    return BackupInfo(path=path, counts=counts)
