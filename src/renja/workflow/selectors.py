"""Reads for the workflow pages: an item and its history, the notes, the per-Renja log, the stage page, the
versions and their difference, and the dashboards. Each runs a fixed number of queries whatever the size of
the plan (asserted in tests/workflow)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from renja.audit.models import AuditEvent
from renja.calc import grafik
from renja.calc.diff import BarisData, IndikatorData, VersiDiff, diff_versi
from renja.calc.plafon import PlafonCek, cek_plafon
from renja.calc.tahapan import Keputusan, langkah_terbuka
from renja.core.permissions import User
from renja.master.models import Pemda, PerangkatDaerah
from renja.plans.models import (
    TAHAPAN_URUTAN,
    Indikator,
    JadwalTahapan,
    Narasi,
    Pagu,
    PlanRow,
    Realisasi,
    Renja,
    StatusRenja,
    Target,
    TujuanSasaran,
)
from renja.plans.services import writable_problem
from renja.workflow.models import (
    CatatanVerifikasi,
    JenisItem,
    ModePlafon,
    PengaturanPemda,
    PlafonPagu,
    Snapshot,
    StatusCatatan,
    Transisi,
)

# --- items ---------------------------------------------------------------------------------------------------

_ITEM_MODEL: dict[str, type[Any]] = {
    JenisItem.BARIS: PlanRow,
    JenisItem.INDIKATOR: Indikator,
    JenisItem.TARGET: Target,
    JenisItem.PAGU: Pagu,
    JenisItem.NARASI: Narasi,
    JenisItem.TUJUAN_SASARAN: TujuanSasaran,
}


def item_get(renja: Renja, jenis_item: str, item_id: int) -> Any:
    """The item of a Renja by kind and id (one query), or None when it is not in this Renja."""
    if jenis_item == JenisItem.RENJA:
        return renja if item_id == renja.pk else None
    if jenis_item == JenisItem.BARIS:
        return PlanRow.objects.filter(pk=item_id, renja=renja).first()
    if jenis_item == JenisItem.INDIKATOR:
        return Indikator.objects.filter(pk=item_id).filter(Q(row__renja=renja) | Q(tujuan_sasaran__renja=renja)).first()
    if jenis_item == JenisItem.TARGET:
        return (
            Target.objects.select_related("indikator")
            .filter(pk=item_id)
            .filter(Q(indikator__row__renja=renja) | Q(indikator__tujuan_sasaran__renja=renja))
            .first()
        )
    if jenis_item == JenisItem.PAGU:
        return Pagu.objects.select_related("row").filter(pk=item_id, row__renja=renja).first()
    if jenis_item == JenisItem.NARASI:
        return Narasi.objects.filter(pk=item_id, renja=renja).first()
    if jenis_item == JenisItem.TUJUAN_SASARAN:
        return TujuanSasaran.objects.filter(pk=item_id, renja=renja).first()
    return None


@dataclass(frozen=True)
class Perubahan:
    kolom: str
    sebelum: Any
    sesudah: Any


@dataclass(frozen=True)
class Peristiwa:
    """One audit event, readable: who, when, what, from where, and the fields before and after."""

    waktu: dt.datetime
    oleh: str
    sumber: str
    aksi: str
    model: str
    objek: str
    perubahan: tuple[Perubahan, ...]
    konteks: dict[str, Any]


AKSI_LABEL = {
    "create": "dibuat",
    "update": "diubah",
    "delete": "dihapus",
    "clear": "dikosongkan",
    "salin": "disalin",
    "snapshot": "snapshot",
}
MODEL_LABEL = {
    "plans.Renja": "Renja",
    "plans.PlanRow": "baris",
    "plans.Indikator": "indikator",
    "plans.Target": "target",
    "plans.Pagu": "pagu",
    "plans.Narasi": "narasi",
    "plans.TujuanSasaran": "tujuan/sasaran",
    "workflow.CatatanVerifikasi": "catatan verifikasi",
    "workflow.BalasanCatatan": "balasan catatan",
    "workflow.Transisi": "tahapan",
    "workflow.Snapshot": "snapshot",
}
_HIDDEN = {"id", "revisi", "item_label", "penulis_label", "oleh_label", "diselesaikan_oleh_label"}


_SHOWN_IDS = {"sumber_dana_id", "nomenklatur_id", "parent_id"}


def _shown(key: str) -> bool:
    """Internal keys (ids, revisions, copies of names) stay out of the history panel."""
    return key not in _HIDDEN and (not key.endswith("_id") or key in _SHOWN_IDS)


def _peristiwa(event: AuditEvent) -> Peristiwa:
    before = event.before or {}
    after = event.after or {}
    keys = [k for k in dict.fromkeys([*before, *after]) if _shown(k)]
    if event.action == "create":
        keys = [k for k in keys if after.get(k) not in (None, "", {}, [], False)]
    return Peristiwa(
        waktu=event.waktu,
        oleh=event.actor_label or "sistem",
        sumber=event.source,
        aksi=AKSI_LABEL.get(event.action, event.action),
        model=MODEL_LABEL.get(event.model, event.model),
        objek=event.object_repr,
        perubahan=tuple(Perubahan(kolom=k, sebelum=before.get(k), sesudah=after.get(k)) for k in keys),
        konteks=event.context or {},
    )


def _item_keys(jenis_item: str, item: Any) -> list[tuple[str, list[str]]]:
    """(model label, object pks) whose events make up an item's history: a row with its pagu, indicators and
    targets; an indicator with its targets."""
    if jenis_item == JenisItem.BARIS:
        ind_ids = list(Indikator.objects.filter(row=item).values_list("id", flat=True))
        return [
            ("plans.PlanRow", [str(item.pk)]),
            ("plans.Pagu", [str(i) for i in Pagu.objects.filter(row=item).values_list("id", flat=True)]),
            ("plans.Indikator", [str(i) for i in ind_ids]),
            (
                "plans.Target",
                [str(i) for i in Target.objects.filter(indikator_id__in=ind_ids).values_list("id", flat=True)],
            ),
        ]
    if jenis_item == JenisItem.INDIKATOR:
        return [
            ("plans.Indikator", [str(item.pk)]),
            ("plans.Target", [str(i) for i in Target.objects.filter(indikator=item).values_list("id", flat=True)]),
        ]
    model = _ITEM_MODEL.get(jenis_item)
    label = model._meta.label if model is not None else "plans.Renja"
    return [(label, [str(item.pk)])]


@dataclass(frozen=True)
class ItemHistory:
    renja: Renja
    jenis_item: str
    item: Any
    peristiwa: list[Peristiwa]
    catatan: list[CatatanVerifikasi]


def item_history(renja: Renja, jenis_item: str, item: Any, limit: int = 100) -> ItemHistory:
    """An item's audit events (with those of its pagu, indicators and targets) and its verification notes with
    their replies — at most 7 queries."""
    q = Q(pk__in=[])
    for model, pks in _item_keys(jenis_item, item):
        if pks:
            q |= Q(model=model, object_pk__in=pks)
    note_q = Q(context__item=f"{jenis_item}:{item.pk}")
    if jenis_item == JenisItem.RENJA:
        # the Renja's own history includes its steps (with their reasons) and snapshots
        note_q |= Q(model__in=["workflow.Transisi", "workflow.Snapshot"], context__renja=item.pk)
    events = list(AuditEvent.objects.filter(q | note_q).order_by("-waktu", "-id")[:limit])
    catatan = list(
        CatatanVerifikasi.objects.filter(renja=renja, jenis_item=jenis_item, item_id=item.pk)
        .prefetch_related("balasan")
        .order_by("selesai", "-dibuat", "-id")
    )
    return ItemHistory(
        renja=renja, jenis_item=jenis_item, item=item, peristiwa=[_peristiwa(e) for e in events], catatan=catatan
    )


# --- the per-Renja log ---------------------------------------------------------------------------------------


def renja_log_qs(
    renja: Renja, *, q: str = "", sumber: str = "", aksi: str = "", oleh: str = ""
) -> QuerySet[AuditEvent]:
    """Every audit event of a Renja (its data, notes, steps and snapshots), newest first, filtered."""
    qs = AuditEvent.objects.filter(Q(context__renja=renja.pk) | Q(model="plans.Renja", object_pk=str(renja.pk)))
    if q:
        qs = qs.filter(Q(object_repr__icontains=q) | Q(actor_label__icontains=q) | Q(model__icontains=q))
    if sumber:
        qs = qs.filter(source=sumber)
    if aksi:
        qs = qs.filter(action=aksi)
    if oleh:
        qs = qs.filter(actor_label__iexact=oleh)
    return qs.order_by("-waktu", "-id")


def renja_log_page(
    renja: Renja,
    page: str | int | None,
    *,
    per_page: int = 50,
    q: str = "",
    sumber: str = "",
    aksi: str = "",
    oleh: str = "",
) -> tuple[Page[Any], list[Peristiwa]]:
    """One page of the log (2 queries: count and page)."""
    paginator = Paginator(renja_log_qs(renja, q=q, sumber=sumber, aksi=aksi, oleh=oleh), per_page)
    p = paginator.get_page(page)
    return p, [_peristiwa(e) for e in p.object_list]


# --- the stage page ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersiRingkas:
    id: int
    tahapan: str
    tahapan_label: str
    versi: int
    label: str
    status: str
    status_label: str
    terkunci: bool
    utama: bool


@dataclass(frozen=True)
class HalamanTahapan:
    renja: Renja
    jadwal: JadwalTahapan | None
    jadwal_semua: list[JadwalTahapan]
    langkah: list[Keputusan]
    masalah_ubah: str | None  # why the current user may not edit the plan data now (None: they may)
    transisi: list[Transisi]
    snapshot: list[Snapshot]
    versi: list[VersiRingkas]
    catatan_terbuka: int
    alasan_kembali: str  # the reason of the latest return, shown to the agency


def versi_list(renja: Renja) -> list[VersiRingkas]:
    items = list(
        Renja.objects.filter(perangkat_daerah_id=renja.perangkat_daerah_id, tahun=renja.tahun).only(
            "id", "tahapan", "versi", "label", "status", "terkunci", "utama"
        )
    )
    items.sort(key=lambda r: (TAHAPAN_URUTAN.get(r.tahapan, 99), r.versi))
    return [
        VersiRingkas(
            id=r.pk,
            tahapan=r.tahapan,
            tahapan_label=r.get_tahapan_display(),
            versi=r.versi,
            label=r.label,
            status=r.status,
            status_label=r.get_status_display(),
            terkunci=r.terkunci,
            utama=r.utama,
        )
        for r in items
    ]


def halaman_tahapan(renja: Renja, user: User) -> HalamanTahapan:
    """The stage page: schedule, the steps with why each is blocked, history, snapshots, versions (≤ 8 queries
    after the user's roles are known)."""
    from renja.workflow.services import keadaan_renja, peran_untuk

    jadwal_semua = list(
        JadwalTahapan.objects.filter(pemda_id=renja.perangkat_daerah.pemda_id, tahun=renja.tahun).order_by("mulai")
    )
    jadwal = next((j for j in jadwal_semua if j.tahapan == renja.tahapan), None)
    keadaan = keadaan_renja(renja, jadwal)
    transisi = list(Transisi.objects.filter(renja=renja).order_by("-waktu", "-id")[:50])
    kembali = next((t.alasan for t in transisi if t.aksi in ("kembalikan", "buka")), "")
    return HalamanTahapan(
        renja=renja,
        jadwal=jadwal,
        jadwal_semua=jadwal_semua,
        langkah=langkah_terbuka(keadaan, peran_untuk(user, renja)),
        masalah_ubah=writable_problem(renja, user, jadwal=jadwal),
        transisi=transisi,
        snapshot=list(Snapshot.objects.filter(renja=renja).defer("data").order_by("-dibuat", "-id")),
        versi=versi_list(renja),
        catatan_terbuka=CatatanVerifikasi.objects.filter(renja=renja, selesai=False).count(),
        alasan_kembali=kembali if renja.status == StatusRenja.DIKEMBALIKAN else "",
    )


# --- versions and their difference ---------------------------------------------------------------------------


def versi_data(renja: Renja) -> list[BarisData]:
    """A Renja's rows as pure data for `calc.diff` (4 queries: rows, pagu, indicators, targets)."""
    years = [renja.tahun, renja.tahun + 1]
    rows = (
        PlanRow.objects.filter(renja=renja)
        .select_related("sumber_dana")
        .order_by("urutan", "id")
        .prefetch_related(
            Prefetch("pagu", queryset=Pagu.objects.filter(tahun__in=years), to_attr="pagu_list"),
            Prefetch(
                "indikator",
                queryset=Indikator.objects.order_by("urutan", "id").prefetch_related(
                    Prefetch(
                        "targets",
                        queryset=Target.objects.filter(
                            tahun__in=years, triwulan=0, akhir_periode=False, proyeksi=False
                        ),
                        to_attr="target_list",
                    )
                ),
                to_attr="indikator_list",
            ),
        )
    )
    out = []
    for r in rows:
        out.append(
            BarisData(
                id=r.pk,
                kode=r.kode or r.kode_asli,
                nama=r.nama,
                level=r.level,
                lokasi=r.lokasi,
                sumber_dana=r.sumber_dana.nama if r.sumber_dana else "",
                pagu={p.tahun: p.jumlah for p in r.pagu_list},
                indikator=tuple(
                    IndikatorData(
                        nama=i.nama,
                        satuan=i.satuan,
                        target={t.tahun: t.nilai for t in i.target_list},
                        target_teks={t.tahun: t.teks for t in i.target_list},
                    )
                    for i in r.indikator_list
                ),
            )
        )
    return out


def versi_diff(kiri: Renja, kanan: Renja) -> VersiDiff:
    """The difference between two versions (8 queries), over the years n and n+1 of the newer one."""
    return diff_versi(versi_data(kiri), versi_data(kanan), [kanan.tahun, kanan.tahun + 1])


# --- dashboards ----------------------------------------------------------------------------------------------

PREDIKAT_KELAS = {"ST": "pred-st", "T": "pred-t", "S": "pred-s", "R": "pred-r", "SR": "pred-sr"}


@dataclass(frozen=True)
class CapaianProgram:
    id: int
    kode: str
    nama: str
    capaian: Decimal | None
    predikat: str  # ST/T/S/R/SR or ""
    predikat_nama: str
    penjelasan: str


@dataclass(frozen=True)
class UsulanKecamatan:
    kecamatan: str
    jumlah: int
    pagu_usulan: Decimal | None
    pagu_rekomendasi: Decimal | None


@dataclass(frozen=True)
class DasborRenja:
    renja: Renja
    tahun: int
    grafik_pagu: grafik.Grafik
    grafik_capaian: grafik.Grafik
    capaian: list[CapaianProgram]
    grafik_usulan: grafik.Grafik
    usulan: list[UsulanKecamatan]
    plafon: list[PlafonCek]
    selisih_pagu: int
    catatan: dict[str, int]  # status → open notes
    catatan_terbuka: int
    counts_text: str


def _capaian_program(renja: Renja) -> list[CapaianProgram]:
    """Capaian of each program's outcome indicators for year n (annual realisasi / target, by the indicator's
    direction, `renja.calc.evaluasi`), averaged per program and rated — 4 queries."""
    from renja.calc.evaluasi import Arah, Masukan, RumusTurun, capaian, predikat, rata_rata

    n = renja.tahun
    programs = (
        PlanRow.objects.filter(renja=renja, level="program")
        .order_by("urutan", "id")
        .only("id", "kode", "kode_asli", "nama")
        .prefetch_related(
            Prefetch(
                "indikator",
                queryset=Indikator.objects.order_by("urutan", "id").prefetch_related(
                    Prefetch(
                        "targets",
                        queryset=Target.objects.filter(tahun=n, triwulan=0, akhir_periode=False, proyeksi=False),
                        to_attr="target_n",
                    ),
                    Prefetch(
                        "realisasi",
                        queryset=Realisasi.objects.filter(tahun=n, triwulan=0, kumulatif=False),
                        to_attr="realisasi_n",
                    ),
                ),
                to_attr="indikator_list",
            )
        )
    )
    rumus = RumusTurun(renja.perangkat_daerah.pemda.rumus_turun)
    out = []
    for program in programs:
        items: list[tuple[str, Decimal | None]] = []
        for ind in program.indikator_list:
            target = ind.target_n[0].nilai if ind.target_n else None
            real = ind.realisasi_n[0].nilai if ind.realisasi_n else None
            if target is None and real is None:
                continue
            hasil = capaian(
                realisasi=Masukan("R", "realisasi", real),
                target=Masukan("T", "target", target),
                arah=Arah(ind.arah),
                rumus_turun=rumus,
                kolom="",
            )
            items.append((ind.nama[:60], hasil.nilai))
        if items:
            rata = rata_rata(items, kolom="", nama="capaian indikator program")
            nilai, penjelasan = rata.nilai, rata.penjelasan
        else:
            nilai, penjelasan = None, "Belum ada target dan realisasi tahunan indikator program ini."
        pred = predikat(nilai)
        out.append(
            CapaianProgram(
                id=program.pk,
                kode=program.kode or program.kode_asli,
                nama=program.nama,
                capaian=nilai,
                predikat=pred.kode if pred else "",
                predikat_nama=pred.nama if pred else "",
                penjelasan=penjelasan,
            )
        )
    return out


def _usulan_kecamatan(renja: Renja) -> list[UsulanKecamatan]:
    from renja.usulan.models import Usulan

    rows = (
        Usulan.objects.filter(perangkat_daerah_id=renja.perangkat_daerah_id, tahun=renja.tahun)
        .values("kecamatan_teks")
        .annotate(n=Count("id"), usulan=Sum("pagu_usulan"), sum_rekomendasi=Sum("pagu_rekomendasi"))
        .order_by("kecamatan_teks")
    )
    return [
        UsulanKecamatan(
            kecamatan=(r["kecamatan_teks"] or "").strip() or "(tanpa kecamatan)",
            jumlah=r["n"],
            pagu_usulan=r["usulan"],
            pagu_rekomendasi=r["sum_rekomendasi"],
        )
        for r in rows
    ]


def _plafon_checks(renja: Renja, level_totals: dict[int, dict[str, Decimal]]) -> list[PlafonCek]:
    years = sorted(level_totals)
    plafon = {
        p.tahun: p.jumlah
        for p in PlafonPagu.objects.filter(perangkat_daerah_id=renja.perangkat_daerah_id, tahun__in=years)
    }
    mode = (
        PengaturanPemda.objects.filter(pemda_id=renja.perangkat_daerah.pemda_id)
        .values_list("mode_plafon", flat=True)
        .first()
    )
    return [
        cek_plafon(plafon=plafon.get(y), level_totals=level_totals[y], tahun=y, blokir=mode == ModePlafon.BLOKIR)
        for y in years
    ]


def dasbor_renja(renja: Renja) -> DasborRenja:
    """The Renja's dashboard: pagu by program for n and n+1, capaian by program with predikat, proposals by
    kecamatan, the ceiling, pagu mismatches and open notes — in a fixed number of queries (≤ 12)."""
    from renja.plans.selectors import renja_overview

    overview = renja_overview(renja)
    n, n1 = overview.tahun, overview.tahun_berikut
    grafik_pagu = grafik.grafik_batang(
        "Pagu per program",
        [f"Pagu {n}", f"Prakiraan maju {n1}"],
        [
            grafik.Masukan(
                label=f"{p.kode} {p.nama}".strip(),
                nilai=(p.check_n.stated, p.check_n1.stated),
                keterangan=f"{p.check_n.explanation} | {p.check_n1.explanation}",
            )
            for p in overview.programs
        ],
        satuan="Rp",
    )
    capaian = _capaian_program(renja)
    grafik_capaian = grafik.grafik_batang(
        f"Capaian kinerja program {n}",
        ["Capaian"],
        [
            grafik.Masukan(
                label=f"{c.kode} {c.nama}".strip(),
                nilai=(c.capaian,),
                kelas=(PREDIKAT_KELAS.get(c.predikat, ""),),
                keterangan=c.penjelasan,
            )
            for c in capaian
        ],
        satuan="%",
        skala=Decimal(100),
    )
    usulan = _usulan_kecamatan(renja)
    grafik_usulan = grafik.grafik_batang(
        "Usulan per kecamatan",
        ["Banyak usulan"],
        [grafik.Masukan(label=u.kecamatan, nilai=(Decimal(u.jumlah),)) for u in usulan],
        satuan="usulan",
    )
    level_totals = {
        year: {
            lt.level: lt.total_n.value if year == n else lt.total_n1.value
            for lt in overview.level_totals
            if (lt.total_n if year == n else lt.total_n1).known
        }
        for year in (n, n1)
    }
    catatan = dict(
        CatatanVerifikasi.objects.filter(renja=renja, selesai=False)
        .values_list("status")
        .annotate(c=Count("id"))
        .order_by()
    )
    return DasborRenja(
        renja=renja,
        tahun=n,
        grafik_pagu=grafik_pagu,
        grafik_capaian=grafik_capaian,
        capaian=capaian,
        grafik_usulan=grafik_usulan,
        usulan=usulan,
        plafon=_plafon_checks(renja, level_totals),
        selisih_pagu=overview.mismatches,
        catatan={s.label: catatan.get(s.value, 0) for s in StatusCatatan},
        catatan_terbuka=sum(catatan.values()),
        counts_text=overview.counts_text,
    )


@dataclass(frozen=True)
class BarisPemda:
    perangkat_daerah: PerangkatDaerah
    renja: Renja | None
    total: Decimal | None
    plafon: PlafonCek | None
    catatan_terbuka: int
    selisih_pagu: int


@dataclass(frozen=True)
class DasborPemda:
    pemda: Pemda
    tahun: int
    tahun_pilihan: list[int]
    baris: list[BarisPemda]
    grafik_plafon: grafik.Grafik
    status_hitung: dict[str, int]
    catatan_terbuka: int
    melebihi_plafon: int
    jadwal: list[JadwalTahapan] = field(default_factory=list)


def dasbor_pemda(pemda: Pemda, tahun: int | None = None) -> DasborPemda:
    """Bappeda's dashboard of a pemda for a year: every agency's main Renja with its stage and status, its pagu
    against the ceiling, open notes and pagu mismatches — in a fixed number of queries (≤ 9)."""
    from renja.calc.rollup import RollupRow, compute_rollup

    years = sorted(
        set(Renja.objects.filter(perangkat_daerah__pemda=pemda).values_list("tahun", flat=True)), reverse=True
    )
    if tahun is None:
        tahun = years[0] if years else timezone.localdate().year + 1
    pds = list(PerangkatDaerah.objects.filter(pemda=pemda).order_by("kode"))
    renjas = list(Renja.objects.filter(perangkat_daerah__pemda=pemda, tahun=tahun).order_by("-utama", "-id"))
    main: dict[int, Renja] = {}
    for r in renjas:
        main.setdefault(r.perangkat_daerah_id, r)
    main_ids = [r.pk for r in main.values()]
    rows = list(
        PlanRow.objects.filter(renja_id__in=main_ids)
        .only("id", "renja_id", "parent_id", "level", "kode", "kode_asli", "nama")
        .prefetch_related(Prefetch("pagu", queryset=Pagu.objects.filter(tahun=tahun), to_attr="pagu_list"))
    )
    by_renja: dict[int, list[PlanRow]] = {}
    for row in rows:
        assert row.renja_id is not None
        by_renja.setdefault(row.renja_id, []).append(row)
    plafon = {
        p.perangkat_daerah_id: p.jumlah for p in PlafonPagu.objects.filter(perangkat_daerah__pemda=pemda, tahun=tahun)
    }
    mode = PengaturanPemda.objects.filter(pemda=pemda).values_list("mode_plafon", flat=True).first()
    notes = dict(
        CatatanVerifikasi.objects.filter(renja_id__in=main_ids, selesai=False)
        .values_list("renja_id")
        .annotate(c=Count("id"))
        .order_by()
    )
    jadwal = list(JadwalTahapan.objects.filter(pemda=pemda, tahun=tahun).order_by("mulai"))
    out = []
    for pd in pds:
        renja = main.get(pd.pk)
        if renja is None:
            out.append(
                BarisPemda(
                    pd,
                    None,
                    None,
                    None if pd.pk not in plafon else cek_plafon(plafon=plafon[pd.pk], level_totals={}, tahun=tahun),
                    0,
                    0,
                )
            )
            continue
        plan_rows = by_renja.get(renja.pk, [])
        rollup = compute_rollup(
            [
                RollupRow(
                    id=r.pk,
                    parent_id=r.parent_id,
                    level=r.level,
                    pagu={p.tahun: p.jumlah for p in getattr(r, "pagu_list", [])},
                    label=r.kode or r.kode_asli,
                )
                for r in plan_rows
            ],
            [tahun],
        )
        totals = {level: by_year[tahun].value for level, by_year in rollup.level_totals.items() if by_year[tahun].known}
        cek = cek_plafon(plafon=plafon.get(pd.pk), level_totals=totals, tahun=tahun, blokir=mode == ModePlafon.BLOKIR)
        total = rollup.plan_totals[tahun]
        out.append(
            BarisPemda(
                perangkat_daerah=pd,
                renja=renja,
                total=total.value if total.known else None,
                plafon=cek,
                catatan_terbuka=notes.get(renja.pk, 0),
                selisih_pagu=len(rollup.mismatches),
            )
        )
    grafik_plafon = grafik.grafik_batang(
        f"Pagu {tahun} terhadap plafon",
        ["Pagu"],
        [
            grafik.Masukan(
                label=b.perangkat_daerah.singkatan or b.perangkat_daerah.nama,
                nilai=(b.plafon.total if b.plafon and b.renja else None,),
                kelas=("over" if b.plafon and b.plafon.melebihi else "",),
                penanda=b.plafon.plafon if b.plafon else None,
                keterangan=b.plafon.penjelasan if b.plafon else "",
            )
            for b in out
        ],
        satuan="Rp",
    )
    status_hitung = Counter("terkunci" if b.renja.terkunci else b.renja.status for b in out if b.renja is not None)
    return DasborPemda(
        pemda=pemda,
        tahun=tahun,
        tahun_pilihan=years,
        baris=out,
        grafik_plafon=grafik_plafon,
        status_hitung=dict(status_hitung),
        catatan_terbuka=sum(b.catatan_terbuka for b in out),
        melebihi_plafon=sum(1 for b in out if b.plafon and b.plafon.melebihi),
        jadwal=jadwal,
    )


def pemda_for_user(user: User) -> list[Pemda]:
    """The pemda whose pages (dashboard, schedule, ceilings) the user may open (1 query)."""
    from renja.core.permissions import PEMDA_ROLES, user_roles

    if getattr(user, "is_superuser", False) and user.is_active:
        return list(Pemda.objects.order_by("kode"))
    ids = {pemda for peran, pemda, _ in user_roles(user) if peran in PEMDA_ROLES}
    return list(Pemda.objects.filter(pk__in=ids).order_by("kode"))


def plafon_list(pemda: Pemda, tahun: int) -> list[tuple[PerangkatDaerah, PlafonPagu | None]]:
    pds = list(PerangkatDaerah.objects.filter(pemda=pemda).order_by("kode"))
    plafon = {p.perangkat_daerah_id: p for p in PlafonPagu.objects.filter(perangkat_daerah__pemda=pemda, tahun=tahun)}
    return [(pd, plafon.get(pd.pk)) for pd in pds]
