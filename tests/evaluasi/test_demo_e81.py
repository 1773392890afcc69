"""'Done when' of issue 3: the demo agency's perencana enters quarterly realisation through the web form; the
E.81 page shows it with averages and predikat, and `renja evaluate --tabel E.81 --json` gives the same figures."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from renja.core.types import Source
from renja.importers.report import ImportReport
from renja.importers.services import renja_document_import
from renja.master.models import Peran, PerangkatDaerah
from renja.plans.models import PlanRow, Realisasi, Renja
from tests.conftest import SEED
from tests.factories import PeranPenggunaFactory, UserFactory

D = Decimal
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# (row code, quarter) → what the perencana types into the form: kinerja per indicator, anggaran
ENTRIES: dict[tuple[str, int], dict[str, str]] = {
    ("2.13.01.2.01.0001", 1): {
        "kinerja": "1",
        "anggaran": "10.000.000",
        "bukti": "Renja 2025 draf",
        "catatan": "tepat waktu",
    },
    ("2.13.01.2.01.0001", 2): {"kinerja": "1", "anggaran": "15.000.000"},
    ("2.13.01.2.01.0007", 1): {"kinerja": "0", "anggaran": "1.000.000"},
    ("2.13.01.2.01.0007", 2): {"kinerja": "1", "anggaran": "1.500.000", "catatan": "LKjIP selesai"},
    ("2.13.01", 1): {"kinerja": "77"},  # Indeks Kepuasan Masyarakat (skor, nilai akhir): no anggaran on a program
    ("2.13.01", 2): {"kinerja": "80"},
}


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[ImportReport]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        report = renja_document_import(
            data=SEED.read_bytes(), filename=SEED.name, actor=None, source=Source.CLI, pemda_kode="35.20"
        )
        yield report
        transaction.set_rollback(True)


def enter_through_the_web_form(client: Client, renja: Renja) -> None:
    for (kode, tw), entry in ENTRIES.items():
        row = PlanRow.objects.get(renja=renja, kode=kode)
        url = reverse("evaluasi:realisasi_baris", args=[renja.pk, row.pk]) + f"?triwulan={tw}"
        page = client.get(url)
        assert page.status_code == 200
        form = page.context["form"]
        data: dict[str, Any] = {"triwulan": tw, "unit": ""}
        (ind,) = row.indikator.all()
        data[f"k{ind.pk}_nilai"] = entry["kinerja"]
        data[f"k{ind.pk}_bukti"] = entry.get("bukti", "")
        data[f"k{ind.pk}_catatan"] = entry.get("catatan", "")
        if "a_nilai" in form.fields:
            data["a_nilai"] = entry["anggaran"]
            data["a_bukti"] = ""
            data["a_catatan"] = ""
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"].endswith(f"?triwulan={tw}#baris-{row.pk}")


def test_quarterly_realisation_through_the_web_form_gives_the_same_e81_on_the_page_and_in_the_cli(
    seeded: ImportReport, client: Client
) -> None:
    renja = Renja.objects.get(utama=True, tahun=2024)
    pd = PerangkatDaerah.objects.get(nama="Dinas Pemberdayaan Masyarakat dan Desa")
    user = UserFactory(username="perencana-dpmd")
    PeranPenggunaFactory(user=user, peran=Peran.PERENCANA, pemda=pd.pemda, perangkat_daerah=pd)
    assert client.login(username="perencana-dpmd", password="rahasia-123")

    enter_through_the_web_form(client, renja)
    stored = Realisasi.objects.filter(tahun=2024, triwulan__in=(1, 2))
    assert stored.filter(indikator__isnull=False).count() == 6 and stored.filter(row__isnull=False).count() == 4
    assert stored.get(row__kode="2.13.01.2.01.0001", triwulan=1).anggaran == D(10_000_000)

    footer_url = reverse("evaluasi:catatan_triwulan", args=[renja.pk]) + "?triwulan=2"
    response = client.post(
        footer_url,
        {
            "triwulan": 2,
            "faktor_pendorong": "Dukungan kepala desa",
            "faktor_penghambat": "Keterlambatan SPJ",
            "tindak_lanjut_triwulan": "Percepat SPJ",
            "tindak_lanjut_renja": "Sesuaikan target dokumen",
        },
    )
    assert response.status_code == 302

    page = client.get(reverse("evaluasi:e81", args=[renja.pk]) + "?triwulan=2")
    assert page.status_code == 200
    table = page.context["table"]
    html = page.content.decode()

    # the page's figures, by code
    def line(kode: str):  # type: ignore[no-untyped-def]
        return next(r for r in table.rows if r.kode == kode and r.baris_pertama)

    sub1, sub7, keg, ikm = (line(k) for k in ("2.13.01.2.01.0001", "2.13.01.2.01.0007", "2.13.01.2.01", "2.13.01"))
    assert (sub1.kolom[12].value, sub1.kolom[13].value, sub1.kolom[13].predikat.kode) == (D(2), D("100.00"), "ST")
    assert (sub7.kolom[12].value, sub7.kolom[13].value) == (D(1), D("50.00"))
    assert (ikm.kolom[12].value, ikm.kolom[13].value) == (D(80), D("101.27"))  # the last quarter, not 77 + 80
    assert (sub1.kolom_rp[12].value, sub1.kolom_rp[13].value) == (D(25_000_000), D("69.44"))
    assert (keg.kolom_rp[12].value, keg.kolom_rp[13].value) == (D(27_500_000), D("68.75"))  # Σ of its two subs
    assert sub1.keterangan == "" and sub7.keterangan == "LKjIP selesai"
    f = table.footer
    # kinerja: (100 + 50 + 101,27) / 3; anggaran: (69,44 + 62,50 + 68,75) / 3 — computed separately
    assert (f.rata_kinerja.value, f.rata_kinerja.predikat.kode) == (D("83.76"), "T")
    assert (f.rata_anggaran.value, f.rata_anggaran.predikat.kode) == (D("66.90"), "S")
    assert "83,76" in html and "66,90" in html and "Tinggi" in html and "Sedang" in html
    assert "Dukungan kepala desa" in html and "T/R × 100" in html
    assert re.search(r'popovertarget="pj-\d+-13K"', html)  # computed cells open their explanation

    out = io.StringIO()
    call_command("evaluate", tahun=2024, tabel="E.81", triwulan=2, json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["triwulan"] == 2 and data["rumus_turun"]["kode"] == "t_per_r"
    cli = {b["kode"]: b for b in data["baris"] if b["baris_pertama"]}
    for row in (sub1, sub7, keg, ikm):
        got = cli[row.kode]
        for k in range(5, 16):
            assert got["kolom"][str(k)]["K"] == (None if row.kolom[k].value is None else float(row.kolom[k].value))
            assert got["kolom"][str(k)]["Rp"] == (
                None if row.kolom_rp[k].value is None else float(row.kolom_rp[k].value)
            )
        assert got["predikat"] == row.predikat
    assert cli["2.13.01.2.01.0001"]["predikat"] == {"13K": "ST", "13Rp": "S"}
    footer = data["footer"]
    assert footer["rata_rata_capaian_kinerja"]["nilai"] == 83.76 and footer["predikat_kinerja"] == "T"
    assert footer["rata_rata_capaian_anggaran"]["nilai"] == 66.9 and footer["predikat_anggaran"] == "S"
    assert footer["faktor_penghambat"] == "Keterlambatan SPJ"
    assert footer["tindak_lanjut_renja_berikutnya"] == "Sesuaikan target dokumen"
    assert cli["2.13.01.2.01.0001"]["penjelasan"]["12K"] == (
        "(8) + (9) = 1 + 1 = 2. Aturan: agregasi dalam tahun: jumlah (realisasi tiap triwulan dijumlahkan). "
        "Masukan: (8) TW I = 1; (9) TW II = 1."
    )
