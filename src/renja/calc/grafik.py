"""Geometry of the dashboards' bar charts, drawn by the templates as inline SVG (no JavaScript library).

A chart is a list of bars, each with one or more series values; every bar is scaled against the largest value
of the chart (or a given maximum, e.g. an agency's ceiling) and gets its width as a percentage with one
decimal. A missing value is a missing bar (and says so), never a zero-length bar that reads as "nothing".

Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from renja.calc.angka import format_angka, format_rupiah

SERATUS = Decimal(100)


@dataclass(frozen=True)
class Batang:
    """One value of one series of a bar: its width in % of the chart's scale, and its text."""

    seri: int
    nilai: Decimal | None
    lebar: Decimal  # 0–100, one decimal
    teks: str
    kelas: str = ""  # a CSS class (e.g. the predikat) chosen by the caller

    @property
    def kosong(self) -> bool:
        return self.nilai is None


@dataclass(frozen=True)
class BarisGrafik:
    label: str
    batang: tuple[Batang, ...]
    keterangan: str = ""  # the tooltip: formula and inputs
    penanda: Decimal | None = None  # a marker (e.g. the ceiling) in % of the scale
    tautan: str = ""


@dataclass(frozen=True)
class Grafik:
    judul: str
    seri: tuple[str, ...]
    baris: tuple[BarisGrafik, ...]
    skala: Decimal  # the value that is 100 %
    satuan: str = ""  # "Rp", "%", "usulan"

    @property
    def kosong(self) -> bool:
        return all(b.kosong for row in self.baris for b in row.batang)


@dataclass(frozen=True)
class Masukan:
    """One bar's input: its label and a value per series (plus optional class per series, marker, tooltip)."""

    label: str
    nilai: tuple[Decimal | None, ...]
    kelas: tuple[str, ...] = ()
    penanda: Decimal | None = None
    keterangan: str = ""
    tautan: str = ""


def _lebar(nilai: Decimal | None, skala: Decimal) -> Decimal:
    if nilai is None or skala <= 0 or nilai <= 0:
        return Decimal(0)
    lebar = min(nilai, skala) * SERATUS / skala
    return lebar.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def teks_nilai(nilai: Decimal | None, satuan: str) -> str:
    if nilai is None:
        return "kosong"
    if satuan == "Rp":
        return format_rupiah(nilai)
    if satuan == "%":
        return f"{format_angka(nilai, 2)} %"
    return format_angka(nilai)


def grafik_batang(
    judul: str, seri: Sequence[str], masukan: Sequence[Masukan], *, satuan: str = "", skala: Decimal | None = None
) -> Grafik:
    """Scale every value against `skala`, or the largest value or marker of the chart when not given."""
    if skala is None:
        values = [v for m in masukan for v in m.nilai if v is not None]
        values += [m.penanda for m in masukan if m.penanda is not None]
        skala = max(values, default=Decimal(0))
    rows = []
    for m in masukan:
        bars = tuple(
            Batang(
                seri=i,
                nilai=v,
                lebar=_lebar(v, skala),
                teks=teks_nilai(v, satuan),
                kelas=m.kelas[i] if i < len(m.kelas) else "",
            )
            for i, v in enumerate(m.nilai)
        )
        rows.append(
            BarisGrafik(
                label=m.label,
                batang=bars,
                keterangan=m.keterangan,
                penanda=None if m.penanda is None else _lebar(m.penanda, skala),
                tautan=m.tautan,
            )
        )
    return Grafik(judul=judul, seri=tuple(seri), baris=tuple(rows), skala=skala, satuan=satuan)
