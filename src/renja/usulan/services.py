"""Writes to community proposals (usulan)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from renja.audit.services import Actor
from renja.core.services import create_audited, delete_audited
from renja.master.models import PerangkatDaerah, Wilayah
from renja.plans.models import PlanRow
from renja.usulan.models import Usulan


@transaction.atomic
def usulan_create(
    *,
    perangkat_daerah: PerangkatDaerah,
    tahun: int,
    kegiatan: str,
    sumber: str = Usulan.Sumber.ASMAS,
    nomor: str = "",
    urutan: int = 0,
    pengusul: str = "",
    desa_teks: str = "",
    kecamatan_teks: str = "",
    desa: Wilayah | None = None,
    kecamatan: Wilayah | None = None,
    volume: Decimal | None = None,
    satuan: str = "",
    pagu_usulan: Decimal | None = None,
    pagu_usulan_teks: str = "",
    pagu_rekomendasi: Decimal | None = None,
    pagu_rekomendasi_teks: str = "",
    sumber_dokumen: str = "",
    status: str = Usulan.Status.DIUSULKAN,
    alasan: str = "",
    row: PlanRow | None = None,
    actor: Actor,
    source: str,
) -> Usulan:
    return create_audited(
        Usulan(
            perangkat_daerah=perangkat_daerah,
            tahun=tahun,
            kegiatan=kegiatan,
            sumber=sumber,
            nomor=nomor,
            urutan=urutan,
            pengusul=pengusul,
            desa_teks=desa_teks,
            kecamatan_teks=kecamatan_teks,
            desa=desa,
            kecamatan=kecamatan,
            volume=volume,
            satuan=satuan,
            pagu_usulan=pagu_usulan,
            pagu_usulan_teks=pagu_usulan_teks,
            pagu_rekomendasi=pagu_rekomendasi,
            pagu_rekomendasi_teks=pagu_rekomendasi_teks,
            sumber_dokumen=sumber_dokumen,
            status=status,
            alasan=alasan,
            row=row,
        ),
        actor=actor,
        source=source,
    )


@transaction.atomic
def usulan_delete(*, usulan: Usulan, actor: Actor, source: str) -> None:
    delete_audited(usulan, actor=actor, source=source)
