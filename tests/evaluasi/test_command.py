"""`renja evaluate`: the table a user asks for, as text or JSON, and plain errors."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from renja.core.types import Source
from renja.evaluasi import services
from tests.evaluasi.builders import Rencana, build_rencana

pytestmark = pytest.mark.django_db


@pytest.fixture
def rencana() -> Rencana:
    r = build_rencana()
    for q, v in ((1, "1"), (2, "2")):
        services.realisasi_triwulan_set(
            renja=r.renja, indikator=r.ind_sub1, triwulan=q, nilai=Decimal(v), actor=None, source=Source.CLI
        )
    return r


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("evaluate", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_tc29_and_e81_as_text(rencana: Rencana) -> None:
    text = run("--tahun", "2024", "--tabel", "tc29")
    assert text.startswith(f"T-C.29 — {rencana.renja.perangkat_daerah.nama}, Renja 2024 (Renstra s.d. 2023)")
    assert "Rumus indikator turun: T/R × 100" in text and "2.13.04" in text
    assert "nilai tercetak berbeda dari hasil hitung" in text
    e81 = run("--tahun", "2024", "--tabel", "E.81", "--triwulan", "2")
    assert "E.81 —" in e81 and "triwulan 2" in e81
    assert "Rata-rata capaian kinerja (13K):" in e81 and "Faktor pendorong: —" in e81
    assert "Jumlah dokumen administrasi [Dokumen]" in e81


def test_json_rows_have_the_documented_keys(rencana: Rencana) -> None:
    data = json.loads(
        run(
            "--pd",
            rencana.renja.perangkat_daerah.kode,
            "--tahun",
            "2024",
            "--tabel",
            "E.81",
            "--triwulan",
            "2",
            "--json",
        )
    )
    row = next(b for b in data["baris"] if b["kode"] == "2.13.04.2.01.0001")
    assert {"kode", "indikator", "satuan", "kolom", "predikat", "penjelasan", "temuan"} <= set(row)
    assert row["kolom"]["12"] == {"K": 3, "Rp": None}
    assert row["kolom"]["13"]["K"] == 75
    assert row["predikat"] == {"13K": "S", "15K": "ST"}  # 75 % is Sedang (66 ≤ R < 76); 19 / 20 = 95 %
    tc29 = json.loads(run("--tahun", "2024", "--tabel", "T-C.29", "--json"))
    assert {"kode", "indikator", "satuan", "kolom", "predikat", "penjelasan", "temuan"} <= set(tc29["baris"][0])


def test_output_to_a_file(rencana: Rencana, tmp_path: Path) -> None:
    target = tmp_path / "tc29.json"
    assert run("--tahun", "2024", "--tabel", "T-C.29", "--json", "--output", str(target)) == ""
    assert json.loads(target.read_text(encoding="utf-8"))["tabel"] == "T-C.29"
    with pytest.raises(CommandError, match="tidak ada"):
        run("--tahun", "2024", "--tabel", "T-C.29", "--output", str(tmp_path / "tidak" / "ada.json"))


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("--tahun", "2024", "--tabel", "T-C.30"), "tidak dikenal"),
        (("--tahun", "2024", "--tabel", "E.81"), "--triwulan"),
        (("--tahun", "2024", "--tabel", "E.81", "--triwulan", "5"), "--triwulan"),
        (("--tahun", "2031", "--tabel", "T-C.29"), "Tidak ada Renja tahun 2031"),
    ],
)
def test_errors_say_what_to_do(rencana: Rencana, args: tuple[str, ...], match: str) -> None:
    with pytest.raises(CommandError, match=match):
        run(*args)
