"""Adapter: tables written in an official layout (`renja.documents.layouts`, the layouts the product's own
DOCX export writes: T-C.29 … T-C.33, Tabel 3.1, Bab IV SIPD-RI) -> the parser's model (`ParsedRenja` parts), so
the same checks run on them as on the text form. Pure: no Django.

A table is recognised by its header: the numbered row ("1 2 3 …") of a layout and at least three quarters of
its header cells, with the years the placeholders stand for ({n}, {n_1} …) read from the header and the
caption. The layout definitions are read, never copied: a pemda's own `tabel.toml` is recognised the same way.

A grid cell is its text, or None where a merged cell covers it (a plan row's cells are merged over its
indicator lines; a group heading spans the whole row).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from renja.checks.rules.model import BarisRencana, DokumenCek, TabelRencana
from renja.core.text import LEVEL_BY_SEGMENTS, try_canonical_code
from renja.documents.layouts import TabelLayout, Tahun
from renja.importers.numbers import ANGKA_TIDAK_TERBACA, finding_for, parse_number
from renja.importers.parse.model import (
    EvaluasiRowIn,
    Finding,
    IndikatorIn,
    Loc,
    ParsedRenja,
    PelayananRowIn,
    PlanRowIn,
    StatedTotal,
    TujuanSasaranIn,
    UsulanIn,
    Value,
)

__all__ = ["BarisTerbaca", "Kenal", "TabelTerbaca", "gabung", "kenali", "lengkapi"]

Sel = str | None

_OFFSET = {"n": 0, "n1": 1, "n_1": -1, "n_2": -2, "n_3": -3}
_PLACEHOLDER = re.compile("\x00(\\w+)\x00")
_YEAR = r"(\d{4}|…|\.\.\.)"
# T-C.29 layout key -> the column number the official table prints (the checks name columns by it)
TC29_KOLOM = {
    "target_akhir": 4,
    "realisasi_n3": 5,
    "target_n2": 6,
    "realisasi_n2": 7,
    "tingkat_realisasi": 8,
    "target_n1": 9,
    "perkiraan_realisasi": 10,
    "tingkat_capaian": 11,
}
# Bab IV / T-C.33 layout key -> the column name of `TabelRencana.kolom` (the SIPD-RI checklist)
_KOLOM_RENCANA = {
    "kode": "kode",
    "uraian": "uraian",
    "indikator": "indikator",
    "target_akhir": "target_akhir_renstra",
    "realisasi_n2": "realisasi_n2",
    "prakiraan_n1": "prakiraan_n1",
    "target_n": "target",
    "pagu_n": "pagu",
    "pd": "pd_penanggung_jawab",
}
# text columns that count as present only when every lowest row fills them
_KOLOM_TERISI = {
    "lokasi": "lokasi",
    "sumber_dana": "sumber_dana",
    "prioritas_nasional": "prioritas",
    "prioritas_daerah": "prioritas",
    "kelompok_sasaran": "kelompok_sasaran",
}
_USULAN_LOKASI = re.compile(
    r"^\s*(?:desa|kel(?:urahan)?\.?)\s+(?P<desa>.+?)\s*,\s*kec(?:amatan)?\.?\s+(?P<kec>.+?)\s*$", re.I
)
_REKOMENDASI = re.compile(r"rekomendasi\s+(?P<rp>rp\.?\s*[\d.,\s]+\d)", re.I)


_KOSONG_CETAK = "\u2013"  # the en dash the DOCX renderer writes in an empty numeric cell
# ParsedRenja field -> what the parser's TABEL_TIDAK_DITEMUKAN says about that table
_TIDAK_DITEMUKAN = {
    "evaluasi": "(T-C.29)",
    "pelayanan": "(T-C.30)",
    "ranwal": "(T-C.31)",
    "usulan": "usulan program dan kegiatan",
    "tujuan_sasaran": "tujuan dan sasaran",
    "rencana": "rencana kerja dan pendanaan",
}
_HITUNGAN = frozenset({"pagu", "program", "kegiatan", "sub_kegiatan"})


class _Penanda(Tahun):
    """A `Tahun` whose placeholders stay recognisable in the filled text."""

    def mapping(self) -> dict[str, str]:
        return {key: f"\x00{key}\x00" for key in (*_OFFSET, "akhir")}


def _norm(text: str) -> str:
    return "".join(text.split()).casefold()


def _match(template: str, text: str) -> dict[str, int] | None:
    """The years of `text` by placeholder when it is `template` filled in; None when it is not."""
    parts = _PLACEHOLDER.split(_norm(template))
    keys = parts[1::2]
    pattern = "".join(_YEAR if i % 2 else re.escape(p) for i, p in enumerate(parts))
    m = re.fullmatch(pattern, _norm(text))
    if m is None:
        return None
    return {k: int(g) for k, g in zip(keys, m.groups(), strict=True) if g.isdigit()}


@dataclass(frozen=True)
class Kenal:
    """A table recognised: its layout, how many grid rows its header takes (with the numbered row), the Renja
    year `n` and the Renstra end year its header and caption give, and the year each column's header names."""

    layout: TabelLayout
    header: int
    n: int | None
    akhir: int | None
    kolom_tahun: dict[int, int] = field(default_factory=dict)


