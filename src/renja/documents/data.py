"""The report-data builder: one `RenjaDocumentData` per Renja, read in a fixed number of queries, from which
every renderer (PDF, DOCX, XLSX, on-screen HTML) draws. A number therefore reads the same everywhere.

`renja_document_data(renja)` reads the Renja, its plan rows (and those of the two Tabel 2.4 versions), the
Renstra (T-C.29 inputs and T-C.30 service indicators), tujuan/sasaran, usulan and the narrative — 18 queries
whatever the size of the plan (asserted in tests/documents) — plus the evaluation engine's T-C.29 and the
checker's findings when those apps are installed.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from django.db.models import Prefetch
from django.template import Context, Engine

from renja.calc.angka import format_angka, format_rupiah
from renja.calc.rollup import Figure, RollupRow, Status, compute_rollup
from renja.documents.custom import Custom, load_custom
from renja.documents.layouts import HeaderCell, TabelLayout, Tahun
from renja.documents.narasi import Block, parse_blocks
from renja.documents.review import Catatan, Sisi, compare
from renja.master.models import Level
from renja.plans.models import (
    Indikator,
    Narasi,
    Pagu,
    PlanRow,
    Realisasi,
    Renja,
    Tahapan,
    Target,
    TujuanSasaran,
)
from renja.usulan.models import Usulan

ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}
BAB_JUDUL = {
    1: "PENDAHULUAN",
    2: "HASIL EVALUASI RENJA PERANGKAT DAERAH TAHUN LALU",
    3: "TUJUAN DAN SASARAN PERANGKAT DAERAH",
    4: "RENCANA KERJA DAN PENDANAAN PERANGKAT DAERAH",
    5: "PENUTUP",
}
_SYSTEM_NOTE = "Semantik disimpulkan:"  # a note the importer leaves on inferred indicators, not the agency's text


# ---------------------------------------------------------------------------------------------- the shapes


@dataclass(frozen=True)
class Cell:
    """One printed cell. Numeric columns carry `value` (None: empty or unreadable, then `text` is the raw text
    the document had); `rumus` names the spreadsheet formula variant of the column to use (see layouts)."""

    text: str = ""
    value: Decimal | None = None
    satuan: str = ""
    rumus: str | None = None
    penjelasan: str = ""
    temuan: str = ""

    @property
    def kosong(self) -> bool:
        return not self.text and self.value is None


EMPTY = Cell()


@dataclass(frozen=True)
class Line:
    """One printed line of a table. A plan row with several indicators takes several lines: the first carries
    `rowspan` (how many), the others are `lanjutan` and fill only the per-indicator columns. A line with
    `judul` is a group heading drawn across the whole table."""

    cells: Mapping[str, Cell]
    level: str = ""
    depth: int = 0
    rowspan: int = 1
    lanjutan: bool = False
    ref: str = ""
    judul: str = ""

    def cell(self, key: str) -> Cell:
        return self.cells.get(key, EMPTY)


@dataclass(frozen=True)
class Tabel:
    layout: TabelLayout
    caption: str  # "Tabel 2.1 Rekapitulasi …"
    judul: str  # the title alone
    header: list[list[HeaderCell]]
    lines: tuple[Line, ...]
    total: Mapping[str, Cell] | None = None  # the "Jumlah" row
    catatan: tuple[str, ...] = ()  # notes printed under the table

    @property
    def kode(self) -> str:
        return self.layout.kode

    @property
    def records(self) -> list[Line]:
        """Lines that start a record (not continuation lines, not group headings)."""
        return [ln for ln in self.lines if not ln.lanjutan and not ln.judul]

    @property
    def anchor(self) -> str:
        return "tabel-" + self.layout.nomor.replace(".", "-")


@dataclass(frozen=True)
class Penandatangan:
    nama: str
    jabatan: str
    pangkat: str
    nip: str
    tempat_tanggal: str

    @property
    def jabatan_baris(self) -> list[str]:
        """The title broken into the lines an official signature block uses."""
        text = " ".join(self.jabatan.split())
        if not text:
            return []
        upper = text.upper()
        for word in (" PEMBERDAYAAN", " KABUPATEN", " KOTA", " PROVINSI"):
            upper = upper.replace(word, "\n" + word.strip(), 1) if word in upper[5:] else upper
        return [ln.strip() for ln in upper.split("\n") if ln.strip()]


@dataclass(frozen=True)
class Bagian:
    """A part of a chapter in reading order: a narrative block or a table."""

    block: Block | None = None
    tabel: Tabel | None = None


@dataclass(frozen=True)
class Bab:
    kode: str  # kata_pengantar, bab1 … bab5
    nomor: int  # 0 for the kata pengantar
    judul: str
    bagian: tuple[Bagian, ...]
    dari_template: bool = False  # True when the text came from a narrative template, not the Renja

    @property
    def romawi(self) -> str:
        return ROMAWI.get(self.nomor, str(self.nomor))

    @property
    def anchor(self) -> str:
        return self.kode

    @property
    def headings(self) -> list[Block]:
        return [b.block for b in self.bagian if b.block is not None and b.block.jenis == "heading"]

    @property
    def tables(self) -> list[Tabel]:
        return [b.tabel for b in self.bagian if b.tabel is not None]


@dataclass(frozen=True)
class Temuan:
    severity: str  # error | peringatan | info
    kode: str
    pesan: str
    lokasi: str = ""
    saran: str = ""


@dataclass(frozen=True)
class Identitas:
    renja_id: int
    pemda: str
    pemda_kode: str
    perangkat_daerah: str
    pd_singkatan: str
    pd_kode: str
    pd_alamat: str
    tahun: int
    tahapan: str
    tahapan_kode: str
    versi: int
    label: str
    renstra: str
    renstra_akhir: int | None

    @property
    def judul(self) -> str:
        return f"Rencana Kerja {self.perangkat_daerah} Tahun {self.tahun}"

    @property
    def nama_berkas(self) -> str:
        singkat = self.pd_singkatan or self.pd_kode or "pd"
        safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in singkat)
        return f"renja-{self.tahun}-{safe.lower()}-{self.tahapan_kode}-v{self.versi}"


@dataclass(frozen=True)
class RenjaDocumentData:
    identitas: Identitas
    penandatangan: Penandatangan
    kata_pengantar: Bab
    bab: tuple[Bab, ...]
    tabel: tuple[Tabel, ...]  # in document order
    temuan: tuple[Temuan, ...]
    temuan_sumber: str  # which checker produced `temuan`
    counts: Mapping[str, int]
    counts_text: str
    total_n: Figure
    total_n1: Figure
    layouts_versi: str
    custom: Custom = field(repr=False, compare=False, default_factory=load_custom)
    catatan: tuple[str, ...] = ()  # notes about the data (e.g. an engine that is not installed yet)

    def tabel_by_kode(self, kode: str) -> Tabel:
        for t in self.tabel:
            if t.kode == kode:
                return t
        raise KeyError(kode)

    @property
    def rencana(self) -> Tabel:
        for t in self.tabel:
            if t.layout.rencana:
                return t
        raise KeyError("rencana")


# ---------------------------------------------------------------------------------------------- formatting


def _num_text(value: Decimal | None, satuan: str = "", raw: str = "") -> str:
    if value is None:
        return raw.strip()
    text = format_angka(value)
    if not satuan:
        return text
    return f"{text}%" if satuan.strip() == "%" else f"{text} {satuan}"


def target_cell(value: Decimal | None, teks: str, satuan: str) -> Cell:
    return Cell(text=_num_text(value, satuan, teks), value=value, satuan=satuan)


def rupiah_cell(value: Decimal | None, teks: str = "", penjelasan: str = "") -> Cell:
    return Cell(
        text=format_rupiah(value) if value is not None else teks.strip(),
        value=value,
        penjelasan=penjelasan,
    )


def text_cell(text: str) -> Cell:
    return Cell(text=" ".join((text or "").split()))


def _freeze(cells: dict[str, Cell]) -> Mapping[str, Cell]:
    return MappingProxyType(cells)


def _kode(row: PlanRow) -> str:
    return row.kode or row.kode_asli


def _depth_first(rows: Sequence[PlanRow]) -> list[tuple[PlanRow, int]]:
    """Program > kegiatan > sub kegiatan in the stored order; a row whose parent is elsewhere is a top row."""
    ids = {r.pk for r in rows}
    children: dict[int, list[PlanRow]] = {}
    tops: list[PlanRow] = []
    for r in rows:
        if r.parent_id is None or r.parent_id not in ids or r.parent_id == r.pk:
            tops.append(r)
        else:
            children.setdefault(r.parent_id, []).append(r)
    out: list[tuple[PlanRow, int]] = []
    seen: set[int] = set()
    for start in [*tops, *rows]:
        stack = [(start, 0)]
        while stack:
            node, depth = stack.pop()
            if node.pk in seen:
                continue
            seen.add(node.pk)
            out.append((node, depth))
            stack.extend((c, depth + 1) for c in reversed(children.get(node.pk, [])))
    return out


def _targets(ind: Indikator) -> list[Target]:
    return list(getattr(ind, "target_list", []))


def _target_for(ind: Indikator, tahun: int | None, *, akhir: bool = False, proyeksi: bool = False) -> Cell:
    for t in _targets(ind):
        if t.triwulan or t.akhir_periode != akhir or t.proyeksi != proyeksi:
            continue
        if tahun is None or t.tahun == tahun:
            return target_cell(t.nilai, t.teks, t.satuan or ind.satuan)
    return EMPTY


def _realisasi_for(ind: Indikator, tahun: int, *, kumulatif: bool = False) -> Cell:
    for r in getattr(ind, "realisasi_list", []):
        if r.triwulan == 0 and r.tahun == tahun and r.kumulatif == kumulatif:
            return target_cell(r.nilai, r.teks, ind.satuan)
    return EMPTY


def _indikator_cell(ind: Indikator) -> Cell:
    return text_cell(ind.nama)


def _pagu_map(row: PlanRow) -> dict[int, Pagu]:
    return {p.tahun: p for p in getattr(row, "pagu_list", [])}


def _record_lines(
    base: dict[str, Cell],
    per_indikator: Sequence[dict[str, Cell]],
    *,
    level: str,
    depth: int,
    ref: str,
) -> list[Line]:
    """The lines of one record: the row's cells and its first indicator on the first line, then one line per
    further indicator."""
    count = max(1, len(per_indikator))
    first = dict(base)
    if per_indikator:
        first.update(per_indikator[0])
    lines = [Line(_freeze(first), level=level, depth=depth, rowspan=count, ref=ref)]
    for extra in per_indikator[1:]:
        lines.append(Line(_freeze(dict(extra)), level=level, depth=depth, lanjutan=True, ref=ref))
    return lines


# ---------------------------------------------------------------------------------------------- queries


def _indikator_prefetch(*, realisasi: bool = False) -> Prefetch[str, Any, str]:
    qs = Indikator.objects.order_by("urutan", "id").prefetch_related(
        Prefetch("targets", queryset=Target.objects.filter(triwulan=0).order_by("tahun"), to_attr="target_list")
    )
    if realisasi:
        qs = qs.prefetch_related(
            Prefetch(
                "realisasi",
                queryset=Realisasi.objects.filter(triwulan=0, indikator__isnull=False).order_by("tahun"),
                to_attr="realisasi_list",
            )
        )
    return Prefetch("indikator", queryset=qs, to_attr="indikator_list")


def _plan_rows(renjas: Sequence[Renja]) -> dict[int, list[PlanRow]]:
    """Rows of several Renja with pagu (and its sumber dana), indicators and year targets: 4 queries."""
    rows = (
        PlanRow.objects.filter(renja__in=renjas)
        .select_related("sumber_dana")
        .order_by("urutan", "id")
        .prefetch_related(
            Prefetch("pagu", queryset=Pagu.objects.select_related("sumber_dana"), to_attr="pagu_list"),
            _indikator_prefetch(),
        )
    )
    out: dict[int, list[PlanRow]] = {r.pk: [] for r in renjas}
    for row in rows:
        assert row.renja_id is not None
        out[row.renja_id].append(row)
    return out


# ---------------------------------------------------------------------------------------------- tables


def _table(layout: TabelLayout, tahun: Tahun, lines: Iterable[Line], **kw: Any) -> Tabel:
    return Tabel(
        layout=layout,
        caption=layout.caption(tahun),
        judul=tahun.fill(layout.judul),
        header=layout.header_rows(tahun),
        lines=tuple(lines),
        **kw,
    )


def _total_row(layout: TabelLayout, figures: Mapping[str, Figure]) -> Mapping[str, Cell]:
    cells: dict[str, Cell] = {}
    for key, figure in figures.items():
        if key in layout.keys:
            value = figure.value if figure.known else None
            text = format_rupiah(figure.value) if figure.known else "–"
            if figure.known and not figure.complete:
                text += "*"
            cells[key] = Cell(text=text, value=value, penjelasan=figure.explanation)
    return _freeze(cells)


@dataclass(frozen=True)
class _Tc29:
    lines: list[Line]
    by_kode: dict[str, list[Mapping[str, Cell]]]  # kode → indicator cells (for Bab IV)
    catatan: tuple[str, ...]
    sumber: str


_TC29_COLUMNS = {
    4: "target_akhir",
    5: "realisasi_n3",
    6: "target_n2",
    7: "realisasi_n2",
    8: "tingkat_realisasi",
    9: "target_n1",
    10: "perkiraan_realisasi",
    11: "tingkat_capaian",
}


def _engine_tc29(renja: Renja) -> Any | None:
    """The evaluation engine's T-C.29 (`renja.evaluasi.selectors.tc29_table`), when that app is installed."""
    try:
        selectors = importlib.import_module("renja.evaluasi.selectors")
    except ImportError:
        return None
    return selectors.tc29_table(renja)


