"""Writes of evaluation and monitoring data: semantics, quarterly realisation, the E.81 footer, column 16 and
the E.81 workbook import — validated, audited, refused to the wrong people."""

from __future__ import annotations

from decimal import Decimal

import pytest

from renja.audit.models import AuditEvent
from renja.core.errors import ImportFailed, PermissionDenied, RenjaError
from renja.core.types import Source
from renja.evaluasi import services
from renja.evaluasi.models import CatatanTriwulan, UnitPenanggungJawab
from renja.master.models import Peran
from renja.plans.models import Indikator, Realisasi, Renja
from tests.evaluasi.builders import Rencana, build_rencana, e81_workbook
from tests.factories import PerangkatDaerahFactory, PeranPenggunaFactory, RenjaFactory, UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def rencana() -> Rencana:
    return build_rencana()


def perencana(renja: Renja):  # type: ignore[no-untyped-def]
    pd = renja.perangkat_daerah
    return PeranPenggunaFactory(peran=Peran.PERENCANA, pemda=pd.pemda, perangkat_daerah=pd).user


def other_agency_user(renja: Renja):  # type: ignore[no-untyped-def]
    other = PerangkatDaerahFactory(pemda=renja.perangkat_daerah.pemda)
    return PeranPenggunaFactory(peran=Peran.PERENCANA, pemda=other.pemda, perangkat_daerah=other).user


# --- semantics ---------------------------------------------------------------------------------------------------


def test_semantics_set_by_a_person_are_no_longer_inferred_and_are_audited(rencana: Rencana) -> None:
    user = perencana(rencana.renja)
    ind = services.indikator_semantik_update(
        renja=rencana.renja,
        indikator=rencana.ind_sub1,
        arah="turun",
        agregasi_dalam_tahun="nilai_akhir",
        agregasi_antar_tahun="kumulatif",
        catatan="Target ditulis kumulatif di Renstra.",
        actor=user,
        source=Source.WEB,
    )
    ind.refresh_from_db()
    assert (ind.arah, ind.agregasi_dalam_tahun, ind.agregasi_antar_tahun) == ("turun", "nilai_akhir", "kumulatif")
    assert ind.semantik_disimpulkan is False
    assert ind.catatan == "Target ditulis kumulatif di Renstra."
    event = AuditEvent.objects.filter(model="plans.Indikator", action="update").latest("id")
    assert event.actor == user and event.source == "web"
    assert event.after["arah"] == "turun"


def test_semantics_of_a_renstra_indicator_from_the_renja_page(rencana: Rencana) -> None:
    renstra_ind = Indikator.objects.get(row=rencana.renstra_program)
    services.indikator_semantik_update(
        renja=rencana.renja,
        indikator=renstra_ind,
        arah="naik",
        agregasi_dalam_tahun="jumlah",
        agregasi_antar_tahun="jumlah",
        actor=perencana(rencana.renja),
        source=Source.WEB,
    )
    renstra_ind.refresh_from_db()
    assert renstra_ind.agregasi_antar_tahun == "jumlah" and not renstra_ind.semantik_disimpulkan


def test_semantics_refused_outside_the_renja_for_bad_values_and_for_other_agencies(rencana: Rencana) -> None:
    stranger = build_rencana()  # another agency's Renja
    kw = {"arah": "naik", "agregasi_dalam_tahun": "jumlah", "agregasi_antar_tahun": "jumlah", "source": Source.WEB}
    with pytest.raises(RenjaError, match="bukan bagian dari"):
        services.indikator_semantik_update(renja=rencana.renja, indikator=stranger.ind_sub1, actor=None, **kw)  # type: ignore[arg-type]
    with pytest.raises(RenjaError, match="tidak dikenal"):
        services.indikator_semantik_update(
            renja=rencana.renja,
            indikator=rencana.ind_sub1,
            actor=None,
            **{**kw, "arah": "ke atas"},  # type: ignore[arg-type]
        )
    with pytest.raises(PermissionDenied):
        services.indikator_semantik_update(
            renja=rencana.renja,
            indikator=rencana.ind_sub1,
            actor=other_agency_user(rencana.renja),
            **kw,  # type: ignore[arg-type]
        )


