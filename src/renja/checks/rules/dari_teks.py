"""Adapter: a parsed Renja document (`ParsedRenja`, from the text form or a DOCX turned into it) -> `DokumenCek`.
Pure: no Django. The nomenclature lookup (optional) decides the level and code of Tabel 4.1 rows the way the
importer does: a printed code first, else the name matched as a kegiatan of the current program or a sub
kegiatan of the current kegiatan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from renja.checks.rules.lookup import NamaCocok, NomenklaturLookup
from renja.checks.rules.model import (
    SUMBER_DOKUMEN,
    Angka,
    BarisEvaluasi,
    BarisRencana,
    DokumenCek,
    IndikatorCek,
    JumlahTertulis,
    Lokasi,
    NarasiCek,
    TabelRencana,
    UsulanCek,
)
from renja.checks.rules.teks import BAB_LABEL, lokasi_baris
from renja.checks.rules.temuan import REGISTRY, Temuan
from renja.core.text import LEVEL_BY_SEGMENTS, try_canonical_code
from renja.importers.parse.model import Finding, IndikatorIn, Loc, ParsedRenja, PlanRowIn, StatedTotal, Value

__all__ = ["LevelRow", "dari_parsed", "lokasi_dari_loc", "tabel_rencana", "temuan_dari_finding", "tentukan_level"]

PosisiFn = Callable[[int], str]

_PROGRAM, _KEGIATAN, _SUB = "program", "kegiatan", "sub_kegiatan"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def lokasi_dari_loc(loc: Loc | None, posisi: PosisiFn | None = None) -> Lokasi:
    """A parser position as a `Lokasi`; with `posisi`, the line is replaced by the place the reader knows."""
    if loc is None:
        return Lokasi()
    where = posisi(loc.line) if posisi is not None else ""
    return Lokasi(
        tabel=loc.table,
        baris_dokumen=loc.line if not where else None,
        baris_tabel=loc.row,
        kolom=loc.column,
        posisi=where,
    )


def temuan_dari_finding(f: Finding, posisi: PosisiFn | None = None) -> Temuan:
    """A parser finding as a `Temuan` (its code, severity and texts kept; its class from the registry)."""
    info = REGISTRY.get(f.kode)
    return Temuan(
        kode=f.kode,
        severity=f.severity,
        pesan=f.pesan,
        lokasi=lokasi_dari_loc(f.loc, posisi),
        teks=f.teks,
        diharapkan=f.diharapkan,
        ditemukan=f.ditemukan,
        saran=f.saran,
        kelas=info.kelas if info else "pembacaan",
    )


def _angka(v: Value | None, posisi: PosisiFn | None) -> Angka:
    if v is None:
        return Angka()
    return Angka(teks=v.teks, nilai=v.nilai, satuan=v.satuan, lokasi=lokasi_dari_loc(v.loc, posisi))


# ------------------------------------------------------------------------------------------------ levels


@dataclass(frozen=True)
class LevelRow:
    level: str
    kode: str
    cocok: NamaCocok | None
    how: str  # "kode", "nama", "fuzzy" or ""


def tentukan_level(rows: Sequence[PlanRowIn], lookup: NomenklaturLookup | None) -> list[LevelRow]:
    """The level and code of each row: the document's where it says so, else by the nomenclature (the importer's
    rule: a kegiatan of the current program or a sub kegiatan of the current kegiatan, whichever fits better)."""
    out: list[LevelRow] = []
    program: str | None = None
    kegiatan: str | None = None
    for row in rows:
        level = row.level
        if row.kode:
            kode = try_canonical_code(row.kode) or ""
            item = lookup.by_code(kode) if (lookup is not None and kode) else None
            level = level or (item.level if item else LEVEL_BY_SEGMENTS.get(len(kode.split(".")), "") if kode else "")
            cocok = NamaCocok(item, 1.0, "kode") if item else None
            out.append(LevelRow(level, kode, cocok, "kode" if kode else ""))
            if level == _PROGRAM:
                program, kegiatan = kode, None
            elif level == _KEGIATAN:
                kegiatan = kode
            continue
        if lookup is None:
            out.append(LevelRow(level, "", None, ""))
            continue
        m: NamaCocok | None
        if level == _PROGRAM:
            m = lookup.by_name(_PROGRAM, row.nama)
            program, kegiatan = (m.item.kode if m else None), None
        elif level == _KEGIATAN:
            m = lookup.by_name(_KEGIATAN, row.nama, program)
            kegiatan = m.item.kode if m else None
        elif level == _SUB:
            m = lookup.by_name(_SUB, row.nama, kegiatan)
        else:
            mk = lookup.by_name(_KEGIATAN, row.nama, program)
            ms = lookup.by_name(_SUB, row.nama, kegiatan) if kegiatan else None

            def rank(x: NamaCocok) -> tuple[bool, float]:
                return (not x.di_luar_induk, x.skor)

            if mk is not None and (ms is None or rank(mk) > rank(ms)):
                level, m, kegiatan = _KEGIATAN, mk, mk.item.kode
            elif ms is not None:
                level, m = _SUB, ms
            else:
                level, m = (_SUB if kegiatan else _KEGIATAN), None
        out.append(LevelRow(level, m.item.kode if m else "", m, m.cara if m else ""))
    return out


def _plan_table(
    nama: str,
    jenis: str,
    rows: Sequence[PlanRowIn],
    years: Sequence[int],
    totals: Sequence[StatedTotal],
    lookup: NomenklaturLookup | None,
    posisi: PosisiFn | None,
) -> TabelRencana:
    levels = tentukan_level(rows, lookup)
    stack: dict[str, str] = {}
    parent_of = {_PROGRAM: None, _KEGIATAN: _PROGRAM, _SUB: _KEGIATAN}
    out: list[BarisRencana] = []
    for i, (row, lv) in enumerate(zip(rows, levels, strict=True), start=1):
        rid = f"{jenis}-{i}"
        parent_level = parent_of.get(lv.level)
        induk = stack.get(parent_level) if parent_level else None
        stack[lv.level] = rid
        if lv.level == _PROGRAM:
            stack.pop(_KEGIATAN, None)
            stack.pop(_SUB, None)
        elif lv.level == _KEGIATAN:
            stack.pop(_SUB, None)
        lokasi = lokasi_dari_loc(row.loc, posisi).dengan(kolom="")
        indikator = tuple(_indikator(ind, lokasi, posisi) for ind in row.indikator)
        out.append(
            BarisRencana(
                id=rid,
                nama=" ".join(row.nama.split()),
                lokasi=lokasi,
                induk=induk,
                level=lv.level,
                kode=lv.kode,
                kode_asli=row.kode or row.nomor,
                indikator=indikator,
                pagu={y: _angka(v, posisi) for y, v in row.pagu.items()},
                cocok=lv.how,
                skor=lv.cocok.skor if lv.cocok else 1.0,
                nama_resmi=lv.cocok.item.nama if lv.cocok else "",
                di_luar_induk=lv.cocok.di_luar_induk if lv.cocok else False,
            )
        )
    kolom = {"uraian", "indikator", "target", "pagu"}
    if any(r.kode for r in rows):
        kolom.add("kode")
    table_name = rows[0].loc.table if rows else nama
    first = lokasi_dari_loc(rows[0].loc, posisi) if rows else Lokasi()
    return TabelRencana(
        nama=nama,
        jenis=jenis,
        tahun=tuple(years),
        baris=tuple(out),
        jumlah=tuple(_jumlah(t, posisi) for t in totals),
        kolom=frozenset(kolom),
        lokasi=first.dengan(tabel=table_name, baris_tabel=None, kolom=""),
    )


def tabel_rencana(
    nama: str,
    rows: Sequence[PlanRowIn],
    years: Sequence[int],
    totals: Sequence[StatedTotal],
    lookup: NomenklaturLookup | None,
    posisi: PosisiFn | None,
    jenis: str = "rencana",
) -> TabelRencana:
    """A plan table from parsed rows, as `dari_parsed` builds Tabel 4.1 (for a further table of the same plan)."""
    return _plan_table(nama, jenis, rows, years, totals, lookup, posisi)


def _indikator(ind: IndikatorIn, row_lokasi: Lokasi, posisi: PosisiFn | None) -> IndikatorCek:
    satuan = ind.satuan or next((v.satuan for v in ind.target.values() if v.satuan), "")
    return IndikatorCek(
        nama=" ".join(ind.nama.split()),
        satuan=satuan,
        target={y: _angka(v, posisi) for y, v in ind.target.items()},
        lokasi=row_lokasi,
    )


def _jumlah(t: StatedTotal, posisi: PosisiFn | None) -> JumlahTertulis:
    lokasi = lokasi_dari_loc(t.value.loc or t.loc, posisi)
    return JumlahTertulis(
        tabel=t.table,
        tahun=t.tahun,
        nilai=_angka(t.value, posisi),
        jenis=t.jenis,
        bagian=t.bagian,
        dari_teks=not t.loc.table,
        lokasi=lokasi,
    )


# ------------------------------------------------------------------------------------------------ narasi


def _narasi(parsed: ParsedRenja, lines: Sequence[str], posisi: PosisiFn | None) -> tuple[NarasiCek, ...]:
    """Chapters with the document line of each of their lines (found in order in the source text)."""
    cleaned = [ln.replace("\f", " ").rstrip() for ln in lines]
    out: list[NarasiCek] = []
    j = 0
    for nar in parsed.narasi:
        numbered: list[tuple[int | None, str]] = []
        for text in nar.teks.split("\n"):
            if not text.strip():
                continue
            k = j
            while k < len(cleaned) and cleaned[k] != text:
                k += 1
            if k < len(cleaned):
                numbered.append((k + 1, text))
                j = k + 1
            else:
                numbered.append((None, text))
        lokasi = Lokasi(bab=BAB_LABEL.get(nar.kode, nar.judul))
        where = tuple(posisi(line) if posisi is not None and line is not None else "" for line, _ in numbered)
        out.append(NarasiCek(kode=nar.kode, judul=nar.judul, baris=tuple(numbered), lokasi=lokasi, posisi=where))
    return tuple(out)


# ------------------------------------------------------------------------------------------------ entry


def dari_parsed(
    parsed: ParsedRenja,
    text: str,
    *,
    nama: str,
    nomenklatur: NomenklaturLookup | None = None,
    format: str = "teks",
    posisi: PosisiFn | None = None,
    bidang_kode: str = "",
) -> tuple[DokumenCek, list[Temuan]]:
    """The document as the checks read it, and the parser's own findings as `Temuan`.

    `posisi` maps a line of the text form to a place the reader knows (a DOCX paragraph or table cell); then
    locations carry that instead of the line number."""
    n = parsed.tahun
    lines = _LINE_BREAK.split(text)
    totals_by_table: dict[tuple[str, str], list[StatedTotal]] = {}
    prose: list[JumlahTertulis] = []
    prose_in: list[StatedTotal] = []
    for t in parsed.totals:
        if not t.loc.table:
            prose.append(_jumlah(t, posisi))
            prose_in.append(t)
        else:
            totals_by_table.setdefault((t.table, t.bagian), []).append(t)

    rencana = None
    if parsed.rencana:
        name = parsed.rencana[0].loc.table or "Tabel 4.1"
        years = parsed.rencana_tahun or ((n, n + 1) if n else ())
        rencana = _plan_table(
            name, "rencana", parsed.rencana, years, totals_by_table.get((name, ""), []), nomenklatur, posisi
        )
    halves: dict[str, TabelRencana | None] = {"ranwal": None, "analisis_kebutuhan": None}
    for bagian, rows, label in (
        ("ranwal", parsed.ranwal, "Rancangan Awal"),
        ("analisis_kebutuhan", parsed.analisis_kebutuhan, "Analisis Kebutuhan"),
    ):
        if rows:
            table = rows[0].loc.table or "Tabel 2.4"
            halves[bagian] = _plan_table(
                f"{table} ({label})",
                bagian,
                rows,
                (n,) if n else (),
                totals_by_table.get((table, bagian), []),
                nomenklatur,
                posisi,
            )

    evaluasi = None
    if parsed.evaluasi:
        evaluasi = tuple(
            BarisEvaluasi(
                lokasi=lokasi_dari_loc(ev.loc, posisi),
                kode=(try_canonical_code(ev.kode) or "") if ev.kode else "",
                kode_asli=ev.kode,
                nama=" ".join(ev.nama.split()),
                level=ev.level,
                indikator=tuple(
                    IndikatorCek(nama=" ".join(i.nama.split()), satuan=i.satuan, lokasi=lokasi_dari_loc(ev.loc, posisi))
                    for i in ev.indikator
                ),
                kolom={c: tuple(_angka(v, posisi) for v in vals) for c, vals in ev.kolom.items()},
            )
            for ev in parsed.evaluasi
        )

    usulan = None
    usulan_jumlah: list[JumlahTertulis] = []
    if parsed.usulan:
        usulan = tuple(
            UsulanCek(
                lokasi=lokasi_dari_loc(u.loc, posisi),
                nomor=u.nomor,
                desa=u.desa,
                kecamatan=u.kecamatan,
                kegiatan=u.kegiatan,
                pagu_usulan=_angka(u.pagu_usulan, posisi),
                pagu_rekomendasi=_angka(u.pagu_rekomendasi, posisi),
            )
            for u in parsed.usulan
        )
        table = parsed.usulan[0].loc.table
        usulan_jumlah = [_jumlah(t, posisi) for (tb, _), ts in totals_by_table.items() if tb == table for t in ts]

    narasi = _narasi(parsed, lines, posisi) if parsed.narasi else ()
    places = {
        line: lokasi_baris(chapter, i)
        for chapter in narasi
        for i, (line, _) in enumerate(chapter.baris)
        if line is not None
    }
    prose = [
        replace(j, lokasi=places[line].dengan(kolom=j.lokasi.kolom)) if (line := t.loc.line) in places else j
        for j, t in zip(prose, prose_in, strict=True)
    ]
    doc = DokumenCek(
        sumber=SUMBER_DOKUMEN,
        nama=nama,
        tahun=n,
        pemda=parsed.pemda,
        perangkat_daerah=parsed.perangkat_daerah,
        bidang_kode=bidang_kode or _bidang(parsed),
        format=format,
        renstra_periode=parsed.renstra_periode,
        evaluasi=evaluasi,
        evaluasi_tahun=dict(parsed.evaluasi_tahun),
        pelayanan=len(parsed.pelayanan) if parsed.pelayanan else None,
        rencana=rencana,
        ranwal=halves["ranwal"],
        analisis_kebutuhan=halves["analisis_kebutuhan"],
        usulan=usulan,
        usulan_jumlah=tuple(usulan_jumlah),
        tujuan_sasaran=sum(1 for t in parsed.tujuan_sasaran if t.indikator) if parsed.tujuan_sasaran else None,
        narasi=narasi,
        jumlah_teks=tuple(prose),
        penandatangan=parsed.penandatangan.nama,
    )
    return doc, [temuan_dari_finding(f, posisi) for f in parsed.findings]


def _bidang(parsed: ParsedRenja) -> str:
    for ev in parsed.evaluasi:
        code = (try_canonical_code(ev.kode) or "") if ev.kode else ""
        parts = code.split(".")
        if len(parts) >= 2 and parts[0].isdigit():
            return ".".join(parts[:2])
    return ""
