from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renja.core.types import Source
from renja.master.wilayah import wilayah_import


class Command(BaseCommand):
    help = "Master wilayah Kemendagri. Contoh: renja wilayah import kemendagri-wilayah.csv (CSV kode,nama)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="impor CSV kode,nama (Permendagri 72/2019)")
        imp.add_argument("path")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        report = wilayah_import(data=path.read_bytes(), actor=None, source=Source.CLI)
        self.stdout.write(f"Wilayah diimpor dari {path.name}: {report.dibuat} baru, {report.diperbarui} diperbarui.")
        for level, n in sorted(report.per_level.items()):
            self.stdout.write(f"  {level}: {n}")
        for t in report.temuan:
            self.stdout.write(f"  [peringatan] {t}")
