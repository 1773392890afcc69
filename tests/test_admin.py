"""The Django admin: every changelist loads; plans, usulan and audit are read-only; master edits are audited."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from renja.audit.models import AuditEvent
from renja.audit.services import audit_record
from renja.master.models import Peran, PeranPengguna, SumberDana
from renja.plans.models import Renja
from renja.usulan.models import Usulan
from tests.factories import (
    IndikatorFactory,
    NomenklaturFactory,
    PaguFactory,
    PemdaFactory,
    PerangkatDaerahFactory,
    PeranPenggunaFactory,
    RenjaFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

RENJA_MODELS = [m for m in admin.site._registry if m._meta.app_label in {"master", "plans", "usulan", "audit"}]


@pytest.fixture
def superuser_client(client: Client) -> Client:
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def some_data() -> None:
    TargetFactory()
    PaguFactory()
    NomenklaturFactory()
    PeranPenggunaFactory(perangkat_daerah=PerangkatDaerahFactory())
    audit_record(actor=None, source="cli", action="create", obj=RenjaFactory())


def admin_url(model: type, view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_renja_model_is_registered() -> None:
    names = {m._meta.label for m in RENJA_MODELS}
    assert {
        "master.Pemda",
        "master.PerangkatDaerah",
        "master.PeranPengguna",
        "master.SumberDana",
        "master.Wilayah",
        "master.NomenklaturVersi",
        "master.Nomenklatur",
        "plans.Renja",
        "plans.PlanRow",
        "plans.Indikator",
        "plans.Target",
        "plans.Pagu",
        "usulan.Usulan",
        "audit.AuditEvent",
    } <= names


@pytest.mark.parametrize("model", RENJA_MODELS, ids=lambda m: m._meta.label)
def test_changelist_loads_for_a_superuser(superuser_client: Client, some_data: None, model: type) -> None:
    response = superuser_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    search = superuser_client.get(admin_url(model, "changelist"), {"q": "2.13"})
    assert search.status_code == 200


def test_nomenklatur_search_and_filters(superuser_client: Client) -> None:
    item = NomenklaturFactory(kode="2.13.04.2.01.0001", nama="Fasilitasi Penyusunan Program Pembangunan Desa")
    NomenklaturFactory(kode="2.13.05.2.01.0001", nama="Lain")
    url = admin_url(type(item), "changelist")

    html = superuser_client.get(url, {"q": "Penyusunan Program"}).content.decode()
    assert item.kode in html
    assert "2.13.05.2.01.0001" not in html
    filtered = superuser_client.get(url, {"versi__id__exact": item.versi_id, "level__exact": "sub_kegiatan"})
    assert filtered.status_code == 200


@pytest.mark.parametrize("model", [Renja, Usulan, AuditEvent])
def test_plans_usulan_and_audit_are_read_only(superuser_client: Client, model: type) -> None:
    assert superuser_client.get(admin_url(model, "add")).status_code == 403


def test_audit_event_cannot_be_changed_or_deleted(superuser_client: Client) -> None:
    event = audit_record(actor=None, source="cli", action="create", obj=PemdaFactory())
    model_admin = admin.site._registry[AuditEvent]
    request = superuser_client.get("/").wsgi_request

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    page = superuser_client.get(admin_url(AuditEvent, "change", event.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert superuser_client.post(admin_url(AuditEvent, "change", event.pk), {"action": "x"}).status_code == 403
    assert superuser_client.post(admin_url(AuditEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, action="create").exists()


def test_renja_change_page_is_view_only(superuser_client: Client) -> None:
    renja = RenjaFactory()
    IndikatorFactory()

    page = superuser_client.get(admin_url(Renja, "change", renja.pk)).content.decode()

    assert 'name="_save"' not in page
    assert (
        reverse("plans:renja_detail", args=[renja.pk])
        in superuser_client.get(admin_url(Renja, "changelist")).content.decode()
    )


def test_master_data_edits_are_audited(superuser_client: Client) -> None:
    url = admin_url(SumberDana, "add")

    response = superuser_client.post(url, {"kode": "DAU", "nama": "Dana Alokasi Umum"})
    assert response.status_code == 302
    sumber = SumberDana.objects.get(kode="DAU")
    response = superuser_client.post(
        admin_url(SumberDana, "change", sumber.pk), {"kode": "DAU", "nama": "Dana Alokasi Umum (DAU)"}
    )
    assert response.status_code == 302
    response = superuser_client.post(admin_url(SumberDana, "delete", sumber.pk), {"post": "yes"})
    assert response.status_code == 302

    events = list(AuditEvent.objects.filter(model="master.SumberDana").order_by("id"))
    assert [(e.action, e.source, e.actor_label) for e in events] == [
        ("create", "web", "admin"),
        ("update", "web", "admin"),
        ("delete", "web", "admin"),
    ]
    assert events[1].before == {"nama": "Dana Alokasi Umum"}
    assert events[1].after == {"nama": "Dana Alokasi Umum (DAU)"}


def test_bulk_delete_is_audited_per_object(superuser_client: Client) -> None:
    a = SumberDana.objects.create(kode="A", nama="A")
    b = SumberDana.objects.create(kode="B", nama="B")

    response = superuser_client.post(
        admin_url(SumberDana, "changelist"),
        {"action": "delete_selected", "_selected_action": [a.pk, b.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not SumberDana.objects.exists()
    assert AuditEvent.objects.filter(model="master.SumberDana", action="delete").count() == 2


def test_pd_role_needs_an_agency_of_its_pemda(superuser_client: Client) -> None:
    user = UserFactory()
    magetan = PemdaFactory(kode="35.20")
    ngawi = PemdaFactory(kode="35.21", nama="Pemerintah Kabupaten Ngawi")
    pd_ngawi = PerangkatDaerahFactory(pemda=ngawi)
    url = admin_url(PeranPengguna, "add")

    no_pd = superuser_client.post(url, {"user": user.pk, "peran": Peran.PERENCANA, "pemda": magetan.pk})
    assert no_pd.status_code == 200
    assert "harus menyebut perangkat daerahnya" in no_pd.content.decode()
    wrong = superuser_client.post(
        url, {"user": user.pk, "peran": Peran.PERENCANA, "pemda": magetan.pk, "perangkat_daerah": pd_ngawi.pk}
    )
    assert wrong.status_code == 200
    assert "bukan bagian dari" in wrong.content.decode()
    ok = superuser_client.post(
        url, {"user": user.pk, "peran": Peran.PERENCANA, "pemda": ngawi.pk, "perangkat_daerah": pd_ngawi.pk}
    )
    assert ok.status_code == 302
    assert PeranPengguna.objects.filter(user=user, perangkat_daerah=pd_ngawi).exists()
    assert AuditEvent.objects.filter(model="master.PeranPengguna", action="create").count() == 1
