"""`renja tahapan tutup`: lock every stage whose window has ended (run it from cron, e.g. every 10 minutes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from renja.core.types import Source
from renja.workflow.services import jadwal_tutup_kedaluwarsa


class Command(BaseCommand):
    help = "Tahapan: `tutup` mengunci setiap tahapan yang jadwalnya sudah berakhir (dengan snapshot)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("aksi", choices=["tutup"], help="tutup: kunci tahapan yang jadwalnya berakhir")
        parser.add_argument("--waktu", help="anggap sekarang pukul ini (ISO 8601, untuk uji), mis. 2024-03-01T00:00")

    def handle(self, *args: Any, **opts: Any) -> None:
        now = timezone.now()
        if opts.get("waktu"):
            try:
                now = dt.datetime.fromisoformat(opts["waktu"])
            except ValueError as exc:
                raise CommandError(f"--waktu tidak terbaca: {opts['waktu']} (contoh: 2024-03-01T00:00)") from exc
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        n = jadwal_tutup_kedaluwarsa(now=now, actor=None, source=Source.CLI)
        self.stdout.write(f"{n} Renja dikunci karena jadwal tahapannya berakhir.")
