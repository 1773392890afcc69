"""`renja check`: the consistency checker, and Django's system checks.

- `renja check PATH [--json] [--tidak-gagal]`: check a document file (.txt, .docx, .json, .xlsx) without storing it;
- `renja check --tahun 2024 [--pd KODE] [--tahapan …] [--versi N]`: check a stored Renja;
- `renja check` with neither (or with app labels, `--deploy`, `--tag` …): Django's own system checks, unchanged.

Exit status 1 when the checker finds an `error` (unless `--tidak-gagal`), 0 otherwise.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.core.management.commands.check import Command as DjangoCheckCommand

from renja.checks.render import render_text
from renja.checks.rules.periksa import HasilPeriksa
from renja.checks.rules.temuan import SEVERITIES
from renja.checks.selectors import check_path, check_renja
from renja.core.errors import RenjaError
from renja.plans.management.common import resolve_renja


class Command(DjangoCheckCommand):
    help = (
        "Periksa konsistensi Renja: renja check BERKAS (.txt/.docx/.json/.xlsx, tanpa menyimpan) atau renja check "
        "--tahun 2024 [--pd KODE] (Renja tersimpan). Tanpa berkas dan --tahun: pemeriksaan sistem Django."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        group = parser.add_argument_group("pemeriksa konsistensi Renja")
        group.add_argument("--pd", help="kode atau singkatan perangkat daerah (Renja tersimpan)")
        group.add_argument("--tahun", type=int, help="tahun Renja tersimpan yang diperiksa")
        group.add_argument("--tahapan", help="tahapan (default: versi utama tahun itu)")
        group.add_argument("--versi", type=int)
        group.add_argument("--pemda-kode", help="kode wilayah pemda untuk memeriksa desa usulan (mis. 35.20)")
        group.add_argument("--json", action="store_true", help="hasil dalam JSON (untuk mesin)")
        group.add_argument("--tidak-gagal", action="store_true", help="status keluar 0 walaupun ada temuan error")
        group.add_argument(
            "--tingkat", choices=SEVERITIES, default="info", help="tampilkan temuan sampai tingkat ini (teks)"
        )
        group.add_argument("--rincian", action="store_true", help="tampilkan rumus dan suku tiap temuan (teks)")

    def _document(self, args: tuple[Any, ...]) -> Path | None:
        if len(args) != 1 or not isinstance(args[0], str):
            return None
        arg = args[0]
        # An app label (Django's system checks) has neither a dot nor a slash.
        if "." in arg or "/" in arg or "\\" in arg or Path(arg).is_file():
            return Path(arg)
        return None

    def handle(self, *app_labels: Any, **opts: Any) -> None:
        path = self._document(app_labels)
        if path is None and opts.get("tahun") is None and not opts.get("pd"):
            super().handle(*app_labels, **opts)
            return
        if path is not None and opts.get("tahun") is not None:
            raise CommandError("Pilih salah satu: BERKAS atau --tahun (Renja tersimpan), bukan keduanya.")
        started = time.perf_counter()
        try:
            if path is not None:
                hasil = check_path(path, pemda_kode=opts.get("pemda_kode"))
            else:
                if opts.get("tahun") is None:
                    raise CommandError("Sebutkan --tahun Renja tersimpan yang diperiksa (mis. --tahun 2024).")
                renja = resolve_renja(
                    pd=opts.get("pd"), tahun=opts["tahun"], tahapan=opts.get("tahapan"), versi=opts.get("versi")
                )
                hasil = check_renja(renja)
        except RenjaError as exc:
            raise CommandError(exc.message) from exc
        seconds = time.perf_counter() - started
        self._write(hasil, opts, seconds)
        if hasil.ada_error and not opts.get("tidak_gagal"):
            self.stderr.write(
                f"Pemeriksaan menemukan {hasil.jumlah['error']} error (status keluar 1; --tidak-gagal untuk 0)."
            )
            sys.exit(1)

    def _write(self, hasil: HasilPeriksa, opts: dict[str, Any], seconds: float) -> None:
        if opts.get("json"):
            data = hasil.to_dict()
            data["detik"] = round(seconds, 3)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(render_text(hasil, tingkat=opts.get("tingkat") or "info", rincian=bool(opts.get("rincian"))))
        self.stdout.write(f"({seconds:.2f} detik)")
