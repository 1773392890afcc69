"""Workflow pages: the stage page (steps, schedule, versions), the item panel (history and notes), the notes
and the searchable log of a Renja, the difference between two versions and T-C.31, the dashboards, the pemda's
schedule and ceilings, and the public pages. Views parse, call a service or selector, and render."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from renja.core.errors import PermissionDenied, RenjaError
from renja.core.permissions import (
    can_admin_pemda,
    can_reply_note,
    can_see_pemda,
    can_verify_pemda,
    can_verify_renja,
    is_public_renja,
)
from renja.core.types import Source
from renja.importers.numbers import parse_number
from renja.master.models import Pemda, PerangkatDaerah
from renja.plans.models import Renja, StatusRenja, Tahapan
from renja.plans.selectors import renja_get_for_user, renja_overview, renja_summaries, renja_tree
from renja.workflow import selectors, services
from renja.workflow.models import CatatanVerifikasi, JenisItem, ModePlafon, PengaturanPemda, StatusCatatan

# --- the stage page ---------------------------------------------------------------------------------------

AKSI_SERVIS = {
    "ajukan": lambda renja, user, alasan: services.renja_ajukan(
        renja=renja, actor=user, source=Source.WEB, catatan=alasan
    ),
    "kembalikan": lambda renja, user, alasan: services.renja_kembalikan(
        renja=renja, alasan=alasan, actor=user, source=Source.WEB
    ),
    "setujui": lambda renja, user, alasan: services.renja_setujui(
        renja=renja, actor=user, source=Source.WEB, catatan=alasan
    ),
    "kunci": lambda renja, user, alasan: services.tahapan_kunci(
        renja=renja, actor=user, source=Source.WEB, alasan=alasan
    ),
    "buka": lambda renja, user, alasan: services.tahapan_buka(
        renja=renja, alasan=alasan, actor=user, source=Source.WEB
    ),
}
AKSI_PESAN = {
    "ajukan": "Renja diajukan untuk verifikasi dan persetujuan.",
    "kembalikan": "Renja dikembalikan ke perangkat daerah untuk perbaikan.",
    "setujui": "Renja disetujui kepala perangkat daerah.",
    "kunci": "Tahapan dikunci; isinya disimpan sebagai snapshot dan tidak menerima perubahan.",
    "buka": "Kunci tahapan dibuka; Renja dikembalikan ke perangkat daerah untuk perbaikan.",
}


def _tahapan_context(request: HttpRequest, renja: Renja, **extra: Any) -> dict[str, Any]:
    return {"renja": renja, "h": selectors.halaman_tahapan(renja, request.user), **extra}


@require_safe
@login_required
def tahapan_page(request: HttpRequest, pk: int) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    return render(request, "workflow/tahapan.html", _tahapan_context(request, renja))


@require_POST
@login_required
def tahapan_aksi(request: HttpRequest, pk: int, aksi: str) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    alasan = request.POST.get("alasan", "")
    try:
        if aksi in AKSI_SERVIS:
            AKSI_SERVIS[aksi](renja, request.user, alasan)
            messages.success(request, AKSI_PESAN[aksi])
            return redirect("workflow:tahapan", pk=renja.pk)
        if aksi == "lanjut":
            baru = services.tahapan_lanjut(renja=renja, actor=request.user, source=Source.WEB)
        elif aksi == "perubahan":
            baru = services.renja_perubahan_buat(renja=renja, actor=request.user, source=Source.WEB)
        else:
            raise Http404("Langkah tidak dikenal.")
    except RenjaError as exc:
        status = 403 if isinstance(exc, PermissionDenied) else 409
        renja.refresh_from_db()
        return render(
            request,
            "workflow/tahapan.html",
            _tahapan_context(request, renja, galat=exc.message, galat_aksi=aksi, alasan=alasan),
            status=status,
        )
    messages.success(request, f"Dibuat: {baru}. Isinya disalin; lanjutkan penyusunan di versi ini.")
    return redirect("workflow:tahapan", pk=baru.pk)


# --- the item panel: history and notes ------------------------------------------------------------------------


def _item(renja: Renja, jenis: str, item_id: int) -> Any:
    if jenis not in JenisItem.values:
        raise Http404("Jenis item tidak dikenal.")
    item = selectors.item_get(renja, jenis, item_id)
    if item is None:
        raise Http404(f"{JenisItem(jenis).label} nomor {item_id} tidak ada di Renja ini.")
    return item


def _panel(request: HttpRequest, renja: Renja, jenis: str, item: Any, status: int = 200, **extra: Any) -> HttpResponse:
    ctx = {
        "renja": renja,
        "jenis": jenis,
        "jenis_label": JenisItem(jenis).label,
        "hist": selectors.item_history(renja, jenis, item),
        "bisa_catat": can_verify_renja(request.user, renja),
        "bisa_balas": can_reply_note(request.user, renja),
        "status_pilihan": StatusCatatan.choices,
        **extra,
    }
    return render(request, "workflow/_panel.html", ctx, status=status)


@require_safe
@login_required
def item_panel(request: HttpRequest, pk: int, jenis: str, item_id: int) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    return _panel(request, renja, jenis, _item(renja, jenis, item_id))


@require_POST
@login_required
def catatan_buat(request: HttpRequest, pk: int, jenis: str, item_id: int) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    item = _item(renja, jenis, item_id)
    try:
        services.catatan_buat(
            renja=renja,
            jenis_item=jenis,
            item_id=item.pk,
            status=request.POST.get("status", ""),
            teks=request.POST.get("teks", ""),
            actor=request.user,
            source=Source.WEB,
        )
    except RenjaError as exc:
        status = 403 if isinstance(exc, PermissionDenied) else 422
        return _panel(
            request, renja, jenis, item, status=status, galat=exc.message, galat_field=exc.field, isian=request.POST
        )
    return _panel(request, renja, jenis, item, pesan="Catatan disimpan.")


def _catatan(request: HttpRequest, catatan_id: int) -> tuple[CatatanVerifikasi, Renja, Any]:
    catatan = get_object_or_404(CatatanVerifikasi, pk=catatan_id)
    renja = renja_get_for_user(request.user, catatan.renja_id)
    return catatan, renja, _item(renja, catatan.jenis_item, catatan.item_id)


@require_POST
@login_required
def catatan_balas(request: HttpRequest, catatan_id: int) -> HttpResponse:
    catatan, renja, item = _catatan(request, catatan_id)
    try:
        services.catatan_balas(
            catatan=catatan, teks=request.POST.get("teks", ""), actor=request.user, source=Source.WEB
        )
    except RenjaError as exc:
        status = 403 if isinstance(exc, PermissionDenied) else 422
        return _panel(request, renja, catatan.jenis_item, item, status=status, galat=exc.message)
    return _panel(request, renja, catatan.jenis_item, item, pesan="Balasan disimpan.")


@require_POST
@login_required
def catatan_selesai(request: HttpRequest, catatan_id: int) -> HttpResponse:
    catatan, renja, item = _catatan(request, catatan_id)
    try:
        services.catatan_selesaikan(catatan=catatan, actor=request.user, source=Source.WEB)
    except RenjaError as exc:
        status = 403 if isinstance(exc, PermissionDenied) else 422
        return _panel(request, renja, catatan.jenis_item, item, status=status, galat=exc.message)
    return _panel(request, renja, catatan.jenis_item, item, pesan="Catatan ditandai selesai.")


@require_safe
@login_required
def catatan_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every note of a Renja (open first), with their replies (3 queries)."""
    renja = renja_get_for_user(request.user, pk)
    semua = request.GET.get("semua") == "1"
    qs = CatatanVerifikasi.objects.filter(renja=renja).prefetch_related("balasan").order_by("selesai", "-dibuat", "-id")
    if not semua:
        qs = qs.filter(selesai=False)
    page = Paginator(qs, 50).get_page(request.GET.get("halaman"))
    return render(request, "workflow/catatan.html", {"renja": renja, "page": page, "semua": semua})


