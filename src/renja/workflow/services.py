"""Writes of the planning workflow: stage transitions (ajukan, kembalikan, setujui, kunci, buka), the stage
schedule, copying a locked stage into the next one, Renja Perubahan, verification notes, pagu ceilings.

Same rules as every service: keyword-only arguments, an explicit `actor` (None = the system) and `source`,
`full_clean()`, one transaction, an audit event whose context names the Renja. The gate itself (who may take
which step, from which status, and why not) is the pure `renja.calc.tahapan.putuskan`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from renja.audit.services import Actor, actor_user, audit_record
from renja.calc.tahapan import (
    PERAN_KEPALA,
    PERAN_PERENCANA,
    PERAN_VERIFIKATOR,
    Aksi,
    Keadaan,
    Keputusan,
    putuskan,
)
from renja.core.errors import PermissionDenied, RenjaError
from renja.core.permissions import (
    can_admin_pemda,
    can_approve_renja,
    can_edit_renja,
    can_reply_note,
    can_verify_pemda,
    can_verify_renja,
)
from renja.core.services import create_audited, update_audited
from renja.master.models import Pemda, PerangkatDaerah
from renja.plans.models import (
    Indikator,
    JadwalTahapan,
    Narasi,
    Pagu,
    PlanRow,
    Renja,
    StatusRenja,
    Tahapan,
    Target,
    TujuanSasaran,
)
from renja.plans.services import _fresh_state, jadwal_for, lock_problem, stage_problem
from renja.workflow.models import (
    BalasanCatatan,
    CatatanVerifikasi,
    JenisItem,
    ModePlafon,
    PengaturanPemda,
    PlafonPagu,
    Snapshot,
    StatusCatatan,
    Transisi,
)


class LangkahDitolak(RenjaError):
    """A workflow step that is not allowed now; the message says why and what to do."""


def _label(actor: Actor) -> str:
    user = actor_user(actor)
    return getattr(user, "username", "") if user is not None else "sistem"


def _ctx(renja: Renja, **extra: Any) -> dict[str, Any]:
    return {"renja": renja.pk, **extra}


# --- the gate ------------------------------------------------------------------------------------------------


def peran_untuk(actor: Actor, renja: Renja) -> frozenset[str]:
    """The workflow roles `actor` holds for this Renja (the system holds all of them)."""
    if actor is None:
        return frozenset({PERAN_PERENCANA, PERAN_KEPALA, PERAN_VERIFIKATOR})
    peran = set()
    if can_edit_renja(actor, renja):
        peran.add(PERAN_PERENCANA)
    if can_approve_renja(actor, renja):
        peran.add(PERAN_KEPALA)
    if can_verify_renja(actor, renja):
        peran.add(PERAN_VERIFIKATOR)
    return frozenset(peran)


def keadaan_renja(renja: Renja, jadwal: JadwalTahapan | None, now: dt.datetime | None = None) -> Keadaan:
    """The facts the gate needs: status, own lock, the stage's lock or ended window, a window not yet open."""
    stage_lock = "" if renja.terkunci else (lock_problem(renja, jadwal, now) or "")
    belum = ""
    if jadwal is not None and (now or timezone.now()) < jadwal.mulai:
        belum = stage_problem(renja, jadwal, now) or ""
    return Keadaan(status=renja.status, terkunci=renja.terkunci, kunci_jadwal=stage_lock, jadwal_belum_mulai=belum)


def _decide(renja: Renja, aksi: Aksi, actor: Actor, alasan: str) -> Keputusan:
    peran = peran_untuk(actor, renja)
    fresh = _fresh_state(renja)
    keputusan = putuskan(aksi, keadaan_renja(fresh, jadwal_for(renja)), peran, alasan)
    if not keputusan:
        if not keputusan.alasan.startswith("Tuliskan") and not (peran & _needed(aksi)):
            raise PermissionDenied(keputusan.alasan)
        raise LangkahDitolak(keputusan.alasan, field="alasan" if keputusan.perlu_alasan else None)
    return keputusan


def _needed(aksi: Aksi) -> frozenset[str]:
    return {
        Aksi.AJUKAN: frozenset({PERAN_PERENCANA}),
        Aksi.KEMBALIKAN: frozenset({PERAN_VERIFIKATOR, PERAN_KEPALA}),
        Aksi.SETUJUI: frozenset({PERAN_KEPALA}),
        Aksi.KUNCI: frozenset({PERAN_VERIFIKATOR}),
        Aksi.BUKA: frozenset({PERAN_VERIFIKATOR}),
    }[aksi]


