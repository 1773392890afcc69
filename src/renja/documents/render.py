"""One entry point for every format: `render(renja, fmt)` → (bytes, content type, file name)."""

from __future__ import annotations

from dataclasses import dataclass

from renja.documents.data import RenjaDocumentData, renja_document_data
from renja.plans.models import Renja

FORMATS = ("pdf", "docx", "xlsx", "html")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    filename: str


def render_data(data: RenjaDocumentData, fmt: str) -> Rendered:
    if fmt == "pdf":
        from renja.documents.pdf import render_pdf

        content = render_pdf(data)
    elif fmt == "docx":
        from renja.documents.docx import render_docx

        content = render_docx(data)
    elif fmt == "xlsx":
        from renja.documents.xlsx import render_xlsx

        content = render_xlsx(data)
    elif fmt == "html":
        from renja.documents.html import document_html

        content = document_html(data).encode("utf-8")
    else:
        raise ValueError(f"format tidak dikenal: {fmt} (pilih {', '.join(FORMATS)})")
    return Rendered(content, CONTENT_TYPES[fmt], f"{data.identitas.nama_berkas}.{fmt}")


NEEDS_FINDINGS = frozenset({"xlsx"})  # the formats that print the checker's findings (the Temuan sheet)


def render(renja: Renja, fmt: str) -> Rendered:
    return render_data(renja_document_data(renja, with_findings=fmt in NEEDS_FINDINGS), fmt)