def kenali(grid: Sequence[Sequence[Sel]], caption: str, layouts: Iterable[TabelLayout]) -> Kenal | None:
    """The layout `grid` is written in (None when it is none of them)."""
    penanda = _Penanda(n=0)
    for layout in layouts:
        nomor = [_norm(k.nomor) for k in layout.kolom]
        ncol = len(nomor)
        k = next(
            (i for i, row in enumerate(grid[:4]) if len(row) == ncol and [_norm(c or "") for c in row] == nomor),
            None,
        )
        header = layout.header_rows(penanda)
        if k is None or len(header) != k:
            continue
        cells = [(r, h) for r, row in enumerate(header) for h in row]
        hits = 0
        candidates: list[int] = []
        akhir: list[int] = []
        kolom_tahun: dict[int, int] = {}
        for r, h in sorted(cells, key=lambda c: -c[1].colspan):  # group cells first, their columns' own after
            years = _match(h.text, grid[r][h.col] or "")
            if years is None:
                continue
            hits += 1
            for key, year in years.items():
                if key == "akhir":
                    akhir.append(year)
                    kolom_tahun.update(dict.fromkeys(range(h.col, h.col + h.colspan), year))
                else:
                    candidates.append(year - _OFFSET[key])
                    kolom_tahun.update(dict.fromkeys(range(h.col, h.col + h.colspan), year))
        if hits * 4 < len(cells) * 3:
            continue
        from_caption = _match(layout.caption(penanda), caption) if caption else None
        for key, year in (from_caption or {}).items():
            if key == "akhir":
                akhir.append(year)
            else:
                candidates.append(year - _OFFSET[key])
        n = Counter(candidates).most_common(1)[0][0] if candidates else None
        return Kenal(layout, k + 1, n, akhir[0] if akhir else None, kolom_tahun)
    return None


@dataclass(frozen=True)
class BarisTerbaca:
    """One grid row of a Word table below its header: the line it has in the text form (for its place) and its
    cells (None where a merged cell covers it)."""

    line: int
    sel: tuple[Sel, ...]


@dataclass(frozen=True)
class TabelTerbaca:
    kenal: Kenal
    nama: str  # "Tabel 3.2", as the caption numbers it
    baris: tuple[BarisTerbaca, ...]

    @property
    def layout(self) -> TabelLayout:
        return self.kenal.layout


# ------------------------------------------------------------------------------------------------ reading


@dataclass
class _Rekaman:
    """One record: a plan row (or indicator row) with the lines of its further indicators."""

    nomor: int
    line: int
    base: dict[str, str]
    per_ind: list[tuple[int, dict[str, str]]]


