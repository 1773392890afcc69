"""Every write to plans goes through these functions (web, API, CLI and importers alike).

Each takes keyword-only arguments with an explicit `actor` and `source`, validates with `full_clean()`,
runs in a transaction, refuses writes that the actor's role or the Renja's stage does not allow
(`ensure_writable`), and leaves an audit event whose context names the Renja (the per-Renja log reads it).

Optimistic concurrency: the editable records carry `revisi`, raised by one on every save that changes
something (a record made by a create-or-update service starts at 1, so 0 means "there was none"). A caller
that shows a value to a person passes back the `revisi` it showed; when the record has moved on meanwhile the
save is refused with `EditConflict`, which carries both values — nothing is ever overwritten silently.
Callers that do not pass `revisi` (importers, the CLI) are not checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone

from renja.audit.models import AuditEvent
from renja.audit.services import Actor
from renja.calc.plafon import PlafonCek, cek_plafon
from renja.calc.semantics import infer_semantics
from renja.core.errors import PermissionDenied, RenjaError, StageLocked
from renja.core.permissions import can_edit_renja, can_edit_renstra
from renja.core.services import create_audited, delete_audited, update_audited
from renja.core.text import parent_code, specialise_support_code
from renja.core.types import Source
from renja.master.models import Nomenklatur, NomenklaturVersi, PerangkatDaerah, SumberDana
from renja.plans.models import (
    Indikator,
    JadwalTahapan,
    JenisIndikator,
    Narasi,
    Pagu,
    PlanRow,
    Realisasi,
    Renja,
    Renstra,
    StatusRenja,
    Target,
    TujuanSasaran,
)

M = TypeVar("M", bound=models.Model)

EDITABLE_STATUS = frozenset({StatusRenja.DRAF.value, StatusRenja.DIKEMBALIKAN.value})


class EditConflict(RenjaError):
    """The record changed after the person opened it: both values travel with the error."""

    def __init__(
        self,
        message: str,
        *,
        tersimpan: Mapping[str, Any],
        milik_anda: Mapping[str, Any],
        revisi: int,
        oleh: str = "",
        pada: dt.datetime | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.tersimpan = dict(tersimpan)
        self.milik_anda = dict(milik_anda)
        self.revisi = revisi
        self.oleh = oleh
        self.pada = pada


class PaguMelebihiPlafon(RenjaError):
    """The pemda blocks a pagu that takes the plan over the agency's ceiling."""

    def __init__(self, message: str, *, cek: PlafonCek) -> None:
        super().__init__(message, field="jumlah")
        self.cek = cek


# --- who may write, and when -----------------------------------------------------------------------------


