"""The permission matrix: every write service and every view, for every role (perencana PD, kepala PD,
verifikator Bappeda, admin pemda, publik), on the own agency, another agency of the same pemda, and an agency
of another pemda. The rules live in the services (`renja.core.permissions`); the views only show them.

Targets: `sendiri` = the PD roles' own agency (pemda A); `lain` = another agency of pemda A; `luar` = an agency
of pemda B. The pemda roles belong to pemda A.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from renja.core.errors import PermissionDenied
from renja.core.types import Source
from renja.master.models import Level, PerangkatDaerah
from renja.plans import services as ps
from renja.plans.models import Indikator, JadwalTahapan, Pagu, PlanRow, Renja, Renstra, StatusRenja, TujuanSasaran
from renja.workflow import services as ws
from renja.workflow.models import CatatanVerifikasi, PlafonPagu
from tests.factories import NomenklaturFactory
from tests.workflow.world import ROLES, Plan, World, make_plan, make_world

pytestmark = pytest.mark.django_db

TARGETS = ("sendiri", "lain", "luar")
# Another pemda's agency matters for the pemda-wide roles; for the PD roles and the public it is one more
# "other agency" (they see neither), so it is checked once for them in `test_other_pemda_for_pd_roles`.
CASES = [(r, t) for r in ROLES for t in TARGETS if t != "luar" or r in ("verifikator", "admin_pemda")]
WEB = Source.WEB

# who may do what, by (role, target)
VIEW = {("perencana", "sendiri"), ("kepala_pd", "sendiri")} | {
    (r, t) for r in ("verifikator", "admin_pemda") for t in ("sendiri", "lain")
}
EDIT = {("perencana", "sendiri")}
APPROVE = {("kepala_pd", "sendiri")}
VERIFY = {("verifikator", t) for t in ("sendiri", "lain")}
RETURN = APPROVE | VERIFY
REPLY = EDIT | APPROVE | VERIFY
ADMIN = {("admin_pemda", t) for t in ("sendiri", "lain")}
PEMDA = ADMIN | VERIFY
NOBODY: set[tuple[str, str]] = set()


@dataclass
class Ctx:
    world: World
    plan: Plan
    actor: Any
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pd(self) -> PerangkatDaerah:
        return self.plan.renja.perangkat_daerah


def agency(world: World, target: str) -> PerangkatDaerah:
    return {"sendiri": world.pd, "lain": world.pd_lain, "luar": world.pd_luar}[target]


Shared = tuple[World, dict[str, Plan]]


@pytest.fixture(scope="module")
def shared(django_db_setup: None, django_db_blocker: Any) -> Iterator[Shared]:
    """The world and a plan per target, built once per module inside a transaction that is rolled back at the
    end; each test runs in its own savepoint, so what a test writes is gone for the next one."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = make_world()
        yield world, {t: make_plan(agency(world, t)) for t in TARGETS}
        transaction.set_rollback(True)


def fresh(shared: Shared, role: str, target: str) -> Ctx:
    """The plan of `target` re-read (a previous test may have changed the Python objects before its rollback)."""
    world, plans = shared
    p = plans[target]
    plan = Plan(
        renja=Renja.objects.select_related("perangkat_daerah__pemda").get(pk=p.renja.pk),
        program=PlanRow.objects.get(pk=p.program.pk),
        sub=PlanRow.objects.get(pk=p.sub.pk),
        indikator=Indikator.objects.get(pk=p.indikator.pk),
        pagu=Pagu.objects.get(pk=p.pagu.pk),
    )
    return Ctx(world=world, plan=plan, actor=world.users[role])


def set_status(plan: Plan, status: str, terkunci: bool = False) -> None:
    Renja.objects.filter(pk=plan.renja.pk).update(status=status, terkunci=terkunci)
    plan.renja.refresh_from_db()


def with_note(c: Ctx) -> None:
    c.extra["catatan"] = CatatanVerifikasi.objects.create(
        renja=c.plan.renja, jenis_item="baris", item_id=c.plan.sub.pk, status="perlu_perbaikan", teks="x"
    )