def _arah_varian(arah: str, rumus_turun: str) -> str | None:
    if arah == "naik":
        return "naik"
    if arah == "turun":
        return f"turun_{rumus_turun}"
    return None  # tetap (a range): the value, no formula


def _tc29_from_engine(table: Any) -> _Tc29:
    """Lines from `renja.calc.tc29.Tc29Table`: one line per (row, indicator), the row's cells merged over its
    lines; each computed cell keeps its explanation and findings, and names the formula kind for the XLSX."""
    lines: list[Line] = []
    by_kode: dict[str, list[Mapping[str, Cell]]] = {}
    rumus_turun = str(getattr(table.rumus_turun, "value", table.rumus_turun))
    groups: list[list[Any]] = []
    for row in table.rows:
        if row.baris_pertama or not groups or groups[-1][0].row_id != row.row_id:
            groups.append([row])
        else:
            groups[-1].append(row)
    for group in groups:
        first = group[0]
        per_ind: list[dict[str, Cell]] = []
        for r in group:
            if r.indikator_id is None and not r.indikator:
                continue
            sifat = r.sifat
            arah = str(getattr(getattr(sifat, "arah", ""), "value", "")) if sifat else ""
            antar = str(getattr(getattr(sifat, "antar_tahun", ""), "value", "")) if sifat else ""
            cells: dict[str, Cell] = {"indikator": text_cell(r.indikator)}
            for nomor, key in _TC29_COLUMNS.items():
                c = r.kolom.get(nomor)
                if c is None:
                    continue
                persen = nomor in (8, 11)
                varian = _arah_varian(arah, rumus_turun) if persen else (antar or None) if nomor == 10 else None
                satuan = "" if persen else r.satuan
                value = c.value if isinstance(c.value, Decimal) else None
                cells[key] = Cell(
                    text=_num_text(value, satuan, c.text) if not persen else c.text,
                    value=value,
                    satuan=satuan,
                    rumus=varian,
                    penjelasan=c.penjelasan,
                    temuan="; ".join(t.pesan for t in c.temuan),
                )
            per_ind.append(cells)
        kode = first.kode
        if kode and per_ind:
            by_kode.setdefault(kode, []).extend(per_ind)
        base = {"kode": text_cell(kode), "uraian": text_cell(first.uraian)}
        lines.extend(_record_lines(base, per_ind, level=first.level, depth=_LEVEL_DEPTH.get(first.level, 0), ref=kode))
    return _Tc29(lines=lines, by_kode=by_kode, catatan=(), sumber="mesin evaluasi")