def _fmt_waktu(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%d-%m-%Y %H.%M")


def jadwal_for(renja: Renja) -> JadwalTahapan | None:
    """The schedule of the Renja's stage in its pemda and year, if the admin pemda set one (one query)."""
    return JadwalTahapan.objects.filter(
        pemda__perangkat_daerah=renja.perangkat_daerah_id, tahun=renja.tahun, tahapan=renja.tahapan
    ).first()


def lock_problem(renja: Renja, jadwal: JadwalTahapan | None, now: dt.datetime | None = None) -> str | None:
    """Why nobody may write this Renja now (a locked stage), or None."""
    if renja.terkunci:
        return (
            f"{renja} sudah dikunci: tahapan ini tidak menerima perubahan. "
            "Minta verifikator Bappeda membuka tahapan, atau buat versi baru (Renja Perubahan)."
        )
    if jadwal is not None and jadwal.terkunci:
        return (
            f"Tahapan {jadwal.get_tahapan_display()} {renja.tahun} sudah dikunci Bappeda untuk semua perangkat "
            "daerah: tidak menerima perubahan. Hubungi verifikator Bappeda."
        )
    now = now or timezone.now()
    if jadwal is not None and now > jadwal.selesai:
        return (
            f"Jadwal tahapan {jadwal.get_tahapan_display()} {renja.tahun} berakhir {_fmt_waktu(jadwal.selesai)}: "
            "tahapan ini terkunci dan tidak menerima perubahan. Minta admin pemda memperpanjang jadwal."
        )
    return None


def stage_problem(renja: Renja, jadwal: JadwalTahapan | None, now: dt.datetime | None = None) -> str | None:
    """Why a person may not edit the plan data now (beyond a lock): the window has not opened, or the Renja
    is submitted or approved. The system (importers run by the operator) is not held by these."""
    now = now or timezone.now()
    if jadwal is not None and now < jadwal.mulai:
        return (
            f"Tahapan {jadwal.get_tahapan_display()} {renja.tahun} belum dibuka: jadwalnya mulai "
            f"{_fmt_waktu(jadwal.mulai)}. Tunggu jadwal dibuka, atau minta admin pemda mengubah jadwal."
        )
    if renja.status == StatusRenja.DIAJUKAN:
        return (
            f"{renja} sedang diajukan untuk verifikasi dan persetujuan: isinya tidak dapat diubah. "
            "Perubahan dapat dilakukan setelah verifikator atau kepala PD mengembalikannya untuk perbaikan."
        )
    if renja.status == StatusRenja.DISETUJUI:
        return (
            f"{renja} sudah disetujui kepala PD: isinya tidak dapat diubah lagi. Minta verifikator Bappeda "
            "atau kepala PD mengembalikannya untuk perbaikan, atau buat Renja Perubahan."
        )
    return None


def permission_problem(renja: Renja, actor: Actor) -> str | None:
    if actor is not None and not can_edit_renja(actor, renja):
        return (
            f"Anda tidak berhak mengubah {renja}: hanya perencana {renja.perangkat_daerah} yang dapat "
            "mengubah rencananya. Hubungi admin pemda bila peran Anda belum benar."
        )
    return None


def writable_problem(renja: Renja, actor: Actor, *, jadwal: JadwalTahapan | None = None) -> str | None:
    """Why `actor` may not write the plan data of `renja` now, in Bahasa Indonesia, or None when they may.

    For pages (to show the reason instead of an edit button); `jadwal` may be passed when already loaded.
    The services call `ensure_writable`, which re-reads the Renja inside the write's transaction."""
    problem = permission_problem(renja, actor) or lock_problem(renja, jadwal)
    if problem is None and actor is not None:
        problem = stage_problem(renja, jadwal)
    return problem


def ensure_writable(renja: Renja | None, actor: Actor = None) -> None:
    """Refuse a write to a locked Renja (its own lock, the stage's lock, or a window that has ended), a
    person's write while the stage's window has not opened or the Renja is submitted or approved, and a
    user's write outside their role and agency.

    `actor=None` is the system (CLI run by the operator, an import started by the operator): only locks hold it.
    Inside a transaction the Renja is re-read (and on PostgreSQL row-locked), so a lock that another request
    set a moment ago is seen."""
    if renja is None:
        return
    problem = permission_problem(renja, actor)
    if problem:
        raise PermissionDenied(problem)
    fresh = _fresh_state(renja)
    jadwal = jadwal_for(renja)
    problem = lock_problem(fresh, jadwal)
    if problem:
        raise StageLocked(problem)
    if actor is not None:
        problem = stage_problem(fresh, jadwal)
        if problem:
            raise StageLocked(problem)


def _fresh_state(renja: Renja) -> Renja:
    """The Renja's lock and status as stored now (row-locked when inside a transaction, on PostgreSQL)."""
    if renja.pk is None:
        return renja
    qs: QuerySet[Renja] = Renja.objects.filter(pk=renja.pk)
    if connection.in_atomic_block:
        qs = qs.select_for_update()
    state = qs.values("terkunci", "status").first()
    if state is None:
        return renja
    renja.terkunci = state["terkunci"]
    renja.status = state["status"]
    return renja


def ensure_renstra_writable(renstra: Renstra | None, actor: Actor) -> None:
    if renstra is None or actor is None:
        return
    if not can_edit_renstra(actor, renstra):
        raise PermissionDenied(
            f"Anda tidak berhak mengubah {renstra}: hanya perencana {renstra.perangkat_daerah} yang dapat "
            "mengubah Renstra-nya. Hubungi admin pemda bila peran Anda belum benar."
        )


def _owner_renja(row: PlanRow | None) -> Renja | None:
    return row.renja if row is not None else None


def _ctx(renja: Renja | None = None, renstra: Renstra | None = None) -> dict[str, Any]:
    if renja is not None:
        return {"renja": renja.pk}
    if renstra is not None:
        return {"renstra": renstra.pk}
    return {}


def _ensure_row_writable(row: PlanRow, actor: Actor) -> None:
    if row.renja_id is not None:
        ensure_writable(row.renja, actor)
    else:
        ensure_renstra_writable(row.renstra, actor)


def _ensure_monev_writable(renja: Renja | None, renstra: Renstra | None, actor: Actor) -> dict[str, Any]:
    """Monitoring data (realisasi) needs the role only; returns the audit context naming the owner."""
    if renja is not None:
        problem = permission_problem(renja, actor)
        if problem:
            raise PermissionDenied(problem)
        return _ctx(renja)
    ensure_renstra_writable(renstra, actor)
    return _ctx(None, renstra)


def _row_ctx(row: PlanRow) -> dict[str, Any]:
    return {"renja": row.renja_id} if row.renja_id else ({"renstra": row.renstra_id} if row.renstra_id else {})


# --- optimistic concurrency --------------------------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    if isinstance(a, models.Model) or isinstance(b, models.Model):
        return bool(getattr(a, "pk", a) == getattr(b, "pk", b))
    return bool(a == b)


def _last_change(obj: models.Model) -> tuple[str, dt.datetime | None]:
    event = (
        AuditEvent.objects.filter(model=obj._meta.label, object_pk=str(obj.pk))
        .only("actor_label", "waktu")
        .order_by("-waktu", "-id")
        .first()
    )
    return (event.actor_label, event.waktu) if event else ("", None)


def _conflict(obj: models.Model | None, fields: Mapping[str, Any], expected: int) -> EditConflict:
    current = getattr(obj, "revisi", 0) if obj is not None else 0
    tersimpan = {name: (getattr(obj, name) if obj is not None else None) for name in fields}
    oleh, pada = _last_change(obj) if obj is not None else ("", None)
    when = f" pada {_fmt_waktu(pada)}" if pada else ""
    who = f" oleh {oleh}" if oleh else ""
    return EditConflict(
        f"Tidak disimpan: isian ini sudah diubah{who}{when} setelah Anda membukanya (revisi {expected} → "
        f"{current}). Nilai tersimpan dan isian Anda ditampilkan berdampingan; tidak ada yang ditimpa. "
        "Pilih nilai yang benar, lalu simpan lagi.",
        tersimpan=tersimpan,
        milik_anda=dict(fields),
        revisi=current,
        oleh=oleh,
        pada=pada,
    )


def _check_revisi(obj: models.Model | None, fields: Mapping[str, Any], revisi: int | None) -> None:
    if revisi is None:
        return
    current = getattr(obj, "revisi", 0) if obj is not None else 0
    if current != revisi:
        raise _conflict(obj, fields, revisi)


def _locked(qs: QuerySet[M]) -> QuerySet[M]:
    return qs.select_for_update() if connection.in_atomic_block else qs


def _update_versioned(
    obj: M, changes: Mapping[str, Any], *, revisi: int | None, actor: Actor, source: str, context: dict[str, Any]
) -> M:
    """Apply `changes` when `revisi` (if given) is still the stored one; raise the revision when something
    really changes. `obj` must have been read inside the caller's transaction."""
    _check_revisi(obj, changes, revisi)
    if all(_same(getattr(obj, name), value) for name, value in changes.items()):
        return obj
    return update_audited(
        obj, {**changes, "revisi": getattr(obj, "revisi", 0) + 1}, actor=actor, source=source, context=context
    )


def _fresh(obj: M) -> M:
    """`obj` re-read inside the transaction (row-locked on PostgreSQL)."""
    model = type(obj)
    return _locked(model._default_manager.filter(pk=obj.pk)).get()


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
    renstra = Renstra(
        perangkat_daerah=perangkat_daerah,
        tahun_mulai=tahun_mulai,
        tahun_akhir=tahun_akhir,
        nama=nama,
        nama_asli=nama_asli,
    )
    ensure_renstra_writable(renstra, actor)
    return create_audited(renstra, actor=actor, source=source)


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
    asal: Renja | None = None,
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
        asal=asal,
    )
    if actor is not None and not can_edit_renja(actor, renja):
        raise PermissionDenied(
            f"Anda tidak berhak membuat Renja untuk {perangkat_daerah}: hanya perencana perangkat daerah itu "
            "yang dapat membuatnya. Hubungi admin pemda bila peran Anda belum benar."
        )
    for key, value in (penandatangan or {}).items():
        setattr(renja, key, value)
    if utama:
        # one main version per agency and year
        for other in Renja.objects.filter(perangkat_daerah=perangkat_daerah, tahun=tahun, utama=True):
            update_audited(other, {"utama": False}, actor=actor, source=source, context=_ctx(other))
    renja = create_audited(renja, actor=actor, source=source)
    return renja