def with_renstra(c: Ctx) -> None:
    renstra = Renstra.objects.create(perangkat_daerah=c.pd, tahun_mulai=2019, tahun_akhir=2023)
    row = PlanRow.objects.create(renstra=renstra, level=Level.PROGRAM, kode="2.13.04", nama="Program")
    c.extra["renstra"], c.extra["renstra_row"] = renstra, row


# --- write services --------------------------------------------------------------------------------------------

SERVICES: dict[str, tuple[set[tuple[str, str]], Callable[[Ctx], Any], Callable[[Ctx], None] | None]] = {
    "renja_create": (
        EDIT,
        lambda c: ps.renja_create(perangkat_daerah=c.pd, tahun=2025, tahapan="rancangan", actor=c.actor, source=WEB),
        None,
    ),
    "renja_update": (
        EDIT,
        lambda c: ps.renja_update(renja=c.plan.renja, changes={"label": "x"}, actor=c.actor, source=WEB),
        None,
    ),
    "renja_clear": (EDIT, lambda c: ps.renja_clear(renja=c.plan.renja, actor=c.actor, source=WEB, reason="uji"), None),
    "renstra_create": (
        EDIT,
        lambda c: ps.renstra_create(
            perangkat_daerah=c.pd, tahun_mulai=2025, tahun_akhir=2029, actor=c.actor, source=WEB
        ),
        None,
    ),
    "plan_row_create": (
        EDIT,
        lambda c: ps.plan_row_create(
            renja=c.plan.renja, parent=None, level="program", nama="P", actor=c.actor, source=WEB
        ),
        None,
    ),
    "plan_row_create (renstra)": (
        EDIT,
        lambda c: ps.plan_row_create(
            renstra=c.extra["renstra"], parent=None, level="program", nama="P", actor=c.actor, source=WEB
        ),
        with_renstra,
    ),
    "plan_row_add_from_nomenklatur": (
        EDIT,
        lambda c: ps.plan_row_add_from_nomenklatur(
            renja=c.plan.renja, nomenklatur=c.extra["item"], actor=c.actor, source=WEB
        ),
        lambda c: c.extra.update(item=NomenklaturFactory(level="program", kode="2.13.05", nama="Program Lembaga")),
    ),
    "plan_row_update": (
        EDIT,
        lambda c: ps.plan_row_update(row=c.plan.sub, changes={"lokasi": "Maospati"}, actor=c.actor, source=WEB),
        None,
    ),
    "plan_row_delete": (EDIT, lambda c: ps.plan_row_delete(row=c.plan.sub, actor=c.actor, source=WEB), None),
    "indikator_create": (
        EDIT,
        lambda c: ps.indikator_create(row=c.plan.sub, jenis="output", nama="Jumlah", actor=c.actor, source=WEB),
        None,
    ),
    "indikator_create (renstra)": (
        EDIT,
        lambda c: ps.indikator_create(
            row=c.extra["renstra_row"], jenis="outcome", nama="Persen", actor=c.actor, source=WEB
        ),
        with_renstra,
    ),
    "indikator_update": (
        EDIT,
        lambda c: ps.indikator_update(
            indikator=c.plan.indikator, changes={"satuan": "Unit"}, actor=c.actor, source=WEB
        ),
        None,
    ),
    "indikator_delete": (
        EDIT,
        lambda c: ps.indikator_delete(indikator=c.plan.indikator, actor=c.actor, source=WEB),
        None,
    ),
    "target_set": (
        EDIT,
        lambda c: ps.target_set(indikator=c.plan.indikator, tahun=2024, nilai=Decimal(3), actor=c.actor, source=WEB),
        None,
    ),
    "pagu_set": (
        EDIT,
        lambda c: ps.pagu_set(row=c.plan.sub, tahun=2024, jumlah=Decimal(3), actor=c.actor, source=WEB),
        None,
    ),
    "realisasi_record": (
        EDIT,
        lambda c: ps.realisasi_record(
            indikator=c.plan.indikator, tahun=2024, nilai=Decimal(1), actor=c.actor, source=WEB
        ),
        None,
    ),
    "tujuan_sasaran_create": (
        EDIT,
        lambda c: ps.tujuan_sasaran_create(
            renja=c.plan.renja, parent=None, jenis="tujuan", nomor="1", uraian="T", actor=c.actor, source=WEB
        ),
        None,
    ),
    "tujuan_sasaran_update": (
        EDIT,
        lambda c: ps.tujuan_sasaran_update(
            tujuan_sasaran=c.extra["ts"], changes={"uraian": "U"}, actor=c.actor, source=WEB
        ),
        lambda c: c.extra.update(ts=TujuanSasaran.objects.create(renja=c.plan.renja, jenis="tujuan", uraian="T")),
    ),
    "narasi_set": (
        EDIT,
        lambda c: ps.narasi_set(renja=c.plan.renja, kode="bab1", judul="Bab I", teks="t", actor=c.actor, source=WEB),
        None,
    ),
    "renja_ajukan": (EDIT, lambda c: ws.renja_ajukan(renja=c.plan.renja, actor=c.actor, source=WEB), None),
    "renja_kembalikan": (
        RETURN,
        lambda c: ws.renja_kembalikan(renja=c.plan.renja, alasan="perbaiki", actor=c.actor, source=WEB),
        lambda c: set_status(c.plan, StatusRenja.DIAJUKAN),
    ),
    "renja_setujui": (
        APPROVE,
        lambda c: ws.renja_setujui(renja=c.plan.renja, actor=c.actor, source=WEB),
        lambda c: set_status(c.plan, StatusRenja.DIAJUKAN),
    ),
    "tahapan_kunci": (VERIFY, lambda c: ws.tahapan_kunci(renja=c.plan.renja, actor=c.actor, source=WEB), None),
    "tahapan_buka": (
        VERIFY,
        lambda c: ws.tahapan_buka(renja=c.plan.renja, alasan="buka", actor=c.actor, source=WEB),
        lambda c: set_status(c.plan, StatusRenja.DISETUJUI, terkunci=True),
    ),
    "tahapan_lanjut": (
        EDIT,
        lambda c: ws.tahapan_lanjut(renja=c.plan.renja, actor=c.actor, source=WEB),
        lambda c: set_status(c.plan, StatusRenja.DISETUJUI, terkunci=True),
    ),
    "renja_perubahan_buat": (
        EDIT,
        lambda c: ws.renja_perubahan_buat(renja=c.plan.renja, actor=c.actor, source=WEB),
        lambda c: (
            Renja.objects.filter(pk=c.plan.renja.pk).update(tahapan="penetapan"),
            set_status(c.plan, StatusRenja.DISETUJUI),
        ),
    ),
    "catatan_buat": (
        VERIFY,
        lambda c: ws.catatan_buat(
            renja=c.plan.renja,
            jenis_item="baris",
            item_id=c.plan.sub.pk,
            status="sesuai",
            teks="",
            actor=c.actor,
            source=WEB,
        ),
        None,
    ),
    "catatan_balas": (
        REPLY,
        lambda c: ws.catatan_balas(catatan=c.extra["catatan"], teks="ok", actor=c.actor, source=WEB),
        with_note,
    ),
    "catatan_selesaikan": (
        VERIFY,
        lambda c: ws.catatan_selesaikan(catatan=c.extra["catatan"], actor=c.actor, source=WEB),
        with_note,
    ),
    "jadwal_set": (
        ADMIN,
        lambda c: ws.jadwal_set(
            pemda=c.pd.pemda,
            tahun=2024,
            tahapan="rancangan",
            mulai=timezone.now(),
            selesai=timezone.now() + dt.timedelta(days=9),
            actor=c.actor,
            source=WEB,
        ),
        None,
    ),
    "jadwal_kunci": (
        VERIFY,
        lambda c: ws.jadwal_kunci(jadwal=c.extra["jadwal"], actor=c.actor, source=WEB),
        lambda c: c.extra.update(
            jadwal=JadwalTahapan.objects.create(
                pemda=c.pd.pemda,
                tahun=2024,
                tahapan="rancangan",
                mulai=timezone.now() - dt.timedelta(days=1),
                selesai=timezone.now() + dt.timedelta(days=1),
            )
        ),
    ),
    "plafon_set": (
        ADMIN,
        lambda c: ws.plafon_set(perangkat_daerah=c.pd, tahun=2024, jumlah=Decimal(10), actor=c.actor, source=WEB),
        None,
    ),
    "pengaturan_pemda_set": (
        ADMIN,
        lambda c: ws.pengaturan_pemda_set(pemda=c.pd.pemda, mode_plafon="blokir", actor=c.actor, source=WEB),
        None,
    ),
}


