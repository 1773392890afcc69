"""`renja pengguna`: logins and their roles without the browser, through the services of renja.master.services
(audited with source `cli`).

    renja pengguna list [--json] [--pemda KODE] [--pd KODE] [--peran PERAN] [--nonaktif]
    renja pengguna buat NAMA [--password TEKS | --password-stdin] [--email] [--nama] [--peran P --pd KODE]
    renja pengguna peran tambah|hapus NAMA PERAN [--pd KODE] [--pemda KODE]
    renja pengguna nonaktifkan|aktifkan NAMA
    renja pengguna sandi NAMA [--password TEKS | --password-stdin]

Without --password or --password-stdin a password is generated and printed once.
"""

from __future__ import annotations

import secrets
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from renja.audit.services import Actor
from renja.core.errors import RenjaError
from renja.core.management.common import RenjaCommand, dumps, resolve_pd, resolve_pemda, resolve_user, usage_error
from renja.core.types import Source
from renja.master import services
from renja.master.models import Peran, PerangkatDaerah

PERAN_HELP = (
    "admin_pemda (jadwal, plafon, pengguna; seluruh pemda), perencana (mengisi Renja PD-nya; butuh --pd), "
    "kepala_pd (menyetujui Renja PD-nya; butuh --pd), verifikator (Bappeda: catatan, kembalikan, kunci; "
    "seluruh pemda)"
)
EPILOG = """\
Contoh:
  renja pengguna list --json
  renja pengguna buat budi --nama "Budi Santoso" --email budi@magetan.go.id --peran perencana --pd DPMD
  echo 'sandi-rahasia-baru' | renja pengguna sandi budi --password-stdin
  renja pengguna peran tambah sari verifikator --pemda 35.20
  renja pengguna peran hapus budi perencana --pd DPMD
  renja pengguna nonaktifkan budi

Status keluar: 0 berhasil; 1 ditolak (nama sudah dipakai, peran salah, kata sandi lemah, pengguna/PD tidak
ada) dengan pesannya; 2 salah penggunaan (opsi kurang atau tidak dikenal).
"""


def _password_arguments(parser: CommandParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--password", metavar="TEKS", help="kata sandi (terlihat di riwayat shell; lebih aman: stdin)")
    group.add_argument(
        "--password-stdin", action="store_true", help="baca kata sandi dari baris pertama stdin (untuk skrip)"
    )


def _actor_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--sebagai",
        metavar="NAMA",
        help="bertindak sebagai pengguna ini (harus admin pemda pemda itu atau superuser); "
        "bawaan: operator server, dicatat 'sistem'",
    )


def _scope_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--pd", metavar="KODE", help="perangkat daerah (kode unit atau singkatan) untuk perencana/kepala_pd"
    )
    parser.add_argument(
        "--pemda",
        metavar="KODE",
        help="kode wilayah pemda, mis. 35.20 (bawaan: pemda perangkat daerah, atau satu-satunya)",
    )


