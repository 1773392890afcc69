"""T-C.29 computed from stored values (renja.calc.tc29): every indicator kind, the document's printed columns."""

from __future__ import annotations

from decimal import Decimal

from renja.calc import evaluasi as ev
from renja.calc.evaluasi import AntarTahun, Arah, DalamTahun, Nilai, RumusTurun, Sifat, Tercetak
from renja.calc.tc29 import Tc29BarisIn, Tc29In, Tc29IndikatorIn, Tc29Table, compute_tc29, judul_kolom

D = Decimal
PERSEN = Sifat(Arah.NAIK, DalamTahun.NILAI_AKHIR, AntarTahun.NILAI_AKHIR, persen=True)
JUMLAH = Sifat()


def nilai(v: str | None, teks: str | None = None) -> Nilai | None:
    return None if v is None else Nilai(D(v), teks if teks is not None else v)


def printed(**cols: str) -> dict[int, Tercetak]:
    out = {}
    for key, text in cols.items():
        k = int(key[1:])
        galat = text.startswith("#")
        number = None if galat or not text.strip() else D(text.rstrip("%"))
        out[k] = Tercetak(text, number, galat, 0 if number is None else max(0, -int(number.as_tuple().exponent)))
    return out


def indikator(
    sifat: Sifat = JUMLAH,
    k4: str | None = None,
    k5: str | None = None,
    k6: str | None = None,
    k7: str | None = None,
    k9: str | None = None,
    nama: str = "Indikator",
    **cols: str,
) -> Tc29IndikatorIn:
    return Tc29IndikatorIn(
        id=1,
        nama=nama,
        satuan="%" if sifat.persen else "Dokumen",
        sifat=sifat,
        kolom4=nilai(k4),
        kolom5=nilai(k5),
        kolom6=nilai(k6),
        kolom7=nilai(k7),
        kolom9=nilai(k9),
        tercetak=printed(**cols),
    )


def table(*inds: Tc29IndikatorIn, rumus: RumusTurun = RumusTurun.T_PER_R, sel_ganda: str = "") -> Tc29Table:
    row = Tc29BarisIn(
        id=10, parent_id=None, level="program", kode="2.13.04", uraian="Program", indikator=inds, sel_ganda=sel_ganda
    )
    return compute_tc29(Tc29In(tahun=2024, tahun_akhir_renstra=2023, rumus_turun=rumus, baris=(row,)))


def test_the_seed_percentage_row_takes_the_last_value_and_names_the_summing() -> None:
    # 2.13.04 "Persentase Desa dengan Administrasi …": 180 | 50 | 60 | 60 | 100% | 70 | 180 | 100%
    t = table(indikator(PERSEN, "180", "50", "60", "60", "70", k8="100%", k10="180", k11="100%"))
    row = t.rows[0]
    assert row.kolom[8].value == D("100.00")
    assert row.kolom[10].value == D(70)  # the latest value, not 50 + 60 + 70
    assert row.kolom[11].value == D("38.89")
    assert {k: p.kode for k, p in row.predikat.items()} == {8: "ST", 11: "SR"}
    assert [s.kolom for s in row.selisih] == ["10", "11"]
    assert "menjumlahkan kolom 5 + 7 + 9" in row.selisih[0].alasan
    assert "kolom 10 yang tercetak (180)" in row.selisih[1].alasan
    kode = [t.kode for t in row.temuan]
    assert ev.PERSEN_MELEBIHI_100 in kode and ev.BEDA_DOKUMEN in kode
    assert t.selisih == ((row, row.selisih[0]), (row, row.selisih[1]))


def test_a_count_is_summed_across_years_and_agrees_with_the_document() -> None:
    t = table(indikator(JUMLAH, "9", "3", "3", "3", "3", k8="100%", k10="9", k11="100%"))
    row = t.rows[0]
    assert (row.kolom[10].value, row.kolom[11].value) == (D(9), D("100.00"))
    assert row.kolom[10].rumus == "(5) + (7) + (9)"
    assert row.selisih == ()
    assert row.temuan == ()


def test_a_count_printed_as_the_last_value_is_named() -> None:
    row = table(indikator(JUMLAH, "9", "3", "3", "3", "3", k10="3")).rows[0]
    assert "memakai nilai terakhir (kolom 9)" in row.selisih[0].alasan


def test_the_467_percent_row_is_questioned() -> None:
    # 2.13.01.2.01.07: target 3, realised 1 + 1, next year's target 12 → 14 / 3 = 466,67 %
    row = table(indikator(JUMLAH, "3", "1", "1", "1", "12", k8="100%", k10="14", k11="467%")).rows[0]
    assert row.kolom[11].value == D("466.67")
    assert row.selisih == ()  # the document computed it the same way …
    kode = {t.kode: t for t in row.temuan}
    assert ev.TARGET_MELEBIHI_RENSTRA in kode  # … but target n-1 (12) exceeds the Renstra end target (3)
    assert kode[ev.TARGET_MELEBIHI_RENSTRA].kolom == "9"
    assert ev.CAPAIAN_TIDAK_WAJAR in kode


def test_division_by_zero_and_missing_target_are_findings_against_the_printed_errors() -> None:
    # "Fasilitasi Penetapan dan Penegasan Batas Desa":  | 0 | 0 | 0 | #DIV/0! | 4 | 4 | #DIV/0!
    row = table(indikator(JUMLAH, None, "0", "0", "0", "4", k8="#DIV/0!", k10="4", k11="#DIV/0!")).rows[0]
    assert row.kolom[8].value is None and row.kolom[11].value is None
    assert [t.kode for t in row.kolom[8].temuan] == [ev.PEMBAGI_NOL]
    assert [t.kode for t in row.kolom[11].temuan] == [ev.DATA_KOSONG]
    assert row.kolom[10].value == D(4)
    assert [s.kolom for s in row.selisih] == ["8", "11"]
    assert all("galat spreadsheet '#DIV/0!'" in s.alasan for s in row.selisih)
    assert "#DIV/0!" not in " ".join(c.text for c in row.kolom.values())