def _fingerprint(plan: Plan) -> tuple[Any, ...]:
    renja = Renja.objects.filter(pk=plan.renja.pk).values_list("status", "terkunci", "label").first()
    return (
        renja,
        tuple(Pagu.objects.filter(row__renja=plan.renja).order_by("id").values_list("jumlah", "revisi")),
        PlanRow.objects.count(),
        Indikator.objects.count(),
        Renja.objects.count(),
        CatatanVerifikasi.objects.filter(selesai=True).count(),
        PlafonPagu.objects.count(),
    )


@pytest.mark.parametrize(("role", "target"), CASES)
@pytest.mark.parametrize("service", list(SERVICES))
def test_write_service(shared: Shared, service: str, role: str, target: str) -> None:
    allowed, call, prepare = SERVICES[service]
    ctx = fresh(shared, role, target)
    plan = ctx.plan
    if prepare is not None:
        prepare(ctx)
    before = _fingerprint(plan)

    if (role, target) in allowed:
        call(ctx)
    else:
        with pytest.raises(PermissionDenied):
            call(ctx)
        assert _fingerprint(plan) == before


def test_the_system_actor_may_write_what_the_cli_and_importers_write() -> None:
    world = make_world()
    plan = make_plan(world.pd)
    ps.pagu_set(row=plan.sub, tahun=2024, jumlah=Decimal(7), actor=None, source=Source.CLI)
    ws.tahapan_kunci(renja=plan.renja, actor=None, source=Source.CLI)
    assert Renja.objects.get(pk=plan.renja.pk).terkunci


