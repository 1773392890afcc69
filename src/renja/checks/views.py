"""The findings page of a Renja: every finding with a link to its row, and the verifier's completeness checklist.

Read-only; requires login and the same scope as the plan pages (`renja_get_for_user`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from renja.checks.rules.temuan import KELAS, SEVERITIES
from renja.checks.selectors import check_renja
from renja.plans.selectors import renja_get_for_user


@require_safe
@login_required
def renja_temuan(request: HttpRequest, pk: int) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    hasil = check_renja(renja)
    tingkat = request.GET.get("tingkat", "")
    shown = [t for t in hasil.temuan if not tingkat or t.severity == tingkat]
    groups = []
    for kelas, judul in KELAS.items():
        items = [t for t in shown if t.kelas == kelas]
        if items:
            groups.append({"kelas": kelas, "judul": judul, "temuan": items})
    others = [t for t in shown if t.kelas not in KELAS]
    if others:
        groups.append({"kelas": "lain", "judul": "Lain-lain", "temuan": others})
    context = {
        "renja": renja,
        "hasil": hasil,
        "groups": groups,
        "tingkat": tingkat if tingkat in SEVERITIES else "",
        "jumlah": hasil.jumlah,
        "tampil": len(shown),
    }
    return render(request, "checks/temuan.html", context)