def test_old_rows_without_data_compute_nothing_and_say_why() -> None:
    row = table(indikator(PERSEN, "40", "39.8", k8="", k10="", k11="0%")).rows[0]
    assert [row.kolom[k].value for k in (8, 10, 11)] == [None, None, None]
    assert [s.kolom for s in row.selisih] == ["11"]
    assert row.selisih[0].alasan.startswith("dokumen mencetak 0% padahal nilai ini tidak dapat dihitung")
    assert "(9) target 2023" in row.selisih[0].alasan  # the root cause, through column 10
    assert "(10) kosong karena" in row.kolom[11].temuan[0].pesan


def test_turun_indicators_under_both_formulas() -> None:
    turun = Sifat(Arah.TURUN, DalamTahun.NILAI_AKHIR, AntarTahun.NILAI_AKHIR, persen=True)
    # stunting rate: Renstra end 14, target n-2 20, realised 18, target n-1 16
    ind = indikator(turun, "14", "22", "20", "18", "16", k8="90%", k11="114%")
    a = table(ind, rumus=RumusTurun.T_PER_R)
    b = table(ind, rumus=RumusTurun.DUA_T_KURANG_R)
    assert (a.rumus_turun_teks, b.rumus_turun_teks) == ("T/R × 100", "(2T − R)/T × 100")
    assert a.rows[0].kolom[8].value == D("111.11")  # 20 / 18
    assert b.rows[0].kolom[8].value == D("110.00")  # (40 − 18) / 20
    assert a.rows[0].kolom[11].value == D("87.50")  # 14 / 16
    assert b.rows[0].kolom[11].value == D("85.71")  # (28 − 16) / 14
    # the document used R/T (the naik formula) for column 8: 18 / 20 = 90 %
    assert "memakai rumus indikator naik" in a.rows[0].selisih[0].alasan
    # a yearly target below the end target of a turun indicator is flagged; above it is normal
    low = table(indikator(turun, "14", None, "12", "12", "16")).rows[0]
    assert [t.kolom for t in low.temuan if t.kode == ev.TARGET_MELEBIHI_RENSTRA] == ["6"]


def test_multi_valued_cells_are_split_and_stated() -> None:
    one = indikator(JUMLAH, "184", "0", nama="Jumlah pemilihan kepala desa", k11="#VALUE!")
    two = indikator(JUMLAH, "180", "0", nama="Jumlah pengisian perangkat desa", k11="#VALUE!")
    rows = table(one, two, sel_ganda="#VALUE!").rows
    assert [r.indikator for r in rows] == ["Jumlah pemilihan kepala desa", "Jumlah pengisian perangkat desa"]
    assert [r.baris_pertama for r in rows] == [True, False]
    assert [r.jumlah_indikator for r in rows] == [2, 2]
    assert rows[0].temuan[0].kode == ev.NILAI_GANDA and "'#VALUE!'" in rows[0].temuan[0].pesan
    assert ev.NILAI_GANDA not in [t.kode for t in rows[1].temuan]
    assert all(r.selisih and "galat spreadsheet '#VALUE!'" in r.selisih[0].alasan for r in rows)


def test_a_row_without_indicators_is_a_heading_line_and_a_renja_without_renstra_says_so() -> None:
    heading = Tc29BarisIn(id=1, parent_id=None, level="bidang", kode="2.13", uraian="URUSAN …")
    t = compute_tc29(Tc29In(tahun=2024, tahun_akhir_renstra=2023, rumus_turun=RumusTurun.T_PER_R, baris=(heading,)))
    assert len(t.rows) == 1
    line = t.rows[0]
    assert (line.indikator, line.sifat, line.jumlah_indikator, line.baris_pertama) == ("", None, 0, True)
    assert sorted(line.kolom) == [4, 5, 6, 7, 8, 9, 10, 11]
    assert all(c.value is None and c.text == "" for c in line.kolom.values())
    assert t.temuan == ()
    empty = compute_tc29(
        Tc29In(tahun=2024, tahun_akhir_renstra=None, rumus_turun=RumusTurun.T_PER_R, baris=(), ada_renstra=False)
    )
    assert [x.kode for x in empty.temuan] == [ev.TANPA_RENSTRA]
    assert empty.jumlah_temuan == {"error": 0, "peringatan": 1, "info": 0}
    assert empty.judul[4] == "Target Kinerja Capaian Program (Renstra PD) Tahun …"


def test_stored_columns_explain_where_they_come_from_and_headers_name_the_years() -> None:
    row = table(indikator(JUMLAH, "9", "3", "3", "3", "3")).rows[0]
    assert row.kolom[4].penjelasan == "Target akhir periode Renstra (2023) = 9 (data tersimpan)"
    assert not row.kolom[4].dihitung and row.kolom[8].dihitung
    judul = judul_kolom(2024, 2023)
    assert judul[5].endswith("s/d Tahun 2021")
    assert (judul[6], judul[9]) == ("Target Renja PD Tahun 2022", "Target Program dan Kegiatan Renja PD Tahun 2023")
    assert judul[11] == "Tingkat Capaian Realisasi Target Renstra s/d Tahun 2023 (%)"


def test_without_printed_values_nothing_is_compared() -> None:
    row = table(indikator(PERSEN, "180", "50", "60", "60", "70")).rows[0]
    assert row.selisih == ()
    t = table(indikator(PERSEN, "180", "50", "60", "60", "70"))
    assert t.jumlah_temuan["peringatan"] >= 1