_LEVEL_DEPTH = {"urusan": 0, "bidang": 0, "program": 1, "kegiatan": 2, "sub_kegiatan": 3}


def _tc29_from_inputs(renstra_rows: Sequence[PlanRow], n: int) -> _Tc29:
    """T-C.29 from the stored inputs (columns 4, 5, 6, 7, 9) when the evaluation engine is not installed:
    the computed columns 8, 10 and 11 stay empty in the documents (the XLSX still carries their formulas)."""
    lines: list[Line] = []
    by_kode: dict[str, list[Mapping[str, Cell]]] = {}
    for row, depth in _depth_first(renstra_rows):
        per_ind = []
        for ind in getattr(row, "indikator_list", []):
            cells = {
                "indikator": _indikator_cell(ind),
                "target_akhir": _target_for(ind, None, akhir=True),
                "realisasi_n3": _realisasi_for(ind, n - 3, kumulatif=True),
                "target_n2": _target_for(ind, n - 2),
                "realisasi_n2": _realisasi_for(ind, n - 2),
                "target_n1": _target_for(ind, n - 1),
                "tingkat_realisasi": Cell(rumus=_arah_varian(ind.arah, "t_per_r")),
                "perkiraan_realisasi": Cell(rumus=ind.agregasi_antar_tahun),
                "tingkat_capaian": Cell(rumus=_arah_varian(ind.arah, "t_per_r")),
            }
            per_ind.append(cells)
        kode = _kode(row)
        if kode:
            by_kode.setdefault(row.kode or kode, []).extend(per_ind)
        base = {"kode": text_cell(kode), "uraian": text_cell(row.nama)}
        lines.extend(_record_lines(base, per_ind, level=row.level, depth=depth, ref=kode))
    note = (
        "Kolom 8, 10 dan 11 dihitung oleh mesin evaluasi, yang belum terpasang pada instalasi ini; "
        "lembar Excel memuat rumusnya."
    )
    return _Tc29(lines=lines, by_kode=by_kode, catatan=(note,), sumber="data tersimpan")


