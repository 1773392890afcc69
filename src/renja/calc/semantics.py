"""Infer indicator semantics (arah, agregasi) from its name and satuan — domain §5.

The importer uses these as *defaults* and records that they were inferred; a user can change them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LEVEL_WORDS = (
    "persentase",
    "presentase",
    "prosentase",
    "indeks",
    "index",
    "skor",
    "nilai",
    "rasio",
    "rata-rata",
    "tingkat",
    "angka",
    "prevalensi",
    "proporsi",
    "cakupan",
    "predikat",
    "opini",
)
_LEVEL_UNITS = ("%", "persen", "indeks", "skor", "nilai", "poin", "rasio", "predikat", "opini", "level")
_COUNT_START = ("jumlah ", "banyaknya ", "banyak ", "cacah ")
_DOWN_WORDS = (
    "kemiskinan",
    "pengangguran",
    "stunting",
    "kematian",
    "prevalensi",
    "kasus",
    "gizi buruk",
    "kerugian",
    "pelanggaran",
    "tunggakan",
    "temuan",
    "kesenjangan",
    "gini",
)


@dataclass(frozen=True)
class Semantik:
    arah: str  # naik / turun / tetap
    agregasi_dalam_tahun: str  # jumlah / nilai_akhir / maksimum / rata_rata
    agregasi_antar_tahun: str  # jumlah / nilai_akhir / kumulatif
    aturan: str  # which rule chose this, in Bahasa Indonesia


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold()).strip()


def infer_semantics(nama: str, satuan: str) -> Semantik:
    """A level (%, index, score, rate) is not summed across quarters or years; a count is."""
    n = _words(nama)
    s = _words(satuan)
    arah = "naik"
    if any(w in n for w in _DOWN_WORDS):
        arah = "turun"
    is_level_unit = bool(s) and any(s == u or s.startswith(u) for u in _LEVEL_UNITS)
    if not is_level_unit and n.startswith(_COUNT_START):
        # "Jumlah lembaga … tingkat daerah": a count, even when a level word appears later in the name
        return Semantik(
            arah,
            "jumlah",
            "jumlah",
            "nama indikator diawali 'jumlah': cacah, dijumlahkan antar triwulan dan antar tahun",
        )
    is_level_name = any(n.startswith(w) or f" {w} " in f" {n} " for w in _LEVEL_WORDS)
    if is_level_unit or is_level_name:
        why = f"satuan '{satuan}'" if is_level_unit else "nama indikator berupa persentase/indeks/skor/tingkat"
        return Semantik(
            arah,
            "nilai_akhir",
            "nilai_akhir",
            f"{why}: nilai tingkat, tidak dijumlahkan antar triwulan maupun antar tahun",
        )
    return Semantik(arah, "jumlah", "jumlah", "indikator jumlah/cacah: dijumlahkan antar triwulan dan antar tahun")
