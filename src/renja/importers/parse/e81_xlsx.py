"""Read a workbook in the layout of Formulir E.81 (Permendagri 86/2017): quarterly realisation per row.

The sheet is recognised by its row of column numbers (1, 2, 3, 4, … 17, as printed under the header) and,
when present, the row that splits columns 5–15 into K (kinerja) and Rp (anggaran). Without a K/Rp row, a
number that spans two columns is taken as K then Rp. Data rows follow: column 3 holds the program/kegiatan (its
code first, `2.13.04.2.01.0001 Fasilitasi …`), column 4 the indicator; a following row with an empty column 3
and a filled column 4 is another indicator of the same row. Reading stops at the footer ("Rata-rata capaian …").

Some tools write quarterly realisation as a percentage of the annual target (`25 %` = a quarter of the
target). The parser recognises it from a `%` in the header over the quarter columns or in the cells, and marks
those values with `satuan="%"` and `ParsedE81.persen_*`; the apply step converts them (and says so).

Pure: no Django. Never raises on data; a file that is not an E.81 workbook raises `E81FormatError` with a message
in Bahasa Indonesia. Size-limited: the file, its uncompressed content and the rows read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from renja.importers.numbers import RUPIAH_PECAHAN, ParseResult, finding_for, parse_number
from renja.importers.parse.model import Finding, Loc, Value
from renja.importers.parse.xlsx import cell_text, open_workbook

MAX_HEADER_ROWS = 40
MAX_DATA_ROWS = 20_000
MAX_SHEETS = 30
QUARTER_COLUMNS = {1: 8, 2: 9, 3: 10, 4: 11}
_FOOTER = ("rata-rata", "rata rata", "predikat", "faktor pendorong", "faktor penghambat", "tindak lanjut")
_CODE = re.compile(
    r"^\s*((?:\d{1,2}|[Xx]{1,2})(?:\.(?:\d{1,4}|[Xx]{1,2})){1,5})(?=\s|$|[-–.:])[\s\-–.:]*(.*)$", re.DOTALL
)


class E81FormatError(Exception):
    """The file cannot be read as an E.81 workbook; `message` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class E81Indikator:
    loc: Loc
    nama: str
    target: Value | None = None  # column 7 K
    kinerja: dict[int, Value] = field(default_factory=dict)  # quarter 1..4 → value (filled cells only)


@dataclass(frozen=True)
class E81Baris:
    loc: Loc
    kode: str
    uraian: str
    indikator: tuple[E81Indikator, ...] = ()
    pagu: Value | None = None  # column 7 Rp
    anggaran: dict[int, Value] = field(default_factory=dict)  # quarter 1..4 → rupiah (filled cells only)
    unit: str = ""  # column 16
    keterangan: str = ""  # column 17


@dataclass(frozen=True)
class ParsedE81:
    sheet: str
    baris: tuple[E81Baris, ...]
    persen_kinerja: bool  # the header says quarterly K is written as % of the annual target
    persen_anggaran: bool  # … and quarterly Rp as % of the pagu
    findings: tuple[Finding, ...]
    kolom: dict[str, int] = field(default_factory=dict)  # "8K" → 1-based sheet column (the layout found)


_text = cell_text


def _cell(row: Sequence[object], col: int | None) -> object:
    if col is None or col >= len(row):
        return None
    return row[col]


def _open(data: bytes, nama: str, max_bytes: int) -> Any:
    return open_workbook(
        data,
        nama,
        max_bytes,
        E81FormatError,
        saran_besar="Kirim hanya lembar E.81 (tanpa lampiran) atau minta admin menaikkan RENJA_MAX_IMPORT_BYTES.",
        kata_kerja="unggah",
        isi=" untuk satu lembar E.81",
    )


def _number_row(row: Sequence[object]) -> dict[int, int] | None:
    """{column number → 0-based sheet column} when `row` is the row of printed column numbers."""
    nums: dict[int, int] = {}
    for c, value in enumerate(row):
        text = _text(value)
        if re.fullmatch(r"\d{1,2}", text) and 1 <= int(text) <= 17 and int(text) not in nums:
            nums[int(text)] = c
    needed = (1, 2, 3, 4, 8, 9, 10, 11)
    if not all(n in nums for n in needed):
        return None
    positions = [nums[n] for n in sorted(nums)]
    return nums if positions == sorted(positions) else None


def _kr_row(row: Sequence[object]) -> dict[int, str]:
    """{0-based column → "K" or "Rp"} for the cells of a K/Rp header row."""
    out: dict[int, str] = {}
    for c, value in enumerate(row):
        text = _text(value).upper().replace(" ", "")
        if text in {"K", "K(%)", "KINERJA"}:
            out[c] = "K"
        elif text.startswith("RP") or text == "ANGGARAN":
            out[c] = "Rp"
    return out


