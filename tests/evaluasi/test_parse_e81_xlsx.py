"""The pure E.81 workbook parser: layout found from the column numbers, K/Rp split, multi-indicator rows, the
"% of target" convention, findings with their position, size limits."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from renja.importers.parse.e81_xlsx import E81FormatError, parse_e81_xlsx
from tests.evaluasi.builders import e81_workbook

D = Decimal
ROWS = [
    {
        "no": 1,
        "program": "2.13.04 Program Administrasi Pemerintahan Desa",
        "indikator": "Persentase desa",
        "7K": 80,
        "7Rp": 1000000,
        "8K": 70,
        "9K": "76",
    },
    {
        "no": 2,
        "program": "2.13.04.2.01.0001 - Fasilitasi Penyelenggaraan",
        "indikator": "Jumlah dokumen",
        "7K": 4,
        "8K": 1,
        "8Rp": "1.500.000",
        "9K": 1.0,
        "9Rp": 250000.0,
        "16": "Bidang Pemdes",
        "17": "lancar",
    },
    {"indikator": "Jumlah desa dibina", "8K": "2,5"},  # a second indicator of the same row
]


def test_reads_rows_indicators_and_quarters_with_their_positions() -> None:
    parsed = parse_e81_xlsx(e81_workbook(ROWS), nama="e81.xlsx")
    assert parsed.sheet == "E81"
    assert (parsed.persen_kinerja, parsed.persen_anggaran) == (False, False)
    assert [(b.kode, b.uraian) for b in parsed.baris] == [
        ("2.13.04", "Program Administrasi Pemerintahan Desa"),
        ("2.13.04.2.01.0001", "Fasilitasi Penyelenggaraan"),
    ]
    program, sub = parsed.baris
    assert program.pagu is not None and program.pagu.nilai == D(1000000)
    assert program.indikator[0].target is not None and program.indikator[0].target.nilai == D(80)
    assert {q: v.nilai for q, v in program.indikator[0].kinerja.items()} == {1: D(70), 2: D(76)}
    assert [i.nama for i in sub.indikator] == ["Jumlah dokumen", "Jumlah desa dibina"]
    assert {q: v.nilai for q, v in sub.indikator[1].kinerja.items()} == {1: D("2.5")}
    assert {q: v.nilai for q, v in sub.anggaran.items()} == {1: D(1500000), 2: D(250000)}
    assert (sub.unit, sub.keterangan) == ("Bidang Pemdes", "lancar")
    loc = sub.anggaran[1].loc
    assert loc is not None and (loc.line, loc.column, loc.table) == (7, "8Rp", "E.81 (E81)")
    assert parsed.kolom["8K"] == 11 and parsed.kolom["8Rp"] == 12 and parsed.kolom["16"] == 27
    assert parsed.findings == ()


def test_without_a_k_rp_row_two_columns_per_number_are_k_then_rp() -> None:
    parsed = parse_e81_xlsx(e81_workbook(ROWS, kr_row=False))
    assert {q: v.nilai for q, v in parsed.baris[1].anggaran.items()} == {1: D(1500000), 2: D(250000)}


def test_percent_of_target_convention_from_the_header_or_the_cells() -> None:
    header = parse_e81_xlsx(
        e81_workbook([{"program": "2.13.04 P", "indikator": "Jumlah", "8K": 25}], header_percent=True)
    )
    assert header.persen_kinerja is True
    value = header.baris[0].indikator[0].kinerja[1]
    assert (value.nilai, value.satuan) == (D(25), "%")
    cells = parse_e81_xlsx(e81_workbook([{"program": "2.13.04 P", "indikator": "Jumlah", "8K": "25%", "8Rp": "12,5%"}]))
    assert cells.persen_kinerja is False
    assert cells.baris[0].indikator[0].kinerja[1].satuan == "%"
    assert (cells.baris[0].anggaran[1].nilai, cells.baris[0].anggaran[1].satuan) == (D("12.5"), "%")


def test_unreadable_cells_and_stray_rows_are_findings_with_sheet_row_and_column() -> None:
    rows = [
        {"indikator": "indikator tanpa program", "8K": 3},
        {"program": "Program tanpa kode", "indikator": "Jumlah", "8K": "#DIV/0!", "9K": "tiga", "8Rp": "1.500,50"},
        {"no": 9, "8K": 1},
    ]
    parsed = parse_e81_xlsx(e81_workbook(rows))
    kode = [(f.kode, f.loc.column) for f in parsed.findings]
    assert ("BARIS_TANPA_PROGRAM", "") in kode
    assert ("ERROR_SPREADSHEET", "8K") in kode
    assert ("ANGKA_TIDAK_TERBACA", "9K") in kode
    assert ("RUPIAH_PECAHAN", "8Rp") in kode
    assert sum(1 for k, _ in kode if k == "BARIS_TANPA_PROGRAM") == 2
    assert parsed.baris[0].kode == "" and parsed.baris[0].uraian == "Program tanpa kode"
    stray = next(f for f in parsed.findings if f.kode == "BARIS_TANPA_PROGRAM")
    assert stray.loc.line == 6 and "E.81 (E81)" in stray.loc.label()


def test_reading_stops_at_the_footer_and_other_sheets_are_named() -> None:
    parsed = parse_e81_xlsx(e81_workbook(ROWS[:1], extra_sheet_first=True))
    assert len(parsed.baris) == 1
    assert [f.kode for f in parsed.findings] == ["LEMBAR_LAIN"]
    assert "Petunjuk" in parsed.findings[0].pesan


def test_a_code_in_the_number_column_is_used() -> None:
    wb = openpyxl.load_workbook(
        io.BytesIO(e81_workbook([{"no": "2.13.04.2.01", "program": "Pembinaan", "indikator": "Jumlah", "8K": 1}]))
    )
    out = io.BytesIO()
    wb.save(out)
    parsed = parse_e81_xlsx(out.getvalue())
    assert (parsed.baris[0].kode, parsed.baris[0].uraian) == ("2.13.04.2.01", "Pembinaan")


def test_a_sheet_without_the_rp_half_warns() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for c, n in enumerate(range(1, 18), start=1):
        ws.cell(1, c, n)
    ws.cell(2, 3, "2.13.04 Program")
    ws.cell(2, 4, "Jumlah")
    ws.cell(2, 8, 5)
    out = io.BytesIO()
    wb.save(out)
    parsed = parse_e81_xlsx(out.getvalue())
    assert [f.kode for f in parsed.findings] == ["KOLOM_RP_TIDAK_ADA"]
    assert parsed.baris[0].indikator[0].kinerja[1].nilai == D(5)
    assert parsed.baris[0].anggaran == {}


def test_files_that_are_not_e81_workbooks_are_refused_with_a_reason() -> None:
    with pytest.raises(E81FormatError, match="bukan XLSX"):
        parse_e81_xlsx(b"bukan zip", nama="x.xlsx")
    wb = openpyxl.Workbook()
    wb.active["A1"] = "tabel lain"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(E81FormatError, match="baris nomor kolom"):
        parse_e81_xlsx(out.getvalue(), nama="lain.xlsx")
    with pytest.raises(E81FormatError, match="melebihi batas"):
        parse_e81_xlsx(e81_workbook(ROWS), max_bytes=100)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "0" * 5_000_000)
    with pytest.raises(E81FormatError, match="terlalu besar"):
        parse_e81_xlsx(zipped.getvalue(), max_bytes=200_000)
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("hello.txt", "x")
    with pytest.raises(E81FormatError, match="tidak bisa dibaca sebagai XLSX"):
        parse_e81_xlsx(broken.getvalue())


def test_irregular_sheets_floats_missing_columns_empty_rows_and_long_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    from renja.importers.parse import e81_xlsx

    wb = openpyxl.Workbook()
    ws = wb.active
    # the number row written as floats, columns 14 and 15 missing; a K/Rp row with a repeated "K"
    numbers = {1: 1.0, 2: 2.0, 3: 3.0, 4: 4.0}
    for n in range(5, 14):
        numbers[5 + 2 * (n - 5)] = float(n)
    for c, n in numbers.items():
        ws.cell(2, c, n)
    for n in range(5, 14):
        ws.cell(1, 5 + 2 * (n - 5), "K")
        ws.cell(1, 6 + 2 * (n - 5), "K" if n == 5 else "Rp")
    ws.cell(3, 3, "2.13.04 Program tanpa indikator")
    ws.cell(3, 12, 0.25)  # 8Rp as a fraction: not whole rupiah
    ws.cell(4, 1, True)  # a stray boolean: a row without program
    # row 5 empty
    ws.cell(6, 3, "2.13.05 Program")
    ws.cell(6, 4, "Jumlah")
    ws.cell(6, 11, 2.5)
    for r in range(7, 60):
        ws.cell(r, 3, f"2.13.{r:02d} Program {r}")
        ws.cell(r, 4, "Jumlah")
    out = io.BytesIO()
    wb.save(out)
    parsed = parse_e81_xlsx(out.getvalue())
    assert "14K" not in parsed.kolom and "5Rp" not in parsed.kolom
    first = parsed.baris[0]
    assert (first.kode, first.indikator) == ("2.13.04", ())
    assert [f.kode for f in parsed.findings if f.loc.line == 3] == ["RUPIAH_PECAHAN"]
    assert any(f.kode == "BARIS_TANPA_PROGRAM" and "True" in f.teks for f in parsed.findings)
    assert parsed.baris[1].indikator[0].kinerja[1].nilai == D("2.5")
    assert len(parsed.baris) == 55
    monkeypatch.setattr(e81_xlsx, "MAX_DATA_ROWS", 10)
    capped = parse_e81_xlsx(out.getvalue())
    assert capped.findings[-1].kode == "TERLALU_BANYAK_BARIS"
    assert len(capped.baris) < 10


def test_numeric_cells_are_exact_and_dashes_are_empty() -> None:
    rows = [{"program": "2.13.04 P", "indikator": "Jumlah", "8K": 1.125, "9K": "-", "10K": 1500000, "8Rp": 1000000.0}]
    parsed = parse_e81_xlsx(e81_workbook(rows))
    kinerja = parsed.baris[0].indikator[0].kinerja
    assert {q: v.nilai for q, v in kinerja.items()} == {1: D("1.125"), 3: D(1500000)}
    assert kinerja[1].teks == "1.125"
    assert parsed.baris[0].anggaran[1].nilai == D(1000000)
    assert parsed.findings == ()
