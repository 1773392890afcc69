"""Usulan services: intake with the wilayah resolved, the recommendation chain, the link to a sub kegiatan,
roles and the audit trail."""

from __future__ import annotations

from decimal import Decimal

import pytest

from renja.audit.models import AuditEvent
from renja.core.errors import PermissionDenied, RenjaError, StageLocked
from renja.core.permissions import can_edit_usulan, can_rekomendasi, can_view_usulan
from renja.core.types import Source
from renja.master.models import Level, Wilayah
from renja.plans.services import EditConflict
from renja.usulan.models import Usulan, UsulanRekomendasi
from renja.usulan.services import (
    usulan_cocokkan_wilayah,
    usulan_create,
    usulan_delete,
    usulan_rekomendasi_delete,
    usulan_rekomendasi_set,
    usulan_row_link,
    usulan_update,
)
from tests.factories import PerangkatDaerahFactory, PeranPenggunaFactory, PlanRowFactory, RenjaFactory, UserFactory
from tests.usulan.wilayah_b import load_magetan

pytestmark = pytest.mark.django_db


@pytest.fixture
def pd():  # type: ignore[no-untyped-def]
    return PerangkatDaerahFactory()


def _user(peran: str, pd, *, pd_role: bool = True):  # type: ignore[no-untyped-def]
    u = UserFactory()
    PeranPenggunaFactory(user=u, peran=peran, pemda=pd.pemda, perangkat_daerah=pd if pd_role else None)
    return u


def _new(pd, **kw):  # type: ignore[no-untyped-def]
    data = {"tahun": 2024, "kegiatan": "Pembangunan jembatan", "desa_teks": "BULUGLEDEG", "kecamatan_teks": "BENDO"}
    data.update(kw)
    return usulan_create(perangkat_daerah=pd, actor=None, source=Source.CLI, pagu_usulan=Decimal(400_000_000), **data)


def test_intake_resolves_the_desa_and_kecamatan_and_keeps_the_names(pd) -> None:  # type: ignore[no-untyped-def]
    load_magetan()
    u = _new(pd, desa_teks="RINGINAGUN G", kecamatan_teks="MAGETAN")
    assert (u.kode_desa, u.kode_kecamatan) == ("35.20.06.2005", "35.20.06")
    assert u.desa_teks == "RINGINAGUN G" and u.wilayah_cocok == "ejaan" and not u.tidak_terpetakan
    assert u.revisi == 1 and u.status == Usulan.Status.DIUSULKAN


def test_an_unknown_desa_is_kept_flagged_with_suggestions(pd) -> None:  # type: ignore[no-untyped-def]
    load_magetan()
    u = _new(pd, desa_teks="SUMBERXYZ", kecamatan_teks="BENDO")
    assert u.desa_id is None and u.kode_kecamatan == "35.20.10"
    assert u.tidak_terpetakan and u.wilayah_cocok == "tidak_ditemukan"
    assert "SUMBERXYZ" in u.wilayah_catatan and "tidak ditemukan" in u.wilayah_catatan


def test_without_the_master_the_names_are_kept_and_can_be_resolved_later(pd) -> None:  # type: ignore[no-untyped-def]
    u = _new(pd)
    assert u.tidak_terpetakan and u.wilayah_cocok == "tanpa_master" and "renja wilayah import" in u.wilayah_catatan
    load_magetan()
    report = usulan_cocokkan_wilayah(actor=None, source=Source.CLI)
    u.refresh_from_db()
    assert (report.diperiksa, report.berubah, report.terpetakan) == (1, 1, 1)
    assert (u.kode_desa, u.kode_kecamatan) == ("35.20.10.2013", "35.20.10")


def test_update_re_resolves_changed_names_and_checks_revisi(pd) -> None:  # type: ignore[no-untyped-def]
    load_magetan()
    u = _new(pd)
    usulan_update(usulan=u, desa_teks="TANJUNG", revisi=1, actor=None, source=Source.WEB)
    assert u.kode_desa == "35.20.10.2004" and u.revisi == 2
    with pytest.raises(EditConflict):
        usulan_update(usulan=u, pengusul="Kades", revisi=1, actor=None, source=Source.WEB)
    with pytest.raises(RenjaError) as e:
        usulan_update(usulan=u, status="diterima", actor=None, source=Source.WEB)
    assert e.value.field == "status"