@dataclass
class _Layout:
    kolom: dict[str, int]  # "3", "4", "7K", "7Rp", "8K", … "16", "17" → 0-based column
    persen_kinerja: bool
    persen_anggaran: bool
    first_data: int  # 0-based index of the first data row


def _layout(rows: Sequence[Sequence[object]]) -> _Layout | None:
    for i, row in enumerate(rows):
        nums = _number_row(row)
        if nums is None:
            continue
        kinds: dict[int, str] = {}
        kr_index = -1
        for j in range(max(0, i - 3), min(len(rows), i + 3)):
            if j == i:
                continue
            found = _kr_row(rows[j])
            if len(found) >= 2:
                kinds, kr_index = found, j
                break
        kolom: dict[str, int] = {str(n): nums[n] for n in (1, 2, 3, 4, 16, 17) if n in nums}
        for n in range(5, 16):
            if n not in nums:
                continue
            start = nums[n]
            following = [nums[m] for m in range(n + 1, 18) if m in nums]
            end = following[0] if following else start + 2
            if kinds:
                for c in range(start, end):
                    kind = kinds.get(c)
                    if kind and f"{n}{kind}" not in kolom:
                        kolom[f"{n}{kind}"] = c
            else:
                kolom[f"{n}K"] = start
                if end - start >= 2:
                    kolom[f"{n}Rp"] = start + 1
        header_rows = rows[: max(i, kr_index) + 1]
        persen = {key: _says_percent(kolom, key, header_rows) for key in ("K", "Rp")}
        return _Layout(kolom, persen["K"], persen["Rp"], max(i, kr_index) + 1)
    return None


def _says_percent(kolom: dict[str, int], key: str, header_rows: Sequence[Sequence[object]]) -> bool:
    """A `%` in the header over the quarter columns of K or Rp: values are written as % of the target/pagu."""
    cols = [kolom[f"{n}{key}"] for n in QUARTER_COLUMNS.values() if f"{n}{key}" in kolom]
    return any("%" in _text(_cell(r, c)) for r in header_rows for c in cols)


def _finding(kode: str, severity: str, pesan: str, loc: Loc, **kw: str) -> Finding:
    return Finding(kode=kode, severity=severity, pesan=pesan, loc=loc, **kw)


def parse_e81_xlsx(data: bytes, *, nama: str = "E.81.xlsx", max_bytes: int = 20 * 1024 * 1024) -> ParsedE81:
    """Read the first sheet of `data` laid out as E.81. Raises E81FormatError when there is none."""
    workbook = _open(data, nama, max_bytes)
    try:
        names = list(workbook.sheetnames)[:MAX_SHEETS]
        for sheet_name in names:
            sheet = workbook[sheet_name]
            rows: list[tuple[object, ...]] = []
            for row in sheet.iter_rows(values_only=True):
                rows.append(tuple(row))
                if len(rows) >= MAX_HEADER_ROWS:
                    break
            layout = _layout(rows)
            if layout is None:
                continue
            return _parse_sheet(sheet, sheet_name, layout, others=[n for n in names if n != sheet_name])
    finally:
        workbook.close()
    raise E81FormatError(
        f"Berkas {nama} tidak memuat lembar bertata letak E.81: baris nomor kolom (1, 2, 3, 4, … 8, 9, 10, 11 …) "
        "tidak ditemukan di 40 baris pertama lembar mana pun. Gunakan format Formulir E.81 Permendagri 86/2017 "
        "dengan baris nomor kolom di bawah judul kolom."
    )


