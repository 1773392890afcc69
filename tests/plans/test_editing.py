"""Editing in the browser (htmx): cells, validation next to the field, sums that follow, optimistic
concurrency (two people save the same value: one wins, the other sees both values), nomenclature picker."""

from __future__ import annotations

import threading
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from renja.audit.models import AuditEvent
from renja.core.types import Source
from renja.master.models import Level, Peran
from renja.plans import services
from renja.plans.models import Indikator, Narasi, Pagu, PlanRow, Renja, Target
from renja.plans.services import EditConflict
from tests.factories import NomenklaturFactory, NomenklaturVersiFactory, PeranPenggunaFactory
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


def pagu_url(plan: Plan, row: PlanRow, tahun: int = 2024) -> str:
    return reverse("plans:pagu_cell", args=[plan.renja.pk, row.pk, tahun])


# --- services -------------------------------------------------------------------------------------------------


def test_saving_over_a_newer_revision_is_refused_with_both_values(world: World, plan: Plan) -> None:
    u = world.users["perencana"]
    seen = Pagu.objects.get(pk=plan.pagu.pk).revisi  # both people opened the form at this revision

    services.pagu_set(row=plan.sub, tahun=2024, jumlah=Decimal(2_000_000), revisi=seen, actor=u, source=Source.WEB)
    with pytest.raises(EditConflict) as exc:
        services.pagu_set(row=plan.sub, tahun=2024, jumlah=Decimal(3_000_000), revisi=seen, actor=u, source=Source.WEB)

    assert exc.value.tersimpan["jumlah"] == Decimal(2_000_000)
    assert exc.value.milik_anda["jumlah"] == Decimal(3_000_000)
    assert exc.value.revisi == seen + 1
    assert exc.value.oleh == "perencana"
    assert "tidak ada yang ditimpa" in exc.value.message
    assert Pagu.objects.get(pk=plan.pagu.pk).jumlah == Decimal(2_000_000)


def test_a_record_created_meanwhile_is_a_conflict_too(world: World, plan: Plan) -> None:
    u = world.users["perencana"]
    services.target_set(indikator=plan.indikator, tahun=2025, nilai=Decimal(5), revisi=0, actor=u, source=Source.WEB)

    with pytest.raises(EditConflict):
        services.target_set(
            indikator=plan.indikator, tahun=2025, nilai=Decimal(6), revisi=0, actor=u, source=Source.WEB
        )


def test_an_unchanged_save_keeps_the_revision_and_leaves_no_event(world: World, plan: Plan) -> None:
    u = world.users["perencana"]
    before = AuditEvent.objects.count()

    pagu = services.pagu_set(
        row=plan.sub, tahun=2024, jumlah=Decimal("1000000"), teks="1.000.000", revisi=0, actor=u, source=Source.WEB
    )

    assert pagu.revisi == 0
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    "call",
    [
        lambda p, u, r: services.plan_row_update(row=p.sub, changes={"nama": "Baru"}, revisi=r, actor=u, source="web"),
        lambda p, u, r: services.indikator_update(
            indikator=p.indikator, changes={"satuan": "Kecamatan"}, revisi=r, actor=u, source="web"
        ),
        lambda p, u, r: services.narasi_set(
            renja=p.renja, kode="bab1", judul="Bab I", teks="x", revisi=r, actor=u, source="web"
        ),
        lambda p, u, r: services.renja_update(renja=p.renja, changes={"label": "L"}, revisi=r, actor=u, source="web"),
    ],
)
def test_every_editable_record_is_versioned(world: World, plan: Plan, call: object) -> None:
    u = world.users["perencana"]
    call(plan, u, 0)  # type: ignore[operator]
    with pytest.raises(EditConflict):
        call(plan, u, 0)  # type: ignore[operator]


def test_a_person_may_not_change_stage_status_or_lock_through_renja_update(world: World, plan: Plan) -> None:
    from renja.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied, match="halaman Tahapan"):
        services.renja_update(
            renja=plan.renja, changes={"terkunci": True}, actor=world.users["perencana"], source="web"
        )
    assert not Renja.objects.get(pk=plan.renja.pk).terkunci


# --- the cells --------------------------------------------------------------------------------------------------


