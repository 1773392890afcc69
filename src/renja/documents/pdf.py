"""The Renja as PDF: the HTML document (`html.document_html`) laid out by WeasyPrint.

WeasyPrint needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0) and fonts (fonts-liberation for the
Arial-compatible faces the tables use, fonts-dejavu-core as fallback); `scripts/_env.sh` installs them on a fresh
Debian/Ubuntu machine. docs/decisions.md says why WeasyPrint.
"""

from __future__ import annotations

from renja.core.errors import RenjaError
from renja.documents.data import RenjaDocumentData
from renja.documents.html import document_html

MSG_PUSTAKA = (
    "PDF tidak dapat dibuat: pustaka sistem untuk WeasyPrint (Pango) tidak ditemukan ({detail}). "
    "Di Debian/Ubuntu jalankan: sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation "
    "fonts-dejavu-core — atau jalankan ulang `bash scripts/demo`, yang memasangnya."
)


def render_pdf(data: RenjaDocumentData) -> bytes:
    try:
        from weasyprint import HTML
    except OSError as exc:  # the Python package is there, the system libraries are not
        raise RenjaError(MSG_PUSTAKA.format(detail=exc)) from exc
    html = document_html(data, for_pdf=True)
    pdf = HTML(string=html, base_url=str(data.custom.folder)).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
