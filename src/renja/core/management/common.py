"""What the `renja` commands share: finding the user, pemda and agency a command names, JSON output, and the
exit codes every command keeps (docs/reference/cli.md):

- 0: done;
- 1: refused or errors found (a service said no, a check found an `error`, an import reported errors) — the
  message says what, where and what to do;
- 2: usage (a wrong or missing option; argparse's own status, and `usage_error` for combinations argparse
  cannot express).

The Renja a command means (`--pd KODE --tahun N [--tahapan] [--versi]`) is found by one function,
`renja.plans.management.common.resolve_renja`, re-exported here so every command uses the same one.
"""

from __future__ import annotations

import json
from argparse import RawDescriptionHelpFormatter
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser, DjangoHelpFormatter

from renja.master.models import Pemda, PerangkatDaerah
from renja.plans.management.common import resolve_renja

__all__ = [
    "RenjaCommand",
    "add_renja_arguments",
    "dumps",
    "resolve_pd",
    "resolve_pemda",
    "resolve_renja",
    "resolve_user",
    "usage_error",
]

EXIT_REFUSED = 1
EXIT_USAGE = 2


class HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Django's ordering of options, and the epilog's examples kept as written."""


class RenjaCommand(BaseCommand):
    """A command whose --help ends with `epilog` (examples and exit codes), printed as written."""

    epilog = ""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, epilog=self.epilog or None, **kwargs)
        parser.formatter_class = HelpFormatter
        return parser


def usage_error(message: str) -> CommandError:
    """A usage mistake argparse cannot catch (exit status 2, like argparse's own)."""
    return CommandError(message, returncode=EXIT_USAGE)


def dumps(data: Any) -> str:
    """JSON for machines: UTF-8 text (not \\u escapes), indented, keys in the order built."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def add_renja_arguments(parser: CommandParser, *, pd_required: bool = False) -> None:
    """--pd, --tahun, --tahapan, --versi: the options that name one stored Renja (as `renja check`)."""
    parser.add_argument(
        "--pd",
        metavar="KODE",
        required=pd_required,
        help="kode unit atau singkatan perangkat daerah (boleh kosong bila basis data hanya memuat satu)",
    )
    parser.add_argument("--tahun", type=int, required=True, metavar="N", help="tahun Renja, mis. 2024")
    parser.add_argument(
        "--tahapan",
        metavar="TAHAPAN",
        help="rancangan_awal, rancangan, forum_pd, rancangan_akhir, penetapan atau perubahan "
        "(bawaan: versi utama tahun itu)",
    )
    parser.add_argument("--versi", type=int, metavar="N", help="nomor versi dalam tahapan itu (bawaan: terakhir)")


def resolve_user(username: str) -> User:
    """The login named `username` (case as typed, then case-insensitive)."""
    model = get_user_model()
    user = model.objects.filter(username=username).first() or model.objects.filter(username__iexact=username).first()
    if user is None:
        raise CommandError(
            f"Pengguna '{username}' tidak ada. Lihat daftar pengguna: renja pengguna list; "
            "buat dengan: renja pengguna buat NAMA."
        )
    assert isinstance(user, User)
    return user


def resolve_pemda(kode: str | None) -> Pemda:
    """The pemda with this Kemendagri code (e.g. 35.20); without a code, the only pemda in the database."""
    if kode:
        pemda = Pemda.objects.filter(kode=kode.strip()).first()
        if pemda is None:
            known = ", ".join(f"{p.kode} ({p.nama})" for p in Pemda.objects.all()[:10]) or "belum ada"
            raise CommandError(f"Pemda dengan kode '{kode}' tidak ada. Pemda yang ada: {known}.")
        return pemda
    pemdas = list(Pemda.objects.all()[:11])
    if len(pemdas) == 1:
        return pemdas[0]
    if not pemdas:
        raise CommandError("Basis data belum memuat pemda. Impor dokumen Renja dulu: renja import BERKAS")
    known = ", ".join(p.kode for p in pemdas[:10])
    raise CommandError(f"Basis data memuat lebih dari satu pemda; pilih dengan --pemda KODE ({known}).")


def resolve_pd(kode: str, *, pemda: Pemda | None = None) -> PerangkatDaerah:
    """The agency by unit code or abbreviation (within `pemda` when given)."""
    agencies = PerangkatDaerah.objects.select_related("pemda")
    if pemda is not None:
        agencies = agencies.filter(pemda=pemda)
    found = list((agencies.filter(kode=kode) | agencies.filter(singkatan__iexact=kode)).distinct()[:3])
    if not found:
        raise CommandError(
            f"Perangkat daerah dengan kode atau singkatan '{kode}' tidak ada"
            + (f" di {pemda}" if pemda is not None else "")
            + ". Lihat daftar kode di admin (Perangkat daerah)."
        )
    if len(found) > 1:
        raise CommandError(
            f"'{kode}' cocok dengan lebih dari satu perangkat daerah ("
            + ", ".join(f"{p.kode} {p.nama}" for p in found)
            + "); pakai kode unitnya, atau sebutkan --pemda."
        )
    return found[0]
