from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from renja.core.backup import backup_create


class Command(BaseCommand):
    help = (
        "Cadangkan seluruh basis data ke satu berkas ZIP yang bisa dipulihkan dengan `renja restore` "
        "ke SQLite maupun PostgreSQL. Contoh: renja backup --output cadangan-2024-11-28.zip"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", required=True, help="berkas tujuan (.zip)")

    def handle(self, *args: Any, **opts: Any) -> None:
        info = backup_create(output=Path(opts["output"]))
        self.stdout.write(f"Cadangan ditulis ke {info.path}: {info.total} objek dari {len(info.counts)} tabel.")
