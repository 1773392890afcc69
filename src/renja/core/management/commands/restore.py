from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renja.core.backup import restore
from renja.core.errors import RenjaError


class Command(BaseCommand):
    help = (
        "Pulihkan cadangan `renja backup` ke basis data KOSONG (dimigrasi otomatis). "
        "Contoh: DATABASE_URL=postgres://... renja restore cadangan.zip"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        try:
            info = restore(path=path)
        except RenjaError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Dipulihkan dari {path}: {info.total} objek dari {len(info.counts)} tabel.")
