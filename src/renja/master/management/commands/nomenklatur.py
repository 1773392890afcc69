"""`renja nomenklatur import BERKAS [--versi KODE] [--nama TEKS] [--json]` and `renja nomenklatur load-builtin`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renja.core.errors import RenjaError
from renja.core.types import Source
from renja.importers.report import ImportReport
from renja.master.nomenklatur import nomenklatur_import, nomenklatur_load_builtin

LEVEL_LABEL = {
    "urusan": "urusan",
    "bidang": "bidang",
    "program": "program",
    "kegiatan": "kegiatan",
    "sub_kegiatan": "sub kegiatan",
}
JENIS_LABEL = {"kabkota": "kabupaten/kota", "prov": "provinsi", "-": "tanpa jenis pemda"}
MAX_TEMUAN = 50


class Command(BaseCommand):
    help = (
        "Nomenklatur (urusan, bidang, program, kegiatan, sub kegiatan). Contoh: "
        "renja nomenklatur import nomenklatur-kabkota-kepmendagri-900.xlsx --versi kepmendagri-900; "
        "renja nomenklatur load-builtin"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="impor XLSX Kepmendagri 900 (kab/kota) atau unduhan SIPD")
        imp.add_argument("path", metavar="BERKAS")
        imp.add_argument("--versi", metavar="KODE", help="kode versi, mis. kepmendagri-900 (bawaan: dari format)")
        imp.add_argument("--nama", metavar="TEKS", help="nama versi yang tampil di aplikasi")
        imp.add_argument("--json", action="store_true", help="cetak laporan sebagai JSON")
        imp.add_argument("--semua-temuan", action="store_true", help=f"cetak semua temuan (bawaan: {MAX_TEMUAN})")
        builtin = sub.add_parser("load-builtin", help="muat subset kurasi bawaan (bidang 2.13 + program penunjang)")
        builtin.add_argument("--json", action="store_true", help="cetak laporan sebagai JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            if opts["action"] == "import":
                path = Path(opts["path"])
                if not path.is_file():
                    raise CommandError(
                        f"Berkas {path} tidak ditemukan. Periksa nama dan foldernya "
                        "(berkas XLSX Kepmendagri 900 kab/kota atau unduhan SIPD)."
                    )
                report = nomenklatur_import(
                    path_or_bytes=path,
                    versi_kode=opts.get("versi"),
                    versi_nama=opts.get("nama"),
                    actor=None,
                    source=Source.CLI,
                )
            else:
                report = nomenklatur_load_builtin(actor=None, source=Source.CLI)
        except RenjaError as exc:
            raise CommandError(exc.message) from exc
        if opts.get("json"):
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(render(report, limit=None if opts.get("semua_temuan") else MAX_TEMUAN))


def render(report: ImportReport, *, limit: int | None = MAX_TEMUAN) -> str:
    r = report.ringkasan
    lines = [
        f"Nomenklatur diimpor dari {report.berkas} ke versi {r['versi']} ({r['versi_nama']})"
        + (" — versi baru." if r.get("versi_dibuat") else "."),
        f"Format: {r['format']}, lembar '{r['lembar']}', {r['baris_data']} baris data "
        f"({r['baris_kosong']} kosong), {r['item_di_berkas']} item.",
    ]
    for jenis, counts in r["per_jenis_pemda"].items():
        lines.append(f"Jumlah per level ({JENIS_LABEL.get(jenis, jenis)}):")
        lines.extend(f"  {LEVEL_LABEL[level]:<13} {n:>6}" for level, n in counts.items())
    lines.append(
        f"Hasil: {r['dibuat']} dibuat, {r['diperbarui']} diperbarui, {r['tetap']} tetap"
        + (
            f", {r['tidak_ada_di_berkas']} item lama tidak ada di berkas (dibiarkan)"
            if r["tidak_ada_di_berkas"]
            else ""
        )
        + f" ({r['detik']} detik)."
    )
    temuan = report.to_dict()["temuan"]
    counts = Counter(t["severity"] for t in temuan)
    lines.append(
        f"Temuan: {counts.get('error', 0)} error, {counts.get('peringatan', 0)} peringatan, "
        f"{counts.get('info', 0)} info."
    )
    shown = temuan if limit is None else temuan[:limit]
    for t in shown:
        saran = f" Saran: {t['saran']}" if t["saran"] else ""
        lines.append(f"  [{t['severity']}] {t['kode']} ({t['lokasi']}): {t['pesan']}{saran}")
    if len(shown) < len(temuan):
        lines.append(f"  … dan {len(temuan) - len(shown)} temuan lain (pakai --semua-temuan atau --json).")
    return "\n".join(lines)