@dataclass
class _Bacaan:
    tabel: TabelTerbaca
    rekaman: list[_Rekaman]
    jumlah: BarisTerbaca | None
    judul: list[tuple[int, str]]  # (index of the next record, group heading)
    findings: list[Finding] = field(default_factory=list)

    def loc(self, line: int, row: int | None = None, key: str = "") -> Loc:
        column = self.tabel.layout.column(key).nomor if key else ""
        return Loc(line=line, table=self.tabel.nama, row=row, column=column)

    def value(self, text: str, loc: Loc, *, money: bool = False, konteks: str = "") -> Value:
        raw = text.strip()
        if raw == _KOSONG_CETAK:
            raw = ""  # what the renderer prints for a number it does not have (a stored "-" stays "-")
        result = parse_number(raw[:-1] if money and raw.endswith("*") else raw, money=money)
        if money and result.value is not None and result.unit:
            # rupiah take no unit: "4O.000.000" is not 4 of "O.000.000"
            result = replace(result, value=None, problem=ANGKA_TIDAK_TERBACA)
        f = finding_for(result, loc, konteks=konteks)
        if f is not None:
            self.findings.append(replace(f, teks=text, ditemukan=raw))
        return Value(teks=raw, nilai=result.value, satuan=result.unit, loc=loc)


def _baca(tabel: TabelTerbaca) -> _Bacaan:
    layout = tabel.layout
    keys = layout.keys
    per_ind = {i for i, k in enumerate(layout.kolom) if k.per_indikator}
    row_cols = [i for i in range(len(keys)) if i not in per_ind]
    rekaman: list[_Rekaman] = []
    judul: list[tuple[int, str]] = []
    jumlah: BarisTerbaca | None = None
    for b in tabel.baris:
        cells = list(b.sel) + [None] * (len(keys) - len(b.sel))
        first = cells[0] or ""
        if _norm(first).startswith("jumlah") or any(_norm(c or "") == "jumlah" for c in cells[:3]):
            jumlah = b
            continue
        if first.strip() and all(c is None for c in cells[1:]):
            judul.append((len(rekaman), " ".join(first.split())))
            continue
        if all((c or "") == "" for c in cells):
            continue
        values = {keys[i]: " ".join((c or "").split()) for i, c in enumerate(cells)}
        ind = {keys[i]: values[keys[i]] for i in per_ind}
        if rekaman and row_cols and all(cells[i] is None for i in row_cols):
            rekaman[-1].per_ind.append((b.line, ind))
            continue
        base = {keys[i]: values[keys[i]] for i in row_cols}
        rekaman.append(_Rekaman(len(rekaman) + 1, b.line, base, [(b.line, ind)] if per_ind else []))
    return _Bacaan(tabel, rekaman, jumlah, judul)


def _has_indicator(cells: dict[str, str], name_key: str) -> bool:
    return any(v.strip() and (k == name_key or v.strip() not in {"–", "-"}) for k, v in cells.items())


def _level(kode: str, nama: str) -> str:
    if kode:
        return LEVEL_BY_SEGMENTS.get(len(kode.split(".")), "")
    return "program" if nama.casefold().startswith("program") else ""


def _plan_rows(
    bacaan: _Bacaan, years: dict[str, int], prefix: str = ""
) -> tuple[list[PlanRowIn], list[_Rekaman], list[StatedTotal]]:
    """Plan rows of T-C.33 / Bab IV (prefix "") or one half of T-C.31 (prefix "awal_"/"hasil_")."""
    layout = bacaan.tabel.layout
    uraian_key = f"{prefix}uraian"
    ind_key = f"{prefix}indikator"
    rows: list[PlanRowIn] = []
    used: list[_Rekaman] = []
    for rec in bacaan.rekaman:
        nama = rec.base.get(uraian_key, "")
        if not nama:
            continue
        kode_asli = rec.base.get("kode", "")
        kode = (try_canonical_code(kode_asli) or "") if kode_asli else ""
        label = f"'{nama[:60]}'"
        indikator = []
        for line, cells in rec.per_ind:
            if not _has_indicator({k: v for k, v in cells.items() if k.startswith(prefix)}, ind_key):
                continue
            target = {
                y: bacaan.value(cells.get(key, ""), bacaan.loc(line, rec.nomor, key), konteks=f"target {y} {label}")
                for key, y in years.items()
                if key.startswith(f"{prefix}target") and key in layout.keys
            }
            satuan = next((v.satuan for v in target.values() if v.satuan), "")
            indikator.append(IndikatorIn(nama=cells.get(ind_key, ""), satuan=satuan, target=target))
        pagu = {
            y: bacaan.value(
                rec.base.get(key, ""), bacaan.loc(rec.line, rec.nomor, key), money=True, konteks=f"pagu {y} {label}"
            )
            for key, y in years.items()
            if key.startswith(f"{prefix}pagu") and key in layout.keys
        }
        rows.append(
            PlanRowIn(
                loc=bacaan.loc(rec.line, rec.nomor),
                nama=nama,
                level=_level(kode, nama),
                kode=kode_asli if kode else "",
                nomor=rec.base.get("no", ""),
                indikator=tuple(indikator),
                pagu=pagu,
            )
        )
        used.append(rec)
    totals: list[StatedTotal] = []
    if bacaan.jumlah is not None:
        total_cells: dict[str, Sel] = dict(zip(layout.keys, bacaan.jumlah.sel, strict=False))
        bagian = {"awal_": "ranwal", "hasil_": "analisis_kebutuhan"}.get(prefix, "")
        for key, y in years.items():
            text = " ".join((total_cells.get(key) or "").split())
            if key.startswith(f"{prefix}pagu") and text:
                loc = bacaan.loc(bacaan.jumlah.line, None, key)
                value = bacaan.value(text, loc, money=True, konteks=f"JUMLAH pagu {y}")
                totals.append(StatedTotal(loc=loc, table=bacaan.tabel.nama, tahun=y, value=value, bagian=bagian))
    return rows, used, totals


