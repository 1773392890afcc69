"""Pages of the evaluation of a Renja: T-C.29, Monev E.81 (per quarter), the realisation form of a row, the
E.81 footer, the E.81 workbook import and the indicator-semantics form. Views read through selectors and write
through services; every page requires login and checks the Renja's scope."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from renja.calc.angka import format_angka
from renja.calc.e81 import E81Row, E81Table
from renja.calc.evaluasi import TRIWULAN
from renja.calc.tc29 import KOLOM_NILAI as TC29_KOLOM
from renja.calc.tc29 import Tc29Row, Tc29Table
from renja.core.errors import RenjaError
from renja.core.permissions import can_edit_renja
from renja.core.types import Source
from renja.evaluasi import services
from renja.evaluasi.ekspor import PEMBULATAN, e81_dict, tc29_dict
from renja.evaluasi.forms import CatatanTriwulanForm, ImporE81Form, SemantikForm, realisasi_form_class
from renja.evaluasi.models import CatatanTriwulan
from renja.evaluasi.selectors import (
    baris_renja,
    e81_table,
    indikator_renja,
    isian_baris,
    sifat_indikator,
    tc29_table,
    triwulan_terakhir,
)
from renja.plans.models import Renja
from renja.plans.selectors import renja_get_for_user

E81_KOLOM = tuple(range(5, 16))


def _triwulan(request: HttpRequest, renja: Renja) -> int:
    raw = request.POST.get("triwulan") or request.GET.get("triwulan")
    if raw is None or raw == "":
        return triwulan_terakhir(renja)
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value not in TRIWULAN:
        raise _BadQuarter(raw)
    return value


class _BadQuarter(Exception):
    pass


def _bad_quarter(raw: object) -> HttpResponse:
    return HttpResponseBadRequest(
        f"Triwulan '{raw}' tidak ada: pilih triwulan 1, 2, 3 atau 4.".encode(), content_type="text/plain; charset=utf-8"
    )


def _json(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


def _groups(rows: Sequence[Any], cells: Callable[[int, Any], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Lines grouped by plan row (one <tbody> each), each cell with a unique id for its explanation."""
    groups: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        if row.baris_pertama or not groups:
            groups.append({"row": row, "lines": []})
        groups[-1]["lines"].append({"row": row, "cells": cells(i, row)})
    return groups


def _tc29_groups(table: Tc29Table) -> list[dict[str, Any]]:
    def cells(i: int, row: Tc29Row) -> list[dict[str, Any]]:
        beda = {s.kolom: s for s in row.selisih}
        return [{"k": k, "cell": row.kolom[k], "pid": f"pj-{i}-{k}", "selisih": beda.get(str(k))} for k in TC29_KOLOM]

    return _groups(table.rows, cells)


# --- T-C.29 -----------------------------------------------------------------------------------------------------


@require_safe
@login_required
def tc29_page(request: HttpRequest, pk: int) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    table = tc29_table(renja)
    context = {
        "renja": renja,
        "table": table,
        "groups": _tc29_groups(table),
        "nomor_kolom": range(1, 12),
        "selisih": table.selisih,
        "jumlah_temuan": table.jumlah_temuan,
        "jumlah_indikator": sum(1 for row in table.rows if row.indikator_id is not None),
        "boleh_ubah": can_edit_renja(request.user, renja),
        "pembulatan": PEMBULATAN,
        "n1": table.tahun - 1,
        "n2": table.tahun - 2,
    }
    return render(request, "evaluasi/tc29.html", context)


@require_safe
@login_required
def tc29_json(request: HttpRequest, pk: int) -> JsonResponse:
    renja = renja_get_for_user(request.user, pk)
    return _json(tc29_dict(tc29_table(renja), renja))


# --- E.81 -------------------------------------------------------------------------------------------------------


def _e81_groups(table: E81Table) -> list[dict[str, Any]]:
    def cells(i: int, row: E81Row) -> list[dict[str, Any]]:
        return [
            {
                "k": k,
                "cell": row.kolom[k],
                "rp": row.kolom_rp[k],
                "pid": f"pj-{i}-{k}K",
                "pid_rp": f"pj-{i}-{k}Rp",
                "judul": f"Kolom {k} (K) — {table.judul[k]}",
                "judul_rp": f"Kolom {k} (Rp) — {table.judul[k]}",
            }
            for k in E81_KOLOM
        ]

    return _groups(table.rows, cells)


