from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renja.core.errors import RenjaError
from renja.documents.layouts import LayoutError
from renja.documents.render import FORMATS, render
from renja.exporters.json_export import renja_export_json
from renja.plans.management.common import resolve_renja


class Command(BaseCommand):
    help = (
        "Ekspor satu Renja. Format json = ekspor kanonik (docs/reference/json-export.md); pdf dan docx = dokumen "
        "Renja lengkap (sampul, Bab I–V, tabel resmi); xlsx = semua tabel dalam satu buku kerja (lembar rencana "
        "dapat diimpor kembali); html = dokumen yang sama untuk peramban. "
        "Contoh: renja export --tahun 2024 --format pdf --output renja.pdf"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pd", help="kode atau singkatan perangkat daerah (boleh kosong bila hanya ada satu)")
        parser.add_argument("--tahun", type=int, required=True)
        parser.add_argument("--tahapan", help="tahapan (default: versi utama tahun itu)")
        parser.add_argument("--versi", type=int)
        parser.add_argument("--format", default="json", choices=["json", *FORMATS])
        parser.add_argument("--output", "-o", help="berkas tujuan; '-' atau kosong = layar (json dan html saja)")

    def handle(self, *args: Any, **opts: Any) -> None:
        renja = resolve_renja(pd=opts["pd"], tahun=opts["tahun"], tahapan=opts["tahapan"], versi=opts["versi"])
        fmt = opts["format"]
        out = opts["output"]
        if fmt == "json":
            content = (renja_export_json(renja) + "\n").encode("utf-8")
        else:
            if fmt in {"pdf", "docx", "xlsx"} and (not out or out == "-"):
                raise CommandError(f"Format {fmt} adalah berkas biner: beri --output BERKAS.{fmt}.")
            try:
                content = render(renja, fmt).content
            except (RenjaError, LayoutError) as exc:
                raise CommandError(getattr(exc, "message", str(exc))) from exc
        if not out or out == "-":
            self.stdout.write(content.decode("utf-8").rstrip("\n"))
            return
        path = Path(out)
        if not path.parent.exists():
            raise CommandError(f"Folder {path.parent} tidak ada; buat dulu atau pilih --output lain.")
        path.write_bytes(content)
        self.stderr.write(f"Renja {renja.perangkat_daerah} {renja.tahun} diekspor ({fmt}) ke {path}")
