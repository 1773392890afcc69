"""Read a Renja PD document converted from PDF to text (domain README §4, §7; tables.md). Pure: no Django.

`parse_renja_text(text)` returns a `ParsedRenja`: the cover and the signature block, the tables (Tabel 2.1
T-C.29 inputs, 2.2 T-C.30, 2.4 T-C.31, 2.5 usulan, 3.1 tujuan/sasaran, 4.1 the plan), the narrative chapters,
the totals the document states, and a `Finding` for everything it could not read. It never raises.

How the text is read:
- tables are tab-separated lines. A table starts at its caption ("Tabel 2.1", possibly in `**`) or, without a
  caption, at a header line a known table layout recognises; its kind is decided by its header words (then
  its title, then its number). It runs over blank lines and the repeating page header "Rencana Kerja Tahun
  NNNN", and ends at the next line without a tab that is prose, a heading or a caption;
- header lines (words such as Kode/Indikator/Target/Pagu, year rows, the printed column numbers) are told
  from data rows; a header repeated inside a table re-reads the column years (Tabel 2.2);
- a row with fewer cells than the header lost a tab in the conversion: a lost leading cell (the number or
  code column) is put back, else the missing cell goes into the longest run of empty cells (KOLOM_DISESUAIKAN);
- a row without its key cells (number/code and name) continues the row above (a row or a single cell split
  over a page): numbers fill the empty cells above, text is appended (BARIS_DISAMBUNG); a nameless row of
  numbers below a full row is the table's total (like a row labelled JUMLAH) and becomes a `StatedTotal`;
- numbers go through `renja.importers.numbers`; every value keeps its raw text and its `Loc`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from renja.core.text import LEVEL_BY_SEGMENTS, try_canonical_code
from renja.importers.numbers import (
    ERROR_SPREADSHEET,
    NILAI_GANDA,
    ParseResult,
    finding_for,
    parse_multi,
    parse_number,
)
from renja.importers.parse.model import (
    EvaluasiRowIn,
    Finding,
    IndikatorIn,
    Loc,
    Narasi,
    ParsedRenja,
    PelayananRowIn,
    Penandatangan,
    PlanRowIn,
    StatedTotal,
    TujuanSasaranIn,
    UsulanIn,
    Value,
)

__all__ = ["parse_renja_text"]

EVALUASI = "evaluasi"  # Tabel 2.1, T-C.29
PELAYANAN = "pelayanan"  # Tabel 2.2, T-C.30
REVIEW = "review"  # Tabel 2.4, T-C.31
USULAN = "usulan"  # Tabel 2.5, T-C.32 (seed layout)
TUJUAN = "tujuan"  # Tabel 3.1
RENCANA = "rencana"  # Tabel 4.1

_KIND_LABEL = {
    EVALUASI: "evaluasi pelaksanaan Renja tahun lalu (T-C.29)",
    PELAYANAN: "pencapaian kinerja pelayanan (T-C.30)",
    REVIEW: "review rancangan awal RKPD (T-C.31)",
    USULAN: "usulan program dan kegiatan",
    TUJUAN: "tujuan dan sasaran",
    RENCANA: "rencana kerja dan pendanaan",
}
# The seed's numbering; only used when neither the header nor the title says what a table is.
_KIND_BY_NUMBER = {"2.1": EVALUASI, "2.2": PELAYANAN, "2.4": REVIEW, "2.5": USULAN, "3.1": TUJUAN, "4.1": RENCANA}
_DEFAULT_NCOLS = {EVALUASI: 11, PELAYANAN: 11, REVIEW: 9, USULAN: 6, TUJUAN: 5, RENCANA: 6}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PAGE_HEADER = re.compile(r"^[\s*_#]*rencana\s+kerja\s+(?:\(renja\)\s+)?tahun\s+((?:19|20)\d{2})[\s*_#]*$", re.I)
_CAPTION = re.compile(r"^[\s*_#]*tabel\s+(\d+(?:\.\d+)*)\.?(?:[\s:.\-]+(.*))?$", re.I)
_SECTION = re.compile(r"^[\s*_#]*\d+(?:\.\d+)+\.?\s*[^\d\s.,]")
_BAB_ALONE = re.compile(r"^[\s*_#]*bab\s+([ivx]+)[\s.:*_#]*$", re.I)
_BAB_INLINE = re.compile(r"^[\s*_#]*bab\s+([ivx]+)\b[\s.:\-]+(\S.*?)[\s*_#]*$", re.I)
_KATA_PENGANTAR = re.compile(r"^[\s*_#]*(?:[ivx]+\s+)?[\s*_#]*kata\s+pengantar[\s*_#]*$", re.I)
_DAFTAR_ISI = re.compile(r"^[\s*_#]*(?:[ivx]+\s+)?[\s*_#]*daftar\s+isi[\s*_#]*$", re.I)
_TITLE_ONLY = {"PENDAHULUAN": 1, "PENUTUP": 5}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR_CELL = re.compile(r"(?:19|20)\d{2}")
_NUMBERING_CELL = re.compile(r"\(?\d{1,2}\)?")
_HEADER_EXACT = re.compile(
    r"(?:no\.?|nomor|kode|desa|alamat|kegiatan|kecamatan|lokasi|satuan|uraian|keterangan|indikator)", re.I
)
_HEADER_START = re.compile(
    r"(?:indikator|target|traget|pagu|realisasi|proyeksi|catatan|tingkat|tinglat|perkiraan|kerangka|prakiraan|"
    r"rancangan awal|hasil anali|program\s*/|program dan kegiatan|urusan\s*/|tujuan\s*/|sumber dana|"
    r"kebutuhan dana|rencana tahun)",
    re.I,
)
_TOTAL_LABEL = re.compile(r"(?:jumlah|total)(?:\s+(?:total|pagu|anggaran|keseluruhan|seluruhnya))?\s*:?", re.I)
_CODE = re.compile(r"[0-9Xx]+(?:\.[0-9Xx]+)*\.?")
_NOMOR = re.compile(r"\d+(?:\.\d+)*\.?")
_GROUP_LETTER = re.compile(r"([A-Z])\.?")
_FIRST_COL = {
    EVALUASI: _CODE,
    PELAYANAN: re.compile(r"(?:[A-Za-z]|[IVX]+|\d+)\.?"),
    REVIEW: _NOMOR,
    USULAN: _NOMOR,
    TUJUAN: _NOMOR,
}
_KEY_COLS = {EVALUASI: (0, 1), PELAYANAN: (0, 1), REVIEW: (0, 1, 5), USULAN: (0, 1), TUJUAN: (0, 1), RENCANA: (0,)}
_HAS_TOTALS = {REVIEW, RENCANA, USULAN}

# Satuan written at the end of an indicator name (Tabel 2.1). "Strong" words practically never end a name;
# "weak" ones (Desa, Kegiatan …) are a satuan only after a lower-case word, an acronym or the same word.
_SATUAN_STRONG = {"orang", "kali", "skor", "bulan", "paket", "unit", "kelompok", "bumdes", "jiwa", "buah", "titik"}
_SATUAN_WEAK = {"desa", "kegiatan", "lembaga", "dokumen", "laporan", "keluarga", "kelurahan", "kecamatan", "event"}
_PANGKAT = re.compile(
    r"(?:pembina|penata|pengatur|juru)(?:\s+(?:utama|muda|madya|tingkat|tk\.?))*(?:\s+i)?"
    r"(?:\s*[,(]?\s*[IV]+\s*/\s*[a-e]\s*\)?)?",
    re.I,
)
_NIP = re.compile(r"^[\s*_]*NIP\.?\s*:?\s*(\d[\d\s]*\d)[\s*_]*$", re.I)
_PLACE_DATE = re.compile(r"^[A-Z][A-Za-z .'-]+,\s*(?:\d{1,2}\s+)?(?:[A-Za-z]+\s+)?(?:19|20)\d{2}$")
_PEMDA = re.compile(
    r"^[\s*_#]*(?:pemerintah(?:an)?\s+)?(kabupaten|kota|provinsi)\s+([A-Za-z][A-Za-z .'-]*?)[\s*_#.]*$", re.I
)
_PEMDA_IN_TEXT = re.compile(r"\b(Kabupaten|Kota|Provinsi)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")
_AGENCY = re.compile(
    r"^[\s*_#]*((?:dinas|badan|kantor|sekretariat|inspektorat|satuan|rumah\s+sakit|kecamatan|bagian|kesatuan)\b"
    r".*?)(?:\s+tahun\s+((?:19|20)\d{2}))?[\s*_#.]*$",
    re.I,
)
_ADDRESS = re.compile(r"^[\s*_#]*(?:jl\.?|jln\.?|jalan)\s+\S.*$", re.I)
_MONEY_IN_TEXT = re.compile(r"Rp\.?\s*(\d[\d.,]*\d)(?:\s*,-|\.-)?", re.I)
_COUNT_IN_TEXT = re.compile(r"(\d+)\s*(?:\([^)\d]*\)\s*)?(sub\s*kegiatan|kegiatan|program)\b", re.I)
_COUNT_JOINER = re.compile(r"\s*(?:,|dan|serta|,\s*dan|,\s*serta)?\s*", re.I)
_YEAR_BEFORE = re.compile(r"tahun(?:\s+anggaran)?\s+((?:19|20)\d{2})", re.I)
_SMALL_WORDS = {"dan", "di", "ke", "dari", "yang", "atau", "serta", "untuk", "pada", "dalam"}


# ------------------------------------------------------------------------------------------- plumbing


def _plain(line: str) -> str:
    return line.replace("\f", " ").replace("\u00a0", " ").strip()


def _cell(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _unstar(text: str) -> str:
    return text.strip().strip("*_#").strip()


def _is_page_header(line: str) -> bool:
    return _PAGE_HEADER.match(_plain(line)) is not None


def _years(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(text)]


def _nice_name(text: str) -> str:
    """'DINAS PEMBERDAYAAN MASYARAKAT DAN DESA' -> 'Dinas Pemberdayaan Masyarakat dan Desa'; mixed case stays."""
    text = _cell(_unstar(text))
    if text != text.upper():
        return text
    words = [w.capitalize() for w in text.lower().split()]
    return " ".join(w.lower() if i and w.lower() in _SMALL_WORDS else w for i, w in enumerate(words))


def _collapse_spaced(text: str) -> str:
    """'P E N U T U P' -> 'PENUTUP' (letter-spaced headings)."""
    words = text.split()
    if len(words) > 2 and all(len(w) == 1 for w in words):
        return "".join(words)
    return text


def _is_upper_title(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and 5 * sum(c.isupper() for c in letters) >= 4 * len(letters) and len(text) <= 160


class _Out:
    """Collects findings and totals; turns cells into `Value`s with their findings."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.totals: list[StatedTotal] = []

    def add(
        self,
        kode: str,
        severity: str,
        pesan: str,
        loc: Loc,
        *,
        teks: str = "",
        diharapkan: str = "",
        ditemukan: str = "",
        saran: str = "",
    ) -> None:
        self.findings.append(
            Finding(
                kode=kode,
                severity=severity,
                pesan=f"{loc.label()}: {pesan}",
                loc=loc,
                teks=teks,
                diharapkan=diharapkan,
                ditemukan=ditemukan,
                saran=saran,
            )
        )

    def _note(self, result: ParseResult, loc: Loc, konteks: str) -> None:
        finding = finding_for(result, loc, konteks=konteks)
        if finding is not None:
            self.findings.append(finding)

    def value(self, text: str, loc: Loc, *, money: bool = False, konteks: str = "", satuan: str = "") -> Value:
        result = parse_number(text, money=money)
        self._note(result, loc, konteks)
        return Value(teks=text, nilai=result.value, satuan=result.unit or satuan, loc=loc)

    def values(self, text: str, loc: Loc, *, konteks: str = "") -> tuple[Value, ...]:
        results = parse_multi(text)
        for r in results:
            self._note(r, loc, konteks)
        return tuple(Value(teks=r.raw.strip(), nilai=r.value, satuan=r.unit, loc=loc) for r in results)