def test_a_person_picks_a_suggested_desa(pd) -> None:  # type: ignore[no-untyped-def]
    load_magetan()
    u = _new(pd, desa_teks="TIDAKADA", kecamatan_teks="")
    tanjung = Wilayah.objects.get(kode="35.20.10.2004")
    usulan_update(usulan=u, desa=tanjung, actor=None, source=Source.WEB)
    assert (u.kode_desa, u.kode_kecamatan, u.wilayah_cocok) == ("35.20.10.2004", "35.20.10", "manual")
    # a re-resolve keeps a person's choice
    usulan_cocokkan_wilayah(actor=None, source=Source.CLI)
    u.refresh_from_db()
    assert u.kode_desa == "35.20.10.2004"
    with pytest.raises(RenjaError):
        usulan_update(usulan=u, desa=Wilayah.objects.get(kode="35.20.10"), actor=None, source=Source.WEB)


def test_the_chain_in_order_with_the_current_state(pd) -> None:  # type: ignore[no-untyped-def]
    u = _new(pd)
    with pytest.raises(RenjaError, match="catat dulu hasil tingkat Musrenbang desa"):
        usulan_rekomendasi_set(usulan=u, tingkat="kecamatan", status="diterima", actor=None, source=Source.WEB)
    usulan_rekomendasi_set(usulan=u, tingkat="desa", status="diterima", actor=None, source=Source.WEB)
    assert u.status == "diterima" and u.pagu_rekomendasi == Decimal(400_000_000)
    usulan_rekomendasi_set(
        usulan=u,
        tingkat="kecamatan",
        status="diterima_perubahan",
        alasan="Volume dikurangi menjadi 1 unit",
        pagu_rekomendasi=Decimal(300_000_000),
        actor=None,
        source=Source.WEB,
    )
    u.refresh_from_db()
    assert (u.status, u.pagu_rekomendasi, u.alasan) == (
        "diterima_perubahan",
        Decimal(300_000_000),
        "Volume dikurangi menjadi 1 unit",
    )
    usulan_rekomendasi_set(usulan=u, tingkat="pd", status="diterima", actor=None, source=Source.WEB)
    assert u.pagu_rekomendasi == Decimal(300_000_000)  # plainly accepted keeps the level before's pagu
    with pytest.raises(RenjaError, match="tidak dapat diubah: tingkat Musrenbang kecamatan sudah dicatat"):
        usulan_rekomendasi_set(usulan=u, tingkat="desa", status="diterima", actor=None, source=Source.WEB)
    usulan_rekomendasi_set(
        usulan=u, tingkat="bappeda", status="ditolak", alasan="Pagu tidak cukup", actor=None, source=Source.WEB
    )
    assert (u.status, u.pagu_rekomendasi) == ("ditolak", Decimal(0))
    assert [r.tingkat for r in u.rekomendasi.all().order_by("id")] == ["desa", "kecamatan", "pd", "bappeda"]
    usulan_rekomendasi_delete(rekomendasi=u.rekomendasi.get(tingkat="bappeda"), actor=None, source=Source.WEB)
    u.refresh_from_db()
    assert u.status == "diterima" and u.pagu_rekomendasi == Decimal(300_000_000)


@pytest.mark.parametrize("status", ["ditolak", "diterima_perubahan", "digabung"])
def test_a_status_other_than_diterima_needs_a_reason(pd, status: str) -> None:  # type: ignore[no-untyped-def]
    u = _new(pd)
    with pytest.raises(RenjaError, match="Alasan wajib diisi") as e:
        usulan_rekomendasi_set(usulan=u, tingkat="desa", status=status, alasan="  ", actor=None, source=Source.WEB)
    assert e.value.field == "alasan"
    assert not UsulanRekomendasi.objects.exists()
    u.refresh_from_db()
    assert u.status == "diusulkan"


def test_after_a_rejection_no_later_level(pd) -> None:  # type: ignore[no-untyped-def]
    u = _new(pd)
    usulan_rekomendasi_set(
        usulan=u, tingkat="desa", status="ditolak", alasan="Bukan kewenangan", actor=None, source="web"
    )
    with pytest.raises(RenjaError, match="sudah ditolak"):
        usulan_rekomendasi_set(usulan=u, tingkat="kecamatan", status="diterima", actor=None, source=Source.WEB)
    # a rejected proposal is kept, with its reason
    assert Usulan.objects.get(pk=u.pk).alasan == "Bukan kewenangan"


def test_pokir_starts_at_the_agency(pd) -> None:  # type: ignore[no-untyped-def]
    u = _new(pd, sumber="pokir", pengusul="Fraksi X DPRD")
    usulan_rekomendasi_set(usulan=u, tingkat="pd", status="diterima", actor=None, source=Source.WEB)
    assert u.status == "diterima"


