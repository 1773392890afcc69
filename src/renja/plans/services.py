"""Every write to plans goes through these functions (web, API, CLI and importers alike).

Each takes keyword-only arguments with an explicit `actor` and `source`, validates with `full_clean()`,
runs in a transaction, refuses writes to a locked Renja, and leaves an audit event.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from renja.audit.services import Actor
from renja.calc.semantics import infer_semantics
from renja.core.errors import PermissionDenied, StageLocked
from renja.core.permissions import can_edit_renja
from renja.core.services import create_audited, delete_audited, update_audited
from renja.master.models import Nomenklatur, NomenklaturVersi, PerangkatDaerah, SumberDana
from renja.plans.models import (
    Indikator,
    Narasi,
    Pagu,
    PlanRow,
    Realisasi,
    Renja,
    Renstra,
    Target,
    TujuanSasaran,
)


def ensure_writable(renja: Renja | None, actor: Actor = None) -> None:
    """Refuse a write to a locked Renja, and a user's write outside their role and agency.

    `actor=None` is the system (CLI run by the operator, an import started by the operator)."""
    if renja is None:
        return
    if actor is not None and not can_edit_renja(actor, renja):
        raise PermissionDenied(
            f"Anda tidak berhak mengubah {renja}: hanya perencana {renja.perangkat_daerah} yang dapat "
            "mengubah rencananya. Hubungi admin pemda bila peran Anda belum benar."
        )
    if renja.terkunci:
        raise StageLocked(
            f"{renja} sudah dikunci: tahapan ini tidak menerima perubahan. "
            "Minta verifikator Bappeda membuka tahapan, atau buat versi baru (Renja Perubahan)."
        )


def _owner_renja(row: PlanRow | None) -> Renja | None:
    return row.renja if row is not None else None


@transaction.atomic
def renstra_create(
    *,
    perangkat_daerah: PerangkatDaerah,
    tahun_mulai: int,
    tahun_akhir: int,
    nama: str = "",
    nama_asli: str = "",
    actor: Actor,
    source: str,
) -> Renstra:
    return create_audited(
        Renstra(
            perangkat_daerah=perangkat_daerah,
            tahun_mulai=tahun_mulai,
            tahun_akhir=tahun_akhir,
            nama=nama,
            nama_asli=nama_asli,
        ),
        actor=actor,
        source=source,
    )


@transaction.atomic
def renja_create(
    *,
    perangkat_daerah: PerangkatDaerah,
    tahun: int,
    tahapan: str,
    versi: int = 1,
    label: str = "",
    utama: bool = False,
    renstra: Renstra | None = None,
    nomenklatur_versi: NomenklaturVersi | None = None,
    penandatangan: dict[str, str] | None = None,
    actor: Actor,
    source: str,
) -> Renja:
    renja = Renja(
        perangkat_daerah=perangkat_daerah,
        tahun=tahun,
        tahapan=tahapan,
        versi=versi,
        label=label,
        utama=utama,
        renstra=renstra,
        nomenklatur_versi=nomenklatur_versi,
    )
    for key, value in (penandatangan or {}).items():
        setattr(renja, key, value)
    if utama:
        # one main version per agency and year
        for other in Renja.objects.filter(perangkat_daerah=perangkat_daerah, tahun=tahun, utama=True):
            update_audited(other, {"utama": False}, actor=actor, source=source)
    return create_audited(renja, actor=actor, source=source)


@transaction.atomic
def renja_update(*, renja: Renja, changes: dict[str, Any], actor: Actor, source: str) -> Renja:
    ensure_writable(renja, actor)
    return update_audited(renja, changes, actor=actor, source=source)


@transaction.atomic
def renja_clear(*, renja: Renja, actor: Actor, source: str, reason: str) -> dict[str, int]:
    """Remove a Renja's rows, tujuan/sasaran and narrative (before re-importing it); one audit event."""
    ensure_writable(renja, actor)
    counts = {
        "baris": renja.rows.count(),
        "tujuan_sasaran": renja.tujuan_sasaran.count(),
        "narasi": renja.narasi.count(),
    }
    renja.rows.all().delete()
    renja.tujuan_sasaran.all().delete()
    renja.narasi.all().delete()
    from renja.audit.services import audit_record

    audit_record(actor=actor, source=source, action="clear", obj=renja, before=counts, context={"alasan": reason})
    return counts