RENJA_EDITABLE_FIELDS = frozenset(
    {
        "label",
        "tempat_tanggal",
        "penandatangan_nama",
        "penandatangan_jabatan",
        "penandatangan_pangkat",
        "penandatangan_nip",
        "renstra",
        "nomenklatur_versi",
        "utama",
    }
)


@transaction.atomic
def renja_update(
    *, renja: Renja, changes: dict[str, Any], revisi: int | None = None, actor: Actor, source: str
) -> Renja:
    """Change a Renja's own fields (label, signature, links). Its stage, status and lock change only through
    `renja.workflow.services`; a person may change only `RENJA_EDITABLE_FIELDS`."""
    ensure_writable(renja, actor)
    if actor is not None:
        refused = sorted(set(changes) - RENJA_EDITABLE_FIELDS)
        if refused:
            raise PermissionDenied(
                f"Kolom {', '.join(refused)} tidak dapat diubah di sini: tahapan, status dan kunci diubah "
                "melalui halaman Tahapan."
            )
    fresh = _fresh(renja)
    updated = _update_versioned(fresh, changes, revisi=revisi, actor=actor, source=source, context=_ctx(renja))
    for name in (*changes, "revisi"):
        setattr(renja, name, getattr(updated, name))
    return renja


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

    audit_record(
        actor=actor,
        source=source,
        action="clear",
        obj=renja,
        before=counts,
        context={"alasan": reason, "renja": renja.pk},
    )
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
    ensure_renstra_writable(renstra, actor)
    if parent is not None and (parent.renja_id != (renja.pk if renja else None)):
        raise RenjaError(
            f"Induk '{parent}' bukan bagian dari rencana ini: pilih induk dari Renja yang sama.", field="parent"
        )
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
    return create_audited(row, actor=actor, source=source, context=_ctx(renja, renstra))