def _numeric_like(text: str) -> bool:
    r = parse_number(text)
    return r.value is not None or r.problem in {ERROR_SPREADSHEET, NILAI_GANDA}


def _data_number(text: str) -> bool:
    """A cell that is a data value (not a year or a printed column number of a header)."""
    if not text or _YEAR_CELL.fullmatch(text) or (text.startswith("(") and _NUMBERING_CELL.fullmatch(text)):
        return False
    return parse_number(text).value is not None


def _header_word(text: str) -> bool:
    t = _unstar(text)
    return bool(t) and (_HEADER_EXACT.fullmatch(t) is not None or _HEADER_START.match(t) is not None)


def _is_numbering(cells: Sequence[str]) -> bool:
    filled = [c for c in cells if c]
    if len(filled) < 3 or not all(_NUMBERING_CELL.fullmatch(c) for c in filled):
        return False
    numbers = [int(c.strip("()")) for c in filled]
    return all(b > a for a, b in pairwise(numbers))


def _is_years_row(cells: Sequence[str]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) >= 2 and all(_YEAR_CELL.fullmatch(c) for c in filled)


def _is_header_like(cells: Sequence[str], min_words: int = 1) -> bool:
    if any(_data_number(c) for c in cells):
        return False
    return sum(1 for c in cells if _header_word(c)) >= min_words


def _printed_numbers(row: _Row) -> dict[int, int]:
    """Column index -> printed column number, from a numbering row."""
    return {i: int(c.strip("()")) for i, c in enumerate(row.cells) if c and _NUMBERING_CELL.fullmatch(c)}


# --------------------------------------------------------------------------------------- table regions


@dataclass
class _Row:
    line: int  # 1-based document line of the row's first cell
    cells: list[str]
    raw: str
    cell_lines: list[int] = field(default_factory=list)
    kind: str = "data"  # data | header | total

    def __post_init__(self) -> None:
        if not self.cell_lines:
            self.cell_lines = [self.line] * len(self.cells)

    def get(self, i: int | None) -> str:
        return self.cells[i] if i is not None and 0 <= i < len(self.cells) else ""

    def line_of(self, i: int | None) -> int:
        return self.cell_lines[i] if i is not None and 0 <= i < len(self.cell_lines) else self.line


@dataclass
class _Table:
    name: str
    nomor: str
    title: str
    start: int  # 0-based index of the first line (caption or first header line)
    end: int  # 0-based index of the last line
    rows: list[_Row]
    fragments: list[tuple[int, str]]
    kind: str = ""


def _row_of(line_index: int, raw: str) -> _Row:
    return _Row(line=line_index + 1, cells=[_cell(c) for c in raw.split("\t")], raw=raw)


def _next_content(lines: Sequence[str], j: int) -> int | None:
    """Index of the next line that is neither blank nor a page header."""
    while j < len(lines):
        s = _plain(lines[j])
        if s and not _is_page_header(s):
            return j
        j += 1
    return None


def _is_heading_like(s: str) -> bool:
    return bool(
        _CAPTION.match(s)
        or _SECTION.match(s)
        or _BAB_ALONE.match(s)
        or _BAB_INLINE.match(s)
        or _KATA_PENGANTAR.match(s)
        or _DAFTAR_ISI.match(s)
    )


def _read_table(lines: Sequence[str], start: int, body: int, name: str, nomor: str, title: str) -> _Table | None:
    """Read a table whose caption (or first header line) is at `start` and whose title lines start at `body`."""
    titles = [title] if title else []
    j = body
    while j < len(lines):
        raw, s = lines[j], _plain(lines[j])
        if not s or _is_page_header(s):
            j += 1
            continue
        if "\t" in raw:
            break
        if len(s) > 160 or _CAPTION.match(s) or len(titles) >= 4:
            return None
        titles.append(_unstar(s))
        j += 1
    if j >= len(lines):
        return None
    rows: list[_Row] = []
    fragments: list[tuple[int, str]] = []
    last = j
    while j < len(lines):
        raw, s = lines[j], _plain(lines[j])
        if "\t" in raw:
            rows.append(_row_of(j, raw))
            last = j
        elif not s or _is_page_header(s):
            pass
        else:
            nxt = _next_content(lines, j + 1)
            if len(s) <= 80 and not _is_heading_like(s) and nxt is not None and "\t" in lines[nxt]:
                fragments.append((j + 1, s))
                last = j
            else:
                break
        j += 1
    return _Table(
        name=name,
        nomor=nomor,
        title=" ".join(t for t in titles if t),
        start=start,
        end=last,
        rows=rows,
        fragments=fragments,
    )


