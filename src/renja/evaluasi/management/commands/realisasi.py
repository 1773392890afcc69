"""`renja realisasi`: quarterly realisation (Formulir E.81) without the browser.

    renja realisasi import BERKAS.xlsx --pd KODE --tahun N [--dry-run] [--json] [--sebagai NAMA]
    renja realisasi export --pd KODE --tahun N [--triwulan N] [--format xlsx|json] --output BERKAS

The import is the web's (`renja.evaluasi.services.e81_xlsx_import`, audited with source `cli`); the export is
the E.81 table of `renja evaluate` (`renja.evaluasi.ekspor.e81_dict`), as JSON or as an E.81 workbook that the
import reads back.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from renja.core.errors import RenjaError
from renja.core.management.common import RenjaCommand, add_renja_arguments, dumps, resolve_renja, resolve_user
from renja.core.types import Source
from renja.evaluasi.ekspor import e81_dict
from renja.evaluasi.selectors import e81_table, triwulan_terakhir
from renja.evaluasi.services import e81_xlsx_import

EPILOG = """\
Contoh:
  renja realisasi import e81-tw2.xlsx --pd DPMD --tahun 2024 --dry-run
  renja realisasi import e81-tw2.xlsx --pd DPMD --tahun 2024 --json --sebagai perencana
  renja realisasi export --pd DPMD --tahun 2024 --triwulan 2 --format xlsx --output e81-tw2.xlsx
  renja realisasi export --pd DPMD --tahun 2024 --format json

Status keluar: 0 berhasil; 1 laporan impor memuat error, impor ditolak (bukan lembar E.81, peran tidak
berhak) atau Renja/PD tidak ada; 2 salah penggunaan.
"""


def _col_k(n: int) -> int:
    """1-based sheet column of column n's K half (5 → 5, 6 → 7, … 15 → 25); Rp is the next one."""
    return 5 + 2 * (n - 5)