PARENT_LEVEL = {"program": None, "kegiatan": "program", "sub_kegiatan": "kegiatan"}


@transaction.atomic
def plan_row_add_from_nomenklatur(
    *,
    renja: Renja,
    nomenklatur: Nomenklatur,
    parent: PlanRow | None = None,
    actor: Actor,
    source: str,
) -> PlanRow:
    """Add a program, kegiatan or sub kegiatan from the nomenclature: its code (the support program `X.XX.01`
    takes the agency's bidang), its official name, and — when the item has one — its official indicator and
    satuan as the row's first indicator. The parent is found by code when not given."""
    ensure_writable(renja, actor)
    expected_parent = PARENT_LEVEL.get(nomenklatur.level, "tidak_ada")
    if expected_parent == "tidak_ada":
        raise RenjaError(
            f"{nomenklatur.kode} adalah {nomenklatur.get_level_display().lower()}: yang dapat ditambahkan ke Renja "
            "hanya program, kegiatan atau sub kegiatan.",
            field="nomenklatur",
        )
    try:
        kode = specialise_support_code(nomenklatur.kode, renja.perangkat_daerah.bidang_kode or None)
    except ValueError:
        kode = nomenklatur.kode
    if expected_parent is None:
        parent = None
    else:
        if parent is None:
            induk = parent_code(kode)
            parent = PlanRow.objects.filter(renja=renja, kode=induk, level=expected_parent).first() if induk else None
        if parent is None or parent.level != expected_parent or parent.renja_id != renja.pk:
            raise RenjaError(
                f"{nomenklatur.get_level_display()} {kode} harus berada di bawah "
                f"{expected_parent.replace('_', ' ')} {parent_code(kode) or ''}, yang belum ada di Renja ini: "
                f"tambahkan {expected_parent.replace('_', ' ')} itu dulu.",
                field="nomenklatur",
            )
    if PlanRow.objects.filter(renja=renja, kode=kode).exists():
        raise RenjaError(
            f"{kode} sudah ada di Renja ini: ubah baris yang ada, jangan menambah baris ganda.",
            field="nomenklatur",
        )
    last = PlanRow.objects.filter(renja=renja).order_by("-urutan").values_list("urutan", flat=True).first()
    row = plan_row_create(
        renja=renja,
        parent=parent,
        level=nomenklatur.level,
        nama=" ".join(nomenklatur.nama.split()),
        kode=kode,
        nomenklatur=nomenklatur,
        urutan=(last or 0) + 1,
        actor=actor,
        source=source,
    )
    if nomenklatur.indikator.strip():
        indikator_create(
            row=row,
            jenis=JenisIndikator.OUTCOME if nomenklatur.level == "program" else JenisIndikator.OUTPUT,
            nama=" ".join(nomenklatur.indikator.split()),
            satuan=nomenklatur.satuan.strip(),
            urutan=1,
            actor=actor,
            source=source,
        )
    return row