def _record(renja: Renja, aksi: Aksi, dari: str, alasan: str, actor: Actor, source: str) -> Transisi:
    transisi = Transisi(
        renja=renja,
        aksi=aksi.value,
        dari=dari,
        ke=renja.status,
        alasan=alasan.strip(),
        oleh=actor_user(actor),
        oleh_label=_label(actor),
    )
    return create_audited(transisi, actor=actor, source=source, context=_ctx(renja, aksi=aksi.value))


def _step(renja: Renja, aksi: Aksi, *, actor: Actor, source: str, alasan: str = "") -> Renja:
    keputusan = _decide(renja, aksi, actor, alasan)
    dari = renja.status
    changes: dict[str, Any] = {"status": keputusan.ke}
    if aksi is Aksi.KUNCI:
        changes["terkunci"] = True
    if aksi is Aksi.BUKA:
        changes["terkunci"] = False
    update_audited(renja, changes, actor=actor, source=source, context=_ctx(renja, aksi=aksi.value, alasan=alasan))
    _record(renja, aksi, dari, alasan, actor, source)
    if aksi is Aksi.KUNCI:
        _snapshot(renja, actor, source, alasan or "dikunci verifikator Bappeda")
    return renja


@transaction.atomic
def renja_ajukan(*, renja: Renja, actor: Actor, source: str, catatan: str = "") -> Renja:
    """The agency's perencana submits the Renja for verification and the head's approval."""
    return _step(renja, Aksi.AJUKAN, actor=actor, source=source, alasan=catatan)


@transaction.atomic
def renja_kembalikan(*, renja: Renja, alasan: str, actor: Actor, source: str) -> Renja:
    """Bappeda (or the head of agency) returns a submitted or approved Renja for revision; a reason is required."""
    return _step(renja, Aksi.KEMBALIKAN, actor=actor, source=source, alasan=alasan)


@transaction.atomic
def renja_setujui(*, renja: Renja, actor: Actor, source: str, catatan: str = "") -> Renja:
    """The head of agency approves a submitted Renja."""
    return _step(renja, Aksi.SETUJUI, actor=actor, source=source, alasan=catatan)


@transaction.atomic
def tahapan_kunci(*, renja: Renja, actor: Actor, source: str, alasan: str = "") -> Renja:
    """Bappeda locks the Renja's stage: from now on it is an immutable snapshot that accepts no write."""
    return _step(renja, Aksi.KUNCI, actor=actor, source=source, alasan=alasan)


@transaction.atomic
def tahapan_buka(*, renja: Renja, alasan: str, actor: Actor, source: str) -> Renja:
    """Bappeda opens a locked stage again (with a reason); the Renja goes back to the agency for revision.
    The snapshot taken at the lock stays."""
    return _step(renja, Aksi.BUKA, actor=actor, source=source, alasan=alasan)


def _snapshot(renja: Renja, actor: Actor, source: str, alasan: str) -> Snapshot:
    from renja.exporters.json_export import renja_export_data

    data = renja_export_data(renja)
    snap = Snapshot(renja=renja, oleh_label=_label(actor), alasan=alasan[:300], data=data)
    snap.full_clean()
    snap.save()
    audit_record(
        actor=actor,
        source=source,
        action="snapshot",
        obj=snap,
        after={"baris": len(data.get("rows", [])), "alasan": alasan},
        context=_ctx(renja),
    )
    return snap


# --- the schedule -------------------------------------------------------------------------------------------


@transaction.atomic
def jadwal_set(
    *,
    pemda: Pemda,
    tahun: int,
    tahapan: str,
    mulai: dt.datetime,
    selesai: dt.datetime,
    actor: Actor,
    source: str,
) -> JadwalTahapan:
    """The admin pemda sets (or moves) the window of a stage for a planning year."""
    if actor is not None and not can_admin_pemda(actor, pemda.pk):
        raise PermissionDenied(
            f"Hanya admin pemda {pemda} yang dapat mengatur jadwal tahapan. Hubungi admin pemda Anda."
        )
    if selesai <= mulai:
        raise RenjaError(
            "Jadwal tidak disimpan: waktu selesai harus sesudah waktu mulai. Periksa kedua tanggal.", field="selesai"
        )
    existing = JadwalTahapan.objects.select_for_update().filter(pemda=pemda, tahun=tahun, tahapan=tahapan).first()
    if existing is not None:
        return update_audited(existing, {"mulai": mulai, "selesai": selesai}, actor=actor, source=source)
    return create_audited(
        JadwalTahapan(pemda=pemda, tahun=tahun, tahapan=tahapan, mulai=mulai, selesai=selesai),
        actor=actor,
        source=source,
    )