def test_indicator_ownership_covers_tujuan_sasaran_and_service_indicators(rencana: Rencana) -> None:
    from renja.plans.models import TujuanSasaran

    ts = TujuanSasaran.objects.create(renja=rencana.renja, jenis="sasaran", uraian="Sasaran 1")
    own = Indikator.objects.create(tujuan_sasaran=ts, jenis="sasaran", nama="Indeks desa membangun")
    layanan = Indikator.objects.create(renstra=rencana.renstra, jenis="pelayanan", nama="Cakupan layanan")
    assert services.indikator_milik_renja(own, rencana.renja)
    assert services.indikator_milik_renja(layanan, rencana.renja)
    unlinked = RenjaFactory(perangkat_daerah=rencana.renja.perangkat_daerah, tahun=2025)
    assert not services.indikator_milik_renja(layanan, unlinked)
    assert not services.indikator_milik_renja(rencana.ind_sub1, unlinked)


# --- quarterly realisation ---------------------------------------------------------------------------------------


def test_kinerja_and_anggaran_of_a_quarter_with_evidence_and_notes(rencana: Rencana) -> None:
    user = perencana(rencana.renja)
    k = services.realisasi_triwulan_set(
        renja=rencana.renja,
        indikator=rencana.ind_sub1,
        triwulan=1,
        nilai=D(1),
        teks="1",
        bukti="Notulen rapat 12/03",
        catatan="sesuai jadwal",
        actor=user,
        source=Source.WEB,
    )
    a = services.realisasi_triwulan_set(
        renja=rencana.renja,
        row=rencana.sub1,
        triwulan=1,
        nilai=D(150000),
        teks="150.000",
        actor=user,
        source=Source.WEB,
    )
    assert k is not None and a is not None
    assert (k.tahun, k.triwulan, k.kumulatif, k.nilai, k.row_id) == (2024, 1, False, D(1), None)
    assert (a.indikator_id, a.anggaran, a.anggaran_teks, a.nilai) == (None, D(150000), "150.000", None)
    # a later value keeps the evidence when none is given, and replaces it when one is
    again = services.realisasi_triwulan_set(
        renja=rencana.renja, indikator=rencana.ind_sub1, triwulan=1, nilai=D(2), teks="2", actor=user, source=Source.WEB
    )
    assert again is not None and (again.pk, again.nilai, again.bukti) == (k.pk, D(2), "Notulen rapat 12/03")
    events = AuditEvent.objects.filter(model="plans.Realisasi").order_by("id")
    assert [e.action for e in events] == ["create", "create", "update"]
    assert events[2].context["renja"] == rencana.renja.pk and events[2].context["triwulan"] == 1
    assert events[2].before == {"nilai": "1.0000", "teks": "1"} or events[2].before["teks"] == "1"


def test_an_empty_entry_creates_nothing_but_clears_an_existing_value(rencana: Rencana) -> None:
    kw = {"renja": rencana.renja, "indikator": rencana.ind_sub1, "triwulan": 2, "actor": None, "source": Source.CLI}
    assert services.realisasi_triwulan_set(nilai=None, **kw) is None  # type: ignore[arg-type]
    assert not Realisasi.objects.filter(indikator=rencana.ind_sub1).exists()
    services.realisasi_triwulan_set(nilai=D(3), **kw)  # type: ignore[arg-type]
    cleared = services.realisasi_triwulan_set(nilai=None, **kw)  # type: ignore[arg-type]
    assert cleared is not None and cleared.nilai is None
    noted = services.realisasi_triwulan_set(nilai=None, catatan="belum ada kegiatan", **{**kw, "triwulan": 3})  # type: ignore[arg-type]
    assert noted is not None and noted.catatan == "belum ada kegiatan"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"triwulan": 5}, "Triwulan 5 tidak ada"),
        ({"triwulan": 0}, "Triwulan 0 tidak ada"),
        ({"row": "kegiatan"}, "dihitung dari jumlah rinciannya"),
        ({"row": "sub1", "nilai": D("1.5")}, "pecahan"),
        ({"row": "sub1", "nilai": D(-1)}, "tidak boleh negatif"),
        ({"both": True}, "Sebutkan satu indikator"),
        ({"neither": True}, "Sebutkan satu indikator"),
        ({"foreign_row": True}, "bukan baris"),
        ({"foreign_ind": True}, "bukan indikator baris"),
    ],
)
def test_bad_realisation_entries_are_refused_with_a_reason(
    rencana: Rencana, kwargs: dict[str, object], match: str
) -> None:
    other = build_rencana()
    args: dict[str, object] = {
        "renja": rencana.renja,
        "triwulan": 1,
        "nilai": D(1),
        "actor": None,
        "source": Source.CLI,
    }
    if "row" in kwargs:
        args["row"] = getattr(rencana, str(kwargs["row"]))
    elif kwargs.get("both"):
        args.update(row=rencana.sub1, indikator=rencana.ind_sub1)
    elif kwargs.get("foreign_row"):
        args["row"] = other.sub1
    elif kwargs.get("foreign_ind"):
        args["indikator"] = other.ind_sub1
    elif not kwargs.get("neither"):
        args["indikator"] = rencana.ind_sub1
    args.update({k: v for k, v in kwargs.items() if k in ("triwulan", "nilai")})
    with pytest.raises(RenjaError, match=match):
        services.realisasi_triwulan_set(**args)  # type: ignore[arg-type]


