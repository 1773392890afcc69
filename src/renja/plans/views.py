"""Read-only pages of a Renja. Views only call selectors; every view requires login and checks scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from renja.core.permissions import user_scope
from renja.plans.selectors import (
    renja_get_for_user,
    renja_list_for_user,
    renja_overview,
    renja_summaries,
    renja_tree,
)

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
    return render(request, "plans/renja_tree.html", {"renja": renja, "tree": renja_tree(renja)})
