"""The API permission matrix: every endpoint (list, detail, write action) × role × own / other agency / other
pemda. Reads outside the user's scope answer 404 (object in the URL) or are absent from lists; writes that the
services refuse answer 403 and change nothing (counts and the audit log compared); anonymous answers 401.

Targets: `sendiri` = the PD roles' own agency (pemda A), `lain` = another agency of pemda A (its own perencana
and kepala are `perencana_lain`, `kepala_lain`), `luar` = an agency of pemda B (`verifikator_luar`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from renja.audit.models import AuditEvent
from renja.master.models import Level, Peran
from renja.plans.models import Pagu, Realisasi, Renja, Renstra, StatusRenja, Target
from renja.usulan.models import Usulan
from renja.workflow.models import BalasanCatatan, CatatanVerifikasi, Transisi
from tests.factories import PeranPenggunaFactory, PlanRowFactory, UserFactory
from tests.workflow.world import make_plan, make_world

pytestmark = pytest.mark.django_db

TARGETS = ("sendiri", "lain", "luar")
ROLES = (
    "anonim",
    "tanpa_peran",
    "perencana",
    "perencana_lain",
    "kepala",
    "kepala_lain",
    "verifikator",
    "verifikator_luar",
    "admin",
    "superuser",
)
CASES = [(r, t) for r in ROLES for t in TARGETS if r != "anonim" or t == "sendiri"]


def sees(role: str, target: str) -> bool:
    return (
        role == "superuser"
        or (role in ("perencana", "kepala") and target == "sendiri")
        or (role in ("perencana_lain", "kepala_lain") and target == "lain")
        or (role in ("verifikator", "admin") and target in ("sendiri", "lain"))
        or (role == "verifikator_luar" and target == "luar")
    )


def sees_pemda(role: str, target: str) -> bool:
    if role == "superuser":
        return True
    if target == "luar":
        return role == "verifikator_luar"
    return role not in ("anonim", "tanpa_peran", "verifikator_luar")


def edits(role: str, target: str) -> bool:
    return role == "superuser" or (role, target) in {("perencana", "sendiri"), ("perencana_lain", "lain")}


def approves(role: str, target: str) -> bool:
    return role == "superuser" or (role, target) in {("kepala", "sendiri"), ("kepala_lain", "lain")}


def verifies(role: str, target: str) -> bool:
    return role == "superuser" or (role, target) in {
        ("verifikator", "sendiri"),
        ("verifikator", "lain"),
        ("verifikator_luar", "luar"),
    }


def intake(role: str, target: str) -> bool:
    return edits(role, target) or (role == "admin" and target in ("sendiri", "lain"))


def usulan_edit(role: str, target: str) -> bool:
    """Intake, edit and link: the agency's perencana, verifikator and admin of the pemda, superuser."""
    return intake(role, target) or (role, target) in {
        ("verifikator", "sendiri"),
        ("verifikator", "lain"),
        ("verifikator_luar", "luar"),
    }


def returns(role: str, target: str) -> bool:
    return approves(role, target) or verifies(role, target)


def replies(role: str, target: str) -> bool:
    return edits(role, target) or approves(role, target) or verifies(role, target)


Objs = dict[str, Any]
Shared = tuple[dict[str, str], dict[str, Objs]]


def _objects(pd: Any, verifikator: Any) -> Objs:
    plan = make_plan(pd)
    renja = plan.renja
    renstra = Renstra.objects.create(perangkat_daerah=pd, tahun_mulai=2021, tahun_akhir=2026)
    PlanRowFactory(renja=None, renstra=renstra, level=Level.PROGRAM, kode="2.13.04", nama="Program")
    subkeg = PlanRowFactory(renja=renja, parent=plan.sub, level=Level.SUB_KEGIATAN, kode="2.13.04.2.01.0001")
    realisasi = Realisasi.objects.create(indikator=plan.indikator, row=plan.sub, tahun=2024, triwulan=1, nilai=1)
    usulan = Usulan.objects.create(perangkat_daerah=pd, tahun=2024, kegiatan="Rabat beton", desa_teks="PELEM")
    catatan = CatatanVerifikasi.objects.create(
        renja=renja, jenis_item="baris", item_id=plan.sub.pk, status="perlu_perbaikan", teks="Perbaiki"
    )
    BalasanCatatan.objects.create(catatan=catatan, teks="Sudah", penulis_label="perencana")
    transisi = Transisi.objects.create(renja=renja, aksi="ajukan", dari="draf", ke="diajukan", oleh_label="x")
    return {
        "pemda": pd.pemda,
        "pd": pd,
        "renja": renja,
        "renstra": renstra,
        "sub": plan.sub,
        "subkeg": subkeg,
        "indikator": plan.indikator,
        "target": plan.indikator.targets.get(),
        "pagu": plan.pagu,
        "realisasi": realisasi,
        "usulan": usulan,
        "catatan": catatan,
        "transisi": transisi,
    }