@require_safe
@login_required
def e81_page(request: HttpRequest, pk: int) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    try:
        triwulan = _triwulan(request, renja)
    except _BadQuarter as exc:
        return _bad_quarter(exc.args[0])
    table = e81_table(renja, triwulan)
    context = {
        "renja": renja,
        "table": table,
        "groups": _e81_groups(table),
        "kolom_kr": E81_KOLOM,
        "triwulan": triwulan,
        "triwulan_romawi": TRIWULAN[triwulan],
        "pilihan_triwulan": list(TRIWULAN.items()),
        "footer": table.footer,
        "jumlah_temuan": table.jumlah_temuan,
        "monev_problem": services.monev_problem(renja, request.user),
        "pembulatan": PEMBULATAN,
    }
    return render(request, "evaluasi/e81.html", context)


@require_safe
@login_required
def e81_json(request: HttpRequest, pk: int) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    try:
        triwulan = _triwulan(request, renja)
    except _BadQuarter as exc:
        return _bad_quarter(exc.args[0])
    return _json(e81_dict(e81_table(renja, triwulan), renja))


def _e81_url(renja: Renja, triwulan: int, anchor: str = "") -> str:
    return f"{reverse('evaluasi:e81', args=[renja.pk])}?triwulan={triwulan}{anchor}"


def _require_monev(renja: Renja, request: HttpRequest) -> None:
    problem = services.monev_problem(renja, request.user)
    if problem:
        raise PermissionDenied(problem)


@require_http_methods(["GET", "POST"])
@login_required
def realisasi_baris(request: HttpRequest, pk: int, row_id: int) -> HttpResponse:
    """The realisation of one row for one quarter: kinerja of each indicator, anggaran, evidence, notes."""
    renja = renja_get_for_user(request.user, pk)
    try:
        triwulan = _triwulan(request, renja)
    except _BadQuarter as exc:
        return _bad_quarter(exc.args[0])
    _require_monev(renja, request)
    row = baris_renja(renja, row_id)
    data = isian_baris(renja, row, triwulan)
    form_class = realisasi_form_class(data["indikator"], anggaran=not data["punya_rincian"])
    unit_obj = getattr(row, "unit_penanggung_jawab", None)
    initial: dict[str, Any] = {"unit": unit_obj.unit if unit_obj else ""}
    for item in data["indikator"]:
        entry = item["entry"]
        if entry is not None:
            pk_ind = item["obj"].pk
            initial[f"k{pk_ind}_nilai"] = entry.teks or ("" if entry.nilai is None else _plain(entry.nilai))
            initial[f"k{pk_ind}_bukti"] = entry.bukti
            initial[f"k{pk_ind}_catatan"] = entry.catatan
    if data["anggaran"] is not None:
        a = data["anggaran"]
        initial["a_nilai"] = a.anggaran_teks or ("" if a.anggaran is None else _plain(a.anggaran))
        initial["a_bukti"] = a.bukti
        initial["a_catatan"] = a.catatan
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        kinerja = [
            (
                item["obj"],
                services.Isian(
                    nilai=cd[f"k{item['obj'].pk}_nilai"][0],
                    teks=cd[f"k{item['obj'].pk}_nilai"][1],
                    bukti=cd[f"k{item['obj'].pk}_bukti"],
                    catatan=cd[f"k{item['obj'].pk}_catatan"],
                ),
            )
            for item in data["indikator"]
        ]
        anggaran = None
        if not data["punya_rincian"]:
            anggaran = services.Isian(
                nilai=cd["a_nilai"][0], teks=cd["a_nilai"][1], bukti=cd["a_bukti"], catatan=cd["a_catatan"]
            )
        try:
            services.realisasi_baris_simpan(
                renja=renja,
                row=row,
                triwulan=triwulan,
                kinerja=kinerja,
                anggaran=anggaran,
                unit=cd["unit"],
                actor=request.user,
                source=Source.WEB,
            )
        except RenjaError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Realisasi TW {TRIWULAN[triwulan]} '{row.nama}' disimpan.")
            return redirect(_e81_url(renja, triwulan, f"#baris-{row.pk}"))
    fields = [
        {
            **item,
            "nilai": form[f"k{item['obj'].pk}_nilai"],
            "bukti": form[f"k{item['obj'].pk}_bukti"],
            "catatan": form[f"k{item['obj'].pk}_catatan"],
        }
        for item in data["indikator"]
    ]
    context = {
        "renja": renja,
        "row": row,
        "form": form,
        "fields": fields,
        "data": data,
        "triwulan": triwulan,
        "triwulan_romawi": TRIWULAN[triwulan],
        "pilihan_triwulan": list(TRIWULAN.items()),
    }
    return render(request, "evaluasi/realisasi_form.html", context)


