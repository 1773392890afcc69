"""A pemda's own look for its documents, from `$RENJA_HOME/templates/dokumen/` (no code change needed).

| file | used for |
|---|---|
| `logo.png` (or .jpg) | the logo on the cover (PDF, DOCX, HTML) |
| `kop.png` (or .jpg) | a letterhead image across the top of the cover, instead of the text letterhead |
| `referensi.docx` | the DOCX is built on this document: its styles, fonts, margins, headers and footers |
| `dokumen.css` | extra CSS for the PDF and the HTML document (added after the built-in CSS) |
| `tabel.toml` | the table layouts, replacing the shipped ones (copy the shipped file and edit it) |
| `narasi/<kode>.txt` | the text of a chapter the Renja has not written yet (`kata_pengantar`, `bab1` … `bab5`) |

A narrative template is a Django template with `renja`, `pd`, `pemda`, `tahun`, `tahun_berikut`, `tahun_lalu`,
`jumlah` (counts per level) and `total_pagu`.

docs/reference/documents.md describes each of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from renja.documents.layouts import LayoutSet, parse_layouts, shipped_layouts

SHIPPED_NARASI = Path(__file__).resolve().parent / "templates" / "documents" / "narasi"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def custom_dir() -> Path:
    return Path(settings.RENJA_HOME) / "templates" / "dokumen"


def _first(base: Path, stem: str, suffixes: tuple[str, ...]) -> Path | None:
    for suffix in suffixes:
        path = base / f"{stem}{suffix}"
        if path.is_file():
            return path
    return None


@dataclass(frozen=True)
class Custom:
    folder: Path
    logo: Path | None
    kop: Path | None
    referensi_docx: Path | None
    css: str
    layouts: LayoutSet
    layouts_sumber: str  # "bawaan" or the custom file's path

    def narasi_template(self, kode: str) -> Path | None:
        """The template of a chapter not yet written: the pemda's own, else the shipped one."""
        for base in (self.folder / "narasi", SHIPPED_NARASI):
            path = base / f"{kode}.txt"
            if path.is_file():
                return path
        return None


def load_custom() -> Custom:
    """Read the pemda's files (a missing folder means the built-in look). A broken `tabel.toml` raises
    LayoutError with a message that names the file and the table."""
    folder = custom_dir()
    layouts = shipped_layouts()
    sumber = "bawaan"
    tabel = folder / "tabel.toml"
    if tabel.is_file():
        layouts = parse_layouts(tabel.read_text(encoding="utf-8"), sumber=str(tabel))
        sumber = str(tabel)
    css_path = folder / "dokumen.css"
    docx = folder / "referensi.docx"
    return Custom(
        folder=folder,
        logo=_first(folder, "logo", IMAGE_SUFFIXES),
        kop=_first(folder, "kop", IMAGE_SUFFIXES),
        referensi_docx=docx if docx.is_file() else None,
        css=css_path.read_text(encoding="utf-8") if css_path.is_file() else "",
        layouts=layouts,
        layouts_sumber=sumber,
    )
