"""Helpers shared by the plan commands: find the Renja a user means by --pd and --tahun."""

from __future__ import annotations

from django.core.management.base import CommandError

from renja.master.models import PerangkatDaerah
from renja.plans.models import TAHAPAN_URUTAN, Renja


def resolve_renja(*, pd: str | None, tahun: int, tahapan: str | None = None, versi: int | None = None) -> Renja:
    """The Renja of one agency and year: its main version unless --tahapan/--versi say otherwise."""
    agencies = PerangkatDaerah.objects.all()
    if pd:
        agencies = agencies.filter(kode=pd) | agencies.filter(singkatan__iexact=pd)
        if not agencies.exists():
            raise CommandError(
                f"Perangkat daerah dengan kode atau singkatan '{pd}' tidak ada. "
                "Lihat daftar kode di admin (Perangkat daerah)."
            )
    else:
        with_renja = agencies.filter(renja__tahun=tahun).distinct()
        if with_renja.count() > 1:
            kode = ", ".join(with_renja.values_list("kode", flat=True)[:10])
            raise CommandError(
                f"Basis data memuat lebih dari satu perangkat daerah untuk {tahun}; pilih dengan --pd KODE ({kode})."
            )
        agencies = with_renja
    qs = Renja.objects.filter(perangkat_daerah__in=agencies, tahun=tahun).select_related("perangkat_daerah")
    if tahapan:
        qs = qs.filter(tahapan=tahapan)
    if versi:
        qs = qs.filter(versi=versi)
    candidates = list(qs)
    if not candidates:
        raise CommandError(
            f"Tidak ada Renja tahun {tahun}{' untuk ' + pd if pd else ''}. Impor dokumennya dulu: renja import BERKAS"
        )
    if not tahapan and not versi:
        main = [r for r in candidates if r.utama]
        if main:
            return main[0]
    candidates.sort(key=lambda r: (TAHAPAN_URUTAN.get(r.tahapan, 0), r.versi))
    return candidates[-1]
