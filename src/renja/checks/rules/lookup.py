"""What the checks ask of the master data, as small protocols (pure: no Django).

The Django side passes objects that answer them from the database (`renja.checks.lookups`); tests pass small
in-memory ones. Every method is a plain lookup: no query per call beyond what the object loaded up front.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = ["DesaCocok", "ItemNomenklatur", "NamaCocok", "NomenklaturLookup", "WilayahCocok", "WilayahLookup"]


@dataclass(frozen=True)
class ItemNomenklatur:
    kode: str  # canonical; the support program specialised to the agency's bidang (2.13.01…)
    level: str  # urusan/bidang/program/kegiatan/sub_kegiatan
    nama: str
    satuan: str = ""


@dataclass(frozen=True)
class NamaCocok:
    """A nomenclature item found for a name. `cara`: "kode", "nama" (equal after normalisation) or "fuzzy"."""

    item: ItemNomenklatur
    skor: float
    cara: str
    di_luar_induk: bool = False
    ambigu: bool = False


class NomenklaturLookup(Protocol):
    @property
    def versi(self) -> str:
        """The version's code, e.g. kepmendagri-900-kurasi (named in messages)."""
        ...

    @property
    def jenis_pemda(self) -> str:
        """kabkota or prov: which first digit of a kegiatan segment is the agency's level of government."""
        ...

    def by_code(self, kode: str) -> ItemNomenklatur | None:
        """The item with this code (any written form), or None when the version has no such code."""
        ...

    def by_name(self, level: str, nama: str, parent_kode: str | None = None) -> NamaCocok | None:
        """The item of `level` whose name matches, preferring the children of `parent_kode`; None when none does."""
        ...


@dataclass(frozen=True)
class WilayahCocok:
    """A region found for a name. `cara`: "sama" (equal name), "ejaan" (after repairing spacing, old spelling or
    a nasal prefix), "mirip" (similar name, `skor`), "" (not found). `saran`: other candidates ("Nama (Kecamatan)")
    when the match is unsure (`ambigu`) or absent."""

    kode: str
    nama: str
    level: str  # kecamatan / desa / kelurahan
    cara: str
    skor: float = 1.0
    ambigu: bool = False
    kecamatan_kode: str = ""
    kecamatan_nama: str = ""
    saran: tuple[str, ...] = ()


@dataclass(frozen=True)
class DesaCocok:
    """The answer for one (desa, kecamatan) pair of an usulan."""

    desa: WilayahCocok | None  # None: no desa of the pemda matches
    kecamatan: WilayahCocok | None  # None: no kecamatan given, or none matches
    di_kecamatan: bool | None  # True/False: the desa is (not) in the kecamatan given; None: cannot say
    saran: tuple[str, ...] = ()  # candidates to show when desa is None or unsure


class WilayahLookup(Protocol):
    @property
    def pemda(self) -> str:
        """The pemda's code and name, e.g. '35.20 KAB. MAGETAN' (named in messages)."""
        ...

    def cari_desa(self, desa: str, kecamatan: str = "") -> DesaCocok: ...

    def cari_kecamatan(self, kecamatan: str) -> WilayahCocok | None: ...
