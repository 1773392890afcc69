"""Writes to community proposals (usulan): intake, places, the recommendation chain, the link to a plan row.

Every function takes keyword-only arguments with an explicit `actor` and `source`, checks the actor's role
(`renja.core.permissions`: `can_edit_usulan`, `can_rekomendasi`; `actor=None` is the system — the CLI or an
import run by the operator), validates, runs in a transaction and audits.

The chain: desa/kelurahan → kecamatan → perangkat daerah → Bappeda/TAPD (`URUTAN_TINGKAT`). A level is
recorded after the level before it (ASMAS: every level; POKIR from DPRD skips the Musrenbang levels and starts
at the agency); after «ditolak» nothing later can be recorded; a level may be recorded again (an update) while
no later level exists. Any status other than «diterima» needs a reason. `Usulan.status`, `pagu_rekomendasi`
and `alasan` always mirror the latest recorded level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from renja.audit.services import Actor, actor_user
from renja.core.errors import PermissionDenied, RenjaError, StageLocked
from renja.core.permissions import can_edit_usulan, can_rekomendasi
from renja.core.services import create_audited, delete_audited, update_audited
from renja.master.models import Level, PerangkatDaerah, Wilayah
from renja.master.wilayah import WilayahEntry, WilayahMatcher
from renja.plans.models import PlanRow
from renja.usulan.models import URUTAN_TINGKAT, StatusRekomendasi, Tingkat, Usulan, UsulanRekomendasi, alasan_problem

# ------------------------------------------------------------------------------------------------ places

_COCOK_RANK: dict[str, int] = {
    Usulan.Cocok.SAMA: 0,
    Usulan.Cocok.EJAAN: 1,
    Usulan.Cocok.MIRIP: 2,
    Usulan.Cocok.AMBIGU: 3,
    Usulan.Cocok.TIDAK_DITEMUKAN: 4,
}


@dataclass
class WilayahHasil:
    """Where a proposal's names point in the wilayah master (ids None when unresolved)."""

    desa_id: int | None = None
    kecamatan_id: int | None = None
    cocok: str = Usulan.Cocok.BELUM
    catatan: str = ""
    saran: tuple[WilayahEntry, ...] = ()