# --- views --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class V:
    name: str
    method: str
    allowed: set[tuple[str, str]]
    args: Callable[[Ctx], list[Any]]
    data: Callable[[Ctx], dict[str, Any]] = lambda c: {}
    prepare: Callable[[Ctx], None] | None = None
    ok: tuple[int, ...] = (200,)
    anonymous_ok: bool = False  # public pages


def R(c: Ctx) -> list[Any]:
    return [c.plan.renja.pk]


def P(c: Ctx) -> list[Any]:
    return [c.pd.pemda_id]


def approved(c: Ctx) -> None:
    set_status(c.plan, StatusRenja.DISETUJUI)


VIEWS: list[V] = [
    V("plans:renja_detail", "GET", VIEW, R),
    V("plans:renja_tree", "GET", VIEW, R),
    V("plans:narasi", "GET", VIEW, R),
    V("plans:tujuan_sasaran", "GET", VIEW, R),
    V("plans:renstra", "GET", VIEW, R),
    V("plans:nomenklatur_cari", "GET", VIEW, R, lambda c: {"q": "2.13"}),
    V("plans:pagu_cell", "GET", EDIT, lambda c: [c.plan.renja.pk, c.plan.sub.pk, 2024]),
    V(
        "plans:pagu_cell",
        "POST",
        EDIT,
        lambda c: [c.plan.renja.pk, c.plan.sub.pk, 2024],
        lambda c: {"jumlah": "5", "revisi": "0"},
    ),
    V(
        "plans:pagu_preview",
        "POST",
        VIEW,
        lambda c: [c.plan.renja.pk, c.plan.sub.pk, 2024],
        lambda c: {"jumlah": "5", "revisi": "0"},
    ),
    V("plans:target_cell", "GET", EDIT, lambda c: [c.plan.renja.pk, c.plan.indikator.pk, 2024]),
    V(
        "plans:target_cell",
        "POST",
        EDIT,
        lambda c: [c.plan.renja.pk, c.plan.indikator.pk, 2024],
        lambda c: {"nilai": "5", "revisi": "0"},
    ),
    V("plans:baris_cell", "GET", EDIT, lambda c: [c.plan.renja.pk, c.plan.sub.pk]),
    V(
        "plans:baris_cell",
        "POST",
        EDIT,
        lambda c: [c.plan.renja.pk, c.plan.sub.pk],
        lambda c: {"nama": "N", "lokasi": "", "revisi": "0"},
    ),
    V("plans:indikator_cell", "GET", EDIT, lambda c: [c.plan.renja.pk, c.plan.indikator.pk]),
    V(
        "plans:indikator_cell",
        "POST",
        EDIT,
        lambda c: [c.plan.renja.pk, c.plan.indikator.pk],
        lambda c: {"nama": "N", "satuan": "", "revisi": "0"},
    ),
    V(
        "plans:baris_tambah",
        "POST",
        EDIT,
        R,
        lambda c: {"nomenklatur": c.extra["item"].pk},
        prepare=lambda c: c.extra.update(item=NomenklaturFactory(level="program", kode="2.13.05", nama="Program L")),
    ),
    V("plans:baris_hapus", "POST", EDIT, lambda c: [c.plan.renja.pk, c.plan.sub.pk]),
    V(
        "plans:indikator_tambah",
        "POST",
        EDIT,
        lambda c: [c.plan.renja.pk, c.plan.sub.pk],
        lambda c: {"nama": "Jumlah", "satuan": "Unit"},
    ),
    V("plans:indikator_hapus", "POST", EDIT, lambda c: [c.plan.renja.pk, c.plan.indikator.pk]),
    V("plans:narasi_bab", "GET", EDIT, lambda c: [c.plan.renja.pk, "bab1"]),
    V("plans:narasi_bab", "POST", EDIT, lambda c: [c.plan.renja.pk, "bab1"], lambda c: {"teks": "T", "revisi": "0"}),
    V(
        "plans:tujuan_sasaran_cell",
        "GET",
        EDIT,
        lambda c: [c.plan.renja.pk, c.extra["ts"].pk],
        prepare=lambda c: c.extra.update(
            ts=TujuanSasaran.objects.create(renja=c.plan.renja, jenis="tujuan", uraian="T")
        ),
    ),
    V(
        "plans:tujuan_sasaran_cell",
        "POST",
        EDIT,
        lambda c: [c.plan.renja.pk, c.extra["ts"].pk],
        lambda c: {"uraian": "U", "revisi": "0"},
        prepare=lambda c: c.extra.update(
            ts=TujuanSasaran.objects.create(renja=c.plan.renja, jenis="tujuan", uraian="T")
        ),
    ),
    V(
        "plans:renstra_target_cell",
        "GET",
        EDIT,
        lambda c: [c.plan.renja.pk, c.extra["ind"].pk, "akhir"],
        prepare=lambda c: _renja_renstra(c),
    ),
    V(
        "plans:renstra_target_cell",
        "POST",
        EDIT,
        lambda c: [c.plan.renja.pk, c.extra["ind"].pk, "akhir"],
        lambda c: {"nilai": "7", "revisi": "0"},
        prepare=lambda c: _renja_renstra(c),
    ),
    V("workflow:tahapan", "GET", VIEW, R),
    V("workflow:tahapan_aksi", "POST", EDIT, lambda c: [c.plan.renja.pk, "ajukan"], ok=(302,)),
    V(
        "workflow:tahapan_aksi",
        "POST",
        RETURN,
        lambda c: [c.plan.renja.pk, "kembalikan"],
        lambda c: {"alasan": "x"},
        prepare=lambda c: set_status(c.plan, StatusRenja.DIAJUKAN),
        ok=(302,),
    ),
    V(
        "workflow:tahapan_aksi",
        "POST",
        APPROVE,
        lambda c: [c.plan.renja.pk, "setujui"],
        prepare=lambda c: set_status(c.plan, StatusRenja.DIAJUKAN),
        ok=(302,),
    ),
    V("workflow:tahapan_aksi", "POST", VERIFY, lambda c: [c.plan.renja.pk, "kunci"], ok=(302,)),
    V(
        "workflow:tahapan_aksi",
        "POST",
        VERIFY,
        lambda c: [c.plan.renja.pk, "buka"],
        lambda c: {"alasan": "x"},
        prepare=lambda c: set_status(c.plan, StatusRenja.DISETUJUI, terkunci=True),
        ok=(302,),
    ),
    V(
        "workflow:tahapan_aksi",
        "POST",
        EDIT,
        lambda c: [c.plan.renja.pk, "lanjut"],
        prepare=lambda c: set_status(c.plan, StatusRenja.DISETUJUI, terkunci=True),
        ok=(302,),
    ),
    V(
        "workflow:tahapan_aksi",
        "POST",
        EDIT,
        lambda c: [c.plan.renja.pk, "perubahan"],
        prepare=lambda c: (Renja.objects.filter(pk=c.plan.renja.pk).update(tahapan="penetapan"), approved(c)),
        ok=(302,),
    ),
    V("workflow:item", "GET", VIEW, lambda c: [c.plan.renja.pk, "baris", c.plan.sub.pk]),
    V(
        "workflow:catatan_buat",
        "POST",
        VERIFY,
        lambda c: [c.plan.renja.pk, "baris", c.plan.sub.pk],
        lambda c: {"status": "sesuai", "teks": ""},
    ),
    V(
        "workflow:catatan_balas",
        "POST",
        REPLY,
        lambda c: [c.extra["catatan"].pk],
        lambda c: {"teks": "ok"},
        prepare=with_note,
    ),
    V("workflow:catatan_selesai", "POST", VERIFY, lambda c: [c.extra["catatan"].pk], prepare=with_note),
    V("workflow:catatan", "GET", VIEW, R),
    V("workflow:riwayat", "GET", VIEW, R),
    V("workflow:banding", "GET", VIEW, R),
    V("workflow:dasbor", "GET", VIEW, R),
    V("workflow:pemda_dasbor", "GET", PEMDA, P),
    V("workflow:pemda_jadwal", "GET", PEMDA, P),
    V(
        "workflow:pemda_jadwal",
        "POST",
        ADMIN,
        P,
        lambda c: {"tahun": "2024", "tahapan": "rancangan", "mulai": "2024-01-01T08:00", "selesai": "2031-01-01T08:00"},
        ok=(302,),
    ),
    V("workflow:pemda_plafon", "GET", PEMDA, P),
    V(
        "workflow:pemda_plafon",
        "POST",
        ADMIN,
        P,
        lambda c: {"tahun": "2024", "perangkat_daerah": c.pd.pk, "jumlah": "1.000", "revisi": "0"},
        ok=(302,),
    ),
    V("workflow:publik_renja", "GET", {(r, t) for r in ROLES for t in TARGETS}, R, prepare=approved, anonymous_ok=True),
]