def _classify(header: Sequence[_Row], title: str, nomor: str) -> str:
    cells = [_unstar(c).lower() for r in header for c in r.cells if c]
    h = " | ".join(cells)
    if any(c.startswith("rancangan awal") for c in cells) and ("anali" in h or "kebutuhan" in h):
        return REVIEW
    if "usulan" in h or {"desa", "alamat"} <= set(cells) or {"desa", "kecamatan"} <= set(cells):
        return USULAN
    if any(re.match(r"tujuan\s*/\s*sasaran", c) for c in cells):
        return TUJUAN
    if "kode" not in cells and ("proyeksi" in h or ("target renstra" in h and "realisasi" in h)):
        return PELAYANAN
    if "kode" in cells and "realisasi" in h:
        return EVALUASI
    if "pagu" in h or "prakiraan maju" in h or "kerangka pendanaan" in h:
        return RENCANA
    t = title.lower()
    for words, kind in (
        (("rancangan awal",), REVIEW),
        (("usulan",), USULAN),
        (("kinerja pelayanan",), PELAYANAN),
        (("evaluasi",), EVALUASI),
        (("tujuan", "sasaran"), TUJUAN),
        (("pendanaan",), RENCANA),
    ):
        if all(w in t for w in words):
            return kind
    return _KIND_BY_NUMBER.get(nomor, "")


def _split_header(rows: Sequence[_Row]) -> tuple[list[_Row], list[_Row]]:
    header: list[_Row] = []
    k = 0
    while k < len(rows):
        cells = rows[k].cells
        if not any(cells):
            k += 1
            continue
        if _is_numbering(cells):
            header.append(rows[k])
            k += 1
            break
        if _is_years_row(cells) or _is_header_like(cells):
            header.append(rows[k])
            k += 1
            continue
        break
    return header, list(rows[k:])


def _find_tables(lines: Sequence[str]) -> list[_Table]:
    tables: list[_Table] = []
    i = 0
    while i < len(lines):
        raw, s = lines[i], _plain(lines[i])
        table: _Table | None = None
        m = _CAPTION.match(s) if "\t" not in raw and len(s) <= 160 else None
        if m:
            table = _read_table(lines, i, i + 1, f"Tabel {m.group(1)}", m.group(1), _unstar(m.group(2) or ""))
        elif "\t" in raw and _is_header_like(_row_of(i, raw).cells, min_words=2):
            block = [_row_of(j, lines[j]) for j in range(i, min(i + 4, len(lines))) if "\t" in lines[j]]
            if _classify(_split_header(block)[0], "", ""):
                table = _read_table(lines, i, i, f"Tabel tanpa judul (baris {i + 1})", "", "")
        if table is not None and table.rows:
            header, _ = _split_header(table.rows)
            table.kind = _classify(header, table.title, table.nomor)
            tables.append(table)
            i = table.end + 1
            continue
        i += 1
    return tables


# ------------------------------------------------------------------------------------- rows of a table


def _col_labels(header: Sequence[_Row], ncols: int) -> list[str]:
    """One label per column: the header cells above it, top to bottom; group labels of all but the last
    header line are carried to the right over empty cells (a merged cell in the PDF)."""
    rows = [r for r in header if not _is_numbering(r.cells)]
    labels: list[list[str]] = [[] for _ in range(ncols)]
    for n, r in enumerate(rows):
        carry = ""
        for i in range(ncols):
            c = r.get(i)
            if c:
                carry = c
            elif n < len(rows) - 1 and i > 0:
                c = carry
            if c:
                labels[i].append(_unstar(c).lower())
    return [" | ".join(parts) for parts in labels]


def _ncols(kind: str, header: Sequence[_Row]) -> int:
    numbering = [r for r in header if _is_numbering(r.cells)]
    if numbering:
        cells = numbering[-1].cells
        while cells and not cells[-1]:
            cells = cells[:-1]
        return len(cells)
    if header:
        return max(len(r.cells) for r in header)
    return _DEFAULT_NCOLS.get(kind, 1)


def _align(row: _Row, kind: str, ncols: int, table: _Table, out: _Out) -> _Row:
    cells, lines_ = list(row.cells), list(row.cell_lines)
    while len(cells) > ncols and not cells[-1]:
        cells.pop()
        lines_.pop()
    loc = Loc(line=row.line, table=table.name)
    if len(cells) > ncols:
        extra = cells[ncols:]
        out.add(
            "KOLOM_BERLEBIH",
            "peringatan",
            f"baris punya {len(cells)} sel, tabel ini {ncols} kolom; sel lebihan {extra!r} tidak dibaca.",
            loc,
            teks=row.raw,
            saran="Periksa baris ini di dokumen sumber dan isi nilai yang hilang secara manual.",
        )
        cells, lines_ = cells[:ncols], lines_[:ncols]
    moved = ""
    if len(cells) < ncols:
        first = _FIRST_COL.get(kind)
        if first is not None and cells and cells[0] and not first.fullmatch(cells[0]):
            cells.insert(0, "")
            lines_.insert(0, row.line)
            moved = "sel pertama (nomor/kode) hilang, isi baris digeser satu kolom ke kanan"
        while len(cells) < ncols:
            best: tuple[int, int] | None = None  # (length, start) of the longest run of empty cells
            i = 0
            while i < len(cells):
                if cells[i]:
                    i += 1
                    continue
                j = i
                while j < len(cells) and not cells[j]:
                    j += 1
                if j < len(cells) and (best is None or j - i >= best[0]):
                    best = (j - i, i)
                i = j
            if best is None:
                cells.append("")
                lines_.append(row.line)
                continue
            cells.insert(best[1], "")
            lines_.insert(best[1], row.line)
            moved = moved or "satu sel kosong hilang, sel kosong ditambahkan pada deret sel kosong terpanjang"
    if moved:
        out.add(
            "KOLOM_DISESUAIKAN",
            "info",
            f"baris kekurangan sel (tab hilang saat konversi PDF): {moved}.",
            loc,
            teks=row.raw,
            saran="Periksa bahwa nilai baris ini berada di kolom yang benar.",
        )
    return _Row(line=row.line, cells=cells, raw=row.raw, cell_lines=lines_, kind=row.kind)


def _prepare_rows(table: _Table, body: Sequence[_Row], ncols: int, out: _Out) -> list[_Row]:
    """Align the data rows, mark repeated headers and totals, and join rows split over pages."""
    kind = table.kind
    keys = _KEY_COLS.get(kind, (0,))
    result: list[_Row] = []
    for row in body:
        if not any(row.cells):
            continue
        if _is_numbering(row.cells) or _is_years_row(row.cells) or _is_header_like(row.cells, min_words=2):
            result.append(_Row(line=row.line, cells=row.cells, raw=row.raw, kind="header"))
            continue
        if any(_TOTAL_LABEL.fullmatch(c) for c in row.cells if c):
            result.append(_Row(line=row.line, cells=row.cells, raw=row.raw, kind="total"))
            continue
        row = _align(row, kind, ncols, table, out)
        if any(row.get(k) for k in keys):
            result.append(row)
            continue
        filled = {i: c for i, c in enumerate(row.cells) if c}
        numeric = all(_numeric_like(c) for c in filled.values())
        prev = next((r for r in reversed(result) if r.kind == "data"), None)
        loc = Loc(line=row.line, table=table.name)
        if prev is None:
            if numeric and kind in _HAS_TOTALS:
                result.append(
                    _Row(line=row.line, cells=row.cells, raw=row.raw, cell_lines=row.cell_lines, kind="total")
                )
            else:
                out.add(
                    "BARIS_TIDAK_DIKENALI",
                    "peringatan",
                    "baris tanpa nomor/kode dan nama di awal tabel; tidak bisa disambungkan ke baris mana pun.",
                    loc,
                    teks=row.raw,
                    saran="Periksa baris ini di dokumen sumber dan isi secara manual bila perlu.",
                )
            continue
        if numeric and all(not prev.get(i) for i in filled):
            for i, c in filled.items():
                prev.cells[i] = c
                prev.cell_lines[i] = row.line
            what = ", ".join(f"'{c}'" for c in filled.values())
            out.add(
                "BARIS_DISAMBUNG",
                "info",
                f"nilai {what} berdiri sendiri (terdorong ke halaman berikutnya) dan dipasang ke sel kosong "
                f"baris {prev.line} di atasnya.",
                loc,
                teks=row.raw,
                saran="Periksa bahwa nilai ini memang milik baris di atasnya.",
            )
        elif numeric and kind in _HAS_TOTALS:
            result.append(_Row(line=row.line, cells=row.cells, raw=row.raw, cell_lines=row.cell_lines, kind="total"))
        else:
            for i, c in filled.items():
                prev.cells[i] = f"{prev.cells[i]} {c}".strip()
            what = ", ".join(f"'{c}'" for c in filled.values())
            out.add(
                "BARIS_DISAMBUNG",
                "info",
                f"lanjutan sel {what} (baris terpotong halaman) disambungkan ke baris {prev.line} di atasnya.",
                loc,
                teks=row.raw,
                saran="Periksa bahwa teks sambungan ini memang milik baris di atasnya.",
            )
    return result


