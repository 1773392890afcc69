"""Write services: validation, locks, audit (who, before, after, source)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from renja.audit.models import AuditEvent
from renja.core.errors import StageLocked
from renja.core.types import Source
from renja.master.models import Level
from renja.plans import services
from renja.plans.models import Pagu, Target
from tests.factories import IndikatorFactory, PlanRowFactory, RenjaFactory, UserFactory


@pytest.mark.django_db
def test_pagu_set_creates_then_updates_and_audits_before_and_after() -> None:
    user = UserFactory(is_superuser=True)
    row = PlanRowFactory()
    services.pagu_set(row=row, tahun=2024, jumlah=Decimal("1000"), teks="1.000", actor=user, source=Source.WEB)
    services.pagu_set(row=row, tahun=2024, jumlah=Decimal("2500"), teks="2.500", actor=user, source=Source.API)
    assert Pagu.objects.get(row=row, tahun=2024).jumlah == Decimal("2500")
    events = list(AuditEvent.objects.filter(model="plans.Pagu").order_by("id"))
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].before == {"jumlah": "1000", "teks": "1.000", "revisi": 1}
    assert events[1].after == {"jumlah": "2500", "teks": "2.500", "revisi": 2}
    assert events[1].context == {"renja": row.renja_id}
    assert (events[1].actor, events[1].source) == (user, "api")


@pytest.mark.django_db
def test_an_unchanged_save_leaves_no_audit_event() -> None:
    row = PlanRowFactory()
    services.pagu_set(row=row, tahun=2024, jumlah=Decimal("1"), actor=None, source=Source.CLI)
    services.pagu_set(row=row, tahun=2024, jumlah=Decimal("1"), actor=None, source=Source.CLI)
    assert AuditEvent.objects.filter(model="plans.Pagu").count() == 1


@pytest.mark.django_db
def test_a_locked_renja_accepts_no_write() -> None:
    renja = RenjaFactory(terkunci=True)
    row = PlanRowFactory(renja=renja)
    ind = IndikatorFactory(row=row)
    with pytest.raises(StageLocked, match="dikunci"):
        services.pagu_set(row=row, tahun=2024, jumlah=Decimal("5"), actor=None, source=Source.WEB)
    with pytest.raises(StageLocked):
        services.target_set(indikator=ind, tahun=2024, nilai=Decimal("1"), actor=None, source=Source.WEB)
    with pytest.raises(StageLocked):
        services.plan_row_create(renja=renja, parent=None, level=Level.PROGRAM, nama="x", actor=None, source=Source.WEB)
    assert not Pagu.objects.exists() and not Target.objects.exists()


@pytest.mark.django_db
def test_validation_runs_before_saving() -> None:
    ind = IndikatorFactory()
    with pytest.raises(ValidationError):
        services.target_set(indikator=ind, tahun=2024, triwulan=5, nilai=Decimal("1"), actor=None, source=Source.WEB)
    assert not Target.objects.exists()


@pytest.mark.django_db
def test_indicator_semantics_inferred_unless_given() -> None:
    row = PlanRowFactory()
    pct = services.indikator_create(
        row=row, jenis="outcome", nama="Persentase desa mandiri", satuan="%", actor=None, source=Source.CLI
    )
    count = services.indikator_create(
        row=row, jenis="output", nama="Jumlah dokumen", satuan="Dokumen", actor=None, source=Source.CLI
    )
    fixed = services.indikator_create(
        row=row,
        jenis="output",
        nama="Jumlah dokumen",
        satuan="Dokumen",
        agregasi_antar_tahun="kumulatif",
        actor=None,
        source=Source.CLI,
    )
    assert (pct.agregasi_antar_tahun, pct.semantik_disimpulkan) == ("nilai_akhir", True)
    assert "tidak dijumlahkan" in pct.catatan
    assert count.agregasi_antar_tahun == "jumlah"
    assert (fixed.agregasi_antar_tahun, fixed.semantik_disimpulkan) == ("kumulatif", False)


@pytest.mark.django_db
def test_only_one_main_version_per_agency_and_year() -> None:
    first = RenjaFactory(utama=True)
    second = services.renja_create(
        perangkat_daerah=first.perangkat_daerah,
        tahun=2024,
        tahapan="penetapan",
        utama=True,
        actor=None,
        source=Source.CLI,
    )
    first.refresh_from_db()
    assert second.utama and not first.utama


@pytest.mark.django_db
def test_only_the_agencys_own_perencana_writes_its_plan() -> None:
    from renja.core.errors import PermissionDenied
    from tests.factories import PeranPenggunaFactory

    row = PlanRowFactory()
    pd = row.renja.perangkat_daerah
    own = PeranPenggunaFactory(peran="perencana", pemda=pd.pemda, perangkat_daerah=pd).user
    other_pd = PeranPenggunaFactory(
        peran="perencana", pemda=pd.pemda, perangkat_daerah=RenjaFactory().perangkat_daerah
    ).user
    kepala = PeranPenggunaFactory(peran="kepala_pd", pemda=pd.pemda, perangkat_daerah=pd).user
    verifikator = PeranPenggunaFactory(peran="verifikator", pemda=pd.pemda).user
    services.pagu_set(row=row, tahun=2024, jumlah=Decimal("7"), actor=own, source=Source.WEB)
    for user in (other_pd, kepala, verifikator):
        with pytest.raises(PermissionDenied, match="tidak berhak"):
            services.pagu_set(row=row, tahun=2024, jumlah=Decimal("8"), actor=user, source=Source.WEB)
    assert Pagu.objects.get(row=row).jumlah == Decimal("7")