def _renja_renstra(c: Ctx) -> None:
    with_renstra(c)
    Renja.objects.filter(pk=c.plan.renja.pk).update(renstra=c.extra["renstra"])
    c.plan.renja.refresh_from_db()
    c.extra["ind"] = Indikator.objects.create(row=c.extra["renstra_row"], jenis="outcome", nama="Persen", satuan="%")


def _view_id(v: V) -> str:
    suffix = v.args.__name__ if v.args.__name__ not in ("<lambda>", "R", "P") else ""
    return f"{v.method} {v.name}{suffix}"


@pytest.mark.parametrize(("role", "target"), CASES)
@pytest.mark.parametrize("view", VIEWS, ids=[f"{i:02d} {_view_id(v)}" for i, v in enumerate(VIEWS)])
def test_view(shared: Shared, view: V, role: str, target: str) -> None:
    ctx = fresh(shared, role, target)
    plan = ctx.plan
    if view.prepare is not None:
        view.prepare(ctx)
    client = Client()
    if not isinstance(ctx.actor, AnonymousUser):
        client.force_login(ctx.actor)
    url = reverse(view.name, args=view.args(ctx))
    before = _fingerprint(plan)

    response = (
        client.get(url, view.data(ctx))
        if view.method == "GET"
        else client.post(url, view.data(ctx), HTTP_HX_REQUEST="true")
    )

    if (role, target) in view.allowed:
        assert response.status_code in view.ok, response.content.decode()[:2000]
    elif role == "publik" and not view.anonymous_ok:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 403, response.content.decode()[:2000]
    if (role, target) not in view.allowed:
        assert _fingerprint(plan) == before


