"""Adapter: the plan sheet of the product's own XLSX workbook (`renja export --format xlsx`, read back by
`renja.importers.parse.plan_xlsx`) -> `DokumenCek`. Pure: no Django.

The sheet is the T-C.33 plan: per row its code, name, lokasi, sumber dana, pagu n and n+1, and its indicators
with targets n and n+1. The level and parent of a row follow from its code (`2.13.04.2.01` is a kegiatan under
`2.13.04`); a location is the sheet, the Excel row and the column letter.
"""

from __future__ import annotations

from renja.calc.angka import format_angka, format_rupiah
from renja.checks.rules.dari_json import cocokkan_nama
from renja.checks.rules.dari_teks import temuan_dari_finding
from renja.checks.rules.lookup import NomenklaturLookup
from renja.checks.rules.model import (
    SUMBER_DOKUMEN,
    Angka,
    BarisRencana,
    DokumenCek,
    IndikatorCek,
    Lokasi,
    TabelRencana,
)
from renja.checks.rules.temuan import Temuan
from renja.core.text import LEVEL_BY_SEGMENTS, parent_code, try_canonical_code
from renja.importers.parse.model import Loc, Value
from renja.importers.parse.plan_xlsx import ParsedPlanWorkbook

__all__ = ["dari_workbook"]


def _lokasi(loc: Loc) -> Lokasi:
    return Lokasi(tabel=loc.table, posisi=f"baris Excel {loc.line}", kolom=loc.column)


def _posisi(line: int) -> str:
    return f"baris Excel {line}"


def _angka(v: Value | None, fallback: Lokasi, *, money: bool = False) -> Angka:
    """A cell as written; a number cell has no text of its own, so it reads as Excel shows it."""
    if v is None:
        return Angka(lokasi=fallback)
    teks = v.teks
    if not teks.strip() and v.nilai is not None:
        teks = format_rupiah(v.nilai) if money else f"{format_angka(v.nilai)} {v.satuan}".strip()
    return Angka(teks=teks, nilai=v.nilai, satuan=v.satuan, lokasi=_lokasi(v.loc) if v.loc else fallback)


def dari_workbook(
    parsed: ParsedPlanWorkbook, *, nama: str, nomenklatur: NomenklaturLookup | None = None
) -> tuple[DokumenCek, list[Temuan]]:
    n = parsed.tahun
    table = f"lembar {parsed.sheet}"
    rows: list[BarisRencana] = []
    by_code: dict[str, str] = {}
    leaves_with_lokasi = leaves_with_sumber = True
    codes = {try_canonical_code(r.kode) or "" for r in parsed.rows}
    for i, r in enumerate(parsed.rows, start=1):
        kode = try_canonical_code(r.kode) or ""
        level = LEVEL_BY_SEGMENTS.get(len(kode.split(".")), "") if kode else ""
        parent = parent_code(kode) if kode else None
        while parent and parent not in by_code and parent_code(parent):
            parent = parent_code(parent)  # a program's parent (the bidang) is not a plan row
        lokasi = _lokasi(r.loc).dengan(kolom="")
        rid = f"x{i}"
        if kode:
            by_code[kode] = rid
        if kode not in {parent_code(c) for c in codes if c}:
            leaves_with_lokasi = leaves_with_lokasi and bool(r.lokasi.strip())
            leaves_with_sumber = leaves_with_sumber and bool(r.sumber_dana.strip())
        rows.append(
            BarisRencana(
                id=rid,
                nama=r.uraian,
                lokasi=lokasi,
                induk=by_code.get(parent) if parent else None,
                level=level,
                kode=kode,
                kode_asli=r.kode,
                indikator=tuple(
                    IndikatorCek(
                        nama=ind.nama,
                        satuan=next((v.satuan for v in (ind.target_n, ind.target_n1) if v and v.satuan), ""),
                        target={
                            y: _angka(v, _lokasi(ind.loc))
                            for y, v in ((n, ind.target_n), (n + 1, ind.target_n1))
                            if v is not None
                        },
                        lokasi=_lokasi(ind.loc),
                    )
                    for ind in r.indikator
                ),
                pagu={
                    y: _angka(v, lokasi.dengan(kolom=f"Pagu {y}"), money=True)
                    for y, v in ((n, r.pagu_n), (n + 1, r.pagu_n1))
                    if v is not None
                },
                lokasi_kegiatan=r.lokasi,
                sumber_dana=r.sumber_dana,
                cocok="kode" if kode else "",
            )
        )
    rows = cocokkan_nama(rows, nomenklatur)
    kolom = {"kode", "uraian", "indikator", "target", "pagu", "pd_penanggung_jawab"}
    if rows and leaves_with_lokasi:
        kolom.add("lokasi")
    if rows and leaves_with_sumber:
        kolom.add("sumber_dana")
    rencana = TabelRencana(
        nama=table,
        jenis="rencana",
        tahun=(n, n + 1),
        baris=tuple(rows),
        kolom=frozenset(kolom),
        lokasi=rows[0].lokasi if rows else Lokasi(tabel=table),
    )
    doc = DokumenCek(
        sumber=SUMBER_DOKUMEN,
        nama=nama,
        tahun=n,
        pemda_kode=parsed.pemda_kode,
        bidang_kode=".".join(parsed.pd_kode.split(".")[:2]) if parsed.pd_kode else "",
        format="xlsx",
        rencana=rencana,
    )
    return doc, [temuan_dari_finding(f, _posisi) for f in parsed.findings]
