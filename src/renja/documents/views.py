"""The Renja's documents on the web: the official tables on screen and the download buttons (PDF, DOCX, XLSX,
HTML). Login required; who may see the Renja may download it (`can_view_renja`, through `renja_get_for_user`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from renja.core.errors import RenjaError
from renja.documents.data import renja_document_data
from renja.documents.html import table_block_html
from renja.documents.layouts import LayoutError
from renja.documents.render import FORMATS, NEEDS_FINDINGS, render_data
from renja.plans.selectors import renja_get_for_user

UNDUHAN = [
    ("pdf", "PDF", "Dokumen Renja lengkap, siap cetak dan ditandatangani"),
    ("docx", "Word (DOCX)", "Dokumen yang sama untuk disunting di Word/LibreOffice"),
    ("xlsx", "Excel (XLSX)", "Semua tabel resmi; lembar T-C.33 dapat diimpor kembali"),
    ("html", "HTML", "Dokumen yang sama untuk peramban"),
]


@require_safe
@login_required
def dokumen(request: HttpRequest, pk: int) -> HttpResponse:
    renja = renja_get_for_user(request.user, pk)
    try:
        data = renja_document_data(renja)
    except LayoutError as exc:
        return render(request, "documents/dokumen_page.html", {"renja": renja, "galat": str(exc)}, status=500)
    tables = [{"tabel": t, "html": table_block_html(t, screen=True)} for t in data.tabel]
    context = {"renja": renja, "d": data, "tables": tables, "unduhan": UNDUHAN}
    return render(request, "documents/dokumen_page.html", context)


@require_safe
@login_required
def unduh(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404(f"Format '{fmt}' tidak tersedia; pilih salah satu dari {', '.join(FORMATS)}.")
    renja = renja_get_for_user(request.user, pk)
    try:
        rendered = render_data(renja_document_data(renja, with_findings=fmt in NEEDS_FINDINGS), fmt)
    except (RenjaError, LayoutError) as exc:
        message = getattr(exc, "message", str(exc))
        return render(request, "documents/dokumen_page.html", {"renja": renja, "galat": message}, status=500)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{rendered.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
