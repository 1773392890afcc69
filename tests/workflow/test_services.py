"""Stage transitions, locks and snapshots, schedule windows, the next stage, Renja Perubahan, notes, ceilings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from renja.audit.models import AuditEvent
from renja.core.errors import PermissionDenied, RenjaError, StageLocked
from renja.core.types import Source
from renja.plans import services as plan_services
from renja.plans.models import Pagu, PlanRow, Renja, StatusRenja, Tahapan, Target
from renja.workflow import services
from renja.workflow.models import CatatanVerifikasi, ModePlafon, Snapshot, StatusCatatan, Transisi
from renja.workflow.services import LangkahDitolak
from tests.workflow.world import Plan, World, make_plan, make_world

pytestmark = pytest.mark.django_db

WEB = Source.WEB


@pytest.fixture
def world() -> World:
    return make_world()


@pytest.fixture
def plan(world: World) -> Plan:
    return make_plan(world.pd)


def edit_pagu(plan: Plan, world: World, jumlah: int = 2_000_000) -> Pagu:
    return plan_services.pagu_set(
        row=plan.sub, tahun=2024, jumlah=Decimal(jumlah), actor=world.users["perencana"], source=WEB
    )


def test_the_whole_cycle_submit_return_fix_approve_lock(world: World, plan: Plan) -> None:
    u = world.users
    renja = plan.renja

    services.renja_ajukan(renja=renja, actor=u["perencana"], source=WEB)
    assert renja.status == StatusRenja.DIAJUKAN
    with pytest.raises(StageLocked, match="sedang diajukan"):
        edit_pagu(plan, world)

    with pytest.raises(LangkahDitolak, match="wajib disertai alasan"):
        services.renja_kembalikan(renja=renja, alasan="", actor=u["verifikator"], source=WEB)
    services.renja_kembalikan(
        renja=renja, alasan="Pagu Pembinaan belum sesuai RKPD", actor=u["verifikator"], source=WEB
    )
    assert renja.status == StatusRenja.DIKEMBALIKAN

    edit_pagu(plan, world)  # the planner fixes it
    services.renja_ajukan(renja=renja, actor=u["perencana"], source=WEB)
    services.renja_setujui(renja=renja, actor=u["kepala_pd"], source=WEB)
    assert renja.status == StatusRenja.DISETUJUI
    services.tahapan_kunci(renja=renja, actor=u["verifikator"], source=WEB)

    renja.refresh_from_db()
    assert renja.terkunci and renja.status == StatusRenja.DISETUJUI
    with pytest.raises(StageLocked, match="sudah dikunci"):
        edit_pagu(plan, world, 3_000_000)
    assert Pagu.objects.get(pk=plan.pagu.pk).jumlah == Decimal(2_000_000)
    steps = list(Transisi.objects.filter(renja=renja).order_by("id").values_list("aksi", "dari", "ke", "alasan"))
    assert steps == [
        ("ajukan", "draf", "diajukan", ""),
        ("kembalikan", "diajukan", "dikembalikan", "Pagu Pembinaan belum sesuai RKPD"),
        ("ajukan", "dikembalikan", "diajukan", ""),
        ("setujui", "diajukan", "disetujui", ""),
        ("kunci", "disetujui", "disetujui", ""),
    ]
    event = (
        AuditEvent.objects.filter(model="plans.Renja", object_pk=str(renja.pk), action="update").order_by("id").last()
    )
    assert event is not None and event.after == {"terkunci": True} and event.actor == u["verifikator"]


def test_locking_takes_a_snapshot_of_the_content(world: World, plan: Plan) -> None:
    services.tahapan_kunci(renja=plan.renja, actor=world.users["verifikator"], source=WEB, alasan="akhir tahapan")

    snap = Snapshot.objects.get(renja=plan.renja)
    assert snap.alasan == "akhir tahapan"
    assert [r["kode"] for r in snap.data["rows"]] == ["2.13.04", "2.13.04.2.01"]
    assert snap.data["rows"][1]["pagu"] == {"2024": 1000000}


def test_opening_needs_a_reason_and_returns_the_renja_for_revision(world: World, plan: Plan) -> None:
    v = world.users["verifikator"]
    services.tahapan_kunci(renja=plan.renja, actor=v, source=WEB)
    with pytest.raises(LangkahDitolak, match="alasan"):
        services.tahapan_buka(renja=plan.renja, alasan=" ", actor=v, source=WEB)

    services.tahapan_buka(renja=plan.renja, alasan="Salah input pagu", actor=v, source=WEB)

    plan.renja.refresh_from_db()
    assert not plan.renja.terkunci
    assert plan.renja.status == StatusRenja.DIKEMBALIKAN
    edit_pagu(plan, world)


def test_approval_needs_a_submission_and_says_so(world: World, plan: Plan) -> None:
    with pytest.raises(LangkahDitolak, match="berstatus draf"):
        services.renja_setujui(renja=plan.renja, actor=world.users["kepala_pd"], source=WEB)


def test_a_step_by_a_role_that_may_not_take_it_is_a_permission_error(world: World, plan: Plan) -> None:
    with pytest.raises(PermissionDenied, match="kepala perangkat daerah ini"):
        services.renja_setujui(renja=plan.renja, actor=world.users["perencana"], source=WEB)
    with pytest.raises(PermissionDenied, match="verifikator Bappeda"):
        services.tahapan_kunci(renja=plan.renja, actor=world.users["kepala_pd"], source=WEB)
    plan.renja.refresh_from_db()
    assert plan.renja.status == StatusRenja.DRAF and not plan.renja.terkunci


# --- the schedule ---------------------------------------------------------------------------------------------


def set_window(world: World, mulai: dt.datetime, selesai: dt.datetime, tahapan: str = Tahapan.RANCANGAN_AKHIR):
    return services.jadwal_set(
        pemda=world.pemda,
        tahun=2024,
        tahapan=tahapan,
        mulai=mulai,
        selesai=selesai,
        actor=world.users["admin_pemda"],
        source=WEB,
    )


def test_a_window_not_yet_open_refuses_the_planner_and_says_when_it_opens(world: World, plan: Plan) -> None:
    now = timezone.now()
    set_window(world, now + dt.timedelta(days=2), now + dt.timedelta(days=10))

    with pytest.raises(StageLocked, match="belum dibuka: jadwalnya mulai"):
        edit_pagu(plan, world)
    with pytest.raises(LangkahDitolak, match="belum dibuka"):
        services.renja_ajukan(renja=plan.renja, actor=world.users["perencana"], source=WEB)


def test_an_ended_window_locks_the_stage_for_everyone_until_extended(world: World, plan: Plan) -> None:
    now = timezone.now()
    jadwal = set_window(world, now - dt.timedelta(days=10), now - dt.timedelta(minutes=1))

    with pytest.raises(StageLocked, match=r"berakhir .*Minta admin pemda memperpanjang jadwal"):
        edit_pagu(plan, world)
    with pytest.raises(StageLocked):  # the system too: an ended window is a lock
        plan_services.pagu_set(row=plan.sub, tahun=2024, jumlah=Decimal(1), actor=None, source=Source.CLI)

    set_window(world, jadwal.mulai, now + dt.timedelta(days=1))  # the admin extends it
    edit_pagu(plan, world)


def test_the_expiry_command_locks_every_renja_of_the_ended_stage_with_a_snapshot(world: World, plan: Plan) -> None:
    other = make_plan(world.pd_lain)
    elsewhere = make_plan(world.pd_luar)
    now = timezone.now()
    set_window(world, now - dt.timedelta(days=10), now - dt.timedelta(hours=1))

    call_command("tahapan", "tutup")

    locked = set(Renja.objects.filter(terkunci=True).values_list("pk", flat=True))
    assert locked == {plan.renja.pk, other.renja.pk}
    assert elsewhere.renja.pk not in locked
    assert Snapshot.objects.filter(renja__in=[plan.renja, other.renja]).count() == 2
    assert "jadwal tahapan berakhir" in Transisi.objects.filter(renja=plan.renja).get().alasan
    call_command("tahapan", "tutup")  # idempotent
    assert Snapshot.objects.count() == 2


def test_only_the_admin_pemda_sets_the_schedule_and_the_window_must_be_positive(world: World) -> None:
    now = timezone.now()
    with pytest.raises(PermissionDenied, match="admin pemda"):
        services.jadwal_set(
            pemda=world.pemda,
            tahun=2024,
            tahapan="rancangan",
            mulai=now,
            selesai=now + dt.timedelta(days=1),
            actor=world.users["verifikator"],
            source=WEB,
        )
    with pytest.raises(RenjaError, match="selesai harus sesudah waktu mulai"):
        set_window(world, now, now - dt.timedelta(days=1))


# --- next stage and Perubahan -----------------------------------------------------------------------------------


def test_the_next_stage_starts_from_a_copy_of_the_locked_one(world: World, plan: Plan) -> None:
    u = world.users
    with pytest.raises(LangkahDitolak, match="belum dikunci"):
        services.tahapan_lanjut(renja=plan.renja, actor=u["perencana"], source=WEB)
    services.tahapan_kunci(renja=plan.renja, actor=u["verifikator"], source=WEB)

    baru = services.tahapan_lanjut(renja=plan.renja, actor=u["perencana"], source=WEB)

    assert (baru.tahapan, baru.versi, baru.status, baru.terkunci, baru.asal_id) == (
        Tahapan.PENETAPAN,
        1,
        StatusRenja.DRAF,
        False,
        plan.renja.pk,
    )
    assert baru.utama and not Renja.objects.get(pk=plan.renja.pk).utama
    rows = {r.kode: r for r in PlanRow.objects.filter(renja=baru)}
    assert set(rows) == {"2.13.04", "2.13.04.2.01"}
    assert rows["2.13.04.2.01"].parent_id == rows["2.13.04"].pk
    assert Target.objects.get(indikator__row=rows["2.13.04.2.01"]).nilai == Decimal(18)
    assert Pagu.objects.get(row=rows["2.13.04.2.01"], tahun=2024).jumlah == Decimal(1_000_000)
    # the copy is writable, the original stays locked and unchanged
    plan_services.pagu_set(row=rows["2.13.04.2.01"], tahun=2024, jumlah=Decimal(5), actor=u["perencana"], source=WEB)
    assert Pagu.objects.get(pk=plan.pagu.pk).jumlah == Decimal(1_000_000)
    assert AuditEvent.objects.filter(action="salin", object_pk=str(baru.pk)).get().after["baris"] == 2


def test_renja_perubahan_is_a_new_version_of_the_approved_penetapan(world: World) -> None:
    plan = make_plan(world.pd)
    Renja.objects.filter(pk=plan.renja.pk).update(tahapan=Tahapan.PENETAPAN, status=StatusRenja.DISETUJUI)
    plan.renja.refresh_from_db()

    first = services.renja_perubahan_buat(renja=plan.renja, actor=world.users["perencana"], source=WEB)
    Renja.objects.filter(pk=first.pk).update(status=StatusRenja.DISETUJUI)
    first.refresh_from_db()
    second = services.renja_perubahan_buat(renja=first, actor=world.users["perencana"], source=WEB)

    assert (first.tahapan, first.versi, second.versi) == (Tahapan.PERUBAHAN, 1, 2)
    assert first.label == "Renja Perubahan ke-1"
    assert PlanRow.objects.filter(renja=second).count() == 2


def test_perubahan_from_an_early_stage_is_refused_with_the_reason(world: World, plan: Plan) -> None:
    with pytest.raises(LangkahDitolak, match="sudah ditetapkan"):
        services.renja_perubahan_buat(renja=plan.renja, actor=world.users["perencana"], source=WEB)


# --- verification notes -----------------------------------------------------------------------------------------


def test_notes_with_status_replies_and_resolve_are_in_the_items_history(world: World, plan: Plan) -> None:
    from renja.workflow.selectors import item_history

    u = world.users
    note = services.catatan_buat(
        renja=plan.renja,
        jenis_item="baris",
        item_id=plan.sub.pk,
        status=StatusCatatan.PERLU_PERBAIKAN,
        teks="Indikator tidak sesuai nomenklatur",
        actor=u["verifikator"],
        source=WEB,
    )
    services.catatan_balas(catatan=note, teks="Sudah diperbaiki", actor=u["perencana"], source=WEB)
    services.catatan_balas(catatan=note, teks="Disetujui untuk diperbaiki", actor=u["kepala_pd"], source=WEB)
    services.catatan_selesaikan(catatan=note, actor=u["verifikator"], source=WEB)

    note.refresh_from_db()
    assert note.selesai and note.diselesaikan_oleh_label == "verifikator"
    hist = item_history(plan.renja, "baris", plan.sub)
    assert [c.pk for c in hist.catatan] == [note.pk]
    assert [b.teks for b in hist.catatan[0].balasan.all()] == ["Sudah diperbaiki", "Disetujui untuk diperbaiki"]
    models = [p.model for p in hist.peristiwa]
    assert models.count("catatan verifikasi") == 2  # created, resolved
    assert models.count("balasan catatan") == 2


def test_a_note_needs_a_status_a_text_and_an_item_of_this_renja(world: World, plan: Plan) -> None:
    v = world.users["verifikator"]
    other = make_plan(world.pd_lain)
    with pytest.raises(RenjaError, match="Pilih status"):
        services.catatan_buat(
            renja=plan.renja, jenis_item="baris", item_id=plan.sub.pk, status="", teks="x", actor=v, source=WEB
        )
    with pytest.raises(RenjaError, match="Tuliskan isi catatan"):
        services.catatan_buat(
            renja=plan.renja,
            jenis_item="baris",
            item_id=plan.sub.pk,
            status="tidak_ditemukan",
            teks=" ",
            actor=v,
            source=WEB,
        )
    with pytest.raises(RenjaError, match="tidak ada di"):
        services.catatan_buat(
            renja=plan.renja, jenis_item="baris", item_id=other.sub.pk, status="sesuai", teks="", actor=v, source=WEB
        )
    ok = services.catatan_buat(
        renja=plan.renja, jenis_item="pagu", item_id=plan.pagu.pk, status="sesuai", teks="", actor=v, source=WEB
    )
    assert ok.selesai and ok.teks == "Sesuai."
    assert CatatanVerifikasi.objects.count() == 1


def test_notes_can_be_written_on_a_locked_stage(world: World, plan: Plan) -> None:
    v = world.users["verifikator"]
    services.tahapan_kunci(renja=plan.renja, actor=v, source=WEB)

    services.catatan_buat(
        renja=plan.renja,
        jenis_item="renja",
        item_id=plan.renja.pk,
        status="perlu_perbaikan",
        teks="Bab IV kurang",
        actor=v,
        source=WEB,
    )

    assert CatatanVerifikasi.objects.filter(renja=plan.renja, selesai=False).count() == 1


# --- ceilings -------------------------------------------------------------------------------------------------------


def test_a_pagu_above_the_ceiling_is_saved_with_a_warning_or_refused_by_the_pemda_setting(
    world: World, plan: Plan
) -> None:
    a = world.users["admin_pemda"]
    services.plafon_set(perangkat_daerah=world.pd, tahun=2024, jumlah=Decimal(1_500_000), actor=a, source=WEB)

    edit_pagu(plan, world, 2_000_000)  # warning mode: saved
    cek = plan_services.plafon_check(plan.renja, 2024)
    assert cek.melebihi and not cek.blokir
    assert "melebihi plafon sebesar 500.000" in cek.penjelasan

    services.pengaturan_pemda_set(pemda=world.pemda, mode_plafon=ModePlafon.BLOKIR, actor=a, source=WEB)
    with pytest.raises(plan_services.PaguMelebihiPlafon, match="memblokir pagu di atas plafon"):
        edit_pagu(plan, world, 2_500_000)
    assert Pagu.objects.get(pk=plan.pagu.pk).jumlah == Decimal(2_000_000)
    edit_pagu(plan, world, 1_800_000)  # lowering is allowed even while still above
    edit_pagu(plan, world, 1_000_000)


def test_imports_are_never_blocked_by_the_ceiling(world: World, plan: Plan) -> None:
    a = world.users["admin_pemda"]
    services.plafon_set(perangkat_daerah=world.pd, tahun=2024, jumlah=Decimal(1), actor=a, source=WEB)
    services.pengaturan_pemda_set(pemda=world.pemda, mode_plafon=ModePlafon.BLOKIR, actor=a, source=WEB)

    plan_services.pagu_set(row=plan.sub, tahun=2024, jumlah=Decimal(9_000_000), actor=None, source=Source.IMPORT)

    assert Pagu.objects.get(pk=plan.pagu.pk).jumlah == Decimal(9_000_000)


def test_ceiling_edits_are_versioned(world: World) -> None:
    a = world.users["admin_pemda"]
    p = services.plafon_set(perangkat_daerah=world.pd, tahun=2024, jumlah=Decimal(10), revisi=0, actor=a, source=WEB)
    services.plafon_set(perangkat_daerah=world.pd, tahun=2024, jumlah=Decimal(20), revisi=p.revisi, actor=a, source=WEB)

    with pytest.raises(plan_services.EditConflict) as exc:
        services.plafon_set(perangkat_daerah=world.pd, tahun=2024, jumlah=Decimal(30), revisi=0, actor=a, source=WEB)
    assert exc.value.tersimpan["jumlah"] == Decimal(20)
    with pytest.raises(RenjaError, match="negatif"):
        services.plafon_set(perangkat_daerah=world.pd, tahun=2025, jumlah=Decimal(-1), actor=a, source=WEB)
