"""The difference between two versions of a plan (two stages, a Renja and its Perubahan, Tabel 2.4's
Rancangan Awal RKPD against the Hasil Analisis Kebutuhan).

Rows are matched by their canonical code, or — without a code — by level and normalised name; indicators
within a row by normalised name. Every change names its field, the value before and after, written the
Indonesian way. T-C.31's "catatan penting" follows from the change: tepat / berubah / baru / dibatalkan.

Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from renja.calc.angka import format_angka, format_rupiah

KOSONG = "—"


@dataclass(frozen=True)
class IndikatorData:
    nama: str
    satuan: str = ""
    target: Mapping[int, Decimal | None] = field(default_factory=dict)
    target_teks: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BarisData:
    kode: str
    nama: str
    level: str
    lokasi: str = ""
    sumber_dana: str = ""
    pagu: Mapping[int, Decimal | None] = field(default_factory=dict)
    indikator: tuple[IndikatorData, ...] = ()
    id: int | None = None


class Jenis(StrEnum):
    TETAP = "tetap"
    BERUBAH = "berubah"
    BARU = "baru"
    DIHAPUS = "dihapus"


CATATAN_TC31 = {Jenis.TETAP: "tepat", Jenis.BERUBAH: "berubah", Jenis.BARU: "baru", Jenis.DIHAPUS: "dibatalkan"}


@dataclass(frozen=True)
class Perubahan:
    kolom: str  # e.g. "pagu 2024", "indikator 'Jumlah desa': target 2024"
    sebelum: str
    sesudah: str


@dataclass(frozen=True)
class BarisDiff:
    kunci: str
    jenis: Jenis
    kiri: BarisData | None
    kanan: BarisData | None
    perubahan: tuple[Perubahan, ...] = ()

    @property
    def baris(self) -> BarisData:
        row = self.kanan or self.kiri
        assert row is not None
        return row

    @property
    def catatan(self) -> str:
        """T-C.31's catatan penting: tepat / berubah (what) / baru / dibatalkan."""
        text = CATATAN_TC31[self.jenis]
        if self.jenis is Jenis.BERUBAH:
            text += ": " + "; ".join(f"{p.kolom} {p.sebelum} → {p.sesudah}" for p in self.perubahan)
        return text


@dataclass(frozen=True)
class VersiDiff:
    tahun: tuple[int, ...]
    baris: tuple[BarisDiff, ...]

    def jumlah(self, jenis: Jenis) -> int:
        return sum(1 for b in self.baris if b.jenis is jenis)

    @property
    def ringkasan(self) -> str:
        """`3 berubah, 1 baru, 0 dihapus, 52 tetap`."""
        return ", ".join(f"{self.jumlah(j)} {j.value}" for j in (Jenis.BERUBAH, Jenis.BARU, Jenis.DIHAPUS, Jenis.TETAP))

    @property
    def berubah(self) -> tuple[BarisDiff, ...]:
        return tuple(b for b in self.baris if b.jenis is not Jenis.TETAP)

    def total_pagu(self, sisi: str, tahun: int, level: str) -> Decimal:
        """Σ pagu of `level` rows on one side (`kiri` / `kanan`), missing values not added."""
        total = Decimal(0)
        for b in self.baris:
            row = b.kiri if sisi == "kiri" else b.kanan
            if row is not None and row.level == level:
                value = row.pagu.get(tahun)
                if value is not None:
                    total += value
        return total


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _keys(rows: Sequence[BarisData]) -> list[str]:
    seen: dict[str, int] = {}
    keys = []
    for row in rows:
        base = f"kode:{row.kode}" if row.kode else f"nama:{row.level}:{_norm(row.nama)}"
        seen[base] = seen.get(base, 0) + 1
        keys.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return keys


def _uang(value: Decimal | None) -> str:
    return KOSONG if value is None else format_rupiah(value)


def _angka(value: Decimal | None, teks: str = "") -> str:
    if value is None:
        return teks or KOSONG
    return format_angka(value)