# --- the log --------------------------------------------------------------------------------------------------


@require_safe
@login_required
def riwayat(request: HttpRequest, pk: int) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "sumber", "aksi", "oleh")}
    page, peristiwa = selectors.renja_log_page(
        renja,
        request.GET.get("halaman"),
        q=filters["q"],
        sumber=filters["sumber"],
        aksi=filters["aksi"],
        oleh=filters["oleh"],
    )
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "workflow/riwayat.html",
        {
            "renja": renja,
            "page": page,
            "peristiwa": peristiwa,
            "f": filters,
            "query": query,
            "sumber_pilihan": Source.choices,
            "aksi_pilihan": sorted(selectors.AKSI_LABEL.items()),
        },
    )


# --- versions: the difference and T-C.31 ----------------------------------------------------------------------


@require_safe
@login_required
def banding(request: HttpRequest, pk: int) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    versi = selectors.versi_list(renja)
    ids = [v.id for v in versi]

    def pick(name: str, default: int | None) -> int | None:
        try:
            value = int(request.GET.get(name, ""))
        except ValueError:
            return default
        return value if value in ids else default

    default_kiri = renja.asal_id if renja.asal_id in ids else next((i for i in ids if i != renja.pk), None)
    kiri_id = pick("kiri", default_kiri)
    kanan_id = pick("kanan", renja.pk)
    diff = None
    kiri = kanan = None
    if kiri_id and kanan_id and kiri_id != kanan_id:
        kiri = renja_get_for_user(request.user, kiri_id)
        kanan = renja_get_for_user(request.user, kanan_id)
        diff = selectors.versi_diff(kiri, kanan)
    tampilan = "tc31" if request.GET.get("tampilan") == "tc31" else "beda"
    return render(
        request,
        "workflow/banding.html",
        {
            "renja": renja,
            "versi": versi,
            "kiri": kiri,
            "kanan": kanan,
            "kiri_id": kiri_id,
            "kanan_id": kanan_id,
            "diff": diff,
            "tampilan": tampilan,
            "hanya_berubah": request.GET.get("semua") != "1",
        },
    )


