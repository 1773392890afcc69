"""`renja tahapan`: the stage of a Renja without the browser, through the same services as the web
(renja.workflow.services), audited with source `cli`.

    renja tahapan status --pd KODE --tahun N [--tahapan T] [--versi N] [--json]
    renja tahapan ajukan|setujui --pd KODE --tahun N --sebagai NAMA [--catatan TEKS]
    renja tahapan kembalikan|buka --pd KODE --tahun N --sebagai NAMA --alasan TEKS
    renja tahapan kunci --pd KODE --tahun N --sebagai NAMA [--alasan TEKS]
    renja tahapan lanjut|perubahan --pd KODE --tahun N --sebagai NAMA
    renja tahapan jadwal list [--pemda KODE] [--tahun N] [--json]
    renja tahapan jadwal set --tahun N --tahapan T --mulai ISO --selesai ISO --sebagai NAMA [--pemda KODE]
    renja tahapan tutup [--waktu ISO]      (lock every stage whose window has ended; run it from cron)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from renja.core.errors import RenjaError
from renja.core.management.common import (
    RenjaCommand,
    add_renja_arguments,
    dumps,
    resolve_pemda,
    resolve_renja,
    resolve_user,
    usage_error,
)
from renja.core.types import Source
from renja.plans.models import JadwalTahapan, Renja, Tahapan
from renja.workflow import services
from renja.workflow.models import Transisi

EPILOG = """\
Contoh:
  renja tahapan status --pd DPMD --tahun 2024 --json
  renja tahapan ajukan --pd DPMD --tahun 2024 --sebagai perencana
  renja tahapan kembalikan --pd DPMD --tahun 2024 --sebagai verifikator --alasan "Target IKU belum sesuai Renstra"
  renja tahapan setujui --pd DPMD --tahun 2024 --sebagai kepala
  renja tahapan kunci --pd DPMD --tahun 2024 --sebagai verifikator
  renja tahapan lanjut --pd DPMD --tahun 2024 --sebagai perencana
  renja tahapan jadwal set --tahun 2025 --tahapan rancangan --mulai 2025-01-02T08:00 --selesai 2025-02-28T16:00 \\
      --sebagai admin
  renja tahapan tutup            # dari cron, mis. setiap 10 menit

