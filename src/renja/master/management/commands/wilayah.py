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
        # proposals recorded before the master was loaded: resolve their desa/kecamatan now (issue 7)
        from renja.usulan.services import usulan_cocokkan_wilayah

        cocok = usulan_cocokkan_wilayah(actor=None, source=Source.CLI)
        if cocok.diperiksa:
            self.stdout.write(
                f"Usulan dicocokkan ulang: {cocok.terpetakan} dari {cocok.diperiksa} terpetakan "
                f"({len(cocok.tidak_terpetakan)} belum; lihat `renja usulan list --tidak-terpetakan`)."
            )
