"""Pages of the community proposals (usulan Musrenbang ASMAS and DPRD pokir): the filtered list, the summary per
kecamatan with its chart, a proposal's page (its places, its path through the levels, its plan row), the intake
and edit forms, recording a level's recommendation, linking to a sub kegiatan, and the XLSX intake import.

Views parse, call a selector or a service, and render. Every rule (who may write, the order of the levels, the
reason a status other than «Diterima» needs) lives in the services; the views ask the permission functions only
to show or hide a button, and re-check before calling the service, which checks again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from renja.calc.grafik import Grafik, Masukan, grafik_batang
from renja.core import permissions as perms
from renja.core.errors import PermissionDenied, RenjaError
from renja.core.types import Source
from renja.master.models import Level, PerangkatDaerah
from renja.plans.models import PlanRow
from renja.usulan import selectors, services
from renja.usulan.forms import ImporForm, RekomendasiForm, TautanForm, UsulanForm
from renja.usulan.models import Usulan, UsulanRekomendasi

PER_HALAMAN = 50
FILTER_KEYS = ("tahun", "perangkat_daerah", "kecamatan", "desa", "status", "sumber", "q", "tidak_terpetakan")

MSG_TIDAK_ADA = "Usulan nomor {pk} tidak ditemukan. Periksa alamat halaman, atau buka daftar usulan."
MSG_TIDAK_BERHAK = (
    "Anda tidak berhak melihat usulan ini. Usulan dapat dilihat oleh perencana dan kepala perangkat daerah "
    "tujuannya, serta oleh verifikator dan admin pemda-nya. Hubungi admin pemda bila Anda memerlukan akses."
)
MSG_TIDAK_BOLEH_UBAH = (
    "Usulan ini hanya dapat dicatat dan diubah oleh perencana perangkat daerah tujuannya, atau verifikator dan "
    "admin pemda-nya. Hubungi admin pemda bila peran Anda belum benar."
)
MSG_TIDAK_BOLEH_REKOMENDASI = (
    "Anda tidak berhak mencatat rekomendasi tingkat «{tingkat}» untuk usulan ini: tingkat desa, kecamatan dan "
    "perangkat daerah dicatat oleh perencana perangkat daerah tujuannya; tingkat Bappeda/TAPD oleh verifikator "
    "atau admin pemda."
)


# --- helpers -----------------------------------------------------------------------------------------------


def _usulan(request: HttpRequest, pk: int) -> Usulan:
    """The proposal `pk` with its agency and places; 404 when missing, 403 outside the user's scope."""
    usulan = (
        Usulan.objects.select_related("perangkat_daerah__pemda", "desa", "kecamatan", "row__renja")
        .filter(pk=pk)
        .first()
    )
    if usulan is None:
        raise Http404(MSG_TIDAK_ADA.format(pk=pk))
    if not perms.can_view_usulan(request.user, usulan):
        raise Forbidden(MSG_TIDAK_BERHAK)
    return usulan


def _filters(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "").strip() for k in FILTER_KEYS}


def _selector_filters(f: dict[str, str]) -> dict[str, Any]:
    """The typed filters for the selectors: numbers as int, the flag as bool, empty ones left out."""
    out: dict[str, Any] = {}
    for key in ("tahun", "perangkat_daerah"):
        if f[key].isdigit():
            out[key] = int(f[key])
    for key in ("kecamatan", "desa"):
        if f[key]:
            out[key] = int(f[key]) if f[key].isdigit() else f[key]
    for key in ("status", "sumber", "q"):
        if f[key]:
            out[key] = f[key]
    if f["tidak_terpetakan"] in ("1", "on", "ya"):
        out["tidak_terpetakan"] = True
    return out


def _pd_editable(request: HttpRequest) -> QuerySet[PerangkatDaerah]:
    """The agencies the user may record proposals for (1 query; the roles are read once per request)."""
    scope = perms.user_scope(request.user)
    qs = PerangkatDaerah.objects.select_related("pemda").order_by("pemda__kode", "kode")
    if not scope.semua:
        qs = qs.filter(Q(pk__in=sorted(scope.perangkat_daerah_ids)) | Q(pemda_id__in=sorted(scope.pemda_ids)))
    allowed = [pd.pk for pd in qs if perms.can_edit_usulan(request.user, pd)]
    return qs.filter(pk__in=allowed)


