from __future__ import annotations

from importlib import resources
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from renja.core.types import Source
from renja.importers.services import renja_document_import
from renja.master.models import Peran, PerangkatDaerah
from renja.master.services import user_create_with_role
from renja.plans.models import Renja

DEMO_FILE = "renja-2024-dpmd-magetan.txt"
DEMO_PEMDA = "35.20"
DEMO_PASSWORD = "renja-demo"
DEMO_USERS = [
    ("admin", Peran.ADMIN_PEMDA, False, "Admin Pemda (juga superuser)"),
    ("perencana", Peran.PERENCANA, True, "Perencana DPMD"),
    ("kepala", Peran.KEPALA_PD, True, "Kepala DPMD"),
    ("verifikator", Peran.VERIFIKATOR, False, "Verifikator Bappeda"),
]


class Command(BaseCommand):
    help = (
        "Siapkan dan jalankan aplikasi demo: buat basis data bila perlu, migrasi, impor dokumen contoh "
        "(Renja 2024 DPMD Kabupaten Magetan) sekali, buat pengguna demo, lalu jalankan server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="alamat server (default 127.0.0.1:8000)")
        parser.add_argument("--no-serve", action="store_true", help="siapkan data saja, jangan jalankan server")

    def handle(self, *args: Any, **opts: Any) -> None:
        settings.RENJA_HOME.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        pd = PerangkatDaerah.objects.filter(
            nama__iexact="Dinas Pemberdayaan Masyarakat dan Desa", pemda__kode=DEMO_PEMDA
        ).first()
        if pd is None or not Renja.objects.filter(perangkat_daerah=pd, tahun=2024).exists():
            data = resources.files("renja.importers").joinpath("data", DEMO_FILE).read_bytes()
            report = renja_document_import(
                data=data, filename=DEMO_FILE, actor=None, source=Source.IMPORT, pemda_kode=DEMO_PEMDA
            )
            self.stdout.write(
                f"Dokumen contoh diimpor: {report.ringkasan.get('program')} program, "
                f"{report.ringkasan.get('kegiatan')} kegiatan, "
                f"{report.ringkasan.get('sub_kegiatan')} sub kegiatan, {len(report.temuan)} temuan "
                "(lihat `renja import --dry-run` untuk rinciannya)."
            )
            pd = PerangkatDaerah.objects.get(
                nama__iexact="Dinas Pemberdayaan Masyarakat dan Desa", pemda__kode=DEMO_PEMDA
            )
        else:
            self.stdout.write("Data demo sudah ada; tidak diimpor ulang.")
        for username, peran, scoped, label in DEMO_USERS:
            user_create_with_role(
                username=username,
                password=DEMO_PASSWORD,
                peran=peran,
                pemda=pd.pemda,
                perangkat_daerah=pd if scoped else None,
                first_name=label,
                is_superuser=username == "admin",
                actor=None,
                source=Source.CLI,
            )
        url = f"http://{opts['addr']}/"
        self.stdout.write("")
        self.stdout.write(f"Renja siap di {url}")
        self.stdout.write(f"Login demo (kata sandi semua: {DEMO_PASSWORD}):")
        for username, _, _, label in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {label}")
        self.stdout.write("")
        if opts["no_serve"]:
            return
        call_command("runserver", opts["addr"], use_reloader=False)
