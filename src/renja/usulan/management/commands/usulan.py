"""`renja usulan …`: community proposals (Musrenbang ASMAS and DPRD pokir) from the command line.

  renja usulan import PATH.xlsx --pd KODE --tahun 2024 [--dry-run] [--json]
  renja usulan list [--tahun 2024] [--pd KODE] [--kecamatan KODE] [--status S] [--tidak-terpetakan] [--json]
  renja usulan cocokkan [--pd KODE] [--tahun 2024]   (after `renja wilayah import`)
  renja usulan export --tahun 2024 [--pd KODE] --format json|xlsx [--output PATH]
  renja usulan template PATH.xlsx

Exit codes: 0 ok, 1 errors in the file, 2 usage (unknown agency, missing file, bad option).
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from renja.core.errors import RenjaError
from renja.core.types import Source
from renja.master.models import PerangkatDaerah
from renja.usulan.models import Usulan

USAGE = 2


def _usage(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE)


def _pd(kode: str | None, *, required: bool) -> PerangkatDaerah | None:
    if not kode:
        if required:
            raise _usage("Sebutkan perangkat daerah: --pd KODE (kode unit atau singkatan, lihat admin).")
        return None
    hits = list(
        PerangkatDaerah.objects.select_related("pemda").filter(
            Q(kode=kode) | Q(singkatan__iexact=kode) | Q(pk=int(kode) if kode.isdigit() else -1)
        )
    )
    if len(hits) != 1:
        raise _usage(
            f"Perangkat daerah '{kode}' "
            + ("tidak ditemukan" if not hits else "tidak tunggal")
            + ". Gunakan kode unit (mis. 2.13.0.00.0.00.01.0000) atau singkatan."
        )
    return hits[0]


def _system_user() -> Any:
    """The operator at the command line sees everything (the selectors take a user): an unsaved superuser."""
    return get_user_model()(username="cli", is_superuser=True, is_active=True)


def _rows(opts: dict[str, Any]) -> list[Usulan]:
    from renja.usulan.selectors import usulan_list

    pd = _pd(opts.get("pd"), required=False)
    filters: dict[str, Any] = {
        "tahun": opts.get("tahun"),
        "perangkat_daerah": pd.pk if pd else None,
        "kecamatan": opts.get("kecamatan"),
        "status": opts.get("status"),
        "sumber": opts.get("sumber"),
        "q": opts.get("q"),
        "tidak_terpetakan": opts.get("tidak_terpetakan"),
    }
    return list(usulan_list(user=_system_user(), filters=filters))


def usulan_dict(u: Usulan) -> dict[str, Any]:
    return {
        "nomor": u.nomor,
        "perangkat_daerah": u.perangkat_daerah.kode,
        "tahun": u.tahun,
        "sumber": u.sumber,
        "pengusul": u.pengusul,
        "desa_teks": u.desa_teks,
        "kecamatan_teks": u.kecamatan_teks,
        "kode_desa": u.kode_desa,
        "kode_kecamatan": u.kode_kecamatan,
        "wilayah_cocok": u.wilayah_cocok,
        "lokasi": u.lokasi,
        "kegiatan": u.kegiatan,
        "volume": None if u.volume is None else str(u.volume),
        "satuan": u.satuan,
        "pagu_usulan": None if u.pagu_usulan is None else int(u.pagu_usulan),
        "pagu_rekomendasi": None if u.pagu_rekomendasi is None else int(u.pagu_rekomendasi),
        "status": u.status,
        "alasan": u.alasan,
        "kode_sub_kegiatan": u.row.kode if u.row_id and u.row is not None else None,
    }


class Command(BaseCommand):
    help = "Usulan masyarakat (ASMAS) dan pokir DPRD: import XLSX, daftar, cocokkan wilayah, ekspor, templat."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="impor XLSX usulan (kolom Tabel 2.5 + lokasi, volume, satuan, sumber)")
        imp.add_argument("path")
        imp.add_argument("--pd", required=True, help="kode unit atau singkatan perangkat daerah tujuan")
        imp.add_argument("--tahun", type=int, required=True)
        imp.add_argument("--dry-run", action="store_true", help="uji coba: laporkan tanpa menyimpan")
        imp.add_argument("--json", action="store_true", help="laporan dalam JSON")
        lst = sub.add_parser("list", help="daftar usulan")
        for p in (lst,):
            p.add_argument("--tahun", type=int)
            p.add_argument("--pd")
            p.add_argument("--kecamatan", help="kode kecamatan, mis. 35.20.10")
            p.add_argument("--status", choices=Usulan.Status.values)
            p.add_argument("--sumber", choices=Usulan.Sumber.values)
            p.add_argument("--q", help="cari teks di kegiatan/desa/pengusul")
            p.add_argument(
                "--tidak-terpetakan", action="store_true", help="hanya yang desa/kecamatannya belum terpetakan"
            )
            p.add_argument("--json", action="store_true")
        ck = sub.add_parser("cocokkan", help="cocokkan ulang desa/kecamatan dengan master wilayah")
        ck.add_argument("--pd")
        ck.add_argument("--tahun", type=int)
        ck.add_argument("--termasuk-manual", action="store_true", help="juga yang dipilih petugas")
        ex = sub.add_parser("export", help="ekspor usulan (JSON atau XLSX)")
        ex.add_argument("--tahun", type=int, required=True)
        ex.add_argument("--pd")
        ex.add_argument("--format", choices=["json", "xlsx"], default="json")
        ex.add_argument("--output", "-o", help="berkas keluaran (default: layar untuk JSON)")
        tp = sub.add_parser("template", help="tulis templat XLSX kosong untuk impor")
        tp.add_argument("path")

    def handle(self, *args: Any, **opts: Any) -> None:
        action = opts["action"]
        try:
            getattr(self, f"_{action}")(opts)
        except RenjaError as exc:
            raise CommandError(exc.message, returncode=1) from exc

    # ------------------------------------------------------------------ import
    def _import(self, opts: dict[str, Any]) -> None:
        from renja.importers.usulan_xlsx_import import usulan_xlsx_import

        path = Path(opts["path"])
        if not path.is_file():
            raise _usage(f"Berkas {path} tidak ditemukan.")
        if path.suffix.lower() != ".xlsx":
            raise _usage(f"Berkas {path.name} bukan .xlsx. Buat dari `renja usulan template PATH.xlsx`.")
        pd = _pd(opts["pd"], required=True)
        assert pd is not None
        report = usulan_xlsx_import(
            data=path.read_bytes(),
            filename=path.name,
            perangkat_daerah=pd,
            tahun=opts["tahun"],
            actor=None,
            source=Source.CLI,
            dry_run=opts["dry_run"],
        )
        if opts["json"]:
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report.render_text())
        if report.errors:
            self.stdout.flush()
            sys.exit(1)

    # ------------------------------------------------------------------ list
    def _list(self, opts: dict[str, Any]) -> None:
        rows = _rows(opts)
        if opts["json"]:
            self.stdout.write(json.dumps([usulan_dict(u) for u in rows], ensure_ascii=False, indent=2))
            return
        for u in rows:
            flag = " [belum terpetakan]" if u.tidak_terpetakan else ""
            pagu = "-" if u.pagu_usulan is None else f"{int(u.pagu_usulan):,}".replace(",", ".")
            self.stdout.write(
                f"{u.tahun} {u.nomor or u.pk:>3}. {u.desa_teks} ({u.kode_desa or '-'}), {u.kecamatan_teks} "
                f"({u.kode_kecamatan or '-'}): {u.kegiatan[:60]} — Rp {pagu} — {u.get_status_display()}{flag}"
            )
        self.stdout.write(f"{len(rows)} usulan.")

    # ------------------------------------------------------------------ cocokkan
    def _cocokkan(self, opts: dict[str, Any]) -> None:
        from renja.usulan.services import usulan_cocokkan_wilayah

        pd = _pd(opts.get("pd"), required=False)
        report = usulan_cocokkan_wilayah(
            perangkat_daerah=pd,
            tahun=opts.get("tahun"),
            termasuk_manual=opts["termasuk_manual"],
            actor=None,
            source=Source.CLI,
        )
        self.stdout.write(
            f"Usulan diperiksa: {report.diperiksa}; terpetakan: {report.terpetakan}; berubah: {report.berubah}; "
            f"belum terpetakan: {len(report.tidak_terpetakan)}."
        )
        for line in report.tidak_terpetakan:
            self.stdout.write(f"  {line}")

    # ------------------------------------------------------------------ export / template
    def _export(self, opts: dict[str, Any]) -> None:
        rows = _rows({"tahun": opts["tahun"], "pd": opts.get("pd")})
        out = opts.get("output")
        if opts["format"] == "json":
            text = json.dumps([usulan_dict(u) for u in rows], ensure_ascii=False, indent=2)
            if out:
                Path(out).write_text(text + "\n", encoding="utf-8")
                self.stdout.write(f"{len(rows)} usulan ditulis ke {out}.")
            else:
                self.stdout.write(text)
            return
        if not out:
            raise _usage("Ekspor XLSX perlu --output PATH.xlsx.")
        import openpyxl

        from renja.importers.parse.usulan_xlsx import JUDUL, TEMPLATE_KOLOM

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Usulan"
        ws.append([*(JUDUL[k] for k in TEMPLATE_KOLOM), "Kode desa", "Kode kecamatan", "Status", "Alasan"])
        for u in rows:
            d = usulan_dict(u)
            ws.append(
                [
                    u.nomor,
                    u.desa_teks,
                    u.kecamatan_teks,
                    u.kegiatan,
                    d["pagu_usulan"],
                    d["pagu_rekomendasi"],
                    u.alasan,
                    u.lokasi,
                    None if u.volume is None else float(u.volume),
                    u.satuan,
                    u.sumber.upper(),
                    u.pengusul,
                    d["kode_desa"],
                    d["kode_kecamatan"],
                    u.get_status_display(),
                    u.alasan,
                ]
            )
        buf = io.BytesIO()
        wb.save(buf)
        Path(out).write_bytes(buf.getvalue())
        self.stdout.write(f"{len(rows)} usulan ditulis ke {out}.")

    def _template(self, opts: dict[str, Any]) -> None:
        from renja.importers.parse.usulan_xlsx import template_xlsx

        Path(opts["path"]).write_bytes(template_xlsx())
        self.stdout.write(
            f"Templat ditulis ke {opts['path']}. Isi satu usulan per baris, lalu `renja usulan import "
            f"{opts['path']} --pd KODE --tahun TAHUN`."
        )