def _evaluasi(bacaan: _Bacaan) -> list[EvaluasiRowIn]:
    out = []
    for rec in bacaan.rekaman:
        kode_asli = rec.base.get("kode", "")
        kode = (try_canonical_code(kode_asli) or "") if kode_asli else ""
        nama = rec.base.get("uraian", "")
        indikator: list[IndikatorIn] = []
        kolom: dict[int, list[Value]] = {c: [] for c in TC29_KOLOM.values()}
        for line, cells in rec.per_ind:
            if not _has_indicator(cells, "indikator"):
                continue
            values = {}
            for key, c in TC29_KOLOM.items():
                if key in bacaan.tabel.layout.keys:
                    loc = bacaan.loc(line, rec.nomor, key)
                    values[c] = bacaan.value(cells.get(key, ""), loc, konteks=f"kolom {c} '{nama[:50]}'")
                else:
                    values[c] = Value(teks="", nilai=None, loc=bacaan.loc(line, rec.nomor))
            satuan = next((v.satuan for c, v in values.items() if c not in (8, 11) and v.satuan), "")
            indikator.append(IndikatorIn(nama=cells.get("indikator", ""), satuan=satuan))
            for c, v in values.items():
                kolom[c].append(v)
        out.append(
            EvaluasiRowIn(
                loc=bacaan.loc(rec.line, rec.nomor),
                kode=kode_asli if kode else "",
                nama=nama,
                level=LEVEL_BY_SEGMENTS.get(len(kode.split(".")), "") if kode else "",
                indikator=tuple(indikator),
                kolom={c: tuple(v) for c, v in kolom.items()},
            )
        )
    return out


def _pelayanan(bacaan: _Bacaan, n: int) -> list[PelayananRowIn]:
    groups = dict(bacaan.judul)
    kelompok = ""
    out = []
    spec = {
        "target": {"target_n2": n - 2, "target_n1": n - 1, "target_n": n, "target_n1p": n + 1},
        "realisasi": {"realisasi_n3": n - 3, "realisasi_n2": n - 2, "realisasi_n1": n - 1},
        "proyeksi": {"proyeksi_n": n, "proyeksi_n1p": n + 1},
    }
    for i, rec in enumerate(bacaan.rekaman):
        kelompok = groups.get(i, kelompok)
        cells = {**rec.base, **(rec.per_ind[0][1] if rec.per_ind else {})}
        nama = cells.get("indikator", "")
        read = {
            what: {
                y: bacaan.value(cells.get(k, ""), bacaan.loc(rec.line, rec.nomor, k), konteks=f"'{nama[:50]}'")
                for k, y in keys.items()
                if k in bacaan.tabel.layout.keys
            }
            for what, keys in spec.items()
        }
        out.append(
            PelayananRowIn(
                loc=bacaan.loc(rec.line, rec.nomor),
                kelompok=kelompok,
                nomor=cells.get("no", ""),
                nama=nama,
                target=read["target"],
                realisasi=read["realisasi"],
                proyeksi=read["proyeksi"],
                catatan=cells.get("catatan", ""),
            )
        )
    return out


