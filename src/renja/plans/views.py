"""Pages of a Renja. Views only call selectors (and, in `edit_views`, services); every view requires login and
checks scope. The plan tree is also the editing page: for the agency's perencana every value is a cell that
opens its form (htmx), and when the stage does not accept changes the page says why."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from renja.core.permissions import can_edit_renja, user_scope
from renja.plans.models import Renja
from renja.plans.selectors import (
    renja_get_for_user,
    renja_list_for_user,
    renja_overview,
    renja_summaries,
    renja_tree,
    sumber_dana_map,
)
from renja.plans.services import jadwal_for, plafon_check, writable_problem

PER_HALAMAN = 50


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The Renja the user may see, with their totals for n and n+1."""
    page = Paginator(renja_list_for_user(request.user), PER_HALAMAN).get_page(request.GET.get("halaman"))
    context = {
        "page": page,
        "summaries": renja_summaries(page.object_list),
        "tanpa_peran": user_scope(request.user).kosong,
    }
    return render(request, "plans/home.html", context)


@require_safe
@login_required
def renja_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Overview: agency, year, stage, version, counts per level and pagu per program for n and n+1."""
    renja = renja_get_for_user(request.user, pk)
    return render(request, "plans/renja_detail.html", {"renja": renja, "overview": renja_overview(renja)})


@require_safe
@login_required
def renja_tree_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Program > kegiatan > sub kegiatan with indicators, targets and pagu for n and n+1."""
    renja = renja_get_for_user(request.user, pk)
    return render(request, "plans/renja_tree.html", tree_context(request, renja))


def tree_context(request: HttpRequest, renja: Renja) -> dict[str, Any]:
    """The tree with what the editing page needs: may this user edit the agency's plan at all (`bisa_ubah`),
    and if so why not now (`masalah_ubah`), open notes per row, funding source names, the ceiling check —
    a fixed number of queries (tree 4, jadwal 1, notes 1, sumber dana 1, ceiling 2 per year)."""
    from renja.workflow.models import CatatanVerifikasi

    tree = renja_tree(renja)
    bisa_ubah = can_edit_renja(request.user, renja)
    masalah = writable_problem(renja, request.user, jadwal=jadwal_for(renja)) if bisa_ubah else None
    notes = dict(
        CatatanVerifikasi.objects.filter(renja=renja, jenis_item="baris", selesai=False)
        .values_list("item_id")
        .annotate(c=Count("id"))
        .order_by()
    )
    totals = {lt.level: lt.total_n.value for lt in tree.level_totals if lt.total_n.known}
    return {
        "renja": renja,
        "tree": tree,
        "t": tree,
        "bisa_ubah": bisa_ubah,  # the cells open (a form, or the reason why not now)
        "peran_ubah": bisa_ubah,
        "masalah_ubah": masalah,
        "catatan_item": notes,
        "sumber_dana_map": sumber_dana_map(),
        "plafon": [plafon_check(renja, renja.tahun, totals)],
    }
