"""Sums: a parent's pagu against its children, a stated total (JUMLAH row, prose) against the table, the sums
of the levels against each other, the counts the prose states against the rows (domain README §8). Pure.

An empty cell or a dash adds 0 to a sum; an unreadable value (error literal, broken number) makes the sum
unknown and the comparison is skipped (the parser already reported the value). A parent whose pagu cell is
empty states nothing and is not compared; neither is a parent whose children have no pagu at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from renja.calc.angka import format_angka, format_rupiah
from renja.checks.rules.model import Angka, BarisRencana, DokumenCek, JumlahTertulis, Lokasi, TabelRencana
from renja.checks.rules.temuan import Temuan, buat

__all__ = [
    "LEVELS",
    "Penjumlahan",
    "Suku",
    "anak_dari",
    "periksa_hitungan",
    "periksa_jumlah_tabel",
    "periksa_jumlah_teks",
    "periksa_negatif",
    "periksa_pagu_induk",
    "total_tabel",
]

LEVELS = ("program", "kegiatan", "sub_kegiatan")
_LABEL = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan"}


@dataclass(frozen=True)
class Suku:
    label: str
    angka: Angka


@dataclass(frozen=True)
class Penjumlahan:
    """A sum with its formula and its terms, so every figure can be explained."""

    rumus: str
    suku: tuple[Suku, ...]

    @property
    def nilai(self) -> Decimal | None:
        """The sum; None when a term cannot be read."""
        total = Decimal(0)
        for s in self.suku:
            v = s.angka.untuk_jumlah()
            if v is None:
                return None
            total += v
        return total

    @property
    def penjelasan(self) -> str:
        if not self.suku:
            return f"{self.rumus}: tidak ada baris"
        parts = " + ".join("-" if s.angka.kosong else (s.angka.teks or "?") for s in self.suku)
        value = self.nilai
        return f"{self.rumus} = {parts} = {format_rupiah(value) if value is not None else '?'}"

    def rincian(self) -> list[str]:
        lines = [self.penjelasan]
        lines += [f"  {s.label}: {'-' if s.angka.kosong else s.angka.teks}" for s in self.suku]
        return lines


def _stated(a: Angka | None) -> bool:
    """A cell that states something (a number, a dash or text); an empty cell states nothing."""
    return a is not None and (a.teks.strip() != "" or a.nilai is not None)


def anak_dari(tabel: TabelRencana) -> dict[str, list[BarisRencana]]:
    ids = {r.id for r in tabel.baris}
    children: dict[str, list[BarisRencana]] = {}
    for r in tabel.baris:
        if r.induk is not None and r.induk in ids and r.induk != r.id:
            children.setdefault(r.induk, []).append(r)
    return children


def _label(row: BarisRencana) -> str:
    head = row.kode or row.kode_asli
    name = row.nama if len(row.nama) <= 70 else row.nama[:67] + "…"
    return f"{head} {name}".strip()


def _cell(row: BarisRencana, year: int) -> Lokasi:
    pagu = row.pagu.get(year)
    if pagu is not None and (pagu.lokasi.tabel or pagu.lokasi.objek):
        return pagu.lokasi
    return row.lokasi.dengan(kolom=f"Pagu {year}")


def periksa_pagu_induk(tabel: TabelRencana) -> list[Temuan]:
    out: list[Temuan] = []
    children = anak_dari(tabel)
    for row in tabel.baris:
        kids = children.get(row.id)
        if not kids:
            continue
        for year in tabel.tahun:
            stated = row.pagu.get(year)
            if stated is None or not _stated(stated) or stated.tak_terbaca:
                continue
            if not any(_stated(k.pagu.get(year)) for k in kids):
                continue
            level = _LABEL.get(kids[0].level, "rincian") if len({k.level for k in kids}) == 1 else "rincian"
            total = Penjumlahan(
                f"Σ pagu {level} ({year})", tuple(Suku(_label(k), k.pagu.get(year) or Angka()) for k in kids)
            )
            value, own = total.nilai, stated.untuk_jumlah()
            if value is None or own is None or value == own:
                continue
            diff = own - value
            out.append(
                buat(
                    "PAGU_INDUK_TIDAK_SESUAI",
                    f"{tabel.nama}: pagu {year} {_LABEL.get(row.level, 'baris')} '{_label(row)}' tertulis "
                    f"{stated.teks}, sedangkan jumlah pagu {len(kids)} {level} di bawahnya {format_rupiah(value)} "
                    f"(selisih {'+' if diff > 0 else '-'}{format_rupiah(abs(diff))}).",
                    _cell(row, year),
                    teks=stated.teks,
                    diharapkan=format_rupiah(value),
                    ditemukan=stated.teks,
                    rincian=total.rincian(),
                )
            )
    return out


def _levels_present(tabel: TabelRencana) -> list[str]:
    present = {r.level for r in tabel.baris}
    return [lv for lv in LEVELS if lv in present]


def _level_sum(tabel: TabelRencana, level: str, year: int) -> Penjumlahan:
    rows = [r for r in tabel.baris if r.level == level]
    return Penjumlahan(
        f"Σ pagu {_LABEL[level]} ({year})", tuple(Suku(_label(r), r.pagu.get(year) or Angka()) for r in rows)
    )


def total_tabel(tabel: TabelRencana, year: int) -> Penjumlahan | None:
    """What the table adds up to for a year: the sum of the highest level whose rows all state a pagu (the
    programs, normally), else of the rows without children. None when a needed value cannot be read."""
    levels = _levels_present(tabel)
    if levels and all(r.level in LEVELS for r in tabel.baris):
        for level in levels:
            rows = [r for r in tabel.baris if r.level == level]
            if rows and all(_stated(r.pagu.get(year)) for r in rows):
                total = _level_sum(tabel, level, year)
                return total if total.nilai is not None else None
    children = anak_dari(tabel)
    leaves = [r for r in tabel.baris if r.id not in children]
    total = Penjumlahan(
        f"Σ pagu baris rincian terendah ({year})", tuple(Suku(_label(r), r.pagu.get(year) or Angka()) for r in leaves)
    )
    return total if total.nilai is not None and leaves else None


def _compare_total(t: JumlahTertulis, tabel: TabelRencana, kode: str, what: str) -> Temuan | None:
    if t.tahun is None or t.nilai.nilai is None:
        return None
    total = total_tabel(tabel, t.tahun)
    if total is None or total.nilai is None or total.nilai == t.nilai.nilai:
        return None
    diff = t.nilai.nilai - total.nilai
    return buat(
        kode,
        f"{what} {t.tahun} tertulis {t.nilai.teks}, sedangkan {total.rumus} di {tabel.nama} = "
        f"{format_rupiah(total.nilai)} (selisih {'+' if diff > 0 else '-'}{format_rupiah(abs(diff))}).",
        t.lokasi,
        teks=t.nilai.teks,
        diharapkan=format_rupiah(total.nilai),
        ditemukan=t.nilai.teks,
        rincian=total.rincian(),
    )


def periksa_jumlah_tabel(tabel: TabelRencana) -> list[Temuan]:
    """The JUMLAH rows of the table against its rows, and the sums of the levels against each other."""
    out: list[Temuan] = []
    for t in tabel.jumlah:
        if t.jenis == "pagu":
            found = _compare_total(t, tabel, "JUMLAH_TIDAK_SESUAI", f"{tabel.nama}: baris JUMLAH pagu")
            if found is not None:
                out.append(found)
    for year in tabel.tahun:
        sums: list[tuple[str, Penjumlahan, Decimal]] = []
        for level in _levels_present(tabel):
            rows = [r for r in tabel.baris if r.level == level]
            if not all(_stated(r.pagu.get(year)) for r in rows):
                continue
            total = _level_sum(tabel, level, year)
            if total.nilai is not None:
                sums.append((level, total, total.nilai))
        if len({v for _, _, v in sums}) > 1:
            text = ", ".join(f"{_LABEL[lv]} {format_rupiah(v)}" for lv, _, v in sums)
            out.append(
                buat(
                    "JUMLAH_TINGKAT_TIDAK_SESUAI",
                    f"{tabel.nama}: jumlah pagu {year} per tingkat tidak sama ({text}).",
                    tabel.lokasi.dengan(kolom=f"Pagu {year}"),
                    diharapkan=f"sama di setiap tingkat ({format_rupiah(sums[0][2])})",
                    ditemukan=text,
                    rincian=[total.penjelasan for _, total, _ in sums],
                )
            )
    return out


def periksa_jumlah_teks(doc: DokumenCek) -> list[Temuan]:
    """Totals the prose states for the plan's year against the plan table."""
    tabel = doc.rencana
    if tabel is None:
        return []
    out: list[Temuan] = []
    for t in doc.jumlah_teks:
        if t.jenis != "pagu" or t.tabel != tabel.nama or t.tahun not in tabel.tahun:
            continue
        found = _compare_total(t, tabel, "JUMLAH_TEKS_TIDAK_SESUAI", "Teks menyebut total anggaran")
        if found is not None:
            out.append(found)
    return out