class WilayahResolver:
    """The matcher of one pemda plus the ids of its regions: build once (two queries), resolve many names."""

    def __init__(self, pemda_kode: str) -> None:
        self.pemda_kode = pemda_kode
        self.matcher = WilayahMatcher.for_pemda(pemda_kode)
        self.ids: dict[str, int] = (
            dict(Wilayah.objects.filter(kode__startswith=f"{pemda_kode}.").values_list("kode", "id"))
            if self.matcher is not None
            else {}
        )

    def resolve(self, desa_teks: str, kecamatan_teks: str) -> WilayahHasil:
        if not (desa_teks.strip() or kecamatan_teks.strip()):
            return WilayahHasil()
        m = self.matcher
        if m is None:
            return WilayahHasil(
                cocok=Usulan.Cocok.TANPA_MASTER,
                catatan=(
                    f"Master wilayah pemda {self.pemda_kode} belum dimuat: nama desa/kecamatan disimpan seperti "
                    "tertulis. Muat dengan `renja wilayah import BERKAS.csv`, lalu `renja usulan cocokkan`."
                ),
            )
        hasil = WilayahHasil()
        notes: list[str] = []
        hows: list[str] = []
        kec_entry: WilayahEntry | None = None
        if kecamatan_teks.strip():
            kec = m.match_kecamatan(kecamatan_teks)
            if kec is None:
                hows.append(Usulan.Cocok.TIDAK_DITEMUKAN)
                saran = m.suggestions(kecamatan_teks, m.kecamatan)
                notes.append(
                    f"Kecamatan «{kecamatan_teks}» tidak ditemukan di master wilayah {self.pemda_kode}"
                    + (f"; mungkin: {', '.join(e.nama for e in saran)}" if saran else "")
                    + "."
                )
                hasil.saran += saran
            elif kec.ambiguous:
                hows.append(Usulan.Cocok.AMBIGU)
                notes.append(
                    f"Kecamatan «{kecamatan_teks}» cocok dengan lebih dari satu: "
                    + ", ".join(e.nama for e in (kec.entry, *kec.candidates))
                    + ". Pilih yang benar."
                )
                hasil.saran += (kec.entry, *kec.candidates)
            else:
                hows.append(kec.how)
                kec_entry = kec.entry
                if kec.how == "mirip":
                    notes.append(f"Kecamatan «{kecamatan_teks}» dibaca sebagai {kec.entry.nama} (nama mirip).")
        if desa_teks.strip():
            dm = m.match_desa(desa_teks, kecamatan_teks if kec_entry is not None else "")
            d = dm.desa
            if d is None:
                hows.append(Usulan.Cocok.TIDAK_DITEMUKAN)
                notes.append(
                    f"Desa/kelurahan «{desa_teks}» tidak ditemukan"
                    + (f" di Kecamatan {kec_entry.nama}" if kec_entry else "")
                    + (f"; mungkin: {', '.join(e.nama for e in dm.suggestions)}" if dm.suggestions else "")
                    + "."
                )
                hasil.saran += dm.suggestions
            elif d.ambiguous:
                hows.append(Usulan.Cocok.AMBIGU)
                cands = (d.entry, *d.candidates)
                notes.append(
                    f"Desa/kelurahan «{desa_teks}» cocok dengan lebih dari satu: "
                    + ", ".join(f"{e.nama} ({e.kode})" for e in cands)
                    + ". Pilih yang benar."
                )
                hasil.saran += cands
            elif dm.in_kecamatan is False:
                hows.append(Usulan.Cocok.AMBIGU)
                where = d.kecamatan.nama if d.kecamatan else d.entry.parent_kode
                notes.append(
                    f"Desa/kelurahan «{desa_teks}» tidak ada di Kecamatan {kec_entry.nama if kec_entry else ''}; "
                    f"yang mirip: {d.entry.nama} di Kecamatan {where}. Periksa dan pilih yang benar."
                )
                hasil.saran += (d.entry,)
            else:
                hows.append(d.how)
                hasil.desa_id = self.ids.get(d.entry.kode)
                if d.kecamatan is not None:
                    kec_entry = d.kecamatan
                if d.how == "mirip":
                    notes.append(f"Desa/kelurahan «{desa_teks}» dibaca sebagai {d.entry.nama} (nama mirip).")
        if kec_entry is not None:
            hasil.kecamatan_id = self.ids.get(kec_entry.kode)
        hasil.cocok = max(hows, key=lambda h: _COCOK_RANK.get(h, 0)) if hows else Usulan.Cocok.BELUM
        hasil.catatan = " ".join(notes)
        return hasil


def _resolver_for(pd: PerangkatDaerah, resolver: WilayahResolver | None) -> WilayahResolver:
    kode = pd.pemda.kode
    if resolver is not None and resolver.pemda_kode == kode:
        return resolver
    return WilayahResolver(kode)


def _wilayah_fields(hasil: WilayahHasil) -> dict[str, Any]:
    return {
        "desa_id": hasil.desa_id,
        "kecamatan_id": hasil.kecamatan_id,
        "wilayah_cocok": hasil.cocok,
        "wilayah_catatan": hasil.catatan,
    }


def _check_wilayah_choice(pd: PerangkatDaerah, desa: Wilayah | None, kecamatan: Wilayah | None) -> None:
    prefix = f"{pd.pemda.kode}."
    if desa is not None:
        if desa.level not in (Wilayah.Level.DESA, Wilayah.Level.KELURAHAN) or not desa.kode.startswith(prefix):
            raise RenjaError(
                f"{desa.kode} {desa.nama} bukan desa/kelurahan di {pd.pemda}. Pilih desa/kelurahan pemda ini.",
                field="desa",
            )
    if kecamatan is not None:
        if kecamatan.level != Wilayah.Level.KECAMATAN or not kecamatan.kode.startswith(prefix):
            raise RenjaError(
                f"{kecamatan.kode} {kecamatan.nama} bukan kecamatan di {pd.pemda}. Pilih kecamatan pemda ini.",
                field="kecamatan",
            )
    if desa is not None and kecamatan is not None and not desa.kode.startswith(kecamatan.kode + "."):
        raise RenjaError(
            f"Desa/kelurahan {desa.nama} tidak berada di Kecamatan {kecamatan.nama}. Pilih pasangan yang benar.",
            field="desa",
        )