@pytest.fixture(scope="module")
def shared(django_db_setup: None, django_db_blocker: Any) -> Iterator[Shared]:
    """Built once per module in a transaction rolled back at the end; each test runs in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = make_world()
        users = {k: v for k, v in world.users.items() if k in ("perencana", "verifikator")}
        users["kepala"] = world.users["kepala_pd"]
        users["admin"] = world.users["admin_pemda"]
        users["tanpa_peran"] = UserFactory(username="tanpa_peran")
        users["superuser"] = UserFactory(username="super", is_superuser=True, is_staff=True)
        for name, peran, pd in (
            ("perencana_lain", Peran.PERENCANA, world.pd_lain),
            ("kepala_lain", Peran.KEPALA_PD, world.pd_lain),
        ):
            users[name] = PeranPenggunaFactory(
                user=UserFactory(username=name), peran=peran, pemda=world.pemda, perangkat_daerah=pd
            ).user
        users["verifikator_luar"] = PeranPenggunaFactory(
            user=UserFactory(username="verifikator_luar"), peran=Peran.VERIFIKATOR, pemda=world.pemda_lain
        ).user
        tokens = {name: Token.objects.get_or_create(user=u)[0].key for name, u in users.items()}
        agencies = {"sendiri": world.pd, "lain": world.pd_lain, "luar": world.pd_luar}
        yield tokens, {t: _objects(pd, users["verifikator"]) for t, pd in agencies.items()}
        transaction.set_rollback(True)


def client_for(shared: Shared, role: str) -> APIClient:
    client = APIClient()
    if role != "anonim":
        client.credentials(HTTP_AUTHORIZATION=f"Token {shared[0][role]}")
    return client


def fingerprint() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.count(),
        tuple(Renja.objects.order_by("pk").values_list("status", "terkunci", "tahapan")),
        Target.objects.count(),
        tuple(Pagu.objects.order_by("pk").values_list("jumlah", "revisi")),
        Realisasi.objects.count(),
        Usulan.objects.count(),
        CatatanVerifikasi.objects.filter(selesai=True).count(),
        CatatanVerifikasi.objects.count(),
        BalasanCatatan.objects.count(),
        Transisi.objects.count(),
    )


# --- lists ---------------------------------------------------------------------------------------------------

LISTS: dict[str, tuple[str, Callable[[str, str], bool]]] = {
    "pemda": ("pemda", sees_pemda),
    "perangkat-daerah": ("pd", sees),
    "renstra": ("renstra", sees),
    "renja": ("renja", sees),
    "baris": ("sub", sees),
    "indikator": ("indikator", sees),
    "target": ("target", sees),
    "pagu": ("pagu", sees),
    "realisasi": ("realisasi", sees),
    "usulan": ("usulan", sees),
    "transisi": ("transisi", sees),
    "catatan": ("catatan", sees),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(LISTS))
def test_list(shared: Shared, endpoint: str, role: str) -> None:
    key, rule = LISTS[endpoint]
    objs = shared[1]
    response = client_for(shared, role).get(f"/api/{endpoint}/")
    if role == "anonim":
        assert response.status_code == 401
        assert response.json()["error"]["kode"] == "belum_masuk"
        return
    assert response.status_code == 200
    got = {r["id"] for r in response.json()["results"]}
    expected = {objs[t][key].pk for t in TARGETS if rule(role, t)}
    if endpoint == "baris":  # the Renstra's row is a plan row too
        expected |= {
            pk for t in TARGETS if rule(role, t) for pk in objs[t]["renstra"].rows.values_list("pk", flat=True)
        }
        expected |= {objs[t]["sub"].parent_id for t in TARGETS if rule(role, t)}
        expected |= {objs[t]["subkeg"].pk for t in TARGETS if rule(role, t)}
    if endpoint == "pagu":
        expected |= {
            pk
            for t in TARGETS
            if rule(role, t)
            for pk in Pagu.objects.filter(row__renja=objs[t]["renja"]).values_list("pk", flat=True)
        }
    assert got == expected


# --- details and reads on a Renja -----------------------------------------------------------------------------

DETAILS: dict[str, tuple[Callable[[Objs], str], Callable[[str, str], bool]]] = {
    "pemda": (lambda o: f"/api/pemda/{o['pemda'].pk}/", sees_pemda),
    "perangkat-daerah": (lambda o: f"/api/perangkat-daerah/{o['pd'].pk}/", sees),
    "renstra": (lambda o: f"/api/renstra/{o['renstra'].pk}/", sees),
    "renja": (lambda o: f"/api/renja/{o['renja'].pk}/", sees),
    "baris": (lambda o: f"/api/baris/{o['sub'].pk}/", sees),
    "indikator": (lambda o: f"/api/indikator/{o['indikator'].pk}/", sees),
    "target": (lambda o: f"/api/target/{o['target'].pk}/", sees),
    "pagu": (lambda o: f"/api/pagu/{o['pagu'].pk}/", sees),
    "realisasi": (lambda o: f"/api/realisasi/{o['realisasi'].pk}/", sees),
    "usulan": (lambda o: f"/api/usulan/{o['usulan'].pk}/", sees),
    "transisi": (lambda o: f"/api/transisi/{o['transisi'].pk}/", sees),
    "catatan": (lambda o: f"/api/catatan/{o['catatan'].pk}/", sees),
    "renja tahapan": (lambda o: f"/api/renja/{o['renja'].pk}/tahapan/", sees),
    "renja temuan": (lambda o: f"/api/renja/{o['renja'].pk}/temuan/", sees),
    "renja tc29": (lambda o: f"/api/renja/{o['renja'].pk}/tc29/", sees),
    "renja e81": (lambda o: f"/api/renja/{o['renja'].pk}/e81/?triwulan=1", sees),
}


@pytest.mark.parametrize(("role", "target"), CASES)
@pytest.mark.parametrize("endpoint", list(DETAILS))
def test_detail(shared: Shared, endpoint: str, role: str, target: str) -> None:
    path, rule = DETAILS[endpoint]
    response = client_for(shared, role).get(path(shared[1][target]))
    expected = 401 if role == "anonim" else 200 if rule(role, target) else 404
    assert response.status_code == expected, response.content[:500]
    if expected != 200:
        assert set(response.json()) == {"error"}


# --- writes ---------------------------------------------------------------------------------------------------


def _status(o: Objs, status: str, terkunci: bool = False, **extra: Any) -> None:
    Renja.objects.filter(pk=o["renja"].pk).update(status=status, terkunci=terkunci, **extra)


@dataclass(frozen=True)
class W:
    path: Callable[[Objs], str]
    rule: Callable[[str, str], bool]
    body: Callable[[Objs], dict[str, Any]] = lambda o: {}
    prepare: Callable[[Objs], None] | None = None
    ok: tuple[int, ...] = (200,)
    in_url: bool = True  # the object is in the URL (outside the scope: 404) or in the body (refused: 403)


def _renja_url(step: str) -> Callable[[Objs], str]:
    return lambda o: f"/api/renja/{o['renja'].pk}/{step}/"


WRITES: dict[str, W] = {
    "POST target": W(
        lambda o: "/api/target/",
        edits,
        lambda o: {"indikator": o["indikator"].pk, "tahun": 2025, "nilai": "7"},
        ok=(201,),
        in_url=False,
    ),
    "POST pagu": W(
        lambda o: "/api/pagu/",
        edits,
        lambda o: {"row": o["sub"].pk, "tahun": 2024, "jumlah": "5"},
        in_url=False,
    ),
    "POST realisasi": W(
        lambda o: "/api/realisasi/",
        edits,
        lambda o: {"indikator": o["indikator"].pk, "tahun": 2024, "triwulan": 2, "nilai": "3"},
        ok=(201,),
        in_url=False,
    ),
    "POST usulan": W(
        lambda o: "/api/usulan/",
        intake,
        lambda o: {"perangkat_daerah": o["pd"].pk, "tahun": 2024, "kegiatan": "Jalan", "desa_teks": "PELEM"},
        ok=(201,),
        in_url=False,
    ),
    "POST catatan": W(
        lambda o: "/api/catatan/",
        verifies,
        lambda o: {"renja": o["renja"].pk, "jenis_item": "baris", "item_id": o["sub"].pk, "status": "sesuai"},
        ok=(201,),
        in_url=False,
    ),
    "POST usulan rekomendasi": W(
        lambda o: f"/api/usulan/{o['usulan'].pk}/rekomendasi/",
        intake,
        lambda o: {"tingkat": "desa", "status": "diterima", "pagu_rekomendasi": "1000"},
    ),
    "POST usulan baris": W(
        lambda o: f"/api/usulan/{o['usulan'].pk}/baris/", usulan_edit, lambda o: {"row": o["subkeg"].pk}
    ),
    "POST catatan balas": W(
        lambda o: f"/api/catatan/{o['catatan'].pk}/balas/", replies, lambda o: {"teks": "Sudah"}, ok=(201,)
    ),
    "POST catatan selesaikan": W(lambda o: f"/api/catatan/{o['catatan'].pk}/selesaikan/", verifies),
    "POST renja ajukan": W(_renja_url("ajukan"), edits),
    "POST renja kembalikan": W(
        _renja_url("kembalikan"),
        returns,
        lambda o: {"alasan": "Lengkapi indikator"},
        lambda o: _status(o, StatusRenja.DIAJUKAN),
    ),
    "POST renja setujui": W(_renja_url("setujui"), approves, prepare=lambda o: _status(o, StatusRenja.DIAJUKAN)),
    "POST renja kunci": W(_renja_url("kunci"), verifies),
    "POST renja buka": W(
        _renja_url("buka"),
        verifies,
        lambda o: {"alasan": "Revisi pagu"},
        lambda o: _status(o, StatusRenja.DISETUJUI, terkunci=True),
    ),
    "POST renja lanjut": W(
        _renja_url("lanjut"), edits, prepare=lambda o: _status(o, StatusRenja.DISETUJUI, terkunci=True), ok=(201,)
    ),
    "POST renja perubahan": W(
        _renja_url("perubahan"),
        edits,
        prepare=lambda o: _status(o, StatusRenja.DISETUJUI, tahapan="penetapan"),
        ok=(201,),
    ),
}


@pytest.mark.parametrize(("role", "target"), CASES)
@pytest.mark.parametrize("endpoint", list(WRITES))
def test_write(shared: Shared, endpoint: str, role: str, target: str) -> None:
    w = WRITES[endpoint]
    objs = shared[1][target]
    if w.prepare is not None:
        w.prepare(objs)
    before = fingerprint()
    audit_before = AuditEvent.objects.filter(source="api").count()

    response = client_for(shared, role).post(w.path(objs), w.body(objs), format="json")

    if role == "anonim":
        expected: tuple[int, ...] = (401,)
    elif w.rule(role, target):
        expected = w.ok
    elif w.in_url and not sees(role, target):
        expected = (404,)
    else:
        expected = (403,)
    assert response.status_code in expected, response.content[:500]
    if response.status_code in w.ok:
        assert AuditEvent.objects.filter(source="api").count() > audit_before
    else:
        assert set(response.json()) == {"error"}
        assert fingerprint() == before


def test_the_matrix_covers_every_route_of_the_api() -> None:
    from renja.api.urls import router

    routes = {(prefix, name) for prefix, viewset, _ in router.registry for name in ("list", "detail")}
    actions = {(prefix, a.url_path) for prefix, viewset, _ in router.registry for a in viewset.get_extra_actions()}
    covered_lists = set(LISTS)
    assert {p for p, _ in routes} == covered_lists == {k for k in DETAILS if " " not in k}
    covered_actions = {tuple(k.split()[1:3]) for k in [*WRITES, *(f"GET {d}" for d in DETAILS)] if len(k.split()) == 3}
    assert actions <= covered_actions, actions - covered_actions


# --- errors and query counts ----------------------------------------------------------------------------------


def test_a_return_without_a_reason_is_400_and_a_step_from_the_wrong_status_is_409(shared: Shared) -> None:
    objs = shared[1]["sendiri"]
    client = client_for(shared, "verifikator")
    _status(objs, StatusRenja.DIAJUKAN)
    missing = client.post(f"/api/renja/{objs['renja'].pk}/kembalikan/", {"alasan": " "}, format="json")
    assert missing.status_code == 400
    assert missing.json()["error"]["kode"] == "tidak_valid"
    assert "alasan" in missing.json()["error"]["pesan"]
    _status(objs, StatusRenja.DRAF)
    wrong = client.post(f"/api/renja/{objs['renja'].pk}/kembalikan/", {"alasan": "x"}, format="json")
    assert wrong.status_code == 409
    assert wrong.json()["error"]["kode"] == "langkah_ditolak"


def test_a_transition_is_recorded_with_source_api(shared: Shared) -> None:
    objs = shared[1]["sendiri"]
    response = client_for(shared, "perencana").post(f"/api/renja/{objs['renja'].pk}/ajukan/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "diajukan"
    t = Transisi.objects.filter(renja=objs["renja"]).order_by("-id").first()
    assert t is not None and (t.aksi, t.ke) == ("ajukan", "diajukan")
    assert AuditEvent.objects.filter(source="api", model="workflow.Transisi").exists()
    state = client_for(shared, "perencana").get(f"/api/renja/{objs['renja'].pk}/tahapan/").json()
    assert state["status"] == "diajukan"
    assert {k["aksi"]: k["boleh"] for k in state["langkah"]}["ajukan"] is False


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("tahun=2024&tahapan=rancangan_akhir&status=draf", 200),
        ("tahapan=bukan", 400),
        ("tahun=²", 400),
        ("tahun=99999999999999999999", 400),
        ("terkunci=mungkin", 400),
    ],
)
def test_renja_filters_are_validated(shared: Shared, query: str, status: int) -> None:
    response = client_for(shared, "verifikator").get(f"/api/renja/?{query}")
    assert response.status_code == status
    if status == 200:
        assert {r["id"] for r in response.json()["results"]} == {shared[1][t]["renja"].pk for t in ("sendiri", "lain")}
    else:
        assert response.json()["error"]["kode"] == "permintaan_tidak_sah"


def test_filters_narrow_the_lists(shared: Shared) -> None:
    client = client_for(shared, "superuser")
    objs = shared[1]["lain"]
    renja = objs["renja"].pk
    assert {r["id"] for r in client.get(f"/api/baris/?renja={renja}&level=kegiatan").json()["results"]} == {
        objs["sub"].pk
    }
    assert {r["id"] for r in client.get(f"/api/realisasi/?renja={renja}").json()["results"]} == {objs["realisasi"].pk}
    assert {r["id"] for r in client.get(f"/api/catatan/?renja={renja}&selesai=false").json()["results"]} == {
        objs["catatan"].pk
    }
    assert client.get("/api/usulan/?status=ditolak").json()["results"] == []
    assert len(client.get("/api/usulan/?tidak_terpetakan=true&tahun=2024").json()["results"]) == 3


LIST_ENDPOINTS = list(LISTS)


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_list_endpoints_run_a_constant_number_of_queries(shared: Shared, endpoint: str) -> None:
    from renja.master.models import PerangkatDaerah

    client = client_for(shared, "verifikator")
    client.get(f"/api/{endpoint}/")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/api/{endpoint}/").status_code == 200
        return len(ctx.captured_queries)

    small = count()
    pd = PerangkatDaerah.objects.get(pk=shared[1]["sendiri"]["pd"].pk)
    for tahun in (2025, 2026, 2027):
        extra = make_plan(pd, tahun=tahun)
        CatatanVerifikasi.objects.create(
            renja=extra.renja, jenis_item="baris", item_id=extra.sub.pk, status="sesuai", teks="ok"
        )
        Usulan.objects.create(perangkat_daerah=pd, tahun=tahun, kegiatan="Jalan")
        Transisi.objects.create(renja=extra.renja, aksi="ajukan", dari="draf", ke="diajukan")
    big = count()
    assert small == big
    assert big <= 6


def test_usulan_levels_are_recorded_in_order_and_read_nested(shared: Shared) -> None:
    objs = shared[1]["sendiri"]
    client = client_for(shared, "perencana")
    url = f"/api/usulan/{objs['usulan'].pk}/"
    desa = client.post(f"{url}rekomendasi/", {"tingkat": "desa", "status": "diterima"}, format="json")
    assert desa.status_code == 200
    tolak = client.post(f"{url}rekomendasi/", {"tingkat": "kecamatan", "status": "ditolak"}, format="json")
    assert tolak.status_code == 400  # a reason is required for ditolak
    assert tolak.json()["error"]["kode"] in ("tidak_valid", "permintaan_tidak_sah")
    kec = client.post(
        f"{url}rekomendasi/", {"tingkat": "kecamatan", "status": "ditolak", "alasan": "Bukan kewenangan"}, format="json"
    )
    assert kec.status_code == 200
    body = client.get(url).json()
    assert [r["tingkat"] for r in body["rekomendasi"]] == ["desa", "kecamatan"]
    assert body["status"] == "ditolak"
    assert AuditEvent.objects.filter(source="api", model="usulan.UsulanRekomendasi").count() == 2