Status keluar: 0 berhasil; 1 ditolak (peran atau perangkat daerah tidak berhak, status tidak mengizinkan,
Renja/PD/pengguna tidak ada) dengan pesan layanan; 2 salah penggunaan.
"""

LANGKAH = {
    "ajukan": "perencana PD mengajukan Renja untuk verifikasi dan persetujuan",
    "kembalikan": "verifikator Bappeda atau kepala PD mengembalikan Renja untuk perbaikan (wajib --alasan)",
    "setujui": "kepala PD menyetujui Renja yang diajukan",
    "kunci": "verifikator Bappeda mengunci tahapan (snapshot; tidak menerima perubahan lagi)",
    "buka": "verifikator Bappeda membuka tahapan yang terkunci (wajib --alasan)",
    "lanjut": "perencana PD memulai tahapan berikutnya dari salinan tahapan yang sudah dikunci",
    "perubahan": "perencana PD membuat Renja Perubahan dari Renja Penetapan yang disetujui/dikunci",
}


def _waktu(text: str, option: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise usage_error(f"{option} tidak terbaca: {text} (contoh: 2025-01-02T08:00)") from exc
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


class Command(RenjaCommand):
    help = (
        "Tahapan Renja: status dan riwayat, ajukan, kembalikan, setujui, kunci, buka, lanjut ke tahapan "
        "berikutnya, Renja Perubahan, jadwal tahapan, dan tutup (kunci tahapan yang jadwalnya berakhir). "
        "Lewat layanan yang sama dengan web; --sebagai menentukan pengguna yang bertindak (perannya diperiksa)."
    )
    epilog = EPILOG

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        status = sub.add_parser("status", help="status, jadwal, langkah yang terbuka dan riwayat transisi")
        add_renja_arguments(status)
        status.add_argument("--json", action="store_true", help="keluaran JSON (untuk mesin)")
        for aksi, text in LANGKAH.items():
            p = sub.add_parser(aksi, help=text, description=text[0].upper() + text[1:] + ".")
            add_renja_arguments(p)
            p.add_argument(
                "--sebagai", metavar="NAMA", required=True, help="pengguna yang bertindak (perannya diperiksa layanan)"
            )
            if aksi in ("kembalikan", "buka"):
                p.add_argument("--alasan", required=True, help="alasan yang dibaca perangkat daerah")
            elif aksi == "kunci":
                p.add_argument("--alasan", default="", help="alasan (tercatat pada snapshot)")
            elif aksi in ("ajukan", "setujui"):
                p.add_argument("--catatan", default="", help="catatan yang tercatat pada riwayat")
            p.add_argument("--json", action="store_true", help="keluaran JSON (untuk mesin)")

        jadwal = sub.add_parser("jadwal", help="jadwal (jendela waktu) tahapan per pemda dan tahun")
        jsub = jadwal.add_subparsers(dest="aksi_jadwal", required=True, metavar="list|set")
        jl = jsub.add_parser("list", help="daftar jadwal")
        jl.add_argument("--pemda", metavar="KODE", help="kode pemda (bawaan: satu-satunya pemda)")
        jl.add_argument("--tahun", type=int, metavar="N", help="hanya tahun ini")
        jl.add_argument("--json", action="store_true", help="keluaran JSON (untuk mesin)")
        js = jsub.add_parser("set", help="atur atau geser jadwal satu tahapan (admin pemda)")
        js.add_argument("--pemda", metavar="KODE", help="kode pemda (bawaan: satu-satunya pemda)")
        js.add_argument("--tahun", type=int, required=True, metavar="N")
        js.add_argument("--tahapan", required=True, choices=Tahapan.values)
        js.add_argument("--mulai", required=True, metavar="ISO", help="mulai, mis. 2025-01-02T08:00 (WIB)")
        js.add_argument("--selesai", required=True, metavar="ISO", help="selesai, mis. 2025-02-28T16:00 (WIB)")
        js.add_argument("--sebagai", metavar="NAMA", required=True, help="admin pemda yang mengatur")

        tutup = sub.add_parser("tutup", help="kunci setiap tahapan yang jadwalnya sudah berakhir (untuk cron)")
        tutup.add_argument("--waktu", help="anggap sekarang pukul ini (ISO 8601, untuk uji), mis. 2024-03-01T00:00")

    def handle(self, *args: Any, **opts: Any) -> None:
        aksi = opts["aksi"]
        try:
            if aksi == "tutup":
                self._tutup(opts)
            elif aksi == "status":
                self._status(opts)
            elif aksi == "jadwal":
                self._jadwal(opts)
            else:
                self._langkah(aksi, opts)
        except RenjaError as exc:
            raise CommandError(exc.message) from exc

    def _renja(self, opts: dict[str, Any]) -> Renja:
        return resolve_renja(pd=opts["pd"], tahun=opts["tahun"], tahapan=opts["tahapan"], versi=opts["versi"])

    def _tutup(self, opts: dict[str, Any]) -> None:
        now = _waktu(opts["waktu"], "--waktu") if opts.get("waktu") else timezone.now()
        n = services.jadwal_tutup_kedaluwarsa(now=now, actor=None, source=Source.CLI)
        self.stdout.write(f"{n} Renja dikunci karena jadwal tahapannya berakhir.")

    def _langkah(self, aksi: str, opts: dict[str, Any]) -> None:
        renja = self._renja(opts)
        actor = resolve_user(opts["sebagai"])
        src = Source.CLI
        hasil: Renja
        if aksi == "ajukan":
            hasil = services.renja_ajukan(renja=renja, actor=actor, source=src, catatan=opts["catatan"])
        elif aksi == "setujui":
            hasil = services.renja_setujui(renja=renja, actor=actor, source=src, catatan=opts["catatan"])
        elif aksi == "kembalikan":
            hasil = services.renja_kembalikan(renja=renja, alasan=opts["alasan"], actor=actor, source=src)
        elif aksi == "kunci":
            hasil = services.tahapan_kunci(renja=renja, actor=actor, source=src, alasan=opts["alasan"])
        elif aksi == "buka":
            hasil = services.tahapan_buka(renja=renja, alasan=opts["alasan"], actor=actor, source=src)
        elif aksi == "lanjut":
            hasil = services.tahapan_lanjut(renja=renja, actor=actor, source=src)
        else:
            hasil = services.renja_perubahan_buat(renja=renja, actor=actor, source=src)
        if opts.get("json"):
            self.stdout.write(dumps(renja_dict(hasil)))
            return
        if aksi in ("lanjut", "perubahan"):
            self.stdout.write(
                f"Dibuat: {hasil} (id {hasil.pk}), disalin dari {renja.get_tahapan_display()} "
                f"v{renja.versi}. Lihat: renja tahapan status --pd {renja.perangkat_daerah.kode} "
                f"--tahun {hasil.tahun} --tahapan {hasil.tahapan}"
            )
            return
        kunci = ", terkunci" if hasil.terkunci else ""
        self.stdout.write(f"{hasil}: {aksi} berhasil; status sekarang {hasil.get_status_display()}{kunci}.")

    def _status(self, opts: dict[str, Any]) -> None:
        from renja.calc.tahapan import langkah_terbuka

        renja = self._renja(opts)
        jadwal = JadwalTahapan.objects.filter(
            pemda_id=renja.perangkat_daerah.pemda_id, tahun=renja.tahun, tahapan=renja.tahapan
        ).first()
        keadaan = services.keadaan_renja(renja, jadwal)
        langkah = langkah_terbuka(keadaan, services.peran_untuk(None, renja))
        riwayat = list(Transisi.objects.filter(renja=renja).order_by("waktu", "id"))
        data = renja_dict(renja)
        data["jadwal"] = jadwal_dict(jadwal) if jadwal else None
        data["kunci_jadwal"] = keadaan.kunci_jadwal or None
        data["langkah"] = {k.aksi.value: {"mungkin": k.boleh, "alasan": k.alasan or None} for k in langkah}
        data["riwayat"] = [
            {
                "waktu": _iso(t.waktu),
                "aksi": t.aksi,
                "dari": t.dari,
                "ke": t.ke,
                "oleh": t.oleh_label,
                "alasan": t.alasan,
            }
            for t in riwayat
        ]
        if opts.get("json"):
            self.stdout.write(dumps(data))
            return
        w = self.stdout.write
        w(f"{renja} (id {renja.pk})")
        w(f"Status: {renja.get_status_display()}{' — TERKUNCI' if renja.terkunci else ''}")
        if jadwal:
            w(f"Jadwal: {_iso(jadwal.mulai)} s.d. {_iso(jadwal.selesai)}{' (dikunci)' if jadwal.terkunci else ''}")
        else:
            w("Jadwal: belum diatur (renja tahapan jadwal set …)")
        if keadaan.kunci_jadwal:
            w(f"Kunci: {keadaan.kunci_jadwal}")
        w("Langkah menurut status (peran diperiksa saat dijalankan dengan --sebagai):")
        for k in langkah:
            w(f"  {k.aksi.value:<11} {'bisa' if k.boleh else 'tidak: ' + k.alasan}")
        w(f"Riwayat ({len(riwayat)}):")
        for t in riwayat:
            alasan = f" — {t.alasan}" if t.alasan else ""
            w(f"  {_iso(t.waktu)} {t.aksi} {t.dari} → {t.ke} oleh {t.oleh_label}{alasan}")

    def _jadwal(self, opts: dict[str, Any]) -> None:
        pemda = resolve_pemda(opts.get("pemda"))
        if opts["aksi_jadwal"] == "set":
            mulai, selesai = _waktu(opts["mulai"], "--mulai"), _waktu(opts["selesai"], "--selesai")
            j = services.jadwal_set(
                pemda=pemda,
                tahun=opts["tahun"],
                tahapan=opts["tahapan"],
                mulai=mulai,
                selesai=selesai,
                actor=resolve_user(opts["sebagai"]),
                source=Source.CLI,
            )
            self.stdout.write(
                f"Jadwal {j.get_tahapan_display()} {j.tahun} {pemda}: {_iso(j.mulai)} s.d. {_iso(j.selesai)}."
            )
            return
        qs = JadwalTahapan.objects.filter(pemda=pemda).order_by("tahun", "mulai")
        if opts.get("tahun"):
            qs = qs.filter(tahun=opts["tahun"])
        rows = [jadwal_dict(j) for j in qs]
        if opts.get("json"):
            self.stdout.write(dumps({"pemda": pemda.kode, "jadwal": rows}))
            return
        if not rows:
            self.stdout.write(f"Belum ada jadwal tahapan untuk {pemda}.")
        for r in rows:
            kunci = " (dikunci)" if r["terkunci"] else ""
            self.stdout.write(f"{r['tahun']} {r['tahapan']:<16} {r['mulai']} s.d. {r['selesai']}{kunci}")


def renja_dict(renja: Renja) -> dict[str, Any]:
    pd = renja.perangkat_daerah
    return {
        "id": renja.pk,
        "perangkat_daerah": {"kode": pd.kode, "singkatan": pd.singkatan, "nama": pd.nama},
        "tahun": renja.tahun,
        "tahapan": renja.tahapan,
        "versi": renja.versi,
        "label": renja.label,
        "utama": renja.utama,
        "status": renja.status,
        "terkunci": renja.terkunci,
    }


def jadwal_dict(j: JadwalTahapan) -> dict[str, Any]:
    return {
        "tahun": j.tahun,
        "tahapan": j.tahapan,
        "mulai": _iso(j.mulai),
        "selesai": _iso(j.selesai),
        "terkunci": j.terkunci,
    }
