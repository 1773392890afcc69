"""The canonical JSON export carries each proposal with its resolved codes (null when unresolved), its current
status and its recommendation path; the JSON import reads them back (round trip)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from renja.core.types import Source
from renja.exporters.json_export import renja_export_data, renja_export_json
from renja.importers.json_import import renja_json_import
from renja.importers.services import renja_document_import
from renja.master.models import Level
from renja.plans.models import Renja
from renja.usulan.models import Usulan
from renja.usulan.services import usulan_rekomendasi_set, usulan_row_link
from tests.conftest import SEED
from tests.usulan.wilayah_b import load_magetan

pytestmark = pytest.mark.django_db


def _seed(with_master: bool = True) -> Renja:
    if with_master:
        load_magetan()
    renja_document_import(data=SEED.read_bytes(), filename=SEED.name, actor=None, source=Source.CLI, pemda_kode="35.20")
    return Renja.objects.get(utama=True, tahun=2024)


def _chain() -> None:
    u1, u2, u3 = (Usulan.objects.get(nomor=n) for n in ("1", "2", "3"))
    kw = {"actor": None, "source": Source.WEB}
    usulan_rekomendasi_set(usulan=u1, tingkat="desa", status="diterima", **kw)
    usulan_rekomendasi_set(
        usulan=u1,
        tingkat="kecamatan",
        status="diterima_perubahan",
        alasan="Panjang jalan dikurangi",
        pagu_rekomendasi=Decimal(250_000_000),
        volume=Decimal("0.8"),
        satuan="km",
        **kw,
    )
    usulan_rekomendasi_set(usulan=u2, tingkat="desa", status="digabung", alasan="Satu paket", digabung_ke=u1, **kw)
    usulan_rekomendasi_set(usulan=u3, tingkat="desa", status="ditolak", alasan="Bukan kewenangan DPMD", **kw)
    row = Renja.objects.get(utama=True, tahun=2024).rows.filter(level=Level.SUB_KEGIATAN).first()
    usulan_row_link(usulan=u1, row=row, **kw)


def test_export_carries_codes_status_and_path() -> None:
    renja = _seed()
    _chain()
    data = renja_export_data(renja)
    first = data["usulan"][0]
    assert (first["kode_desa"], first["kode_kecamatan"], first["status"]) == (
        "35.20.10.2004",
        "35.20.10",
        "diterima_perubahan",
    )
    assert first["pagu_rekomendasi"] == 250_000_000 and first["baris"] is not None
    assert [(r["tingkat"], r["status"], r["pagu_rekomendasi"]) for r in first["rekomendasi"]] == [
        ("desa", "diterima", 300_000_000),
        ("kecamatan", "diterima_perubahan", 250_000_000),
    ]
    second, third = data["usulan"][1], data["usulan"][2]
    assert second["rekomendasi"][0]["digabung_ke"] == first["ref"] == "u1"
    assert (third["status"], third["alasan"]) == ("ditolak", "Bukan kewenangan DPMD")
    assert data["usulan"][4]["rekomendasi"] == []


def test_unresolved_codes_are_null() -> None:
    renja = _seed(with_master=False)
    data = renja_export_data(renja)
    assert {(u["kode_desa"], u["kode_kecamatan"]) for u in data["usulan"]} == {(None, None)}
    assert data["usulan"][12]["desa"] == "RINGINAGUN G"


def test_round_trip() -> None:
    renja = _seed()
    _chain()
    before = renja_export_data(renja)
    text = renja_export_json(renja)
    report = renja_json_import(data=text.encode(), filename="renja.json", actor=None, source=Source.CLI)
    assert report.dibuat["usulan"] == 27 and report.dibuat["rekomendasi usulan"] == 4
    after = renja_export_data(Renja.objects.get(utama=True, tahun=2024))
    assert after["usulan"] == before["usulan"]
    u1 = Usulan.objects.get(nomor="1")
    assert u1.rekomendasi.count() == 2 and u1.kode_desa == "35.20.10.2004" and u1.row is not None
    assert Usulan.objects.get(nomor="2").rekomendasi.get().digabung_ke == u1
    json.loads(text)  # valid JSON