@transaction.atomic
def plan_row_create(
    *,
    renja: Renja | None = None,
    renstra: Renstra | None = None,
    parent: PlanRow | None,
    level: str,
    nama: str,
    nama_asli: str = "",
    kode: str = "",
    kode_asli: str = "",
    nomenklatur: Nomenklatur | None = None,
    urutan: int = 0,
    lokasi: str = "",
    sumber_dana: SumberDana | None = None,
    catatan: str = "",
    nilai_dokumen: dict[str, Any] | None = None,
    sumber: str = "",
    actor: Actor,
    source: str,
) -> PlanRow:
    ensure_writable(renja, actor)
    row = PlanRow(
        renja=renja,
        renstra=renstra,
        parent=parent,
        level=level,
        nama=nama,
        nama_asli=nama_asli,
        kode=kode,
        kode_asli=kode_asli,
        nomenklatur=nomenklatur,
        urutan=urutan,
        lokasi=lokasi,
        sumber_dana=sumber_dana,
        catatan=catatan,
        nilai_dokumen=nilai_dokumen or {},
        sumber=sumber,
    )
    return create_audited(row, actor=actor, source=source)


@transaction.atomic
def indikator_create(
    *,
    row: PlanRow | None = None,
    tujuan_sasaran: TujuanSasaran | None = None,
    renstra: Renstra | None = None,
    jenis: str,
    nama: str,
    satuan: str = "",
    nama_asli: str = "",
    kelompok: str = "",
    nomor: str = "",
    urutan: int = 0,
    arah: str | None = None,
    agregasi_dalam_tahun: str | None = None,
    agregasi_antar_tahun: str | None = None,
    catatan: str = "",
    actor: Actor,
    source: str,
) -> Indikator:
    """Create an indicator; arah and agregasi are inferred from name and satuan unless given."""
    ensure_writable(_owner_renja(row) or (tujuan_sasaran.renja if tujuan_sasaran else None), actor)
    sem = infer_semantics(nama, satuan)
    given = arah is not None or agregasi_dalam_tahun is not None or agregasi_antar_tahun is not None
    ind = Indikator(
        row=row,
        tujuan_sasaran=tujuan_sasaran,
        renstra=renstra,
        jenis=jenis,
        nama=nama,
        satuan=satuan,
        nama_asli=nama_asli,
        kelompok=kelompok,
        nomor=nomor,
        urutan=urutan,
        arah=arah or sem.arah,
        agregasi_dalam_tahun=agregasi_dalam_tahun or sem.agregasi_dalam_tahun,
        agregasi_antar_tahun=agregasi_antar_tahun or sem.agregasi_antar_tahun,
        semantik_disimpulkan=not given,
        catatan=catatan or ("" if given else f"Semantik disimpulkan: {sem.aturan}."),
    )
    return create_audited(ind, actor=actor, source=source)


def _indikator_renja(indikator: Indikator) -> Renja | None:
    if indikator.row_id is not None:
        return indikator.row.renja if indikator.row else None
    if indikator.tujuan_sasaran_id is not None:
        return indikator.tujuan_sasaran.renja if indikator.tujuan_sasaran else None
    return None


@transaction.atomic
def target_set(
    *,
    indikator: Indikator,
    tahun: int,
    nilai: Decimal | None,
    teks: str = "",
    satuan: str = "",
    triwulan: int = 0,
    akhir_periode: bool = False,
    proyeksi: bool = False,
    actor: Actor,
    source: str,
) -> Target:
    """Set (create or update) the target of an indicator for a year or quarter."""
    ensure_writable(_indikator_renja(indikator), actor)
    existing = Target.objects.filter(
        indikator=indikator, tahun=tahun, triwulan=triwulan, akhir_periode=akhir_periode, proyeksi=proyeksi
    ).first()
    if existing is not None:
        return update_audited(existing, {"nilai": nilai, "teks": teks, "satuan": satuan}, actor=actor, source=source)
    return create_audited(
        Target(
            indikator=indikator,
            tahun=tahun,
            triwulan=triwulan,
            akhir_periode=akhir_periode,
            proyeksi=proyeksi,
            nilai=nilai,
            teks=teks,
            satuan=satuan,
        ),
        actor=actor,
        source=source,
    )


