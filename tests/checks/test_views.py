"""The findings page of a Renja: login and scope, links to the rows of the plan tree, the checklist, a tab."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from renja.master.models import Level, Peran
from renja.master.nomenklatur import nomenklatur_load_builtin
from renja.plans.models import Renja
from tests.factories import PaguFactory, PeranPenggunaFactory, PlanRowFactory, RenjaFactory
from tests.plans.builders import build_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def renja() -> Renja:
    renja = RenjaFactory(tahun=2024)
    program = PlanRowFactory(renja=renja, level=Level.PROGRAM, kode="2.13.04", nama="Program Administrasi")
    keg = PlanRowFactory(renja=renja, parent=program, level=Level.KEGIATAN, kode="2.13.04.2.01", nama="Keg A")
    PaguFactory(row=program, tahun=2024, jumlah=Decimal("8319719640"), teks="8.319.719.640")
    PaguFactory(row=keg, tahun=2024, jumlah=Decimal("8319719000"), teks="8.319.719.000")
    return renja


def login(client: Client, renja: Renja, peran: str = Peran.PERENCANA) -> None:
    pd = renja.perangkat_daerah
    role = PeranPenggunaFactory(peran=peran, pemda=pd.pemda, perangkat_daerah=pd if peran == Peran.PERENCANA else None)
    client.force_login(role.user)


def test_the_page_lists_findings_with_links_to_the_rows(client: Client, renja: Renja) -> None:
    login(client, renja, Peran.VERIFIKATOR)
    program = renja.rows.get(level=Level.PROGRAM)
    response = client.get(reverse("checks:renja_temuan", args=[renja.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "PAGU_INDUK_TIDAK_SESUAI" in html
    assert f'href="/renja/{renja.pk}/rincian/#baris-{program.pk}"' in html
    assert "Kelengkapan dokumen" in html and "tata letak SIPD-RI" in html
    assert "8.319.719.000" in html  # the expected value, Indonesian formatted
    # the tab bar of every Renja page links here
    detail = client.get(reverse("plans:renja_detail", args=[renja.pk])).content.decode()
    assert reverse("checks:renja_temuan", args=[renja.pk]) in detail


def test_the_page_filters_by_severity(client: Client, renja: Renja) -> None:
    login(client, renja)
    html = client.get(reverse("checks:renja_temuan", args=[renja.pk]) + "?tingkat=info").content.decode()
    assert "PAGU_INDUK_TIDAK_SESUAI" not in html
    html = client.get(reverse("checks:renja_temuan", args=[renja.pk]) + "?tingkat=error").content.decode()
    assert "PAGU_INDUK_TIDAK_SESUAI" in html


def test_scope_is_checked(client: Client, renja: Renja) -> None:
    url = reverse("checks:renja_temuan", args=[renja.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    other = RenjaFactory(tahun=2024, perangkat_daerah__kode="2.13.0.00.0.00.77.0000")
    login(client, other)
    assert client.get(url).status_code == 403
    assert client.get(reverse("checks:renja_temuan", args=[999999])).status_code == 404


def test_the_page_runs_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    nomenklatur_load_builtin(actor=None, source="cli")  # as on any installation (else it is loaded and rolled back)
    renja = RenjaFactory(tahun=2024)
    build_tree(renja, 3, 3, 3)
    login(client, renja)
    # session, user, Renja, roles; nomenclature (version + 5 levels); the loader (about 10); wilayah
    with django_assert_max_num_queries(25):
        assert client.get(reverse("checks:renja_temuan", args=[renja.pk])).status_code == 200
