"""Parse a nomenclature list (XLSX as pemda staff download it) into items with their row and findings.

Two real shapes, told apart by the header row (whatever the sheet is called, wherever the header sits in
the first rows):

- **Kepmendagri 900.x, kab/kota** (`kepmendagri_900`): columns URUSAN/UNSUR, BIDANG…, PROGRAM, KEGIATAN
  (`2.01`), SUB KEGIATAN (`1`), NOMENKLATUR…, KINERJA, INDIKATOR, SATUAN, KETERANGAN. The code is split
  over the first five columns; the last filled one gives the level. `X`/`XX` is the support program of
  every agency. Names carry runs of spaces and line breaks from PDF conversion.
- **SIPD export** (`sipd`): JENIS PEMDA (PROV/KABKOT), then BIDANG, PROGRAM, KEGIATAN, SUBKEGIATAN, each
  cell `code name`, then KINERJA, INDIKATOR, SATUAN, TAG, DEFINISI OPERASIONAL, PELAKSANA, SPM, JENIS,
  SUBKEGIATAN SEBELUMNYA. One row per sub kegiatan: the upper levels repeat on every row and are
  deduplicated here. The export has no urusan column, so its bidang have no parent.

Also reads and writes the small CSV the product ships (`level,kode,nama,kinerja,indikator,satuan,
parent_kode`). Pure apart from openpyxl: no Django.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from renja.core.text import LEVEL_BY_SEGMENTS, canonical_code, normalize_name, parent_code
from renja.importers.parse.model import Finding, Loc

__all__ = [
    "FORMAT_KEPMENDAGRI",
    "FORMAT_KURASI_CSV",
    "FORMAT_SIPD",
    "KURASI_COLUMNS",
    "LEVELS",
    "NomenklaturFormatError",
    "NomenklaturItem",
    "ParsedNomenklatur",
    "parse_kurasi_csv",
    "parse_nomenklatur_xlsx",
    "write_kurasi_csv",
]

FORMAT_KEPMENDAGRI = "kepmendagri_900"
FORMAT_SIPD = "sipd"
FORMAT_KURASI_CSV = "kurasi_csv"
LEVELS = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan")
KURASI_COLUMNS = ("level", "kode", "nama", "kinerja", "indikator", "satuan", "parent_kode")
_HEADER_SCAN_ROWS = 20

Source = str | Path | bytes | IO[bytes]


class NomenklaturFormatError(ValueError):
    """The file cannot be read as a nomenclature list. `message` says what, where and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class NomenklaturItem:
    """One urusan/bidang/program/kegiatan/sub kegiatan. `kode` canonical, `kode_asli` as written;
    `nama` with whitespace collapsed (the text as written is in `extra["nama_asli"]` when it differs)."""

    baris: int
    level: str
    kode: str
    kode_asli: str
    nama: str
    parent_kode: str | None
    jenis_pemda: str = "kabkota"
    kinerja: str = ""
    indikator: str = ""
    satuan: str = ""
    keterangan: str = ""
    kode_sebelumnya: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedNomenklatur:
    format: str
    sheet: str
    items: tuple[NomenklaturItem, ...]
    findings: tuple[Finding, ...]
    baris_data: int = 0  # rows after the header, blank ones included
    baris_kosong: int = 0

    def count_per_level(self, jenis_pemda: str | None = None) -> dict[str, int]:
        counts = Counter(i.level for i in self.items if jenis_pemda is None or i.jenis_pemda == jenis_pemda)
        return {level: counts.get(level, 0) for level in LEVELS}

    @property
    def jenis_pemda(self) -> tuple[str, ...]:
        return tuple(sorted({i.jenis_pemda for i in self.items}))


# ------------------------------------------------------------------------------------------------ helpers


