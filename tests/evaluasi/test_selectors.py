"""Loading the evaluation tables from the database: the right stored values in the right columns, in a fixed
number of queries whatever the size of the plan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytest_django import DjangoAssertNumQueries

from renja.core.types import Source
from renja.evaluasi import selectors, services
from renja.master.models import Level
from renja.plans.models import PlanRow, Realisasi, Renja
from tests.evaluasi.builders import Rencana, build_rencana
from tests.factories import IndikatorFactory, PlanRowFactory, RenjaFactory, TargetFactory
from tests.plans.builders import build_tree

pytestmark = pytest.mark.django_db
D = Decimal


def grow_renstra(rencana: Rencana, n: int) -> None:
    """Add n Renstra rows with a printed Tabel 2.1 and an indicator with targets and realisations."""
    for i in range(n):
        row = PlanRowFactory(
            renja=None,
            renstra=rencana.renstra,
            level=Level.KEGIATAN,
            kode=f"2.13.09.2.{i + 1:02d}",
            nama=f"Kegiatan {i}",
            nilai_dokumen={"8": ["100%"], "10": ["9"], "11": ["100%"]},
        )
        ind = IndikatorFactory(row=row, nama=f"Jumlah {i}", satuan="Kegiatan")
        TargetFactory(indikator=ind, tahun=2023, akhir_periode=True, nilai=D(9), teks="9")
        TargetFactory(indikator=ind, tahun=2022, nilai=D(3), teks="3")
        TargetFactory(indikator=ind, tahun=2023, nilai=D(3), teks="3")
        Realisasi.objects.create(indikator=ind, tahun=2021, kumulatif=True, nilai=D(3))
        Realisasi.objects.create(indikator=ind, tahun=2022, nilai=D(3))


def test_tc29_reads_tabel_21_from_the_renstra(rencana_with_doc: Rencana) -> None:
    t = selectors.tc29_table(rencana_with_doc.renja)
    by_kode = {r.kode: r for r in t.rows}
    program = by_kode["2.13.04"]
    assert [program.kolom[k].value for k in (4, 5, 6, 7, 9)] == [D(180), D(50), D(60), D(60), D(70)]
    assert (program.kolom[10].value, program.kolom[11].value) == (D(70), D("38.89"))
    assert [s.kolom for s in program.selisih] == ["10", "11"]
    assert t.rumus_turun.value == "t_per_r" and t.tahun_akhir_renstra == 2023


@pytest.fixture
def rencana_with_doc() -> Rencana:
    rencana = build_rencana()
    PlanRow.objects.filter(pk=rencana.renstra_program.pk).update(
        nilai_dokumen={"8": ["100%"], "10": ["180"], "11": ["100%"]}
    )
    ind = rencana.renstra_program.indikator.get()
    ind.targets.filter(akhir_periode=True).update(nilai=D(180), teks="180")
    TargetFactory(indikator=ind, tahun=2022, nilai=D(60), teks="60")
    TargetFactory(indikator=ind, tahun=2023, nilai=D(70), teks="70")
    Realisasi.objects.create(indikator=ind, tahun=2021, kumulatif=True, nilai=D(50), teks="50")
    Realisasi.objects.create(indikator=ind, tahun=2022, nilai=D(60), teks="60")
    return rencana


def test_tc29_query_count_does_not_grow_with_the_plan(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    small, big = build_rencana(), build_rencana()
    grow_renstra(small, 1)
    grow_renstra(big, 15)
    for rencana in (small, big):
        renja = Renja.objects.get(pk=rencana.renja.pk)
        with django_assert_num_queries(5):
            t = selectors.tc29_table(renja)
        assert len(t.rows) == 2 + (1 if rencana is small else 15)


def test_tc29_without_renstra_is_one_query(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    renja = RenjaFactory()
    with django_assert_num_queries(1):
        t = selectors.tc29_table(renja)
    assert t.rows == () and t.temuan[0].kode == "TANPA_RENSTRA"


def test_printed_values_per_indicator_and_for_multi_valued_cells() -> None:
    rencana = build_rencana()
    row = rencana.renstra_program
    IndikatorFactory(row=row, nama="Jumlah kedua", satuan="Desa")
    PlanRow.objects.filter(pk=row.pk).update(nilai_dokumen={"8": ["", ""], "10": ["5"], "11": ["#VALUE!"]})
    t = selectors.tc29_table(rencana.renja)
    lines = [r for r in t.rows if r.row_id == row.pk]
    assert len(lines) == 2
    assert lines[0].temuan[0].kode == "NILAI_GANDA" and "'5'" in lines[0].temuan[0].pesan
    assert all(any("'#VALUE!'" in s.alasan for s in line.selisih) for line in lines)
    assert selectors.tercetak("28,98").desimal == 2
    assert selectors.tercetak("#DIV/0!").galat
    assert selectors.tercetak("500,000,00 0").nilai == D(500000000)
    assert selectors._printed({"8": "100%"}, 0)[8].nilai == D(100)
    assert selectors._printed({"8": ["1", "2", "3"]}, 5) == {8: selectors.tercetak("")}
    assert selectors._printed("bukan dict", 0) == {}
    assert selectors._sel_ganda({"8": [None]}, 2) == ""


def test_e81_reads_quarters_pagu_and_the_matching_renstra() -> None:
    rencana = build_rencana()
    for q, v in ((1, "1"), (2, "2")):
        services.realisasi_triwulan_set(
            renja=rencana.renja,
            indikator=rencana.ind_sub1,
            triwulan=q,
            nilai=D(v),
            teks=v,
            catatan=f"tw{q}",
            actor=None,
            source=Source.CLI,
        )
        services.realisasi_triwulan_set(
            renja=rencana.renja,
            row=rencana.sub1,
            triwulan=q,
            nilai=D(100000),
            bukti="SP2D",
            actor=None,
            source=Source.CLI,
        )
        services.realisasi_triwulan_set(
            renja=rencana.renja, row=rencana.sub2, triwulan=q, nilai=D(50000), actor=None, source=Source.CLI
        )
    services.unit_penanggung_jawab_set(
        renja=rencana.renja, row=rencana.sub1, unit="Bidang Pemdes", actor=None, source=Source.CLI
    )
    t = selectors.e81_table(rencana.renja, 2)
    assert [r.kode for r in t.rows] == ["2.13.04", "2.13.04.2.01", "2.13.04.2.01.0001", "2.13.04.2.01.0002"]
    sub1 = t.rows[2]
    assert [sub1.kolom[k].value for k in (5, 6, 7, 8, 9, 12, 13)] == [D(20), D(16), D(4), D(1), D(2), D(3), D("75.00")]
    assert sub1.kolom[14].value == D(19) and sub1.kolom[15].value == D("95.00")
    assert [sub1.kolom_rp[k].value for k in (7, 12, 13)] == [D(600000), D(200000), D("33.33")]
    assert sub1.unit == "Bidang Pemdes" and sub1.keterangan == "tw2; bukti: SP2D"
    program = t.rows[0]
    assert program.kolom[5].value == D(90) and program.kolom[6].value == D(70)
    assert program.kolom_rp[12].value == D(300000)
    assert t.rows[1].kolom[5].value is None  # the kegiatan has no Renstra row
    assert t.rows[3].unit == rencana.renja.perangkat_daerah.singkatan
    assert selectors.triwulan_terakhir(rencana.renja) == 2
    assert selectors.triwulan_terakhir(RenjaFactory()) == 1


def test_e81_query_count_does_not_grow_with_the_plan(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    for size in (1, 3):
        rencana = build_rencana()
        build_tree(rencana.renja, programs=size, kegiatan=2, subs=2)
        grow_renstra(rencana, size * 3)
        renja = Renja.objects.get(pk=rencana.renja.pk)
        with django_assert_num_queries(14):
            selectors.e81_table(renja, 1)
    no_renstra = RenjaFactory()
    build_tree(no_renstra, programs=2, kegiatan=2, subs=2)
    renja = Renja.objects.get(pk=no_renstra.pk)
    with django_assert_num_queries(8):
        selectors.e81_table(renja, 4)


def test_tree_order_never_loops() -> None:
    renja = RenjaFactory()
    a = PlanRowFactory(renja=renja, kode="a")
    b = PlanRowFactory(renja=renja, kode="b", parent=a)
    PlanRow.objects.filter(pk=a.pk).update(parent=b)  # a cycle
    rows = list(PlanRow.objects.filter(renja=renja).order_by("id"))
    assert sorted(r.pk for r in selectors.urut_pohon(rows)) == sorted([a.pk, b.pk])


def test_indicator_and_row_lookups_are_limited_to_the_renja() -> None:
    from django.http import Http404

    rencana = build_rencana()
    other = build_rencana()
    renstra_ind = rencana.renstra_program.indikator.get()
    assert selectors.indikator_renja(rencana.renja, renstra_ind.pk) == renstra_ind
    assert selectors.indikator_renja(rencana.renja, rencana.ind_sub1.pk) == rencana.ind_sub1
    with pytest.raises(Http404):
        selectors.indikator_renja(rencana.renja, other.ind_sub1.pk)
    with pytest.raises(Http404):
        selectors.indikator_renja(RenjaFactory(), rencana.ind_sub1.pk)
    with pytest.raises(Http404):
        selectors.baris_renja(rencana.renja, other.sub1.pk)
    assert selectors.baris_renja(rencana.renja, rencana.sub1.pk) == rencana.sub1
    data = selectors.isian_baris(rencana.renja, rencana.kegiatan, 1)
    assert data["punya_rincian"] and data["anggaran"] is None and data["indikator"][0]["entry"] is None
