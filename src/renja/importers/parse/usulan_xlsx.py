"""Read a workbook of community proposals (usulan Musrenbang/pokir): the columns of Tabel 2.5 (No,
Desa/Kelurahan, Kecamatan, Usulan kegiatan, Pagu usulan, Pagu rekomendasi, Keterangan) plus Lokasi, Volume,
Satuan, Sumber (ASMAS/POKIR) and Pengusul, in any order, recognised by their names in a header row.

The first sheet with a header row (a cell naming the kegiatan and one naming the desa or kecamatan, within the
first `MAX_HEADER_ROWS` rows) is read; a row of printed column numbers (1, 2, 3 …) under the header is skipped,
and reading stops at a "Jumlah"/"Total" row. Every value keeps its raw text and position (sheet, row, column).

Pure: no Django. Never raises on data; a file that cannot be read raises `UsulanFormatError` with a message in
Bahasa Indonesia. Size-limited: the file, its uncompressed content and the rows read.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from renja.importers.numbers import finding_for, parse_number
from renja.importers.parse.model import Finding, Loc, Value
from renja.importers.parse.xlsx import cell_text, open_workbook

MAX_HEADER_ROWS = 30
MAX_DATA_ROWS = 20_000

# column key -> the header names that mean it (normalised: lower case, no parenthesised part, single spaces)
KOLOM: dict[str, tuple[str, ...]] = {
    "no": ("no", "nomor", "no urut"),
    "desa": ("desa/kelurahan", "desa / kelurahan", "desa", "kelurahan", "desa/kel", "nama desa"),
    "kecamatan": ("kecamatan", "kec", "alamat"),
    "kegiatan": ("usulan kegiatan", "kegiatan", "usulan", "uraian kegiatan", "usulan program/kegiatan"),
    "pagu_usulan": ("pagu usulan", "usulan pagu", "pagu"),
    "pagu_rekomendasi": ("pagu rekomendasi", "rekomendasi pagu", "rekomendasi"),
    "keterangan": ("keterangan", "ket"),
    "lokasi": ("lokasi", "lokasi detail", "alamat lokasi"),
    "volume": ("volume", "vol"),
    "satuan": ("satuan",),
    "sumber": ("sumber", "sumber usulan", "jenis usulan", "asal usulan"),
    "pengusul": ("pengusul", "nama pengusul", "diusulkan oleh"),
}
JUDUL = {
    "no": "No",
    "desa": "Desa/Kelurahan",
    "kecamatan": "Kecamatan",
    "kegiatan": "Usulan kegiatan",
    "pagu_usulan": "Pagu usulan",
    "pagu_rekomendasi": "Pagu rekomendasi",
    "keterangan": "Keterangan",
    "lokasi": "Lokasi",
    "volume": "Volume",
    "satuan": "Satuan",
    "sumber": "Sumber (ASMAS/POKIR)",
    "pengusul": "Pengusul",
}
TEMPLATE_KOLOM = tuple(JUDUL)
_SUMBER = {"asmas": "asmas", "aspirasi masyarakat": "asmas", "musrenbang": "asmas", "pokir": "pokir"}
_FOOTER = re.compile(r"^(jumlah|total|jumlah total)\b", re.IGNORECASE)

KOLOM_KOSONG = "KOLOM_WAJIB_KOSONG"
SUMBER_TIDAK_DIKENAL = "SUMBER_TIDAK_DIKENAL"


class UsulanFormatError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class UsulanXlsxRow:
    loc: Loc
    nomor: str
    desa: str
    kecamatan: str
    kegiatan: str
    pagu_usulan: Value
    pagu_rekomendasi: Value
    volume: Value
    satuan: str = ""
    lokasi: str = ""
    sumber: str = "asmas"
    sumber_teks: str = ""
    pengusul: str = ""
    keterangan: str = ""
    raw: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedUsulanXlsx:
    sheet: str
    header_row: int
    kolom: dict[str, str]  # key -> column letter
    rows: tuple[UsulanXlsxRow, ...]
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")


_text = cell_text


def _norm_header(text: str) -> str:
    t = re.sub(r"\([^)]*\)", " ", text.lower())
    t = t.replace(".", " ").replace(":", " ")
    return " ".join(t.split())


def _col_letter(idx: int) -> str:
    out = ""
    n = idx + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _open(data: bytes, nama: str, max_bytes: int) -> Any:
    return open_workbook(
        data,
        nama,
        max_bytes,
        UsulanFormatError,
        saran_besar="Pecah berkas per kecamatan, atau minta admin menaikkan RENJA_MAX_IMPORT_BYTES.",
    )


def _header(row: Sequence[object]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for c, value in enumerate(row):
        h = _norm_header(_text(value))
        if not h:
            continue
        for key, names in KOLOM.items():
            if key not in found and h in names:
                found[key] = c
                break
    if "kegiatan" in found and ("desa" in found or "kecamatan" in found):
        return found
    return None


def _is_number_row(texts: Sequence[str]) -> bool:
    filled = [t for t in texts if t]
    return len(filled) >= 3 and all(re.fullmatch(r"\d{1,2}", t) for t in filled)


def parse_usulan_xlsx(data: bytes, *, nama: str = "usulan.xlsx", max_bytes: int = 10_000_000) -> ParsedUsulanXlsx:
    wb = _open(data, nama, max_bytes)
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header: dict[str, int] | None = None
            header_row = 0
            for r, row in enumerate(rows, start=1):
                if r > MAX_HEADER_ROWS:
                    break
                header = _header(row)
                if header is not None:
                    header_row = r
                    break
            if header is None:
                continue
            return _read(ws.title, header, header_row, rows)
    finally:
        wb.close()
    raise UsulanFormatError(
        f"Tidak ada baris judul kolom usulan di {nama}. Baris judul harus memuat kolom 'Usulan kegiatan' dan "
        "'Desa/Kelurahan' atau 'Kecamatan' (lihat `renja usulan template`)."
    )


def _read(sheet: str, header: dict[str, int], header_row: int, rows: Any) -> ParsedUsulanXlsx:
    findings: list[Finding] = []
    out: list[UsulanXlsxRow] = []
    table = f"lembar {sheet}"
    n = 0
    for r, row in enumerate(rows, start=header_row + 1):
        texts = [_text(v) for v in row]
        if not any(texts):
            continue
        if _is_number_row(texts):
            continue
        raw = {k: (texts[c] if c < len(texts) else "") for k, c in header.items()}
        first = raw.get("no") or raw.get("desa") or ""
        if _FOOTER.match(first) or (not raw.get("kegiatan") and _FOOTER.match(" ".join(texts).strip())):
            break
        n += 1
        if n > MAX_DATA_ROWS:
            findings.append(
                Finding(
                    kode="TERLALU_BANYAK_BARIS",
                    severity="error",
                    pesan=f"{table}: lebih dari {MAX_DATA_ROWS:,} baris usulan; pecah berkas.",
                    loc=Loc(line=r, table=table),
                )
            )
            break

        def loc(key: str, r: int = r, n: int = n) -> Loc:
            col = header.get(key)
            letter = _col_letter(col) if col is not None else ""
            return Loc(line=r, table=table, row=n, column=f"{JUDUL[key]} ({letter}{r})" if letter else JUDUL[key])

        def number(key: str, money: bool, konteks: str, raw: dict[str, str] = raw, loc: Any = loc) -> Value:
            text = raw.get(key, "")
            where = loc(key)
            result = parse_number(text, money=money)
            f = finding_for(result, where, konteks=konteks)
            if f is not None:
                findings.append(f)
            if result.value is not None and result.value < 0:
                findings.append(
                    Finding(
                        kode="ANGKA_NEGATIF",
                        severity="error",
                        pesan=f"{where.label()}: {JUDUL[key]} '{text}' negatif; isi angka 0 atau lebih.",
                        loc=where,
                        teks=text,
                    )
                )
                return Value(teks=text, nilai=None, loc=where)
            return Value(teks=text, nilai=result.value, satuan=result.unit, loc=where)

        kegiatan = raw.get("kegiatan", "")
        konteks = f"usulan '{kegiatan[:60]}'" if kegiatan else ""
        if not kegiatan:
            findings.append(
                Finding(
                    kode=KOLOM_KOSONG,
                    severity="error",
                    pesan=f"{loc('kegiatan').label()}: usulan kegiatan kosong; isi uraian kegiatan atau hapus baris.",
                    loc=loc("kegiatan"),
                )
            )
        if not (raw.get("desa") or raw.get("kecamatan")):
            findings.append(
                Finding(
                    kode=KOLOM_KOSONG,
                    severity="peringatan",
                    pesan=f"{loc('desa').label()}: desa/kelurahan dan kecamatan kosong; usulan dicatat tanpa lokasi.",
                    loc=loc("desa"),
                )
            )
        sumber_teks = raw.get("sumber", "")
        sumber = "asmas"
        if sumber_teks:
            key = _norm_header(sumber_teks)
            hit = _SUMBER.get(key) or next((v for k, v in _SUMBER.items() if key.startswith(k)), None)
            if hit is None:
                findings.append(
                    Finding(
                        kode=SUMBER_TIDAK_DIKENAL,
                        severity="error",
                        pesan=f"{loc('sumber').label()}: sumber '{sumber_teks}' tidak dikenal; isi ASMAS atau POKIR.",
                        loc=loc("sumber"),
                        teks=sumber_teks,
                        saran="ASMAS = aspirasi masyarakat (Musrenbang); POKIR = pokok pikiran DPRD.",
                    )
                )
            else:
                sumber = hit
        out.append(
            UsulanXlsxRow(
                loc=Loc(line=r, table=table, row=n),
                nomor=raw.get("no", "").rstrip("."),
                desa=raw.get("desa", ""),
                kecamatan=raw.get("kecamatan", ""),
                kegiatan=kegiatan,
                pagu_usulan=number("pagu_usulan", True, konteks),
                pagu_rekomendasi=number("pagu_rekomendasi", True, konteks),
                volume=number("volume", False, konteks),
                satuan=raw.get("satuan", ""),
                lokasi=raw.get("lokasi", ""),
                sumber=sumber,
                sumber_teks=sumber_teks,
                pengusul=raw.get("pengusul", ""),
                keterangan=raw.get("keterangan", ""),
                raw=raw,
            )
        )
    return ParsedUsulanXlsx(
        sheet=sheet,
        header_row=header_row,
        kolom={k: _col_letter(c) for k, c in header.items()},
        rows=tuple(out),
        findings=tuple(findings),
    )


def template_xlsx() -> bytes:
    """An empty workbook with the header row of the import (and one example row)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Usulan"
    ws.append([JUDUL[k] for k in TEMPLATE_KOLOM])
    ws.append(
        [
            "1",
            "Tanjung",
            "Bendo",
            "Pengerasan jalan desa penghubung Tanjung–Bulak",
            "300.000.000",
            "",
            "",
            "Dusun Krajan RT 01/RW 02",
            "1",
            "paket",
            "ASMAS",
            "Pemerintah Desa Tanjung",
        ]
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