def _kecamatan_of(desa: Wilayah) -> Wilayah | None:
    return Wilayah.objects.filter(kode=desa.kode.rsplit(".", 1)[0]).first()


def _ensure_can_edit(actor: Actor, pd: PerangkatDaerah) -> None:
    if actor is not None and not can_edit_usulan(actor, pd):
        raise PermissionDenied(
            f"Anda tidak berhak mencatat atau mengubah usulan {pd}: hanya perencana perangkat daerah itu, "
            "verifikator Bappeda atau admin pemda. Hubungi admin pemda bila peran Anda belum benar."
        )


# ------------------------------------------------------------------------------------------------ intake


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
    lokasi: str = "",
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
    wilayah_catatan: str | None = None,
    wilayah_cocok: str | None = None,
    resolver: WilayahResolver | None = None,
    actor: Actor,
    source: str,
) -> Usulan:
    """Register a proposal. Without `desa`/`kecamatan` the written names are resolved against the wilayah
    master (pass a `resolver` when creating many); the names are kept as written either way."""
    _ensure_can_edit(actor, perangkat_daerah)
    obj = Usulan(
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
        lokasi=lokasi,
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
        revisi=1,
    )
    if desa is not None or kecamatan is not None:
        _check_wilayah_choice(perangkat_daerah, desa, kecamatan)
        if desa is not None and kecamatan is None:
            obj.kecamatan = _kecamatan_of(desa)
        obj.wilayah_cocok = wilayah_cocok or Usulan.Cocok.MANUAL
        obj.wilayah_catatan = wilayah_catatan or ""
    elif desa_teks.strip() or kecamatan_teks.strip():
        for name, value in _wilayah_fields(
            _resolver_for(perangkat_daerah, resolver).resolve(desa_teks, kecamatan_teks)
        ).items():
            setattr(obj, name, value)
    return create_audited(obj, actor=actor, source=source)


INTAKE_FIELDS = frozenset(
    {
        "sumber",
        "nomor",
        "urutan",
        "pengusul",
        "desa_teks",
        "kecamatan_teks",
        "desa",
        "kecamatan",
        "lokasi",
        "kegiatan",
        "volume",
        "satuan",
        "pagu_usulan",
        "pagu_usulan_teks",
        "sumber_dokumen",
    }
)


def _same(a: Any, b: Any) -> bool:
    return bool(getattr(a, "pk", a) == getattr(b, "pk", b))


def _check_revisi(obj: Usulan | UsulanRekomendasi, fields: Mapping[str, Any], revisi: int | None) -> None:
    from renja.plans.services import EditConflict

    if revisi is None or obj.revisi == revisi:
        return
    raise EditConflict(
        f"Tidak disimpan: usulan ini sudah diubah orang lain setelah Anda membukanya (revisi {revisi} → "
        f"{obj.revisi}). Muat ulang halaman, periksa nilainya, lalu simpan lagi.",
        tersimpan={name: getattr(obj, name, None) for name in fields},
        milik_anda=dict(fields),
        revisi=obj.revisi,
    )


def _fresh(usulan: Usulan) -> Usulan:
    return Usulan.objects.select_for_update().select_related("perangkat_daerah__pemda").get(pk=usulan.pk)


@transaction.atomic
def usulan_update(
    *,
    usulan: Usulan,
    actor: Actor,
    source: str,
    revisi: int | None = None,
    resolver: WilayahResolver | None = None,
    **fields: Any,
) -> Usulan:
    """Change the intake fields (`INTAKE_FIELDS`). Changed names are resolved again, unless `desa`/`kecamatan`
    are given (a person's choice, e.g. one of the suggestions)."""
    unknown = set(fields) - INTAKE_FIELDS
    if unknown:
        raise RenjaError(
            f"Kolom {', '.join(sorted(unknown))} tidak dapat diubah di sini: status dan pagu rekomendasi diisi "
            "lewat rekomendasi tiap tingkat, kaitan ke sub kegiatan lewat menu kaitkan.",
            field=sorted(unknown)[0],
        )
    fresh = _fresh(usulan)
    pd = fresh.perangkat_daerah
    _ensure_can_edit(actor, pd)
    _check_revisi(fresh, fields, revisi)
    changes = {k: v for k, v in fields.items() if not _same(getattr(fresh, k), v)}
    if not changes:
        return fresh
    if "desa" in changes or "kecamatan" in changes:
        desa = changes.get("desa", fresh.desa)
        kec = changes.get("kecamatan", fresh.kecamatan if "desa" not in changes else None)
        _check_wilayah_choice(pd, desa, kec)
        if desa is not None and kec is None:
            kec = _kecamatan_of(desa)
        changes.update(
            desa=desa,
            kecamatan=kec,
            wilayah_cocok=Usulan.Cocok.MANUAL if (desa or kec) else Usulan.Cocok.BELUM,
            wilayah_catatan="",
        )
    elif "desa_teks" in changes or "kecamatan_teks" in changes:
        hasil = _resolver_for(pd, resolver).resolve(
            changes.get("desa_teks", fresh.desa_teks), changes.get("kecamatan_teks", fresh.kecamatan_teks)
        )
        changes.update(_wilayah_fields(hasil))
    updated = update_audited(fresh, {**changes, "revisi": fresh.revisi + 1}, actor=actor, source=source)
    _copy_into(usulan, updated)
    return updated


