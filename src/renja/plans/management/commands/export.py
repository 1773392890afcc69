from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renja.exporters.json_export import renja_export_json
from renja.plans.management.common import resolve_renja


class Command(BaseCommand):
    help = (
        "Ekspor satu Renja. Format json = ekspor kanonik (docs/reference/json-export.md). "
        "Contoh: renja export --tahun 2024 --format json --output renja.json"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pd", help="kode atau singkatan perangkat daerah (boleh kosong bila hanya ada satu)")
        parser.add_argument("--tahun", type=int, required=True)
        parser.add_argument("--tahapan", help="tahapan (default: versi utama tahun itu)")
        parser.add_argument("--versi", type=int)
        parser.add_argument("--format", default="json", choices=["json"])
        parser.add_argument("--output", "-o", help="berkas tujuan; '-' atau kosong = layar")

    def handle(self, *args: Any, **opts: Any) -> None:
        renja = resolve_renja(pd=opts["pd"], tahun=opts["tahun"], tahapan=opts["tahapan"], versi=opts["versi"])
        text = renja_export_json(renja)
        out = opts["output"]
        if not out or out == "-":
            self.stdout.write(text)
            return
        path = Path(out)
        if not path.parent.exists():
            raise CommandError(f"Folder {path.parent} tidak ada; buat dulu atau pilih --output lain.")
        path.write_text(text + "\n", encoding="utf-8")
        self.stderr.write(f"Renja {renja.perangkat_daerah} {renja.tahun} diekspor ke {path}")