def _total_cells(row: _Row, money_cols: Sequence[int]) -> list[tuple[int, str, int]] | None:
    """(column index, text, line) of the numbers of a total row, mapped onto the money columns."""
    if all(row.get(i) and _numeric_like(row.get(i)) for i in money_cols) and all(
        not c or i in money_cols or _TOTAL_LABEL.fullmatch(c) for i, c in enumerate(row.cells)
    ):
        return [(i, row.get(i), row.line_of(i)) for i in money_cols]
    numbers = [(i, c) for i, c in enumerate(row.cells) if c and not _TOTAL_LABEL.fullmatch(c) and _numeric_like(c)]
    if len(numbers) == len(money_cols):
        return [(col, c, row.line_of(i)) for col, (i, c) in zip(money_cols, numbers, strict=True)]
    return None


def _add_totals(
    row: _Row,
    money: Sequence[tuple[int, int | None, str, str]],
    table: _Table,
    out: _Out,
) -> None:
    """`money`: (column index, year, column name, bagian) of each money column the total row covers."""
    cells = _total_cells(row, [m[0] for m in money])
    if cells is None:
        out.add(
            "JUMLAH_TIDAK_TERBACA",
            "peringatan",
            f"baris jumlah tidak cocok dengan {len(money)} kolom pagu tabel ini; jumlah tidak dibaca.",
            Loc(line=row.line, table=table.name),
            teks=row.raw,
            saran="Periksa baris jumlah di dokumen sumber.",
        )
        return
    by_col = {m[0]: m for m in money}
    for col, text, line in cells:
        _, year, colname, bagian = by_col[col]
        loc = Loc(line=line, table=table.name, column=colname)
        value = out.value(text, loc, money=True, konteks="baris jumlah")
        out.totals.append(StatedTotal(loc=loc, table=table.name, tahun=year, value=value, bagian=bagian))


# ---------------------------------------------------------------------------------------- indicators


def _split_satuan(text: str) -> tuple[str, str]:
    """Split a satuan written at the end of an indicator name (Tabel 2.1): 'Jumlah … Baik II %',
    '… dengan baik %', '… mendapat pembinaan Orang', '… perlombaan desa Desa'."""
    t = _cell(text)
    m = re.fullmatch(r"(.*\S)\s+II\s+(\S.*)", t)
    if m:
        return m.group(1), m.group(2)
    if t.endswith("%") and len(t) > 1:
        return t[:-1].rstrip(), "%"
    words = t.split()
    if len(words) >= 3:
        last, prev = words[-1], words[-2]
        low = last.lower()
        weak = (
            low in _SATUAN_WEAK
            and last[0].isupper()
            and (prev[0].islower() or (prev.isupper() and len(prev) > 1) or prev.lower() == low)
        )
        if low in _SATUAN_STRONG or weak:
            return " ".join(words[:-1]), last
    return t, ""


def _split_indicators(text: str, n_values: int) -> list[tuple[str, str]]:
    """Indicators of a (possibly multi-valued) Tabel 2.1 cell: 'A ;B Desa ; Desa' -> [(A, Desa), (B, Desa)]."""
    t = _cell(text)
    if not t:
        return []
    parts = [p.strip() for p in t.split(";") if p.strip()]
    if len(parts) <= 1:
        return [_split_satuan(t)]
    k = (len(parts) + 1) // 2
    if len(parts) % 2 == 1 and n_values != len(parts) and all(len(p.split()) <= 3 for p in parts[k:]):
        names, mid, sats = parts[: k - 1], parts[k - 1], parts[k:]
        width = len(sats[0].split())
        mid_words = mid.split()
        if len(mid_words) > width:
            names.append(" ".join(mid_words[:-width]))
            sats = [" ".join(mid_words[-width:]), *sats]
            return list(zip(names, sats, strict=True))
    return [_split_satuan(p) for p in parts]


def _plan_indicators(
    name_text: str,
    targets: dict[int, tuple[str, Loc]],
    out: _Out,
    konteks: str,
) -> tuple[IndikatorIn, ...]:
    """Indicators of a plan row (Tabel 2.4 / 4.1): satuan from the target cells ('5 dokumen');
    a multi-valued target cell gives several indicators (names split at ';' when they can be)."""
    nama = _cell(name_text)
    per_year: dict[int, tuple[Value, ...]] = {}
    for year, (text, loc) in targets.items():
        if text:
            per_year[year] = out.values(text, loc, konteks=f"target {year} {konteks}")
    count = max([len(v) for v in per_year.values()] + [1])
    if not nama and not per_year:
        return ()
    names = [p.strip() for p in nama.split(";") if p.strip()] if count > 1 else [nama]
    if len(names) != count:
        names = [nama] * count
    result: list[IndikatorIn] = []
    for j in range(count):
        target = {y: vals[j] for y, vals in per_year.items() if j < len(vals)}
        satuan = next((v.satuan for v in target.values() if v.satuan), "")
        result.append(IndikatorIn(nama=names[j], satuan=satuan, target=target, teks=name_text))
    return tuple(result)


# --------------------------------------------------------------------------------------- table parsers


@dataclass
class _Parsed:
    evaluasi: list[EvaluasiRowIn] = field(default_factory=list)
    pelayanan: list[PelayananRowIn] = field(default_factory=list)
    ranwal: list[PlanRowIn] = field(default_factory=list)
    analisis: list[PlanRowIn] = field(default_factory=list)
    usulan: list[UsulanIn] = field(default_factory=list)
    tujuan: list[TujuanSasaranIn] = field(default_factory=list)
    rencana: list[PlanRowIn] = field(default_factory=list)
    renstra_periode: tuple[int, int] | None = None
    evaluasi_tahun: dict[int, int] = field(default_factory=dict)
    rencana_tahun: tuple[int, ...] = ()


def _parse_evaluasi(table: _Table, header: list[_Row], rows: list[_Row], ncols: int, res: _Parsed, out: _Out) -> None:
    labels = _col_labels(header, max(ncols, 11))
    numbering = next((r for r in header if _is_numbering(r.cells)), None)
    printed = _printed_numbers(numbering) if numbering else {i: i + 1 for i in range(ncols)}
    col_of = {num: i for i, num in printed.items()}
    for label in labels:
        if "renstra" in label and res.renstra_periode is None:
            m = re.search(r"((?:19|20)\d{2})\s*[-\u2013\u2014/]\s*((?:19|20)\d{2})", label)
            if m:
                res.renstra_periode = (int(m.group(1)), int(m.group(2)))
    for i, label in enumerate(labels):
        found = _years(label.split(" | ")[-1]) or _years(label)
        if found and i in printed and printed[i] >= 4:
            res.evaluasi_tahun.setdefault(printed[i], found[-1])
    data_no = 0
    for row in rows:
        if row.kind == "header":
            continue
        if row.kind == "total":
            out.add(
                "JUMLAH_TIDAK_TERBACA",
                "peringatan",
                "baris jumlah di tabel evaluasi tidak dipakai (tabel ini tidak berisi pagu).",
                Loc(line=row.line, table=table.name),
                teks=row.raw,
            )
            continue
        data_no += 1
        loc = Loc(line=row.line, table=table.name, row=data_no)
        kode_raw, nama, ind_text = row.get(col_of.get(1)), row.get(col_of.get(2)), row.get(col_of.get(3))
        kode, level = "", ""
        if kode_raw:
            canonical = try_canonical_code(kode_raw)
            if canonical is None:
                segs = len(kode_raw.strip(".").split("."))
                out.add(
                    "KODE_TIDAK_TERBACA",
                    "peringatan",
                    f"kode '{kode_raw}' bukan kode nomenklatur (punya {segs} bagian); baris dibaca tanpa kode.",
                    Loc(line=row.line, table=table.name, row=data_no, column="1"),
                    teks=kode_raw,
                    saran="Perbaiki kode menurut nomenklatur (mis. 2.13.04.2.01.0001) atau pilih kodenya manual.",
                )
            else:
                kode = kode_raw.strip().rstrip(".")
                level = LEVEL_BY_SEGMENTS.get(len(canonical.split(".")), "")
        cells = {c: row.get(col_of.get(c)) for c in range(4, 12)}
        n_values = max(len(parse_multi(t)) if t else 1 for t in cells.values())
        pairs = _split_indicators(ind_text, n_values)
        if len(pairs) == 1 and n_values > 1:
            out.add(
                "INDIKATOR_GANDA",
                "peringatan",
                f"sel nilai berisi {n_values} nilai tetapi kolom indikator hanya satu nama; dibuat {n_values} "
                "indikator dengan nama yang sama.",
                loc,
                teks=ind_text,
                saran="Tulis nama tiap indikator, dipisah ';', sesuai urutan nilainya.",
            )
            pairs = pairs * n_values
        indikator = tuple(IndikatorIn(nama=n, satuan=s, teks=ind_text) for n, s in pairs)
        count = max(len(indikator), 1)
        kolom: dict[int, tuple[Value, ...]] = {}
        for c, text in cells.items():
            vloc = Loc(line=row.line_of(col_of.get(c)), table=table.name, row=data_no, column=str(c))
            if not text:
                kolom[c] = tuple(Value(teks="", nilai=None, loc=vloc) for _ in range(count))
                continue
            vals = out.values(text, vloc, konteks=f"'{_cell(nama)}'")
            if len(vals) != count and any(v.nilai is not None for v in vals):
                out.add(
                    "JUMLAH_NILAI_TIDAK_SESUAI",
                    "peringatan",
                    f"kolom {c} berisi {len(vals)} nilai untuk {count} indikator ('{text}'); nilai dipasang "
                    "berurutan mulai indikator pertama.",
                    vloc,
                    teks=text,
                    saran="Tulis satu nilai untuk setiap indikator, dipisah ';'.",
                )
            kolom[c] = vals
        res.evaluasi.append(EvaluasiRowIn(loc=loc, kode=kode, nama=nama, level=level, indikator=indikator, kolom=kolom))