def _copy_into(target: Usulan, source_obj: Usulan) -> None:
    for f in Usulan._meta.concrete_fields:
        setattr(target, f.attname, getattr(source_obj, f.attname))


@dataclass
class CocokReport:
    diperiksa: int = 0
    terpetakan: int = 0
    berubah: int = 0
    tidak_terpetakan: list[str] = field(default_factory=list)


@transaction.atomic
def usulan_cocokkan_wilayah(
    *,
    perangkat_daerah: PerangkatDaerah | None = None,
    tahun: int | None = None,
    pemda_kode: str | None = None,
    termasuk_manual: bool = False,
    actor: Actor,
    source: str,
) -> CocokReport:
    """Resolve the desa/kecamatan of stored proposals again (after `renja wilayah import`). A person's choice
    (`manual`) is kept unless `termasuk_manual`."""
    qs = Usulan.objects.select_related("perangkat_daerah__pemda").order_by("id")
    if perangkat_daerah is not None:
        qs = qs.filter(perangkat_daerah=perangkat_daerah)
    if tahun is not None:
        qs = qs.filter(tahun=tahun)
    if pemda_kode is not None:
        qs = qs.filter(perangkat_daerah__pemda__kode=pemda_kode)
    if not termasuk_manual:
        qs = qs.exclude(wilayah_cocok=Usulan.Cocok.MANUAL)
    report = CocokReport()
    resolvers: dict[str, WilayahResolver] = {}
    for u in qs:
        pd = u.perangkat_daerah
        if actor is not None and not can_edit_usulan(actor, pd):
            continue
        kode = pd.pemda.kode
        if kode not in resolvers:
            resolvers[kode] = WilayahResolver(kode)
        hasil = resolvers[kode].resolve(u.desa_teks, u.kecamatan_teks)
        changes = _wilayah_fields(hasil)
        report.diperiksa += 1
        if any(getattr(u, k) != v for k, v in changes.items()):
            update_audited(u, {**changes, "revisi": u.revisi + 1}, actor=actor, source=source)
            report.berubah += 1
        if u.tidak_terpetakan:
            report.tidak_terpetakan.append(
                f"{u.nomor or u.pk}. {u.desa_teks} / {u.kecamatan_teks}: {u.wilayah_catatan}"
            )
        else:
            report.terpetakan += 1
    return report


@transaction.atomic
def usulan_delete(*, usulan: Usulan, actor: Actor, source: str) -> None:
    _ensure_can_edit(actor, usulan.perangkat_daerah)
    delete_audited(usulan, actor=actor, source=source)


# ------------------------------------------------------------------------------------------------ the chain


def tingkat_berlaku(sumber: str) -> tuple[str, ...]:
    """The levels a proposal of this source passes: ASMAS every level, POKIR from the agency on."""
    if sumber == Usulan.Sumber.POKIR:
        return (Tingkat.PD, Tingkat.BAPPEDA)
    return URUTAN_TINGKAT


def _label(tingkat: str) -> str:
    return Tingkat(tingkat).label