def test_a_cell_opens_its_form_with_the_value_and_revision(world: World, plan: Plan) -> None:
    html = client_for(world, "perencana").get(pagu_url(plan, plan.sub), **HX).content.decode()

    assert 'name="jumlah"' in html and 'value="1.000.000"' in html
    assert 'name="revisi" value="0"' in html


def test_saving_a_pagu_returns_the_cell_the_parents_check_and_the_totals(world: World, plan: Plan) -> None:
    c = client_for(world, "perencana")

    response = c.post(pagu_url(plan, plan.sub), {"jumlah": "1.250.000", "revisi": "0"}, **HX)

    html = response.content.decode()
    assert response.status_code == 200
    assert Pagu.objects.get(pk=plan.pagu.pk).jumlah == Decimal(1_250_000)
    assert f'id="pagu-{plan.sub.pk}-2024"' in html and "1.250.000" in html
    assert f'id="pagu-{plan.program.pk}-2024"' in html and 'hx-swap-oob="outerHTML"' in html
    assert "≠</span> Σ 1.250.000" in html  # the program still states 1.000.000
    assert 'id="tree-totals"' in html
    event = AuditEvent.objects.filter(model="plans.Pagu", object_pk=str(plan.pagu.pk)).order_by("id").last()
    assert event is not None and event.source == "web" and event.before["jumlah"] == "1000000"


def test_sums_follow_the_typing_without_saving(world: World, plan: Plan) -> None:
    c = client_for(world, "perencana")
    url = reverse("plans:pagu_preview", args=[plan.renja.pk, plan.sub.pk, 2024])

    html = c.post(url, {"jumlah": "3.000.000", "revisi": "0"}, **HX).content.decode()

    assert "3.000.000" in html and "pratinjau" in html
    assert Pagu.objects.get(pk=plan.pagu.pk).jumlah == Decimal(1_000_000)
    bad = c.post(url, {"jumlah": "tiga juta", "revisi": "0"}, **HX).content.decode()
    assert "Tidak terbaca sebagai angka" in bad


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Tidak terbaca sebagai angka. Tulis rupiah utuh seperti 8.319.719.640"),
        ("1.500,50", "rupiah utuh, tanpa sen"),
        ("-5", "Pagu tidak boleh negatif"),
        ("#VALUE!", "galat spreadsheet"),
        ("100 Dokumen", "tanpa satuan 'Dokumen'"),
    ],
)
def test_an_invalid_pagu_is_explained_next_to_the_field(world: World, plan: Plan, typed: str, message: str) -> None:
    response = client_for(world, "perencana").post(pagu_url(plan, plan.sub), {"jumlah": typed, "revisi": "0"}, **HX)

    assert response.status_code == 422
    html = unescape(response.content.decode())
    assert message in html
    assert 'aria-invalid="true"' in html
    assert Pagu.objects.get(pk=plan.pagu.pk).jumlah == Decimal(1_000_000)


