"""T-C.31: what changed for one plan row between the Rancangan Awal RKPD and the Hasil Analisis Kebutuhan.

Pure: no Django. Input: the two sides of one row (either may be missing); output: the note of the "Catatan
Penting" column with its explanation. Notes follow practice: `Tepat` (unchanged), `Baru` (only in the hasil
analisis), `Dibatalkan` (only in the rancangan awal), `Berubah` with what changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from renja.calc.angka import format_angka, format_rupiah


@dataclass(frozen=True)
class Sisi:
    """One side of a row: its name, pagu (None: not stated) and indicator targets (name, value, satuan)."""

    nama: str
    pagu: Decimal | None
    target: Sequence[tuple[str, Decimal | None, str]] = ()


@dataclass(frozen=True)
class Catatan:
    status: str  # tepat | baru | dibatalkan | berubah
    teks: str
    rincian: tuple[str, ...] = ()


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _angka(value: Decimal | None, satuan: str = "") -> str:
    if value is None:
        return "(kosong)"
    return f"{format_angka(value)} {satuan}".strip()


def compare(awal: Sisi | None, hasil: Sisi | None) -> Catatan:
    if awal is None and hasil is None:
        raise ValueError("compare butuh sekurangnya satu sisi")
    if awal is None:
        return Catatan("baru", "Baru")
    if hasil is None:
        return Catatan("dibatalkan", "Dibatalkan")
    rincian: list[str] = []
    if awal.pagu != hasil.pagu:
        if awal.pagu is not None and hasil.pagu is not None:
            beda = hasil.pagu - awal.pagu
            arah = "bertambah" if beda > 0 else "berkurang"
            rincian.append(f"pagu {arah} Rp {format_rupiah(abs(beda))}")
        else:
            a = "(kosong)" if awal.pagu is None else f"Rp {format_rupiah(awal.pagu)}"
            h = "(kosong)" if hasil.pagu is None else f"Rp {format_rupiah(hasil.pagu)}"
            rincian.append(f"pagu {a} → {h}")
    for i in range(max(len(awal.target), len(hasil.target))):
        a_t = awal.target[i] if i < len(awal.target) else None
        h_t = hasil.target[i] if i < len(hasil.target) else None
        if a_t is None:
            rincian.append("indikator ditambah")
            continue
        if h_t is None:
            rincian.append("indikator dihapus")
            continue
        if _norm(a_t[0]) != _norm(h_t[0]):
            rincian.append("indikator diubah")
        if a_t[1] != h_t[1] or _norm(a_t[2]) != _norm(h_t[2]):
            rincian.append(f"target {_angka(a_t[1], a_t[2])} → {_angka(h_t[1], h_t[2])}")
    if _norm(awal.nama) != _norm(hasil.nama):
        rincian.append("nama diubah")
    if not rincian:
        return Catatan("tepat", "Tepat")
    return Catatan("berubah", "Berubah: " + "; ".join(rincian), tuple(rincian))