# --- dashboards -----------------------------------------------------------------------------------------------


@require_safe
@login_required
def dasbor_renja(request: HttpRequest, pk: int) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    return render(request, "workflow/dasbor_renja.html", {"renja": renja, "d": selectors.dasbor_renja(renja)})


def _pemda(request: HttpRequest, pemda_id: int) -> Pemda:
    pemda = get_object_or_404(Pemda, pk=pemda_id)
    if not can_see_pemda(request.user, pemda.pk):
        raise Forbidden(
            "Halaman pemda hanya untuk verifikator Bappeda dan admin pemda-nya. Hubungi admin pemda bila Anda "
            "memerlukan akses."
        )
    return pemda


def _tahun(request: HttpRequest) -> int | None:
    try:
        return int(request.GET.get("tahun", ""))
    except ValueError:
        return None


@require_safe
@login_required
def pemda_index(request: HttpRequest) -> HttpResponse:
    pemda = selectors.pemda_for_user(request.user)
    if len(pemda) == 1:
        return redirect("workflow:pemda_dasbor", pemda_id=pemda[0].pk)
    if not pemda:
        raise Forbidden("Halaman pemda hanya untuk verifikator Bappeda dan admin pemda.")
    return render(request, "workflow/pemda_index.html", {"pemda_list": pemda})


@require_safe
@login_required
def pemda_dasbor(request: HttpRequest, pemda_id: int) -> HttpResponse:
    pemda = _pemda(request, pemda_id)
    d = selectors.dasbor_pemda(pemda, _tahun(request))
    return render(
        request,
        "workflow/dasbor_pemda.html",
        {"pemda": pemda, "d": d, "bisa_admin": can_admin_pemda(request.user, pemda.pk)},
    )


def _parse_waktu(text: str) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