def _pd_editable_or_403(request: HttpRequest, apa: str) -> QuerySet[PerangkatDaerah]:
    """`_pd_editable`, refused with a message when the user may record proposals for no agency at all."""
    pilihan = _pd_editable(request)
    if not pilihan.exists():
        raise Forbidden(
            f"Anda tidak berhak {apa} usulan: usulan dicatat oleh perencana perangkat daerah tujuannya, atau "
            "verifikator dan admin pemda. Hubungi admin pemda bila peran Anda belum benar."
        )
    return pilihan


def _service_error(form: Any, exc: Exception) -> None:
    """A service's refusal shown by the field it names (or above the form)."""
    if isinstance(exc, RenjaError):
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
        return
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return
    raise exc  # pragma: no cover


def _status_code(exc: Exception) -> int:
    return 403 if isinstance(exc, PermissionDenied) else 422


# --- the list and the summary ------------------------------------------------------------------------------


def _pilihan(request: HttpRequest, f: dict[str, str]) -> dict[str, Any]:
    """The choices of the filter form, from the proposals the user may see (4 queries, whatever their number)."""
    base = selectors.usulan_list(user=request.user, filters={}).order_by()
    tahun = sorted(set(base.values_list("tahun", flat=True).distinct()), reverse=True)
    pd = list(
        base.values_list("perangkat_daerah_id", "perangkat_daerah__nama").distinct().order_by("perangkat_daerah__nama")
    )
    kec = list(
        base.filter(kecamatan__isnull=False)
        .values_list("kecamatan_id", "kecamatan__kode", "kecamatan__nama")
        .distinct()
        .order_by("kecamatan__kode")
    )
    desa_qs = base.filter(desa__isnull=False)
    if f["kecamatan"].isdigit():
        desa_qs = desa_qs.filter(kecamatan_id=int(f["kecamatan"]))
    desa = list(desa_qs.values_list("desa_id", "desa__kode", "desa__nama").distinct().order_by("desa__kode"))
    return {
        "tahun_pilihan": tahun,
        "pd_pilihan": pd,
        "kecamatan_pilihan": kec,
        "desa_pilihan": desa,
        "status_pilihan": Usulan.Status.choices,
        "sumber_pilihan": Usulan.Sumber.choices,
    }


@require_safe
@login_required
def usulan_list(request: HttpRequest) -> HttpResponse:
    """The proposals the user may see, filtered and paginated (a fixed number of queries)."""
    f = _filters(request)
    qs = selectors.usulan_list(user=request.user, filters=_selector_filters(f))
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    query = urlencode({k: v for k, v in f.items() if v})
    bisa_catat = _pd_editable(request).exists()
    context = {
        "page": page,
        "f": f,
        "query": query,
        "bisa_catat": bisa_catat,
        "bisa_impor": bisa_catat,
        "tanpa_peran": perms.user_scope(request.user).kosong,
        **_pilihan(request, f),
    }
    return render(request, "usulan/list.html", context)


def _grafik(rows: list[Any]) -> Grafik:
    return grafik_batang(
        "Pagu usulan dan pagu rekomendasi per kecamatan",
        ["Pagu usulan", "Pagu rekomendasi"],
        [
            Masukan(
                label=_attr(r, "label", "nama", "kecamatan_nama") or "—",
                nilai=(_attr(r, "pagu_usulan"), _attr(r, "pagu_rekomendasi")),
                keterangan=f"{_attr(r, 'jumlah')} usulan",
            )
            for r in rows
        ],
        satuan="Rp",
    )


def _attr(obj: Any, *names: str) -> Any:
    for name in names:
        value = getattr(obj, name, None)
        if value is not None:
            return value
    return None


@require_safe
@login_required
def usulan_ringkasan(request: HttpRequest) -> HttpResponse:
    """Count, pagu usulan and pagu rekomendasi per kecamatan (with the total), and their chart."""
    f = _filters(request)
    ringkasan = selectors.usulan_ringkasan_kecamatan(user=request.user, filters=_selector_filters(f))
    rows, total = _split_total(ringkasan)
    query = urlencode({k: v for k, v in f.items() if v})
    context = {
        "rows": rows,
        "total": total,
        "grafik": _grafik(rows),
        "f": f,
        "query": query,
        **_pilihan(request, f),
    }
    return render(request, "usulan/ringkasan.html", context)


