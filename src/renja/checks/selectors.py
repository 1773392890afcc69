"""Where the checker runs: on a document file without storing it, on a stored Renja, and inside the importer's
report. Each entry point turns its source into the neutral input model (`rules.model.DokumenCek`), builds the
master-data lookups, runs `rules.periksa.periksa`, and returns the one `HasilPeriksa` every interface renders.

Nothing here writes: the curated nomenclature, when the database lacks it, is loaded inside a transaction
that is rolled back (`lookups.nomenklatur_lookup`).
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from renja.checks.docx import docx_ke_teks
from renja.checks.loader import renja_dokumen
from renja.checks.lookups import nomenklatur_lookup, wilayah_lookup
from renja.checks.rules.dari_json import JsonTidakSah, dari_json
from renja.checks.rules.dari_tata_letak import gabung, lengkapi
from renja.checks.rules.dari_teks import PosisiFn, dari_parsed, tabel_rencana
from renja.checks.rules.dari_xlsx import dari_workbook
from renja.checks.rules.lookup import NomenklaturLookup, WilayahLookup
from renja.checks.rules.periksa import HasilPeriksa, periksa
from renja.core.errors import RenjaError
from renja.core.text import try_canonical_code
from renja.documents.layouts import LayoutError, TabelLayout, parse_layouts, shipped_layouts
from renja.importers.parse.model import Finding, Loc, ParsedRenja
from renja.importers.parse.plan_xlsx import PlanWorkbookError, parse_plan_workbook
from renja.importers.parse.renja_text import parse_renja_text
from renja.importers.report import ImportReport
from renja.master.nomenklatur import BUILTIN_VERSI_KODE
from renja.plans.models import Renja

__all__ = [
    "FORMAT_DIDUKUNG",
    "check_document",
    "check_parsed",
    "check_path",
    "check_renja",
    "import_report_add_checks",
    "renja_findings",
]

FORMAT_DIDUKUNG = {".txt": "teks", ".text": "teks", "": "teks", ".docx": "docx", ".json": "json", ".xlsx": "xlsx"}


def _decode(data: bytes, filename: str) -> str:
    limit = settings.RENJA_MAX_IMPORT_BYTES
    if len(data) > limit:
        raise RenjaError(
            f"Berkas {filename} berukuran {len(data):,} byte, melebihi batas {limit:,} byte. "
            "Pecah dokumen atau naikkan RENJA_MAX_IMPORT_BYTES."
        )
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise RenjaError(f"Berkas {filename} bukan teks yang bisa dibaca (UTF-8). Simpan ulang sebagai teks UTF-8.")


def _bidang(parsed: ParsedRenja) -> str:
    for ev in parsed.evaluasi:
        code = (try_canonical_code(ev.kode) or "") if ev.kode else ""
        parts = code.split(".")
        if len(parts) >= 2 and parts[0].isdigit():
            return ".".join(parts[:2])
    return ""


def _wilayah(pemda_kode: str | None, pemda_nama: str) -> WilayahLookup | None:
    return wilayah_lookup(pemda_kode=pemda_kode or "", pemda_nama=pemda_nama)


def check_parsed(
    parsed: ParsedRenja,
    text: str,
    *,
    nama: str,
    format: str = "teks",
    posisi: PosisiFn | None = None,
    pemda_kode: str | None = None,
    bidang_kode: str | None = None,
) -> HasilPeriksa:
    """Check a parsed document (its text is needed to place the prose on its lines)."""
    bidang = bidang_kode or _bidang(parsed) or None
    lookup: NomenklaturLookup | None = nomenklatur_lookup(BUILTIN_VERSI_KODE, bidang)
    doc, awal = dari_parsed(
        parsed, text, nama=nama, nomenklatur=lookup, format=format, posisi=posisi, bidang_kode=bidang or ""
    )
    return periksa(doc, nomenklatur=lookup, wilayah=_wilayah(pemda_kode, parsed.pemda), temuan_awal=awal)


def check_document(*, data: bytes, filename: str, pemda_kode: str | None = None) -> HasilPeriksa:
    """Check a document file without storing it: the text form (.txt), a Word document with real tables (.docx),
    the canonical JSON export (.json) or the product's XLSX workbook (.xlsx, its plan sheet). Raises RenjaError
    (Bahasa Indonesia) for what it cannot read."""
    suffix = Path(filename).suffix.lower()
    kind = FORMAT_DIDUKUNG.get(suffix)
    if kind is None:
        raise RenjaError(
            f"Jenis berkas {suffix} belum didukung pemeriksa. Yang didukung: .txt (teks dokumen Renja hasil "
            "konversi PDF), .docx (Word dengan tabel), .json (ekspor Renja) dan .xlsx (buku kerja ekspor Renja)."
        )
    if kind == "json":
        try:
            payload = json.loads(_decode(data, filename), parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise RenjaError(f"Berkas {filename} bukan JSON yang sah (baris {exc.lineno}: {exc.msg}).") from exc
        kode_pd = str((payload.get("perangkat_daerah") or {}).get("kode") or "") if isinstance(payload, dict) else ""
        bidang = ".".join(kode_pd.split(".")[:2]) if kode_pd else None
        versi = str(payload.get("nomenklatur_versi") or BUILTIN_VERSI_KODE) if isinstance(payload, dict) else ""
        lookup = nomenklatur_lookup(versi, bidang) or nomenklatur_lookup(BUILTIN_VERSI_KODE, bidang)
        try:
            doc = dari_json(payload, nama=filename, nomenklatur=lookup)
        except JsonTidakSah as exc:
            raise RenjaError(str(exc)) from exc
        return periksa(doc, nomenklatur=lookup, wilayah=_wilayah(pemda_kode or doc.pemda_kode, doc.pemda))
    if kind == "xlsx":
        try:
            workbook = parse_plan_workbook(data, filename=filename)
        except PlanWorkbookError as exc:
            raise RenjaError(str(exc)) from exc
        bidang = ".".join(workbook.pd_kode.split(".")[:2]) if workbook.pd_kode else None
        lookup = nomenklatur_lookup(BUILTIN_VERSI_KODE, bidang)
        doc, awal = dari_workbook(workbook, nama=filename, nomenklatur=lookup)
        return periksa(doc, nomenklatur=lookup, temuan_awal=awal)
    if kind == "docx":
        return _check_docx(data, filename, pemda_kode)
    text = _decode(data, filename)
    return check_parsed(parse_renja_text(text), text, nama=filename, pemda_kode=pemda_kode)


def _layouts() -> list[TabelLayout]:
    """The official layouts the DOCX export writes: the pemda's own `tabel.toml` first (when it has one and it
    can be read), then the shipped ones."""
    out = list(shipped_layouts().tabel)
    custom = Path(settings.RENJA_HOME) / "templates" / "dokumen" / "tabel.toml"
    if custom.is_file():
        # a broken file: the export refuses it too; the shipped layouts still apply
        with contextlib.suppress(LayoutError, OSError, UnicodeDecodeError):
            out = list(parse_layouts(custom.read_text(encoding="utf-8"), sumber=str(custom)).tabel) + out
    return out


def _check_docx(data: bytes, filename: str, pemda_kode: str | None) -> HasilPeriksa:
    """A Word document: its tables in an official layout (the product's own export) read cell by cell, the rest
    (prose and hand-made tables) through the text parser."""
    converted = docx_ke_teks(data, filename, _layouts())
    parsed = parse_renja_text(converted.teks)
    g = gabung(parsed, converted.tabel)
    parsed = g.parsed
    bidang = _bidang(parsed) or None
    lookup = nomenklatur_lookup(BUILTIN_VERSI_KODE, bidang)
    posisi = converted.posisi_baris
    doc, awal = dari_parsed(
        parsed,
        converted.teks,
        nama=filename,
        nomenklatur=lookup,
        format="docx",
        posisi=posisi,
        bidang_kode=bidang or "",
    )
    n = parsed.tahun
    lain = [
        tabel_rencana(f"{t.nama} ({t.layout.kode})", rows, (n, n + 1) if n else (), totals, lookup, posisi)
        for t, rows, totals in g.lain
        if rows
    ]
    doc = lengkapi(doc, g, lain)
    return periksa(doc, nomenklatur=lookup, wilayah=_wilayah(pemda_kode, parsed.pemda), temuan_awal=awal)


def check_path(path: Path, *, pemda_kode: str | None = None) -> HasilPeriksa:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise RenjaError(f"Berkas {path} tidak ada. Periksa nama dan folder berkasnya.") from exc
    except OSError as exc:
        raise RenjaError(f"Berkas {path} tidak bisa dibaca ({exc.strerror or exc}).") from exc
    return check_document(data=data, filename=path.name, pemda_kode=pemda_kode)


def check_renja(renja: Renja) -> HasilPeriksa:
    """Check a stored Renja (with its Tabel 2.4 versions, Renstra and usulan when it is the year's main version)."""
    versi = renja.nomenklatur_versi.kode if renja.nomenklatur_versi_id and renja.nomenklatur_versi else None
    bidang = renja.perangkat_daerah.bidang_kode or None
    lookup = nomenklatur_lookup(versi or BUILTIN_VERSI_KODE, bidang)
    doc, awal = renja_dokumen(renja, nomenklatur=lookup)
    return periksa(
        doc,
        nomenklatur=lookup,
        wilayah=wilayah_lookup(pemda_kode=doc.pemda_kode, pemda_nama=doc.pemda),
        temuan_awal=awal,
    )


def import_report_add_checks(
    report: ImportReport, parsed: ParsedRenja, text: str, *, pemda_kode: str | None = None
) -> HasilPeriksa:
    """Add the checker's findings on an imported document to its import report: those the parser and the
    importer did not already report at the same line (the parser's own findings are in the report already)."""
    hasil = check_parsed(parsed, text, nama=report.berkas, pemda_kode=pemda_kode)
    parser_codes: Counter[tuple[str, int | None]] = Counter((f.kode, f.loc.line) for f in parsed.findings)
    already: Counter[tuple[str, int | None]] = Counter((t["kode"], t["baris_dokumen"]) for t in report.temuan)
    already.subtract(parser_codes)
    added = 0
    for t in hasil.temuan:
        key = (t.kode, t.lokasi.baris_dokumen)
        if parser_codes[key] > 0:
            parser_codes[key] -= 1
            continue
        if already[key] > 0:
            already[key] -= 1
            continue
        lok = t.lokasi
        report.add(
            Finding(
                kode=t.kode,
                severity=t.severity,
                pesan=t.pesan,
                loc=Loc(line=lok.baris_dokumen or 0, table=lok.tabel or lok.bab, row=lok.baris_tabel, column=lok.kolom),
                teks=t.teks,
                diharapkan=t.diharapkan,
                ditemukan=t.ditemukan,
                saran=t.saran,
            )
        )
        added += 1
    report.ringkasan["pemeriksaan"] = {"temuan_ditambahkan": added, "kelengkapan": _checklist_summary(hasil)}
    return hasil


@dataclass(frozen=True)
class TemuanTeks:
    """A finding flattened to text, for renderers that print a list (the `Temuan` sheet of the XLSX export)."""

    kode: str
    severity: str
    pesan: str
    lokasi: str
    saran: str
    tautan: str


def renja_findings(renja: Renja) -> list[TemuanTeks]:
    """The checker's findings on a stored Renja, flattened (used by `renja.documents` when it is installed)."""
    return [
        TemuanTeks(t.kode, t.severity, t.pesan, t.lokasi.label(), t.saran, t.lokasi.tautan)
        for t in check_renja(renja).temuan
    ]


def _checklist_summary(hasil: HasilPeriksa) -> dict[str, int]:
    return dict(Counter(b.status for b in hasil.kelengkapan))