def periksa_hitungan(doc: DokumenCek) -> list[Temuan]:
    """Counts of programs, kegiatan and sub kegiatan the prose states for the plan's year against the plan table."""
    tabel = doc.rencana
    if tabel is None:
        return []
    counts = {lv: sum(1 for r in tabel.baris if r.level == lv) for lv in LEVELS}
    unknown = sum(1 for r in tabel.baris if r.level not in LEVELS)
    summary = ", ".join(f"{counts[lv]} {_LABEL[lv]}" for lv in LEVELS)
    out: list[Temuan] = []
    for t in doc.jumlah_teks:
        if t.jenis not in LEVELS or t.tabel != tabel.nama or t.nilai.nilai is None:
            continue
        if unknown and t.jenis != "program":
            continue  # rows of unknown level: the count cannot be told
        stated = int(t.nilai.nilai)
        have = counts[t.jenis]
        if stated == have:
            continue
        out.append(
            buat(
                "HITUNGAN_TIDAK_SESUAI",
                f"Teks menyebut {t.nilai.teks} untuk tahun {t.tahun}, sedangkan {tabel.nama} berisi {have} "
                f"{_LABEL[t.jenis]} ({summary}).",
                t.lokasi,
                teks=t.nilai.teks,
                diharapkan=f"{have} {_LABEL[t.jenis]}",
                ditemukan=t.nilai.teks,
                rincian=[f"{tabel.nama}: {summary}"],
            )
        )
    return out


