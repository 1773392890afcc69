"""The seed's Tabel 2.5: with the wilayah master loaded, every one of the 27 proposals resolves to its official
desa and kecamatan codes (read from ../shared/data/wilayah, Permendagri 72/2019), and the summary per kecamatan
equals the table. Also: the master loaded after the import (`usulan_cocokkan_wilayah`), and query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytest_django import DjangoAssertNumQueries

from renja.core.types import Source
from renja.importers.services import renja_document_import
from renja.usulan.models import Usulan
from renja.usulan.selectors import usulan_detail, usulan_list, usulan_ringkasan_kecamatan
from renja.usulan.services import usulan_cocokkan_wilayah, usulan_rekomendasi_set
from tests.conftest import SEED
from tests.factories import UserFactory
from tests.usulan.wilayah_b import load_magetan

pytestmark = pytest.mark.django_db

# nomor -> (kode desa, kode kecamatan), each checked by hand against the Kemendagri CSV
KODE = {
    "1": ("35.20.10.2004", "35.20.10"),  # TANJUNG, BENDO
    "2": ("35.20.10.2002", "35.20.10"),  # BELOTAN
    "3": ("35.20.10.2013", "35.20.10"),  # BULUGLEDEG
    "4": ("35.20.13.2007", "35.20.13"),  # PELEM, KARANGREJO
    "5": ("35.20.14.2001", "35.20.14"),  # KARAS, KARAS
    "6": ("35.20.14.2003", "35.20.14"),  # SUMURSONGO
    "7": ("35.20.14.2009", "35.20.14"),  # GEPLAK
    "8": ("35.20.05.2014", "35.20.05"),  # JAMBANGAN, KAWEDANAN
    "9": ("35.20.05.2016", "35.20.05"),  # SUGIHREJO
    "10": ("35.20.03.2001", "35.20.03"),  # KEDIREN, LEMBEYAN
    "11": ("35.20.03.2008", "35.20.03"),  # PUPUS
    "12": ("35.20.06.2001", "35.20.06"),  # TAMBAKREJO, MAGETAN
    "13": ("35.20.06.2005", "35.20.06"),  # RINGINAGUN G -> Ringinagung
    "14": ("35.20.06.2016", "35.20.06"),  # BARON
    "15": ("35.20.11.2015", "35.20.11"),  # SEMPOL, MAOSPATI
    "16": ("35.20.17.2009", "35.20.17"),  # DRIYOREJO, NGUNTORONA DI -> Nguntoronadi
    "17": ("35.20.08.2015", "35.20.08"),  # MBEDAGUN G -> Bedagung, PANEKAN
    "18": ("35.20.02.2013", "35.20.02"),  # KRAJAN, PARANG
    "19": ("35.20.02.2010", "35.20.02"),  # PRAGAK
    "20": ("35.20.02.2009", "35.20.02"),  # TAMANARUM
    "21": ("35.20.01.2006", "35.20.01"),  # PLANGKRON GAN -> Plangkrongan, PONCOL
    "22": ("35.20.18.2002", "35.20.18"),  # CAMPURSARI, SIDOREJO
    "23": ("35.20.18.2009", "35.20.18"),  # SIDOKERTO
    "24": ("35.20.09.2004", "35.20.09"),  # BANDAR, SUKOMORO
    "25": ("35.20.09.2007", "35.20.09"),  # BULU
    "26": ("35.20.09.2012", "35.20.09"),  # KENTANGAN
    "27": ("35.20.04.2019", "35.20.04"),  # KERANG, TAKERAN
}

# Tabel 2.5 per kecamatan: kode -> (jumlah usulan, pagu usulan = pagu rekomendasi)
RINGKASAN = {
    "35.20.01": (1, 252_644_000),  # Poncol
    "35.20.02": (3, 595_000_000),  # Parang
    "35.20.03": (2, 950_000_000),  # Lembeyan
    "35.20.04": (1, 500_000_000),  # Takeran
    "35.20.05": (2, 607_000_000),  # Kawedanan
    "35.20.06": (3, 800_000_000),  # Magetan
    "35.20.08": (1, 170_000_000),  # Panekan
    "35.20.09": (3, 600_000_000),  # Sukomoro
    "35.20.10": (3, 1_050_000_000),  # Bendo
    "35.20.11": (1, 180_000_000),  # Maospati
    "35.20.13": (1, 250_000_000),  # Karangrejo
    "35.20.14": (3, 950_000_000),  # Karas
    "35.20.17": (1, 250_000_000),  # Nguntoronadi
    "35.20.18": (2, 550_000_000),  # Sidorejo
}


def _import() -> None:
    renja_document_import(data=SEED.read_bytes(), filename=SEED.name, actor=None, source=Source.CLI, pemda_kode="35.20")


def _codes() -> dict[str, tuple[str | None, str | None]]:
    return {u.nomor: (u.kode_desa, u.kode_kecamatan) for u in Usulan.objects.select_related("desa", "kecamatan")}


def test_every_seed_proposal_resolves_to_its_official_codes() -> None:
    load_magetan()
    _import()
    assert Usulan.objects.count() == 27
    assert _codes() == KODE
    assert not [u for u in Usulan.objects.all() if u.tidak_terpetakan]
    # the names stay as written
    assert Usulan.objects.get(nomor="13").desa_teks == "RINGINAGUN G"


def test_master_loaded_after_the_import_then_cocokkan() -> None:
    _import()
    assert all(u.tidak_terpetakan and u.wilayah_cocok == "tanpa_master" for u in Usulan.objects.all())
    load_magetan()
    report = usulan_cocokkan_wilayah(actor=None, source=Source.CLI)
    assert (report.diperiksa, report.terpetakan, report.berubah, report.tidak_terpetakan) == (27, 27, 27, [])
    assert _codes() == KODE


def test_reimport_keeps_the_chain() -> None:
    load_magetan()
    _import()
    u = Usulan.objects.get(nomor="2")
    usulan_rekomendasi_set(
        usulan=u, tingkat="desa", status="ditolak", alasan="Lahan belum ada", actor=None, source="cli"
    )
    _import()
    again = Usulan.objects.get(nomor="2")
    assert again.pk == u.pk and again.status == "ditolak" and again.rekomendasi.count() == 1
    assert Usulan.objects.count() == 27


def test_summary_per_kecamatan_equals_tabel_2_5(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    load_magetan()
    _import()
    admin = UserFactory(is_superuser=True)
    with django_assert_num_queries(1):
        ringkasan = usulan_ringkasan_kecamatan(user=admin, filters={"tahun": 2024})
    got = {r.kode: (r.jumlah, int(r.pagu_usulan)) for r in ringkasan.baris}
    assert got == RINGKASAN
    assert {r.kode: int(r.pagu_rekomendasi) for r in ringkasan.baris} == {k: v[1] for k, v in RINGKASAN.items()}
    assert ringkasan.total is not None
    assert (ringkasan.total.jumlah, ringkasan.total.pagu_usulan) == (27, Decimal(7_704_644_000))
    assert ringkasan.total.pagu_rekomendasi == Decimal(7_704_644_000)


def test_summary_keeps_unresolved_names_as_written() -> None:
    _import()  # no master: every kecamatan by its written name
    admin = UserFactory(is_superuser=True)
    ringkasan = usulan_ringkasan_kecamatan(user=admin, filters={})
    labels = {r.label: r.jumlah for r in ringkasan.baris}
    assert labels["NGUNTORONA DI"] == 1 and labels["BENDO"] == 3
    assert not any(r.terpetakan for r in ringkasan.baris) and ringkasan.total.jumlah == 27  # type: ignore[union-attr]


def test_list_filters_and_query_count(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    load_magetan()
    _import()
    admin = UserFactory(is_superuser=True)
    with django_assert_num_queries(1):
        rows = list(usulan_list(user=admin, filters={"tahun": "2024"}))
        seen = {(u.kode_desa, u.kode_kecamatan, u.perangkat_daerah.pemda.kode, u.row) for u in rows}
    assert len(seen) == 27
    assert len(rows) == 27
    assert usulan_list(user=admin, filters={"kecamatan": "35.20.10"}).count() == 3
    bendo = Usulan.objects.get(nomor="1").kecamatan_id
    assert usulan_list(user=admin, filters={"kecamatan": str(bendo)}).count() == 3
    assert usulan_list(user=admin, filters={"desa": "35.20.06.2005"}).count() == 1
    assert usulan_list(user=admin, filters={"q": "jembatan"}).count() == 1
    assert usulan_list(user=admin, filters={"tidak_terpetakan": True}).count() == 0
    assert usulan_list(user=admin, filters={"status": "ditolak"}).count() == 0
    assert usulan_list(user=UserFactory(), filters={}).count() == 0  # no role: nothing


def test_detail_query_count(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    load_magetan()
    _import()
    u = Usulan.objects.select_related("perangkat_daerah__pemda").get(nomor="5")
    for t in ("desa", "kecamatan"):
        usulan_rekomendasi_set(usulan=u, tingkat=t, status="diterima", actor=None, source="cli")
    with django_assert_num_queries(1):
        d = usulan_detail(usulan=u)
    assert [r.tingkat for r in d.rekomendasi] == ["desa", "kecamatan"] and d.row is None