def _tc30_lines(pelayanan: Sequence[Indikator], n: int) -> list[Line]:
    lines: list[Line] = []
    kelompok = None
    for ind in pelayanan:
        if ind.kelompok and ind.kelompok != kelompok:
            kelompok = ind.kelompok
            lines.append(Line(_freeze({}), judul=" ".join(ind.kelompok.split()), level="grup"))
        catatan = "" if ind.catatan.startswith(_SYSTEM_NOTE) else ind.catatan
        cells = {
            "no": text_cell(ind.nomor),
            "indikator": _indikator_cell(ind),
            "target_n2": _target_for(ind, n - 2),
            "target_n1": _target_for(ind, n - 1),
            "target_n": _target_for(ind, n),
            "target_n1p": _target_for(ind, n + 1),
            "realisasi_n3": _realisasi_for(ind, n - 3),
            "realisasi_n2": _realisasi_for(ind, n - 2),
            "realisasi_n1": _realisasi_for(ind, n - 1),
            "proyeksi_n": _target_for(ind, n, proyeksi=True),
            "proyeksi_n1p": _target_for(ind, n + 1, proyeksi=True),
            "catatan": text_cell(catatan),
        }
        lines.append(Line(_freeze(cells), ref=ind.nomor))
    return lines


def _plan_indicator_cells(row: PlanRow, years: Mapping[str, int]) -> list[dict[str, Cell]]:
    out = []
    for ind in getattr(row, "indikator_list", []):
        cells: dict[str, Cell] = {"indikator": _indikator_cell(ind)}
        for key, tahun in years.items():
            cells[key] = _target_for(ind, tahun)
        out.append(cells)
    return out


def _lokasi_sumber(row: PlanRow, pagu: Pagu | None) -> tuple[str, str]:
    lokasi = (pagu.lokasi if pagu and pagu.lokasi else "") or row.lokasi
    sumber = pagu.sumber_dana if pagu and pagu.sumber_dana_id else row.sumber_dana
    return lokasi, (sumber.nama if sumber else "")


def _tc33_lines(rows: Sequence[PlanRow], n: int) -> list[Line]:
    lines: list[Line] = []
    for row, depth in _depth_first(rows):
        pagu = _pagu_map(row)
        lokasi, sumber = _lokasi_sumber(row, pagu.get(n))
        base = {
            "kode": text_cell(_kode(row)),
            "uraian": text_cell(row.nama),
            "lokasi": text_cell(lokasi),
            "pagu_n": rupiah_cell(*_pagu_args(pagu.get(n))),
            "sumber_dana": text_cell(sumber),
            "catatan": text_cell(row.catatan),
            "pagu_n1": rupiah_cell(*_pagu_args(pagu.get(n + 1))),
        }
        per_ind = _plan_indicator_cells(row, {"target_n": n, "target_n1": n + 1})
        lines.extend(_record_lines(base, per_ind, level=row.level, depth=depth, ref=_kode(row)))
    return lines