def _parse_sheet(sheet: Any, sheet_name: str, layout: _Layout, *, others: Sequence[str]) -> ParsedE81:
    table = f"E.81 ({sheet_name})"
    findings: list[Finding] = []
    kolom = layout.kolom
    if others:
        findings.append(
            _finding(
                "LEMBAR_LAIN",
                "info",
                f"Yang dibaca lembar '{sheet_name}'; lembar lain ({', '.join(others)}) tidak dibaca.",
                Loc(line=1, table=table),
            )
        )
    if "8Rp" not in kolom:
        findings.append(
            _finding(
                "KOLOM_RP_TIDAK_ADA",
                "peringatan",
                "Kolom Rp (anggaran) triwulan tidak ditemukan (tidak ada baris K/Rp dan nomor kolom tidak "
                "mencakup dua sel); hanya realisasi kinerja yang dibaca.",
                Loc(line=layout.first_data, table=table),
            )
        )
    baris: list[E81Baris] = []
    current: dict[str, Any] | None = None

    def flush() -> None:
        if current is not None:
            baris.append(E81Baris(**{**current, "indikator": tuple(current["indikator"])}))

    data_row = 0
    for index, row in enumerate(sheet.iter_rows(values_only=True)):
        if index < layout.first_data:
            continue
        line = index + 1
        data_row += 1
        if data_row > MAX_DATA_ROWS:
            findings.append(
                _finding(
                    "TERLALU_BANYAK_BARIS",
                    "error",
                    f"Lembar memuat lebih dari {MAX_DATA_ROWS:,} baris data; sisanya tidak dibaca.",
                    Loc(line=line, table=table),
                )
            )
            break
        texts = {key: _text(_cell(row, col)) for key, col in kolom.items()}
        label = " ".join(texts.get(k, "") for k in ("1", "2", "3", "4")).strip().casefold()
        if label.startswith(_FOOTER) or any(texts.get(k, "").casefold().startswith(_FOOTER) for k in ("1", "2", "3")):
            break
        if not any(texts.values()):
            continue
        loc = Loc(line=line, table=table, row=data_row)
        program, indikator = texts.get("3", ""), texts.get("4", "")
        if program:
            flush()
            kode, uraian = "", program
            for key in ("3", "2", "1"):
                match = _CODE.match(texts.get(key, ""))
                if match:
                    kode = match.group(1)
                    uraian = match.group(2).strip() if key == "3" else program
                    break
            anggaran, pagu = _read_money(row, kolom, loc, findings, layout.persen_anggaran)
            current = {
                "loc": loc,
                "kode": kode,
                "uraian": uraian or program,
                "indikator": [],
                "pagu": pagu,
                "anggaran": anggaran,
                "unit": texts.get("16", ""),
                "keterangan": texts.get("17", ""),
            }
        elif current is None or not indikator:
            findings.append(
                _finding(
                    "BARIS_TANPA_PROGRAM",
                    "peringatan",
                    f"{loc.label()}: baris tanpa program/kegiatan (kolom 3) di awal tabel atau tanpa indikator; "
                    "dilewati.",
                    loc,
                    teks=" | ".join(t for t in texts.values() if t)[:200],
                )
            )
            continue
        if indikator:
            current["indikator"].append(_read_indikator(row, kolom, loc, indikator, findings, layout.persen_kinerja))
    flush()
    return ParsedE81(
        sheet=sheet_name,
        baris=tuple(baris),
        persen_kinerja=layout.persen_kinerja,
        persen_anggaran=layout.persen_anggaran,
        findings=tuple(findings),
        kolom={k: v + 1 for k, v in sorted(kolom.items())},
    )


def _value(
    row: Sequence[object], col: int | None, loc: Loc, key: str, findings: list[Finding], money: bool
) -> Value | None:
    raw = _cell(row, col)
    if raw is None:
        return None
    where = Loc(line=loc.line, table=loc.table, row=loc.row, column=key)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        # a numeric cell is exact: never re-read it as text (1.125 is not "1.125" = 1125)
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        text = format(number.normalize(), "f")
        if money and number != number.to_integral_value():
            result = ParseResult(raw=text, value=None, problem=RUPIAH_PECAHAN, detail=text)
        else:
            result = ParseResult(raw=text, value=number)
    else:
        text = _text(raw)
        result = parse_number(text, money=money and "%" not in text)
        if result.kosong:
            return None
    finding = finding_for(result, where, konteks=f"kolom {key}")
    if finding is not None:
        findings.append(finding)
    return Value(teks=text, nilai=result.value, satuan=result.unit, loc=where)


def _as_percent(value: Value | None, header_says: bool) -> Value | None:
    if value is None or not header_says or value.satuan:
        return value
    return Value(teks=value.teks, nilai=value.nilai, satuan="%", loc=value.loc)


def _read_indikator(
    row: Sequence[object], kolom: dict[str, int], loc: Loc, nama: str, findings: list[Finding], persen: bool
) -> E81Indikator:
    target = _value(row, kolom.get("7K"), loc, "7K", findings, money=False)
    kinerja: dict[int, Value] = {}
    for q, n in QUARTER_COLUMNS.items():
        value = _as_percent(_value(row, kolom.get(f"{n}K"), loc, f"{n}K", findings, money=False), persen)
        if value is not None:
            kinerja[q] = value
    return E81Indikator(loc=loc, nama=nama, target=target, kinerja=kinerja)


def _read_money(
    row: Sequence[object], kolom: dict[str, int], loc: Loc, findings: list[Finding], persen: bool
) -> tuple[dict[int, Value], Value | None]:
    pagu = _value(row, kolom.get("7Rp"), loc, "7Rp", findings, money=True)
    anggaran: dict[int, Value] = {}
    for q, n in QUARTER_COLUMNS.items():
        # a percentage of the pagu may have decimals: read it as a plain number, not as rupiah
        value = _value(row, kolom.get(f"{n}Rp"), loc, f"{n}Rp", findings, money=not persen)
        value = _as_percent(value, persen)
        if value is not None:
            anggaran[q] = value
    return anggaran, pagu