@transaction.atomic
def jadwal_kunci(*, jadwal: JadwalTahapan, actor: Actor, source: str, alasan: str = "") -> int:
    """Lock a stage for the whole pemda (Bappeda, or the system when the window ends): the schedule is marked
    locked and every Renja of that stage and year not yet locked is locked with a snapshot. Returns how many."""
    if actor is not None and not can_verify_pemda(actor, jadwal.pemda_id):
        raise PermissionDenied(
            f"Hanya verifikator Bappeda {jadwal.pemda} yang dapat mengunci tahapan untuk semua perangkat daerah."
        )
    alasan = alasan or "tahapan dikunci untuk semua perangkat daerah"
    update_audited(jadwal, {"terkunci": True}, actor=actor, source=source, context={"alasan": alasan})
    renjas = Renja.objects.select_related("perangkat_daerah__pemda").filter(
        perangkat_daerah__pemda=jadwal.pemda, tahun=jadwal.tahun, tahapan=jadwal.tahapan, terkunci=False
    )
    count = 0
    for renja in renjas:
        dari = renja.status
        update_audited(renja, {"terkunci": True}, actor=actor, source=source, context=_ctx(renja, aksi="kunci"))
        _record(renja, Aksi.KUNCI, dari, alasan, actor, source)
        _snapshot(renja, actor, source, alasan)
        count += 1
    return count


@transaction.atomic
def jadwal_tutup_kedaluwarsa(*, now: dt.datetime | None = None, actor: Actor = None, source: str = "system") -> int:
    """Lock every stage whose window has ended (run by `renja tahapan tutup` from cron). Returns Renja locked."""
    now = now or timezone.now()
    total = 0
    for jadwal in JadwalTahapan.objects.select_related("pemda").filter(selesai__lt=now, terkunci=False):
        total += jadwal_kunci(
            jadwal=jadwal,
            actor=actor,
            source=source,
            alasan=f"jadwal tahapan berakhir {timezone.localtime(jadwal.selesai):%d-%m-%Y %H.%M}",
        )
    return total


# --- the next stage, and Renja Perubahan ------------------------------------------------------------------


def tahapan_berikut(tahapan: str) -> str | None:
    order = [t.value for t in Tahapan if t is not Tahapan.PERUBAHAN]
    if tahapan not in order:
        return None
    i = order.index(tahapan)
    return order[i + 1] if i + 1 < len(order) else None


def _next_versi(renja: Renja, tahapan: str) -> int:
    top = Renja.objects.filter(
        perangkat_daerah_id=renja.perangkat_daerah_id, tahun=renja.tahun, tahapan=tahapan
    ).aggregate(m=Max("versi"))["m"]
    return (top or 0) + 1