class Command(RenjaCommand):
    epilog = EPILOG
    help = (
        "Kelola pengguna dan perannya tanpa peramban: daftar, buat, tambah/hapus peran, nonaktifkan/aktifkan, "
        "ganti kata sandi. Setiap perubahan lewat layanan yang sama dengan web dan dicatat di riwayat (sumber cli)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        lst = sub.add_parser("list", help="daftar pengguna dan perannya", description="Daftar pengguna dan perannya.")
        lst.add_argument("--json", action="store_true", help="keluaran JSON (untuk mesin)")
        lst.add_argument("--pemda", metavar="KODE", help="hanya pengguna dengan peran di pemda ini")
        lst.add_argument("--pd", metavar="KODE", help="hanya pengguna dengan peran di perangkat daerah ini")
        lst.add_argument("--peran", choices=Peran.values, help="hanya pengguna dengan peran ini")
        lst.add_argument("--nonaktif", action="store_true", help="hanya pengguna yang dinonaktifkan")

        buat = sub.add_parser(
            "buat",
            aliases=["create"],
            help="buat pengguna (dan satu peran sekaligus)",
            description="Buat pengguna baru. Tanpa --password/--password-stdin, kata sandi dibuat acak dan "
            "dicetak SEKALI; catat dan serahkan kepada penggunanya.",
        )
        buat.add_argument("username", metavar="NAMA", help="nama login, mis. budi.dpmd")
        _password_arguments(buat)
        buat.add_argument("--email", default="", help="alamat surel")
        buat.add_argument("--nama", default="", help="nama lengkap yang tampil di aplikasi")
        buat.add_argument("--peran", choices=Peran.values, help="peran pertama: " + PERAN_HELP)
        _scope_arguments(buat)
        buat.add_argument("--json", action="store_true", help="keluaran JSON (kata sandi acak ikut di dalamnya)")
        _actor_argument(buat)

        peran = sub.add_parser(
            "peran",
            help="tambah atau hapus peran pengguna",
            description="Tambah atau hapus peran. Peran: " + PERAN_HELP + ".",
        )
        peran_sub = peran.add_subparsers(dest="aksi_peran", required=True, metavar="tambah|hapus")
        for name, text in (("tambah", "beri pengguna peran"), ("hapus", "cabut peran pengguna")):
            p = peran_sub.add_parser(name, help=text, description=f"{text[0].upper()}{text[1:]}. Peran: {PERAN_HELP}.")
            p.add_argument("username", metavar="NAMA")
            p.add_argument("peran", choices=Peran.values, metavar="PERAN", help=" | ".join(Peran.values))
            _scope_arguments(p)
            _actor_argument(p)

        for name, text in (
            ("nonaktifkan", "pengguna tidak bisa login lagi (riwayatnya tetap)"),
            ("aktifkan", "pengguna bisa login lagi"),
        ):
            p = sub.add_parser(name, help=text, description=f"{name.capitalize()}: {text}.")
            p.add_argument("username", metavar="NAMA")
            _actor_argument(p)

        sandi = sub.add_parser(
            "sandi",
            aliases=["password"],
            help="ganti kata sandi",
            description="Ganti kata sandi. Tanpa --password/--password-stdin, kata sandi dibuat acak dan "
            "dicetak sekali.",
        )
        sandi.add_argument("username", metavar="NAMA")
        _password_arguments(sandi)
        _actor_argument(sandi)

    # --- helpers ----------------------------------------------------------------------------------------------

    def _actor(self, opts: dict[str, Any]) -> Actor:
        return resolve_user(opts["sebagai"]) if opts.get("sebagai") else None

    def _password(self, opts: dict[str, Any]) -> tuple[str, bool]:
        """(password, generated)."""
        if opts.get("password_stdin"):
            line = sys.stdin.readline().rstrip("\r\n")
            if not line:
                raise usage_error("--password-stdin: stdin kosong. Kirim kata sandi pada baris pertama.")
            return line, False
        if opts.get("password"):
            return str(opts["password"]), False
        return secrets.token_urlsafe(12), True

    def _scope(self, opts: dict[str, Any]) -> tuple[Any, PerangkatDaerah | None]:
        pemda = resolve_pemda(opts["pemda"]) if opts.get("pemda") else None
        pd = resolve_pd(opts["pd"], pemda=pemda) if opts.get("pd") else None
        if pemda is None:
            pemda = pd.pemda if pd is not None else resolve_pemda(None)
        return pemda, pd

    # --- actions ----------------------------------------------------------------------------------------------

    def handle(self, *args: Any, **opts: Any) -> None:
        aksi = opts["aksi"]
        try:
            if aksi == "list":
                self._list(opts)
            elif aksi in ("buat", "create"):
                self._buat(opts)
            elif aksi == "peran":
                self._peran(opts)
            elif aksi in ("nonaktifkan", "aktifkan"):
                user = resolve_user(opts["username"])
                services.user_set_active(
                    user=user, aktif=aksi == "aktifkan", actor=self._actor(opts), source=Source.CLI
                )
                state = "aktif" if user.is_active else "nonaktif (tidak bisa login)"
                self.stdout.write(f"Pengguna {user.username} sekarang {state}.")
            elif aksi in ("sandi", "password"):
                user = resolve_user(opts["username"])
                password, generated = self._password(opts)
                services.user_set_password(user=user, password=password, actor=self._actor(opts), source=Source.CLI)
                self.stdout.write(f"Kata sandi {user.username} diganti.")
                if generated:
                    self.stdout.write(f"Kata sandi baru (dicetak sekali ini saja): {password}")
        except RenjaError as exc:
            raise CommandError(exc.message) from exc

    def _list(self, opts: dict[str, Any]) -> None:
        users = (
            get_user_model().objects.order_by("username").prefetch_related("peran__pemda", "peran__perangkat_daerah")
        )
        if opts.get("pemda"):
            users = users.filter(peran__pemda=resolve_pemda(opts["pemda"]))
        if opts.get("pd"):
            users = users.filter(peran__perangkat_daerah=resolve_pd(opts["pd"]))
        if opts.get("peran"):
            users = users.filter(peran__peran=opts["peran"])
        if opts.get("nonaktif"):
            users = users.filter(is_active=False)
        rows = [user_dict(u) for u in users.distinct()]
        if opts.get("json"):
            self.stdout.write(dumps({"pengguna": rows, "jumlah": len(rows)}))
            return
        if not rows:
            self.stdout.write("Tidak ada pengguna yang cocok.")
            return
        for row in rows:
            flags = [f for f, on in (("superuser", row["superuser"]), ("NONAKTIF", not row["aktif"])) if on]
            head = f"{row['username']}" + (f" — {row['nama']}" if row["nama"] else "")
            head += f" <{row['email']}>" if row["email"] else ""
            head += f" [{', '.join(flags)}]" if flags else ""
            self.stdout.write(head)
            for r in row["peran"]:
                scope = f"{r['pd_singkatan'] or r['pd_kode']} ({r['pd_nama']})" if r["pd_kode"] else r["pemda_nama"]
                self.stdout.write(f"    {r['peran']:<12} {scope}")
            if not row["peran"]:
                self.stdout.write("    (belum punya peran: tambahkan dengan renja pengguna peran tambah)")
        self.stdout.write(f"{len(rows)} pengguna.")

    def _buat(self, opts: dict[str, Any]) -> None:
        actor = self._actor(opts)
        if opts.get("peran") is None and (opts.get("pd") or opts.get("pemda")):
            raise usage_error("--pd/--pemda hanya berarti bersama --peran. Tambahkan --peran PERAN.")
        password, generated = self._password(opts)
        with transaction.atomic():  # the user and its first role, or neither
            scope = self._scope(opts) if opts.get("peran") else None
            user = services.user_create(
                username=opts["username"],
                password=password,
                email=opts["email"],
                nama=opts["nama"],
                actor=actor,
                source=Source.CLI,
            )
            if scope is not None:
                services.user_role_add(
                    user=user,
                    peran=opts["peran"],
                    pemda=scope[0],
                    perangkat_daerah=scope[1],
                    actor=actor,
                    source=Source.CLI,
                )
        data = user_dict(user)
        if opts.get("json"):
            if generated:
                data["password"] = password
            self.stdout.write(dumps(data))
            return
        self.stdout.write(f"Pengguna {user.username} dibuat.")
        for r in data["peran"]:
            self.stdout.write(f"  peran: {r['peran']} ({r['pd_nama'] or r['pemda_nama']})")
        if generated:
            self.stdout.write(f"Kata sandi (dicetak sekali ini saja; catat sekarang): {password}")

    def _peran(self, opts: dict[str, Any]) -> None:
        user = resolve_user(opts["username"])
        pemda, pd = self._scope(opts)
        fn = services.user_role_add if opts["aksi_peran"] == "tambah" else services.user_role_remove
        fn(user=user, peran=opts["peran"], pemda=pemda, perangkat_daerah=pd, actor=self._actor(opts), source=Source.CLI)
        where = f"{pd} ({pemda})" if pd is not None else str(pemda)
        verb = "sekarang memegang" if opts["aksi_peran"] == "tambah" else "tidak lagi memegang"
        self.stdout.write(f"{user.username} {verb} peran {Peran(opts['peran']).label} di {where}.")


def user_dict(user: User) -> dict[str, Any]:
    """A user as the JSON of `renja pengguna list --json` (no password, no hash)."""
    roles = sorted(user.peran.all(), key=lambda r: (r.peran, r.pemda.kode, r.perangkat_daerah_id or 0))
    return {
        "username": user.username,
        "nama": user.get_full_name(),
        "email": user.email,
        "aktif": user.is_active,
        "superuser": user.is_superuser,
        "staf": user.is_staff,
        "login_terakhir": user.last_login.isoformat() if user.last_login else None,
        "peran": [
            {
                "peran": r.peran,
                "pemda_kode": r.pemda.kode,
                "pemda_nama": r.pemda.nama,
                "pd_kode": r.perangkat_daerah.kode if r.perangkat_daerah else None,
                "pd_singkatan": r.perangkat_daerah.singkatan if r.perangkat_daerah else None,
                "pd_nama": r.perangkat_daerah.nama if r.perangkat_daerah else None,
            }
            for r in roles
        ],
    }
