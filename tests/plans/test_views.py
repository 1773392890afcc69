"""The read-only pages: login required, scope checked, Indonesian numbers, a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from renja.master.models import Level, Peran
from renja.plans.models import Renja
from tests.factories import (
    PaguFactory,
    PemdaFactory,
    PerangkatDaerahFactory,
    PeranPenggunaFactory,
    PlanRowFactory,
    RenjaFactory,
    UserFactory,
)
from tests.plans.builders import build_tree

pytestmark = pytest.mark.django_db


def login_perencana(client: Client, renja: Renja) -> None:
    pd = renja.perangkat_daerah
    role = PeranPenggunaFactory(peran=Peran.PERENCANA, pemda=pd.pemda, perangkat_daerah=pd)
    client.force_login(role.user)


def page_urls(renja: Renja) -> list[str]:
    return [reverse("plans:renja_detail", args=[renja.pk]), reverse("plans:renja_tree", args=[renja.pk])]


@pytest.fixture
def renja() -> Renja:
    renja = RenjaFactory(tahun=2024)
    program = PlanRowFactory(renja=renja, level=Level.PROGRAM, kode="2.13.04", nama="Program Pemberdayaan")
    keg = PlanRowFactory(renja=renja, parent=program, level=Level.KEGIATAN, kode="2.13.04.2.01", nama="Keg A")
    PaguFactory(row=program, tahun=2024, jumlah=Decimal("8319719640"))
    PaguFactory(row=keg, tahun=2024, jumlah=Decimal("8319719000"))
    PaguFactory(row=program, tahun=2025, jumlah=Decimal("9000000000"))
    return renja


def test_anonymous_is_sent_to_login(client: Client, renja: Renja) -> None:
    for url in [reverse("plans:home"), *page_urls(renja)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('login')}?next=")


def test_login_page_and_login(client: Client) -> None:
    UserFactory(username="perencana")

    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "Masuk" in page.content.decode()
    response = client.post(reverse("login"), {"username": "perencana", "password": "rahasia-123"})
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:home")


def test_wrong_password_is_refused_in_indonesian(client: Client) -> None:
    UserFactory(username="perencana")

    response = client.post(reverse("login"), {"username": "perencana", "password": "salah"})

    assert response.status_code == 200
    assert "alert-error" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_form(client: Client, renja: Renja) -> None:
    login_perencana(client, renja)

    home = client.get(reverse("plans:home")).content.decode()
    assert f'<form method="post" action="{reverse("logout")}"' in home
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("plans:home")).status_code == 302


def test_allowed_user_sees_every_page(client: Client, renja: Renja) -> None:
    login_perencana(client, renja)

    for url in [reverse("plans:home"), *page_urls(renja)]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Renja" in html
        assert "Keluar" in html
        assert "2.024" not in html  # years are not written with a thousands separator


def test_user_of_another_agency_is_refused(client: Client, renja: Renja) -> None:
    other = RenjaFactory()
    login_perencana(client, other)

    home = client.get(reverse("plans:home")).content.decode()
    assert renja.perangkat_daerah.nama not in home
    assert other.perangkat_daerah.nama in home
    for url in page_urls(renja):
        response = client.get(url)
        assert response.status_code == 403
        html = response.content.decode()
        assert "Anda tidak berhak melihat Renja ini" in html
        assert "Program Pemberdayaan" not in html
        assert "8.319.719.640" not in html


def test_user_of_another_pemda_verifikator_is_refused(client: Client, renja: Renja) -> None:
    role = PeranPenggunaFactory(peran=Peran.VERIFIKATOR, pemda=PemdaFactory(kode="35.21", nama="Ngawi"))
    client.force_login(role.user)

    for url in page_urls(renja):
        assert client.get(url).status_code == 403


def test_verifikator_of_the_pemda_sees_every_agency(client: Client, renja: Renja) -> None:
    other = RenjaFactory(perangkat_daerah=PerangkatDaerahFactory(pemda=renja.perangkat_daerah.pemda))
    role = PeranPenggunaFactory(peran=Peran.VERIFIKATOR, pemda=renja.perangkat_daerah.pemda)
    client.force_login(role.user)

    home = client.get(reverse("plans:home")).content.decode()
    assert renja.perangkat_daerah.nama in home
    assert other.perangkat_daerah.nama in home
    assert all(client.get(url).status_code == 200 for url in page_urls(other))


def test_unknown_renja_is_404(client: Client, renja: Renja) -> None:
    login_perencana(client, renja)

    assert client.get(reverse("plans:renja_detail", args=[999_999])).status_code == 404
    assert client.get(reverse("plans:renja_tree", args=[999_999])).status_code == 404


def test_user_without_role_is_told_what_to_do(client: Client, renja: Renja) -> None:
    client.force_login(UserFactory())

    html = client.get(reverse("plans:home")).content.decode()

    assert "Akun Anda belum memiliki peran" in html
    assert renja.perangkat_daerah.nama not in html


def test_home_shows_totals_in_indonesian_format(client: Client, renja: Renja) -> None:
    login_perencana(client, renja)

    html = client.get(reverse("plans:home")).content.decode()

    assert "8.319.719.640" in html
    assert "9.000.000.000" in html
    assert "Rancangan Akhir" in html


def test_overview_shows_counts_totals_and_the_check(client: Client, renja: Renja) -> None:
    login_perencana(client, renja)

    html = client.get(reverse("plans:renja_detail", args=[renja.pk])).content.decode()

    assert "1 program, 1 kegiatan, 0 sub kegiatan" in html
    assert "8.319.719.640" in html  # stated pagu of the program and the grand total
    assert "8.319.719.000" in html  # Σ kegiatan
    assert "1 selisih" in html
    assert "Σ pagu program (2024) = 8.319.719.640 = 8.319.719.640" in html  # the explanation in a title


def test_tree_shows_levels_and_the_subtotal_check_with_its_explanation(client: Client, renja: Renja) -> None:
    login_perencana(client, renja)

    html = client.get(reverse("plans:renja_tree", args=[renja.pk])).content.decode()

    assert "lvl-program" in html
    assert "lvl-kegiatan" in html
    assert "cek-selisih" in html
    assert "Σ 8.319.719.000" in html
    assert "selisih (tertulis − jumlah) = +640" in html
    assert "Program Pemberdayaan" in html


@pytest.mark.parametrize("page", ["plans:home", "plans:renja_detail", "plans:renja_tree"])
def test_page_queries_do_not_grow_with_the_plan(
    client: Client, page: str, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    small, large = RenjaFactory(), RenjaFactory()
    build_tree(small, 1, 1, 1)
    build_tree(large, 3, 2, 3)
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    # the tree is also the editing page: + schedule, open notes per row, funding sources, ceiling and setting
    expected = {"plans:home": 6, "plans:renja_detail": 5, "plans:renja_tree": 12}[page]

    for renja in (small, large):
        args = [] if page == "plans:home" else [renja.pk]
        with django_assert_num_queries(expected):
            assert client.get(reverse(page, args=args)).status_code == 200


@pytest.mark.django_db
def test_home_lists_the_main_version_first_and_shows_a_dash_when_no_total_is_known(client) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import PlanRowFactory, RenjaFactory, UserFactory

    main = RenjaFactory(tahapan="rancangan_akhir", utama=True)
    draft = RenjaFactory(perangkat_daerah=main.perangkat_daerah, tahapan="rancangan_awal", utama=False)
    PlanRowFactory(renja=draft)  # a program without any pagu
    client.force_login(UserFactory(is_superuser=True))
    html = client.get("/").content.decode()
    assert html.index(f"/renja/{main.pk}/") < html.index(f"/renja/{draft.pk}/")
    assert '0<span class="flag"' not in html
