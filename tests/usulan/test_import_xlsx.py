"""XLSX intake of proposals: the pure parser and the apply step (`renja usulan import`)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from renja.core.errors import ImportFailed
from renja.core.types import Source
from renja.importers.parse.usulan_xlsx import UsulanFormatError, parse_usulan_xlsx, template_xlsx
from renja.importers.usulan_xlsx_import import usulan_xlsx_import
from renja.usulan.models import Usulan
from tests.factories import PerangkatDaerahFactory
from tests.usulan.wilayah_b import load_magetan

HEADER = ["NO", "Desa/Kelurahan", "Kecamatan", "Usulan kegiatan", "Pagu usulan (Rp)", "Pagu rekomendasi",
          "Keterangan", "Lokasi", "Volume", "Satuan", "Sumber (ASMAS/POKIR)", "Pengusul"]  # fmt: skip


def _book(rows: list[list[object]], *, title: str = "Usulan 2025", pre: int = 2) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for _ in range(pre):
        ws.append(["Usulan Musrenbang Kecamatan 2025"])
    ws.append(HEADER)
    ws.append(list(range(1, 13)))  # printed column numbers
    for r in rows:
        ws.append(r)
    ws.append(["JUMLAH", "", "", "", 999])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


GOOD = [
    [1, "TANJUNG", "BENDO", "Jalan desa", "300.000.000", "", "", "Dusun Krajan", "1,5", "km", "ASMAS", "Kades"],
    [2, "RINGINAGUN G", "MAGETAN", "Talud dan drainase", 200000000, 150000000, "", "", 200, "m", "pokir", "Fraksi A"],
]  # fmt: skip


def test_parser_reads_positions_raw_text_and_numbers() -> None:
    parsed = parse_usulan_xlsx(_book(GOOD))
    assert (parsed.sheet, parsed.header_row, parsed.errors) == ("Usulan 2025", 3, 0)
    assert parsed.kolom["kegiatan"] == "D" and parsed.kolom["pengusul"] == "L"
    a, b = parsed.rows
    assert (a.nomor, a.desa, a.kecamatan, a.sumber, a.lokasi, a.satuan) == (
        "1",
        "TANJUNG",
        "BENDO",
        "asmas",
        "Dusun Krajan",
        "km",
    )
    assert a.pagu_usulan.nilai == Decimal(300_000_000) and a.pagu_usulan.teks == "300.000.000"
    assert a.volume.nilai == Decimal("1.5") and a.pagu_rekomendasi.nilai is None
    assert a.loc.line == 5 and a.pagu_usulan.loc is not None and a.pagu_usulan.loc.column == "Pagu usulan (E5)"
    assert b.sumber == "pokir" and b.pagu_rekomendasi.nilai == Decimal(150_000_000)


def test_parser_bad_cells_are_findings_with_their_position() -> None:
    rows = [[1, "TANJUNG", "BENDO", "Jalan", "tiga ratus juta", "", "", "", "", "", "Musrenbang desa", ""],
            [2, "BELOTAN", "BENDO", "", "1.000.000", "", "", "", "", "", "DPD", ""],
            [3, "KARAS", "KARAS", "Paving", "-5.000", "", "", "", "", "", "", ""]]  # fmt: skip
    parsed = parse_usulan_xlsx(_book(rows))
    kode = sorted(f.kode for f in parsed.findings)
    assert kode == ["ANGKA_NEGATIF", "ANGKA_TIDAK_TERBACA", "KOLOM_WAJIB_KOSONG", "SUMBER_TIDAK_DIKENAL"]
    bad = next(f for f in parsed.findings if f.kode == "ANGKA_TIDAK_TERBACA")
    assert bad.loc.line == 5 and "E5" in bad.loc.column and bad.teks == "tiga ratus juta"
    assert parsed.rows[0].sumber == "asmas" and parsed.rows[0].pagu_usulan.teks == "tiga ratus juta"


def test_parser_refuses_what_is_not_a_proposal_workbook() -> None:
    with pytest.raises(UsulanFormatError, match="bukan XLSX"):
        parse_usulan_xlsx(b"not a zip")
    wb = openpyxl.Workbook()
    wb.active.append(["a", "b"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(UsulanFormatError, match="Tidak ada baris judul"):
        parse_usulan_xlsx(buf.getvalue())
    with pytest.raises(UsulanFormatError, match="melebihi batas"):
        parse_usulan_xlsx(_book(GOOD), max_bytes=100)


def test_template_is_importable() -> None:
    parsed = parse_usulan_xlsx(template_xlsx())
    assert len(parsed.rows) == 1 and parsed.errors == 0 and len(parsed.kolom) == 12


# ------------------------------------------------------------------------------------------ apply


@pytest.fixture
def pd():  # type: ignore[no-untyped-def]
    load_magetan()
    return PerangkatDaerahFactory(singkatan="DPMD")


def _run(pd, data: bytes, **kw):  # type: ignore[no-untyped-def]
    return usulan_xlsx_import(
        data=data, filename="usulan.xlsx", perangkat_daerah=pd, tahun=2025, actor=None, source=Source.CLI, **kw
    )


@pytest.mark.django_db
def test_good_file_creates_resolved_proposals(pd) -> None:  # type: ignore[no-untyped-def]
    report = _run(pd, _book(GOOD))
    assert report.errors == 0 and report.dibuat["usulan baru"] == 2
    a = Usulan.objects.get(nomor="1")
    assert (a.kode_desa, a.kode_kecamatan, a.volume, a.satuan, a.pengusul) == (
        "35.20.10.2004", "35.20.10", Decimal("1.5"), "km", "Kades"
    )  # fmt: skip
    b = Usulan.objects.get(nomor="2")
    assert b.kode_desa == "35.20.06.2005" and b.sumber == "pokir" and b.pagu_rekomendasi == Decimal(150_000_000)


@pytest.mark.django_db
def test_unknown_desa_is_kept_and_flagged(pd) -> None:  # type: ignore[no-untyped-def]
    rows = [[1, "KAMPUNG ANTAH", "BENDO", "Jalan", "1.000.000", "", "", "", "", "", "", ""]]
    report = _run(pd, _book(rows))
    u = Usulan.objects.get()
    assert u.desa_teks == "KAMPUNG ANTAH" and u.desa_id is None and u.kode_kecamatan == "35.20.10"
    assert u.tidak_terpetakan
    assert [t["kode"] for t in report.temuan] == ["WILAYAH_TIDAK_TERPETAKAN"]
    assert report.errors == 0


@pytest.mark.django_db
def test_bad_numbers_save_nothing(pd) -> None:  # type: ignore[no-untyped-def]
    rows = [*GOOD, [3, "KARAS", "KARAS", "Paving", "#REF!", "", "", "", "", "", "", ""]]
    report = _run(pd, _book(rows))
    assert report.errors == 1 and report.temuan[0]["kode"] == "ERROR_SPREADSHEET"
    assert not Usulan.objects.exists()


@pytest.mark.django_db
def test_too_large(pd) -> None:  # type: ignore[no-untyped-def]
    with override_settings(RENJA_MAX_IMPORT_BYTES=1000), pytest.raises(ImportFailed, match="RENJA_MAX_IMPORT_BYTES"):
        _run(pd, _book(GOOD))


@pytest.mark.django_db
def test_dry_run_changes_nothing_and_reimport_is_idempotent(pd) -> None:  # type: ignore[no-untyped-def]
    data = _book(GOOD)
    dry = _run(pd, data, dry_run=True)
    assert dry.dibuat["usulan baru"] == 2 and not Usulan.objects.exists()
    _run(pd, data)
    first = {u.pk: u.revisi for u in Usulan.objects.all()}
    again = _run(pd, data)
    assert again.dibuat == {"usulan tidak berubah": 2}
    assert {u.pk: u.revisi for u in Usulan.objects.all()} == first
    changed = [[*GOOD[0][:4], "350.000.000", *GOOD[0][5:]], GOOD[1]]
    third = _run(pd, _book(changed))
    assert third.dibuat == {"usulan diperbarui": 1, "usulan tidak berubah": 1}
    assert Usulan.objects.count() == 2 and Usulan.objects.get(nomor="1").pagu_usulan == Decimal(350_000_000)


@pytest.mark.django_db
def test_command_exit_codes(pd, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "ok.xlsx"
    good.write_bytes(_book(GOOD))
    call_command("usulan", "import", str(good), "--pd", "DPMD", "--tahun", "2025", "--dry-run", "--json")
    assert '"usulan baru": 2' in capsys.readouterr().out and not Usulan.objects.exists()
    call_command("usulan", "import", str(good), "--pd", "DPMD", "--tahun", "2025")
    assert Usulan.objects.count() == 2
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_book([[1, "TANJUNG", "BENDO", "Jalan", "#N/A", "", "", "", "", "", "", ""]]))
    with pytest.raises(SystemExit) as e:
        call_command("usulan", "import", str(bad), "--pd", "DPMD", "--tahun", "2025")
    assert e.value.code == 1
    with pytest.raises(CommandError) as ce:
        call_command("usulan", "import", str(good), "--pd", "TIDAKADA", "--tahun", "2025")
    assert ce.value.returncode == 2
    with pytest.raises(CommandError) as ce:
        call_command("usulan", "import", str(tmp_path / "missing.xlsx"), "--pd", "DPMD", "--tahun", "2025")
    assert ce.value.returncode == 2
    call_command("usulan", "list", "--tahun", "2025", "--json")
    assert '"kode_desa": "35.20.10.2004"' in capsys.readouterr().out
    out = tmp_path / "ekspor.xlsx"
    call_command("usulan", "export", "--tahun", "2025", "--format", "xlsx", "--output", str(out))
    back = parse_usulan_xlsx(out.read_bytes())
    assert [r.desa for r in back.rows] == ["TANJUNG", "RINGINAGUN G"] and back.errors == 0
    tpl = tmp_path / "templat.xlsx"
    call_command("usulan", "template", str(tpl))
    assert parse_usulan_xlsx(tpl.read_bytes()).errors == 0


@pytest.mark.django_db
def test_command_cocokkan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pd = PerangkatDaerahFactory(singkatan="DPMD")
    Usulan.objects.create(perangkat_daerah=pd, tahun=2024, kegiatan="x", desa_teks="TANJUNG", kecamatan_teks="BENDO")
    load_magetan()
    call_command("usulan", "cocokkan", "--pd", "DPMD")
    assert "terpetakan: 1" in capsys.readouterr().out
    assert Usulan.objects.get().kode_desa == "35.20.10.2004"
