"""T-C.32 in the Renja documents shows each proposal's current state: the pagu rekomendasi of the latest level,
and a rejected proposal stays in the table with its status and reason."""

from __future__ import annotations

from decimal import Decimal

import pytest

from renja.core.types import Source
from renja.documents.data import renja_document_data
from renja.importers.services import renja_document_import
from renja.plans.models import Renja
from renja.usulan.models import Usulan
from renja.usulan.services import usulan_rekomendasi_set
from tests.conftest import SEED

pytestmark = pytest.mark.django_db


def test_tc32_current_state_and_rejected_with_reason() -> None:
    renja_document_import(data=SEED.read_bytes(), filename=SEED.name, actor=None, source=Source.CLI, pemda_kode="35.20")
    u1, u3 = Usulan.objects.get(nomor="1"), Usulan.objects.get(nomor="3")
    kw = {"actor": None, "source": Source.WEB}
    usulan_rekomendasi_set(usulan=u1, tingkat="desa", status="diterima", **kw)
    usulan_rekomendasi_set(
        usulan=u1,
        tingkat="kecamatan",
        status="diterima_perubahan",
        alasan="Dikurangi",
        pagu_rekomendasi=Decimal(250_000_000),
        **kw,
    )
    usulan_rekomendasi_set(usulan=u3, tingkat="desa", status="ditolak", alasan="Bukan kewenangan DPMD", **kw)
    data = renja_document_data(Renja.objects.get(utama=True, tahun=2024), with_findings=False)
    records = data.tabel_by_kode("T-C.32").records
    assert len(records) == 27  # the rejected one is still there
    by_no = {r.cell("no").text: r for r in records}
    assert by_no["1"].cell("catatan").text == "Rekomendasi Rp 250.000.000; Diterima dengan perubahan; Dikurangi"
    assert by_no["3"].cell("catatan").text == "Ditolak; Alasan: Bukan kewenangan DPMD"
    assert by_no["2"].cell("catatan").text == "Rekomendasi Rp 350.000.000"