def periksa_negatif(tabel: TabelRencana) -> list[Temuan]:
    out: list[Temuan] = []
    for row in tabel.baris:
        for year, a in sorted(row.pagu.items()):
            if a.nilai is not None and a.nilai < 0:
                out.append(
                    buat(
                        "ANGKA_NEGATIF",
                        f"{tabel.nama}: pagu {year} '{_label(row)}' bernilai negatif ({a.teks}).",
                        _cell(row, year),
                        teks=a.teks,
                        ditemukan=format_angka(a.nilai),
                        diharapkan="0 atau lebih",
                    )
                )
    return out


def jumlah_usulan(doc: DokumenCek) -> list[Temuan]:
    """JUMLAH rows of the usulan table (pagu usulan, pagu rekomendasi) against the sum of the proposals."""
    if not doc.usulan:
        return []
    out: list[Temuan] = []
    for t in doc.usulan_jumlah:
        field = "pagu_rekomendasi" if t.bagian == "rekomendasi" else "pagu_usulan"
        terms: Iterable[Suku] = (Suku(f"{u.nomor}. {u.desa}", getattr(u, field)) for u in doc.usulan)
        total = Penjumlahan(f"Σ {field.replace('_', ' ')}", tuple(terms))
        if total.nilai is None or t.nilai.nilai is None or total.nilai == t.nilai.nilai:
            continue
        out.append(
            buat(
                "JUMLAH_TIDAK_SESUAI",
                f"{t.tabel or 'Tabel usulan'}: baris JUMLAH {field.replace('_', ' ')} tertulis {t.nilai.teks}, "
                f"sedangkan jumlah {len(doc.usulan)} usulan {format_rupiah(total.nilai)}.",
                t.lokasi,
                teks=t.nilai.teks,
                diharapkan=format_rupiah(total.nilai),
                ditemukan=t.nilai.teks,
                rincian=total.rincian(),
            )
        )
    return out


def semua(tables: Sequence[TabelRencana]) -> list[Temuan]:
    out: list[Temuan] = []
    for tabel in tables:
        out += periksa_pagu_induk(tabel)
        out += periksa_jumlah_tabel(tabel)
        out += periksa_negatif(tabel)
    return out
