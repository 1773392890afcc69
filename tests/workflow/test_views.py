"""Workflow pages: the stage page says why a step is blocked, the item panel, notes, the searchable log, the
difference and T-C.31, dashboards with inline SVG charts, the pemda pages and the public pages — each with a
fixed number of queries whatever the size of the plan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from renja.core.types import Source
from renja.plans import services as plan_services
from renja.plans.models import Renja, StatusRenja
from renja.workflow import services
from renja.workflow.models import CatatanVerifikasi, PlafonPagu
from tests.factories import RenjaFactory, UserFactory
from tests.plans.builders import build_tree
from tests.workflow.world import Plan, World, make_plan, make_world

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world() -> World:
    return make_world()


@pytest.fixture
def plan(world: World) -> Plan:
    return make_plan(world.pd)


def client_for(world: World, role: str) -> Client:
    c = Client()
    c.force_login(world.users[role])  # type: ignore[arg-type]
    return c


def test_the_stage_page_offers_the_planner_only_submit_and_says_why_the_rest_is_blocked(
    world: World, plan: Plan
) -> None:
    html = client_for(world, "perencana").get(reverse("workflow:tahapan", args=[plan.renja.pk])).content.decode()

    assert f'action="/renja/{plan.renja.pk}/tahapan/ajukan/"' in html
    assert "Langkah &#x27;Setujui&#x27; hanya dapat dilakukan oleh kepala perangkat daerah ini." in html
    assert "Anda dapat mengubah isi Renja" in html


def test_steps_through_the_page_and_a_blocked_step_shows_its_reason(world: World, plan: Plan) -> None:
    pk = plan.renja.pk
    client_for(world, "perencana").post(reverse("workflow:tahapan_aksi", args=[pk, "ajukan"]))
    v = client_for(world, "verifikator")

    refused = v.post(reverse("workflow:tahapan_aksi", args=[pk, "kembalikan"]), {"alasan": ""})
    returned = v.post(
        reverse("workflow:tahapan_aksi", args=[pk, "kembalikan"]), {"alasan": "Pagu belum sesuai"}, follow=True
    )

    assert refused.status_code == 409
    assert "Tuliskan alasannya" in refused.content.decode()
    assert returned.status_code == 200
    html = returned.content.decode()
    assert "Renja dikembalikan ke perangkat daerah untuk perbaikan." in html
    assert "Pagu belum sesuai" in html
    assert Renja.objects.get(pk=pk).status == StatusRenja.DIKEMBALIKAN
    tree = client_for(world, "perencana").get(reverse("plans:renja_tree", args=[pk])).content.decode()
    assert "Rencana ini tidak dapat diubah sekarang." not in tree


def test_next_stage_from_the_page_redirects_to_the_new_version(world: World, plan: Plan) -> None:
    services.tahapan_kunci(renja=plan.renja, actor=world.users["verifikator"], source=Source.WEB)

    response = client_for(world, "perencana").post(reverse("workflow:tahapan_aksi", args=[plan.renja.pk, "lanjut"]))

    baru = Renja.objects.get(asal=plan.renja)
    assert response.status_code == 302
    assert response["Location"] == reverse("workflow:tahapan", args=[baru.pk])


def test_the_item_panel_writes_a_note_replies_and_resolves(world: World, plan: Plan) -> None:
    pk = plan.renja.pk
    v, p = client_for(world, "verifikator"), client_for(world, "perencana")
    panel = reverse("workflow:item", args=[pk, "baris", plan.sub.pk])

    bad = v.post(reverse("workflow:catatan_buat", args=[pk, "baris", plan.sub.pk]), {"status": "", "teks": "x"}, **HX)
    made = v.post(
        reverse("workflow:catatan_buat", args=[pk, "baris", plan.sub.pk]),
        {"status": "perlu_perbaikan", "teks": "Lokasi belum diisi"},
        **HX,
    )
    note = CatatanVerifikasi.objects.get()
    planner_try = p.post(
        reverse("workflow:catatan_buat", args=[pk, "baris", plan.sub.pk]), {"status": "sesuai", "teks": ""}, **HX
    )
    replied = p.post(reverse("workflow:catatan_balas", args=[note.pk]), {"teks": "Sudah diisi"}, **HX)
    planner_resolve = p.post(reverse("workflow:catatan_selesai", args=[note.pk]), **HX)
    resolved = v.post(reverse("workflow:catatan_selesai", args=[note.pk]), **HX)

    assert bad.status_code == 422 and "Pilih status catatan" in bad.content.decode()
    assert made.status_code == 200 and "Lokasi belum diisi" in made.content.decode()
    assert planner_try.status_code == 403
    assert replied.status_code == 200 and "Sudah diisi" in replied.content.decode()
    assert planner_resolve.status_code == 403
    assert resolved.status_code == 200
    assert CatatanVerifikasi.objects.get().selesai
    html = p.get(panel, **HX).content.decode()
    assert "Perlu perbaikan" in html and "selesai" in html and "Riwayat perubahan" in html
    tree = p.get(reverse("plans:renja_tree", args=[pk])).content.decode()
    assert "catatan &amp; riwayat" in tree or "catatan & riwayat" in tree
    assert '<span class="badge badge-warn">1</span>' not in tree  # resolved: no open note badge


def test_the_history_panel_shows_who_when_before_after_and_source(world: World, plan: Plan) -> None:
    plan_services.pagu_set(
        row=plan.sub, tahun=2024, jumlah=Decimal(1_500_000), actor=world.users["perencana"], source=Source.WEB
    )

    html = (
        client_for(world, "verifikator")
        .get(reverse("workflow:item", args=[plan.renja.pk, "baris", plan.sub.pk]))
        .content.decode()
    )

    assert "<strong>perencana</strong>" in html
    assert '<span class="badge">web</span>' in html
    assert '<td class="before">1000000</td><td class="after">1500000</td>' in html


def test_an_item_of_another_renja_is_not_found(world: World, plan: Plan) -> None:
    other = make_plan(world.pd, versi=2)

    response = client_for(world, "perencana").get(reverse("workflow:item", args=[plan.renja.pk, "baris", other.sub.pk]))

    assert response.status_code == 404


def test_the_log_is_searchable_and_paged(world: World, plan: Plan) -> None:
    u = world.users["perencana"]
    for amount in range(1, 60):
        plan_services.pagu_set(row=plan.sub, tahun=2024, jumlah=Decimal(amount), actor=u, source=Source.WEB)
    plan_services.plan_row_update(
        row=plan.program, changes={"lokasi": "Kabupaten Magetan"}, actor=None, source=Source.CLI
    )
    c = client_for(world, "kepala_pd")
    url = reverse("workflow:riwayat", args=[plan.renja.pk])

    everything = c.get(url).content.decode()
    cli = c.get(url, {"sumber": "cli"}).content.decode()
    by_user = c.get(url, {"oleh": "perencana", "halaman": "2"}).content.decode()

    assert "60 peristiwa" in everything and "Halaman 1 dari 2" in everything
    assert "1 peristiwa" in cli and "Kabupaten Magetan" in cli
    assert "59 peristiwa" in by_user and "Halaman 2 dari 2" in by_user


def test_the_log_runs_a_fixed_number_of_queries(
    world: World, plan: Plan, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    c = client_for(world, "verifikator")
    url = reverse("workflow:riwayat", args=[plan.renja.pk])
    c.get(url)
    for amount in range(1, 30):
        plan_services.pagu_set(row=plan.sub, tahun=2024, jumlah=Decimal(amount), actor=None, source=Source.CLI)

    with django_assert_num_queries(6):  # session, user, renja, roles, count, page
        c.get(url)


def test_the_difference_and_tc31_between_two_versions(world: World, plan: Plan) -> None:
    services.tahapan_kunci(renja=plan.renja, actor=world.users["verifikator"], source=Source.WEB)
    baru = services.tahapan_lanjut(renja=plan.renja, actor=world.users["perencana"], source=Source.WEB)
    row = baru.rows.get(kode="2.13.04.2.01")
    plan_services.pagu_set(
        row=row, tahun=2024, jumlah=Decimal(1_750_000), actor=world.users["perencana"], source=Source.WEB
    )
    c = client_for(world, "perencana")
    url = reverse("workflow:banding", args=[baru.pk])

    diff = c.get(url).content.decode()
    tc31 = c.get(url, {"kiri": plan.renja.pk, "kanan": baru.pk, "tampilan": "tc31"}).content.decode()

    assert "1 berubah, 0 baru, 0 dihapus, 1 tetap" in diff
    assert '<td class="before">1.000.000</td><td class="after">1.750.000</td>' in diff
    assert "T-C.31 Review terhadap Rancangan Awal RKPD tahun 2024" in tc31
    assert "berubah: pagu 2024 1.000.000 → 1.750.000" in tc31
    assert "tepat" in tc31


def test_dashboards_draw_svg_charts_ceilings_and_notes(world: World, plan: Plan) -> None:
    services.plafon_set(perangkat_daerah=world.pd, tahun=2024, jumlah=Decimal(800_000), actor=None, source=Source.CLI)
    services.catatan_buat(
        renja=plan.renja,
        jenis_item="baris",
        item_id=plan.sub.pk,
        status="perlu_perbaikan",
        teks="x",
        actor=world.users["verifikator"],
        source=Source.WEB,
    )
    other = make_plan(world.pd_lain)
    c = client_for(world, "verifikator")

    renja_page = c.get(reverse("workflow:dasbor", args=[plan.renja.pk])).content.decode()
    pemda_page = c.get(reverse("workflow:pemda_dasbor", args=[world.pemda.pk])).content.decode()

    assert "<svg" in renja_page and 'class="bar seri-0' in renja_page
    assert "Pagu per program" in renja_page
    assert "melebihi plafon sebesar 200.000" in renja_page
    assert "Perlu perbaikan: 1" in renja_page
    assert world.pd.nama in pemda_page and other.renja.perangkat_daerah.nama in pemda_page
    assert world.pd_luar.nama not in pemda_page
    assert 'class="bar seri-0 over"' in pemda_page and 'class="marker"' in pemda_page


@pytest.mark.parametrize("size", [(1, 1, 1), (3, 3, 4)])
def test_dashboards_run_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, size: tuple[int, int, int]
) -> None:
    c = client_for(world, "verifikator")
    renjas = []
    for pd in (world.pd, world.pd_lain):
        renja = RenjaFactory(perangkat_daerah=pd)
        build_tree(renja, *size)
        renjas.append(renja)
    c.get(reverse("workflow:dasbor", args=[renjas[0].pk]))

    # session, user, renja, roles, overview 2, capaian 4 (programs, indicators, targets, realisasi),
    # usulan 1, notes 1, plafon 1, setting 1
    with django_assert_num_queries(14):
        c.get(reverse("workflow:dasbor", args=[renjas[0].pk]))
    # session, user, pemda, roles, years, agencies, renja, rows, pagu, plafon, setting, notes, jadwal
    with django_assert_num_queries(13):
        c.get(reverse("workflow:pemda_dasbor", args=[world.pemda.pk]))


def test_the_stage_page_and_the_difference_run_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    c = client_for(world, "perencana")
    small, big = RenjaFactory(perangkat_daerah=world.pd), RenjaFactory(perangkat_daerah=world.pd, versi=2, utama=False)
    build_tree(small, 1, 1, 1)
    build_tree(big, 3, 3, 3)
    url = reverse("workflow:banding", args=[big.pk])
    c.get(url)
    # session, user, renja, roles, versions, 2 × renja, 2 × 4 (rows, pagu, indicators, targets)
    with django_assert_num_queries(15):
        c.get(url, {"kiri": small.pk, "kanan": big.pk})
    with django_assert_num_queries(9):  # session, user, renja, roles, jadwal, transisi, snapshot, versions, notes
        c.get(reverse("workflow:tahapan", args=[big.pk]))


def test_the_admin_sets_the_schedule_and_ceilings_bappeda_locks_a_stage(world: World, plan: Plan) -> None:
    a, v = client_for(world, "admin_pemda"), client_for(world, "verifikator")
    jadwal_url = reverse("workflow:pemda_jadwal", args=[world.pemda.pk])

    saved = a.post(
        jadwal_url,
        {"tahun": "2024", "tahapan": "rancangan_akhir", "mulai": "2024-01-01T08:00", "selesai": "2030-12-31T16:00"},
    )
    wrong = a.post(
        jadwal_url,
        {"tahun": "2024", "tahapan": "rancangan", "mulai": "2024-02-01T08:00", "selesai": "2024-01-01T08:00"},
    )
    by_verifier = v.post(
        jadwal_url,
        {"tahun": "2024", "tahapan": "rancangan", "mulai": "2024-01-01T08:00", "selesai": "2024-02-01T08:00"},
    )
    from renja.plans.models import JadwalTahapan

    jadwal = JadwalTahapan.objects.get()
    locked = v.post(
        jadwal_url, {"tahun": "2024", "aksi": "kunci", "jadwal": jadwal.pk, "alasan": "rapat Bappeda"}, follow=True
    )
    plafon = a.post(
        reverse("workflow:pemda_plafon", args=[world.pemda.pk]),
        {
            "tahun": "2024",
            "perangkat_daerah": world.pd.pk,
            "jumlah": "9.500.000.000",
            "sumber": "RKPD 2024",
            "revisi": "0",
        },
    )
    plafon_by_verifier = v.post(
        reverse("workflow:pemda_plafon", args=[world.pemda.pk]),
        {"tahun": "2024", "perangkat_daerah": world.pd.pk, "jumlah": "1", "revisi": "1"},
    )

    assert saved.status_code == 302
    assert wrong.status_code == 422 and "selesai harus sesudah waktu mulai" in wrong.content.decode()
    assert by_verifier.status_code == 403
    assert "1 Renja terkunci" in locked.content.decode()
    assert Renja.objects.get(pk=plan.renja.pk).terkunci
    assert plafon.status_code == 302
    assert PlafonPagu.objects.get().jumlah == Decimal(9_500_000_000)
    assert plafon_by_verifier.status_code == 403


def test_pemda_pages_are_for_bappeda_and_the_admin_only(world: World) -> None:
    for role, expected in [("perencana", 403), ("kepala_pd", 403), ("verifikator", 200), ("admin_pemda", 200)]:
        response = client_for(world, role).get(reverse("workflow:pemda_dasbor", args=[world.pemda.pk]))
        assert response.status_code == expected, role
    assert (
        client_for(world, "verifikator").get(reverse("workflow:pemda_dasbor", args=[world.pemda_lain.pk])).status_code
        == 403
    )
    assert client_for(world, "verifikator").get(reverse("workflow:pemda_index")).status_code == 302


def test_the_public_sees_approved_renja_only_without_login(world: World, plan: Plan) -> None:
    draft = make_plan(world.pd_lain)
    Renja.objects.filter(pk=plan.renja.pk).update(status=StatusRenja.DISETUJUI)
    c = Client()

    listing = c.get(reverse("workflow:publik")).content.decode()
    page = c.get(reverse("workflow:publik_renja", args=[plan.renja.pk]))
    hidden = c.get(reverse("workflow:publik_renja", args=[draft.renja.pk]))

    assert world.pd.nama in listing and world.pd_lain.nama not in listing
    assert page.status_code == 200
    html = page.content.decode()
    assert "Program Administrasi Desa" in html and "1.000.000" in html
    assert "hx-get" not in html  # read only
    assert hidden.status_code == 404
    assert "belum disetujui" in hidden.content.decode()


def test_the_public_list_runs_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for versi in (1, 2, 3):
        p = make_plan(world.pd, versi=versi)
        Renja.objects.filter(pk=p.renja.pk).update(status=StatusRenja.DISETUJUI)
    with django_assert_num_queries(4):  # count, page, top rows, pagu
        Client().get(reverse("workflow:publik"))


def test_a_superuser_may_open_every_pemda(world: World) -> None:
    c = Client()
    c.force_login(UserFactory(is_superuser=True, username="root"))

    assert c.get(reverse("workflow:pemda_index")).status_code == 200


def test_the_renja_panel_holds_its_steps_with_their_reasons(world: World, plan: Plan) -> None:
    services.renja_ajukan(renja=plan.renja, actor=world.users["perencana"], source=Source.WEB)
    services.renja_kembalikan(
        renja=plan.renja, alasan="Bab III belum memuat sasaran", actor=world.users["verifikator"], source=Source.WEB
    )

    html = (
        client_for(world, "kepala_pd")
        .get(reverse("workflow:item", args=[plan.renja.pk, "renja", plan.renja.pk]))
        .content.decode()
    )

    assert "Bab III belum memuat sasaran" in html
    assert "tahapan dibuat" in html  # the Transisi records
    assert '<td class="before">diajukan</td><td class="after">dikembalikan</td>' in html