def _display(value: object) -> str:
    """Cell text with runs of whitespace (line breaks included) collapsed."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def _header_key(value: object) -> str:
    return _display(value).upper()


def _finding(kode: str, severity: str, pesan: str, row: int, sheet: str, column: str = "", **kw: str) -> Finding:
    return Finding(kode=kode, severity=severity, pesan=pesan, loc=Loc(line=row, table=sheet, column=column), **kw)


def _segment(value: object) -> str | None:
    """A code cell of the Kepmendagri file as text: 2 -> "2", 2.0 -> "2", "2.01" -> "2.01", blank -> None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}"
    text = str(value).strip()
    return text or None


def _source_name(source: Source, nama: str | None) -> str:
    if nama:
        return nama
    if isinstance(source, Path):
        return source.name
    if isinstance(source, str):
        return Path(source).name
    return "ini"


def _open_workbook(source: Source, name: str) -> Any:
    import openpyxl  # local: keep `import` of this module cheap
    from openpyxl.utils.exceptions import InvalidFileException

    if isinstance(source, bytes):
        handle: Any = io.BytesIO(source)
    elif isinstance(source, str | Path):
        path = Path(source)
        if not path.exists():
            raise NomenklaturFormatError(f"Berkas {path} tidak ada. Periksa nama dan folder berkasnya.")
        if path.is_dir():
            raise NomenklaturFormatError(f"{path} adalah folder, bukan berkas XLSX. Sebutkan berkasnya.")
        handle = str(path)
    else:
        handle = source
    try:
        return openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise NomenklaturFormatError(
            f"Berkas {name} tidak bisa dibaca sebagai XLSX ({exc.__class__.__name__}: {exc}). "
            "Buka berkas di Excel/LibreOffice, simpan sebagai 'Excel Workbook (.xlsx)', lalu impor lagi."
        ) from exc


# Header texts (upper case, whitespace collapsed) -> field. A header matches by equality or by prefix (+).
_KEPMENDAGRI_COLUMNS: dict[str, tuple[str, ...]] = {
    "urusan": ("URUSAN/UNSUR", "URUSAN+"),
    "bidang": ("BIDANG URUSAN/BIDANG UNSUR", "BIDANG+"),
    "program": ("PROGRAM",),
    "kegiatan": ("KEGIATAN",),
    "sub_kegiatan": ("SUB KEGIATAN", "SUBKEGIATAN"),
    "nama": ("NOMENKLATUR+", "NAMA+", "URAIAN+"),
    "kinerja": ("KINERJA",),
    "indikator": ("INDIKATOR",),
    "satuan": ("SATUAN",),
    "keterangan": ("KETERANGAN",),
}
_KEPMENDAGRI_REQUIRED = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan", "nama")

_SIPD_COLUMNS: dict[str, tuple[str, ...]] = {
    "jenis_pemda": ("JENIS PEMDA",),
    "urusan": ("URUSAN",),
    "bidang": ("BIDANG", "BIDANG URUSAN"),
    "program": ("PROGRAM",),
    "kegiatan": ("KEGIATAN",),
    "sub_kegiatan": ("SUBKEGIATAN", "SUB KEGIATAN"),
    "kinerja": ("KINERJA",),
    "indikator": ("INDIKATOR",),
    "satuan": ("SATUAN",),
    "tag": ("TAG",),
    "definisi_operasional": ("DEFINISI OPERASIONAL",),
    "pelaksana": ("PELAKSANA",),
    "spm": ("SPM",),
    "jenis": ("JENIS",),
    "sebelumnya": ("SUBKEGIATAN SEBELUMNYA", "SUB KEGIATAN SEBELUMNYA"),
}
_SIPD_REQUIRED = ("jenis_pemda", "bidang", "program", "kegiatan", "sub_kegiatan")


def _map_columns(header: Sequence[object], spec: dict[str, tuple[str, ...]]) -> dict[str, int]:
    keys = [_header_key(v) for v in header]
    out: dict[str, int] = {}
    for name, patterns in spec.items():
        for i, key in enumerate(keys):
            if not key or i in out.values():
                continue
            if any(key == p or (p.endswith("+") and key.startswith(p[:-1])) for p in patterns):
                out[name] = i
                break
    return out


