"""Who may see which Renja, from PeranPengguna."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries

from renja.core.permissions import Scope, User, can_view_renja, user_scope
from renja.master.models import Peran
from renja.plans.models import Renja
from tests.factories import (
    PemdaFactory,
    PerangkatDaerahFactory,
    PeranPenggunaFactory,
    RenjaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Renja]:
    magetan = PemdaFactory(kode="35.20", nama="Pemerintah Kabupaten Magetan")
    ngawi = PemdaFactory(kode="35.21", nama="Pemerintah Kabupaten Ngawi")
    return {
        "dpmd": RenjaFactory(perangkat_daerah=PerangkatDaerahFactory(pemda=magetan)),
        "dinkes": RenjaFactory(perangkat_daerah=PerangkatDaerahFactory(pemda=magetan)),
        "ngawi": RenjaFactory(perangkat_daerah=PerangkatDaerahFactory(pemda=ngawi)),
    }


def visible(user: User, world: dict[str, Renja]) -> set[str]:
    return {name for name, renja in world.items() if can_view_renja(user, renja)}


@pytest.mark.parametrize("peran", [Peran.PERENCANA, Peran.KEPALA_PD])
def test_pd_roles_see_only_their_agency(world: dict[str, Renja], peran: str) -> None:
    pd = world["dpmd"].perangkat_daerah
    role = PeranPenggunaFactory(peran=peran, pemda=pd.pemda, perangkat_daerah=pd)

    assert visible(role.user, world) == {"dpmd"}


@pytest.mark.parametrize("peran", [Peran.VERIFIKATOR, Peran.ADMIN_PEMDA])
def test_pemda_roles_see_every_agency_of_their_pemda_only(world: dict[str, Renja], peran: str) -> None:
    role = PeranPenggunaFactory(peran=peran, pemda=world["dpmd"].perangkat_daerah.pemda)

    assert visible(role.user, world) == {"dpmd", "dinkes"}


def test_superuser_sees_all(world: dict[str, Renja]) -> None:
    user = UserFactory(is_superuser=True)

    assert visible(user, world) == {"dpmd", "dinkes", "ngawi"}
    assert user_scope(user).renja_q() is not None


def test_user_without_roles_anonymous_and_inactive_see_nothing(world: dict[str, Renja]) -> None:
    from django.contrib.auth.models import AnonymousUser

    pd = world["dpmd"].perangkat_daerah
    inactive = PeranPenggunaFactory(
        user=UserFactory(is_active=False), peran=Peran.PERENCANA, pemda=pd.pemda, perangkat_daerah=pd
    ).user

    assert visible(UserFactory(), world) == set()
    assert visible(AnonymousUser(), world) == set()
    assert visible(inactive, world) == set()


def test_pd_role_without_agency_sees_nothing(world: dict[str, Renja]) -> None:
    role = PeranPenggunaFactory(peran=Peran.PERENCANA, pemda=world["dpmd"].perangkat_daerah.pemda)

    assert visible(role.user, world) == set()
    assert user_scope(role.user).kosong


def test_scope_is_read_once_per_user_object(
    world: dict[str, Renja], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    pd = world["dpmd"].perangkat_daerah
    user = PeranPenggunaFactory(peran=Peran.PERENCANA, pemda=pd.pemda, perangkat_daerah=pd).user
    renjas = list(Renja.objects.select_related("perangkat_daerah"))

    with django_assert_num_queries(1):
        assert [can_view_renja(user, r) for r in renjas].count(True) == 1


def test_scope_filter_matches_can_view(world: dict[str, Renja]) -> None:
    role = PeranPenggunaFactory(peran=Peran.VERIFIKATOR, pemda=world["ngawi"].perangkat_daerah.pemda)
    scope = user_scope(role.user)

    assert set(Renja.objects.filter(scope.renja_q())) == {world["ngawi"]}
    assert not Renja.objects.filter(Scope().renja_q()).exists()
    assert Renja.objects.filter(Scope(semua=True).renja_q()).count() == 3
