"""Reads of community proposals, scoped to what the user may see, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from renja.core.permissions import User, user_scope
from renja.master.models import Wilayah
from renja.master.wilayah import WilayahEntry
from renja.plans.models import PlanRow
from renja.usulan.models import URUTAN_TINGKAT, Usulan, UsulanRekomendasi


def _wilayah_q(name: str, value: Any) -> Q:
    text = str(value).strip()
    if text.isdigit():
        return Q(**{f"{name}_id": int(text)})
    return Q(**{f"{name}__kode": text})


def usulan_list(*, user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Usulan]:
    """The proposals the user may see. Filters (all optional): tahun, kecamatan / desa (Wilayah id or kode),
    status, sumber, perangkat_daerah (id), q (text in kegiatan, desa, kecamatan, pengusul, lokasi),
    tidak_terpetakan (True: a name not resolved to the wilayah master)."""
    f = dict(filters or {})
    scope = user_scope(user)
    qs = Usulan.objects.filter(scope.renja_q()).select_related(
        "perangkat_daerah__pemda", "desa", "kecamatan", "row__renja"
    )
    if f.get("tahun"):
        qs = qs.filter(tahun=int(f["tahun"]))
    if f.get("kecamatan"):
        qs = qs.filter(_wilayah_q("kecamatan", f["kecamatan"]))
    if f.get("desa"):
        qs = qs.filter(_wilayah_q("desa", f["desa"]))
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if f.get("sumber"):
        qs = qs.filter(sumber=f["sumber"])
    if f.get("perangkat_daerah"):
        qs = qs.filter(perangkat_daerah_id=int(f["perangkat_daerah"]))
    if f.get("q"):
        q = str(f["q"]).strip()
        qs = qs.filter(
            Q(kegiatan__icontains=q)
            | Q(desa_teks__icontains=q)
            | Q(kecamatan_teks__icontains=q)
            | Q(pengusul__icontains=q)
            | Q(lokasi__icontains=q)
            | Q(desa__nama__icontains=q)
        )
    tt = f.get("tidak_terpetakan")
    if tt not in (None, "", False, "0", "false"):
        qs = qs.filter((Q(desa__isnull=True) & ~Q(desa_teks="")) | (Q(kecamatan__isnull=True) & ~Q(kecamatan_teks="")))
    return qs.order_by("-tahun", "perangkat_daerah_id", "urutan", "id")


@dataclass(frozen=True)
class RingkasanBaris:
    """One kecamatan (or the raw written name when unresolved, or the total)."""

    label: str
    kode: str | None
    jumlah: int
    pagu_usulan: Decimal
    pagu_rekomendasi: Decimal
    kecamatan_id: int | None = None
    terpetakan: bool = True
    total: bool = False

    @property
    def nama(self) -> str:
        return self.label


@dataclass(frozen=True)
class Ringkasan:
    baris: list[RingkasanBaris] = field(default_factory=list)
    total: RingkasanBaris | None = None

    def __iter__(self) -> Any:
        yield from self.baris
        if self.total is not None:
            yield self.total


def usulan_ringkasan_kecamatan(*, user: User, filters: Mapping[str, Any] | None = None) -> Ringkasan:
    """Count, pagu usulan and pagu rekomendasi per kecamatan (resolved ones by code, unresolved by the name as
    written), plus the total (two queries)."""
    qs = usulan_list(user=user, filters=filters).order_by()
    grouped = list(
        qs.values("kecamatan_id", "kecamatan__kode", "kecamatan__nama", "kecamatan_teks").annotate(
            n_usulan=Count("id"), sum_usulan=Sum("pagu_usulan"), sum_rekomendasi=Sum("pagu_rekomendasi")
        )
    )
    acc: dict[tuple[str, str], dict[str, Any]] = {}
    for g in grouped:
        if g["kecamatan_id"] is not None:
            key = ("0", g["kecamatan__kode"])
            label, kode, kid, ok = g["kecamatan__nama"], g["kecamatan__kode"], g["kecamatan_id"], True
        else:
            teks = (g["kecamatan_teks"] or "").strip()
            key = ("1", teks.upper())
            label, kode, kid, ok = teks or "(kecamatan tidak diisi)", None, None, False
        a = acc.setdefault(
            key,
            {"label": label, "kode": kode, "kid": kid, "ok": ok, "n": 0, "u": Decimal(0), "r": Decimal(0)},
        )
        a["n"] += g["n_usulan"]
        a["u"] += g["sum_usulan"] or 0
        a["r"] += g["sum_rekomendasi"] or 0
    rows = [
        RingkasanBaris(
            label=a["label"],
            kode=a["kode"],
            jumlah=a["n"],
            pagu_usulan=a["u"],
            pagu_rekomendasi=a["r"],
            kecamatan_id=a["kid"],
            terpetakan=a["ok"],
        )
        for _, a in sorted(acc.items())
    ]
    total = RingkasanBaris(
        label="Jumlah",
        kode=None,
        jumlah=sum(r.jumlah for r in rows),
        pagu_usulan=sum((r.pagu_usulan for r in rows), Decimal(0)),
        pagu_rekomendasi=sum((r.pagu_rekomendasi for r in rows), Decimal(0)),
        total=True,
    )
    return Ringkasan(baris=rows, total=total)


@dataclass
class UsulanDetail:
    usulan: Usulan
    rekomendasi: list[UsulanRekomendasi]
    row: PlanRow | None
    pagu_row: Decimal | None
    realisasi_row: Decimal | None
    saran_desa: tuple[WilayahEntry, ...] = ()
    saran_kecamatan: tuple[WilayahEntry, ...] = ()
    saran_wilayah: dict[str, int] = field(default_factory=dict)  # kode -> Wilayah id of the suggestions


def usulan_detail(*, usulan: Usulan, saran: bool = True) -> UsulanDetail:
    """The proposal with its recommendations in level order, its linked row with that row's pagu for the year
    and its realisasi anggaran (if any), and — when a name is unresolved — suggestions from the matcher."""
    recs = sorted(
        UsulanRekomendasi.objects.filter(usulan=usulan).select_related("oleh", "digabung_ke"),
        key=lambda r: URUTAN_TINGKAT.index(r.tingkat),
    )
    row = None
    pagu = realisasi = None
    if usulan.row_id:
        row = PlanRow.objects.select_related("renja").filter(pk=usulan.row_id).first()
        if row is not None:
            pagu = row.pagu.filter(tahun=usulan.tahun).aggregate(s=Sum("jumlah"))["s"]
            realisasi = row.realisasi.filter(tahun=usulan.tahun, triwulan=0).aggregate(s=Sum("anggaran"))["s"]
            if realisasi is None:
                realisasi = row.realisasi.filter(tahun=usulan.tahun).aggregate(s=Sum("anggaran"))["s"]
    saran_desa: tuple[WilayahEntry, ...] = ()
    saran_kec: tuple[WilayahEntry, ...] = ()
    ids: dict[str, int] = {}
    if saran and (usulan.tidak_terpetakan or usulan.wilayah_cocok in (Usulan.Cocok.MIRIP, Usulan.Cocok.AMBIGU)):
        from renja.usulan.services import WilayahResolver

        resolver = WilayahResolver(usulan.perangkat_daerah.pemda.kode)
        m = resolver.matcher
        if m is not None:
            if usulan.desa_teks.strip():
                dm = m.match_desa(usulan.desa_teks, usulan.kecamatan_teks)
                if dm.desa is not None:
                    saran_desa = (dm.desa.entry, *dm.desa.candidates)
                else:
                    saran_desa = dm.suggestions or m.suggestions(usulan.desa_teks, limit=5)
            if usulan.kecamatan_teks.strip() and usulan.kecamatan_id is None:
                saran_kec = m.suggestions(usulan.kecamatan_teks, m.kecamatan)
            ids = {e.kode: resolver.ids[e.kode] for e in (*saran_desa, *saran_kec) if e.kode in resolver.ids}
    return UsulanDetail(
        usulan=usulan,
        rekomendasi=recs,
        row=row,
        pagu_row=pagu,
        realisasi_row=realisasi,
        saran_desa=saran_desa,
        saran_kecamatan=saran_kec,
        saran_wilayah=ids,
    )


def wilayah_of(kode: str) -> Wilayah | None:
    return Wilayah.objects.filter(kode=kode).first()