def test_two_people_save_the_same_pagu_one_wins_the_other_sees_both_values(world: World, plan: Plan) -> None:
    second = PeranPenggunaFactory(peran=Peran.PERENCANA, pemda=world.pemda, perangkat_daerah=world.pd).user
    a, b = client_for(world, "perencana"), Client()
    b.force_login(second)
    form_a = a.get(pagu_url(plan, plan.sub), **HX).content.decode()
    form_b = b.get(pagu_url(plan, plan.sub), **HX).content.decode()
    assert 'name="revisi" value="0"' in form_a and 'name="revisi" value="0"' in form_b

    saved = a.post(pagu_url(plan, plan.sub), {"jumlah": "2.000.000", "revisi": "0"}, **HX)
    refused = b.post(pagu_url(plan, plan.sub), {"jumlah": "3.000.000", "revisi": "0"}, **HX)

    assert saved.status_code == 200
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "sudah diubah oleh perencana" in html
    assert '<dd class="tersimpan">2.000.000</dd>' in html
    assert '<dd class="milik-anda">3.000.000</dd>' in html
    assert 'name="revisi" value="1"' in html  # "Simpan isian saya" resubmits over the revision now seen
    assert Pagu.objects.get(pk=plan.pagu.pk).jumlah == Decimal(2_000_000)
    again = b.post(pagu_url(plan, plan.sub), {"jumlah": "3.000.000", "revisi": "1"}, **HX)
    assert again.status_code == 200
    assert Pagu.objects.get(pk=plan.pagu.pk).jumlah == Decimal(3_000_000)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_in_two_threads_never_lose_an_update() -> None:
    """Two requests at the same moment with the same revision: exactly one is saved, the other is refused.

    Runs on PostgreSQL (CI runs the suite there too): the in-memory SQLite test database is shared between
    threads with table locks that fail at once instead of waiting, unlike the file database the app uses."""
    if connection.vendor != "postgresql":
        pytest.skip("butuh PostgreSQL: SQLite dalam memori tidak mengantre transaksi dari dua thread")
    world = make_world()
    plan = make_plan(world.pd)
    user = world.users["perencana"]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def save(amount: int) -> None:
        try:
            barrier.wait(timeout=10)
            services.pagu_set(
                row=PlanRow.objects.get(pk=plan.sub.pk),
                tahun=2024,
                jumlah=Decimal(amount),
                revisi=0,
                actor=user,
                source=Source.WEB,
            )
            results.append("disimpan")
        except EditConflict:
            results.append("konflik")
        except Exception as exc:  # e.g. SQLite "database is locked" would be a failure of the design
            results.append(f"galat: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(amount,)) for amount in (2_000_000, 3_000_000)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(results) == ["disimpan", "konflik"]
    pagu = Pagu.objects.get(pk=plan.pagu.pk)
    assert pagu.revisi == 1
    assert pagu.jumlah in (Decimal(2_000_000), Decimal(3_000_000))


def test_target_and_indicator_and_row_cells_save_through_the_services(world: World, plan: Plan) -> None:
    c = client_for(world, "perencana")
    pk = plan.renja.pk

    t = c.post(reverse("plans:target_cell", args=[pk, plan.indikator.pk, 2025]), {"nilai": "20,5", "revisi": "0"}, **HX)
    i = c.post(
        reverse("plans:indikator_cell", args=[pk, plan.indikator.pk]),
        {"nama": "Jumlah desa binaan", "satuan": "Desa", "revisi": "0"},
        **HX,
    )
    r = c.post(
        reverse("plans:baris_cell", args=[pk, plan.sub.pk]),
        {"nama": "Pembinaan Desa", "lokasi": "Kec. Maospati", "sumber_dana": "", "revisi": "0"},
        **HX,
    )

    assert (t.status_code, i.status_code, r.status_code) == (200, 200, 200)
    assert Target.objects.get(indikator=plan.indikator, tahun=2025).nilai == Decimal("20.5")
    assert "20,5" in t.content.decode()
    ind = Indikator.objects.get(pk=plan.indikator.pk)
    assert (ind.nama, ind.revisi) == ("Jumlah desa binaan", 1)
    row = PlanRow.objects.get(pk=plan.sub.pk)
    assert (row.nama, row.lokasi) == ("Pembinaan Desa", "Kec. Maospati")
    assert "Kec. Maospati" in r.content.decode()


def test_a_locked_stage_answers_the_cell_with_the_reason(world: World, plan: Plan) -> None:
    Renja.objects.filter(pk=plan.renja.pk).update(terkunci=True)
    c = client_for(world, "perencana")

    opened = c.get(pagu_url(plan, plan.sub), **HX)
    posted = c.post(pagu_url(plan, plan.sub), {"jumlah": "5", "revisi": "0"}, **HX)

    assert opened.status_code == 409 and "sudah dikunci" in opened.content.decode()
    assert 'name="jumlah"' not in opened.content.decode()
    assert posted.status_code == 409 and "sudah dikunci" in posted.content.decode()
    assert Pagu.objects.get(pk=plan.pagu.pk).jumlah == Decimal(1_000_000)
    page = c.get(reverse("plans:renja_tree", args=[plan.renja.pk])).content.decode()
    assert "Rencana ini tidak dapat diubah sekarang." in page


def test_narrative_chapter_and_tujuan_sasaran_edit(world: World, plan: Plan) -> None:
    from renja.plans.models import TujuanSasaran

    c = client_for(world, "perencana")
    pk = plan.renja.pk
    ts = TujuanSasaran.objects.create(renja=plan.renja, jenis="tujuan", nomor="1", uraian="Meningkatkan desa mandiri")

    bab = c.post(reverse("plans:narasi_bab", args=[pk, "bab1"]), {"teks": "Latar belakang ...", "revisi": "0"}, **HX)
    conflict = c.post(reverse("plans:narasi_bab", args=[pk, "bab1"]), {"teks": "Versi lain", "revisi": "0"}, **HX)
    tsr = c.post(
        reverse("plans:tujuan_sasaran_cell", args=[pk, ts.pk]),
        {"uraian": "Desa mandiri meningkat", "revisi": "0"},
        **HX,
    )

    assert bab.status_code == 200 and "Latar belakang" in bab.content.decode()
    assert Narasi.objects.get(renja=plan.renja, kode="bab1").judul == "Bab I Pendahuluan"
    assert conflict.status_code == 409
    assert "Latar belakang" in conflict.content.decode() and "Versi lain" in conflict.content.decode()
    assert tsr.status_code == 200
    assert TujuanSasaran.objects.get(pk=ts.pk).uraian == "Desa mandiri meningkat"


def test_renstra_targets_are_edited_by_the_agencys_planner(world: World, plan: Plan) -> None:
    from renja.plans.models import Renstra

    renstra = Renstra.objects.create(perangkat_daerah=world.pd, tahun_mulai=2019, tahun_akhir=2023)
    Renja.objects.filter(pk=plan.renja.pk).update(renstra=renstra)
    row = PlanRow.objects.create(renstra=renstra, level=Level.PROGRAM, kode="2.13.04", nama="Program")
    ind = Indikator.objects.create(row=row, jenis="outcome", nama="Persentase desa mandiri", satuan="%")
    url = reverse("plans:renstra_target_cell", args=[plan.renja.pk, ind.pk, "akhir"])

    page = client_for(world, "perencana").get(reverse("plans:renstra", args=[plan.renja.pk])).content.decode()
    saved = client_for(world, "perencana").post(url, {"nilai": "75", "revisi": "0"}, **HX)
    refused = client_for(world, "verifikator").post(url, {"nilai": "80", "revisi": "1"}, **HX)

    assert "Persentase desa mandiri" in page
    assert saved.status_code == 200
    target = Target.objects.get(indikator=ind, akhir_periode=True)
    assert (target.nilai, target.tahun) == (Decimal(75), 2023)
    assert refused.status_code == 403
    assert Target.objects.get(indikator=ind, akhir_periode=True).nilai == Decimal(75)


# --- adding rows from the nomenclature ----------------------------------------------------------------------


def test_the_picker_finds_by_code_or_name_and_adds_the_row_with_its_official_indicator(
    world: World, plan: Plan
) -> None:
    versi = NomenklaturVersiFactory(kode="kepmendagri-900-kurasi")
    Renja.objects.filter(pk=plan.renja.pk).update(nomenklatur_versi=versi)
    item = NomenklaturFactory(
        versi=versi,
        level=Level.SUB_KEGIATAN,
        kode="2.13.04.2.01.0003",
        nama="Fasilitasi Penyusunan Profil Desa",
        indikator="Jumlah desa yang menyusun profil desa",
        satuan="Desa",
    )
    c = client_for(world, "perencana")
    search = reverse("plans:nomenklatur_cari", args=[plan.renja.pk])

    by_code = c.get(search, {"q": "2.13.04.2.01"}, **HX).content.decode()
    by_name = c.get(search, {"q": "profil desa"}, **HX).content.decode()
    added = c.post(reverse("plans:baris_tambah", args=[plan.renja.pk]), {"nomenklatur": item.pk}, **HX)
    twice = c.post(reverse("plans:baris_tambah", args=[plan.renja.pk]), {"nomenklatur": item.pk}, **HX)

    assert "Fasilitasi Penyusunan Profil Desa" in by_code and "Fasilitasi Penyusunan Profil Desa" in by_name
    assert "Jumlah desa yang menyusun profil desa" in by_name
    assert added.status_code == 200 and "Ditambahkan: 2.13.04.2.01.0003" in added.content.decode()
    row = PlanRow.objects.get(renja=plan.renja, kode="2.13.04.2.01.0003")
    assert row.parent_id == plan.sub.pk and row.level == Level.SUB_KEGIATAN
    assert list(row.indikator.values_list("nama", "satuan")) == [("Jumlah desa yang menyusun profil desa", "Desa")]
    assert twice.status_code == 409 and "sudah ada di Renja ini" in twice.content.decode()


def test_a_row_whose_parent_is_missing_is_refused_with_what_to_add_first(world: World, plan: Plan) -> None:
    item = NomenklaturFactory(level=Level.KEGIATAN, kode="2.13.05.2.01", nama="Peningkatan Kapasitas")

    response = client_for(world, "perencana").post(
        reverse("plans:baris_tambah", args=[plan.renja.pk]), {"nomenklatur": item.pk}, **HX
    )

    assert response.status_code == 409
    assert "tambahkan program itu dulu" in response.content.decode()


def test_deleting_a_row_removes_its_subtree_and_keeps_the_history(world: World, plan: Plan) -> None:
    response = client_for(world, "perencana").post(
        reverse("plans:baris_hapus", args=[plan.renja.pk, plan.program.pk]), **HX
    )

    assert response.status_code == 200
    assert not PlanRow.objects.filter(renja=plan.renja).exists()
    assert AuditEvent.objects.filter(model="plans.PlanRow", action="delete", object_pk=str(plan.program.pk)).exists()


# --- bounded queries ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1, 1, 1), (3, 4, 5)])
def test_the_editing_tree_runs_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: DjangoAssertNumQueries, size: tuple[int, int, int]
) -> None:
    from tests.factories import RenjaFactory

    renja = RenjaFactory(perangkat_daerah=world.pd)
    build_tree(renja, *size)
    c = client_for(world, "perencana")
    url = reverse("plans:renja_tree", args=[renja.pk])
    c.get(url)  # warm the session

    # session 1, user 1, renja 1, roles 1, tree 4, jadwal 1, notes 1, sumber dana 1, plafon 2
    with django_assert_num_queries(13):
        response = c.get(url)
    assert response.status_code == 200