PLAN_ROW_EDITABLE_FIELDS = frozenset({"nama", "lokasi", "sumber_dana", "catatan", "kode", "urutan"})


@transaction.atomic
def plan_row_update(
    *, row: PlanRow, changes: dict[str, Any], revisi: int | None = None, actor: Actor, source: str
) -> PlanRow:
    """Change a row's name, lokasi, sumber dana, catatan, kode or order."""
    _ensure_row_writable(row, actor)
    unknown = sorted(set(changes) - PLAN_ROW_EDITABLE_FIELDS)
    if unknown:
        raise RenjaError(f"Kolom {', '.join(unknown)} tidak dapat diubah pada baris rencana.")
    fresh = _fresh(row)
    return _update_versioned(fresh, changes, revisi=revisi, actor=actor, source=source, context=_row_ctx(row))


@transaction.atomic
def plan_row_delete(*, row: PlanRow, actor: Actor, source: str) -> None:
    _ensure_row_writable(row, actor)
    delete_audited(row, actor=actor, source=source, context=_row_ctx(row))


def _indikator_owner(
    row: PlanRow | None, tujuan_sasaran: TujuanSasaran | None, renstra: Renstra | None
) -> tuple[Renja | None, Renstra | None]:
    if row is not None:
        return (row.renja, None) if row.renja_id else (None, row.renstra)
    if tujuan_sasaran is not None:
        return tujuan_sasaran.renja, None
    return None, renstra


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
    owner_renja, owner_renstra = _indikator_owner(row, tujuan_sasaran, renstra)
    ensure_writable(owner_renja, actor)
    ensure_renstra_writable(owner_renstra, actor)
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
    return create_audited(ind, actor=actor, source=source, context=_ctx(owner_renja, owner_renstra))


def _indikator_renja(indikator: Indikator) -> Renja | None:
    if indikator.row_id is not None:
        return indikator.row.renja if indikator.row else None
    if indikator.tujuan_sasaran_id is not None:
        return indikator.tujuan_sasaran.renja if indikator.tujuan_sasaran else None
    return None


def _indikator_renstra(indikator: Indikator) -> Renstra | None:
    if indikator.row_id is not None:
        return indikator.row.renstra if indikator.row and indikator.row.renstra_id else None
    if indikator.renstra_id is not None:
        return indikator.renstra
    return None


def _ensure_indikator_writable(indikator: Indikator, actor: Actor) -> dict[str, Any]:
    """Check the owner of an indicator; returns the audit context naming it."""
    renja = _indikator_renja(indikator)
    if renja is not None:
        ensure_writable(renja, actor)
        return _ctx(renja)
    renstra = _indikator_renstra(indikator)
    ensure_renstra_writable(renstra, actor)
    return _ctx(None, renstra)


