"""The permission matrix of the proposal (usulan) pages: every view, for every role (perencana PD, kepala PD,
verifikator Bappeda, admin pemda, publik), on a proposal of the own agency, of another agency of the same pemda,
and of an agency of another pemda. Allowed: the page answers; refused: 403 (the login page for the public) and
the database is unchanged. The rules are `renja.core.permissions.can_*_usulan` / `can_rekomendasi`; the services
check them again (tests/usulan/test_services*.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from renja.master.models import PerangkatDaerah
from renja.plans.models import PlanRow
from renja.usulan.models import Usulan, UsulanRekomendasi
from tests.usulan.test_views import UWorld, _xlsx, make_uworld
from tests.workflow.world import ROLES

pytestmark = pytest.mark.django_db

TARGETS = ("sendiri", "lain", "luar")
CASES = [(r, t) for r in ROLES for t in TARGETS]

# who may do what, by (role, target); the pemda roles belong to the pemda of `sendiri` and `lain`
PEMDA_WIDE = {(r, t) for r in ("verifikator", "admin_pemda") for t in ("sendiri", "lain")}
VIEW = {("perencana", "sendiri"), ("kepala_pd", "sendiri")} | PEMDA_WIDE
EDIT = {("perencana", "sendiri")} | PEMDA_WIDE
REKOMENDASI_PD = {("perencana", "sendiri")} | {("admin_pemda", t) for t in ("sendiri", "lain")}
REKOMENDASI_BAPPEDA = PEMDA_WIDE


@pytest.fixture(autouse=True)
def fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def shared(django_db_setup: None, django_db_blocker: Any) -> Iterator[UWorld]:
    """Built once per module inside a transaction rolled back at the end; each test runs in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_uworld()
        transaction.set_rollback(True)


@dataclass
class Ctx:
    uw: UWorld
    target: str
    actor: Any
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def usulan(self) -> Usulan:
        return Usulan.objects.select_related("perangkat_daerah").get(pk=self.uw.usulan[self.target].pk)

    @property
    def pd(self) -> PerangkatDaerah:
        return self.usulan.perangkat_daerah

    @property
    def sub(self) -> PlanRow:
        return self.uw.subs[self.target]


def first_levels(c: Ctx) -> None:
    """Desa, kecamatan and PD recorded (so the Bappeda level may follow)."""
    for tingkat in ("desa", "kecamatan", "pd"):
        UsulanRekomendasi.objects.create(usulan=c.usulan, tingkat=tingkat, status="diterima")


def linked(c: Ctx) -> None:
    Usulan.objects.filter(pk=c.usulan.pk).update(row=c.sub)


@dataclass(frozen=True)
class V:
    name: str
    method: str
    allowed: set[tuple[str, str]]
    data: Callable[[Ctx], dict[str, Any]] = lambda c: {}
    prepare: Callable[[Ctx], None] | None = None
    ok: tuple[int, ...] = (200,)
    per_usulan: bool = True  # the URL names the proposal


def U(c: Ctx) -> list[Any]:
    return [c.usulan.pk]


INTAKE = {
    "tahun": "2024",
    "sumber": "asmas",
    "kegiatan": "RABAT BETON JALAN",
    "desa_teks": "TAMBAKREJO",
    "kecamatan_teks": "MAGETAN",
    "pagu_usulan": "150.000.000",
}

VIEWS: list[V] = [
    V("usulan:detail", "GET", VIEW),
    V("usulan:ubah", "GET", EDIT),
    V("usulan:ubah", "POST", EDIT, lambda c: {**INTAKE, "revisi": str(c.usulan.revisi)}, ok=(302,)),
    V("usulan:baru", "POST", EDIT, lambda c: {**INTAKE, "perangkat_daerah": c.pd.pk}, ok=(302,), per_usulan=False),
    V(
        "usulan:rekomendasi",
        "POST",
        REKOMENDASI_PD,
        lambda c: {"tingkat": "desa", "status": "diterima", "pagu_rekomendasi": "200.000.000"},
        ok=(302,),
    ),
    V(
        "usulan:rekomendasi",
        "POST",
        REKOMENDASI_BAPPEDA,
        lambda c: {"tingkat": "bappeda", "status": "ditolak", "alasan": "Tidak sesuai prioritas RKPD"},
        prepare=first_levels,
        ok=(302,),
    ),
    V("usulan:tautan", "POST", EDIT, lambda c: {"row": c.sub.pk}, ok=(302,)),
    V("usulan:tautan", "POST", EDIT, lambda c: {"lepas": "1"}, prepare=linked, ok=(302,)),
    V(
        "usulan:impor",
        "POST",
        EDIT,
        lambda c: {"perangkat_daerah": c.pd.pk, "tahun": "2025", "berkas": _xlsx()},
        per_usulan=False,
    ),
]