@transaction.atomic
def usulan_rekomendasi_set(
    *,
    usulan: Usulan,
    tingkat: str,
    status: str,
    alasan: str = "",
    pagu_rekomendasi: Decimal | None = None,
    pagu_rekomendasi_teks: str = "",
    volume: Decimal | None = None,
    satuan: str = "",
    digabung_ke: Usulan | None = None,
    revisi: int | None = None,
    actor: Actor,
    source: str,
) -> UsulanRekomendasi:
    """Record (or record again) the recommendation of one level; the proposal's current state follows."""
    fresh = _fresh(usulan)
    if tingkat not in URUTAN_TINGKAT:
        raise RenjaError(f"Tingkat «{tingkat}» tidak dikenal: pilih desa, kecamatan, pd atau bappeda.", field="tingkat")
    if status not in StatusRekomendasi.values:
        raise RenjaError(
            f"Status «{status}» tidak dikenal: pilih diterima, diterima_perubahan, digabung atau ditolak.",
            field="status",
        )
    if actor is not None and not can_rekomendasi(actor, fresh, tingkat):
        siapa = (
            "verifikator Bappeda atau admin pemda"
            if tingkat == Tingkat.BAPPEDA
            else "perencana perangkat daerah atau admin pemda"
        )
        raise PermissionDenied(
            f"Anda tidak berhak mencatat rekomendasi tingkat {_label(tingkat)} untuk usulan ini: hanya {siapa}."
        )
    problem = alasan_problem(status, alasan)
    if problem:
        raise RenjaError(problem, field="alasan")
    if pagu_rekomendasi is not None and pagu_rekomendasi < 0:
        raise RenjaError("Pagu rekomendasi tidak boleh negatif.", field="pagu_rekomendasi")
    if digabung_ke is not None:
        if digabung_ke.pk == fresh.pk:
            raise RenjaError("Usulan tidak dapat digabung ke dirinya sendiri.", field="digabung_ke")
        if digabung_ke.perangkat_daerah_id != fresh.perangkat_daerah_id or digabung_ke.tahun != fresh.tahun:
            raise RenjaError(
                "Usulan hanya dapat digabung ke usulan perangkat daerah dan tahun yang sama.", field="digabung_ke"
            )
    existing = {r.tingkat: r for r in UsulanRekomendasi.objects.select_for_update().filter(usulan=fresh)}
    idx = URUTAN_TINGKAT.index(tingkat)
    later = [t for t in URUTAN_TINGKAT[idx + 1 :] if t in existing]
    if later:
        raise RenjaError(
            f"Rekomendasi tingkat {_label(tingkat)} tidak dapat diubah: tingkat {_label(later[0])} sudah dicatat. "
            "Hapus dulu rekomendasi tingkat yang lebih tinggi.",
            field="tingkat",
        )
    berlaku = tingkat_berlaku(fresh.sumber)
    for t in URUTAN_TINGKAT[:idx]:
        r = existing.get(t)
        if r is None and t in berlaku:
            raise RenjaError(
                f"Rekomendasi tingkat {_label(tingkat)} belum dapat dicatat: catat dulu hasil tingkat {_label(t)}.",
                field="tingkat",
            )
        if r is not None and r.status == StatusRekomendasi.DITOLAK:
            raise RenjaError(
                f"Usulan ini sudah ditolak di tingkat {_label(t)}: tidak ada tingkat berikutnya. Usulan tetap "
                "tersimpan dengan alasannya.",
                field="tingkat",
            )
    if pagu_rekomendasi is None:
        if status == StatusRekomendasi.DITOLAK:
            pagu_rekomendasi = Decimal(0)
        elif status == StatusRekomendasi.DITERIMA:
            before = [existing[t] for t in URUTAN_TINGKAT[:idx] if t in existing]
            pagu_rekomendasi = before[-1].pagu_rekomendasi if before else fresh.pagu_usulan
    values: dict[str, Any] = {
        "status": status,
        "alasan": alasan.strip(),
        "pagu_rekomendasi": pagu_rekomendasi,
        "pagu_rekomendasi_teks": pagu_rekomendasi_teks,
        "volume": volume,
        "satuan": satuan,
        "digabung_ke": digabung_ke,
    }
    ctx = {"usulan": fresh.pk}
    rek = existing.get(tingkat)
    if rek is None:
        if revisi not in (None, 0):
            raise RenjaError(
                "Tidak disimpan: rekomendasi tingkat ini sudah dihapus orang lain. Muat ulang halaman.", field="tingkat"
            )
        rek = create_audited(
            UsulanRekomendasi(usulan=fresh, tingkat=tingkat, oleh=actor_user(actor), revisi=1, **values),
            actor=actor,
            source=source,
            context=ctx,
        )
    else:
        _check_revisi(rek, values, revisi)
        if any(not _same(getattr(rek, k), v) for k, v in values.items()):
            rek = update_audited(
                rek,
                {**values, "oleh": actor_user(actor), "revisi": rek.revisi + 1},
                actor=actor,
                source=source,
                context=ctx,
            )
    _sync_current(fresh, actor=actor, source=source)
    _copy_into(usulan, fresh)
    return rek