@transaction.atomic
def pagu_set(
    *,
    row: PlanRow,
    tahun: int,
    jumlah: Decimal | None,
    teks: str = "",
    sumber_dana: SumberDana | None = None,
    lokasi: str = "",
    actor: Actor,
    source: str,
) -> Pagu:
    """Set the pagu (whole rupiah) of a row for a year; n+1 is the prakiraan maju."""
    ensure_writable(row.renja, actor)
    existing = Pagu.objects.filter(row=row, tahun=tahun).first()
    changes = {"jumlah": jumlah, "teks": teks, "sumber_dana": sumber_dana, "lokasi": lokasi}
    if existing is not None:
        return update_audited(existing, changes, actor=actor, source=source)
    return create_audited(Pagu(row=row, tahun=tahun, **changes), actor=actor, source=source)


@transaction.atomic
def realisasi_record(
    *,
    indikator: Indikator | None = None,
    row: PlanRow | None = None,
    tahun: int,
    triwulan: int = 0,
    kumulatif: bool = False,
    nilai: Decimal | None = None,
    teks: str = "",
    anggaran: Decimal | None = None,
    anggaran_teks: str = "",
    bukti: str = "",
    catatan: str = "",
    faktor_pendorong: str = "",
    faktor_penghambat: str = "",
    actor: Actor,
    source: str,
) -> Realisasi:
    """Record (create or update) a realisation of an indicator's kinerja and/or a row's anggaran."""
    if indikator is not None:
        ensure_writable(_indikator_renja(indikator), actor)
    if row is not None:
        ensure_writable(row.renja, actor)
    existing = Realisasi.objects.filter(
        indikator=indikator, row=row, tahun=tahun, triwulan=triwulan, kumulatif=kumulatif
    ).first()
    changes: dict[str, Any] = {
        "nilai": nilai,
        "teks": teks,
        "anggaran": anggaran,
        "anggaran_teks": anggaran_teks,
        "bukti": bukti,
        "catatan": catatan,
        "faktor_pendorong": faktor_pendorong,
        "faktor_penghambat": faktor_penghambat,
    }
    if existing is not None:
        return update_audited(existing, changes, actor=actor, source=source)
    return create_audited(
        Realisasi(indikator=indikator, row=row, tahun=tahun, triwulan=triwulan, kumulatif=kumulatif, **changes),
        actor=actor,
        source=source,
    )


@transaction.atomic
def tujuan_sasaran_create(
    *,
    renja: Renja,
    parent: TujuanSasaran | None,
    jenis: str,
    nomor: str,
    uraian: str,
    urutan: int = 0,
    actor: Actor,
    source: str,
) -> TujuanSasaran:
    ensure_writable(renja, actor)
    return create_audited(
        TujuanSasaran(renja=renja, parent=parent, jenis=jenis, nomor=nomor, uraian=uraian, urutan=urutan),
        actor=actor,
        source=source,
    )


@transaction.atomic
def narasi_set(*, renja: Renja, kode: str, judul: str, teks: str, urutan: int = 0, actor: Actor, source: str) -> Narasi:
    ensure_writable(renja, actor)
    existing = Narasi.objects.filter(renja=renja, kode=kode).first()
    if existing is not None:
        return update_audited(existing, {"judul": judul, "teks": teks, "urutan": urutan}, actor=actor, source=source)
    return create_audited(
        Narasi(renja=renja, kode=kode, judul=judul, teks=teks, urutan=urutan), actor=actor, source=source
    )


@transaction.atomic
def plan_row_delete(*, row: PlanRow, actor: Actor, source: str) -> None:
    ensure_writable(row.renja, actor)
    delete_audited(row, actor=actor, source=source)
