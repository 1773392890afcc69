"""Read the plan sheet (T-C.33) of a workbook that `renja export --format xlsx` wrote, after offline edits.

Pure: bytes → `ParsedPlanWorkbook` (rows with their indicators, every value with its Excel position), no
Django. The hidden `_renja` sheet says which Renja the workbook belongs to, which sheet is the plan and which
column holds what; the numbered header row ("1 2 3 …") is checked against it, so a moved or deleted column is
reported, not misread. A numeric cell's satuan is the literal suffix of its number format (`#,##0" Dokumen"`);
a cell typed as text ("5 Dokumen", "1.250.000") is read by `renja.importers.numbers`.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import load_workbook

from renja.importers.numbers import finding_for, parse_number
from renja.importers.parse.model import Finding, Loc, Value

FORMAT = "renja-xlsx/1"
META_SHEET = "_renja"
REQUIRED_KEYS = ("kode", "uraian", "indikator", "target_n", "pagu_n", "target_n1", "pagu_n1")
_SUFFIX = re.compile(r'"([^"]*)"\s*$')


class PlanWorkbookError(ValueError):
    """The workbook cannot be read as a Renja plan workbook; the message says why and what to do."""


@dataclass(frozen=True)
class SheetIndikator:
    nama: str
    target_n: Value | None
    target_n1: Value | None
    loc: Loc


@dataclass(frozen=True)
class SheetRow:
    kode: str
    uraian: str
    lokasi: str
    sumber_dana: str
    catatan: str
    pagu_n: Value | None
    pagu_n1: Value | None
    indikator: tuple[SheetIndikator, ...]
    loc: Loc


@dataclass(frozen=True)
class ParsedPlanWorkbook:
    meta: dict[str, str]
    sheet: str
    tahun: int
    pemda_kode: str
    pd_kode: str
    tahapan: str
    versi: int
    rows: tuple[SheetRow, ...]
    findings: tuple[Finding, ...] = field(default_factory=tuple)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        try:
            return Decimal(repr(value))
        except InvalidOperation:  # pragma: no cover - repr of a float is always a Decimal
            return None
    return None


def satuan_of_format(number_format: str) -> str:
    """`#,##0" Dokumen"` → `Dokumen`; `#,##0.0"%"` → `%`; `"Rp "#,##0` → `` (a prefix is no satuan)."""
    m = _SUFFIX.search(number_format or "")
    return m.group(1).strip() if m else ""


class _Reader:
    def __init__(self, sheet: str, findings: list[Finding], cached: Any) -> None:
        self.sheet = sheet
        self.findings = findings
        self.cached = cached  # a data_only copy of the sheet, read only when a formula is met

    def loc(self, row: int, column: str = "") -> Loc:
        return Loc(line=row, table=f"lembar {self.sheet}", column=column)

    def value(self, cell: Any, *, money: bool, column: str, konteks: str) -> Value | None:
        raw = cell.value
        row = cell.row
        loc = self.loc(row, column)
        if isinstance(raw, str) and raw.startswith("="):
            cached = self.cached()[cell.coordinate].value if self.cached() is not None else None
            if cached is None:
                self.findings.append(
                    Finding(
                        kode="RUMUS_TANPA_NILAI",
                        severity="error",
                        pesan=f"{loc.label()} ({konteks}): sel berisi rumus {raw} tanpa nilai tersimpan.",
                        loc=loc,
                        teks=raw,
                        saran="Buka dan simpan buku kerja di Excel/LibreOffice agar nilainya tersimpan, atau ketik "
                        "angkanya langsung.",
                    )
                )
                return Value(teks=raw, nilai=None, loc=loc)
            raw = cached
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        number = _decimal(raw)
        if number is not None:
            satuan = satuan_of_format(cell.number_format)
            if money and number != number.to_integral_value():
                self.findings.append(
                    Finding(
                        kode="RUPIAH_PECAHAN",
                        severity="error",
                        pesan=f"{loc.label()} ({konteks}): pagu {raw} bukan rupiah bulat.",
                        loc=loc,
                        teks=str(raw),
                        saran="Pagu ditulis dalam rupiah bulat, tanpa sen.",
                    )
                )
                return Value(teks=str(raw), nilai=None, loc=loc)
            return Value(
                teks="", nilai=number.normalize() if not money else Decimal(int(number)), satuan=satuan, loc=loc
            )
        text = str(raw).strip()
        parsed = parse_number(text, money=money)
        finding = finding_for(parsed, loc, konteks=konteks)
        if finding is not None:
            self.findings.append(finding)
        return Value(teks=text, nilai=parsed.value, satuan=parsed.unit, loc=loc)


def _open(data: bytes, filename: str) -> Any:
    try:
        return load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise PlanWorkbookError(
            f"{filename} bukan buku kerja Excel (.xlsx) yang dapat dibaca ({exc}). Simpan ulang sebagai .xlsx."
        ) from exc


def _meta(wb: Any, filename: str) -> dict[str, str]:
    if META_SHEET not in wb.sheetnames:
        raise PlanWorkbookError(
            f"{filename} tidak memuat lembar tersembunyi '{META_SHEET}': buku kerja ini bukan hasil "
            "`renja export --format xlsx` (atau lembar itu terhapus). Ekspor ulang, lalu salin perubahan Anda "
            "ke buku kerja yang baru."
        )
    meta: dict[str, str] = {}
    for key, value, *_ in wb[META_SHEET].iter_rows(values_only=True):
        if key:
            meta[str(key)] = _text(value)
    if meta.get("format") != FORMAT:
        raise PlanWorkbookError(
            f"{filename}: format lembar '{META_SHEET}' adalah '{meta.get('format', '')}', bukan {FORMAT}. "
            "Ekspor ulang dengan versi Renja ini."
        )
    for key in ("tahun", "pd_kode", "pemda_kode", "tahapan", "versi", "lembar_rencana", "kolom_rencana"):
        if not meta.get(key):
            raise PlanWorkbookError(f"{filename}: lembar '{META_SHEET}' tidak memuat '{key}'. Ekspor ulang.")
    return meta


def _columns(ws: Any, meta: dict[str, str], first: int, findings: list[Finding], sheet: str) -> dict[str, int]:
    """key → 1-based column, from the numbered header row (the row above the first data row)."""
    keys = meta["kolom_rencana"].split(",")
    nomor = meta.get("nomor_kolom_rencana", "").split(",")
    expected = dict(zip(nomor, keys, strict=False)) if len(nomor) == len(keys) else {}
    printed = [_text(c.value) for c in ws[first - 1]] if first > 1 else []
    mapping: dict[str, int] = {}
    if expected and printed:
        for col, number in enumerate(printed, start=1):
            key = expected.get(number)
            if key and key not in mapping:
                mapping[key] = col
        if [mapping.get(k) for k in keys] != list(range(1, len(keys) + 1)):
            findings.append(
                Finding(
                    kode="KOLOM_BERGESER",
                    severity="peringatan",
                    pesan=f"lembar {sheet}: urutan kolom berbeda dari ekspor; kolom dibaca menurut nomor kolom di "
                    f"baris {first - 1}.",
                    loc=Loc(line=first - 1, table=f"lembar {sheet}"),
                    saran="Periksa bahwa setiap kolom masih di bawah nomor kolomnya.",
                )
            )
    else:
        mapping = {k: i for i, k in enumerate(keys, start=1)}
    missing = [k for k in REQUIRED_KEYS if k not in mapping]
    if missing:
        raise PlanWorkbookError(
            f"lembar {sheet}: kolom {', '.join(missing)} tidak ditemukan di baris nomor kolom (baris {first - 1}). "
            "Kembalikan kolom yang terhapus atau ekspor ulang."
        )
    return mapping


def parse_plan_workbook(data: bytes, *, filename: str = "buku.xlsx") -> ParsedPlanWorkbook:
    """Read the plan sheet. Raises PlanWorkbookError when the file is not a Renja workbook; problems in cells
    become findings with their position."""
    wb = _open(data, filename)
    meta = _meta(wb, filename)
    sheet = meta["lembar_rencana"]
    if sheet not in wb.sheetnames:
        raise PlanWorkbookError(f"{filename}: lembar rencana '{sheet}' tidak ada (terhapus atau berganti nama).")
    ws = wb[sheet]
    try:
        first = int(meta.get("baris_data_pertama") or 0)
        tahun = int(meta["tahun"])
        versi = int(meta["versi"])
    except ValueError as exc:
        raise PlanWorkbookError(f"{filename}: isian lembar '{META_SHEET}' rusak ({exc}). Ekspor ulang.") from exc
    findings: list[Finding] = []
    cols = _columns(ws, meta, first, findings, sheet)
    cache: dict[str, Any] = {}

    def cached() -> Any:
        if "ws" not in cache:
            cache["ws"] = load_workbook(io.BytesIO(data), data_only=True)[sheet]
        return cache["ws"]

    reader = _Reader(sheet, findings, cached)
    rows: list[SheetRow] = []
    current: dict[str, Any] | None = None
    indikator: list[SheetIndikator] = []

    def close() -> None:
        nonlocal current, indikator
        if current is not None:
            rows.append(SheetRow(indikator=tuple(indikator), **current))
        current, indikator = None, []

    def text(r: int, key: str) -> str:
        col = cols.get(key)
        return _text(ws.cell(row=r, column=col).value) if col else ""

    for r in range(first, ws.max_row + 1):
        cells = {k: ws.cell(row=r, column=c) for k, c in cols.items()}
        first_text = _text(ws.cell(row=r, column=1).value).upper()
        if first_text == "JUMLAH":
            break
        if all(c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in cells.values()):
            continue
        kode, uraian = text(r, "kode"), text(r, "uraian")
        ind_nama = text(r, "indikator")
        label = kode or uraian or (current["kode"] or current["uraian"] if current else "")
        tn = reader.value(
            cells["target_n"], money=False, column=_col(cols, "target_n"), konteks=f"target {tahun} '{label}'"
        )
        tn1 = reader.value(
            cells["target_n1"], money=False, column=_col(cols, "target_n1"), konteks=f"target {tahun + 1} '{label}'"
        )
        if kode or uraian:
            close()
            current = {
                "kode": kode,
                "uraian": uraian,
                "lokasi": text(r, "lokasi"),
                "sumber_dana": text(r, "sumber_dana"),
                "catatan": text(r, "catatan"),
                "pagu_n": reader.value(
                    cells["pagu_n"], money=True, column=_col(cols, "pagu_n"), konteks=f"pagu {tahun} '{label}'"
                ),
                "pagu_n1": reader.value(
                    cells["pagu_n1"], money=True, column=_col(cols, "pagu_n1"), konteks=f"pagu {tahun + 1} '{label}'"
                ),
                "loc": reader.loc(r),
            }
        elif current is None:
            findings.append(
                Finding(
                    kode="BARIS_TANPA_INDUK",
                    severity="error",
                    pesan=f"{reader.loc(r).label()}: baris indikator tanpa kode dan uraian di atasnya; diabaikan.",
                    loc=reader.loc(r),
                    teks=ind_nama,
                    saran="Isi kode dan uraian baris rencana, atau hapus baris ini.",
                )
            )
            continue
        if ind_nama or tn is not None or tn1 is not None:
            indikator.append(SheetIndikator(nama=ind_nama, target_n=tn, target_n1=tn1, loc=reader.loc(r)))
    close()
    return ParsedPlanWorkbook(
        meta=meta,
        sheet=sheet,
        tahun=tahun,
        pemda_kode=meta["pemda_kode"],
        pd_kode=meta["pd_kode"],
        tahapan=meta["tahapan"],
        versi=versi,
        rows=tuple(rows),
        findings=tuple(findings),
    )


def _col(cols: dict[str, int], key: str) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(cols[key]))