def _salin_isi(src: Renja, dst: Renja) -> dict[str, int]:
    """Copy rows (tree kept), indicators with their targets, pagu, tujuan/sasaran and narrative, in bulk."""
    rows = list(PlanRow.objects.filter(renja=src).order_by("urutan", "id"))
    by_id = {r.pk: r for r in rows}

    def depth(row: PlanRow) -> int:
        d, seen, cur = 0, set(), row
        while cur.parent_id and cur.parent_id in by_id and cur.parent_id not in seen:
            seen.add(cur.parent_id)
            cur = by_id[cur.parent_id]
            d += 1
        return d

    row_map: dict[int, PlanRow] = {}
    for level_depth in sorted({depth(r) for r in rows}):
        batch = []
        originals = [r for r in rows if depth(r) == level_depth]
        for r in originals:
            parent = row_map.get(r.parent_id) if r.parent_id else None
            batch.append(
                PlanRow(
                    renja=dst,
                    parent=parent,
                    level=r.level,
                    urutan=r.urutan,
                    kode=r.kode,
                    kode_asli=r.kode_asli,
                    nomenklatur_id=r.nomenklatur_id,
                    nama=r.nama,
                    nama_asli=r.nama_asli,
                    lokasi=r.lokasi,
                    sumber_dana_id=r.sumber_dana_id,
                    catatan=r.catatan,
                    nilai_dokumen=r.nilai_dokumen,
                    sumber=r.sumber,
                )
            )
        created = PlanRow.objects.bulk_create(batch)
        row_map.update({orig.pk: new for orig, new in zip(originals, created, strict=True)})

    ts_list = list(TujuanSasaran.objects.filter(renja=src).order_by("urutan", "id"))
    ts_map: dict[int, TujuanSasaran] = {}
    for parents_first in (True, False):
        ts_originals = [t for t in ts_list if (t.parent_id is None) == parents_first]
        created_ts = TujuanSasaran.objects.bulk_create(
            [
                TujuanSasaran(
                    renja=dst,
                    parent=ts_map.get(t.parent_id) if t.parent_id else None,
                    jenis=t.jenis,
                    nomor=t.nomor,
                    uraian=t.uraian,
                    urutan=t.urutan,
                )
                for t in ts_originals
            ]
        )
        ts_map.update({orig.pk: new for orig, new in zip(ts_originals, created_ts, strict=True)})

    indikator = list(Indikator.objects.filter(row__renja=src).order_by("id")) + list(
        Indikator.objects.filter(tujuan_sasaran__renja=src).order_by("id")
    )
    new_ind = Indikator.objects.bulk_create(
        [
            Indikator(
                row=row_map[i.row_id] if i.row_id else None,
                tujuan_sasaran=ts_map[i.tujuan_sasaran_id] if i.tujuan_sasaran_id else None,
                jenis=i.jenis,
                kelompok=i.kelompok,
                nomor=i.nomor,
                urutan=i.urutan,
                nama=i.nama,
                nama_asli=i.nama_asli,
                satuan=i.satuan,
                arah=i.arah,
                agregasi_dalam_tahun=i.agregasi_dalam_tahun,
                agregasi_antar_tahun=i.agregasi_antar_tahun,
                semantik_disimpulkan=i.semantik_disimpulkan,
                catatan=i.catatan,
            )
            for i in indikator
        ]
    )
    ind_map = {old.pk: new for old, new in zip(indikator, new_ind, strict=True)}
    targets = Target.objects.filter(indikator_id__in=list(ind_map)).order_by("id")
    n_targets = len(
        Target.objects.bulk_create(
            [
                Target(
                    indikator=ind_map[t.indikator_id],
                    tahun=t.tahun,
                    triwulan=t.triwulan,
                    akhir_periode=t.akhir_periode,
                    proyeksi=t.proyeksi,
                    nilai=t.nilai,
                    satuan=t.satuan,
                    teks=t.teks,
                )
                for t in targets
            ]
        )
    )
    pagu = Pagu.objects.filter(row__renja=src).order_by("id")
    n_pagu = len(
        Pagu.objects.bulk_create(
            [
                Pagu(
                    row=row_map[p.row_id],
                    tahun=p.tahun,
                    jumlah=p.jumlah,
                    teks=p.teks,
                    sumber_dana_id=p.sumber_dana_id,
                    lokasi=p.lokasi,
                )
                for p in pagu
            ]
        )
    )
    narasi = Narasi.objects.filter(renja=src).order_by("urutan", "id")
    n_narasi = len(
        Narasi.objects.bulk_create(
            [Narasi(renja=dst, kode=n.kode, judul=n.judul, teks=n.teks, urutan=n.urutan) for n in narasi]
        )
    )
    return {
        "baris": len(row_map),
        "tujuan_sasaran": len(ts_map),
        "indikator": len(ind_map),
        "target": n_targets,
        "pagu": n_pagu,
        "narasi": n_narasi,
    }


def _new_version(src: Renja, tahapan: str, label: str, actor: Actor, source: str) -> Renja:
    from renja.plans.services import renja_create

    if actor is not None and not can_edit_renja(actor, src):
        raise PermissionDenied(
            f"Hanya perencana {src.perangkat_daerah} yang dapat memulai tahapan atau versi baru Renja-nya."
        )
    dst = renja_create(
        perangkat_daerah=src.perangkat_daerah,
        tahun=src.tahun,
        tahapan=tahapan,
        versi=_next_versi(src, tahapan),
        label=label,
        utama=True,
        renstra=src.renstra,
        nomenklatur_versi=src.nomenklatur_versi,
        penandatangan={
            "tempat_tanggal": src.tempat_tanggal,
            "penandatangan_nama": src.penandatangan_nama,
            "penandatangan_jabatan": src.penandatangan_jabatan,
            "penandatangan_pangkat": src.penandatangan_pangkat,
            "penandatangan_nip": src.penandatangan_nip,
        },
        asal=src,
        actor=actor,
        source=source,
    )
    counts = _salin_isi(src, dst)
    audit_record(
        actor=actor,
        source=source,
        action="salin",
        obj=dst,
        after=counts,
        context=_ctx(dst, asal=src.pk),
    )
    return dst


