"""The real DPMD Magetan 2024 Renja, read by the product's own importer (issue 2, 'Done when')."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum

from renja.audit.models import AuditEvent
from renja.core.types import Source
from renja.importers.report import ImportReport
from renja.importers.services import renja_document_import
from renja.master.models import Level
from renja.plans.models import Indikator, Pagu, PlanRow, Realisasi, Renja, Renstra, Target
from renja.usulan.models import Usulan
from tests.conftest import SEED

PROGRAM_PAGU = {
    # program name prefix -> (pagu 2024, pagu 2025) as printed in Tabel 4.1
    "2.13.01": (Decimal("3842519640"), Decimal("4476771604")),
    "2.13.02": (Decimal("164000000"), Decimal("239200000")),
    "2.13.03": (Decimal("50000000"), Decimal("104000000")),
    "2.13.04": (Decimal("3453200000"), Decimal("4603220000")),
    "2.13.05": (Decimal("810000000"), Decimal("1058000000")),
}


def _import(**kw: object) -> ImportReport:
    return renja_document_import(
        data=SEED.read_bytes(), filename=SEED.name, actor=None, source=Source.CLI, pemda_kode="35.20", **kw
    )  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[ImportReport]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        report = _import()
        yield report
        transaction.set_rollback(True)


def _main() -> Renja:
    return Renja.objects.get(utama=True, tahun=2024)


@pytest.mark.django_db
def test_plan_has_5_programs_10_kegiatan_56_sub_kegiatan(seeded: ImportReport) -> None:
    rows = _main().rows
    assert rows.filter(level=Level.PROGRAM).count() == 5
    assert rows.filter(level=Level.KEGIATAN).count() == 10
    assert rows.filter(level=Level.SUB_KEGIATAN).count() == 56


@pytest.mark.django_db
def test_every_row_has_its_official_code_and_a_consistent_parent(seeded: ImportReport) -> None:
    for row in _main().rows.select_related("parent", "nomenklatur"):
        assert row.kode, f"{row.nama} tanpa kode"
        assert row.nomenklatur is not None
        if row.level == Level.SUB_KEGIATAN:
            assert len(row.kode.split(".")) == 6 and len(row.kode.split(".")[-1]) == 4
            assert row.parent is not None and row.parent.level == Level.KEGIATAN
            assert row.kode.startswith(row.parent.kode + ".")
        if row.level == Level.KEGIATAN:
            assert row.parent is not None and row.parent.level == Level.PROGRAM
            assert row.kode.startswith(row.parent.kode + ".")
        assert row.kode.startswith("2.13.")


@pytest.mark.django_db
def test_pagu_totals_equal_the_document(seeded: ImportReport) -> None:
    programs = Pagu.objects.filter(row__renja=_main(), row__level=Level.PROGRAM)
    assert programs.filter(tahun=2024).aggregate(s=Sum("jumlah"))["s"] == Decimal("8319719640")
    assert programs.filter(tahun=2025).aggregate(s=Sum("jumlah"))["s"] == Decimal("10481191604")
    for kode, (p24, p25) in PROGRAM_PAGU.items():
        row = _main().rows.get(level=Level.PROGRAM, kode=kode)
        assert row.pagu.get(tahun=2024).jumlah == p24, kode
        assert row.pagu.get(tahun=2025).jumlah == p25, kode


@pytest.mark.django_db
def test_sub_kegiatan_pagu_adds_up_to_each_program(seeded: ImportReport) -> None:
    for kode, (p24, _p25) in PROGRAM_PAGU.items():
        subs = Pagu.objects.filter(
            row__renja=_main(), row__level=Level.SUB_KEGIATAN, row__kode__startswith=kode, tahun=2024
        )
        assert subs.aggregate(s=Sum("jumlah"))["s"] == p24, kode


@pytest.mark.django_db
def test_broken_number_is_rejoined_and_its_raw_text_kept(seeded: ImportReport) -> None:
    pkk = _main().rows.get(nama__startswith="Fasilitasi Tim Penggerak PKK")
    pagu = pkk.pagu.get(tahun=2024)
    assert pagu.jumlah == Decimal("500000000")
    assert pagu.teks == "500,000,00 0"
    assert any(t["kode"] == "ANGKA_TERPOTONG" for t in seeded.temuan)


@pytest.mark.django_db
def test_targets_with_satuan_for_n_and_n_plus_1(seeded: ImportReport) -> None:
    program = _main().rows.get(level=Level.PROGRAM, kode="2.13.01")
    ind = program.indikator.get()
    assert ind.nama.upper() == "INDEKS KEPUASAN MASYARAKAT"
    assert ind.satuan.lower() == "skor"
    assert ind.agregasi_antar_tahun == "nilai_akhir" and ind.semantik_disimpulkan
    assert {t.tahun: t.nilai for t in ind.targets.all()} == {2024: Decimal("79"), 2025: Decimal("79")}
    aparatur = _main().rows.get(nama="Pembinaan Peningkatan Kapasitas Aparatur Pemerintah Desa")
    t25 = Target.objects.get(indikator__row=aparatur, tahun=2025)
    assert (t25.nilai, t25.satuan, t25.teks) == (Decimal("414"), "Orang", "414Orang")


@pytest.mark.django_db
def test_27_proposals_totalling_the_document(seeded: ImportReport) -> None:
    usulan = Usulan.objects.filter(tahun=2024)
    assert usulan.count() == 27
    assert usulan.aggregate(s=Sum("pagu_usulan"))["s"] == Decimal("7704644000")
    assert usulan.aggregate(s=Sum("pagu_rekomendasi"))["s"] == Decimal("7704644000")
    ring = usulan.get(nomor="13")
    assert (ring.desa_teks, ring.kecamatan_teks) == ("RINGINAGUN G", "MAGETAN")


@pytest.mark.django_db
def test_table_2_1_rows_present_with_their_values(seeded: ImportReport) -> None:
    renstra = Renstra.objects.get()
    assert (renstra.tahun_mulai, renstra.tahun_akhir) == (2018, 2023)
    row = renstra.rows.get(kode="2.13.04")
    ind = row.indikator.get()
    targets = {(t.tahun, t.akhir_periode): t.nilai for t in ind.targets.all()}
    assert targets == {
        (2023, True): Decimal("180"),
        (2022, False): Decimal("60"),
        (2023, False): Decimal("70"),
    }
    real = {(r.tahun, r.kumulatif): r.nilai for r in Realisasi.objects.filter(indikator=ind)}
    assert real == {(2021, True): Decimal("50"), (2022, False): Decimal("60")}
    assert row.nilai_dokumen["10"] == ["180"]  # the document's own "180 %" sum, kept for the checker
    # 2-digit sub kegiatan codes are stored in the canonical 4-digit form, the printed one kept
    sub = renstra.rows.get(kode="2.13.04.2.01.0001")
    assert sub.kode_asli == "2.13.04.2.01.01"
    # a multi-valued cell becomes two indicators, never one summed number
    pilkades = renstra.rows.get(nama__startswith="Fasilitasi Pilkades")
    assert pilkades.indikator.count() == 2
    assert sorted(t.nilai for t in Target.objects.filter(indikator__row=pilkades, akhir_periode=True)) == [
        Decimal("180"),
        Decimal("184"),
    ]


@pytest.mark.django_db
def test_table_2_4_two_versions_present_with_their_values(seeded: ImportReport) -> None:
    ranwal = Renja.objects.get(tahapan="rancangan_awal", versi=1)
    kebutuhan = Renja.objects.get(tahapan="rancangan_awal", versi=2)
    for r in (ranwal, kebutuhan):
        assert r.rows.filter(level=Level.PROGRAM).count() == 5
    bacaan_r = ranwal.rows.get(nama="Penyediaan Bahan Bacaan dan Peraturan Perundang-undangan")
    bacaan_k = kebutuhan.rows.get(nama="Penyediaan Bahan Bacaan dan Peraturan Perundang-undangan")
    assert bacaan_r.pagu.get(tahun=2024).jumlah is None and bacaan_r.pagu.get(tahun=2024).teks == "-"
    assert bacaan_k.pagu.get(tahun=2024).jumlah == Decimal("4740000")
    program_k = kebutuhan.rows.get(level=Level.PROGRAM, kode="2.13.01")
    assert program_k.pagu.get(tahun=2024).jumlah == Decimal("3435543363")


@pytest.mark.django_db
def test_tujuan_sasaran_and_narrative_kept(seeded: ImportReport) -> None:
    main = _main()
    assert main.tujuan_sasaran.filter(jenis="tujuan").count() == 1
    assert main.tujuan_sasaran.filter(jenis="sasaran").count() == 3
    kodes = set(main.narasi.values_list("kode", flat=True))
    assert {"bab1", "bab2", "bab3", "bab4", "bab5"} <= kodes
    assert main.penandatangan_nip == "19750527 199311 1 001"
    assert main.perangkat_daerah.pemda.kode == "35.20"


@pytest.mark.django_db
def test_every_write_is_audited_with_its_source(seeded: ImportReport) -> None:
    assert (
        AuditEvent.objects.filter(model="plans.PlanRow", action="create", source="cli").count()
        == PlanRow.objects.count()
    )
    assert AuditEvent.objects.filter(model="importers.ImportRun", action="import").count() == 1


@pytest.mark.django_db
def test_importing_the_same_document_twice_duplicates_nothing(seeded: ImportReport) -> None:
    before = {m.__name__: m.objects.count() for m in (Renja, PlanRow, Indikator, Target, Pagu, Usulan, Renstra)}
    report = _import()
    assert report.sudah_ada
    after = {m.__name__: m.objects.count() for m in (Renja, PlanRow, Indikator, Target, Pagu, Usulan, Renstra)}
    assert after == before


@pytest.mark.django_db
def test_a_changed_document_replaces_the_plan_without_duplicates(seeded: ImportReport) -> None:
    before = {m.__name__: m.objects.count() for m in (Renja, PlanRow, Indikator, Target, Pagu, Usulan, Renstra)}
    changed = SEED.read_bytes().replace(b"3,237,435,340", b"3,237,435,341")
    report = renja_document_import(data=changed, filename="ubah.txt", actor=None, source=Source.CLI, pemda_kode="35.20")
    assert not report.sudah_ada
    after = {m.__name__: m.objects.count() for m in (Renja, PlanRow, Indikator, Target, Pagu, Usulan, Renstra)}
    assert after == before
    gaji = _main().rows.get(nama="Penyediaan Gaji dan Tunjangan ASN")
    assert gaji.pagu.get(tahun=2024).jumlah == Decimal("3237435341")