def test_only_the_agencys_planner_records_realisation_even_on_a_locked_renja(rencana: Rencana) -> None:
    Renja.objects.filter(pk=rencana.renja.pk).update(terkunci=True)
    rencana.renja.refresh_from_db()
    user = perencana(rencana.renja)
    saved = services.realisasi_triwulan_set(
        renja=rencana.renja, indikator=rencana.ind_sub1, triwulan=1, nilai=D(1), actor=user, source=Source.WEB
    )
    assert saved is not None  # monitoring the adopted (locked) Renja is the point of E.81
    verifikator = PeranPenggunaFactory(peran=Peran.VERIFIKATOR, pemda=rencana.renja.perangkat_daerah.pemda).user
    for actor in (other_agency_user(rencana.renja), verifikator, UserFactory()):
        assert services.monev_problem(rencana.renja, actor) is not None
        with pytest.raises(PermissionDenied, match="hanya perencana"):
            services.realisasi_triwulan_set(
                renja=rencana.renja, indikator=rencana.ind_sub1, triwulan=1, nilai=D(1), actor=actor, source=Source.WEB
            )
    assert services.monev_problem(rencana.renja, UserFactory(is_superuser=True)) is None


def test_the_row_form_saves_all_or_nothing(rencana: Rencana) -> None:
    user = perencana(rencana.renja)
    n = services.realisasi_baris_simpan(
        renja=rencana.renja,
        row=rencana.sub1,
        triwulan=2,
        kinerja=[(rencana.ind_sub1, services.Isian(D(1), "1", "foto", "ok"))],
        anggaran=services.Isian(D(100), "100"),
        unit="Bidang Pemdes",
        actor=user,
        source=Source.WEB,
    )
    assert n == 2
    assert UnitPenanggungJawab.objects.get(row=rencana.sub1).unit == "Bidang Pemdes"
    with pytest.raises(RenjaError, match="bukan indikator baris"):
        services.realisasi_baris_simpan(
            renja=rencana.renja,
            row=rencana.sub1,
            triwulan=3,
            kinerja=[(rencana.ind_sub1, services.Isian(D(5))), (rencana.ind_sub2, services.Isian(D(5)))],
            anggaran=None,
            actor=user,
            source=Source.WEB,
        )
    assert not Realisasi.objects.filter(triwulan=3).exists()  # the first entry was rolled back too
    empty = services.realisasi_baris_simpan(
        renja=rencana.renja,
        row=rencana.kegiatan,
        triwulan=4,
        kinerja=[(rencana.ind_kegiatan, services.Isian(None))],
        anggaran=None,
        actor=user,
        source=Source.WEB,
    )
    assert empty == 0


# --- footer and column 16 ----------------------------------------------------------------------------------------


def test_footer_of_a_quarter_created_then_updated(rencana: Rencana) -> None:
    kw = {"renja": rencana.renja, "triwulan": 2, "actor": None, "source": Source.CLI}
    texts = {
        "faktor_pendorong": "A",
        "faktor_penghambat": "B",
        "tindak_lanjut_triwulan": "C",
        "tindak_lanjut_renja": "D",
    }
    first = services.catatan_triwulan_set(**kw, **texts)  # type: ignore[arg-type]
    second = services.catatan_triwulan_set(**kw, **{**texts, "faktor_penghambat": "hujan"})  # type: ignore[arg-type]
    assert first.pk == second.pk and CatatanTriwulan.objects.get().faktor_penghambat == "hujan"
    with pytest.raises(RenjaError, match="Triwulan 9"):
        services.catatan_triwulan_set(**{**kw, "triwulan": 9}, **texts)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        services.catatan_triwulan_set(**{**kw, "actor": other_agency_user(rencana.renja)}, **texts)  # type: ignore[arg-type]