def _pagu_args(pagu: Pagu | None) -> tuple[Decimal | None, str]:
    return (None, "") if pagu is None else (pagu.jumlah, pagu.teks)


def _bab4_lines(
    rows: Sequence[PlanRow], n: int, renstra: Mapping[str, list[Mapping[str, Cell]]], pd: str
) -> list[Line]:
    lines: list[Line] = []
    for no, (row, depth) in enumerate(_depth_first(rows), start=1):
        pagu = _pagu_map(row)
        lokasi, sumber = _lokasi_sumber(row, pagu.get(n))
        base = {
            "no": text_cell(str(no)),
            "kode": text_cell(_kode(row)),
            "uraian": text_cell(row.nama),
            "pagu_n": rupiah_cell(*_pagu_args(pagu.get(n))),
            "lokasi": text_cell(lokasi),
            "sumber_dana": text_cell(sumber),
            "pagu_n1": rupiah_cell(*_pagu_args(pagu.get(n + 1))),
            "pd": text_cell(pd),
        }
        per_ind = _plan_indicator_cells(row, {"target_n": n, "target_n1": n + 1})
        from_renstra = renstra.get(row.kode, []) if row.kode else []
        for i, cells in enumerate(per_ind):
            if i < len(from_renstra):
                src = from_renstra[i]
                cells["target_akhir"] = src.get("target_akhir", EMPTY)
                cells["realisasi_n2"] = src.get("realisasi_n2", EMPTY)
                cells["prakiraan_n1"] = src.get("perkiraan_realisasi", EMPTY)
        lines.extend(_record_lines(base, per_ind, level=row.level, depth=depth, ref=_kode(row)))
    return lines


def _sisi(row: PlanRow | None, n: int) -> Sisi | None:
    if row is None:
        return None
    pagu = _pagu_map(row).get(n)
    target = []
    for ind in getattr(row, "indikator_list", []):
        t = _target_for(ind, n)
        target.append((ind.nama, t.value, t.satuan))
    return Sisi(nama=row.nama, pagu=pagu.jumlah if pagu else None, target=target)


def _merge_order(awal: Sequence[PlanRow], hasil: Sequence[PlanRow]) -> list[tuple[PlanRow | None, PlanRow | None, int]]:
    """Rows of both versions matched by kode (by name when a row has none), in the hasil's order, with rows
    only in the rancangan awal placed after their predecessor there."""

    def key(r: PlanRow) -> str:
        return r.kode or "nama:" + " ".join(r.nama.lower().split())

    a_order = _depth_first(awal)
    h_order = _depth_first(hasil)
    a_by = {key(r): (r, d) for r, d in a_order}
    h_keys = [key(r) for r, _ in h_order]
    merged: list[str] = list(h_keys)
    prev: str | None = None
    for r, _ in a_order:
        k = key(r)
        if k not in merged:
            pos = merged.index(prev) + 1 if prev is not None and prev in merged else len(merged)
            merged.insert(pos, k)
        prev = k
    h_by = {key(r): (r, d) for r, d in h_order}
    out = []
    for k in merged:
        a = a_by.get(k)
        h = h_by.get(k)
        depth = (h or a or (None, 0))[1]
        out.append((a[0] if a else None, h[0] if h else None, depth))
    return out


def _tc31_lines(awal: Sequence[PlanRow], hasil: Sequence[PlanRow], n: int) -> list[Line]:
    lines: list[Line] = []
    for no, (a, h, depth) in enumerate(_merge_order(awal, hasil), start=1):
        catatan: Catatan = compare(_sisi(a, n), _sisi(h, n))
        base: dict[str, Cell] = {"no": text_cell(str(no))}
        per_ind: list[dict[str, Cell]] = []
        for prefix, row in (("awal", a), ("hasil", h)):
            if row is None:
                continue
            pagu = _pagu_map(row).get(n)
            lokasi, _ = _lokasi_sumber(row, pagu)
            base[f"{prefix}_uraian"] = text_cell(row.nama)
            base[f"{prefix}_lokasi"] = text_cell(lokasi)
            base[f"{prefix}_pagu"] = rupiah_cell(*_pagu_args(pagu))
            for i, ind in enumerate(getattr(row, "indikator_list", [])):
                while len(per_ind) <= i:
                    per_ind.append({})
                per_ind[i][f"{prefix}_indikator"] = _indikator_cell(ind)
                per_ind[i][f"{prefix}_target"] = _target_for(ind, n)
        note = catatan.teks
        if h is not None and h.catatan:
            note = f"{note}. {h.catatan}"
        base["catatan"] = Cell(text=note, penjelasan="; ".join(catatan.rincian))
        src = h or a
        assert src is not None
        level, ref = src.level, src.kode
        lines.extend(_record_lines(base, per_ind, level=level, depth=depth, ref=ref or ""))
    return lines