def _split_total(ringkasan: Any) -> tuple[list[Any], Any]:
    """The selector's rows and its total row, whichever shape it returns them in."""
    if hasattr(ringkasan, "baris"):
        return list(ringkasan.baris), getattr(ringkasan, "total", None)
    rows = list(ringkasan)
    if rows and getattr(rows[-1], "total", False) is True:
        return rows[:-1], rows[-1]
    return rows, None


# --- a proposal's page ---------------------------------------------------------------------------------------


def _rows_for_link(usulan: Usulan) -> QuerySet[PlanRow]:
    """The sub kegiatan of the agency's Renja of the proposal's year (main version first)."""
    return (
        PlanRow.objects.filter(
            renja__perangkat_daerah_id=usulan.perangkat_daerah_id,
            renja__tahun=usulan.tahun,
            level=Level.SUB_KEGIATAN,
        )
        .select_related("renja")
        .order_by("-renja__utama", "renja__versi", "renja_id", "kode", "urutan", "id")
    )


def _next_tingkat(usulan: Usulan, recorded: list[Any]) -> str:
    urutan = list(services.tingkat_berlaku(usulan.sumber))
    done = {r.tingkat for r in recorded}
    for t in urutan:
        if t not in done:
            return t
    return urutan[-1]


def _history(usulan: Usulan, recorded: list[Any]) -> list[Any]:
    """The audit events of the proposal and of its recorded levels (one query), readable like the Renja log."""
    from renja.audit.models import AuditEvent
    from renja.workflow.selectors import _peristiwa

    q = Q(model="usulan.Usulan", object_pk=str(usulan.pk))
    ids = [str(r.pk) for r in recorded]
    if ids:
        q |= Q(model="usulan.UsulanRekomendasi", object_pk__in=ids)
    q |= Q(context__usulan=usulan.pk)
    return [_peristiwa(e) for e in AuditEvent.objects.filter(q).order_by("-waktu", "-id")[:100]]


def _detail_context(
    request: HttpRequest,
    usulan: Usulan,
    *,
    rekomendasi_form: RekomendasiForm | None = None,
    tautan_form: TautanForm | None = None,
) -> dict[str, Any]:
    detail = selectors.usulan_detail(usulan=usulan)
    recorded = list(_attr(detail, "rekomendasi") or [])
    user = request.user
    tingkat_boleh = [
        (t, label)
        for t, label in UsulanRekomendasi.Tingkat.choices
        if t in services.tingkat_berlaku(usulan.sumber) and perms.can_rekomendasi(user, usulan, t)
    ]
    bisa_ubah = perms.can_edit_usulan(user, usulan.perangkat_daerah)
    per_tingkat = {r.tingkat: r for r in recorded}
    if rekomendasi_form is None and tingkat_boleh:
        rekomendasi_form = RekomendasiForm(initial={"tingkat": _next_tingkat(usulan, recorded), "status": "diterima"})
    if rekomendasi_form is not None:
        rekomendasi_form.fields["tingkat"].choices = tingkat_boleh  # type: ignore[attr-defined]
    if tautan_form is None and bisa_ubah:
        tautan_form = TautanForm(rows=_rows_for_link(usulan), initial={"row": usulan.row_id})
    return {
        "u": usulan,
        "d": detail,
        "rekomendasi": recorded,
        "jalur": [
            {"tingkat": t, "label": label, "r": per_tingkat.get(t)} for t, label in UsulanRekomendasi.Tingkat.choices
        ],
        "bisa_ubah": bisa_ubah,
        "bisa_rekomendasi": bool(tingkat_boleh),
        "rekomendasi_form": rekomendasi_form,
        "tautan_form": tautan_form,
        "peristiwa": _history(usulan, recorded),
        "row": _attr(detail, "row") or usulan.row,
        "pagu_row": _attr(detail, "pagu_row", "pagu", "row_pagu"),
        "realisasi_row": _attr(detail, "realisasi_row", "realisasi", "row_realisasi"),
        "saran_desa": _attr(detail, "saran_desa", "saran") or (),
        "saran_kecamatan": _attr(detail, "saran_kecamatan") or (),
    }


@require_safe
@login_required
def usulan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    usulan = _usulan(request, pk)
    return render(request, "usulan/detail.html", _detail_context(request, usulan))


# --- intake and edit -------------------------------------------------------------------------------------------


