"""The checks themselves: pure functions over a neutral input model (`model.DokumenCek`), no Django.

`periksa.periksa(doc, nomenklatur=…, wilayah=…)` runs them all; `temuan.REGISTRY` documents every code;
`dari_teks`, `dari_json` and `dari_xlsx` turn a parsed text (or DOCX) document, the canonical JSON and the
product's XLSX workbook into the input model (the stored plan's loader is `renja.checks.loader`).
"""
