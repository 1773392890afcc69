"""Editing the rest of a Renja in the browser (htmx): the narrative chapters, tujuan/sasaran with their
indicator targets (Tabel 3.1), and the Renstra's targets the evaluation reads (Tabel 2.1: end-of-period target,
targets of n-2 and n-1). Same pattern as `edit_views`: GET a form (or the reason why not), POST through the
services, a conflict shows both values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_safe

from renja.core.errors import PermissionDenied, RenjaError
from renja.core.permissions import can_edit_renja, can_edit_renstra, user_scope
from renja.core.types import Source
from renja.plans import services
from renja.plans.forms import NarasiForm, TargetForm, TujuanSasaranForm
from renja.plans.models import Indikator, Narasi, PlanRow, Renja, Renstra, Target, TujuanSasaran
from renja.plans.selectors import renja_get_for_user
from renja.plans.services import EditConflict, jadwal_for, writable_problem

NARASI_STANDAR = [
    ("kata_pengantar", "Kata Pengantar"),
    ("bab1", "Bab I Pendahuluan"),
    ("bab2", "Bab II Hasil Evaluasi Renja Perangkat Daerah Tahun Lalu"),
    ("bab3", "Bab III Tujuan dan Sasaran Perangkat Daerah"),
    ("bab4", "Bab IV Rencana Kerja dan Pendanaan Perangkat Daerah"),
    ("bab5", "Bab V Penutup"),
]


def _status(exc: RenjaError) -> int:
    return 403 if isinstance(exc, PermissionDenied) else 409


# --- narrative chapters --------------------------------------------------------------------------------------


def _bab_list(renja: Renja) -> list[dict[str, Any]]:
    stored = {n.kode: n for n in Narasi.objects.filter(renja=renja).order_by("urutan", "id")}
    out = []
    for i, (kode, judul) in enumerate(NARASI_STANDAR):
        n = stored.pop(kode, None)
        out.append({"kode": kode, "judul": n.judul if n else judul, "narasi": n, "urutan": i})
    for n in stored.values():
        out.append({"kode": n.kode, "judul": n.judul, "narasi": n, "urutan": n.urutan})
    return out


@require_safe
@login_required
def narasi_page(request: HttpRequest, pk: int) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    bisa = can_edit_renja(request.user, renja)
    return render(
        request,
        "plans/narasi.html",
        {
            "renja": renja,
            "bab": _bab_list(renja),
            "bisa_ubah": bisa,
            "masalah_ubah": writable_problem(renja, request.user, jadwal=jadwal_for(renja)) if bisa else None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def narasi_bab(request: HttpRequest, pk: int, kode: str) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    bab = next((b for b in _bab_list(renja) if b["kode"] == kode), None)
    if bab is None:
        raise Http404("Bab tidak dikenal.")
    ctx: dict[str, Any] = {"renja": renja, "b": bab, "bisa_ubah": can_edit_renja(request.user, renja)}
    narasi: Narasi | None = bab["narasi"]
    if request.method == "GET":
        if request.GET.get("batal"):
            return render(request, "plans/narasi/_bab.html", ctx)
        problem = writable_problem(renja, request.user, jadwal=jadwal_for(renja))
        if problem:
            status = 409 if ctx["bisa_ubah"] else 403
            return render(request, "plans/narasi/_bab.html", {**ctx, "pesan_tolak": problem}, status=status)
        form = NarasiForm(initial={"teks": narasi.teks if narasi else "", "revisi": narasi.revisi if narasi else 0})
        return render(request, "plans/narasi/_bab_form.html", {**ctx, "form": form})
    form = NarasiForm(request.POST)
    status, galat, konflik = 422, "", None
    if form.is_valid():
        try:
            services.narasi_set(
                renja=renja,
                kode=kode,
                judul=bab["judul"],
                teks=form.cleaned_data["teks"],
                urutan=bab["urutan"],
                revisi=form.cleaned_data["revisi"],
                actor=request.user,
                source=Source.WEB,
            )
        except EditConflict as exc:
            status = 409
            konflik = {"pesan": exc.message, "tersimpan": exc.tersimpan.get("teks") or "(kosong)"}
            form = NarasiForm(initial={"teks": form.cleaned_data["teks"], "revisi": exc.revisi})
        except RenjaError as exc:
            galat, status = exc.message, _status(exc)
        else:
            bab = next(b for b in _bab_list(renja) if b["kode"] == kode)
            return render(request, "plans/narasi/_bab.html", {**ctx, "b": bab, "tersimpan": True})
    return render(
        request, "plans/narasi/_bab_form.html", {**ctx, "form": form, "galat": galat, "konflik": konflik}, status=status
    )


# --- tujuan and sasaran (Tabel 3.1) ------------------------------------------------------------------------


@require_safe
@login_required
def tujuan_sasaran_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Tujuan and sasaran with their indicators and the targets of year n (4 queries)."""
    renja = renja_get_for_user(request.user, pk)
    targets = Target.objects.filter(
        tahun__in=[renja.tahun, renja.tahun + 1], triwulan=0, akhir_periode=False, proyeksi=False
    )
    items = list(
        TujuanSasaran.objects.filter(renja=renja)
        .order_by("urutan", "id")
        .prefetch_related(
            Prefetch(
                "indikator",
                queryset=Indikator.objects.order_by("urutan", "id").prefetch_related(
                    Prefetch("targets", queryset=targets, to_attr="target_list")
                ),
                to_attr="indikator_list",
            )
        )
    )
    for ts in items:
        for ind in getattr(ts, "indikator_list", []):
            by_year = {t.tahun: t for t in ind.target_list}
            ind.target_n = by_year.get(renja.tahun)
    bisa = can_edit_renja(request.user, renja)
    return render(
        request,
        "plans/tujuan_sasaran.html",
        {
            "renja": renja,
            "items": items,
            "bisa_ubah": bisa,
            "masalah_ubah": writable_problem(renja, request.user, jadwal=jadwal_for(renja)) if bisa else None,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def tujuan_sasaran_cell(request: HttpRequest, pk: int, ts_id: int) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    ts = get_object_or_404(TujuanSasaran, pk=ts_id, renja=renja)
    ctx: dict[str, Any] = {"renja": renja, "ts": ts, "bisa_ubah": can_edit_renja(request.user, renja)}
    if request.method == "GET":
        if request.GET.get("batal"):
            return render(request, "plans/tujuan_sasaran/_uraian.html", ctx)
        problem = writable_problem(renja, request.user, jadwal=jadwal_for(renja))
        if problem:
            status = 409 if ctx["bisa_ubah"] else 403
            return render(request, "plans/tujuan_sasaran/_uraian.html", {**ctx, "pesan_tolak": problem}, status=status)
        form = TujuanSasaranForm(initial={"uraian": ts.uraian, "revisi": ts.revisi})
        return render(request, "plans/tujuan_sasaran/_uraian_form.html", {**ctx, "form": form})
    form = TujuanSasaranForm(request.POST)
    status, galat = 422, ""
    if form.is_valid():
        try:
            ts = services.tujuan_sasaran_update(
                tujuan_sasaran=ts,
                changes={"uraian": form.cleaned_data["uraian"].strip()},
                revisi=form.cleaned_data["revisi"],
                actor=request.user,
                source=Source.WEB,
            )
        except EditConflict as exc:
            status = 409
            galat = f"{exc.message} Tersimpan: '{exc.tersimpan.get('uraian')}'."
            form = TujuanSasaranForm(initial={"uraian": form.cleaned_data["uraian"], "revisi": exc.revisi})
        except RenjaError as exc:
            galat, status = exc.message, _status(exc)
        else:
            return render(request, "plans/tujuan_sasaran/_uraian.html", {**ctx, "ts": ts, "tersimpan": True})
    return render(
        request, "plans/tujuan_sasaran/_uraian_form.html", {**ctx, "form": form, "galat": galat}, status=status
    )


# --- the Renstra's targets (Tabel 2.1 inputs) ----------------------------------------------------------------


def _renstra_for(request: HttpRequest, renja: Renja) -> Renstra:
    if renja.renstra_id is None:
        raise Http404("Renja ini belum terhubung dengan Renstra.")
    renstra = Renstra.objects.select_related("perangkat_daerah").get(pk=renja.renstra_id)
    return renstra


def _renstra_kolom(renja: Renja) -> list[dict[str, Any]]:
    n = renja.tahun
    return [
        {"kunci": "akhir", "label": "Target akhir periode Renstra (kol. 4)", "tahun": 0, "akhir": True},
        {"kunci": f"t{n - 2}", "label": f"Target {n - 2} (kol. 6)", "tahun": n - 2, "akhir": False},
        {"kunci": f"t{n - 1}", "label": f"Target {n - 1} (kol. 9)", "tahun": n - 1, "akhir": False},
    ]


def _renstra_target(ind: Indikator, kolom: dict[str, Any], renstra: Renstra) -> Target | None:
    for t in getattr(ind, "target_list", None) or ind.targets.all():
        if kolom["akhir"] and t.akhir_periode and t.triwulan == 0 and not t.proyeksi:
            return t
        if (
            not kolom["akhir"]
            and not t.akhir_periode
            and t.tahun == kolom["tahun"]
            and t.triwulan == 0
            and not t.proyeksi
        ):
            return t
    return None


@require_safe
@login_required
def renstra_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The Renstra rows of the Renja's Renstra with their indicators and the targets T-C.29 reads (4 queries)."""
    renja = renja_get_for_user(request.user, pk)
    renstra = _renstra_for(request, renja) if renja.renstra_id else None
    rows: list[PlanRow] = []
    kolom = _renstra_kolom(renja)
    if renstra is not None:
        rows = list(
            PlanRow.objects.filter(renstra=renstra)
            .order_by("urutan", "id")
            .prefetch_related(
                Prefetch(
                    "indikator",
                    queryset=Indikator.objects.order_by("urutan", "id").prefetch_related(
                        Prefetch(
                            "targets", queryset=Target.objects.filter(triwulan=0, proyeksi=False), to_attr="target_list"
                        )
                    ),
                    to_attr="indikator_list",
                )
            )
        )
        for row in rows:
            for ind in getattr(row, "indikator_list", []):
                ind.sel = [{"kolom": k, "target": _renstra_target(ind, k, renstra)} for k in kolom]
    return render(
        request,
        "plans/renstra.html",
        {
            "renja": renja,
            "renstra": renstra,
            "rows": rows,
            "kolom": kolom,
            "bisa_ubah": renstra is not None and can_edit_renstra(request.user, renstra),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def renstra_target_cell(request: HttpRequest, pk: int, ind_id: int, kunci: str) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    renstra = _renstra_for(request, renja)
    if not user_scope(request.user).covers(
        pemda_id=renstra.perangkat_daerah.pemda_id, perangkat_daerah_id=renstra.perangkat_daerah_id
    ):
        raise Forbidden("Anda tidak berhak melihat Renstra ini.")
    ind = get_object_or_404(Indikator, pk=ind_id, row__renstra=renstra)
    kolom = next((k for k in _renstra_kolom(renja) if k["kunci"] == kunci), None)
    if kolom is None:
        raise Http404("Kolom tidak dikenal.")
    tahun = kolom["tahun"] or renstra.tahun_akhir

    def ctx(**extra: Any) -> dict[str, Any]:
        target = _renstra_target(ind, kolom, renstra)
        return {
            "renja": renja,
            "ind": ind,
            "k": kolom,
            "target": target,
            "bisa_ubah": can_edit_renstra(request.user, renstra),
            **extra,
        }

    if request.method == "GET":
        if request.GET.get("batal"):
            return render(request, "plans/renstra/_target_td.html", ctx())
        if not can_edit_renstra(request.user, renstra):
            return render(
                request,
                "plans/renstra/_target_td.html",
                ctx(pesan_tolak=f"Hanya perencana {renstra.perangkat_daerah} yang dapat mengubah Renstra-nya."),
                status=403,
            )
        target = _renstra_target(ind, kolom, renstra)
        form = TargetForm(
            initial={
                "nilai": (TargetForm.teks(target.nilai) if target.nilai is not None else target.teks) if target else "",
                "revisi": target.revisi if target else 0,
            }
        )
        return render(request, "plans/renstra/_target_form.html", ctx(form=form))
    form = TargetForm(request.POST)
    status, galat = 422, ""
    if form.is_valid():
        target = _renstra_target(ind, kolom, renstra)
        try:
            services.target_set(
                indikator=ind,
                tahun=tahun if not kolom["akhir"] else (target.tahun if target else tahun),
                akhir_periode=kolom["akhir"],
                nilai=form.cleaned_data["nilai"],
                teks=form.data.get("nilai", "").strip(),
                satuan=target.satuan if target else "",
                revisi=form.cleaned_data["revisi"],
                actor=request.user,
                source=Source.WEB,
            )
        except EditConflict as exc:
            status = 409
            stored: Decimal | None = exc.tersimpan.get("nilai")
            mine = form.data.get("nilai") or "(kosong)"
            galat = f"{exc.message} Tersimpan: {TargetForm.teks(stored) or '(kosong)'}; isian Anda: {mine}."
            form = TargetForm(initial={"nilai": form.data.get("nilai", ""), "revisi": exc.revisi})
        except RenjaError as exc:
            galat, status = exc.message, _status(exc)
        else:
            ind.refresh_from_db()
            return render(request, "plans/renstra/_target_td.html", ctx(tersimpan=True))
    return render(request, "plans/renstra/_target_form.html", ctx(form=form, galat=galat), status=status)