def _tujuan(bacaan: _Bacaan) -> list[TujuanSasaranIn]:
    out = []
    for rec in bacaan.rekaman:
        lines = rec.per_ind or [(rec.line, {})]
        for line, cells in lines:
            loc = bacaan.loc(line, rec.nomor, "target_n" if "target_n" in bacaan.tabel.layout.keys else "")
            out.append(
                TujuanSasaranIn(
                    loc=bacaan.loc(line, rec.nomor),
                    nomor=rec.base.get("no", ""),
                    uraian=rec.base.get("uraian", ""),
                    nomor_indikator=cells.get("no_indikator", ""),
                    indikator=cells.get("indikator", ""),
                    target=bacaan.value(cells.get("target_n", ""), loc, konteks="target"),
                )
            )
    return out


def _usulan(bacaan: _Bacaan) -> list[UsulanIn]:
    out = []
    for rec in bacaan.rekaman:
        cells = {**rec.base, **(rec.per_ind[0][1] if rec.per_ind else {})}
        m = _USULAN_LOKASI.match(cells.get("lokasi", ""))
        besaran = cells.get("besaran", "")
        loc = bacaan.loc(rec.line, rec.nomor, "besaran" if "besaran" in bacaan.tabel.layout.keys else "")
        kegiatan = cells.get("uraian", "")
        if besaran.strip().casefold().startswith("rp"):
            usul = bacaan.value(besaran, loc, money=True, konteks=f"pagu usulan '{kegiatan[:50]}'")
        else:
            usul = Value(teks="", nilai=None, loc=loc)
        rek = _REKOMENDASI.search(cells.get("catatan", ""))
        rloc = bacaan.loc(rec.line, rec.nomor, "catatan" if "catatan" in bacaan.tabel.layout.keys else "")
        rekomendasi = (
            bacaan.value(rek.group("rp"), rloc, money=True, konteks=f"pagu rekomendasi '{kegiatan[:50]}'")
            if rek
            else Value(teks="", nilai=None, loc=rloc)
        )
        out.append(
            UsulanIn(
                loc=bacaan.loc(rec.line, rec.nomor),
                nomor=cells.get("no", ""),
                desa=m.group("desa") if m else cells.get("lokasi", ""),
                kecamatan=m.group("kec") if m else "",
                kegiatan=kegiatan,
                pagu_usulan=usul,
                pagu_rekomendasi=rekomendasi,
            )
        )
    return out


# ------------------------------------------------------------------------------------------------ entry


@dataclass(frozen=True)
class Gabungan:
    """The parsed document with the layout tables in it, and what `lengkapi` needs afterwards."""

    parsed: ParsedRenja
    rencana: TabelTerbaca | None = None  # the table that became `rencana` (Bab IV, else T-C.33)
    rencana_baris: tuple[dict[str, str], ...] = ()  # its records' row cells, in order
    lain: tuple[tuple[TabelTerbaca, tuple[PlanRowIn, ...], tuple[StatedTotal, ...]], ...] = ()  # T-C.33 too