INDIKATOR_EDITABLE_FIELDS = frozenset(
    {"nama", "satuan", "arah", "agregasi_dalam_tahun", "agregasi_antar_tahun", "catatan", "urutan", "jenis"}
)


@transaction.atomic
def indikator_update(
    *, indikator: Indikator, changes: dict[str, Any], revisi: int | None = None, actor: Actor, source: str
) -> Indikator:
    """Change an indicator's name, satuan or semantics (setting arah/agregasi marks them as set by a person)."""
    context = _ensure_indikator_writable(indikator, actor)
    unknown = sorted(set(changes) - INDIKATOR_EDITABLE_FIELDS)
    if unknown:
        raise RenjaError(f"Kolom {', '.join(unknown)} tidak dapat diubah pada indikator.")
    changes = dict(changes)
    if {"arah", "agregasi_dalam_tahun", "agregasi_antar_tahun"} & set(changes):
        changes["semantik_disimpulkan"] = False
    fresh = _fresh(indikator)
    return _update_versioned(fresh, changes, revisi=revisi, actor=actor, source=source, context=context)


@transaction.atomic
def indikator_delete(*, indikator: Indikator, actor: Actor, source: str) -> None:
    context = _ensure_indikator_writable(indikator, actor)
    delete_audited(indikator, actor=actor, source=source, context=context)


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
    revisi: int | None = None,
    actor: Actor,
    source: str,
) -> Target:
    """Set (create or update) the target of an indicator for a year or quarter.

    `revisi` is the revision the person saw (0 when there was no target yet)."""
    context = _ensure_indikator_writable(indikator, actor)
    existing = _locked(
        Target.objects.filter(
            indikator=indikator, tahun=tahun, triwulan=triwulan, akhir_periode=akhir_periode, proyeksi=proyeksi
        )
    ).first()
    changes = {"nilai": nilai, "teks": teks, "satuan": satuan}
    if existing is not None:
        return _update_versioned(existing, changes, revisi=revisi, actor=actor, source=source, context=context)
    _check_revisi(None, changes, revisi)
    return create_audited(
        Target(
            indikator=indikator,
            tahun=tahun,
            triwulan=triwulan,
            akhir_periode=akhir_periode,
            proyeksi=proyeksi,
            revisi=1,
            **changes,
        ),
        actor=actor,
        source=source,
        context=context,
    )


# --- pagu and the agency's ceiling ---------------------------------------------------------------------


def plan_level_totals(renja: Renja, tahun: int) -> dict[str, Decimal]:
    """Σ pagu per level of a Renja for a year (one query)."""
    rows = (
        Pagu.objects.filter(row__renja=renja, tahun=tahun, jumlah__isnull=False)
        .values("row__level")
        .annotate(total=Sum("jumlah"))
        .order_by()
    )
    return {r["row__level"]: Decimal(r["total"]) for r in rows}