def _tc32_lines(usulan: Sequence[Usulan]) -> list[Line]:
    lines: list[Line] = []
    for i, u in enumerate(usulan, start=1):
        lokasi = ", ".join(
            p
            for p in (
                f"Desa {u.desa_teks}" if u.desa_teks else "",
                f"Kec. {u.kecamatan_teks}" if u.kecamatan_teks else "",
                u.lokasi,
            )
            if p
        )
        if u.volume is not None:
            besaran = target_cell(u.volume, "", u.satuan)
        elif u.pagu_usulan is not None:
            besaran = Cell(text=f"Rp {format_rupiah(u.pagu_usulan)}", value=u.pagu_usulan, satuan="Rp")
        else:
            besaran = text_cell(u.pagu_usulan_teks)
        # the current state (the latest recorded level of the chain); a rejected proposal stays in the table
        # with its status and reason
        notes = []
        if u.sumber == Usulan.Sumber.POKIR:
            notes.append("Pokir DPRD" + (f" ({u.pengusul})" if u.pengusul else ""))
        if u.status == Usulan.Status.DITOLAK:
            pass
        elif u.pagu_rekomendasi is not None:
            notes.append(f"Rekomendasi Rp {format_rupiah(u.pagu_rekomendasi)}")
        elif u.pagu_rekomendasi_teks:
            notes.append(f"Rekomendasi {u.pagu_rekomendasi_teks}")
        if u.status != Usulan.Status.DIUSULKAN:
            notes.append(u.get_status_display())
        if u.alasan:
            notes.append(f"Alasan: {u.alasan}" if u.status == Usulan.Status.DITOLAK else u.alasan)
        cells = {
            "no": text_cell(u.nomor or str(i)),
            "uraian": text_cell(u.kegiatan),
            "lokasi": text_cell(lokasi),
            "indikator": text_cell(u.row.nama if u.row else ""),
            "besaran": besaran,
            "catatan": text_cell("; ".join(notes)),
        }
        lines.append(Line(_freeze(cells), ref=u.nomor or str(i)))
    return lines


def _tujuan_lines(items: Sequence[TujuanSasaran], n: int) -> list[Line]:
    by_parent: dict[int | None, list[TujuanSasaran]] = {}
    ids = {t.pk for t in items}
    for t in items:
        parent = t.parent_id if t.parent_id in ids else None
        by_parent.setdefault(parent, []).append(t)
    lines: list[Line] = []

    def add(t: TujuanSasaran, depth: int) -> None:
        base = {"no": text_cell(t.nomor), "uraian": text_cell(t.uraian)}
        per_ind = []
        for ind in getattr(t, "indikator_list", []):
            per_ind.append(
                {
                    "no_indikator": text_cell(ind.nomor),
                    "indikator": _indikator_cell(ind),
                    "target_n": _target_for(ind, n),
                }
            )
        lines.extend(_record_lines(base, per_ind, level=t.jenis, depth=depth, ref=t.nomor))
        for child in by_parent.get(t.pk, []):
            add(child, depth + 1)

    for top in by_parent.get(None, []):
        add(top, 0)
    return lines


# ---------------------------------------------------------------------------------------------- narrative


def _narasi_context(renja: Renja, counts: Mapping[str, int], total: Figure) -> dict[str, Any]:
    return {
        "renja": renja,
        "pd": renja.perangkat_daerah,
        "pemda": renja.perangkat_daerah.pemda,
        # years and counts as text: a template would print the number 2024 as "2.024" (thousands separator)
        "tahun": str(renja.tahun),
        "tahun_berikut": str(renja.tahun + 1),
        "tahun_lalu": str(renja.tahun - 1),
        "jumlah": {k: str(v) for k, v in counts.items()},
        "total_pagu": format_rupiah(total.value),
    }


def _narasi_text(
    kode: str, stored: Mapping[str, Narasi], custom: Custom, context: Mapping[str, Any]
) -> tuple[str, str, bool]:
    """(judul, teks, from_template) of a chapter: the Renja's own text, else its narrative template."""
    nar = stored.get(kode)
    if nar is not None and nar.teks.strip():
        return nar.judul, nar.teks, False
    template = custom.narasi_template(kode)
    judul = nar.judul if nar is not None else ""
    if template is None:
        return judul, "", False
    engine = Engine(autoescape=False)
    text = engine.from_string(template.read_text(encoding="utf-8")).render(Context(dict(context)))
    return judul, text, True


def _place_tables(blocks: Sequence[Block], tables: Sequence[Tabel]) -> tuple[Bagian, ...]:
    """Each table at the end of its section (the text under its heading), or at the end of the chapter."""
    parts: list[Bagian] = []
    pending = {t.layout.subbab: [] for t in tables}  # type: dict[str, list[Tabel]]
    for t in tables:
        pending[t.layout.subbab].append(t)
    current: str | None = None

    def close(section: str | None) -> None:
        if section is not None and section in pending:
            parts.extend(Bagian(tabel=t) for t in pending.pop(section))

    for block in blocks:
        if block.jenis == "heading":
            close(current)
            current = block.nomor
        parts.append(Bagian(block=block))
    close(current)
    for section in sorted(pending, key=lambda s: tuple(int(x) for x in s.split(".") if x.isdigit())):
        parts.extend(Bagian(tabel=t) for t in pending[section])
    return tuple(parts)


# ---------------------------------------------------------------------------------------------- checks


def _checker_findings(renja: Renja) -> tuple[list[Temuan], str] | None:
    """The checker's findings (`renja.checks`), when that app is installed and exposes a runner."""
    try:
        module = importlib.import_module("renja.checks.selectors")
    except ImportError:
        return None
    fn = getattr(module, "renja_findings", None)
    if not callable(fn):
        return None
    out = []
    for f in fn(renja):
        out.append(
            Temuan(
                severity=str(getattr(f, "severity", "") or getattr(f, "tingkat", "")),
                kode=str(getattr(f, "kode", "")),
                pesan=str(getattr(f, "pesan", "")),
                lokasi=str(getattr(f, "lokasi", "")),
                saran=str(getattr(f, "saran", "")),
            )
        )
    return out, "pemeriksa (renja.checks)"