def _detect(header: Sequence[object]) -> tuple[str, dict[str, int]] | None:
    keys = {_header_key(v) for v in header}
    if "JENIS PEMDA" in keys:
        cols = _map_columns(header, _SIPD_COLUMNS)
        if all(c in cols for c in _SIPD_REQUIRED):
            return FORMAT_SIPD, cols
    cols = _map_columns(header, _KEPMENDAGRI_COLUMNS)
    if all(c in cols for c in _KEPMENDAGRI_REQUIRED):
        return FORMAT_KEPMENDAGRI, cols
    return None


def _cell(row: Sequence[object], cols: dict[str, int], name: str) -> object:
    i = cols.get(name)
    if i is None or i >= len(row):
        return None
    return row[i]


class _Collector:
    """Deduplicates items by (jenis_pemda, kode) and records what is odd."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.items: dict[tuple[str, str], NomenklaturItem] = {}
        self.findings: list[Finding] = []
        self._reported: set[tuple[str, str, str]] = set()

    def add(self, item: NomenklaturItem, *, repeat_expected: bool = False) -> None:
        key = (item.jenis_pemda, item.kode)
        first = self.items.get(key)
        if first is None:
            self.items[key] = item
            return
        same = first.nama == item.nama or normalize_name(first.nama) == normalize_name(item.nama)
        if same and repeat_expected:
            return
        tag = (item.jenis_pemda, item.kode, normalize_name(item.nama))
        if tag in self._reported:
            return
        self._reported.add(tag)
        if same:
            self.findings.append(
                _finding(
                    "BARIS_GANDA",
                    "info",
                    f"Kode {item.kode} ({item.level}) muncul lagi di baris {item.baris} dengan nama yang sama "
                    f"(pertama di baris {first.baris}); baris ini dilewati.",
                    item.baris,
                    self.sheet,
                    teks=item.kode_asli,
                )
            )
        else:
            self.findings.append(
                _finding(
                    "KODE_GANDA",
                    "peringatan",
                    f"Kode {item.kode} ({item.level}) di baris {item.baris} bernama '{item.nama}', padahal di baris "
                    f"{first.baris} bernama '{first.nama}'. Nama dari baris {first.baris} yang dipakai.",
                    item.baris,
                    self.sheet,
                    teks=item.kode_asli,
                    diharapkan=first.nama,
                    ditemukan=item.nama,
                    saran="Periksa kedua baris di berkas sumber; satu kode hanya boleh punya satu nama.",
                )
            )

    def check_parents(self, *, skip_levels: Iterable[str] = ()) -> None:
        skip = set(skip_levels)
        for (jenis, _kode), item in self.items.items():
            if item.parent_kode is None or item.level in skip:
                continue
            if (jenis, item.parent_kode) not in self.items:
                self.findings.append(
                    _finding(
                        "INDUK_TIDAK_ADA",
                        "peringatan",
                        f"{item.level.replace('_', ' ').capitalize()} {item.kode} '{item.nama}' (baris {item.baris}): "
                        f"induknya {item.parent_kode} tidak ada di berkas; disimpan tanpa induk.",
                        item.baris,
                        self.sheet,
                        teks=item.kode_asli,
                        saran="Periksa apakah baris induknya terhapus atau kodenya salah ketik.",
                    )
                )


def _with_original(nama_raw: object, extra: dict[str, Any]) -> str:
    nama = _display(nama_raw)
    raw = "" if nama_raw is None else str(nama_raw)
    if raw != nama:
        extra["nama_asli"] = raw
    return nama


# ------------------------------------------------------------------------------------------ Kepmendagri 900


def _parse_kepmendagri(
    rows: Iterator[tuple[object, ...]], header_row: int, cols: dict[str, int], sheet: str
) -> ParsedNomenklatur:
    out = _Collector(sheet)
    code_cols = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan")
    data_rows = blank = 0
    for rownum, row in enumerate(rows, start=header_row + 1):
        data_rows += 1
        segs = [_segment(_cell(row, cols, c)) for c in code_cols]
        nama_raw = _cell(row, cols, "nama")
        if all(s is None for s in segs) and not _display(nama_raw):
            blank += 1
            if all(v is None or not str(v).strip() for v in row):
                out.findings.append(
                    _finding("BARIS_KOSONG", "info", f"Baris {rownum} kosong; dilewati.", rownum, sheet)
                )
            else:
                out.findings.append(
                    _finding(
                        "BARIS_TANPA_KODE",
                        "peringatan",
                        f"Baris {rownum} tidak punya kode maupun nama, tetapi kolom lain terisi; dilewati.",
                        rownum,
                        sheet,
                        saran="Periksa apakah baris ini lanjutan baris sebelumnya yang terpotong.",
                    )
                )
            continue
        present = [s for s in segs if s is not None]
        filled = [s is not None for s in segs]
        kode_asli = ".".join(present)
        if not present:
            out.findings.append(
                _finding(
                    "KODE_KOSONG",
                    "peringatan",
                    f"Baris {rownum} punya nama '{_display(nama_raw)[:80]}' tetapi tidak punya kode; dilewati.",
                    rownum,
                    sheet,
                    column="URUSAN",
                    teks=_display(nama_raw)[:200],
                    saran="Isi kolom kode (URUSAN, BIDANG, PROGRAM, KEGIATAN, SUB KEGIATAN) atau hapus baris ini.",
                )
            )
            continue
        if filled != sorted(filled, reverse=True):  # a gap: e.g. PROGRAM filled while BIDANG is empty
            missing = code_cols[filled.index(False)].replace("_", " ").upper()
            out.findings.append(
                _finding(
                    "KODE_TIDAK_LENGKAP",
                    "error",
                    f"Kode di baris {rownum} tidak lengkap: kolom {missing} kosong padahal kolom sesudahnya terisi "
                    f"({kode_asli}); baris dilewati.",
                    rownum,
                    sheet,
                    column=missing,
                    teks=kode_asli,
                    saran="Lengkapi kode di kolom yang kosong.",
                )
            )
            continue
        try:
            kode = canonical_code(kode_asli)
        except ValueError as exc:
            out.findings.append(
                _finding(
                    "KODE_TIDAK_TERBACA",
                    "error",
                    f"Baris {rownum}: {exc}; baris dilewati.",
                    rownum,
                    sheet,
                    teks=kode_asli,
                    saran="Perbaiki kode (contoh: 2 | 13 | 4 | 2.01 | 1 = 2.13.04.2.01.0001).",
                )
            )
            continue
        level = LEVEL_BY_SEGMENTS[len(kode.split("."))]
        expected = code_cols[len(present) - 1]
        if level != expected:
            out.findings.append(
                _finding(
                    "KODE_TIDAK_TERBACA",
                    "error",
                    f"Baris {rownum}: kode {kode_asli} tidak cocok dengan kolomnya (kolom terakhir yang terisi: "
                    f"{expected.replace('_', ' ').upper()}); baris dilewati.",
                    rownum,
                    sheet,
                    teks=kode_asli,
                    saran="Kolom KEGIATAN ditulis seperti 2.01.",
                )
            )
            continue
        extra: dict[str, Any] = {}
        nama = _with_original(nama_raw, extra)
        if not nama:
            out.findings.append(
                _finding(
                    "NAMA_KOSONG",
                    "error",
                    f"Kode {kode} di baris {rownum} tidak punya nama; baris dilewati.",
                    rownum,
                    sheet,
                    column="NOMENKLATUR",
                    teks=kode_asli,
                    saran="Isi nama nomenklaturnya.",
                )
            )
            continue
        out.add(
            NomenklaturItem(
                baris=rownum,
                level=level,
                kode=kode,
                kode_asli=kode_asli,
                nama=nama,
                parent_kode=parent_code(kode),
                jenis_pemda="kabkota",
                kinerja=_display(_cell(row, cols, "kinerja")),
                indikator=_display(_cell(row, cols, "indikator")),
                satuan=_display(_cell(row, cols, "satuan")),
                keterangan=_display(_cell(row, cols, "keterangan")),
                extra=extra,
            )
        )
    out.check_parents()
    return ParsedNomenklatur(
        format=FORMAT_KEPMENDAGRI,
        sheet=sheet,
        items=tuple(out.items.values()),
        findings=tuple(out.findings),
        baris_data=data_rows,
        baris_kosong=blank,
    )


# ------------------------------------------------------------------------------------------------ SIPD

_CODE_AND_NAME = re.compile(r"^\s*([0-9Xx]+(?:\s*\.\s*[0-9Xx]+)*)\.?(?:\s+|$)(.*)$", re.DOTALL)
_JENIS_PEMDA = {
    "PROV": "prov",
    "PROVINSI": "prov",
    "KABKOT": "kabkota",
    "KABKOTA": "kabkota",
    "KAB/KOTA": "kabkota",
    "KABUPATEN/KOTA": "kabkota",
    "KAB": "kabkota",
    "KOTA": "kabkota",
}
_SIPD_LEVEL_COLUMNS = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan")
_SIPD_HEADERS = {
    "urusan": "URUSAN",
    "bidang": "BIDANG",
    "program": "PROGRAM",
    "kegiatan": "KEGIATAN",
    "sub_kegiatan": "SUBKEGIATAN",
}


def _split_code(cell: object) -> tuple[str, str] | None:
    text = "" if cell is None else str(cell)
    m = _CODE_AND_NAME.match(text)
    if not m:
        return None
    return m.group(1), m.group(2)


def _tags(value: object) -> list[str]:
    text = "" if value is None else str(value).strip()
    if not text:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        return [_display(text)]
    if isinstance(data, list):
        return [_display(t) for t in data if t]
    return [_display(data)] if data else []


def _parse_sipd(
    rows: Iterator[tuple[object, ...]], header_row: int, cols: dict[str, int], sheet: str
) -> ParsedNomenklatur:
    out = _Collector(sheet)
    level_cols = [c for c in _SIPD_LEVEL_COLUMNS if c in cols]
    data_rows = blank = 0
    odd_jenis: Counter[str] = Counter()
    seen_cells: dict[tuple[str, str, object], str] = {}  # (jenis, level, cell) already taken: skip re-parsing
    for rownum, row in enumerate(rows, start=header_row + 1):
        data_rows += 1
        if all(v is None or not str(v).strip() for v in row):
            blank += 1
            out.findings.append(_finding("BARIS_KOSONG", "info", f"Baris {rownum} kosong; dilewati.", rownum, sheet))
            continue
        jenis_raw = _header_key(_cell(row, cols, "jenis_pemda"))
        jenis = _JENIS_PEMDA.get(jenis_raw.replace(" ", ""))
        if jenis is None:
            out.findings.append(
                _finding(
                    "JENIS_PEMDA_TIDAK_DIKENAL",
                    "error",
                    f"Baris {rownum}: JENIS PEMDA '{jenis_raw}' tidak dikenal (yang dikenal: PROV, KABKOT); "
                    "baris dilewati.",
                    rownum,
                    sheet,
                    column="JENIS PEMDA",
                    teks=jenis_raw,
                    saran="Isi PROV atau KABKOT.",
                )
            )
            continue
        above: str | None = None
        for level in level_cols:
            column = _SIPD_HEADERS[level]
            cell = _cell(row, cols, level)
            known = seen_cells.get((jenis, level, cell)) if level != "sub_kegiatan" else None
            if known is not None and (above is None or parent_code(known) == above):
                above = known
                continue
            split = _split_code(cell)
            if split is None:
                out.findings.append(
                    _finding(
                        "KODE_TIDAK_TERBACA",
                        "error",
                        f"Baris {rownum}, kolom {column}: '{_display(cell)[:80]}' tidak diawali kode nomenklatur; "
                        "sisa baris dilewati.",
                        rownum,
                        sheet,
                        column=column,
                        teks=_display(cell)[:200],
                        saran="Sel harus berisi kode lalu nama, misalnya '2.13.04 PROGRAM ADMINISTRASI ...'.",
                    )
                )
                break
            kode_asli, nama_raw = split
            try:
                kode = canonical_code(kode_asli)
            except ValueError as exc:
                out.findings.append(
                    _finding(
                        "KODE_TIDAK_TERBACA",
                        "error",
                        f"Baris {rownum}, kolom {column}: {exc}; sisa baris dilewati.",
                        rownum,
                        sheet,
                        column=column,
                        teks=kode_asli,
                    )
                )
                break
            actual = LEVEL_BY_SEGMENTS[len(kode.split("."))]
            if actual != level:
                out.findings.append(
                    _finding(
                        "KODE_LEVEL_SALAH",
                        "error",
                        f"Baris {rownum}, kolom {column}: kode {kode_asli} adalah kode {actual.replace('_', ' ')}, "
                        f"bukan {level.replace('_', ' ')}; sisa baris dilewati.",
                        rownum,
                        sheet,
                        column=column,
                        teks=kode_asli,
                    )
                )
                break
            parent = parent_code(kode)
            if above is not None and parent != above:
                out.findings.append(
                    _finding(
                        "KODE_TIDAK_KONSISTEN",
                        "peringatan",
                        f"Baris {rownum}, kolom {column}: kode {kode} tidak berada di bawah {above} (kolom "
                        "sebelumnya); induk diambil dari kodenya sendiri.",
                        rownum,
                        sheet,
                        column=column,
                        teks=kode_asli,
                        diharapkan=f"{above}.…",
                        ditemukan=kode,
                    )
                )
            if level == "bidang" and "urusan" not in cols:
                parent = None
            above = kode
            extra: dict[str, Any] = {}
            nama = _with_original(nama_raw, extra)
            if not nama:
                out.findings.append(
                    _finding(
                        "NAMA_KOSONG",
                        "error",
                        f"Baris {rownum}, kolom {column}: kode {kode} tanpa nama; dilewati.",
                        rownum,
                        sheet,
                        column=column,
                        teks=kode_asli,
                    )
                )
                continue
            if level != "sub_kegiatan":
                seen_cells[(jenis, level, cell)] = kode
                out.add(
                    NomenklaturItem(
                        baris=rownum,
                        level=level,
                        kode=kode,
                        kode_asli=kode_asli,
                        nama=nama,
                        parent_kode=parent,
                        jenis_pemda=jenis,
                        extra=extra,
                    ),
                    repeat_expected=True,
                )
                continue
            _sipd_sub_kegiatan(out, row, cols, rownum, sheet, jenis, kode, kode_asli, nama, parent, extra, odd_jenis)
    if "urusan" not in cols:
        out.findings.append(
            _finding(
                "TANPA_URUSAN",
                "info",
                "Berkas SIPD ini tidak punya kolom URUSAN; bidang urusan disimpan tanpa induk urusan.",
                header_row,
                sheet,
            )
        )
    out.check_parents(skip_levels=() if "urusan" in cols else ("bidang",))
    return ParsedNomenklatur(
        format=FORMAT_SIPD,
        sheet=sheet,
        items=tuple(out.items.values()),
        findings=tuple(out.findings),
        baris_data=data_rows,
        baris_kosong=blank,
    )


def _sipd_sub_kegiatan(
    out: _Collector,
    row: Sequence[object],
    cols: dict[str, int],
    rownum: int,
    sheet: str,
    jenis: str,
    kode: str,
    kode_asli: str,
    nama: str,
    parent: str | None,
    extra: dict[str, Any],
    odd_jenis: Counter[str],
) -> None:
    kinerja = _display(_cell(row, cols, "kinerja"))
    indikator = _display(_cell(row, cols, "indikator"))
    satuan = _display(_cell(row, cols, "satuan"))
    if not (kinerja and indikator and satuan):
        empty = [n for n, v in (("KINERJA", kinerja), ("INDIKATOR", indikator), ("SATUAN", satuan)) if not v]
        out.findings.append(
            _finding(
                "INDIKATOR_KOSONG",
                "peringatan",
                f"Sub kegiatan {kode} '{nama}' (baris {rownum}) tanpa {', '.join(empty)}; disimpan apa adanya.",
                rownum,
                sheet,
                column=empty[0],
                teks=kode_asli,
                saran="Lengkapi dari sumber resmi sebelum dipakai sebagai indikator baku.",
            )
        )
    tags = _tags(_cell(row, cols, "tag"))
    if tags:
        extra["tag"] = tags
    for name in ("definisi_operasional", "pelaksana", "spm", "jenis"):
        value = _cell(row, cols, name)
        text = str(value).strip() if value is not None else ""
        if text:
            extra[name] = text if name == "definisi_operasional" else _display(text)
    jenis_sub = extra.get("jenis", "")
    if jenis_sub and jenis_sub not in {"Layanan", "Aktifitas", "Aktivitas"}:
        odd_jenis[jenis_sub] += 1
        out.findings.append(
            _finding(
                "JENIS_TIDAK_BIASA",
                "info",
                f"Sub kegiatan {kode} (baris {rownum}): JENIS '{jenis_sub}' bukan Layanan/Aktifitas; "
                "disimpan apa adanya.",
                rownum,
                sheet,
                column="JENIS",
                teks=jenis_sub,
            )
        )
    kode_sebelumnya = ""
    prev = _cell(row, cols, "sebelumnya")
    prev_text = _display(prev)
    if prev_text:
        extra["subkegiatan_sebelumnya"] = prev_text
        split = _split_code(prev_text)
        try:
            kode_sebelumnya = canonical_code(split[0]) if split else ""
        except ValueError:
            kode_sebelumnya = ""
        if not kode_sebelumnya:
            out.findings.append(
                _finding(
                    "KODE_SEBELUMNYA_TIDAK_TERBACA",
                    "peringatan",
                    f"Sub kegiatan {kode} (baris {rownum}): SUBKEGIATAN SEBELUMNYA '{prev_text[:80]}' tidak diawali "
                    "kode; teksnya disimpan, kodenya tidak.",
                    rownum,
                    sheet,
                    column="SUBKEGIATAN SEBELUMNYA",
                    teks=prev_text[:200],
                )
            )
    out.add(
        NomenklaturItem(
            baris=rownum,
            level="sub_kegiatan",
            kode=kode,
            kode_asli=kode_asli,
            nama=nama,
            parent_kode=parent,
            jenis_pemda=jenis,
            kinerja=kinerja,
            indikator=indikator,
            satuan=satuan,
            kode_sebelumnya=kode_sebelumnya,
            extra=extra,
        )
    )


# ------------------------------------------------------------------------------------------------ entry


def parse_nomenklatur_xlsx(source: Source, *, nama: str | None = None) -> ParsedNomenklatur:
    """Read a nomenclature XLSX (path, bytes or binary file) of either known shape.

    `nama` names the file in messages (default: the path's file name). Raises NomenklaturFormatError when
    the file is not an XLSX or no sheet has a known header row.
    """
    name = _source_name(source, nama)
    wb = _open_workbook(source, name)
    try:
        seen: list[str] = []
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            for rownum, row in enumerate(rows, start=1):
                if rownum > _HEADER_SCAN_ROWS:
                    break
                detected = _detect(row)
                if detected is None:
                    continue
                fmt, cols = detected
                if fmt == FORMAT_SIPD:
                    return _parse_sipd(rows, rownum, cols, ws.title)
                return _parse_kepmendagri(rows, rownum, cols, ws.title)
            seen.append(ws.title)
    finally:
        wb.close()
    raise NomenklaturFormatError(
        f"Format berkas {name} tidak dikenali sebagai daftar nomenklatur: di "
        f"{_sheets(seen)} tidak ada baris judul kolom yang dikenal dalam {_HEADER_SCAN_ROWS} baris pertama. "
        "Yang didukung: (1) daftar Kepmendagri 900 kab/kota dengan kolom URUSAN/UNSUR, BIDANG, PROGRAM, "
        "KEGIATAN, SUB KEGIATAN, NOMENKLATUR; (2) unduhan SIPD dengan kolom JENIS PEMDA, BIDANG, PROGRAM, "
        "KEGIATAN, SUBKEGIATAN. Pastikan baris judul kolom tidak diubah atau dihapus."
    )


def _sheets(names: Sequence[str]) -> str:
    if not names:
        return "berkas ini (tidak ada lembar kerja)"
    return "lembar " + ", ".join(f"'{n}'" for n in names)


# ------------------------------------------------------------------------------------------------ CSV


def parse_kurasi_csv(text: str, *, jenis_pemda: str = "kabkota", sheet: str = "kurasi") -> ParsedNomenklatur:
    """Read the curated CSV (`KURASI_COLUMNS`), checking each code against its level and parent."""
    out = _Collector(sheet)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ("level", "kode", "nama") if c not in (reader.fieldnames or [])]
    if missing:
        raise NomenklaturFormatError(
            f"CSV nomenklatur tanpa kolom {', '.join(missing)}; kolom yang diharapkan: {', '.join(KURASI_COLUMNS)}."
        )
    rows = 0
    for rownum, rec in enumerate(reader, start=2):
        rows += 1
        level = (rec.get("level") or "").strip()
        kode_asli = (rec.get("kode") or "").strip()
        try:
            kode = canonical_code(kode_asli)
        except ValueError as exc:
            out.findings.append(
                _finding(
                    "KODE_TIDAK_TERBACA",
                    "error",
                    f"Baris {rownum}: {exc}; dilewati.",
                    rownum,
                    sheet,
                    column="kode",
                    teks=kode_asli,
                )
            )
            continue
        if LEVEL_BY_SEGMENTS[len(kode.split("."))] != level:
            out.findings.append(
                _finding(
                    "KODE_LEVEL_SALAH",
                    "error",
                    f"Baris {rownum}: kode {kode} bukan kode {level}; dilewati.",
                    rownum,
                    sheet,
                    column="level",
                    teks=kode_asli,
                )
            )
            continue
        stated = (rec.get("parent_kode") or "").strip()
        parent = parent_code(kode)
        if stated and stated != parent:
            out.findings.append(
                _finding(
                    "KODE_TIDAK_KONSISTEN",
                    "peringatan",
                    f"Baris {rownum}: parent_kode {stated} bukan induk dari {kode}; dipakai {parent}.",
                    rownum,
                    sheet,
                    column="parent_kode",
                    teks=stated,
                )
            )
        extra: dict[str, Any] = {}
        nama = _with_original(rec.get("nama"), extra)
        out.add(
            NomenklaturItem(
                baris=rownum,
                level=level,
                kode=kode,
                kode_asli=kode_asli,
                nama=nama,
                parent_kode=parent,
                jenis_pemda=jenis_pemda,
                kinerja=_display(rec.get("kinerja")),
                indikator=_display(rec.get("indikator")),
                satuan=_display(rec.get("satuan")),
                extra=extra,
            )
        )
    out.check_parents()
    return ParsedNomenklatur(
        format=FORMAT_KURASI_CSV,
        sheet=sheet,
        items=tuple(out.items.values()),
        findings=tuple(out.findings),
        baris_data=rows,
    )


def write_kurasi_csv(items: Iterable[NomenklaturItem]) -> str:
    """The curated CSV for `items`, in code order (parents before children)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(KURASI_COLUMNS)
    for it in sorted(items, key=lambda i: _code_sort_key(i.kode)):
        writer.writerow([it.level, it.kode, it.nama, it.kinerja, it.indikator, it.satuan, it.parent_kode or ""])
    return buf.getvalue()


def _code_sort_key(kode: str) -> tuple[tuple[int, str], ...]:
    return tuple((0, s) if s[0] == "X" else (1, s) for s in kode.split("."))