@transaction.atomic
def tahapan_lanjut(*, renja: Renja, actor: Actor, source: str) -> Renja:
    """Start the next stage from a copy of this one. The stage must be locked first (its snapshot is final)."""
    fresh = _fresh_state(renja)
    berikut = tahapan_berikut(renja.tahapan)
    if berikut is None:
        raise LangkahDitolak(
            f"{renja.get_tahapan_display()} adalah tahapan terakhir: perubahan sesudahnya dibuat sebagai "
            "Renja Perubahan."
        )
    if not fresh.terkunci and lock_problem(fresh, jadwal_for(renja)) is None:
        raise LangkahDitolak(
            f"Tahapan {renja.get_tahapan_display()} belum dikunci: tahapan berikutnya dimulai dari salinan tahapan "
            "yang sudah dikunci. Minta verifikator Bappeda mengunci tahapan ini dulu."
        )
    label = f"{Tahapan(berikut).label} (disalin dari {renja.get_tahapan_display()} v{renja.versi})"
    return _new_version(renja, berikut, label, actor, source)


@transaction.atomic
def renja_perubahan_buat(*, renja: Renja, actor: Actor, source: str) -> Renja:
    """Renja Perubahan: a new version copied from the approved or locked Penetapan."""
    fresh = _fresh_state(renja)
    if renja.tahapan not in (Tahapan.PENETAPAN, Tahapan.PERUBAHAN):
        raise LangkahDitolak(
            f"Renja Perubahan dibuat dari Renja yang sudah ditetapkan; ini masih tahapan "
            f"{renja.get_tahapan_display()}. Selesaikan tahapan sampai Penetapan dulu."
        )
    if not (fresh.terkunci or fresh.status == StatusRenja.DISETUJUI):
        raise LangkahDitolak(
            "Renja Perubahan dibuat dari Renja yang sudah disetujui atau dikunci; yang ini belum. "
            "Ubah saja Renja ini selama tahapannya masih terbuka."
        )
    versi = _next_versi(renja, Tahapan.PERUBAHAN)
    return _new_version(renja, Tahapan.PERUBAHAN, f"Renja Perubahan ke-{versi}", actor, source)


# --- verification notes -------------------------------------------------------------------------------------


def item_in_renja(renja: Renja, jenis_item: str, item_id: int) -> Any:
    """The item (`JenisItem`) with this id inside this Renja, or a RenjaError saying it is not there."""
    from renja.workflow.selectors import item_get

    item = item_get(renja, jenis_item, item_id)
    if item is None:
        raise RenjaError(
            f"{JenisItem(jenis_item).label if jenis_item in JenisItem.values else jenis_item} nomor {item_id} "
            f"tidak ada di {renja}. Muat ulang halaman, lalu pilih itemnya lagi.",
            field="item",
        )
    return item


@transaction.atomic
def catatan_buat(
    *, renja: Renja, jenis_item: str, item_id: int, status: str, teks: str, actor: Actor, source: str
) -> CatatanVerifikasi:
    """Bappeda's verifikator writes a note with a status on any item of a Renja (also on a locked one)."""
    if actor is not None and not can_verify_renja(actor, renja):
        raise PermissionDenied("Hanya verifikator Bappeda yang dapat menulis catatan verifikasi.")
    if status not in StatusCatatan.values:
        raise RenjaError("Pilih status catatan: sesuai, perlu perbaikan, atau tidak ditemukan.", field="status")
    if not teks.strip() and status != StatusCatatan.SESUAI:
        raise RenjaError("Tuliskan isi catatan: apa yang perlu diperbaiki atau tidak ditemukan.", field="teks")
    item = item_in_renja(renja, jenis_item, item_id)
    catatan = CatatanVerifikasi(
        renja=renja,
        jenis_item=jenis_item,
        item_id=item_id,
        item_label=str(item)[:300],
        status=status,
        teks=teks.strip() or "Sesuai.",
        penulis=actor_user(actor),
        penulis_label=_label(actor),
        selesai=status == StatusCatatan.SESUAI,
    )
    return create_audited(catatan, actor=actor, source=source, context=_ctx(renja, item=f"{jenis_item}:{item_id}"))


