"""The REST API: scope per role and agency, writes through the services (audited as api), one error shape."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from renja.audit.models import AuditEvent
from renja.plans.models import Pagu, Target
from tests.factories import (
    IndikatorFactory,
    PaguFactory,
    PemdaFactory,
    PerangkatDaerahFactory,
    PeranPenggunaFactory,
    PlanRowFactory,
    RenjaFactory,
    TargetFactory,
    UserFactory,
)

LIST_ENDPOINTS = [
    "pemda",
    "perangkat-daerah",
    "renstra",
    "renja",
    "baris",
    "indikator",
    "target",
    "pagu",
    "realisasi",
    "usulan",
]


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    """Two agencies of one pemda, a third in another pemda; one Renja each with a row, indicator, target, pagu."""
    pemda = PemdaFactory(kode="35.20", nama="Kab. Satu")
    other_pemda = PemdaFactory(kode="35.21", nama="Kab. Dua")
    pd_a = PerangkatDaerahFactory(pemda=pemda)
    pd_b = PerangkatDaerahFactory(pemda=pemda)
    pd_c = PerangkatDaerahFactory(pemda=other_pemda)
    data: dict[str, Any] = {"pemda": pemda, "pd_a": pd_a, "pd_b": pd_b, "pd_c": pd_c}
    for key, pd in (("a", pd_a), ("b", pd_b), ("c", pd_c)):
        renja = RenjaFactory(perangkat_daerah=pd)
        row = PlanRowFactory(renja=renja)
        ind = IndikatorFactory(row=row)
        data[f"renja_{key}"], data[f"row_{key}"], data[f"ind_{key}"] = renja, row, ind
        TargetFactory(indikator=ind)
        PaguFactory(row=row)
    roles = {
        "perencana_a": ("perencana", pd_a),
        "kepala_a": ("kepala_pd", pd_a),
        "perencana_b": ("perencana", pd_b),
        "verifikator": ("verifikator", None),
        "admin": ("admin_pemda", None),
    }
    for name, (peran, pd) in roles.items():
        data[name] = PeranPenggunaFactory(
            user=UserFactory(username=name), peran=peran, pemda=pemda, perangkat_daerah=pd
        ).user
    data["tanpa_peran"] = UserFactory(username="tanpa_peran")
    return data


def client_for(user: Any) -> APIClient:
    c = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return c


def _renja_ids(client: APIClient) -> set[int]:
    return {r["id"] for r in client.get("/api/renja/").json()["results"]}


def test_anonymous_gets_401_in_the_one_error_shape(client: Any, db: Any) -> None:
    response = APIClient().get("/api/renja/")
    assert response.status_code == 401
    assert response.json()["error"]["kode"] == "belum_masuk"
    assert response.json()["error"]["pesan"]


# (user, renja keys visible)
SCOPE = [
    ("perencana_a", {"a"}),
    ("kepala_a", {"a"}),
    ("perencana_b", {"b"}),
    ("verifikator", {"a", "b"}),
    ("admin", {"a", "b"}),
    ("tanpa_peran", set()),
]


@pytest.mark.parametrize(("who", "visible"), SCOPE)
@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_every_list_endpoint_is_scoped_to_the_users_agencies(
    world: dict[str, Any], who: str, visible: set[str], endpoint: str
) -> None:
    client = client_for(world[who])
    response = client.get(f"/api/{endpoint}/")
    assert response.status_code == 200
    ids = {r["id"] for r in response.json()["results"]}
    expected_objs = {
        "pemda": lambda k: world[f"pd_{k}"].pemda,
        "perangkat-daerah": lambda k: world[f"pd_{k}"],
        "renja": lambda k: world[f"renja_{k}"],
        "baris": lambda k: world[f"row_{k}"],
        "indikator": lambda k: world[f"ind_{k}"],
        "target": lambda k: world[f"ind_{k}"].targets.get(),
        "pagu": lambda k: world[f"row_{k}"].pagu.get(),
    }
    if endpoint in expected_objs:
        expected = {expected_objs[endpoint](k).pk for k in visible}
        if endpoint == "perangkat-daerah" and who in {"verifikator", "admin"}:
            expected = {world["pd_a"].pk, world["pd_b"].pk}
        assert ids == expected
    else:
        assert ids == set()  # no renstra, realisasi or usulan in this world
    for k in {"a", "b", "c"} - visible:
        if endpoint == "renja":
            assert client.get(f"/api/renja/{world[f'renja_{k}'].pk}/").status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("perencana_a", 201),
        ("kepala_a", 403),
        ("perencana_b", 403),
        ("verifikator", 403),
        ("admin", 403),
        ("tanpa_peran", 403),
    ],
)
def test_only_the_agencys_perencana_writes_targets_pagu_and_realisasi(
    world: dict[str, Any], who: str, status: int
) -> None:
    client = client_for(world[who])
    ind, row = world["ind_a"], world["row_a"]
    r1 = client.post(
        "/api/target/", {"indikator": ind.pk, "tahun": 2025, "nilai": "7", "teks": "7 dokumen"}, format="json"
    )
    r2 = client.post("/api/pagu/", {"row": row.pk, "tahun": 2025, "jumlah": "1500000"}, format="json")
    r3 = client.post(
        "/api/realisasi/",
        {"indikator": ind.pk, "row": row.pk, "tahun": 2024, "triwulan": 1, "nilai": "2", "anggaran": "250000"},
        format="json",
    )
    assert (r1.status_code, r2.status_code, r3.status_code) == (status, status, status)
    if status == 403:
        assert r1.json()["error"]["kode"] == "tidak_berhak"
        assert not Target.objects.filter(tahun=2025).exists()
    else:
        assert Target.objects.get(indikator=ind, tahun=2025).nilai == Decimal("7")
        assert Pagu.objects.get(row=row, tahun=2025).jumlah == Decimal("1500000")
        assert AuditEvent.objects.filter(source="api", actor=world[who]).count() == 3


def test_a_second_post_updates_and_answers_200(world: dict[str, Any]) -> None:
    client = client_for(world["perencana_a"])
    body = {"row": world["row_a"].pk, "tahun": 2024, "jumlah": "2000000"}
    assert client.post("/api/pagu/", body, format="json").status_code == 200  # the factory made the 2024 pagu
    assert Pagu.objects.get(row=world["row_a"], tahun=2024).jumlah == Decimal("2000000")


def test_a_locked_renja_answers_409(world: dict[str, Any]) -> None:
    world["renja_a"].terkunci = True
    world["renja_a"].save()
    response = client_for(world["perencana_a"]).post(
        "/api/pagu/", {"row": world["row_a"].pk, "tahun": 2025, "jumlah": "1"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["kode"] == "tahapan_terkunci"


def test_invalid_input_answers_400_with_fields(world: dict[str, Any]) -> None:
    response = client_for(world["perencana_a"]).post(
        "/api/pagu/", {"row": world["row_a"].pk, "tahun": "dua ribu", "jumlah": "-5"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["kode"] == "permintaan_tidak_sah"
    assert {"tahun", "jumlah"} <= set(body["rincian"])


def test_usulan_intake_by_perencana_and_admin_only(world: dict[str, Any]) -> None:
    body = {
        "perangkat_daerah": world["pd_a"].pk,
        "tahun": 2024,
        "kegiatan": "Rabat beton",
        "desa_teks": "PELEM",
        "kecamatan_teks": "KARANGREJO",
        "pagu_usulan": "250000000",
    }
    assert client_for(world["perencana_a"]).post("/api/usulan/", body, format="json").status_code == 201
    assert client_for(world["admin"]).post("/api/usulan/", body, format="json").status_code == 201
    assert client_for(world["perencana_b"]).post("/api/usulan/", body, format="json").status_code == 403
    assert AuditEvent.objects.filter(model="usulan.Usulan", source="api").count() == 2


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_list_endpoints_use_a_constant_number_of_queries(
    world: dict[str, Any], endpoint: str, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world["verifikator"])
    client.get(f"/api/{endpoint}/")  # warm up (token lookup pattern)
    for i in range(5):
        renja = RenjaFactory(perangkat_daerah=world["pd_a"], versi=i + 2)
        row = PlanRowFactory(renja=renja)
        TargetFactory(indikator=IndikatorFactory(row=row))
        PaguFactory(row=row)
    with django_assert_max_num_queries(6):
        assert client.get(f"/api/{endpoint}/").status_code == 200


def test_schema_and_docs_are_served_without_network(db: Any, client: Any) -> None:
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