def _intake_fields(form: UsulanForm) -> dict[str, Any]:
    cd = form.cleaned_data
    return {
        "sumber": cd["sumber"],
        "nomor": cd["nomor"],
        "pengusul": cd["pengusul"],
        "desa_teks": cd["desa_teks"],
        "kecamatan_teks": cd["kecamatan_teks"],
        "lokasi": cd["lokasi"],
        "kegiatan": cd["kegiatan"],
        "volume": cd["volume"],
        "satuan": cd["satuan"],
        "pagu_usulan": cd["pagu_usulan"],
        "pagu_usulan_teks": form.teks("pagu_usulan"),
    }


@require_http_methods(["GET", "POST"])
@login_required
def usulan_baru(request: HttpRequest) -> HttpResponse:
    """Intake of a proposal: the agency, year, source, proposer, the places as written, the activity and pagu."""
    pilihan = _pd_editable_or_403(request, "mencatat")
    initial: dict[str, Any] = {"sumber": Usulan.Sumber.ASMAS}
    if request.GET.get("tahun", "").isdigit():
        initial["tahun"] = int(request.GET["tahun"])
    if request.GET.get("perangkat_daerah", "").isdigit():
        initial["perangkat_daerah"] = int(request.GET["perangkat_daerah"])
    form = UsulanForm(request.POST or None, initial=initial, pd_pilihan=pilihan)
    status = 200
    if request.method == "POST":
        _require_edit_posted_pd(request)
        if form.is_valid():
            pd = form.cleaned_data["perangkat_daerah"]
            try:
                usulan = services.usulan_create(
                    perangkat_daerah=pd,
                    tahun=form.cleaned_data["tahun"],
                    **_intake_fields(form),
                    actor=request.user,
                    source=Source.WEB,
                )
            except (RenjaError, ValidationError) as exc:
                _service_error(form, exc)
                status = _status_code(exc)
            else:
                messages.success(request, f"Usulan '{usulan.kegiatan[:80]}' dicatat.")
                return redirect("usulan:detail", pk=usulan.pk)
        else:
            status = 422
    return render(request, "usulan/form.html", {"form": form, "u": None}, status=status)


def _require_edit_posted_pd(request: HttpRequest) -> None:
    """An agency the user may not write for is refused outright (403), not offered as a form error."""
    raw = request.POST.get("perangkat_daerah", "")
    pd = PerangkatDaerah.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if pd is not None and not perms.can_edit_usulan(request.user, pd):
        raise Forbidden(MSG_TIDAK_BOLEH_UBAH)


@require_http_methods(["GET", "POST"])
@login_required
def usulan_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    usulan = _usulan(request, pk)
    if not perms.can_edit_usulan(request.user, usulan.perangkat_daerah):
        raise Forbidden(MSG_TIDAK_BOLEH_UBAH)
    initial = {
        "sumber": usulan.sumber,
        "nomor": usulan.nomor,
        "pengusul": usulan.pengusul,
        "desa_teks": usulan.desa_teks,
        "kecamatan_teks": usulan.kecamatan_teks,
        "lokasi": usulan.lokasi,
        "kegiatan": usulan.kegiatan,
        "volume": "" if usulan.volume is None else _angka(usulan.volume),
        "satuan": usulan.satuan,
        "pagu_usulan": usulan.pagu_usulan_teks or ("" if usulan.pagu_usulan is None else _rupiah(usulan.pagu_usulan)),
        "revisi": getattr(usulan, "revisi", None),
    }
    form = UsulanForm(request.POST or None, initial=initial, baru=False)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.usulan_update(
                    usulan=usulan,
                    revisi=form.cleaned_data.get("revisi"),
                    **_intake_fields(form),
                    actor=request.user,
                    source=Source.WEB,
                )
            except (RenjaError, ValidationError) as exc:
                _service_error(form, exc)
                status = _status_code(exc)
            else:
                messages.success(request, "Perubahan usulan disimpan.")
                return redirect("usulan:detail", pk=usulan.pk)
        else:
            status = 422
    return render(request, "usulan/form.html", {"form": form, "u": usulan}, status=status)


def _angka(value: Decimal) -> str:
    from renja.calc.angka import format_angka

    return format_angka(value)


def _rupiah(value: Decimal) -> str:
    from renja.calc.angka import format_rupiah

    return format_rupiah(value)


# --- the recommendation of a level -------------------------------------------------------------------------------


