"""Official documents of a Renja: one report-data object (`data.renja_document_data`) rendered to PDF, DOCX,
XLSX and the on-screen HTML tables, so every output shows the same numbers.

Pure modules (no Django, checked by import-linter): `layouts` (the official table layouts, read from data files)
and `narasi` (narrative text → blocks).
"""