@transaction.atomic
def usulan_rekomendasi_delete(*, rekomendasi: UsulanRekomendasi, actor: Actor, source: str) -> None:
    """Remove the latest level (to correct it); the proposal's current state goes back to the level before."""
    usulan = _fresh(rekomendasi.usulan)
    if actor is not None and not can_rekomendasi(actor, usulan, rekomendasi.tingkat):
        raise PermissionDenied(f"Anda tidak berhak menghapus rekomendasi tingkat {_label(rekomendasi.tingkat)}.")
    idx = URUTAN_TINGKAT.index(rekomendasi.tingkat)
    if UsulanRekomendasi.objects.filter(usulan=usulan, tingkat__in=URUTAN_TINGKAT[idx + 1 :]).exists():
        raise RenjaError("Hanya rekomendasi tingkat terakhir yang dapat dihapus.", field="tingkat")
    delete_audited(rekomendasi, actor=actor, source=source, context={"usulan": usulan.pk})
    _sync_current(usulan, actor=actor, source=source)


def _sync_current(usulan: Usulan, *, actor: Actor, source: str) -> None:
    levels = sorted(UsulanRekomendasi.objects.filter(usulan=usulan), key=lambda r: r.urutan)
    if levels:
        last = levels[-1]
        changes: dict[str, Any] = {
            "status": last.status,
            "pagu_rekomendasi": last.pagu_rekomendasi,
            "pagu_rekomendasi_teks": last.pagu_rekomendasi_teks,
            "alasan": last.alasan,
        }
    else:
        changes = {"status": Usulan.Status.DIUSULKAN, "alasan": ""}
    if any(getattr(usulan, k) != v for k, v in changes.items()):
        update_audited(usulan, {**changes, "revisi": usulan.revisi + 1}, actor=actor, source=source)


# ------------------------------------------------------------------------------------------------ plan row


@transaction.atomic
def usulan_row_link(*, usulan: Usulan, row: PlanRow | None, actor: Actor, source: str) -> Usulan:
    """Link the proposal to a sub kegiatan of a Renja of its agency and year (None unlinks)."""
    from renja.plans.services import jadwal_for, lock_problem

    fresh = _fresh(usulan)
    _ensure_can_edit(actor, fresh.perangkat_daerah)
    if row is not None:
        row = PlanRow.objects.select_related("renja__perangkat_daerah").get(pk=row.pk)
        renja = row.renja
        if row.level != Level.SUB_KEGIATAN or renja is None:
            raise RenjaError(
                "Usulan hanya dapat dikaitkan ke baris sub kegiatan sebuah Renja. Pilih sub kegiatan.", field="row"
            )
        if renja.perangkat_daerah_id != fresh.perangkat_daerah_id or renja.tahun != fresh.tahun:
            raise RenjaError(
                f"Sub kegiatan {row.kode} ada di {renja}, bukan Renja {fresh.perangkat_daerah} tahun {fresh.tahun}. "
                "Pilih sub kegiatan dari Renja perangkat daerah dan tahun usulan ini.",
                field="row",
            )
        if fresh.status == Usulan.Status.DITOLAK:
            raise RenjaError(
                "Usulan yang ditolak tidak dapat dikaitkan ke sub kegiatan. Ubah dulu rekomendasinya.", field="row"
            )
        problem = lock_problem(renja, jadwal_for(renja))
        if problem:
            raise StageLocked(problem)
    if _same(fresh.row, row):
        return fresh
    updated = update_audited(fresh, {"row": row, "revisi": fresh.revisi + 1}, actor=actor, source=source)
    _copy_into(usulan, updated)
    return updated
