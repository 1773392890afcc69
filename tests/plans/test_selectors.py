"""Selectors: scope, the overview's totals, the tree, and a fixed number of queries whatever the size."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from pytest_django import DjangoAssertNumQueries

from renja.calc.rollup import Status
from renja.master.models import Level, Peran
from renja.plans.models import Renja, Tahapan
from renja.plans.selectors import (
    renja_get_for_user,
    renja_list_for_user,
    renja_overview,
    renja_summaries,
    renja_tree,
)
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
from tests.plans.builders import build_tree

pytestmark = pytest.mark.django_db

D = Decimal


def perencana_of(renja: Renja) -> AbstractBaseUser:
    pd = renja.perangkat_daerah
    return PeranPenggunaFactory(peran=Peran.PERENCANA, pemda=pd.pemda, perangkat_daerah=pd).user


# --- list and get -------------------------------------------------------------------------------------------


def test_list_is_scoped_and_ordered_by_stage() -> None:
    pd = PerangkatDaerahFactory()
    akhir = RenjaFactory(perangkat_daerah=pd, tahapan=Tahapan.RANCANGAN_AKHIR)
    awal = RenjaFactory(perangkat_daerah=pd, tahapan=Tahapan.RANCANGAN_AWAL)
    lama = RenjaFactory(perangkat_daerah=pd, tahun=2023, tahapan=Tahapan.PENETAPAN)
    other = RenjaFactory()  # another agency of the same pemda
    ngawi = RenjaFactory(perangkat_daerah=PerangkatDaerahFactory(pemda=PemdaFactory(kode="35.21")))

    assert list(renja_list_for_user(perencana_of(akhir))) == [awal, akhir, lama]
    verifikator = PeranPenggunaFactory(peran=Peran.VERIFIKATOR, pemda=pd.pemda).user
    assert set(renja_list_for_user(verifikator)) == {akhir, awal, lama, other}
    assert set(renja_list_for_user(UserFactory(is_superuser=True))) == {akhir, awal, lama, other, ngawi}
    assert list(renja_list_for_user(UserFactory())) == []


def test_get_for_user_allows_scope_and_refuses_others_in_indonesian() -> None:
    mine = RenjaFactory()
    theirs = RenjaFactory()
    user = perencana_of(mine)

    assert renja_get_for_user(user, mine.pk) == mine
    with pytest.raises(PermissionDenied, match="tidak berhak melihat Renja ini"):
        renja_get_for_user(user, theirs.pk)
    with pytest.raises(Http404, match="tidak ditemukan"):
        renja_get_for_user(user, 999_999)


def test_list_and_get_query_counts(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    renja = RenjaFactory()
    RenjaFactory(perangkat_daerah=renja.perangkat_daerah, tahun=2023)
    user = perencana_of(renja)

    with django_assert_num_queries(2):  # roles, then the list with agency and pemda joined
        renjas = list(renja_list_for_user(user))
        assert [r.perangkat_daerah.pemda.nama for r in renjas]
    with django_assert_num_queries(1):  # the roles are kept on the user object
        renja_get_for_user(user, renja.pk)


# --- overview -----------------------------------------------------------------------------------------------


def small_plan() -> Renja:
    """Program A (40 jt; n+1 missing) > kegiatan A1 (40 jt) > subs 36 jt + 4 jt;
    program B (10 jt) > kegiatan B1 (9 jt): a 1 jt mismatch in n."""
    renja = RenjaFactory(tahun=2024)
    a = PlanRowFactory(renja=renja, level=Level.PROGRAM, kode="2.13.04", nama="Program A")
    a1 = PlanRowFactory(renja=renja, parent=a, level=Level.KEGIATAN, kode="2.13.04.2.01")
    s1 = PlanRowFactory(renja=renja, parent=a1, level=Level.SUB_KEGIATAN, kode="2.13.04.2.01.0001")
    s2 = PlanRowFactory(renja=renja, parent=a1, level=Level.SUB_KEGIATAN, kode="2.13.04.2.01.0002")
    b = PlanRowFactory(renja=renja, level=Level.PROGRAM, kode="2.13.05", nama="Program B")
    b1 = PlanRowFactory(renja=renja, parent=b, level=Level.KEGIATAN, kode="2.13.05.2.01")
    for row, n, n1 in [
        (a, 40_000_000, None),
        (a1, 40_000_000, 44_000_000),
        (s1, 36_000_000, 40_000_000),
        (s2, 4_000_000, 4_000_000),
        (b, 10_000_000, 12_000_000),
        (b1, 9_000_000, 12_000_000),
    ]:
        PaguFactory(row=row, tahun=2024, jumlah=D(n))
        PaguFactory(row=row, tahun=2025, jumlah=None if n1 is None else D(n1), teks="" if n1 else "-")
    PaguFactory(row=b, tahun=2023, jumlah=D(1))  # another year: ignored
    return renja


def test_overview_totals_counts_and_checks() -> None:
    renja = small_plan()

    o = renja_overview(renja)

    assert (o.tahun, o.tahun_berikut, o.tahapan, o.versi) == (2024, 2025, "Rancangan Akhir", 1)
    assert o.perangkat_daerah == renja.perangkat_daerah
    assert o.pemda == renja.perangkat_daerah.pemda
    assert o.counts == {"program": 2, "kegiatan": 2, "sub_kegiatan": 2}
    assert o.counts_text == "2 program, 2 kegiatan, 2 sub kegiatan"
    assert [p.nama for p in o.programs] == ["Program A", "Program B"]
    a, b = o.programs
    assert a.check_n.status is Status.SESUAI
    assert a.check_n.stated == D(40_000_000)
    assert a.check_n1.status is Status.PAGU_KOSONG
    assert b.check_n.status is Status.SELISIH
    assert b.check_n.difference == D(1_000_000)
    assert b.check_n.explanation == (
        "Pagu tertulis (2024) = 10.000.000; Σ pagu kegiatan (2024) = 9.000.000 = 9.000.000; "
        "selisih (tertulis − jumlah) = +1.000.000"
    )
    assert o.total_n.value == D(50_000_000)
    assert o.total_n.explanation == "Σ pagu program (2024) = 40.000.000 + 10.000.000 = 50.000.000"
    assert o.total_n1.value == D(12_000_000)
    assert o.total_n1.missing == 1
    assert [(t.label, t.count, t.total_n.value) for t in o.level_totals] == [
        ("Program", 2, D(50_000_000)),
        ("Kegiatan", 2, D(49_000_000)),
        ("Sub kegiatan", 2, D(40_000_000)),
    ]
    assert o.mismatches == 1
    assert o.orphans == 0


def test_overview_of_an_empty_renja() -> None:
    o = renja_overview(RenjaFactory())

    assert o.programs == []
    assert o.counts_text == "0 program, 0 kegiatan, 0 sub kegiatan"
    assert o.total_n.value == 0


def test_summaries_give_the_plan_totals_per_renja() -> None:
    renja = small_plan()
    empty = RenjaFactory(tahun=2025)

    summaries = renja_summaries([renja, empty])

    assert [s.renja for s in summaries] == [renja, empty]
    assert summaries[0].total_n.value == D(50_000_000)
    assert summaries[0].total_n1.missing == 1
    assert summaries[1].total_n.value == 0


# --- tree ---------------------------------------------------------------------------------------------------


def test_tree_is_depth_first_with_indicators_targets_and_pagu() -> None:
    renja = RenjaFactory(tahun=2024)
    build_tree(renja, 2, 2, 2)

    tree = renja_tree(renja)

    assert tree.counts_text == "2 program, 4 kegiatan, 8 sub kegiatan"
    assert [(r.kode, r.depth) for r in tree.rows[:4]] == [
        ("2.13.01", 0),
        ("2.13.01.2.01", 1),
        ("2.13.01.2.01.0001", 2),
        ("2.13.01.2.01.0002", 2),
    ]
    program = tree.rows[0]
    assert program.level_label == "Program"
    assert program.pagu_n is not None
    assert program.pagu_n.jumlah == D(4_000_000)
    assert program.pagu_n1 is not None
    assert program.pagu_n1.jumlah == D(8_000_000)
    assert program.check_n.status is Status.SESUAI
    assert tree.rows[2].check_n.status is Status.TANPA_RINCIAN
    ind = program.first_indikator
    assert ind is not None
    assert (ind.nama, ind.satuan) == ("Indikator 2.13.01", "Dokumen")
    assert ind.target_n is not None
    assert ind.target_n.nilai == D(4)
    assert ind.target_n1 is not None
    assert ind.target_n1.nilai == D("5.5")
    assert program.rowspan == 1
    assert program.other_indikator == []
    assert tree.total_n.value == D(8_000_000)
    assert [t.total_n.value for t in tree.level_totals] == [D(8_000_000)] * 3
    assert tree.mismatches == []


def test_tree_shows_several_indicators_missing_values_and_orphans() -> None:
    renja = RenjaFactory(tahun=2024)
    program = PlanRowFactory(renja=renja, level=Level.PROGRAM, kode="2.13.04", urutan=1)
    keg = PlanRowFactory(renja=renja, parent=program, level=Level.KEGIATAN, kode="", kode_asli="2.13.4.2.1", urutan=2)
    PaguFactory(row=program, tahun=2024, jumlah=D(5))
    PaguFactory(row=keg, tahun=2024, jumlah=D(7))
    IndikatorFactory(row=keg, nama="Satu", urutan=1)
    second = IndikatorFactory(row=keg, nama="Dua", urutan=2)
    TargetFactory(indikator=second, tahun=2024, nilai=None, teks="#VALUE!")
    TargetFactory(indikator=second, tahun=2024, triwulan=1, nilai=D(1))  # a quarter: not the year's target
    stray = PlanRowFactory(renja=renja, parent=PlanRowFactory(), level=Level.KEGIATAN, kode="9.99", urutan=3)

    tree = renja_tree(renja)

    p, k, s = tree.rows
    assert (k.kode, k.depth, k.rowspan) == ("2.13.4.2.1", 1, 2)
    assert [i.nama for i in k.other_indikator] == ["Dua"]
    assert k.indikator[0].target_n is None
    target = k.indikator[1].target_n
    assert target is not None
    assert (target.nilai, target.teks) == (None, "#VALUE!")
    assert p.check_n.status is Status.SELISIH
    assert p.has_findings
    assert tree.mismatches == [p]
    assert k.pagu_n1 is None
    assert (s.id, s.depth, s.orphan) == (stray.pk, 0, True)


def test_tree_survives_a_cycle() -> None:
    renja = RenjaFactory()
    a = PlanRowFactory(renja=renja, level=Level.KEGIATAN)
    b = PlanRowFactory(renja=renja, parent=a, level=Level.SUB_KEGIATAN)
    a.parent = b
    a.save()

    tree = renja_tree(renja)

    assert sorted(r.id for r in tree.rows) == sorted([a.pk, b.pk])


# --- a fixed number of queries ------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(1, 1, 1), (3, 2, 3)])
def test_query_counts_do_not_grow_with_the_plan(
    shape: tuple[int, int, int], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    renja = RenjaFactory()
    rows = build_tree(renja, *shape)
    assert len(rows) == shape[0] * (1 + shape[1] * (1 + shape[2]))
    renja = Renja.objects.select_related("perangkat_daerah__pemda").get(pk=renja.pk)

    with django_assert_num_queries(4):  # rows, pagu, indicators, targets
        tree = renja_tree(renja)
        assert tree.total_n.value == shape[0] * shape[1] * shape[2] * D(1_000_000)
    with django_assert_num_queries(2):  # rows, pagu
        overview = renja_overview(renja)
        assert len(overview.programs) == shape[0]
    with django_assert_num_queries(2):  # top rows, their pagu
        summaries = renja_summaries([renja])
        assert summaries[0].total_n.complete
