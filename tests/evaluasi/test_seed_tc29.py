"""The seed's Tabel 2.1 recomputed from the imported data ('Done when' of issue 3): no spreadsheet errors, a
percentage's column 10 is its latest value, and every printed value that differs is listed with its reason —
the same in the web page and in the JSON of `renja evaluate`."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from renja.calc.tc29 import Tc29Row, Tc29Table
from renja.core.types import Source
from renja.evaluasi import selectors, services
from renja.importers.report import ImportReport
from renja.importers.services import renja_document_import
from renja.master.models import Peran, PerangkatDaerah
from renja.plans.models import Renja
from tests.conftest import SEED
from tests.factories import PeranPenggunaFactory

D = Decimal
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[ImportReport]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        report = renja_document_import(
            data=SEED.read_bytes(), filename=SEED.name, actor=None, source=Source.CLI, pemda_kode="35.20"
        )
        yield report
        transaction.set_rollback(True)


def renja() -> Renja:
    return Renja.objects.select_related("perangkat_daerah__pemda").get(utama=True, tahun=2024)


def lines(table: Tc29Table, kode: str) -> list[Tc29Row]:
    return [r for r in table.rows if r.kode == kode]


def by_name(table: Tc29Table, start: str) -> Tc29Row:
    return next(r for r in table.rows if r.uraian.startswith(start))


def test_no_spreadsheet_error_anywhere_in_the_recomputed_table(seeded: ImportReport) -> None:
    table = selectors.tc29_table(renja())
    assert len(table.rows) == 90  # 87 rows of Tabel 2.1, three of them with two indicators
    texts = [c.text for r in table.rows for c in r.kolom.values()]
    assert not any("#" in t for t in texts)
    # every computed column that has no value says why
    for row in table.rows:
        for k in (8, 10, 11):
            cell = row.kolom[k]
            if row.indikator and cell.value is None:
                assert cell.temuan, (row.kode, row.indikator, k)


def test_a_percentage_indicators_column_10_is_its_latest_value_not_a_sum(seeded: ImportReport) -> None:
    table = selectors.tc29_table(renja())
    (program,) = lines(table, "2.13.04")
    assert program.satuan == "%"
    assert [program.kolom[k].value for k in (4, 5, 6, 7, 9)] == [D(180), D(50), D(60), D(60), D(70)]
    assert program.kolom[10].value == D(70)  # the document printed 50 + 60 + 70 = "180"
    assert program.kolom[11].value == D("38.89")
    assert program.kolom[11].predikat is not None and program.kolom[11].predikat.kode == "SR"
    assert {t.kode for t in program.temuan} >= {"PERSEN_MELEBIHI_100", "BEDA_DOKUMEN"}
    for kode in ("2.13.03", "2.13.05", "2.13.02"):  # the other percentage programs
        (row,) = lines(table, kode)
        assert row.kolom[10].value == row.kolom[9].value == D(100 if kode != "2.13.05" else 50)
        assert "menjumlahkan kolom 5 + 7 + 9" in row.selisih[0].alasan
    (ikm,) = lines(table, "2.13.01")  # Indeks Kepuasan Masyarakat: 79 each year, printed "237"
    assert ikm.kolom[10].value == D(79)
    assert ikm.kolom[11].value is None and "(4) target akhir Renstra 2023" in ikm.kolom[11].temuan[0].pesan


def test_counts_are_summed_and_agree_with_the_document(seeded: ImportReport) -> None:
    table = selectors.tc29_table(renja())
    (row,) = lines(table, "2.13.04.2.01.0001")
    assert [row.kolom[k].value for k in (8, 10, 11)] == [D("100.00"), D(9), D("100.00")]
    assert row.selisih == ()
    (keg,) = lines(table, "2.13.05.2.01")  # "Jumlah lembaga … tingkat daerah …": a count
    assert keg.kolom[10].value == D(1489) and keg.selisih == ()
    (rounded,) = lines(table, "2.13.04.2.01.0009")  # 6 / 7 = 85,71 %, printed "86%"
    assert rounded.kolom[11].value == D("85.71") and rounded.selisih == ()


def test_the_467_percent_achievement_is_questioned(seeded: ImportReport) -> None:
    (row,) = lines(selectors.tc29_table(renja()), "2.13.01.2.01.0007")
    assert row.kolom[11].value == D("466.67")
    kode = {t.kode: t for t in row.temuan}
    assert kode["TARGET_MELEBIHI_RENSTRA"].kolom == "9"
    assert "(9) target 2023" in kode["TARGET_MELEBIHI_RENSTRA"].pesan
    assert "CAPAIAN_TIDAK_WAJAR" in kode


def test_every_printed_difference_is_listed_with_its_reason(seeded: ImportReport) -> None:
    table = selectors.tc29_table(renja())
    listed = {(r.kode or r.uraian[:30], r.indikator[:30], s.kolom): s for r, s in table.selisih}
    assert len(listed) == len(table.selisih) == 45
    assert all(s.alasan for s in listed.values())
    batas = by_name(table, "Fasilitasi Penetapan dan Penegasan Batas Desa")
    assert [(s.kolom, s.tercetak) for s in batas.selisih] == [("8", "#DIV/0!"), ("11", "#DIV/0!")]
    assert "(6) bernilai 0" in batas.selisih[0].alasan
    (bmd,) = lines(table, "2.13.01.2.03")
    assert [s.kolom for s in bmd.selisih] == ["8"]
    pilkades = [r for r in table.rows if r.uraian.startswith("Fasilitasi Pilkades")]
    assert len(pilkades) == 2 and pilkades[0].temuan[0].kode == "NILAI_GANDA"
    assert all(s.tercetak == "#VALUE!" for r in pilkades for s in r.selisih)
    old = by_name(table, "Pembinaan Aparatur Desa")
    assert [(s.kolom, s.tercetak, s.dihitung) for s in old.selisih] == [("11", "0%", "")]


def test_changing_an_indicators_kind_recomputes_everything(seeded: ImportReport) -> None:
    r = renja()
    (program,) = lines(selectors.tc29_table(r), "2.13.04")
    indikator = selectors.indikator_renja(r, program.indikator_id or 0)
    with transaction.atomic():
        services.indikator_semantik_update(
            renja=r,
            indikator=indikator,
            arah="naik",
            agregasi_dalam_tahun="jumlah",
            agregasi_antar_tahun="jumlah",
            actor=None,
            source=Source.CLI,
        )
        (after,) = lines(selectors.tc29_table(r), "2.13.04")
        assert (after.kolom[10].value, after.kolom[11].value) == (D(180), D("100.00"))
        assert after.selisih == ()
        assert after.sifat is not None and not after.sifat.disimpulkan
        transaction.set_rollback(True)


def test_the_json_and_the_web_page_list_the_same_differences(seeded: ImportReport, client: Client) -> None:
    r = renja()
    table = selectors.tc29_table(r)
    out = io.StringIO()
    call_command("evaluate", tahun=2024, tabel="T-C.29", json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["tabel"] == "T-C.29" and data["rumus_turun"] == {"kode": "t_per_r", "teks": "T/R × 100"}
    assert len(data["baris"]) == len(table.rows)
    assert [(s["kode"], s["kolom"], s["tercetak"], s["alasan"]) for s in data["selisih_dokumen"]] == [
        (row.kode, s.kolom, s.tercetak, s.alasan) for row, s in table.selisih
    ]
    program = next(b for b in data["baris"] if b["kode"] == "2.13.04")
    assert program["kolom"]["10"] == 70 and program["kolom"]["11"] == 38.89
    assert program["predikat"] == {"8": "ST", "11": "SR"}
    assert set(program["penjelasan"]) == {"8", "10", "11"}
    assert program["penjelasan"]["10"].startswith("(9) = 70. Aturan: agregasi antar tahun: nilai akhir")
    for b in data["baris"]:
        assert not any(isinstance(v, str) and "#" in v for v in b["teks"].values())
    # the web page shows the same list
    pd = PerangkatDaerah.objects.get(nama="Dinas Pemberdayaan Masyarakat dan Desa")
    user = PeranPenggunaFactory(peran=Peran.PERENCANA, pemda=pd.pemda, perangkat_daerah=pd).user
    client.force_login(user)
    html = client.get(reverse("evaluasi:tc29", args=[r.pk])).content.decode()
    section = html.split('id="selisih"', 1)[1]
    assert section.count("<tr>") == 45 + 1  # header + one line per difference
    assert "dokumen menjumlahkan kolom 5 + 7 + 9, padahal indikator ini tidak dijumlahkan antar tahun" in section
    assert "38,89" in html and "T/R × 100" in html
