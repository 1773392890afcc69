from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renja.core.errors import RenjaError
from renja.core.types import Source
from renja.importers.json_import import renja_json_import
from renja.importers.report import ImportReport
from renja.importers.services import renja_document_import
from renja.importers.xlsx_import import renja_xlsx_import


class Command(BaseCommand):
    help = (
        "Impor dokumen Renja: teks hasil konversi PDF (seperti dokumen contoh) atau ekspor JSON Renja. "
        "Mencetak apa yang dibuat dan semua temuan. --dry-run: periksa tanpa menyimpan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="uji coba: laporkan tanpa menyimpan")
        parser.add_argument("--json", action="store_true", help="laporan dalam JSON")
        parser.add_argument("--pemda-kode", help="kode wilayah pemda, mis. 35.20 (bila master wilayah belum dimuat)")
        parser.add_argument("--pd-kode", help="kode unit perangkat daerah, mis. 2.13.0.00.0.00.01.0000")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        data = path.read_bytes()
        try:
            report: ImportReport
            if path.suffix.lower() == ".json":
                report = renja_json_import(
                    data=data, filename=path.name, actor=None, source=Source.CLI, dry_run=opts["dry_run"]
                )
            elif path.suffix.lower() == ".xlsx":
                # the plan sheet of a workbook from `renja export --format xlsx`, edited offline
                report = renja_xlsx_import(data=data, filename=path.name, actor=None, dry_run=opts["dry_run"])
            elif path.suffix.lower() in {".txt", ".text", ""}:
                report = renja_document_import(
                    data=data,
                    filename=path.name,
                    actor=None,
                    source=Source.CLI,
                    dry_run=opts["dry_run"],
                    pemda_kode=opts["pemda_kode"],
                    pd_kode=opts["pd_kode"],
                )
            else:
                raise CommandError(
                    f"Jenis berkas {path.suffix} belum didukung. Yang didukung: .txt (teks dokumen "
                    "Renja hasil konversi PDF), .json (ekspor Renja) dan .xlsx (buku kerja dari "
                    "`renja export --format xlsx`)."
                )
        except RenjaError as exc:
            raise CommandError(exc.message) from exc
        if opts["json"]:
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report.render_text())