def test_digabung_into_another_proposal(pd) -> None:  # type: ignore[no-untyped-def]
    a, b = _new(pd), _new(pd, kegiatan="Jembatan desa")
    rek = usulan_rekomendasi_set(
        usulan=b,
        tingkat="desa",
        status="digabung",
        alasan="Sama dengan usulan 1",
        digabung_ke=a,
        actor=None,
        source="web",
    )
    assert rek.digabung_ke == a and b.status == "digabung"
    with pytest.raises(RenjaError):
        usulan_rekomendasi_set(
            usulan=a, tingkat="desa", status="digabung", alasan="x", digabung_ke=a, actor=None, source=Source.WEB
        )


def test_roles(pd) -> None:  # type: ignore[no-untyped-def]
    other = PerangkatDaerahFactory(pemda=pd.pemda)
    perencana = _user("perencana", pd)
    perencana_lain = _user("perencana", other)
    verifikator = _user("verifikator", pd, pd_role=False)
    admin = _user("admin_pemda", pd, pd_role=False)
    kepala = _user("kepala_pd", pd)
    u = usulan_create(perangkat_daerah=pd, tahun=2024, kegiatan="Paving", actor=perencana, source=Source.WEB)
    assert can_edit_usulan(perencana, pd) and can_edit_usulan(verifikator, pd) and can_edit_usulan(admin, pd)
    assert not can_edit_usulan(perencana_lain, pd) and not can_edit_usulan(kepala, pd)
    assert can_view_usulan(kepala, u) and can_view_usulan(verifikator, u) and not can_view_usulan(perencana_lain, u)
    assert can_rekomendasi(perencana, u, "pd") and not can_rekomendasi(perencana, u, "bappeda")
    assert can_rekomendasi(verifikator, u, "bappeda") and not can_rekomendasi(verifikator, u, "desa")
    assert can_rekomendasi(admin, u, "bappeda") and can_rekomendasi(admin, u, "desa")
    with pytest.raises(PermissionDenied):
        usulan_create(perangkat_daerah=pd, tahun=2024, kegiatan="X", actor=perencana_lain, source=Source.WEB)
    with pytest.raises(PermissionDenied):
        usulan_rekomendasi_set(usulan=u, tingkat="desa", status="diterima", actor=verifikator, source=Source.WEB)
    for t in ("desa", "kecamatan", "pd"):
        usulan_rekomendasi_set(usulan=u, tingkat=t, status="diterima", actor=perencana, source=Source.WEB)
    with pytest.raises(PermissionDenied):
        usulan_rekomendasi_set(usulan=u, tingkat="bappeda", status="diterima", actor=perencana, source=Source.WEB)
    rek = usulan_rekomendasi_set(usulan=u, tingkat="bappeda", status="diterima", actor=verifikator, source=Source.WEB)
    assert rek.oleh == verifikator
    with pytest.raises(PermissionDenied):
        usulan_delete(usulan=u, actor=perencana_lain, source=Source.WEB)
    events = AuditEvent.objects.filter(model="usulan.UsulanRekomendasi", context__usulan=u.pk)
    assert events.count() == 4 and {e.actor_label for e in events} == {perencana.username, verifikator.username}


def test_link_to_a_sub_kegiatan_of_the_same_agency_and_year(pd) -> None:  # type: ignore[no-untyped-def]
    u = _new(pd)
    renja = RenjaFactory(perangkat_daerah=pd, tahun=2024)
    sub = PlanRowFactory(renja=renja, level=Level.SUB_KEGIATAN, kode="2.13.03.2.01.0001")
    prog = PlanRowFactory(renja=renja, level=Level.PROGRAM, kode="2.13.03")
    lain = PlanRowFactory(renja=RenjaFactory(perangkat_daerah=pd, tahun=2025), level=Level.SUB_KEGIATAN)
    usulan_row_link(usulan=u, row=sub, actor=None, source=Source.WEB)
    assert Usulan.objects.get(pk=u.pk).row == sub
    with pytest.raises(RenjaError, match="sub kegiatan"):
        usulan_row_link(usulan=u, row=prog, actor=None, source=Source.WEB)
    with pytest.raises(RenjaError, match="bukan Renja"):
        usulan_row_link(usulan=u, row=lain, actor=None, source=Source.WEB)
    usulan_row_link(usulan=u, row=None, actor=None, source=Source.WEB)
    assert Usulan.objects.get(pk=u.pk).row is None
    renja.terkunci = True
    renja.save()
    with pytest.raises(StageLocked):
        usulan_row_link(usulan=u, row=sub, actor=None, source=Source.WEB)