def test_saving_a_cell_runs_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    from tests.factories import RenjaFactory

    renja = RenjaFactory(perangkat_daerah=world.pd)
    rows = build_tree(renja, 3, 3, 4)
    leaf = rows[-1]
    c = client_for(world, "perencana")
    with django_assert_max_num_queries(40):
        response = c.post(
            reverse("plans:pagu_cell", args=[renja.pk, leaf.pk, 2024]), {"jumlah": "7", "revisi": "0"}, **HX
        )
    assert response.status_code == 200


def test_realisation_is_recorded_on_an_approved_and_locked_renja_but_only_by_its_planner(
    world: World, plan: Plan
) -> None:
    from renja.core.errors import PermissionDenied
    from renja.plans.models import Realisasi, StatusRenja

    Renja.objects.filter(pk=plan.renja.pk).update(status=StatusRenja.DISETUJUI, terkunci=True)
    plan.indikator.refresh_from_db()

    services.realisasi_record(
        indikator=plan.indikator, tahun=2024, triwulan=1, nilai=Decimal(4), actor=world.users["perencana"], source="web"
    )
    with pytest.raises(PermissionDenied):
        services.realisasi_record(
            indikator=plan.indikator,
            tahun=2024,
            triwulan=2,
            nilai=Decimal(4),
            actor=world.users["verifikator"],
            source="web",
        )
    assert list(Realisasi.objects.values_list("triwulan", flat=True)) == [1]


def test_indicators_are_added_to_a_row_and_removed(world: World, plan: Plan) -> None:
    c = client_for(world, "perencana")

    added = c.post(
        reverse("plans:indikator_tambah", args=[plan.renja.pk, plan.sub.pk]),
        {"nama": "Persentase desa  mandiri", "satuan": "%"},
        **HX,
    )
    empty = c.post(reverse("plans:indikator_tambah", args=[plan.renja.pk, plan.sub.pk]), {"nama": " "}, **HX)
    new = Indikator.objects.get(row=plan.sub, nama="Persentase desa mandiri")
    removed = c.post(reverse("plans:indikator_hapus", args=[plan.renja.pk, new.pk]), **HX)

    assert added.status_code == 200 and "Indikator ditambahkan" in added.content.decode()
    assert (new.satuan, new.agregasi_antar_tahun, new.urutan) == ("%", "nilai_akhir", 2)
    assert empty.status_code == 422 and "Tulis nama indikator" in empty.content.decode()
    assert removed.status_code == 200
    assert not Indikator.objects.filter(pk=new.pk).exists()