def test_unit_responsible_set_changed_and_removed(rencana: Rencana) -> None:
    kw = {"renja": rencana.renja, "row": rencana.sub1, "actor": None, "source": Source.CLI}
    assert services.unit_penanggung_jawab_set(unit="  Bidang   Pemdes ", **kw) is not None  # type: ignore[arg-type]
    assert UnitPenanggungJawab.objects.get().unit == "Bidang Pemdes"
    services.unit_penanggung_jawab_set(unit="UPT", **kw)  # type: ignore[arg-type]
    assert UnitPenanggungJawab.objects.get().unit == "UPT"
    assert services.unit_penanggung_jawab_set(unit="", **kw) is None  # type: ignore[arg-type]
    assert not UnitPenanggungJawab.objects.exists()
    assert services.unit_penanggung_jawab_set(unit="", **kw) is None  # type: ignore[arg-type]
    with pytest.raises(RenjaError, match="bukan baris"):
        services.unit_penanggung_jawab_set(**{**kw, "row": build_rencana().sub1}, unit="X")  # type: ignore[arg-type]


# --- the E.81 workbook import ------------------------------------------------------------------------------------


def sheet(rencana: Rencana, **kw: object) -> bytes:
    rows = [
        {
            "program": "2.13.04 Program Administrasi Pemerintahan Desa",
            "indikator": "Persentase desa dengan administrasi baik",
            "8K": 70,
            "9K": 76,
            "8Rp": 999,
        },
        {
            "program": "2.13.04.2.01.0001 Fasilitasi Administrasi",
            "indikator": "Jumlah dokumen administrasi",
            "8K": 1,
            "9K": 1,
            "8Rp": 150000,
            "9Rp": "200.000",
            "16": "Bidang Pemdes",
        },
        {"program": "Fasilitasi Produk Hukum", "indikator": "Jumlah laporan produk hukum", "8K": 3, "8Rp": 100000},
        {"indikator": "Indikator asing", "8K": 9},
        {"program": "9.99.99 Program tidak ada", "indikator": "x", "8K": 1},
        {"program": "2.13.04.2.01 Pembinaan", "indikator": "Indikator lain", "8K": 5},
    ]
    return e81_workbook(rows, **kw)  # type: ignore[arg-type]


def test_import_records_every_filled_quarter_and_reports_the_rest(rencana: Rencana) -> None:
    report = services.e81_xlsx_import(
        renja=rencana.renja,
        data=sheet(rencana),
        filename="e81.xlsx",
        actor=perencana(rencana.renja),
        source=Source.IMPORT,
    )
    got = {(r.indikator_id, r.row_id, r.triwulan): (r.nilai, r.anggaran) for r in Realisasi.objects.filter(tahun=2024)}
    assert got == {
        (rencana.ind_kegiatan.pk, None, 1): (D(5), None),  # the row's only indicator, under another name
        (rencana.ind_program.pk, None, 1): (D(70), None),
        (rencana.ind_program.pk, None, 2): (D(76), None),
        (rencana.ind_sub1.pk, None, 1): (D(1), None),
        (rencana.ind_sub1.pk, None, 2): (D(1), None),
        (None, rencana.sub1.pk, 1): (None, D(150000)),
        (None, rencana.sub1.pk, 2): (None, D(200000)),
        (rencana.ind_sub2.pk, None, 1): (D(3), None),  # matched by name
        (None, rencana.sub2.pk, 1): (None, D(100000)),
    }
    assert report.dibuat == {"realisasi kinerja": 6, "realisasi anggaran": 3}
    kode = [t["kode"] for t in report.temuan]
    assert {"BARIS_TIDAK_DITEMUKAN", "INDIKATOR_TIDAK_DITEMUKAN", "INDIKATOR_BEDA_NAMA", "ANGGARAN_INDUK"} <= set(kode)
    assert report.ringkasan["baris dibaca"] == 5 and report.ringkasan["baris cocok dengan Renja"] == 4
    assert UnitPenanggungJawab.objects.get(row=rencana.sub1).unit == "Bidang Pemdes"
    assert all(e.source == "import" for e in AuditEvent.objects.filter(model="plans.Realisasi"))


def test_import_dry_run_keeps_nothing(rencana: Rencana) -> None:
    report = services.e81_xlsx_import(
        renja=rencana.renja, data=sheet(rencana), filename="e81.xlsx", dry_run=True, actor=None, source=Source.IMPORT
    )
    assert report.dry_run and report.dibuat["realisasi kinerja"] == 6
    assert not Realisasi.objects.filter(tahun=2024).exists()