def plafon_check(renja: Renja, tahun: int, totals: Mapping[str, Decimal] | None = None) -> PlafonCek:
    """The plan's pagu for `tahun` against the agency's ceiling for that year and the pemda's setting."""
    from renja.workflow.models import ModePlafon, PengaturanPemda, PlafonPagu

    plafon = PlafonPagu.objects.filter(perangkat_daerah_id=renja.perangkat_daerah_id, tahun=tahun).first()
    mode = (
        PengaturanPemda.objects.filter(pemda__perangkat_daerah=renja.perangkat_daerah_id)
        .values_list("mode_plafon", flat=True)
        .first()
        or ModePlafon.PERINGATAN
    )
    return cek_plafon(
        plafon=plafon.jumlah if plafon else None,
        level_totals=plan_level_totals(renja, tahun) if totals is None else totals,
        tahun=tahun,
        blokir=mode == ModePlafon.BLOKIR,
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
    revisi: int | None = None,
    actor: Actor,
    source: str,
) -> Pagu:
    """Set the pagu (whole rupiah) of a row for a year; n+1 is the prakiraan maju.

    When the pemda blocks pagu above the ceiling (`PengaturanPemda.mode_plafon = blokir`), a change that raises
    the plan's total for the year above the agency's ceiling is refused (`PaguMelebihiPlafon`); in warning
    mode it is saved and the pages show the warning. Imports record what the document says and are never
    blocked (the dashboards report the excess)."""
    _ensure_row_writable(row, actor)
    existing = _locked(Pagu.objects.filter(row=row, tahun=tahun)).first()
    changes = {"jumlah": jumlah, "teks": teks, "sumber_dana": sumber_dana, "lokasi": lokasi}
    context = _row_ctx(row)
    owner = row.renja if row.renja_id else None
    before = plan_level_totals(owner, tahun) if owner is not None and source != Source.IMPORT else None
    if existing is not None:
        pagu = _update_versioned(existing, changes, revisi=revisi, actor=actor, source=source, context=context)
    else:
        _check_revisi(None, changes, revisi)
        pagu = create_audited(
            Pagu(row=row, tahun=tahun, revisi=1, **changes), actor=actor, source=source, context=context
        )
    if before is not None and owner is not None:
        cek = plafon_check(owner, tahun)
        if cek.blokir and cek.melebihi and cek.total > max(before.values(), default=Decimal(0)):
            raise PaguMelebihiPlafon(
                f"Tidak disimpan: {cek.penjelasan}. Pemda ini memblokir pagu di atas plafon; kurangi pagu, "
                "atau minta admin pemda meninjau plafon.",
                cek=cek,
            )
    return pagu


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
    """Record (create or update) a realisation of an indicator's kinerja and/or a row's anggaran.

    Realisation is monitoring data recorded against the adopted plan: the agency's perencana records it also
    when the Renja is approved or its stage locked (the lock holds the plan, not its monitoring)."""
    context: dict[str, Any] = {}
    if indikator is not None:
        context = _ensure_monev_writable(_indikator_renja(indikator), _indikator_renstra(indikator), actor)
    if row is not None:
        context = _ensure_monev_writable(row.renja if row.renja_id else None, row.renstra, actor)
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
        return update_audited(existing, changes, actor=actor, source=source, context=context)
    return create_audited(
        Realisasi(indikator=indikator, row=row, tahun=tahun, triwulan=triwulan, kumulatif=kumulatif, **changes),
        actor=actor,
        source=source,
        context=context,
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
        context=_ctx(renja),
    )


@transaction.atomic
def tujuan_sasaran_update(
    *,
    tujuan_sasaran: TujuanSasaran,
    changes: dict[str, Any],
    revisi: int | None = None,
    actor: Actor,
    source: str,
) -> TujuanSasaran:
    """Change the text (uraian), number or order of a tujuan or sasaran."""
    ensure_writable(tujuan_sasaran.renja, actor)
    unknown = sorted(set(changes) - {"uraian", "nomor", "urutan"})
    if unknown:
        raise RenjaError(f"Kolom {', '.join(unknown)} tidak dapat diubah pada tujuan/sasaran.")
    fresh = _fresh(tujuan_sasaran)
    return _update_versioned(
        fresh, changes, revisi=revisi, actor=actor, source=source, context=_ctx(tujuan_sasaran.renja)
    )


@transaction.atomic
def narasi_set(
    *,
    renja: Renja,
    kode: str,
    judul: str,
    teks: str,
    urutan: int = 0,
    revisi: int | None = None,
    actor: Actor,
    source: str,
) -> Narasi:
    ensure_writable(renja, actor)
    existing = _locked(Narasi.objects.filter(renja=renja, kode=kode)).first()
    changes = {"judul": judul, "teks": teks, "urutan": urutan}
    if existing is not None:
        return _update_versioned(existing, changes, revisi=revisi, actor=actor, source=source, context=_ctx(renja))
    _check_revisi(None, changes, revisi)
    return create_audited(
        Narasi(renja=renja, kode=kode, judul=judul, teks=teks, urutan=urutan, revisi=1),
        actor=actor,
        source=source,
        context=_ctx(renja),
    )