def _fingerprint() -> tuple[Any, ...]:
    return (
        tuple(
            Usulan.objects.order_by("id").values_list(
                "id", "kegiatan", "sumber", "status", "pagu_usulan", "pagu_rekomendasi", "alasan", "row_id", "revisi"
            )
        ),
        tuple(UsulanRekomendasi.objects.order_by("id").values_list("id", "tingkat", "status", "alasan")),
    )


def _client(actor: Any) -> Client:
    client = Client()
    if not isinstance(actor, AnonymousUser):
        client.force_login(actor)
    return client


def _view_id(i: int, v: V) -> str:
    return f"{i:02d} {v.method} {v.name}"


@pytest.mark.parametrize(("role", "target"), CASES)
@pytest.mark.parametrize("view", VIEWS, ids=[_view_id(i, v) for i, v in enumerate(VIEWS)])
def test_view(shared: UWorld, view: V, role: str, target: str) -> None:
    ctx = Ctx(uw=shared, target=target, actor=shared.world.users[role])
    if view.prepare is not None:
        view.prepare(ctx)
    url = reverse(view.name, args=U(ctx) if view.per_usulan else [])
    client = _client(ctx.actor)
    before = _fingerprint()

    response = client.get(url, view.data(ctx)) if view.method == "GET" else client.post(url, view.data(ctx))

    if (role, target) in view.allowed:
        assert response.status_code in view.ok, response.content.decode()[:3000]
        if view.method == "POST":
            assert _fingerprint() != before
    else:
        if role == "publik":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code == 403, response.content.decode()[:3000]
        assert _fingerprint() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["usulan:list", "usulan:ringkasan", "usulan:baru", "usulan:impor"])
def test_pages_without_a_proposal(shared: UWorld, role: str, name: str) -> None:
    """The list and the summary are for every role (scoped); the intake form for those who may record one."""
    response = _client(shared.world.users[role]).get(reverse(name))

    if role == "publik":
        assert response.status_code == 302
    elif name in ("usulan:baru", "usulan:impor") and role == "kepala_pd":
        assert response.status_code == 403
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_exactly_what_the_role_may_see(shared: UWorld, role: str) -> None:
    response = _client(shared.world.users[role]).get(reverse("usulan:list"))
    if role == "publik":
        assert response.status_code == 302
        return
    html = response.content.decode()
    for target in TARGETS:
        shown = f'id="usulan-{shared.usulan[target].pk}"' in html
        assert shown == ((role, target) in VIEW), target


@pytest.mark.parametrize("role", ROLES)
def test_buttons_are_shown_only_to_those_who_may_use_them(shared: UWorld, role: str) -> None:
    for target in TARGETS:
        if (role, target) not in VIEW:
            continue
        html = _client(shared.world.users[role]).get(reverse("usulan:detail", args=[shared.usulan[target].pk]))
        text = html.content.decode()
        assert ('id="form-tautan"' in text) == ((role, target) in EDIT)
        assert ('id="ubah-usulan"' in text) == ((role, target) in EDIT)
        may_recommend = (role, target) in REKOMENDASI_PD | REKOMENDASI_BAPPEDA
        assert ('id="form-rekomendasi"' in text) == may_recommend
        if may_recommend:
            form = text.split('id="form-rekomendasi"', 1)[1].split("</form>", 1)[0]
            assert ('value="bappeda"' in form) == ((role, target) in REKOMENDASI_BAPPEDA)
            assert ('value="desa"' in form) == ((role, target) in REKOMENDASI_PD)


def _names(patterns: list[URLPattern | URLResolver], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            out |= _names(p.url_patterns, ns)
        elif p.name:
            out.add(prefix + p.name)
    return out


def test_the_matrix_covers_every_usulan_view() -> None:
    names = {n for n in _names(get_resolver().url_patterns) if n.startswith("usulan:")}
    covered = {v.name for v in VIEWS} | {"usulan:list", "usulan:ringkasan", "usulan:baru", "usulan:impor"}

    assert names - covered == set()