def _plain(value: Any) -> str:
    """A stored Decimal as the form shows it again (Indonesian decimal comma, no trailing zeros)."""
    return format_angka(value)


@require_http_methods(["GET", "POST"])
@login_required
def catatan_triwulan(request: HttpRequest, pk: int) -> HttpResponse:
    """The E.81 footer of a quarter: faktor pendorong, faktor penghambat, tindak lanjut."""
    renja = renja_get_for_user(request.user, pk)
    try:
        triwulan = _triwulan(request, renja)
    except _BadQuarter as exc:
        return _bad_quarter(exc.args[0])
    _require_monev(renja, request)
    existing = CatatanTriwulan.objects.filter(renja=renja, triwulan=triwulan).first()
    initial = {}
    if existing is not None:
        initial = {f: getattr(existing, f) for f in CatatanTriwulanForm.base_fields}
    form = CatatanTriwulanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.catatan_triwulan_set(
            renja=renja, triwulan=triwulan, **form.cleaned_data, actor=request.user, source=Source.WEB
        )
        messages.success(request, f"Catatan monev TW {TRIWULAN[triwulan]} disimpan.")
        return redirect(_e81_url(renja, triwulan, "#catatan"))
    context = {"renja": renja, "form": form, "triwulan": triwulan, "triwulan_romawi": TRIWULAN[triwulan]}
    return render(request, "evaluasi/catatan_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def impor_e81(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a workbook in the E.81 layout: every filled quarter cell is recorded (or, in a trial, shown)."""
    renja = renja_get_for_user(request.user, pk)
    _require_monev(renja, request)
    form = ImporE81Form(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["berkas"]
        try:
            report = services.e81_xlsx_import(
                renja=renja,
                data=upload.read(),
                filename=upload.name,
                dry_run=form.cleaned_data["uji_coba"],
                actor=request.user,
                source=Source.IMPORT,
            )
        except RenjaError as exc:
            form.add_error("berkas", exc.message)
    context = {
        "renja": renja,
        "form": form,
        "report": report.to_dict() if report is not None else None,
        "triwulan": triwulan_terakhir(renja),
    }
    return render(request, "evaluasi/impor.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def semantik(request: HttpRequest, pk: int, indikator_id: int) -> HttpResponse:
    """Arah and agregasi of one indicator (set by a person; the tables recompute from them)."""
    renja = renja_get_for_user(request.user, pk)
    if not can_edit_renja(request.user, renja):
        raise PermissionDenied(
            "Semantik indikator diubah oleh perencana perangkat daerah pemiliknya. Hubungi admin pemda bila "
            "peran Anda belum benar."
        )
    indikator = indikator_renja(renja, indikator_id)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    next_url = next_url or reverse("evaluasi:tc29", args=[renja.pk])
    initial = {
        "arah": indikator.arah,
        "agregasi_dalam_tahun": indikator.agregasi_dalam_tahun,
        "agregasi_antar_tahun": indikator.agregasi_antar_tahun,
        "catatan": indikator.catatan,
        "revisi": getattr(indikator, "revisi", None),
    }
    form = SemantikForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.indikator_semantik_update(
                renja=renja,
                indikator=indikator,
                arah=cd["arah"],
                agregasi_dalam_tahun=cd["agregasi_dalam_tahun"],
                agregasi_antar_tahun=cd["agregasi_antar_tahun"],
                catatan=cd["catatan"],
                revisi=cd["revisi"],
                actor=request.user,
                source=Source.WEB,
            )
        except RenjaError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Semantik indikator '{indikator.nama}' disimpan; tabel dihitung ulang.")
            return redirect(next_url)
    context = {
        "renja": renja,
        "indikator": indikator,
        "sifat": sifat_indikator(indikator),
        "form": form,
        "next": next_url,
    }
    return render(request, "evaluasi/semantik_form.html", context)
