"""`renja evaluate`: T-C.29 or E.81 of a Renja, as text or JSON (docs/reference/calculations.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renja.evaluasi.ekspor import e81_dict, e81_text, tc29_dict, tc29_text
from renja.evaluasi.selectors import e81_table, tc29_table
from renja.plans.management.common import resolve_renja

TABEL = {"T-C.29": "T-C.29", "TC29": "T-C.29", "TC.29": "T-C.29", "E.81": "E.81", "E81": "E.81"}


class Command(BaseCommand):
    help = (
        "Hitung tabel evaluasi satu Renja: T-C.29 (evaluasi Renja tahun lalu dan capaian Renstra) atau E.81 "
        "(evaluasi triwulanan). Contoh: renja evaluate --tahun 2024 --tabel T-C.29 --json; "
        "renja evaluate --tahun 2024 --tabel E.81 --triwulan 2 --json"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pd", help="kode atau singkatan perangkat daerah (boleh kosong bila hanya ada satu)")
        parser.add_argument("--tahun", type=int, required=True, help="tahun Renja (n)")
        parser.add_argument("--tahapan", help="tahapan (default: versi utama tahun itu)")
        parser.add_argument("--versi", type=int)
        parser.add_argument("--tabel", required=True, help="T-C.29 atau E.81")
        parser.add_argument("--triwulan", type=int, help="triwulan 1–4 (wajib untuk E.81)")
        parser.add_argument("--json", action="store_true", help="keluaran JSON (default: teks)")
        parser.add_argument("--output", "-o", help="berkas tujuan; '-' atau kosong = layar")

    def handle(self, *args: Any, **opts: Any) -> None:
        tabel = TABEL.get(str(opts["tabel"]).strip().upper().replace(" ", ""))
        if tabel is None:
            raise CommandError(f"Tabel '{opts['tabel']}' tidak dikenal; pilih --tabel T-C.29 atau --tabel E.81.")
        triwulan = opts["triwulan"]
        if tabel == "E.81" and triwulan not in (1, 2, 3, 4):
            raise CommandError("E.81 dievaluasi per triwulan: sebutkan --triwulan 1, 2, 3 atau 4.")
        renja = resolve_renja(pd=opts["pd"], tahun=opts["tahun"], tahapan=opts["tahapan"], versi=opts["versi"])
        if tabel == "T-C.29":
            tc29 = tc29_table(renja)
            text = (
                json.dumps(tc29_dict(tc29, renja), ensure_ascii=False, indent=2)
                if opts["json"]
                else tc29_text(tc29, renja)
            )
        else:
            e81 = e81_table(renja, triwulan)
            text = (
                json.dumps(e81_dict(e81, renja), ensure_ascii=False, indent=2) if opts["json"] else e81_text(e81, renja)
            )
        out = opts["output"]
        if not out or out == "-":
            self.stdout.write(text)
            return
        path = Path(out)
        if not path.parent.exists():
            raise CommandError(f"Folder {path.parent} tidak ada; buat dulu atau pilih --output lain.")
        path.write_text(text + "\n", encoding="utf-8")
        self.stderr.write(f"{tabel} {renja.perangkat_daerah} {renja.tahun} ditulis ke {path}")