def _rollup_findings(rows: Sequence[PlanRow], n: int) -> tuple[list[Temuan], Figure, Figure, dict[str, int], str]:
    inputs = [
        RollupRow(
            id=r.pk,
            parent_id=r.parent_id,
            level=r.level,
            pagu={p.tahun: p.jumlah for p in getattr(r, "pagu_list", [])},
            label=_kode(r) or r.nama[:60],
        )
        for r in rows
    ]
    rollup = compute_rollup(inputs, [n, n + 1])
    by_id = {r.pk: r for r in rows}
    out = []
    for check in rollup.mismatches:
        row = by_id[check.row_id]
        out.append(
            Temuan(
                severity="error",
                kode="PAGU_TIDAK_SAMA_JUMLAH",
                pesan=f"Pagu {Level(row.level).label.lower() if row.level in Level.values else row.level} "
                f"'{row.nama}' ({check.year}) tidak sama dengan jumlah rinciannya: {check.explanation}.",
                lokasi=f"T-C.33, {_kode(row) or row.nama}",
                saran="Perbaiki pagu baris ini atau pagu rinciannya agar sama.",
            )
        )
    for check in (c for r in rollup.rows.values() for c in r.checks.values()):
        if check.status is Status.TIDAK_LENGKAP:
            row = by_id[check.row_id]
            out.append(
                Temuan(
                    severity="peringatan",
                    kode="PAGU_RINCIAN_KOSONG",
                    pesan=f"Pagu '{row.nama}' ({check.year}) tidak dapat dicocokkan: {check.explanation}.",
                    lokasi=f"T-C.33, {_kode(row) or row.nama}",
                    saran="Isi pagu rincian yang kosong.",
                )
            )
    return out, rollup.plan_totals[n], rollup.plan_totals[n + 1], dict(rollup.counts), rollup.counts_text


def _version_total(rows: Sequence[PlanRow], n: int) -> Figure:
    """The total of a Tabel 2.4 version: the sum of its top rows, or of its sub kegiatan when the top rows
    state no pagu (a Rancangan Awal often gives pagu only to sub kegiatan)."""
    inputs = [
        RollupRow(
            id=r.pk,
            parent_id=r.parent_id,
            level=r.level,
            pagu={p.tahun: p.jumlah for p in getattr(r, "pagu_list", [])},
            label=_kode(r) or r.nama[:60],
        )
        for r in rows
    ]
    rollup = compute_rollup(inputs, [n])
    top = rollup.plan_totals[n]
    if top.known or Level.SUB_KEGIATAN not in rollup.level_totals:
        return top
    return rollup.level_totals[Level.SUB_KEGIATAN][n]


# ---------------------------------------------------------------------------------------------- the builder