def _pelayanan_map(
    header: Sequence[_Row], ncols: int, previous: dict[int, tuple[str, int | None]] | None, table: _Table, out: _Out
) -> dict[int, tuple[str, int | None]]:
    """Column index -> (what, year) for Tabel 2.2; what is nomor/nama/target/realisasi/proyeksi/catatan."""
    labels = _col_labels(header, ncols)
    mapping: dict[int, tuple[str, int | None]] = {}
    for i, label in enumerate(labels):
        top = label.split(" | ")[0] if label else ""
        years = _years(label)
        year = years[-1] if years else None
        if top.startswith("no") and i == 0:
            mapping[i] = ("nomor", None)
        elif "indikator" in top:
            mapping[i] = ("nama", None)
        elif "proyeksi" in top:
            mapping[i] = ("proyeksi", year)
        elif "realisasi" in top:
            mapping[i] = ("realisasi", year)
        elif "target" in top:
            mapping[i] = ("target", year)
        elif "catatan" in top:
            mapping[i] = ("catatan", None)
    seen: dict[tuple[str, int], int] = {}
    duplicates: list[tuple[int, str, int]] = []
    for i, (what, year) in sorted(mapping.items()):
        if what in {"target", "realisasi", "proyeksi"}:
            if year is None:
                out.add(
                    "TAHUN_TIDAK_DITEMUKAN",
                    "peringatan",
                    f"kolom {i + 1} ({what}) tidak punya tahun di kepala tabel; nilainya tidak dibaca.",
                    Loc(line=header[-1].line if header else table.rows[0].line, table=table.name),
                    saran="Lengkapi tahun di kepala tabel.",
                )
            elif (what, year) in seen:
                duplicates.append((i, what, year))
            else:
                seen[(what, year)] = i
    if duplicates:
        line = header[-1].line if header else 0
        found = ", ".join(f"kolom {i + 1} ({what} {year})" for i, what, year in duplicates)
        if previous is not None and set(previous) == set(mapping):
            fix = "dipakai tahun dari kepala tabel sebelumnya"
            result = previous
        else:
            fix = "kolom yang tahunnya berulang tidak dibaca"
            result = {i: m for i, m in mapping.items() if (i, m[0], m[1]) not in duplicates}
        out.add(
            "TAHUN_HEADER_GANDA",
            "peringatan",
            f"kepala tabel menulis tahun yang sama dua kali ({found}); {fix}.",
            Loc(line=line, table=table.name),
            teks=" ".join(c for r in header for c in r.cells if c),
            saran="Perbaiki tahun di kepala tabel dokumen sumber (kemungkinan salah ketik).",
        )
        return result
    return mapping


def _parse_pelayanan(table: _Table, header: list[_Row], rows: list[_Row], res: _Parsed, out: _Out) -> None:
    ncols = max([len(r.cells) for r in rows] + [len(r.cells) for r in header] + [1])
    mapping = _pelayanan_map(header, ncols, None, table, out)
    kelompok, kelompok_kode = "", ""
    letters: dict[str, int] = {}
    pending: list[_Row] = []
    data_no = 0
    for row in rows:
        if row.kind == "header":
            pending.append(row)
            continue
        if pending:
            mapping = _pelayanan_map(pending, ncols, mapping, table, out)
            pending = []
        if row.kind == "total":
            continue
        first = row.get(0)
        values = {i: row.get(i) for i, (what, _) in mapping.items() if what in {"target", "realisasi", "proyeksi"}}
        group = _GROUP_LETTER.fullmatch(first)
        if group and not any(values.values()):
            kelompok_kode = group.group(1)
            kelompok = _cell(f"{first} {row.get(1)}")
            if kelompok_kode in letters:
                out.add(
                    "KELOMPOK_GANDA",
                    "peringatan",
                    f"huruf kelompok '{kelompok_kode}' dipakai lagi (pertama di baris {letters[kelompok_kode]}); "
                    "kelompok tetap dibaca terpisah.",
                    Loc(line=row.line, table=table.name),
                    teks=row.raw,
                    saran="Perbaiki penomoran kelompok (A, B, C, D …) di dokumen sumber.",
                )
            else:
                letters[kelompok_kode] = row.line
            continue
        data_no += 1
        loc = Loc(line=row.line, table=table.name, row=data_no)
        nama_i = next((i for i, m in mapping.items() if m[0] == "nama"), 1)
        nama = row.get(nama_i)
        dicts: dict[str, dict[int, Value]] = {"target": {}, "realisasi": {}, "proyeksi": {}}
        catatan = ""
        for i, (what, year) in sorted(mapping.items()):
            text = row.get(i)
            if what == "catatan":
                catatan = text
            elif what in dicts and year is not None and text:
                vloc = Loc(line=row.line_of(i), table=table.name, row=data_no, column=f"{what.capitalize()} {year}")
                dicts[what][year] = out.value(text, vloc, konteks=f"'{nama}'")
        res.pelayanan.append(
            PelayananRowIn(
                loc=loc,
                kelompok=kelompok,
                nomor=first.rstrip("."),
                nama=nama,
                target=dicts["target"],
                realisasi=dicts["realisasi"],
                proyeksi=dicts["proyeksi"],
                catatan=catatan,
                kelompok_kode=kelompok_kode,
            )
        )


def _level_of_nomor(nomor: str) -> str:
    n = nomor.strip().rstrip(".")
    if not n:
        return "sub_kegiatan"
    depth = len(n.split("."))
    return {1: "program", 2: "kegiatan"}.get(depth, "sub_kegiatan")


