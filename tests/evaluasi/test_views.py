"""The evaluation pages: login and scope, forms that validate in Bahasa Indonesia, explanations on the page,
a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from renja.master.models import Peran
from renja.plans.models import Indikator, Realisasi
from tests.evaluasi.builders import Rencana, build_rencana, e81_workbook
from tests.factories import PerangkatDaerahFactory, PeranPenggunaFactory
from tests.plans.builders import build_tree

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def rencana() -> Rencana:
    return build_rencana()


def login(client: Client, rencana: Rencana, peran: str = Peran.PERENCANA) -> None:
    pd = rencana.renja.perangkat_daerah
    role = PeranPenggunaFactory(
        peran=peran, pemda=pd.pemda, perangkat_daerah=pd if peran in ("perencana", "kepala_pd") else None
    )
    client.force_login(role.user)


def urls(rencana: Rencana) -> dict[str, str]:
    pk = rencana.renja.pk
    return {
        "tc29": reverse("evaluasi:tc29", args=[pk]),
        "tc29_json": reverse("evaluasi:tc29_json", args=[pk]),
        "e81": reverse("evaluasi:e81", args=[pk]),
        "e81_json": reverse("evaluasi:e81_json", args=[pk]) + "?triwulan=1",
        "form": reverse("evaluasi:realisasi_baris", args=[pk, rencana.sub1.pk]) + "?triwulan=1",
        "catatan": reverse("evaluasi:catatan_triwulan", args=[pk]) + "?triwulan=1",
        "impor": reverse("evaluasi:impor_e81", args=[pk]),
        "semantik": reverse("evaluasi:semantik", args=[pk, rencana.ind_sub1.pk]),
    }


def test_every_page_needs_a_login(client: Client, rencana: Rencana) -> None:
    for url in urls(rencana).values():
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_another_agency_sees_nothing(client: Client, rencana: Rencana) -> None:
    other = PerangkatDaerahFactory(pemda=rencana.renja.perangkat_daerah.pemda)
    client.force_login(PeranPenggunaFactory(peran=Peran.PERENCANA, pemda=other.pemda, perangkat_daerah=other).user)
    for url in urls(rencana).values():
        assert client.get(url).status_code == 403


def test_a_verifier_reads_the_tables_but_cannot_enter_realisation(client: Client, rencana: Rencana) -> None:
    login(client, rencana, Peran.VERIFIKATOR)
    u = urls(rencana)
    for key in ("tc29", "tc29_json", "e81", "e81_json"):
        assert client.get(u[key]).status_code == 200, key
    for key in ("form", "catatan", "impor", "semantik"):
        assert client.get(u[key]).status_code == 403, key
    page = client.get(u["e81"]).content.decode()
    assert "hanya perencana" in page  # says why there is nothing to fill in
    assert "monev/baris" not in page and "Isi catatan triwulan" not in page and "/semantik/" not in page


def test_the_tables_render_with_clickable_explanations(client: Client, rencana: Rencana) -> None:
    login(client, rencana)
    u = urls(rencana)
    tc29 = client.get(u["tc29"]).content.decode()
    assert "Evaluasi T-C.29" in tc29 and 'aria-current="page">Evaluasi T-C.29' in tc29
    assert "T-C.29 — Rekapitulasi evaluasi" in tc29
    assert 'popover class="penjelasan"' in tc29 and "popovertarget=" in tc29
    assert "Jumlah Dokumen Administrasi" in tc29
    e81 = client.get(u["e81"] + "?triwulan=3").content.decode()
    assert "Formulir E.81" in e81 and 'aria-current="page">TW III' in e81
    assert "Catatan evaluasi triwulan III" in e81
    assert client.get(u["e81"] + "?triwulan=7").status_code == 400
    assert client.get(u["e81"] + "?triwulan=x").status_code == 400
    assert client.get(u["e81_json"].replace("triwulan=1", "triwulan=0")).status_code == 400
    data = client.get(u["e81_json"]).json()
    assert data["tabel"] == "E.81" and data["triwulan"] == 1
    assert client.get(u["tc29_json"]).json()["tabel"] == "T-C.29"


def test_the_realisation_form_saves_and_validates_in_indonesian(client: Client, rencana: Rencana) -> None:
    login(client, rencana)
    url = urls(rencana)["form"]
    page = client.get(url)
    assert page.status_code == 200 and "Target tahun ini" in page.content.decode()
    k = f"k{rencana.ind_sub1.pk}"
    bad = client.post(url, {"triwulan": 1, f"{k}_nilai": "tiga", "a_nilai": "1.500,50"})
    assert bad.status_code == 200
    body = bad.content.decode()
    assert "&#x27;tiga&#x27; tidak terbaca sebagai angka" in body and "rupiah bulat" in body
    assert not Realisasi.objects.filter(tahun=2024).exists()
    units = client.post(url, {"triwulan": 1, "a_nilai": "5 dokumen"})
    assert "tanpa satuan" in units.content.decode()
    ok = client.post(
        url, {"triwulan": 1, f"{k}_nilai": "1,5", f"{k}_bukti": "foto", "a_nilai": "1.500.000", "unit": "UPT"}
    )
    assert ok.status_code == 302
    entry = Realisasi.objects.get(indikator=rencana.ind_sub1, triwulan=1)
    assert (entry.nilai, entry.teks, entry.bukti) == (D("1.5"), "1,5", "foto")
    assert Realisasi.objects.get(row=rencana.sub1, triwulan=1).anggaran == D(1500000)
    again = client.get(url).content.decode()
    assert 'value="1,5"' in again and 'value="1.500.000"' in again and 'value="UPT"' in again
    followed = client.get(ok["Location"]).content.decode()
    assert "Realisasi TW I" in followed and "disimpan" in followed
    # a parent row has no anggaran field; the other quarters are one click away
    parent = client.get(reverse("evaluasi:realisasi_baris", args=[rencana.renja.pk, rencana.kegiatan.pk]))
    assert "a_nilai" not in parent.context["form"].fields
    assert "dihitung dari jumlah realisasi anggaran rinciannya" in parent.content.decode()
    assert client.get(url.replace("triwulan=1", "triwulan=5")).status_code == 400


def test_a_stored_value_without_text_is_shown_again(client: Client, rencana: Rencana) -> None:
    Realisasi.objects.create(indikator=rencana.ind_sub1, tahun=2024, triwulan=2, nilai=D("2.5"))
    Realisasi.objects.create(row=rencana.sub1, tahun=2024, triwulan=2, anggaran=D(2000))
    login(client, rencana)
    page = client.get(urls(rencana)["form"].replace("triwulan=1", "triwulan=2")).content.decode()
    assert 'value="2,5"' in page and 'value="2.000"' in page


def test_a_locked_renja_still_takes_realisation_from_its_planner(client: Client, rencana: Rencana) -> None:
    rencana.renja.terkunci = True
    rencana.renja.save()
    login(client, rencana)
    k = f"k{rencana.ind_sub1.pk}"
    assert client.post(urls(rencana)["form"], {"triwulan": 1, f"{k}_nilai": "1"}).status_code == 302


def test_service_errors_show_on_the_form(client: Client, rencana: Rencana, monkeypatch: pytest.MonkeyPatch) -> None:
    from renja.core.errors import RenjaError
    from renja.evaluasi import services

    def refuse(**kwargs: object) -> int:
        raise RenjaError("Ditolak untuk uji.")

    monkeypatch.setattr(services, "realisasi_baris_simpan", refuse)
    monkeypatch.setattr(services, "indikator_semantik_update", refuse)
    login(client, rencana)
    u = urls(rencana)
    assert "Ditolak untuk uji." in client.post(u["form"], {"triwulan": 1}).content.decode()
    form = {"arah": "naik", "agregasi_dalam_tahun": "jumlah", "agregasi_antar_tahun": "jumlah"}
    assert "Ditolak untuk uji." in client.post(u["semantik"], form).content.decode()


def test_the_semantics_form_recomputes_and_returns_only_to_this_site(client: Client, rencana: Rencana) -> None:
    login(client, rencana)
    url = urls(rencana)["semantik"]
    page = client.get(url).content.decode()
    assert "Semantik indikator" in page and "Jumlah dokumen administrasi" in page
    form = {
        "arah": "turun",
        "agregasi_dalam_tahun": "nilai_akhir",
        "agregasi_antar_tahun": "nilai_akhir",
        "catatan": "x",
    }
    back = urls(rencana)["e81"] + "?triwulan=2#baris-1"
    response = client.post(url, {**form, "next": back})
    assert response.status_code == 302 and response["Location"] == back
    ind = Indikator.objects.get(pk=rencana.ind_sub1.pk)
    assert (ind.arah, ind.semantik_disimpulkan) == ("turun", False)
    evil = client.post(url, {**form, "next": "https://contoh.invalid/"})
    assert evil["Location"] == urls(rencana)["tc29"]
    invalid = client.post(url, {**form, "arah": "miring"})
    assert invalid.status_code == 200 and "miring" in invalid.content.decode()
    other = build_rencana()
    assert client.get(reverse("evaluasi:semantik", args=[rencana.renja.pk, other.ind_sub1.pk])).status_code == 404


def test_the_footer_form(client: Client, rencana: Rencana) -> None:
    login(client, rencana)
    url = urls(rencana)["catatan"]
    assert "Faktor pendorong" in client.get(url).content.decode()
    data = {
        "triwulan": 1,
        "faktor_pendorong": "A",
        "faktor_penghambat": "B",
        "tindak_lanjut_triwulan": "C",
        "tindak_lanjut_renja": "D",
    }
    assert client.post(url, data).status_code == 302
    again = client.get(url)
    assert again.context["form"].initial["faktor_pendorong"] == "A"
    assert "A</textarea>" in again.content.decode()
    assert client.get(url.replace("triwulan=1", "triwulan=9")).status_code == 400


def test_the_import_page_tries_then_imports(client: Client, rencana: Rencana) -> None:
    login(client, rencana)
    url = urls(rencana)["impor"]
    assert "Impor realisasi triwulan" in client.get(url).content.decode()
    rows = [
        {"program": "2.13.04.2.01.0001 Fasilitasi", "indikator": "Jumlah dokumen administrasi", "8K": 1, "8Rp": 5000}
    ]
    data = e81_workbook(rows)
    trial = client.post(url, {"berkas": SimpleUploadedFile("e81.xlsx", data), "uji_coba": "on"})
    assert "Hasil uji coba" in trial.content.decode() and not Realisasi.objects.filter(tahun=2024).exists()
    real = client.post(url, {"berkas": SimpleUploadedFile("e81.xlsx", data)})
    assert "Hasil impor" in real.content.decode()
    assert Realisasi.objects.get(indikator=rencana.ind_sub1, triwulan=1).nilai == D(1)
    broken = client.post(url, {"berkas": SimpleUploadedFile("x.xlsx", b"bukan")})
    assert "bukan XLSX" in broken.content.decode()


def test_pages_read_a_fixed_number_of_queries(
    client: Client, rencana: Rencana, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    login(client, rencana)
    u = urls(rencana)
    counts = {}
    for size in (1, 3):
        build_tree(rencana.renja, programs=size, kegiatan=2, subs=2)
        for key in ("tc29", "e81"):
            with django_assert_max_num_queries(40) as ctx:
                assert client.get(u[key] + ("?triwulan=1" if key == "e81" else "")).status_code == 200
            counts.setdefault(key, []).append(len(ctx.captured_queries))
    assert counts["tc29"][0] == counts["tc29"][1]
    assert counts["e81"][0] == counts["e81"][1]


def test_an_oversized_upload_is_refused_before_reading(
    client: Client, rencana: Rencana, settings: pytest.FixtureRequest
) -> None:
    settings.RENJA_MAX_IMPORT_BYTES = 10  # type: ignore[attr-defined]
    login(client, rencana)
    response = client.post(urls(rencana)["impor"], {"berkas": SimpleUploadedFile("e81.xlsx", b"x" * 100)})
    assert "melebihi batas" in response.content.decode()


def test_monitoring_data_is_browsable_read_only_in_the_admin(client: Client, rencana: Rencana) -> None:
    from renja.core.types import Source
    from renja.evaluasi import services
    from tests.factories import UserFactory

    services.unit_penanggung_jawab_set(renja=rencana.renja, row=rencana.sub1, unit="UPT", actor=None, source=Source.CLI)
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    for name in ("catatantriwulan", "unitpenanggungjawab"):
        response = client.get(reverse(f"admin:evaluasi_{name}_changelist"), {"q": "UPT"})
        assert response.status_code == 200
        assert client.get(reverse(f"admin:evaluasi_{name}_add")).status_code == 403
