"""Reading the prose of a Renja: where a line stands (bab, sub-bab), the totals and counts a sentence states, and
the years a sentence gives to the plan. Pure: no Django.

The document parser already states the totals of a *text document* (`ParsedRenja.totals`); `jumlah_dalam_teks`
reads the same from chapters that come from elsewhere (a stored Renja's narasi, the JSON export), with the same
rules (a test keeps the two in step on the seed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from renja.checks.rules.model import Angka, JumlahTertulis, Lokasi, NarasiCek

__all__ = ["BAB_LABEL", "TahunTeks", "jumlah_dalam_teks", "lokasi_baris", "tahun_dalam_teks"]

BAB_LABEL = {
    "kata_pengantar": "Kata Pengantar",
    "bab1": "Bab I",
    "bab2": "Bab II",
    "bab3": "Bab III",
    "bab4": "Bab IV",
    "bab5": "Bab V",
}

_SUBBAB = re.compile(r"^[\s*_#-]*(\d+(?:\.\d+)+)\.?\s*([A-Za-z][^\t]{2,90})$")
_MONEY = re.compile(r"Rp\.?\s*(\d[\d.,]*\d)(?:\s*,-|\.-)?", re.I)
_COUNT = re.compile(r"(\d+)\s*(?:\([^)\d]*\)\s*)?(sub\s*kegiatan|kegiatan|program)\b", re.I)
_JOINER = re.compile(r"\s*(?:,|dan|serta|,\s*dan|,\s*serta)?\s*", re.I)
_YEAR_BEFORE = re.compile(r"tahun(?:\s+anggaran)?\s+((?:19|20)\d{2})", re.I)
_YEAR_PHRASE = re.compile(
    r"\b(?:tahun(?:\s+anggaran)?|TA\.?)\s+((?:19|20)\d{2})(?!\d)(\s*[-\u2013/]\s*(?:19|20)\d{2})?", re.I
)
_LAW_BEFORE = re.compile(r"(?:nomor|no\.)\s*[\w.\-/]+\s*$", re.I)
_PLAN_WORDS = re.compile(
    r"rencana kerja|renja|rkpd|rancangan|penyusunan|pelaksanaan kegiatan|program/kegiatan|terdapat\s+\d*\s*program|"
    r"kerangka pendanaan|pagu indikatif",
    re.I,
)
_PAST_WORDS = re.compile(
    r"evaluasi|realisasi|terealisasi|capaian|tahun lalu|tersebut|sebelumnya|berjalan|\bs\.?\s?d\b|sampai dengan|"
    r"ditetapkan",
    re.I,
)
_SENTENCE_END = re.compile(r"[.;:!?](?:\s|$)")


def lokasi_baris(narasi: NarasiCek, i: int) -> Lokasi:
    """The place of line `i` of a chapter: its bab, the sub-bab heading above it ("1.2 Landasan Hukum") and the
    document line when known."""
    line, _ = narasi.baris[i]
    sub = ""
    for _, text in reversed(narasi.baris[: i + 1]):
        m = _SUBBAB.match(text.strip())
        if m and len(text.strip()) <= 100:
            sub = f"{m.group(1)} {m.group(2).strip(' *_')}"
            break
    bab = BAB_LABEL.get(narasi.kode, narasi.judul or narasi.kode)
    if sub:
        bab = f"{bab}, {sub}"
    if i < len(narasi.posisi) and narasi.posisi[i]:
        return narasi.lokasi.dengan(bab=bab, baris_dokumen=None, posisi=narasi.posisi[i])
    posisi = "" if line is not None else f"paragraf {sum(1 for _, t in narasi.baris[: i + 1] if t.strip())}"
    return narasi.lokasi.dengan(bab=bab, baris_dokumen=line, posisi=posisi)


def _rupiah(text: str) -> Decimal | None:
    digits = re.sub(r"[.,]", "", text)
    return Decimal(digits) if digits.isdigit() else None


def jumlah_dalam_teks(narasi: Sequence[NarasiCek], n: int | None, tabel: str) -> list[JumlahTertulis]:
    """Totals (`Rp …`) and counts ("5 program, 10 kegiatan dan 56 sub kegiatan") the prose states, with the year
    the sentence gives them (the last 'tahun YYYY' before, else the plan's year). `tabel` is named on those of
    year n (they are about the plan table); a count needs two levels joined ("5 program dan 10 kegiatan")."""
    out: list[JumlahTertulis] = []
    for chapter in narasi:
        for i, (_, line) in enumerate(chapter.baris):
            if "\t" in line:
                continue
            lokasi = lokasi_baris(chapter, i)
            for m in _MONEY.finditer(line):
                before = line[: m.start()]
                years = _YEAR_BEFORE.findall(before)
                tahun = int(years[-1]) if years else n
                near = before.lower().split()[-4:]
                realisasi = any(w.startswith(("reali", "terreali", "tereali")) for w in near)
                jenis = "realisasi_anggaran" if realisasi else "pagu"
                value = Angka(teks=m.group(0), nilai=_rupiah(m.group(1)), lokasi=lokasi)
                on_table = tabel if tahun == n and jenis == "pagu" else ""
                out.append(JumlahTertulis(on_table, tahun, value, jenis, dari_teks=True, lokasi=lokasi))
            groups: list[list[re.Match[str]]] = []
            for m in _COUNT.finditer(line):
                if groups and _JOINER.fullmatch(line[groups[-1][-1].end() : m.start()]):
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
                    value = Angka(teks=g.group(0), nilai=Decimal(g.group(1)), satuan=g.group(2), lokasi=lokasi)
                    on_table = tabel if tahun == n else ""
                    out.append(JumlahTertulis(on_table, tahun, value, jenis, dari_teks=True, lokasi=lokasi))
    return out


@dataclass(frozen=True)
class TahunTeks:
    """A year a sentence gives to the plan that is not the plan's year."""

    lokasi: Lokasi
    tahun: int
    teks: str  # the phrase, e.g. "tahun 2023"
    kalimat: str  # the sentence around it (shortened)


def _sentence_bounds(line: str, start: int, end: int) -> tuple[int, int]:
    begin = 0
    for m in _SENTENCE_END.finditer(line, 0, start):
        begin = m.end()
    stop = len(line)
    after = _SENTENCE_END.search(line, end)
    if after is not None:
        stop = after.start() + 1
    return begin, stop


def tahun_dalam_teks(narasi: Sequence[NarasiCek], n: int) -> list[TahunTeks]:
    """Sentences that give the plan (this Renja, its RKPD, its pagu) the previous year n-1 — the usual trace of a
    document copied from last year's. A year after 'Nomor …' (a regulation), a period ('2019-2024'), and a
    sentence about evaluation, realisation, the year in progress or 'tahun … tersebut' are left alone; so are
    years other than n-1 (n-2 is the evaluated year, n+1 the prakiraan maju)."""
    found: list[TahunTeks] = []
    for chapter in narasi:
        for i, (_, line) in enumerate(chapter.baris):
            if "\t" in line:
                continue
            for m in _YEAR_PHRASE.finditer(line):
                year = int(m.group(1))
                if year != n - 1 or m.group(2):
                    continue
                if _LAW_BEFORE.search(line[: m.start()]):
                    continue
                begin, stop = _sentence_bounds(line, m.start(), m.end())
                sentence = line[begin:stop]
                before = line[max(begin, m.start() - 160) : m.start()]
                after = line[m.end() : min(stop, m.end() + 80)]
                context = f"{before} {after}"
                if not _PLAN_WORDS.search(context) or _PAST_WORDS.search(context):
                    continue
                short = sentence.strip()
                if len(short) > 220:
                    cut = m.start() - begin
                    short = "…" + sentence[max(0, cut - 120) : cut + 80].strip() + "…"
                found.append(TahunTeks(lokasi_baris(chapter, i), year, m.group(0), short))
    return found
