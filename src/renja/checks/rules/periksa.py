"""Run every check on one `DokumenCek`: `periksa(doc, nomenklatur=…, wilayah=…)` -> `HasilPeriksa`. Pure.

The result holds the findings (sorted: errors first, then by place) and the completeness checklist; the CLI,
the web page, the importer's report and the JSON output all render this one object.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from renja.checks.rules import indikator, jumlah, kode, tahun, usulan
from renja.checks.rules.kelengkapan import ButirPeriksa, kelengkapan
from renja.checks.rules.lookup import NomenklaturLookup, WilayahLookup
from renja.checks.rules.model import DokumenCek, Lokasi
from renja.checks.rules.temuan import ERROR, Temuan, hitung, urutkan

__all__ = ["HasilPeriksa", "periksa"]


@dataclass(frozen=True)
class HasilPeriksa:
    nama: str
    sumber: str
    format: str
    tahun: int | None
    pemda: str
    perangkat_daerah: str
    lokasi: Lokasi
    temuan: tuple[Temuan, ...]
    kelengkapan: tuple[ButirPeriksa, ...]
    nomenklatur: str = ""  # the version the codes were checked against ("" = not checked)
    wilayah: str = ""  # the pemda the desa were checked against ("" = not checked)

    @property
    def jumlah(self) -> dict[str, int]:
        return hitung(self.temuan)

    @property
    def ada_error(self) -> bool:
        return any(t.severity == ERROR for t in self.temuan)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nama": self.nama,
            "sumber": self.sumber,
            "format": self.format,
            "tahun": self.tahun,
            "pemda": self.pemda,
            "perangkat_daerah": self.perangkat_daerah,
            "tautan": self.lokasi.tautan,
            "nomenklatur": self.nomenklatur,
            "wilayah": self.wilayah,
            "jumlah_temuan": self.jumlah,
            "temuan": [t.to_dict() for t in self.temuan],
            "kelengkapan": [b.to_dict() for b in self.kelengkapan],
        }


def _unique(found: Iterable[Temuan]) -> list[Temuan]:
    seen: set[tuple[str, Lokasi, str]] = set()
    out: list[Temuan] = []
    for t in found:
        key = (t.kode, t.lokasi, t.pesan)
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


def periksa(
    doc: DokumenCek,
    *,
    nomenklatur: NomenklaturLookup | None = None,
    wilayah: WilayahLookup | None = None,
    temuan_awal: Iterable[Temuan] = (),
) -> HasilPeriksa:
    """Every check on `doc`. `temuan_awal`: findings its reader already made (the parser's), kept as they are.
    Without `nomenklatur` the codes and names are not checked; without `wilayah` the usulan's desa are not."""
    found: list[Temuan] = list(temuan_awal)
    tables = [t for t in (doc.rencana, doc.ranwal, doc.analisis_kebutuhan) if t is not None]
    found += jumlah.semua([*tables, *doc.rencana_lain])
    found += jumlah.periksa_jumlah_teks(doc)
    found += jumlah.periksa_hitungan(doc)
    found += jumlah.jumlah_usulan(doc)
    for tabel in tables:
        found += indikator.periksa_satuan(tabel)
        found += indikator.periksa_target_pagu(tabel)
        found += kode.periksa_kode_rencana(tabel, nomenklatur)
        found += kode.periksa_ganda(tabel)
    for tabel in doc.rencana_lain:
        found += kode.periksa_kode_rencana(tabel, nomenklatur)
        found += kode.periksa_ganda(tabel)
    if doc.evaluasi:
        found += indikator.periksa_evaluasi(doc)
        found += kode.periksa_kode_evaluasi(doc.evaluasi, nomenklatur)
        found += kode.periksa_ganda_evaluasi(doc.evaluasi)
    found += indikator.periksa_target_renstra(doc)
    found += tahun.periksa_tahun(doc)
    if doc.usulan:
        found += usulan.periksa_usulan(doc.usulan, wilayah)
    ordered = tuple(urutkan(_unique(found)))
    return HasilPeriksa(
        nama=doc.nama,
        sumber=doc.sumber,
        format=doc.format,
        tahun=doc.tahun,
        pemda=doc.pemda,
        perangkat_daerah=doc.perangkat_daerah,
        lokasi=doc.lokasi,
        temuan=ordered,
        kelengkapan=tuple(kelengkapan(doc, ordered)),
        nomenklatur=nomenklatur.versi if nomenklatur is not None else "",
        wilayah=wilayah.pemda if wilayah is not None and doc.usulan else "",
    )