@require_http_methods(["GET", "POST"])
@login_required
def pemda_jadwal(request: HttpRequest, pemda_id: int) -> HttpResponse:
    """The stage schedule of a pemda for a year: the admin sets windows, Bappeda locks a stage for all agencies."""
    pemda = _pemda(request, pemda_id)
    tahun = _tahun(request) or int(request.POST.get("tahun", "0") or 0) or (timezone.localdate().year + 1)
    galat = ""
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("aksi") == "kunci":
                from renja.plans.models import JadwalTahapan

                jadwal = get_object_or_404(JadwalTahapan, pk=int(request.POST.get("jadwal", "0")), pemda=pemda)
                n = services.jadwal_kunci(
                    jadwal=jadwal, actor=request.user, source=Source.WEB, alasan=request.POST.get("alasan", "")
                )
                messages.success(request, f"Tahapan {jadwal.get_tahapan_display()} dikunci: {n} Renja terkunci.")
            else:
                mulai = _parse_waktu(request.POST.get("mulai", ""))
                selesai = _parse_waktu(request.POST.get("selesai", ""))
                if mulai is None or selesai is None:
                    raise RenjaError("Isi tanggal dan jam mulai serta selesai (mis. 2024-01-15T08:00).", field="mulai")
                jadwal = services.jadwal_set(
                    pemda=pemda,
                    tahun=tahun,
                    tahapan=request.POST.get("tahapan", ""),
                    mulai=mulai,
                    selesai=selesai,
                    actor=request.user,
                    source=Source.WEB,
                )
                messages.success(request, f"Jadwal {jadwal.get_tahapan_display()} {tahun} disimpan.")
            return redirect(f"{reverse('workflow:pemda_jadwal', args=[pemda.pk])}?tahun={tahun}")
        except RenjaError as exc:
            galat, status = exc.message, 403 if isinstance(exc, PermissionDenied) else 422
        except Exception as exc:  # a ValidationError from full_clean (e.g. an unknown stage)
            from django.core.exceptions import ValidationError

            if not isinstance(exc, ValidationError):
                raise
            galat, status = "Jadwal tidak disimpan: " + "; ".join(exc.messages), 422
    from renja.plans.models import JadwalTahapan

    return render(
        request,
        "workflow/jadwal.html",
        {
            "pemda": pemda,
            "tahun": tahun,
            "jadwal": list(JadwalTahapan.objects.filter(pemda=pemda, tahun=tahun).order_by("mulai")),
            "tahapan_pilihan": Tahapan.choices,
            "bisa_admin": can_admin_pemda(request.user, pemda.pk),
            "bisa_kunci": can_verify_pemda(request.user, pemda.pk),
            "sekarang": timezone.now(),
            "galat": galat,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def pemda_plafon(request: HttpRequest, pemda_id: int) -> HttpResponse:
    """Pagu ceilings per agency for a year, and the pemda's setting (warning or block)."""
    pemda = _pemda(request, pemda_id)
    tahun = _tahun(request) or int(request.POST.get("tahun", "0") or 0) or (timezone.localdate().year + 1)
    galat, galat_pd, status = "", None, 200
    if request.method == "POST":
        try:
            if "mode_plafon" in request.POST:
                services.pengaturan_pemda_set(
                    pemda=pemda, mode_plafon=request.POST["mode_plafon"], actor=request.user, source=Source.WEB
                )
                messages.success(request, "Pengaturan plafon disimpan.")
            else:
                pd = get_object_or_404(PerangkatDaerah, pk=int(request.POST.get("perangkat_daerah", "0")), pemda=pemda)
                galat_pd = pd.pk
                parsed = parse_number(request.POST.get("jumlah", ""), money=True)
                if parsed.value is None or parsed.problem:
                    raise RenjaError("Tulis plafon dalam rupiah utuh, mis. 9.500.000.000.", field="jumlah")
                revisi_text = request.POST.get("revisi", "")
                services.plafon_set(
                    perangkat_daerah=pd,
                    tahun=tahun,
                    jumlah=Decimal(parsed.value),
                    sumber=request.POST.get("sumber", "RKPD").strip() or "RKPD",
                    revisi=int(revisi_text) if revisi_text.isdigit() else None,
                    actor=request.user,
                    source=Source.WEB,
                )
                messages.success(request, f"Plafon {pd.nama} {tahun} disimpan.")
            return redirect(f"{reverse('workflow:pemda_plafon', args=[pemda.pk])}?tahun={tahun}")
        except RenjaError as exc:
            galat, status = exc.message, 403 if isinstance(exc, PermissionDenied) else 422
    pengaturan = PengaturanPemda.objects.filter(pemda=pemda).first()
    return render(
        request,
        "workflow/plafon.html",
        {
            "pemda": pemda,
            "tahun": tahun,
            "baris": selectors.plafon_list(pemda, tahun),
            "mode": pengaturan.mode_plafon if pengaturan else ModePlafon.PERINGATAN,
            "mode_pilihan": ModePlafon.choices,
            "bisa_admin": can_admin_pemda(request.user, pemda.pk),
            "galat": galat,
            "galat_pd": galat_pd,
        },
        status=status,
    )


# --- public pages (no login): approved Renja only -------------------------------------------------------------


MSG_BUKAN_PUBLIK = (
    "Renja ini tidak ada atau belum disetujui untuk publik. Halaman publik hanya memuat Renja yang sudah "
    "disetujui kepala perangkat daerah; lihat daftar Renja yang disetujui."
)


@require_safe
def publik_list(request: HttpRequest) -> HttpResponse:
    """Approved Renja of every pemda, with their totals (3 queries per page)."""
    qs = (
        Renja.objects.filter(status=StatusRenja.DISETUJUI)
        .select_related("perangkat_daerah__pemda")
        .order_by("perangkat_daerah__pemda__kode", "perangkat_daerah__kode", "-tahun", "tahapan", "versi")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("halaman"))
    return render(request, "workflow/publik_list.html", {"page": page, "summaries": renja_summaries(page.object_list)})


@require_safe
def publik_renja(request: HttpRequest, pk: int) -> HttpResponse:
    renja = Renja.objects.select_related("perangkat_daerah__pemda").filter(pk=pk).first()
    if renja is None or not is_public_renja(renja):
        return render(request, "workflow/publik_tidak_ada.html", {"pesan": MSG_BUKAN_PUBLIK}, status=404)
    return render(
        request,
        "workflow/publik_renja.html",
        {"renja": renja, "overview": renja_overview(renja), "tree": renja_tree(renja)},
    )