@transaction.atomic
def catatan_balas(*, catatan: CatatanVerifikasi, teks: str, actor: Actor, source: str) -> BalasanCatatan:
    """The agency (perencana, kepala) or Bappeda replies to a note."""
    renja = catatan.renja
    if actor is not None and not can_reply_note(actor, renja):
        raise PermissionDenied(
            "Hanya perencana dan kepala perangkat daerah pemilik Renja, serta verifikator Bappeda, yang dapat "
            "membalas catatan ini."
        )
    if not teks.strip():
        raise RenjaError("Tuliskan isi balasan.", field="teks")
    balasan = BalasanCatatan(catatan=catatan, teks=teks.strip(), penulis=actor_user(actor), penulis_label=_label(actor))
    return create_audited(
        balasan,
        actor=actor,
        source=source,
        context=_ctx(renja, item=f"{catatan.jenis_item}:{catatan.item_id}", catatan=catatan.pk),
    )


@transaction.atomic
def catatan_selesaikan(*, catatan: CatatanVerifikasi, actor: Actor, source: str) -> CatatanVerifikasi:
    """Bappeda's verifikator marks a note resolved."""
    renja = catatan.renja
    if actor is not None and not can_verify_renja(actor, renja):
        raise PermissionDenied("Hanya verifikator Bappeda yang dapat menyelesaikan catatan verifikasi.")
    if catatan.selesai:
        return catatan
    return update_audited(
        catatan,
        {"selesai": True, "diselesaikan_oleh_label": _label(actor), "diselesaikan_pada": timezone.now()},
        actor=actor,
        source=source,
        context=_ctx(renja, item=f"{catatan.jenis_item}:{catatan.item_id}"),
    )


# --- pagu ceilings ------------------------------------------------------------------------------------------


@transaction.atomic
def plafon_set(
    *,
    perangkat_daerah: PerangkatDaerah,
    tahun: int,
    jumlah: Decimal,
    sumber: str = "RKPD",
    revisi: int | None = None,
    actor: Actor,
    source: str,
) -> PlafonPagu:
    """The admin pemda sets an agency's pagu ceiling for a year (from the RKPD)."""
    if actor is not None and not can_admin_pemda(actor, perangkat_daerah.pemda_id):
        raise PermissionDenied("Hanya admin pemda yang dapat menetapkan plafon pagu perangkat daerah.")
    if jumlah < 0:
        raise RenjaError("Plafon tidak boleh negatif. Isi jumlah rupiah dari RKPD.", field="jumlah")
    existing = PlafonPagu.objects.select_for_update().filter(perangkat_daerah=perangkat_daerah, tahun=tahun).first()
    changes = {"jumlah": jumlah, "sumber": sumber}
    from renja.plans.services import _update_versioned

    if existing is not None:
        return _update_versioned(existing, changes, revisi=revisi, actor=actor, source=source, context={})
    if revisi is not None and revisi != 0:
        from renja.plans.services import _conflict

        raise _conflict(None, changes, revisi)
    return create_audited(
        PlafonPagu(perangkat_daerah=perangkat_daerah, tahun=tahun, revisi=1, **changes), actor=actor, source=source
    )


@transaction.atomic
def pengaturan_pemda_set(*, pemda: Pemda, mode_plafon: str, actor: Actor, source: str) -> PengaturanPemda:
    """The admin pemda chooses whether pagu above the ceiling is only flagged (peringatan) or refused (blokir)."""
    if actor is not None and not can_admin_pemda(actor, pemda.pk):
        raise PermissionDenied("Hanya admin pemda yang dapat mengubah pengaturan plafon.")
    if mode_plafon not in ModePlafon.values:
        raise RenjaError("Pilih mode plafon: peringatan atau blokir.", field="mode_plafon")
    existing = PengaturanPemda.objects.filter(pemda=pemda).first()
    if existing is not None:
        return update_audited(existing, {"mode_plafon": mode_plafon}, actor=actor, source=source)
    return create_audited(PengaturanPemda(pemda=pemda, mode_plafon=mode_plafon), actor=actor, source=source)
