"""`renja nomenklatur import|load-builtin`: counts per level, findings, clear errors."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from renja.master.models import Nomenklatur
from tests.conftest import shared_path
from tests.master.builders import kepmendagri_bytes

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("nomenklatur", *args, stdout=out)
    return out.getvalue()


def test_load_builtin_prints_counts_per_level() -> None:
    text = run("load-builtin")
    assert "ke versi kepmendagri-900-kurasi" in text
    assert "Jumlah per level (kabupaten/kota):" in text
    assert re.search(r"^  sub kegiatan +204$", text, re.MULTILINE)
    assert "Hasil: 254 dibuat, 0 diperbarui, 0 tetap" in text
    assert "Hasil: 0 dibuat, 0 diperbarui, 254 tetap" in run("load-builtin")


def test_import_prints_counts_and_findings(tmp_path: Path) -> None:
    path = tmp_path / "daftar.xlsx"
    path.write_bytes(kepmendagri_bytes())
    text = run("import", str(path), "--versi", "uji", "--nama", "Daftar uji")
    assert "Nomenklatur diimpor dari daftar.xlsx ke versi uji (Daftar uji) — versi baru." in text
    assert re.search(r"^  sub kegiatan +3$", text, re.MULTILINE)
    assert "Temuan: 0 error, 0 peringatan, 1 info." in text
    assert "[info] BARIS_KOSONG (subkeg, baris dokumen 7): Baris 7 kosong; dilewati." in text
    assert Nomenklatur.objects.filter(versi__kode="uji").count() == 11


def test_import_json_is_the_report(tmp_path: Path) -> None:
    path = tmp_path / "daftar.xlsx"
    path.write_bytes(kepmendagri_bytes())
    data = json.loads(run("import", str(path), "--versi", "uji", "--json"))
    assert data["jenis"] == "nomenklatur"
    assert data["ringkasan"]["per_level"]["sub_kegiatan"] == 3
    assert data["temuan"][0]["kode"] == "BARIS_KOSONG"


def test_a_missing_or_unreadable_file_exits_non_zero_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="tidak ditemukan"):
        run("import", str(tmp_path / "hilang.xlsx"))
    bad = tmp_path / "rusak.xlsx"
    bad.write_text("bukan excel", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Berkas rusak\.xlsx tidak bisa dibaca sebagai XLSX"):
        run("import", str(bad))
    assert not Nomenklatur.objects.exists()


@pytest.mark.slow
@pytest.mark.shared_data
def test_import_of_the_real_sipd_file_prints_both_jenis_pemda() -> None:
    path = shared_path("data", "nomenklatur", "nomenklatur-sipd-pemutakhiran-2027.xlsx")
    text = run("import", str(path))
    assert "Jumlah per level (provinsi):" in text and "Jumlah per level (kabupaten/kota):" in text
    assert re.search(r"^  sub kegiatan +4031$", text, re.MULTILINE)
    assert re.search(r"^  sub kegiatan +3550$", text, re.MULTILINE)
    assert "INDIKATOR_KOSONG" in text