def renja_document_data(renja: Renja, *, custom: Custom | None = None, with_findings: bool = True) -> RenjaDocumentData:
    """Everything the documents print for `renja`, in a fixed number of queries. `with_findings=False` skips the
    checker (the PDF and DOCX do not print its findings; the XLSX and the Dokumen tab do)."""
    custom = custom or load_custom()
    layouts = custom.layouts
    renja = Renja.objects.select_related("perangkat_daerah__pemda", "renstra").get(pk=renja.pk)  # 1
    pd = renja.perangkat_daerah
    n = renja.tahun
    versions = {
        r.versi: r
        for r in Renja.objects.filter(perangkat_daerah=pd, tahun=n, tahapan=Tahapan.RANCANGAN_AWAL, versi__in=[1, 2])
        .exclude(pk=renja.pk)
        .only("id", "versi", "tahun", "tahapan")
    }  # 2
    plan = _plan_rows([renja, *versions.values()])  # 3–6
    rows = plan[renja.pk]
    renstra = renja.renstra
    renstra_rows: list[PlanRow] = []
    pelayanan: list[Indikator] = []
    if renstra is not None:
        renstra_rows = list(
            PlanRow.objects.filter(renstra=renstra)
            .order_by("urutan", "id")
            .prefetch_related(_indikator_prefetch(realisasi=True))
        )  # 7–10
        pelayanan = list(
            Indikator.objects.filter(renstra=renstra, jenis="pelayanan")
            .order_by("urutan", "id")
            .prefetch_related(
                Prefetch(
                    "targets", queryset=Target.objects.filter(triwulan=0).order_by("tahun"), to_attr="target_list"
                ),
                Prefetch(
                    "realisasi",
                    queryset=Realisasi.objects.filter(triwulan=0).order_by("tahun"),
                    to_attr="realisasi_list",
                ),
            )
        )  # 11–13
    tujuan = list(
        TujuanSasaran.objects.filter(renja=renja).order_by("urutan", "id").prefetch_related(_indikator_prefetch())
    )  # 14–16
    usulan = list(
        Usulan.objects.filter(perangkat_daerah=pd, tahun=n).select_related("row").order_by("urutan", "id")
    )  # 17
    narasi = {nar.kode: nar for nar in Narasi.objects.filter(renja=renja)}  # 18

    tahun = Tahun(n=n, akhir=renstra.tahun_akhir if renstra else None)
    rollup_findings, total_n, total_n1, counts, counts_text = _rollup_findings(rows, n)
    notes: list[str] = []

    engine_table = _engine_tc29(renja)
    tc29 = _tc29_from_engine(engine_table) if engine_table is not None else _tc29_from_inputs(renstra_rows, n)
    if engine_table is None:
        notes.append("T-C.29: mesin evaluasi (renja.evaluasi) belum terpasang; kolom 8, 10 dan 11 kosong.")

    tables: dict[str, Tabel] = {}
    for layout in layouts.tabel:
        kode = layout.kode
        if kode == "T-C.29":
            tables[kode] = _table(layout, tahun, tc29.lines, catatan=tc29.catatan)
        elif kode == "T-C.30":
            tables[kode] = _table(layout, tahun, _tc30_lines(pelayanan, n))
        elif kode == "T-C.31":
            awal, hasil = versions.get(1), versions.get(2)
            lines = _tc31_lines(plan[awal.pk] if awal else [], plan[hasil.pk] if hasil else [], n)
            totals = {}
            for prefix, version in (("awal", awal), ("hasil", hasil)):
                if version is not None:
                    totals[f"{prefix}_pagu"] = _version_total(plan[version.pk], n)
            cat = (
                ()
                if (awal or hasil)
                else ("Rancangan Awal RKPD dan hasil analisis kebutuhan belum ada untuk tahun ini.",)
            )
            tables[kode] = _table(
                layout, tahun, lines, total=_total_row(layout, totals) if totals else None, catatan=cat
            )
        elif kode == "T-C.32":
            tables[kode] = _table(layout, tahun, _tc32_lines(usulan))
        elif kode == "Tabel 3.1":
            tables[kode] = _table(layout, tahun, _tujuan_lines(tujuan, n))
        elif kode == "T-C.33":
            tables[kode] = _table(
                layout,
                tahun,
                _tc33_lines(rows, n),
                total=_total_row(layout, {"pagu_n": total_n, "pagu_n1": total_n1}),
            )
        elif kode == "Bab IV":
            tables[kode] = _table(
                layout,
                tahun,
                _bab4_lines(rows, n, tc29.by_kode, pd.singkatan or pd.nama),
                total=_total_row(layout, {"pagu_n": total_n, "pagu_n1": total_n1}),
            )
        else:
            tables[kode] = _table(layout, tahun, [], catatan=(f"Tabel {kode} belum diisi oleh pembangun data.",))

    checked = _checker_findings(renja) if with_findings else ([], "tidak diperiksa untuk format ini")
    if checked is not None:
        temuan, temuan_sumber = checked
    else:
        temuan, temuan_sumber = rollup_findings, "pemeriksaan jumlah pagu (calc.rollup)"
        notes.append("Temuan: pemeriksa (renja.checks) belum terpasang; hanya pemeriksaan jumlah pagu.")

    signer = Penandatangan(
        nama=renja.penandatangan_nama or pd.kepala_nama,
        jabatan=renja.penandatangan_jabatan or (f"Kepala {pd.nama}" if pd.kepala_nama else ""),
        pangkat=renja.penandatangan_pangkat or pd.kepala_pangkat,
        nip=renja.penandatangan_nip or pd.kepala_nip,
        tempat_tanggal=renja.tempat_tanggal or (f"{pd.pemda.ibukota}, {n - 1}" if pd.pemda.ibukota else ""),
    )
    context = _narasi_context(renja, counts, total_n)
    names = [signer.nama]

    judul_kp, teks_kp, tmpl_kp = _narasi_text("kata_pengantar", narasi, custom, context)
    kata_pengantar = Bab(
        kode="kata_pengantar",
        nomor=0,
        judul=judul_kp or "KATA PENGANTAR",
        bagian=tuple(Bagian(block=b) for b in parse_blocks(teks_kp, signer_names=names)),
        dari_template=tmpl_kp,
    )
    chapters = []
    for nomor in range(1, 6):
        kode = f"bab{nomor}"
        judul, teks, from_template = _narasi_text(kode, narasi, custom, context)
        blocks = parse_blocks(teks, bab=nomor, signer_names=names)
        placed = [tables[t.kode] for t in layouts.tabel if t.bab == nomor]
        chapters.append(
            Bab(
                kode=kode,
                nomor=nomor,
                judul=(judul or BAB_JUDUL[nomor]).upper(),
                bagian=_place_tables(blocks, placed),
                dari_template=from_template,
            )
        )
    ordered = tuple(t for bab in chapters for t in bab.tables)
    identitas = Identitas(
        renja_id=renja.pk,
        pemda=pd.pemda.nama,
        pemda_kode=pd.pemda.kode,
        perangkat_daerah=pd.nama,
        pd_singkatan=pd.singkatan,
        pd_kode=pd.kode,
        pd_alamat=pd.alamat,
        tahun=n,
        tahapan=renja.get_tahapan_display(),
        tahapan_kode=renja.tahapan,
        versi=renja.versi,
        label=renja.label,
        renstra=str(renstra.nama or renstra) if renstra else "",
        renstra_akhir=renstra.tahun_akhir if renstra else None,
    )
    return RenjaDocumentData(
        identitas=identitas,
        penandatangan=signer,
        kata_pengantar=kata_pengantar,
        bab=tuple(chapters),
        tabel=ordered,
        temuan=tuple(temuan),
        temuan_sumber=temuan_sumber,
        counts=MappingProxyType(counts),
        counts_text=counts_text,
        total_n=total_n,
        total_n1=total_n1,
        layouts_versi=layouts.versi,
        custom=custom,
        catatan=tuple(notes),
    )
