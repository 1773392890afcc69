"""A pemda's letterhead, logo, DOCX reference, CSS, table layouts and narrative templates from RENJA_HOME."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.shared import Pt
from PIL import Image

from renja.documents.data import renja_document_data
from renja.documents.docx import render_docx
from renja.documents.html import document_html
from renja.documents.layouts import LayoutError, shipped_text
from renja.documents.xlsx import render_xlsx
from renja.plans.models import Narasi, Renja
from tests.factories import RenjaFactory
from tests.plans.builders import build_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def renja() -> Renja:
    renja = RenjaFactory(tahun=2024, penandatangan_nama="BUDI SANTOSO")
    build_tree(renja, 1, 1, 1)
    Narasi.objects.create(renja=renja, kode="bab1", judul="PENDAHULUAN", teks="Teks bab satu milik Renja.")
    return renja


@pytest.fixture
def home(settings: Any, tmp_path: Path) -> Path:
    settings.RENJA_HOME = tmp_path
    folder = tmp_path / "templates" / "dokumen"
    (folder / "narasi").mkdir(parents=True)
    return folder


def _png(path: Path, color: str) -> None:
    Image.new("RGB", (40, 40), color).save(path)


def test_without_custom_files_the_built_in_look_and_shipped_narrative_templates_are_used(renja: Renja) -> None:
    data = renja_document_data(renja)
    assert data.custom.logo is None and data.custom.layouts_sumber == "bawaan"
    assert data.bab[0].dari_template is False
    # a chapter the Renja has not written gets the shipped template, filled with the Renja's data
    bab5 = data.bab[4]
    assert bab5.dari_template is True
    text = " ".join(b.block.text for b in bab5.bagian if b.block)
    assert renja.perangkat_daerah.nama in text and "2024" in text


def test_logo_letterhead_css_layouts_and_narrative_from_renja_home(renja: Renja, home: Path) -> None:
    _png(home / "logo.png", "red")
    _png(home / "kop.jpg", "blue")
    (home / "dokumen.css").write_text(".sampul .jenis { color: #123456; }", encoding="utf-8")
    (home / "tabel.toml").write_text(
        shipped_text().replace(
            'judul = "Catatan Penting", jenis = "teks", lebar = 12',
            'judul = "Keterangan Pemda", jenis = "teks", lebar = 12',
        ),
        encoding="utf-8",
    )
    (home / "narasi" / "bab5.txt").write_text(
        "Demikian Renja {{ pd.nama }} tahun {{ tahun }} dengan pagu Rp {{ total_pagu }}.", encoding="utf-8"
    )
    data = renja_document_data(renja)
    html = document_html(data)
    assert "data:image/png;base64," in html and "data:image/jpeg;base64," in html
    assert ".sampul .jenis { color: #123456; }" in html
    assert "Keterangan Pemda" in html
    assert f"Demikian Renja {renja.perangkat_daerah.nama} tahun 2024 dengan pagu Rp 1.000.000." in html
    assert "Teks bab satu milik Renja." in html  # the Renja's own text wins over any template
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(data)))["T-C.33 Rencana"]
    assert ws["H4"].value == "Keterangan Pemda"


def test_docx_is_built_on_the_reference_document(renja: Renja, home: Path) -> None:
    ref = docx.Document()
    ref.styles["Normal"].font.name = "Bookman Old Style"
    ref.styles["Normal"].font.size = Pt(12)
    ref.sections[0].header.paragraphs[0].text = "KOP PEMERINTAH KABUPATEN CONTOH"
    ref.add_paragraph("isi contoh yang harus hilang")
    ref.save(str(home / "referensi.docx"))
    out = docx.Document(io.BytesIO(render_docx(renja_document_data(renja))))
    assert out.styles["Normal"].font.name == "Bookman Old Style"
    assert out.sections[0].header.paragraphs[0].text == "KOP PEMERINTAH KABUPATEN CONTOH"
    assert all("isi contoh" not in p.text for p in out.paragraphs)
    assert any(p.text == "Teks bab satu milik Renja." for p in out.paragraphs)


def test_a_reference_document_without_the_needed_styles_still_works(renja: Renja, home: Path) -> None:
    ref = docx.Document()
    styles = ref.styles.element
    for style in list(styles):
        name = style.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}name")
        if name is not None and name.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") in {
            "heading 1",
            "heading 2",
            "caption",
            "Table Grid",
        }:
            styles.remove(style)
    ref.save(str(home / "referensi.docx"))
    out = docx.Document(io.BytesIO(render_docx(renja_document_data(renja))))
    assert [p.text.split("\n")[0] for p in out.paragraphs if p.style.name == "Heading 1"][1:] == [
        "BAB I",
        "BAB II",
        "BAB III",
        "BAB IV",
        "BAB V",
    ]
    assert len(out.tables) == 7


def test_a_broken_layout_file_is_reported(renja: Renja, home: Path) -> None:
    (home / "tabel.toml").write_text("[[tabel]]\nkode = 'X'", encoding="utf-8")
    with pytest.raises(LayoutError, match=r"tabel\.toml"):
        renja_document_data(renja)
