"""Editing a Renja in the browser with htmx: one cell at a time, no full page reload.

A GET on a cell returns its form (or, when the person may not edit now, the reason in its place); a POST saves
through the services and returns the cell with the sums and checks that changed (out-of-band swaps). While a
pagu is typed, `pratinjau` recomputes the sums with the typed value without saving. A save over a newer
revision returns the form with both values side by side (HTTP 409); nothing is overwritten silently.

Views only parse, call a service or a selector, and render; every rule lives in the services.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from renja.core.errors import PermissionDenied, RenjaError
from renja.core.permissions import can_edit_renja
from renja.core.types import Source
from renja.master.models import Level, Nomenklatur, NomenklaturVersi
from renja.plans import services
from renja.plans.forms import BarisForm, IndikatorForm, PaguForm, TargetForm
from renja.plans.models import Indikator, Pagu, PlanRow, Renja, Target
from renja.plans.selectors import RenjaTree, TreeRow, renja_get_for_user, renja_tree, sumber_dana_map
from renja.plans.services import EditConflict, PaguMelebihiPlafon, jadwal_for, writable_problem

NOMENKLATUR_MAKS = 20


def _renja(request: HttpRequest, pk: int) -> Renja:
    return renja_get_for_user(request.user, pk)


def _year(renja: Renja, tahun: int) -> int:
    if tahun not in (renja.tahun, renja.tahun + 1):
        raise Http404(f"Tahun {tahun} bukan tahun n atau n+1 Renja ini.")
    return tahun


def _which(renja: Renja, tahun: int) -> str:
    return "n" if tahun == renja.tahun else "n1"


def _row_node(tree: RenjaTree, row_id: int) -> TreeRow:
    node = next((r for r in tree.rows if r.id == row_id), None)
    if node is None:
        raise Http404("Baris tidak ditemukan di Renja ini.")
    return node


def _ancestors(tree: RenjaTree, node: TreeRow) -> list[TreeRow]:
    by_id = {r.id: r for r in tree.rows}
    out, seen, cur = [], {node.id}, node
    while cur.parent_id is not None and cur.parent_id in by_id and cur.parent_id not in seen:
        cur = by_id[cur.parent_id]
        seen.add(cur.id)
        out.append(cur)
    return out


def _refusal(request: HttpRequest, template: str, context: dict[str, Any], message: str) -> HttpResponse:
    """The cell with the reason instead of a form: 403 outside the role, 409 when the stage holds it."""
    status = 409 if context.get("bisa_ubah") else 403
    return render(request, template, {**context, "pesan_tolak": message}, status=status)


def _base(renja: Renja, request: HttpRequest) -> dict[str, Any]:
    return {"renja": renja, "bisa_ubah": can_edit_renja(request.user, renja)}


# --- pagu -------------------------------------------------------------------------------------------------


def _pagu_context(renja: Renja, request: HttpRequest, tree: RenjaTree, row_id: int, tahun: int) -> dict[str, Any]:
    node = _row_node(tree, row_id)
    which = _which(renja, tahun)
    return {
        **_base(renja, request),
        "t": tree,
        "r": node,
        "tahun": tahun,
        "pagu": node.pagu_n if which == "n" else node.pagu_n1,
        "check": node.check_n if which == "n" else node.check_n1,
        "ancestors": [
            {
                "r": a,
                "pagu": a.pagu_n if which == "n" else a.pagu_n1,
                "check": a.check_n if which == "n" else a.check_n1,
            }
            for a in _ancestors(tree, node)
        ],
    }


@require_http_methods(["GET", "POST"])
@login_required
def pagu_cell(request: HttpRequest, pk: int, row_id: int, tahun: int) -> HttpResponse:
    renja = _renja(request, pk)
    tahun = _year(renja, tahun)
    row = get_object_or_404(PlanRow, pk=row_id, renja=renja)
    if request.method == "GET":
        ctx = _pagu_context(renja, request, renja_tree(renja), row.pk, tahun)
        if request.GET.get("batal"):
            return render(request, "plans/tree/_pagu_saved.html", ctx)
        problem = writable_problem(renja, request.user, jadwal=jadwal_for(renja))
        if problem:
            return _refusal(request, "plans/tree/_pagu_td.html", ctx, problem)
        pagu = ctx["pagu"]
        form = PaguForm(
            initial={
                "jumlah": PaguForm.teks(pagu.jumlah)
                if pagu and pagu.jumlah is not None
                else (pagu.teks if pagu else ""),
                "revisi": pagu.revisi if pagu else 0,
            }
        )
        return render(request, "plans/tree/_pagu_form.html", {**ctx, "form": form})
    form = PaguForm(request.POST)
    status = 200
    error = ""
    conflict: EditConflict | None = None
    if form.is_valid():
        existing = Pagu.objects.filter(row=row, tahun=tahun).first()
        try:
            services.pagu_set(
                row=row,
                tahun=tahun,
                jumlah=form.cleaned_data["jumlah"],
                teks=form.data.get("jumlah", "").strip(),
                sumber_dana=existing.sumber_dana if existing else None,
                lokasi=existing.lokasi if existing else "",
                revisi=form.cleaned_data["revisi"],
                actor=request.user,
                source=Source.WEB,
            )
        except EditConflict as exc:
            conflict, status = exc, 409
        except PaguMelebihiPlafon as exc:
            error, status = exc.message, 422
        except RenjaError as exc:
            error, status = exc.message, 403 if isinstance(exc, PermissionDenied) else 409
        else:
            ctx = _pagu_context(renja, request, renja_tree(renja), row.pk, tahun)
            return render(request, "plans/tree/_pagu_saved.html", {**ctx, "tersimpan": True})
    else:
        status = 422
    ctx = _pagu_context(renja, request, renja_tree(renja), row.pk, tahun)
    if conflict is not None:
        form = PaguForm(initial={"jumlah": form.data.get("jumlah", ""), "revisi": conflict.revisi})
        ctx["konflik"] = {
            "pesan": conflict.message,
            "tersimpan": PaguForm.teks(conflict.tersimpan.get("jumlah")) or "(kosong)",
            "milik_anda": form.initial["jumlah"] or "(kosong)",
        }
    return render(request, "plans/tree/_pagu_form.html", {**ctx, "form": form, "galat": error}, status=status)


@require_POST
@login_required
def pagu_preview(request: HttpRequest, pk: int, row_id: int, tahun: int) -> HttpResponse:
    """The sums and checks with the pagu being typed (nothing saved). An unreadable value shows its message."""
    renja = _renja(request, pk)
    tahun = _year(renja, tahun)
    get_object_or_404(PlanRow, pk=row_id, renja=renja)
    form = PaguForm(request.POST)
    ganti: dict[tuple[int, int], Decimal | None] = {}
    galat = ""
    if form.is_valid():
        ganti[(row_id, tahun)] = form.cleaned_data["jumlah"]
    else:
        galat = "; ".join(str(e) for e in form.errors.get("jumlah", []))
    tree = renja_tree(renja, ganti=ganti)
    ctx = _pagu_context(renja, request, tree, row_id, tahun)
    return render(request, "plans/tree/_preview.html", {**ctx, "galat": galat, "pratinjau": not galat})


# --- targets ----------------------------------------------------------------------------------------------


def _target_context(renja: Renja, request: HttpRequest, indikator: Indikator, tahun: int) -> dict[str, Any]:
    target = Target.objects.filter(
        indikator=indikator, tahun=tahun, triwulan=0, akhir_periode=False, proyeksi=False
    ).first()
    return {**_base(renja, request), "ind": indikator, "target": target, "tahun": tahun}


def _indikator_of(renja: Renja, ind_id: int) -> Indikator:
    return get_object_or_404(Indikator.objects.filter(Q(row__renja=renja) | Q(tujuan_sasaran__renja=renja)), pk=ind_id)


@require_http_methods(["GET", "POST"])
@login_required
def target_cell(request: HttpRequest, pk: int, ind_id: int, tahun: int) -> HttpResponse:
    renja = _renja(request, pk)
    tahun = _year(renja, tahun)
    indikator = _indikator_of(renja, ind_id)
    ctx = _target_context(renja, request, indikator, tahun)
    if request.method == "GET":
        if request.GET.get("batal"):
            return render(request, "plans/tree/_target_td.html", ctx)
        problem = writable_problem(renja, request.user, jadwal=jadwal_for(renja))
        if problem:
            return _refusal(request, "plans/tree/_target_td.html", ctx, problem)
        target = ctx["target"]
        initial_text = ""
        if target is not None:
            initial_text = TargetForm.teks(target.nilai) if target.nilai is not None else target.teks
        form = TargetForm(initial={"nilai": initial_text, "revisi": target.revisi if target else 0})
        return render(request, "plans/tree/_target_form.html", {**ctx, "form": form})
    form = TargetForm(request.POST)
    status, error = 422, ""
    conflict: EditConflict | None = None
    if form.is_valid():
        target = ctx["target"]
        try:
            services.target_set(
                indikator=indikator,
                tahun=tahun,
                nilai=form.cleaned_data["nilai"],
                teks=form.data.get("nilai", "").strip(),
                satuan=target.satuan if target else "",
                revisi=form.cleaned_data["revisi"],
                actor=request.user,
                source=Source.WEB,
            )
        except EditConflict as exc:
            conflict, status = exc, 409
        except RenjaError as exc:
            error, status = exc.message, 403 if isinstance(exc, PermissionDenied) else 409
        else:
            ctx = _target_context(renja, request, indikator, tahun)
            return render(request, "plans/tree/_target_td.html", {**ctx, "tersimpan": True})
    if conflict is not None:
        ctx = _target_context(renja, request, indikator, tahun)
        form = TargetForm(initial={"nilai": form.data.get("nilai", ""), "revisi": conflict.revisi})
        ctx["konflik"] = {
            "pesan": conflict.message,
            "tersimpan": TargetForm.teks(conflict.tersimpan.get("nilai"))
            or conflict.tersimpan.get("teks")
            or "(kosong)",
            "milik_anda": form.initial["nilai"] or "(kosong)",
        }
    return render(request, "plans/tree/_target_form.html", {**ctx, "form": form, "galat": error}, status=status)


# --- a row's own fields, an indicator's name and satuan ----------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def baris_cell(request: HttpRequest, pk: int, row_id: int) -> HttpResponse:
    """A row's uraian, lokasi and sumber dana."""
    renja = _renja(request, pk)
    row = get_object_or_404(PlanRow, pk=row_id, renja=renja)

    def context() -> dict[str, Any]:
        tree = renja_tree(renja)
        node = _row_node(tree, row.pk)
        return {**_base(renja, request), "r": node, "sumber_dana_map": sumber_dana_map(), "catatan_item": {}}

    if request.method == "GET":
        ctx = context()
        if request.GET.get("batal"):
            return render(request, "plans/tree/_uraian_th.html", ctx)
        problem = writable_problem(renja, request.user, jadwal=jadwal_for(renja))
        if problem:
            return _refusal(request, "plans/tree/_uraian_th.html", ctx, problem)
        form = BarisForm(
            initial={"nama": row.nama, "lokasi": row.lokasi, "sumber_dana": row.sumber_dana_id, "revisi": row.revisi}
        )
        return render(request, "plans/tree/_uraian_form.html", {**ctx, "form": form})
    form = BarisForm(request.POST)
    status, error = 422, ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_row_update(
                row=row,
                changes={
                    "nama": data["nama"].strip(),
                    "lokasi": data["lokasi"].strip(),
                    "sumber_dana": data["sumber_dana"],
                },
                revisi=data["revisi"],
                actor=request.user,
                source=Source.WEB,
            )
        except EditConflict as exc:
            status = 409
            form = BarisForm(initial={**dict(form.data.items()), "revisi": exc.revisi})
            error = (
                exc.message
                + f" Tersimpan: uraian '{exc.tersimpan.get('nama')}', lokasi '{exc.tersimpan.get('lokasi') or '—'}'."
            )
        except RenjaError as exc:
            error, status = exc.message, 403 if isinstance(exc, PermissionDenied) else 409
        else:
            row.refresh_from_db()
            return render(
                request, "plans/tree/_uraian_th.html", {**context(), "sumber_dana": row.sumber_dana, "tersimpan": True}
            )
    return render(request, "plans/tree/_uraian_form.html", {**context(), "form": form, "galat": error}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def indikator_cell(request: HttpRequest, pk: int, ind_id: int) -> HttpResponse:
    """An indicator's name and satuan."""
    renja = _renja(request, pk)
    indikator = _indikator_of(renja, ind_id)
    ctx = {**_base(renja, request), "ind": indikator}
    if request.method == "GET":
        if request.GET.get("batal"):
            return render(request, "plans/tree/_indikator_td.html", ctx)
        problem = writable_problem(renja, request.user, jadwal=jadwal_for(renja))
        if problem:
            return _refusal(request, "plans/tree/_indikator_td.html", ctx, problem)
        form = IndikatorForm(initial={"nama": indikator.nama, "satuan": indikator.satuan, "revisi": indikator.revisi})
        return render(request, "plans/tree/_indikator_form.html", {**ctx, "form": form})
    form = IndikatorForm(request.POST)
    status, error = 422, ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            indikator = services.indikator_update(
                indikator=indikator,
                changes={"nama": data["nama"].strip(), "satuan": data["satuan"].strip()},
                revisi=data["revisi"],
                actor=request.user,
                source=Source.WEB,
            )
        except EditConflict as exc:
            status = 409
            form = IndikatorForm(initial={**dict(form.data.items()), "revisi": exc.revisi})
            error = exc.message + f" Tersimpan: '{exc.tersimpan.get('nama')}' ({exc.tersimpan.get('satuan') or '—'})."
        except RenjaError as exc:
            error, status = exc.message, 403 if isinstance(exc, PermissionDenied) else 409
        else:
            return render(request, "plans/tree/_indikator_td.html", {**ctx, "ind": indikator, "tersimpan": True})
    return render(request, "plans/tree/_indikator_form.html", {**ctx, "form": form, "galat": error}, status=status)


# --- adding and removing rows ------------------------------------------------------------------------------


def _tree_table(
    request: HttpRequest, renja: Renja, *, pesan: str = "", galat: str = "", status: int = 200
) -> HttpResponse:
    from renja.plans.views import tree_context

    ctx = tree_context(request, renja)
    return render(request, "plans/tree/_table.html", {**ctx, "pesan": pesan, "galat": galat}, status=status)


def _versi_nomenklatur(renja: Renja) -> NomenklaturVersi | None:
    if renja.nomenklatur_versi_id is not None:
        return renja.nomenklatur_versi
    from renja.master.nomenklatur import BUILTIN_VERSI_KODE

    return NomenklaturVersi.objects.filter(kode=BUILTIN_VERSI_KODE).first() or NomenklaturVersi.objects.first()


@require_safe
@login_required
def nomenklatur_cari(request: HttpRequest, pk: int) -> HttpResponse:
    """Search the nomenclature by code or name (program, kegiatan, sub kegiatan), with the official indicator."""
    renja = _renja(request, pk)
    q = request.GET.get("q", "").strip()
    versi = _versi_nomenklatur(renja)
    items: list[Nomenklatur] = []
    if q and versi is not None:
        levels = [Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN]
        qs = Nomenklatur.objects.filter(versi=versi, level__in=levels)
        jenis = renja.perangkat_daerah.pemda.jenis
        qs = qs.filter(Q(jenis_pemda=jenis) | Q(jenis_pemda=""))
        words = q.split()
        if any(ch.isdigit() for ch in q) or q.upper().startswith("X."):
            qs = qs.filter(Q(kode__startswith=q) | Q(kode_asli__startswith=q))
        else:
            for word in words:
                qs = qs.filter(nama__icontains=word)
        items = list(qs.order_by("kode")[:NOMENKLATUR_MAKS])
    return render(
        request,
        "plans/tree/_nomenklatur_hasil.html",
        {"renja": renja, "items": items, "q": q, "versi": versi, "maks": NOMENKLATUR_MAKS},
    )


@require_POST
@login_required
def baris_tambah(request: HttpRequest, pk: int) -> HttpResponse:
    renja = _renja(request, pk)
    try:
        item = Nomenklatur.objects.get(pk=int(request.POST.get("nomenklatur", "0")))
    except (Nomenklatur.DoesNotExist, ValueError):
        return _tree_table(request, renja, galat="Pilih satu item nomenklatur dari hasil pencarian.", status=422)
    try:
        row = services.plan_row_add_from_nomenklatur(
            renja=renja, nomenklatur=item, actor=request.user, source=Source.WEB
        )
    except RenjaError as exc:
        return _tree_table(request, renja, galat=exc.message, status=403 if isinstance(exc, PermissionDenied) else 409)
    return _tree_table(request, renja, pesan=f"Ditambahkan: {row.kode} {row.nama}.")


@require_POST
@login_required
def baris_hapus(request: HttpRequest, pk: int, row_id: int) -> HttpResponse:
    renja = _renja(request, pk)
    row = get_object_or_404(PlanRow, pk=row_id, renja=renja)
    label = f"{row.kode} {row.nama}".strip()
    try:
        services.plan_row_delete(row=row, actor=request.user, source=Source.WEB)
    except RenjaError as exc:
        return _tree_table(request, renja, galat=exc.message, status=403 if isinstance(exc, PermissionDenied) else 409)
    return _tree_table(request, renja, pesan=f"Dihapus: {label} (beserta rinciannya). Riwayatnya tetap tercatat.")


@require_POST
@login_required
def indikator_tambah(request: HttpRequest, pk: int, row_id: int) -> HttpResponse:
    """Add an indicator (name and satuan) to a row; arah and agregasi are inferred and can be set later."""
    renja = _renja(request, pk)
    row = get_object_or_404(PlanRow, pk=row_id, renja=renja)
    nama = " ".join(request.POST.get("nama", "").split())
    if not nama:
        return _tree_table(request, renja, galat="Tulis nama indikator yang akan ditambahkan.", status=422)
    try:
        services.indikator_create(
            row=row,
            jenis="outcome" if row.level == Level.PROGRAM else "output",
            nama=nama,
            satuan=request.POST.get("satuan", "").strip(),
            urutan=row.indikator.count() + 1,
            actor=request.user,
            source=Source.WEB,
        )
    except RenjaError as exc:
        return _tree_table(request, renja, galat=exc.message, status=403 if isinstance(exc, PermissionDenied) else 409)
    return _tree_table(request, renja, pesan=f"Indikator ditambahkan pada {row.kode or row.nama}: {nama}.")


@require_POST
@login_required
def indikator_hapus(request: HttpRequest, pk: int, ind_id: int) -> HttpResponse:
    renja = _renja(request, pk)
    indikator = _indikator_of(renja, ind_id)
    nama = indikator.nama
    try:
        services.indikator_delete(indikator=indikator, actor=request.user, source=Source.WEB)
    except RenjaError as exc:
        return _tree_table(request, renja, galat=exc.message, status=403 if isinstance(exc, PermissionDenied) else 409)
    return _tree_table(
        request, renja, pesan=f"Indikator dihapus: {nama} (beserta targetnya). Riwayatnya tetap tercatat."
    )