def _parse_review(
    table: _Table, header: list[_Row], rows: list[_Row], n: int, ncols: int, res: _Parsed, out: _Out
) -> None:
    labels = _col_labels(header, ncols)
    halves: list[tuple[str, str, list[int]]] = [
        ("ranwal", "Rancangan Awal", [i for i, lb in enumerate(labels) if "rancangan awal" in lb]),
        ("analisis_kebutuhan", "Analisis Kebutuhan", [i for i, lb in enumerate(labels) if "anali" in lb]),
    ]
    if not halves[0][2] or not halves[1][2]:
        half = max((ncols - 1) // 2, 1)
        halves = [
            ("ranwal", "Rancangan Awal", list(range(1, 1 + half))),
            ("analisis_kebutuhan", "Analisis Kebutuhan", list(range(1 + half, 1 + 2 * half))),
        ]
    layouts: list[tuple[str, str, dict[str, int]]] = []
    for bagian, label, cols in halves:
        pos: dict[str, int] = {}
        for i in cols:
            sub = labels[i].split(" | ")[-1] if labels[i] else ""
            if "target" in sub:
                pos.setdefault("target", i)
            elif "indikator" in sub:
                pos.setdefault("indikator", i)
            elif "pagu" in sub or "dana" in sub:
                pos.setdefault("pagu", i)
            elif "lokasi" in sub:
                pos.setdefault("lokasi", i)
            elif "program" in sub or "kegiatan" in sub:
                pos.setdefault("nama", i)
        if set(pos) < {"nama", "indikator", "target", "pagu"}:
            pos = dict(zip(("nama", "indikator", "target", "pagu"), cols, strict=False))
        layouts.append((bagian, label, pos))
    data_no = 0
    for row in rows:
        if row.kind == "header":
            continue
        if row.kind == "total":
            money = [
                (pos["pagu"], n, f"Pagu Indikatif ({label})", bagian) for bagian, label, pos in layouts if "pagu" in pos
            ]
            if money:
                _add_totals(row, money, table, out)
            continue
        data_no += 1
        nomor = row.get(0).rstrip(".")
        level = _level_of_nomor(nomor)
        for bagian, label, pos in layouts:
            nama = row.get(pos.get("nama"))
            loc = Loc(line=row.line, table=table.name, row=data_no, column=label)
            tcol, pcol = pos.get("target"), pos.get("pagu")
            tloc = Loc(line=row.line_of(tcol), table=table.name, row=data_no, column=f"Target ({label})")
            indikator = _plan_indicators(row.get(pos.get("indikator")), {n: (row.get(tcol), tloc)}, out, f"'{nama}'")
            pagu: dict[int, Value] = {}
            if row.get(pcol):
                ploc = Loc(line=row.line_of(pcol), table=table.name, row=data_no, column=f"Pagu Indikatif ({label})")
                pagu[n] = out.value(row.get(pcol), ploc, money=True, konteks=f"'{nama}'")
            if not nama and not indikator and not pagu:
                continue
            plan = PlanRowIn(loc=loc, nama=nama, level=level, nomor=nomor, indikator=indikator, pagu=pagu)
            (res.ranwal if bagian == "ranwal" else res.analisis).append(plan)


def _parse_usulan(
    table: _Table, header: list[_Row], rows: list[_Row], n: int, ncols: int, res: _Parsed, out: _Out
) -> None:
    labels = _col_labels(header, ncols)
    pos: dict[str, int] = {}
    for i, label in enumerate(labels):
        sub = label.split(" | ")[-1] if label else ""
        if "rekomendasi" in sub:
            pos.setdefault("rekomendasi", i)
        elif "pagu" in sub or "usulan" in sub:
            pos.setdefault("usulan", i)
        elif "alamat" in sub or "kecamatan" in sub:
            pos.setdefault("kecamatan", i)
        elif sub == "desa" or sub.startswith("desa"):
            pos.setdefault("desa", i)
        elif "kegiatan" in sub:
            pos.setdefault("kegiatan", i)
        elif sub.startswith("no"):
            pos.setdefault("nomor", i)
    if len(pos) < 6:
        pos = dict(zip(("nomor", "desa", "kecamatan", "kegiatan", "usulan", "rekomendasi"), range(ncols), strict=False))
    data_no = 0
    for row in rows:
        if row.kind == "header":
            continue
        if row.kind == "total":
            columns = [(pos.get("usulan", 4), n, "Pagu Usulan", "usulan")]
            columns.append((pos.get("rekomendasi", 5), n, "Pagu Rekomendasi", "rekomendasi"))
            _add_totals(row, columns, table, out)
            continue
        data_no += 1
        loc = Loc(line=row.line, table=table.name, row=data_no)

        def money(key: str, name: str, row: _Row = row, no: int = data_no) -> Value:
            i = pos.get(key)
            vloc = Loc(line=row.line_of(i), table=table.name, row=no, column=name)
            return out.value(row.get(i), vloc, money=True, konteks=f"usulan desa {row.get(pos.get('desa'))}")

        res.usulan.append(
            UsulanIn(
                loc=loc,
                nomor=row.get(pos.get("nomor")).rstrip("."),
                desa=row.get(pos.get("desa")),
                kecamatan=row.get(pos.get("kecamatan")),
                kegiatan=row.get(pos.get("kegiatan")),
                pagu_usulan=money("usulan", "Pagu Usulan"),
                pagu_rekomendasi=money("rekomendasi", "Pagu Rekomendasi"),
            )
        )


def _parse_tujuan(table: _Table, header: list[_Row], rows: list[_Row], ncols: int, res: _Parsed, out: _Out) -> None:
    labels = _col_labels(header, ncols)
    if ncols >= 5:
        cols = {"nomor": 0, "uraian": 1, "nomor_indikator": 2, "indikator": 3, "target": 4}
    else:
        cols = {"nomor": 0, "uraian": 1, "indikator": 2, "target": 3}
    target_label = labels[cols["target"]] if cols["target"] < len(labels) else ""
    unit = re.search(r"\(([^)\d]{1,20})\)", target_label)
    satuan = unit.group(1).strip() if unit else ""
    last_nomor, last_uraian = "", ""
    data_no = 0
    for row in rows:
        if row.kind != "data":
            continue
        data_no += 1
        loc = Loc(line=row.line, table=table.name, row=data_no)
        nomor, uraian = row.get(cols["nomor"]).rstrip("."), row.get(cols["uraian"])
        if not nomor and not uraian:
            nomor, uraian = last_nomor, last_uraian
        last_nomor, last_uraian = nomor, uraian
        ti = cols["target"]
        tloc = Loc(line=row.line_of(ti), table=table.name, row=data_no, column="Target")
        res.tujuan.append(
            TujuanSasaranIn(
                loc=loc,
                nomor=nomor,
                uraian=uraian,
                nomor_indikator=row.get(cols.get("nomor_indikator")).rstrip("."),
                indikator=row.get(cols["indikator"]),
                target=out.value(row.get(ti), tloc, konteks=f"'{uraian}'", satuan=satuan),
            )
        )


def _parse_rencana(
    table: _Table, header: list[_Row], rows: list[_Row], n: int, ncols: int, res: _Parsed, out: _Out
) -> None:
    labels = _col_labels(header, ncols)
    targets: list[tuple[int, int | None]] = []  # (column, year)
    pagus: list[tuple[int, int | None]] = []
    nama_i: int | None = None
    ind_i: int | None = None
    for i, label in enumerate(labels):
        sub = label.split(" | ")[-1] if label else ""
        years = _years(label)
        if "indikator" in sub:
            ind_i = i if ind_i is None else ind_i
        elif "target" in sub or "traget" in sub:
            targets.append((i, years[-1] if years else None))
        elif "pagu" in sub or "dana" in sub:
            prior = [y for c, y in targets if c < i]
            pagus.append((i, years[-1] if years else (prior[-1] if prior else None)))
        elif nama_i is None and ("program" in sub or "kegiatan" in sub or "uraian" in sub):
            nama_i = i
    if not targets or not pagus:
        targets, pagus = [(2, None), (4, None)], [(3, None), (5, None)]
        out.add(
            "KOLOM_TIDAK_DIKENALI",
            "peringatan",
            "kepala tabel tidak menyebut kolom Target dan Pagu; dipakai tata letak Tabel 4.1 (nama, indikator, "
            "target n, pagu n, target n+1, pagu n+1).",
            Loc(line=header[0].line if header else table.start + 1, table=table.name),
            saran="Periksa bahwa nilai terbaca di kolom yang benar.",
        )
    if any(y is None for _, y in targets + pagus):
        loc = Loc(line=header[-1].line if header else table.start + 1, table=table.name)
        out.add(
            "TAHUN_TIDAK_DITEMUKAN",
            "peringatan",
            f"kepala tabel tidak menyebut tahun target/pagu; dipakai tahun {n} dan {n + 1} berurutan.",
            loc,
            saran="Tulis tahun di kepala kolom (mis. 'Target 2024').",
        )
        fallback = iter(range(n, n + len(targets) + 1))
        targets = [(c, y if y is not None else next(fallback)) for c, y in targets]
        pagus = [(c, y if y is not None else ([t for tc, t in targets if tc < c] or [n])[-1]) for c, y in pagus]
    nama_i = 0 if nama_i is None else nama_i
    ind_i = 1 if ind_i is None else ind_i
    res.rencana_tahun = tuple(y for _, y in targets if y is not None)
    data_no = 0
    for row in rows:
        if row.kind == "header":
            continue
        if row.kind == "total":
            _add_totals(row, [(c, y, f"Pagu {y}", "") for c, y in pagus], table, out)
            continue
        data_no += 1
        nama = row.get(nama_i)
        loc = Loc(line=row.line, table=table.name, row=data_no)
        tcells = {
            y: (row.get(c), Loc(line=row.line_of(c), table=table.name, row=data_no, column=f"Target {y}"))
            for c, y in targets
            if y is not None
        }
        indikator = _plan_indicators(row.get(ind_i), tcells, out, f"'{nama}'")
        pagu: dict[int, Value] = {}
        for c, y in pagus:
            if y is not None and row.get(c):
                ploc = Loc(line=row.line_of(c), table=table.name, row=data_no, column=f"Pagu {y}")
                pagu[y] = out.value(row.get(c), ploc, money=True, konteks=f"'{nama}'")
        level = "program" if nama.lower().startswith("program") else ""
        res.rencana.append(PlanRowIn(loc=loc, nama=nama, level=level, indikator=indikator, pagu=pagu))


def _parse_tables(tables: Sequence[_Table], n: int, res: _Parsed, out: _Out) -> None:
    for table in tables:
        for line, text in table.fragments:
            out.add(
                "TEKS_DALAM_TABEL",
                "peringatan",
                "baris tanpa pemisah kolom di tengah tabel; tidak bisa ditempatkan ke kolom mana pun.",
                Loc(line=line, table=table.name),
                teks=text,
                saran="Periksa baris ini di dokumen sumber dan isi nilainya secara manual bila perlu.",
            )
        if not table.kind:
            out.add(
                "TABEL_TIDAK_DIKENALI",
                "peringatan",
                f"tabel '{table.title or table.name}' ({len(table.rows)} baris) tidak dikenali tata letaknya; "
                "isinya tidak dibaca.",
                Loc(line=table.start + 1, table=table.name),
                teks=table.title,
                saran="Bila tabel ini perlu diimpor, sesuaikan kepala tabelnya dengan format Permendagri 86/2017.",
            )
            continue
        header, body = _split_header(table.rows)
        ncols = _ncols(table.kind, header)
        try:
            rows = _prepare_rows(table, body, ncols, out)
            if table.kind == EVALUASI:
                _parse_evaluasi(table, header, rows, ncols, res, out)
            elif table.kind == PELAYANAN:
                _parse_pelayanan(table, header, rows, res, out)
            elif table.kind == REVIEW:
                _parse_review(table, header, rows, n, ncols, res, out)
            elif table.kind == USULAN:
                _parse_usulan(table, header, rows, n, ncols, res, out)
            elif table.kind == TUJUAN:
                _parse_tujuan(table, header, rows, ncols, res, out)
            elif table.kind == RENCANA:
                _parse_rencana(table, header, rows, n, ncols, res, out)
        except Exception as exc:  # a safety net: one table must not lose the rest of the document
            _crashed(out, exc, Loc(line=table.start + 1, table=table.name))


def _crashed(out: _Out, exc: Exception, loc: Loc) -> None:
    out.add(
        "PARSER_GAGAL",
        "error",
        f"pembacaan terhenti karena kesalahan program ({type(exc).__name__}: {exc}); bagian ini mungkin tidak lengkap.",
        loc,
        saran="Laporkan dokumen ini ke pengembang; sementara itu periksa hasil impor bagian ini secara manual.",
    )


# ------------------------------------------------------------------------------------ chapters and text


@dataclass
class _Heading:
    index: int  # 0-based line of the heading
    number: int  # 0 kata pengantar, -1 daftar isi, k for BAB k
    judul: str
    last: int  # last line consumed by the heading (its title lines)


def _heading_candidates(lines: Sequence[str], excluded: set[int]) -> list[_Heading]:
    found: list[_Heading] = []
    i = 0
    while i < len(lines):
        raw, s = lines[i], _plain(lines[i])
        if i in excluded or "\t" in raw or not s:
            i += 1
            continue
        if _KATA_PENGANTAR.match(s):
            found.append(_Heading(i, 0, "KATA PENGANTAR", i))
        elif _DAFTAR_ISI.match(s):
            found.append(_Heading(i, -1, "DAFTAR ISI", i))
        elif (m := _BAB_ALONE.match(s)) and m.group(1).upper() in _ROMAN:
            number, last = _ROMAN[m.group(1).upper()], i
            parts: list[str] = []
            j = _next_content(lines, i + 1)
            while j is not None and j not in excluded and "\t" not in lines[j] and len(parts) < 2:
                t = _plain(lines[j])
                if not _is_upper_title(t) or _is_heading_like(t):
                    break
                parts.append(_collapse_spaced(_unstar(t)))
                last = j
                if j + 1 >= len(lines) or not _plain(lines[j + 1]):
                    break
                j += 1
            found.append(_Heading(i, number, " ".join(parts), last))
            i = last
        elif (m := _BAB_INLINE.match(s)) and m.group(1).upper() in _ROMAN:
            found.append(_Heading(i, _ROMAN[m.group(1).upper()], _collapse_spaced(_unstar(m.group(2))), i))
        else:
            title = _collapse_spaced(_unstar(s))
            if title in _TITLE_ONLY:
                found.append(_Heading(i, _TITLE_ONLY[title], title, i))
        i += 1
    return found


def _choose_chapters(lines: Sequence[str], excluded: set[int], cands: list[_Heading]) -> list[_Heading]:
    """A chapter heading is followed by prose (or a table) before the next candidate; a list of chapters
    (the 'sistematika penulisan') is not."""

    def has_body(k: int) -> bool:
        stop = cands[k + 1].index if k + 1 < len(cands) else len(lines)
        return any(
            j in excluded or ("\t" not in lines[j] and len(_plain(lines[j])) > 150)
            for j in range(cands[k].last + 1, stop)
        )

    valid = [c for k, c in enumerate(cands) if c.number <= 0 or has_body(k)]
    chosen: list[_Heading] = []
    kp = next((c for c in valid if c.number == 0), None)
    di = next((c for c in valid if c.number == -1), None)
    chosen.extend(c for c in (kp, di) if c is not None)
    after = -1
    numbers = sorted({c.number for c in valid if c.number > 0})
    for number in numbers:
        pick = next((c for c in valid if c.number == number and c.index > after), None)
        if pick is not None:
            chosen.append(pick)
            after = pick.index
    return sorted(chosen, key=lambda c: c.index)


def _chapter_text(lines: Sequence[str], excluded: set[int], start: int, stop: int) -> tuple[str, list[int]]:
    kept: list[str] = []
    numbers: list[int] = []
    for j in range(start, stop):
        if j in excluded or _is_page_header(lines[j]):
            continue
        text = lines[j].replace("\f", " ").rstrip()
        if not text.strip():
            if kept and kept[-1]:
                kept.append("")
                numbers.append(j)
            continue
        kept.append(text)
        numbers.append(j)
    while kept and not kept[-1]:
        kept.pop()
        numbers.pop()
    return "\n".join(kept), numbers


# ------------------------------------------------------------------------------------ cover, signature


def _cover(lines: Sequence[str], stop: int) -> tuple[str, str, str, int | None]:
    """(pemda, perangkat daerah, alamat, tahun) from the cover: the lines before the first heading."""
    pemda = agency = alamat = ""
    tahun: int | None = None
    for j in range(min(stop, len(lines))):
        s = _plain(lines[j])
        if not s or "\t" in lines[j]:
            continue
        if not pemda and (m := _PEMDA.match(s)):
            pemda = f"{m.group(1).capitalize()} {_nice_name(m.group(2))}"
        elif not agency and (m := _AGENCY.match(s)):
            agency = _nice_name(m.group(1))
            if m.group(2):
                tahun = int(m.group(2))
        elif not alamat and _ADDRESS.match(s):
            alamat = _cell(_unstar(s))
        if tahun is None and (found := _YEAR_BEFORE.search(s)):
            tahun = int(found.group(1))
    return pemda, agency, alamat, tahun


def _signatures(lines: Sequence[str], excluded: set[int]) -> list[tuple[int, Penandatangan]]:
    """Signature blocks (place/date, jabatan lines, name, pangkat, NIP), anchored on the NIP or pangkat line."""
    blocks: list[tuple[int, Penandatangan]] = []
    used: set[int] = set()
    for j, raw in enumerate(lines):
        s = _plain(raw)
        if j in excluded or j in used or "\t" in raw or not s:
            continue
        nip_match = _NIP.match(s)
        is_pangkat = _PANGKAT.fullmatch(s) is not None and len(s) <= 60
        if not nip_match and not is_pangkat:
            continue
        nip, pangkat, k = "", "", j
        if nip_match:
            nip = " ".join(nip_match.group(1).split())
            prev = _prev_content(lines, j - 1)
            if prev is not None and _PANGKAT.fullmatch(_plain(lines[prev])) and len(_plain(lines[prev])) <= 60:
                pangkat, k = _plain(lines[prev]), prev
        else:
            nxt = _next_content(lines, j + 1)
            if nxt is not None and _NIP.match(_plain(lines[nxt])):
                continue  # read from its NIP line
            pangkat = s
        used.update({j, k})
        name_i = _prev_content(lines, k - 1)
        if name_i is None:
            continue
        nama = _unstar(_plain(lines[name_i]))
        jabatan_lines: list[str] = []
        a = _prev_content(lines, name_i - 1)
        while a is not None and len(jabatan_lines) < 5:
            t = _plain(lines[a])
            if "\t" in lines[a] or _PLACE_DATE.match(t) or len(t) > 80:
                break
            jabatan_lines.insert(0, _unstar(t))
            if a == 0 or not _plain(lines[a - 1]):
                a = _prev_content(lines, a - 1)
                break
            a -= 1
        tempat = ""
        if a is not None and _PLACE_DATE.match(_plain(lines[a])):
            tempat = _plain(lines[a])
        blocks.append(
            (
                name_i + 1,
                Penandatangan(
                    nama=nama,
                    jabatan=" ".join(jabatan_lines),
                    pangkat=pangkat,
                    nip=nip,
                    tempat_tanggal=tempat,
                ),
            )
        )
    return blocks


def _prev_content(lines: Sequence[str], j: int) -> int | None:
    while j >= 0:
        s = _plain(lines[j])
        if s and not _is_page_header(s):
            return j
        j -= 1
    return None


# ----------------------------------------------------------------------------------------- prose totals


def _prose_totals(text_lines: Iterable[tuple[int, str]], n: int | None, plan_table: str, out: _Out) -> None:
    for j, line in text_lines:
        if "\t" in line:
            continue
        loc = Loc(line=j + 1)
        for m in _MONEY_IN_TEXT.finditer(line):
            before = line[: m.start()]
            years = _YEAR_BEFORE.findall(before)
            tahun = int(years[-1]) if years else n
            near = before.lower().split()[-4:]  # "… terealisasi (anggaran) sebesar Rp …"
            jenis = (
                "realisasi_anggaran" if any(w.startswith(("reali", "terreali", "tereali")) for w in near) else "pagu"
            )
            value = out.value(m.group(0), Loc(line=j + 1, column="teks"), money=True, konteks="angka di teks")
            out.totals.append(
                StatedTotal(
                    loc=loc,
                    table=plan_table if tahun == n and jenis == "pagu" else "",
                    tahun=tahun,
                    value=value,
                    jenis=jenis,
                )
            )
        matches = list(_COUNT_IN_TEXT.finditer(line))
        groups: list[list[re.Match[str]]] = []
        for m in matches:
            if groups and _COUNT_JOINER.fullmatch(line[groups[-1][-1].end() : m.start()]):
                groups[-1].append(m)
            else:
                groups.append([m])
        for group in groups:
            levels = {re.sub(r"\s+", "_", g.group(2).lower()) for g in group}
            if len(group) < 2 or len(levels) < 2:
                continue
            years = _YEAR_BEFORE.findall(line[: group[0].start()])
            tahun = int(years[-1]) if years else n
            for g in group:
                jenis = re.sub(r"\s+", "_", g.group(2).lower())
                value = Value(teks=g.group(0), nilai=parse_number(g.group(1)).value, satuan=g.group(2), loc=loc)
                out.totals.append(
                    StatedTotal(
                        loc=loc,
                        table=plan_table if tahun == n else "",
                        tahun=tahun,
                        value=value,
                        jenis=jenis,
                    )
                )


# -------------------------------------------------------------------------------------------- entry


def parse_renja_text(text: str) -> ParsedRenja:
    """Parse a Renja PD document (text converted from PDF, tables tab-separated). Never raises: what cannot
    be read is a `Finding` with its place and raw text."""
    out = _Out()
    res = _Parsed()
    lines = _LINE_BREAK.split(text)
    tables: list[_Table] = []
    narasi: list[Narasi] = []
    pemda = agency = alamat = ""
    tahun: int | None = None
    penandatangan = Penandatangan()
    try:
        tables = _find_tables(lines)
        excluded = {j for t in tables for j in range(t.start, t.end + 1)}
        chapters = _choose_chapters(lines, excluded, _heading_candidates(lines, excluded))
        cover_stop = chapters[0].index if chapters else (tables[0].start if tables else min(len(lines), 60))
        pemda, agency, alamat, tahun = _cover(lines, cover_stop)
        headers = Counter(int(m.group(1)) for s in lines if (m := _PAGE_HEADER.match(_plain(s))))
        if tahun is None and headers:
            tahun = headers.most_common(1)[0][0]
        if tahun is None:
            out.add(
                "TAHUN_TIDAK_DITEMUKAN",
                "error",
                "tahun Renja tidak ditemukan di sampul maupun di kepala halaman.",
                Loc(line=1, table="sampul"),
                saran="Pastikan sampul menulis 'Rencana Kerja … Tahun NNNN'.",
            )
        elif headers and headers.most_common(1)[0][0] != tahun:
            out.add(
                "TAHUN_TIDAK_KONSISTEN",
                "peringatan",
                f"sampul menyebut tahun {tahun}, kepala halaman menyebut {headers.most_common(1)[0][0]}.",
                Loc(line=1, table="sampul"),
                diharapkan=str(tahun),
                ditemukan=str(headers.most_common(1)[0][0]),
                saran="Samakan tahun di sampul dan kepala halaman.",
            )
        if not pemda:
            m = _PEMDA_IN_TEXT.search(text)
            pemda = f"{m.group(1)} {m.group(2)}" if m else ""
        for what, found in (("nama pemerintah daerah", pemda), ("nama perangkat daerah", agency)):
            if not found:
                out.add(
                    "IDENTITAS_TIDAK_DITEMUKAN",
                    "peringatan",
                    f"{what} tidak ditemukan di sampul.",
                    Loc(line=1, table="sampul"),
                    saran="Pastikan sampul menulis nama pemerintah daerah dan perangkat daerah.",
                )
        n = tahun if tahun is not None else 0
        _parse_tables(tables, n, res, out)
        plan_table = next((t.name for t in tables if t.kind == RENCANA), "")
        text_lines: list[tuple[int, str]] = []
        for k, head in enumerate(chapters):
            stop = chapters[k + 1].index if k + 1 < len(chapters) else len(lines)
            if head.number < 0:
                continue
            body, numbers = _chapter_text(lines, excluded, head.last + 1, stop)
            code = "kata_pengantar" if head.number == 0 else f"bab{head.number}"
            narasi.append(Narasi(kode=code, judul=head.judul, teks=body))
            text_lines.extend((j, lines[j]) for j in numbers)
        _prose_totals(text_lines, tahun, plan_table, out)
        signatures = _signatures(lines, excluded)
        if signatures:
            penandatangan = signatures[0][1]
            for line, other in signatures[1:]:
                if other.nama and " ".join(other.nama.lower().split()) != " ".join(penandatangan.nama.lower().split()):
                    out.add(
                        "PENANDATANGAN_BERBEDA",
                        "peringatan",
                        f"nama penandatangan '{other.nama}' berbeda dengan '{penandatangan.nama}'.",
                        Loc(line=line),
                        diharapkan=penandatangan.nama,
                        ditemukan=other.nama,
                        saran="Samakan nama penandatangan di seluruh dokumen.",
                    )
        present = {t.kind for t in tables}
        for kind, label in _KIND_LABEL.items():
            if kind not in present:
                out.add(
                    "TABEL_TIDAK_DITEMUKAN",
                    "peringatan" if kind == RENCANA else "info",
                    f"tabel {label} tidak ditemukan di dokumen.",
                    Loc(line=1),
                    saran="Periksa judul ('Tabel …') dan kepala tabel di dokumen sumber.",
                )
    except Exception as exc:  # a safety net: a bug must not lose the whole document
        _crashed(out, exc, Loc(line=1))
    return ParsedRenja(
        tahun=tahun,
        pemda=pemda,
        perangkat_daerah=agency,
        alamat=alamat,
        penandatangan=penandatangan,
        renstra_periode=res.renstra_periode,
        evaluasi=tuple(res.evaluasi),
        pelayanan=tuple(res.pelayanan),
        ranwal=tuple(res.ranwal),
        analisis_kebutuhan=tuple(res.analisis),
        usulan=tuple(res.usulan),
        tujuan_sasaran=tuple(res.tujuan),
        rencana=tuple(res.rencana),
        narasi=tuple(narasi),
        totals=tuple(out.totals),
        findings=tuple(out.findings),
        evaluasi_tahun=dict(res.evaluasi_tahun),
        rencana_tahun=res.rencana_tahun,
    )