@require_POST
@login_required
def rekomendasi_catat(request: HttpRequest, pk: int) -> HttpResponse:
    usulan = _usulan(request, pk)
    form = RekomendasiForm(request.POST)
    tingkat = request.POST.get("tingkat", "")
    if tingkat in UsulanRekomendasi.Tingkat.values and not perms.can_rekomendasi(request.user, usulan, tingkat):
        raise Forbidden(MSG_TIDAK_BOLEH_REKOMENDASI.format(tingkat=UsulanRekomendasi.Tingkat(tingkat).label))
    if not any(perms.can_rekomendasi(request.user, usulan, t) for t in UsulanRekomendasi.Tingkat.values):
        raise Forbidden(MSG_TIDAK_BOLEH_REKOMENDASI.format(tingkat=tingkat or "—"))
    status = 422
    if form.is_valid():
        cd = form.cleaned_data
        try:
            services.usulan_rekomendasi_set(
                usulan=usulan,
                tingkat=cd["tingkat"],
                status=cd["status"],
                alasan=cd["alasan"],
                pagu_rekomendasi=cd["pagu_rekomendasi"],
                pagu_rekomendasi_teks=form.teks("pagu_rekomendasi"),
                volume=cd["volume"],
                satuan=cd["satuan"],
                actor=request.user,
                source=Source.WEB,
            )
        except (RenjaError, ValidationError) as exc:
            _service_error(form, exc)
            status = _status_code(exc)
        else:
            label = UsulanRekomendasi.Tingkat(cd["tingkat"]).label
            status_label = UsulanRekomendasi.Status(cd["status"]).label
            messages.success(request, f"Rekomendasi {label} dicatat: {status_label}.")
            return redirect(f"{reverse('usulan:detail', args=[usulan.pk])}#jalur")
    usulan.refresh_from_db()
    ctx = _detail_context(request, usulan, rekomendasi_form=form)
    return render(request, "usulan/detail.html", ctx, status=status)


# --- the link to a sub kegiatan ----------------------------------------------------------------------------------


@require_POST
@login_required
def tautan_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the proposal to a sub kegiatan of its agency's Renja of the same year, or (`lepas`) unlink it."""
    usulan = _usulan(request, pk)
    if not perms.can_edit_usulan(request.user, usulan.perangkat_daerah):
        raise Forbidden(MSG_TIDAK_BOLEH_UBAH)
    lepas = request.POST.get("lepas") == "1"
    form = TautanForm(request.POST, rows=_rows_for_link(usulan))
    status = 422
    if lepas or form.is_valid():
        row = None if lepas else form.cleaned_data["row"]
        try:
            services.usulan_row_link(usulan=usulan, row=row, actor=request.user, source=Source.WEB)
        except (RenjaError, ValidationError) as exc:
            _service_error(form, exc)
            status = _status_code(exc)
        else:
            if row is None:
                messages.success(request, "Tautan usulan ke sub kegiatan dilepas.")
            else:
                messages.success(request, f"Usulan ditautkan ke sub kegiatan {row.kode} {row.nama}.")
            return redirect(f"{reverse('usulan:detail', args=[usulan.pk])}#baris-renja")
    usulan.refresh_from_db()
    ctx = _detail_context(request, usulan, tautan_form=form)
    return render(request, "usulan/detail.html", ctx, status=status)


# --- the XLSX intake import -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def usulan_impor(request: HttpRequest) -> HttpResponse:
    """Upload an XLSX of proposals: a trial shows every finding without saving; then the same file is applied."""
    from renja.importers.usulan_xlsx_import import usulan_xlsx_import

    pilihan = _pd_editable_or_403(request, "mengimpor")
    if request.method == "POST":
        _require_edit_posted_pd(request)
    form = ImporForm(request.POST or None, request.FILES or None, pd_pilihan=pilihan)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["berkas"]
            try:
                report = usulan_xlsx_import(
                    data=upload.read(),
                    filename=upload.name,
                    perangkat_daerah=form.cleaned_data["perangkat_daerah"],
                    tahun=form.cleaned_data["tahun"],
                    dry_run=form.cleaned_data["uji_coba"],
                    actor=request.user,
                    source=Source.IMPORT,
                )
            except RenjaError as exc:
                form.add_error("berkas", exc.message)
                status = _status_code(exc)
        else:
            status = 422
    context = {
        "form": form,
        "report": report.to_dict() if report is not None else None,
        "bisa_catat": True,
        "bisa_impor": True,
    }
    return render(request, "usulan/impor.html", context, status=status)