def e81_workbook(data: dict[str, Any]) -> bytes:
    """The E.81 table (`e81_dict`) as a workbook in the layout of Formulir E.81, readable by the import."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "E81"
    renja = data["renja"]
    ws.cell(1, 1, data["judul"])
    ws.cell(2, 1, f"{renja['perangkat_daerah']['nama']} — {renja['pemda']['nama']}")
    judul = data.get("judul_kolom", {})
    headers = {1: "No", 2: "Sasaran", 3: "Program/Kegiatan", 4: "Indikator Kinerja Program (outcome)/Kegiatan (output)"}
    for n in range(5, 16):
        headers[_col_k(n)] = str(judul.get(str(n), f"Kolom {n}"))
    headers[27], headers[28] = "Unit PD Penanggung Jawab", "Keterangan"
    for c, text in headers.items():
        ws.cell(3, c, text)
    for n in range(5, 16):
        ws.cell(4, _col_k(n), "K")
        ws.cell(4, _col_k(n) + 1, "Rp")
    for c in (1, 2, 3, 4):
        ws.cell(5, c, c)
    for n in range(5, 16):
        ws.cell(5, _col_k(n), n)
    ws.cell(5, 27, 16)
    ws.cell(5, 28, 17)
    r = 6
    for baris in data["baris"]:
        kolom = baris["kolom"]
        ws.cell(r, 1, baris["no"] if baris["baris_pertama"] else None)
        if baris["baris_pertama"]:
            ws.cell(r, 3, f"{baris['kode']} {baris['uraian']}".strip())
        ws.cell(r, 4, baris["indikator"] or None)
        for n in range(5, 16):
            cell = kolom.get(str(n))
            if not isinstance(cell, dict):
                continue
            if cell.get("K") is not None:
                ws.cell(r, _col_k(n), cell["K"])
            if cell.get("Rp") is not None and baris["baris_pertama"]:
                ws.cell(r, _col_k(n) + 1, cell["Rp"])
        ws.cell(r, 27, kolom.get("16") or None)
        ws.cell(r, 28, kolom.get("17") or None)
        r += 1
    footer = data["footer"]
    ws.cell(r, 1, "Rata-rata capaian kinerja (%)")
    ws.cell(r, _col_k(13), footer["rata_rata_capaian_kinerja"]["nilai"])
    ws.cell(r + 1, 1, "Predikat kinerja")
    ws.cell(r + 1, _col_k(13), footer["predikat_kinerja"])
    ws.cell(r + 2, 1, f"Faktor pendorong: {footer['faktor_pendorong'] or '—'}")
    ws.cell(r + 3, 1, f"Faktor penghambat: {footer['faktor_penghambat'] or '—'}")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class Command(RenjaCommand):
    help = (
        "Realisasi triwulanan (Formulir E.81): impor lembar E.81 (XLSX) ke Renja tersimpan — layanan yang sama "
        "dengan unggahan di web — atau ekspor tabel E.81 satu triwulan sebagai XLSX (dapat diimpor kembali) "
        "atau JSON."
    )
    epilog = EPILOG

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="aksi", required=True, metavar="import|export")
        imp = sub.add_parser(
            "import",
            help="impor realisasi dari lembar E.81 (XLSX)",
            description="Impor setiap sel triwulan yang terisi (K tiap indikator, Rp tiap baris tanpa rincian) "
            "dalam satu transaksi; --dry-run membatalkannya dan hanya melaporkan.",
        )
        imp.add_argument("path", metavar="BERKAS", help="buku kerja E.81 (.xlsx)")
        add_renja_arguments(imp)
        imp.add_argument("--dry-run", action="store_true", help="uji coba: laporkan tanpa menyimpan")
        imp.add_argument("--json", action="store_true", help="laporan dalam JSON (untuk mesin)")
        imp.add_argument(
            "--sebagai",
            metavar="NAMA",
            help="pengisi (perencana PD itu; perannya diperiksa). Bawaan: operator server, dicatat 'sistem'",
        )
        exp = sub.add_parser("export", help="ekspor tabel E.81 satu triwulan (XLSX atau JSON)")
        add_renja_arguments(exp)
        exp.add_argument("--triwulan", type=int, choices=[1, 2, 3, 4], help="bawaan: triwulan terakhir yang terisi")
        exp.add_argument("--format", choices=["xlsx", "json"], default="json", help="bawaan: json")
        exp.add_argument("--output", "-o", metavar="BERKAS", help="berkas tujuan; '-' atau kosong = layar (json saja)")

    def handle(self, *args: Any, **opts: Any) -> None:
        renja = resolve_renja(pd=opts["pd"], tahun=opts["tahun"], tahapan=opts["tahapan"], versi=opts["versi"])
        try:
            if opts["aksi"] == "import":
                self._import(renja, opts)
            else:
                self._export(renja, opts)
        except RenjaError as exc:
            raise CommandError(exc.message) from exc

    def _import(self, renja: Any, opts: dict[str, Any]) -> None:
        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        actor = resolve_user(opts["sebagai"]) if opts.get("sebagai") else None
        report = e81_xlsx_import(
            renja=renja,
            data=path.read_bytes(),
            filename=path.name,
            dry_run=opts["dry_run"],
            actor=actor,
            source=Source.CLI,
        )
        self.stdout.write(dumps(report.to_dict()) if opts["json"] else report.render_text())
        if report.errors:
            raise CommandError(f"Laporan impor memuat {report.errors} error (status keluar 1).")

    def _export(self, renja: Any, opts: dict[str, Any]) -> None:
        triwulan = opts["triwulan"] or triwulan_terakhir(renja)
        data = e81_dict(e81_table(renja, triwulan), renja)
        out = opts["output"]
        if opts["format"] == "xlsx":
            if not out or out == "-":
                raise CommandError("Format xlsx adalah berkas biner: beri --output BERKAS.xlsx.", returncode=2)
            content = e81_workbook(data)
        else:
            content = (dumps(data) + "\n").encode("utf-8")
        if not out or out == "-":
            self.stdout.write(content.decode("utf-8").rstrip("\n"))
            return
        path = Path(out)
        if not path.parent.exists():
            raise CommandError(f"Folder {path.parent} tidak ada; buat dulu atau pilih --output lain.")
        path.write_bytes(content)
        self.stderr.write(f"E.81 triwulan {triwulan} {renja} ditulis ke {path}")
