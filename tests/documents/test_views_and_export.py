"""The Dokumen tab, the downloads (scope checked) and `renja export --format docx|pdf|xlsx|html`."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from renja.master.models import Peran
from renja.plans.models import Narasi, Renja
from tests.factories import PerangkatDaerahFactory, PeranPenggunaFactory, RenjaFactory
from tests.plans.builders import build_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def renja() -> Renja:
    renja = RenjaFactory(tahun=2024, penandatangan_nama="BUDI SANTOSO", penandatangan_nip="19700101 199001 1 001")
    build_tree(renja, 1, 2, 2)
    Narasi.objects.create(renja=renja, kode="bab1", judul="PENDAHULUAN", teks="1.1 Latar Belakang\n\nTeks bab satu.")
    return renja


def login(client: Client, renja: Renja, peran: str = Peran.PERENCANA) -> None:
    pd = renja.perangkat_daerah
    role = PeranPenggunaFactory(peran=peran, pemda=pd.pemda, perangkat_daerah=pd)
    client.force_login(role.user)


def test_the_dokumen_tab_shows_the_tables_and_the_download_links(client: Client, renja: Renja) -> None:
    login(client, renja)
    page = client.get(reverse("documents:dokumen", args=[renja.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<table class="dok-tabel') == 7
    assert "Tabel 3.2" in html and "Rumusan Rencana Program dan Kegiatan" in html
    for fmt in ("pdf", "docx", "xlsx", "html"):
        assert reverse("documents:unduh", args=[renja.pk, fmt]) in html
    assert 'aria-current="page">Dokumen' in html
    # the plan's total, in Indonesian format, with its explanation on hover
    assert "4.000.000" in html and "Σ pagu program (2024)" in html


def test_downloads_carry_the_file_and_its_name(client: Client, renja: Renja) -> None:
    login(client, renja)
    xlsx = client.get(reverse("documents:unduh", args=[renja.pk, "xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].endswith("spreadsheetml.sheet")
    assert xlsx["Content-Disposition"].startswith('attachment; filename="renja-2024-')
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert "T-C.33 Rencana" in wb.sheetnames
    word = client.get(reverse("documents:unduh", args=[renja.pk, "docx"]))
    doc = docx.Document(io.BytesIO(word.content))
    assert any(p.text.startswith("BAB I\n") for p in doc.paragraphs)
    html = client.get(reverse("documents:unduh", args=[renja.pk, "html"]))
    assert html["Content-Disposition"].startswith("inline;")
    assert "Teks bab satu." in html.content.decode()
    assert client.get(reverse("documents:unduh", args=[renja.pk, "odt"])).status_code == 404


@pytest.mark.slow
def test_pdf_download(client: Client, renja: Renja) -> None:
    login(client, renja)
    pdf = client.get(reverse("documents:unduh", args=[renja.pk, "pdf"]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_documents_need_login_and_scope(client: Client, renja: Renja) -> None:
    url = reverse("documents:unduh", args=[renja.pk, "xlsx"])
    assert client.get(url).status_code == 302
    other = RenjaFactory(perangkat_daerah=PerangkatDaerahFactory(pemda=renja.perangkat_daerah.pemda))
    login(client, other)
    assert client.get(url).status_code == 403
    assert client.get(reverse("documents:dokumen", args=[renja.pk])).status_code == 403
    assert client.get(reverse("documents:dokumen", args=[999999])).status_code == 404


def test_export_command_writes_each_format(renja: Renja, tmp_path: Path) -> None:
    pd = renja.perangkat_daerah.kode
    for fmt in ("xlsx", "docx"):
        out = tmp_path / f"renja.{fmt}"
        call_command(
            "export", "--pd", pd, "--tahun", "2024", "--format", fmt, "--output", str(out), stderr=io.StringIO()
        )
        assert out.stat().st_size > 5000
    assert openpyxl.load_workbook(tmp_path / "renja.xlsx")["T-C.33 Rencana"]["A7"].value == "2.13.01"
    stdout = io.StringIO()
    call_command("export", "--pd", pd, "--tahun", "2024", "--format", "html", stdout=stdout)
    assert stdout.getvalue().startswith("<!doctype html>")
    stdout = io.StringIO()
    call_command("export", "--pd", pd, "--tahun", "2024", "--format", "json", stdout=stdout)
    assert '"format": "renja-json/1"' in stdout.getvalue()
    with pytest.raises(CommandError, match="beri --output"):
        call_command("export", "--pd", pd, "--tahun", "2024", "--format", "pdf")