def test_import_converts_percent_of_target_and_of_pagu_and_says_so(rencana: Rencana) -> None:
    rows = [
        {"program": "2.13.04.2.01.0001 Fasilitasi", "indikator": "Jumlah dokumen administrasi", "8K": 25, "9K": "50%"},
        {
            "program": "2.13.04.2.01.0002 Fasilitasi",
            "indikator": "Jumlah laporan produk hukum",
            "7K": 8,
            "8K": "10%",
            "8Rp": "12,5%",
        },
    ]
    report = services.e81_xlsx_import(
        renja=rencana.renja,
        data=e81_workbook(rows, header_percent=True),
        filename="persen.xlsx",
        actor=None,
        source=Source.IMPORT,
    )
    values = {
        (r.indikator_id, r.row_id, r.triwulan): (r.nilai, r.anggaran) for r in Realisasi.objects.filter(tahun=2024)
    }
    assert values[(rencana.ind_sub1.pk, None, 1)] == (D(1), None)  # 25 % of the target 4
    assert values[(rencana.ind_sub1.pk, None, 2)] == (D(2), None)
    assert values[(rencana.ind_sub2.pk, None, 1)] == (
        D("1.2"),
        None,
    )  # 10 % of the Renja's target 12 (not the sheet's 8)
    assert values[(None, rencana.sub2.pk, 1)] == (None, D(50000))  # 12,5 % of the pagu 400.000
    kode = [t["kode"] for t in report.temuan]
    assert kode.count("PERSEN_DARI_TARGET") == 3 and "PERSEN_DARI_PAGU" in kode and "KONVENSI_PERSEN" in kode
    assert report.ringkasan["persen_kinerja"] is True


def test_percent_cells_without_a_basis_are_not_imported(rencana: Rencana) -> None:
    from renja.plans.models import Pagu, Target

    Target.objects.filter(indikator=rencana.ind_sub1).delete()
    Pagu.objects.filter(row=rencana.sub1).delete()
    rows = [{"program": "2.13.04.2.01.0001 F", "indikator": "Jumlah dokumen administrasi", "8K": "25%", "8Rp": "10%"}]
    report = services.e81_xlsx_import(
        renja=rencana.renja, data=e81_workbook(rows), filename="x.xlsx", actor=None, source=Source.IMPORT
    )
    assert not Realisasi.objects.filter(tahun=2024).exists()
    assert {"PERSEN_TANPA_TARGET", "PERSEN_TANPA_PAGU"} <= {t["kode"] for t in report.temuan}
    # a percentage indicator's own "%" cells are its values, not a share of the target
    rows = [{"program": "2.13.04 P", "indikator": "Persentase desa dengan administrasi baik", "8K": "75%", "7K": 80}]
    services.e81_xlsx_import(
        renja=rencana.renja, data=e81_workbook(rows), filename="y.xlsx", actor=None, source=Source.IMPORT
    )
    assert Realisasi.objects.get(indikator=rencana.ind_program).nilai == D(75)


def test_import_uses_the_sheets_target_when_the_renja_has_none_and_refuses_bad_amounts(rencana: Rencana) -> None:
    from renja.plans.models import Target

    Target.objects.filter(indikator=rencana.ind_sub1).delete()
    rows = [
        {"program": "2.13.04.2.01.0001 F", "indikator": "Jumlah dokumen administrasi", "7K": 8, "8K": "25%", "8Rp": -5}
    ]
    report = services.e81_xlsx_import(
        renja=rencana.renja, data=e81_workbook(rows), filename="x.xlsx", actor=None, source=Source.IMPORT
    )
    assert Realisasi.objects.get(indikator=rencana.ind_sub1).nilai == D(2)
    assert any(t["kode"] == "ANGGARAN_TIDAK_SAH" and "negatif" in t["pesan"] for t in report.temuan)


def test_import_refuses_other_files_and_other_people(rencana: Rencana) -> None:
    with pytest.raises(ImportFailed, match="bukan XLSX"):
        services.e81_xlsx_import(renja=rencana.renja, data=b"x", filename="x.xlsx", actor=None, source=Source.IMPORT)
    with pytest.raises(PermissionDenied):
        services.e81_xlsx_import(
            renja=rencana.renja,
            data=sheet(rencana),
            filename="e81.xlsx",
            actor=other_agency_user(rencana.renja),
            source=Source.IMPORT,
        )