@pytest.mark.parametrize("role", ["perencana", "kepala_pd", "publik"])
def test_other_pemda_for_pd_roles(shared: Shared, role: str) -> None:
    """The PD roles and the public can neither read nor write an agency of another pemda."""
    ctx = fresh(shared, role, "luar")
    client = Client()
    if not isinstance(ctx.actor, AnonymousUser):
        client.force_login(ctx.actor)
    for name in ("plans:renja_tree", "workflow:tahapan", "workflow:dasbor", "workflow:riwayat"):
        response = client.get(reverse(name, args=[ctx.plan.renja.pk]))
        assert response.status_code == (302 if role == "publik" else 403), name
    for service in ("pagu_set", "renja_ajukan", "renja_setujui", "catatan_balas"):
        allowed, call, prepare = SERVICES[service]
        assert (role, "luar") not in allowed
        if prepare is not None:
            prepare(ctx)
        with pytest.raises(PermissionDenied):
            call(ctx)


@pytest.mark.parametrize("role", ROLES)
def test_home_public_list_and_pemda_index(role: str) -> None:
    world = make_world()
    client = Client()
    actor = world.users[role]
    if not isinstance(actor, AnonymousUser):
        client.force_login(actor)

    home = client.get(reverse("plans:home"))
    public = client.get(reverse("workflow:publik"))
    pemda = client.get(reverse("workflow:pemda_index"))

    assert home.status_code == (302 if role == "publik" else 200)
    assert public.status_code == 200
    expected = {"publik": 302, "perencana": 403, "kepala_pd": 403, "verifikator": 302, "admin_pemda": 302}[role]
    assert pemda.status_code == expected
    if role in ("verifikator", "admin_pemda"):
        assert pemda["Location"] == reverse("workflow:pemda_dasbor", args=[world.pemda.pk])