def _text(value: str) -> str:
    return value.strip() or KOSONG


def _indikator_changes(kiri: BarisData, kanan: BarisData, tahun: Sequence[int]) -> list[Perubahan]:
    out: list[Perubahan] = []
    left = {_norm(i.nama): i for i in kiri.indikator}
    right = {_norm(i.nama): i for i in kanan.indikator}
    for key, ind in left.items():
        if key not in right:
            out.append(Perubahan(kolom="indikator", sebelum=ind.nama, sesudah=KOSONG))
    for key, ind in right.items():
        old = left.get(key)
        if old is None:
            out.append(Perubahan(kolom="indikator", sebelum=KOSONG, sesudah=ind.nama))
            continue
        if _norm(old.satuan) != _norm(ind.satuan):
            out.append(Perubahan(kolom=f"satuan '{ind.nama}'", sebelum=_text(old.satuan), sesudah=_text(ind.satuan)))
        for year in tahun:
            a, b = old.target.get(year), ind.target.get(year)
            ta, tb = old.target_teks.get(year, ""), ind.target_teks.get(year, "")
            if a != b or (a is None and b is None and ta.strip() != tb.strip()):
                out.append(Perubahan(kolom=f"target {year} '{ind.nama}'", sebelum=_angka(a, ta), sesudah=_angka(b, tb)))
    return out


def _changes(kiri: BarisData, kanan: BarisData, tahun: Sequence[int]) -> tuple[Perubahan, ...]:
    out: list[Perubahan] = []
    if _norm(kiri.nama) != _norm(kanan.nama):
        out.append(Perubahan(kolom="nama", sebelum=kiri.nama, sesudah=kanan.nama))
    if kiri.kode != kanan.kode:
        out.append(Perubahan(kolom="kode", sebelum=_text(kiri.kode), sesudah=_text(kanan.kode)))
    if _norm(kiri.lokasi) != _norm(kanan.lokasi):
        out.append(Perubahan(kolom="lokasi", sebelum=_text(kiri.lokasi), sesudah=_text(kanan.lokasi)))
    if _norm(kiri.sumber_dana) != _norm(kanan.sumber_dana):
        out.append(Perubahan(kolom="sumber dana", sebelum=_text(kiri.sumber_dana), sesudah=_text(kanan.sumber_dana)))
    for year in tahun:
        a, b = kiri.pagu.get(year), kanan.pagu.get(year)
        if a != b:
            out.append(Perubahan(kolom=f"pagu {year}", sebelum=_uang(a), sesudah=_uang(b)))
    out.extend(_indikator_changes(kiri, kanan, tahun))
    return tuple(out)


def diff_versi(kiri: Sequence[BarisData], kanan: Sequence[BarisData], tahun: Sequence[int]) -> VersiDiff:
    """Compare two versions' rows (each in its own order). The result follows the right-hand (newer) order;
    a row only on the left is placed after the left-hand row it followed."""
    left_keys, right_keys = _keys(kiri), _keys(kanan)
    left = dict(zip(left_keys, kiri, strict=True))
    right = dict(zip(right_keys, kanan, strict=True))
    result: list[BarisDiff] = []
    for key, row in right.items():
        old = left.get(key)
        if old is None:
            result.append(BarisDiff(kunci=key, jenis=Jenis.BARU, kiri=None, kanan=row))
            continue
        changes = _changes(old, row, tahun)
        result.append(
            BarisDiff(
                kunci=key, jenis=Jenis.BERUBAH if changes else Jenis.TETAP, kiri=old, kanan=row, perubahan=changes
            )
        )
    previous: str | None = None
    for key in left_keys:
        if key not in right:
            position = 0
            if previous is not None:
                position = next(i for i, d in enumerate(result) if d.kunci == previous) + 1
            result.insert(position, BarisDiff(kunci=key, jenis=Jenis.DIHAPUS, kiri=left[key], kanan=None))
        previous = key
    return VersiDiff(tahun=tuple(tahun), baris=tuple(result))
