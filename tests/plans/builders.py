"""Build plan trees for tests with the factories (tests may create rows directly; the product never does)."""

from __future__ import annotations

from decimal import Decimal

from renja.master.models import Level
from renja.plans.models import PlanRow, Renja
from tests.factories import IndikatorFactory, PaguFactory, PlanRowFactory, TargetFactory

SUB_PAGU = Decimal(1_000_000)


def build_tree(renja: Renja, programs: int, kegiatan: int, subs: int) -> list[PlanRow]:
    """programs × kegiatan × subs rows whose pagu add up (each sub kegiatan 1.000.000 in n, 2.000.000 in n+1),
    each row with one indicator and a target for n and n+1. Returns every row, depth first."""
    n, n1 = renja.tahun, renja.tahun + 1
    rows: list[PlanRow] = []

    def add(level: str, kode: str, parent: PlanRow | None, leaves: int) -> PlanRow:
        row = PlanRowFactory(renja=renja, parent=parent, level=level, kode=kode, nama=f"{level} {kode}")
        PaguFactory(row=row, tahun=n, jumlah=SUB_PAGU * leaves, teks="")
        PaguFactory(row=row, tahun=n1, jumlah=2 * SUB_PAGU * leaves, teks="")
        ind = IndikatorFactory(row=row, nama=f"Indikator {kode}", satuan="Dokumen")
        TargetFactory(indikator=ind, tahun=n, nilai=Decimal("4"), teks="4")
        TargetFactory(indikator=ind, tahun=n1, nilai=Decimal("5.5"), teks="5,5")
        rows.append(row)
        return row

    for p in range(1, programs + 1):
        program = add(Level.PROGRAM, f"2.13.{p:02d}", None, kegiatan * subs)
        for k in range(1, kegiatan + 1):
            keg = add(Level.KEGIATAN, f"{program.kode}.2.{k:02d}", program, subs)
            for s in range(1, subs + 1):
                add(Level.SUB_KEGIATAN, f"{keg.kode}.{s:04d}", keg, 1)
    return rows
