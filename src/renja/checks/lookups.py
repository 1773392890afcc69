"""The master data the checks ask for, answered from the database (the protocols of `rules.lookup`).

`nomenklatur_lookup(versi_kode, bidang)` wraps a `NomenklaturMatcher` whose levels are loaded up front (a fixed
number of queries); when the version is not in the database yet and it is the curated version shipped with the
product, it is loaded inside a transaction that is rolled back, so checking a document never writes.
`wilayah_lookup(pemda_kode | nama)` wraps a `WilayahMatcher` of the pemda (one query).
"""

from __future__ import annotations

from django.db import transaction

from renja.checks.rules.lookup import DesaCocok, ItemNomenklatur, NamaCocok, WilayahCocok
from renja.core.text import try_canonical_code
from renja.master.models import Level, Nomenklatur, NomenklaturVersi
from renja.master.nomenklatur import BUILTIN_VERSI_KODE, Match, NomenklaturMatcher, nomenklatur_load_builtin
from renja.master.wilayah import WilayahEntry, WilayahMatch, WilayahMatcher, wilayah_find_pemda

__all__ = ["DbNomenklaturLookup", "DbWilayahLookup", "nomenklatur_lookup", "wilayah_lookup"]


class _Rollback(Exception):
    pass


def _item(nomenklatur: Nomenklatur, kode: str) -> ItemNomenklatur:
    return ItemNomenklatur(kode=kode, level=nomenklatur.level, nama=nomenklatur.nama, satuan=nomenklatur.satuan)


class DbNomenklaturLookup:
    """`NomenklaturLookup` over a preloaded `NomenklaturMatcher` (no query per lookup)."""

    def __init__(self, matcher: NomenklaturMatcher, versi: str) -> None:
        self._matcher = matcher
        self._versi = versi

    @property
    def versi(self) -> str:
        return self._versi

    @property
    def jenis_pemda(self) -> str:
        return self._matcher.jenis_pemda

    def by_code(self, kode: str) -> ItemNomenklatur | None:
        m = self._matcher.match_code(kode)
        return _item(m.item, m.kode) if m is not None else None

    def by_name(self, level: str, nama: str, parent_kode: str | None = None) -> NamaCocok | None:
        m: Match | None = self._matcher.match(level, nama, parent_kode=parent_kode)
        if m is None:
            return None
        return NamaCocok(
            item=_item(m.item, m.kode), skor=m.score, cara=m.how, di_luar_induk=m.outside_parent, ambigu=m.ambiguous
        )


def nomenklatur_lookup(
    versi_kode: str = BUILTIN_VERSI_KODE, bidang_kode: str | None = None, jenis_pemda: str = "kabkota"
) -> DbNomenklaturLookup | None:
    """The lookup of a nomenclature version (all levels loaded now). The shipped curated version is loaded for
    the occasion and rolled back when the database does not hold it; another missing version gives None."""
    bidang = bidang_kode if bidang_kode and try_canonical_code(bidang_kode) else None

    def build() -> DbNomenklaturLookup:
        matcher = NomenklaturMatcher(versi_kode, jenis_pemda, bidang)
        matcher.preload([lv.value for lv in Level])
        return DbNomenklaturLookup(matcher, versi_kode)

    if NomenklaturVersi.objects.filter(kode=versi_kode).exists():
        return build()
    if versi_kode != BUILTIN_VERSI_KODE:
        return None
    holder: list[DbNomenklaturLookup] = []
    try:
        with transaction.atomic():
            nomenklatur_load_builtin(actor=None, source="system")
            holder.append(build())
            raise _Rollback
    except _Rollback:
        pass
    return holder[0]


def _cocok(m: WilayahMatch, matcher: WilayahMatcher) -> WilayahCocok:
    kec = m.kecamatan
    return WilayahCocok(
        kode=m.entry.kode,
        nama=m.entry.nama,
        level=m.entry.level,
        cara=m.how,
        skor=m.score,
        ambigu=m.ambiguous,
        kecamatan_kode=kec.kode if kec else "",
        kecamatan_nama=kec.nama if kec else "",
        saran=tuple(_label(c, matcher) for c in m.candidates),
    )


def _label(e: WilayahEntry, matcher: WilayahMatcher) -> str:
    kec = matcher.entry(e.parent_kode) if e.level != "kecamatan" else None
    return f"{e.nama} (kec. {kec.nama})" if kec is not None else e.nama


class DbWilayahLookup:
    """`WilayahLookup` over a `WilayahMatcher` of one pemda."""

    def __init__(self, matcher: WilayahMatcher) -> None:
        self.matcher = matcher

    @property
    def pemda(self) -> str:
        return f"{self.matcher.pemda.kode} {self.matcher.pemda.nama}"

    def cari_kecamatan(self, kecamatan: str) -> WilayahCocok | None:
        m = self.matcher.match_kecamatan(kecamatan)
        return _cocok(m, self.matcher) if m is not None else None

    def cari_desa(self, desa: str, kecamatan: str = "") -> DesaCocok:
        r = self.matcher.match_desa(desa, kecamatan)
        return DesaCocok(
            desa=_cocok(r.desa, self.matcher) if r.desa is not None else None,
            kecamatan=_cocok(r.kecamatan, self.matcher) if r.kecamatan is not None else None,
            di_kecamatan=r.in_kecamatan,
            saran=tuple(_label(e, self.matcher) for e in r.suggestions),
        )


def wilayah_lookup(*, pemda_kode: str = "", pemda_nama: str = "") -> DbWilayahLookup | None:
    """The wilayah lookup of a pemda by its code, else by the name a document gives it; None when the wilayah
    master does not hold it."""
    kode = pemda_kode
    if not kode and pemda_nama:
        found = wilayah_find_pemda(pemda_nama)
        kode = found.kode if found is not None else ""
    if not kode:
        return None
    matcher = WilayahMatcher.for_pemda(kode)
    return DbWilayahLookup(matcher) if matcher is not None else None