def _names(patterns: list[URLPattern | URLResolver], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            out |= _names(p.url_patterns, ns)
        elif p.name:
            out.add(prefix + p.name)
    return out


def test_the_matrix_covers_every_view_of_plans_and_workflow() -> None:
    names = {n for n in _names(get_resolver().url_patterns) if n.startswith(("plans:", "workflow:"))}
    covered = {v.name for v in VIEWS} | {"plans:home", "workflow:publik", "workflow:pemda_index"}

    assert names - covered == set()


def test_the_matrix_covers_every_write_service() -> None:
    import inspect

    public = {
        f"{module.__name__.rsplit('.', 2)[-2]}.{name}"
        for module in (ps, ws)
        for name, fn in vars(module).items()
        if inspect.isfunction(fn)
        and fn.__module__ == module.__name__
        and not name.startswith("_")
        and "actor" in inspect.signature(fn).parameters
        and "source" in inspect.signature(fn).parameters
    }
    covered = {f"{'workflow' if s.split()[0] in vars(ws) else 'plans'}.{s.split()[0]}" for s in SERVICES}
    # jadwal_tutup_kedaluwarsa is the system's (cron) job: it runs as actor None and locks through jadwal_kunci
    assert public - covered == {"workflow.jadwal_tutup_kedaluwarsa"}
