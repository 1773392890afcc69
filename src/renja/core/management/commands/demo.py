from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from renja.core.types import Source
from renja.importers.services import renja_document_import
from renja.master.models import Peran, PerangkatDaerah, Wilayah
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


def demo_wilayah_csv() -> Path | None:
    """The team's Kemendagri wilayah CSV: $RENJA_WILAYAH_CSV, or ../shared/data/wilayah/*.csv next to the repo."""
    env = os.environ.get("RENJA_WILAYAH_CSV")
    if env:
        path = Path(env)
        return path if path.is_file() else None
    repo = Path(settings.BASE_DIR).resolve().parent.parent
    for folder in (repo.parent / "shared" / "data" / "wilayah", Path.cwd().parent / "shared" / "data" / "wilayah"):
        found = sorted(folder.glob("*.csv")) if folder.is_dir() else []
        if found:
            return found[0]
    return None


def demo_wilayah_bytes(path: Path, pemda_kode: str = DEMO_PEMDA) -> bytes:
    """Only the rows of the demo's pemda (and its province): the import stays fast."""
    prov = pemda_kode.split(".")[0]
    keep = [
        line
        for line in path.read_text(encoding="utf-8-sig").splitlines()
        if line.startswith((f"{prov},", f"{pemda_kode},", f"{pemda_kode}."))
    ]
    return ("\n".join(keep) + "\n").encode()


class Command(BaseCommand):
    help = (
        "Siapkan dan jalankan aplikasi demo: buat basis data bila perlu, migrasi, impor dokumen contoh "
        "(Renja 2024 DPMD Kabupaten Magetan) sekali, buat pengguna demo, lalu jalankan server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="alamat server (default 127.0.0.1:8000)")
        parser.add_argument("--no-serve", action="store_true", help="siapkan data saja, jangan jalankan server")

    def _wilayah(self) -> None:
        from renja.master.wilayah import wilayah_import

        if Wilayah.objects.filter(kode__startswith=f"{DEMO_PEMDA}.").exists():
            return
        path = demo_wilayah_csv()
        if path is None:
            self.stdout.write(
                "Master wilayah belum dimuat: nama desa/kecamatan usulan disimpan seperti tertulis. Muat dengan "
                "`renja wilayah import PATH` (CSV kode,nama Kemendagri), lalu `renja usulan cocokkan`; atau set "
                "RENJA_WILAYAH_CSV sebelum `renja demo`."
            )
            return
        report = wilayah_import(data=demo_wilayah_bytes(path), actor=None, source=Source.IMPORT)
        self.stdout.write(
            f"Master wilayah {DEMO_PEMDA} dimuat dari {path.name}: {sum(report.per_level.values())} wilayah."
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        settings.RENJA_HOME.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        self._wilayah()
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
        if Wilayah.objects.filter(kode__startswith=f"{DEMO_PEMDA}.").exists():
            from renja.usulan.services import usulan_cocokkan_wilayah

            cocok = usulan_cocokkan_wilayah(pemda_kode=DEMO_PEMDA, actor=None, source=Source.CLI)
            self.stdout.write(
                f"Usulan: {cocok.terpetakan} dari {cocok.diperiksa} terpetakan ke kode desa/kecamatan"
                + (
                    f"; {len(cocok.tidak_terpetakan)} belum (lihat `renja usulan list --tidak-terpetakan`)."
                    if cocok.tidak_terpetakan
                    else "."
                )
            )
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
