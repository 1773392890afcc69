"""A plan's pagu against the agency's ceiling (plafon) for a year, from the RKPD.

The plan states a pagu on every level (program, kegiatan, sub kegiatan); when the levels disagree the largest
level total is the one compared, so a plan never passes the check because one level was left short. The
result carries its explanation (which level, which sums, by how much).

Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from renja.calc.angka import format_rupiah

LEVEL_LABELS: Mapping[str, str] = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan"}


class StatusPlafon(StrEnum):
    TANPA_PLAFON = "tanpa_plafon"  # no ceiling set for the agency and year
    DALAM_PLAFON = "dalam_plafon"
    MELEBIHI = "melebihi"


@dataclass(frozen=True)
class PlafonCek:
    tahun: int
    plafon: Decimal | None
    total: Decimal  # the largest level total
    level: str  # the level whose total is compared ("" when the plan has no pagu)
    level_totals: Mapping[str, Decimal]
    blokir: bool  # the pemda blocks saving above the ceiling (else: a warning)

    @property
    def status(self) -> StatusPlafon:
        if self.plafon is None:
            return StatusPlafon.TANPA_PLAFON
        return StatusPlafon.MELEBIHI if self.total > self.plafon else StatusPlafon.DALAM_PLAFON

    @property
    def melebihi(self) -> bool:
        return self.status is StatusPlafon.MELEBIHI

    @property
    def selisih(self) -> Decimal | None:
        """Total − ceiling (positive: over the ceiling)."""
        return None if self.plafon is None else self.total - self.plafon

    @property
    def persen(self) -> Decimal | None:
        """Total as a percentage of the ceiling, 1 decimal (None without a ceiling or with a zero ceiling)."""
        if not self.plafon:
            return None
        return (self.total * 100 / self.plafon).quantize(Decimal("0.1"))

    @property
    def penjelasan(self) -> str:
        sums = ", ".join(
            f"{LEVEL_LABELS.get(level, level.replace('_', ' '))} {format_rupiah(total)}"
            for level, total in self.level_totals.items()
        )
        basis = (
            f"pagu tertinggi per tingkat ({LEVEL_LABELS.get(self.level, self.level)}) = {format_rupiah(self.total)}"
            if self.level
            else "belum ada pagu"
        )
        if self.plafon is None:
            return f"Plafon {self.tahun} belum ditetapkan; {basis}"
        head = f"Plafon {self.tahun} = {format_rupiah(self.plafon)}; {basis}"
        if sums:
            head += f" (Σ per tingkat: {sums})"
        selisih = self.selisih
        assert selisih is not None
        if selisih > 0:
            return f"{head}; melebihi plafon sebesar {format_rupiah(selisih)}"
        return f"{head}; sisa plafon {format_rupiah(-selisih)}"


def cek_plafon(
    *, plafon: Decimal | None, level_totals: Mapping[str, Decimal], tahun: int, blokir: bool = False
) -> PlafonCek:
    """Compare the largest level total of the plan for `tahun` with the ceiling."""
    ordered = {level: level_totals[level] for level in LEVEL_LABELS if level in level_totals}
    ordered.update({k: v for k, v in level_totals.items() if k not in ordered})
    level, total = "", Decimal(0)
    for name, value in ordered.items():
        if not level or value > total:
            level, total = name, value
    return PlafonCek(tahun=tahun, plafon=plafon, total=total, level=level, level_totals=ordered, blokir=blokir)