def gabung(parsed: ParsedRenja, tabel: Sequence[TabelTerbaca]) -> Gabungan:
    """`parsed` (the text parser's reading of the rest of the document) with the tables read by their layout in
    place of what the parser found for the same table."""
    n_doc = parsed.tahun
    changes: dict[str, object] = {}
    totals = list(parsed.totals)
    findings = list(parsed.findings)
    plans: list[tuple[TabelTerbaca, list[PlanRowIn], list[_Rekaman], list[StatedTotal]]] = []
    for t in tabel:
        n = t.kenal.n or n_doc
        if n is None:
            continue
        kode = t.layout.kode
        bacaan = _baca(t)
        keys = set(t.layout.keys)
        if kode in ("T-C.33", "Bab IV") or (t.layout.rencana and kode != "T-C.31"):
            years = {"target_n": n, "pagu_n": n, "target_n1": n + 1, "pagu_n1": n + 1}
            rows, used, tots = _plan_rows(bacaan, {k: y for k, y in years.items() if k in keys})
            plans.append((t, rows, used, tots))
        elif kode == "T-C.31":
            years = {f"{p}_{w}": n for p in ("awal", "hasil") for w in ("target", "pagu")}
            awal, _, awal_tot = _plan_rows(bacaan, years, "awal_")
            hasil, _, hasil_tot = _plan_rows(bacaan, years, "hasil_")
            changes.update(ranwal=tuple(awal), analisis_kebutuhan=tuple(hasil))
            totals = [x for x in totals if x.table != t.nama] + awal_tot + hasil_tot
        elif kode == "T-C.29":
            changes["evaluasi"] = tuple(_evaluasi(bacaan))
            years_by_col = {
                c: y
                for key, c in TC29_KOLOM.items()
                if key in keys and (y := t.kenal.kolom_tahun.get(t.layout.index(key))) is not None
            }
            changes["evaluasi_tahun"] = years_by_col
        elif kode == "T-C.30":
            changes["pelayanan"] = tuple(_pelayanan(bacaan, n))
        elif kode == "T-C.32":
            changes["usulan"] = tuple(_usulan(bacaan))
        elif kode == "Tabel 3.1":
            changes["tujuan_sasaran"] = tuple(_tujuan(bacaan))
        findings += bacaan.findings
        if parsed.tahun is None and t.kenal.n is not None:
            changes.setdefault("tahun", t.kenal.n)
    main = next((p for p in plans if p[0].layout.kode == "Bab IV"), plans[0] if plans else None)
    lain: list[tuple[TabelTerbaca, tuple[PlanRowIn, ...], tuple[StatedTotal, ...]]] = []
    if main is not None:
        t, rows, used, tots = main
        n = t.kenal.n or n_doc
        assert n is not None
        changes.update(rencana=tuple(rows), rencana_tahun=(n, n + 1) if "pagu_n1" in t.layout.keys else (n,))
        totals = [x for x in totals if x.table != t.nama] + tots
        # the prose's totals and counts for year n are about the plan table (the parser saw none)
        totals = [
            replace(x, table=t.nama) if not x.loc.table and not x.table and x.tahun == n and x.jenis in _HITUNGAN else x
            for x in totals
        ]
        lain = [(p[0], tuple(p[1]), tuple(p[3])) for p in plans if p is not main]
    found = [_TIDAK_DITEMUKAN[k] for k in changes if k in _TIDAK_DITEMUKAN]
    findings = [f for f in findings if not (f.kode == "TABEL_TIDAK_DITEMUKAN" and any(s in f.pesan for s in found))]
    return Gabungan(
        parsed=replace(parsed, totals=tuple(totals), findings=tuple(findings), **changes),  # type: ignore[arg-type]
        rencana=main[0] if main else None,
        rencana_baris=tuple(r.base for r in main[2]) if main else (),
        lain=tuple(lain),
    )


def kolom_rencana(layout: TabelLayout, rows: Sequence[dict[str, str]], baris: Sequence[BarisRencana]) -> set[str]:
    """The columns of `TabelRencana.kolom` a plan table in `layout` has: every column it prints, and a text
    column (lokasi, sumber dana, prioritas, kelompok sasaran) only when every lowest row fills it."""
    parents = {r.induk for r in baris if r.induk}
    leaves = [cells for cells, r in zip(rows, baris, strict=False) if r.id not in parents]
    out = {name for key, name in _KOLOM_RENCANA.items() if key in layout.keys}
    for key, name in _KOLOM_TERISI.items():
        if key in layout.keys and leaves and all(c.get(key, "").strip() for c in leaves):
            out.add(name)
    return out


def lengkapi(doc: DokumenCek, g: Gabungan, tabel_lain: Sequence[TabelRencana] = ()) -> DokumenCek:
    """The plan table's lokasi, sumber dana and columns, which the text model does not carry."""
    if g.rencana is None or doc.rencana is None:
        return doc
    rows = tuple(
        replace(r, lokasi_kegiatan=cells.get("lokasi", ""), sumber_dana=cells.get("sumber_dana", ""))
        for r, cells in zip(doc.rencana.baris, g.rencana_baris, strict=False)
    )
    kolom = frozenset(kolom_rencana(g.rencana.layout, g.rencana_baris, rows))
    rencana = replace(doc.rencana, baris=rows, kolom=kolom)
    return replace(doc, rencana=rencana, rencana_lain=tuple(tabel_lain))
