"""Truth tables of the evaluation formulas (renja.calc.evaluasi): no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from renja.calc import evaluasi as ev
from renja.calc.evaluasi import (
    AntarTahun,
    Arah,
    BarisAnggaran,
    Cell,
    DalamTahun,
    Hasil,
    Masukan,
    Nilai,
    RumusTurun,
    Sifat,
    Temuan,
    Tercetak,
    Tingkat,
)

D = Decimal
T_PER_R = RumusTurun.T_PER_R
DUA_T = RumusTurun.DUA_T_KURANG_R


def m(kode: str, nilai: str | None, label: str = "", **kw: bool) -> Masukan:
    return Masukan(kode, label or f"nilai {kode}", None if nilai is None else D(nilai), **kw)


def codes(h: Hasil | Cell) -> list[str]:
    return [t.kode for t in h.temuan]


# --- predikat and rounding ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("capaian", "kode"),
    [
        ("100", "ST"),
        ("91", "ST"),
        ("90.99", "T"),
        ("76", "T"),
        ("75.99", "S"),
        ("66", "S"),
        ("65.99", "R"),
        ("51", "R"),
        ("50.99", "SR"),
        ("0", "SR"),
        ("-20", "SR"),
        ("466.67", "ST"),
    ],
)
def test_predikat_half_open_intervals(capaian: str, kode: str) -> None:
    found = ev.predikat(D(capaian))
    assert found is not None
    assert found.kode == kode


def test_predikat_of_nothing_is_nothing_and_names_are_official() -> None:
    assert ev.predikat(None) is None
    st = ev.predikat(D(95))
    assert st is not None
    assert (st.nama, st.rentang) == ("Sangat Tinggi", "R ≥ 91 %")
    sr = ev.predikat(D(10))
    assert sr is not None
    assert (sr.nama, sr.rentang) == ("Sangat Rendah", "R < 51 %")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("66.666666", "66.67"), ("0.005", "0.01"), ("0.004", "0.00"), ("85.714285", "85.71"), ("-1.005", "-1.01")],
)
def test_percentages_round_half_up_to_two_decimals(value: str, expected: str) -> None:
    assert ev.bulat_persen(D(value)) == D(expected)
    assert str(ev.bulat_persen(D(value))) == expected


def test_kinerja_averages_round_to_four_decimals() -> None:
    assert ev.bulat_nilai(D(10) / D(3)) == D("3.3333")
    assert ev.bulat_nilai(D("0.00005")) == D("0.0001")


def test_indonesian_text_of_values() -> None:
    assert ev.teks_nilai(None) == ""
    assert ev.teks_nilai(D("3842519640"), uang=True) == "3.842.519.640"
    assert ev.teks_nilai(D("38.888"), persen=True) == "38,89"
    assert ev.teks_nilai(D("28.9000")) == "28,9"


# --- capaian ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arah", "rumus_turun", "r", "t", "expected"),
    [
        # naik: R / T × 100
        (Arah.NAIK, T_PER_R, "60", "60", "100.00"),
        (Arah.NAIK, T_PER_R, "1", "3", "33.33"),
        (Arah.NAIK, T_PER_R, "0", "10", "0.00"),
        (Arah.NAIK, DUA_T, "14", "3", "466.67"),
        # turun, T/R × 100
        (Arah.TURUN, T_PER_R, "8", "10", "125.00"),
        (Arah.TURUN, T_PER_R, "12", "10", "83.33"),
        (Arah.TURUN, T_PER_R, "5", "0", "0.00"),
        # turun, (2T − R)/T × 100
        (Arah.TURUN, DUA_T, "8", "10", "120.00"),
        (Arah.TURUN, DUA_T, "12", "10", "80.00"),
        (Arah.TURUN, DUA_T, "0", "10", "200.00"),
        (Arah.TURUN, DUA_T, "25", "10", "-50.00"),
        # tetap: R / T when R ≤ T, else T / R
        (Arah.TETAP, T_PER_R, "8", "10", "80.00"),
        (Arah.TETAP, T_PER_R, "10", "10", "100.00"),
        (Arah.TETAP, T_PER_R, "12.5", "10", "80.00"),
        (Arah.TETAP, DUA_T, "0", "10", "0.00"),
    ],
)
def test_capaian_truth_table(arah: Arah, rumus_turun: RumusTurun, r: str, t: str, expected: str) -> None:
    h = ev.capaian(realisasi=m("7", r), target=m("6", t), arah=arah, rumus_turun=rumus_turun, kolom="8")
    assert h.nilai == D(expected)
    assert h.persen
    assert h.masukan == (m("7", r), m("6", t))


def test_capaian_explains_formula_inputs_and_rule() -> None:
    naik = ev.capaian(
        realisasi=Masukan("7", "realisasi 2022", D(60)),
        target=Masukan("6", "target 2022", D(60)),
        arah=Arah.NAIK,
        rumus_turun=T_PER_R,
        kolom="8",
    )
    assert naik.rumus == "(7) / (6) × 100"
    assert naik.hitungan == "60 / 60 × 100"
    assert naik.penjelasan == (
        "(7) / (6) × 100 = 60 / 60 × 100 = 100,00 %. Aturan: indikator naik. "
        "Masukan: (7) realisasi 2022 = 60; (6) target 2022 = 60."
    )
    t_per_r = ev.capaian(realisasi=m("7", "8"), target=m("6", "10"), arah=Arah.TURUN, rumus_turun=T_PER_R, kolom="8")
    assert (t_per_r.rumus, t_per_r.aturan) == ("(6) / (7) × 100", "indikator turun, rumus pemda T/R × 100")
    dua_t = ev.capaian(realisasi=m("7", "8"), target=m("6", "10"), arah=Arah.TURUN, rumus_turun=DUA_T, kolom="8")
    assert (dua_t.rumus, dua_t.hitungan) == ("(2 × (6) − (7)) / (6) × 100", "(2 × 10 − 8) / 10 × 100")
    assert "(2T − R)/T" in dua_t.aturan
    tetap = ev.capaian(realisasi=m("7", "12"), target=m("6", "10"), arah=Arah.TETAP, rumus_turun=DUA_T, kolom="8")
    assert tetap.hitungan == "10 / 12 × 100"
    assert "menyimpang" in tetap.aturan


def test_a_zero_target_is_a_finding_not_a_div0() -> None:
    h = ev.capaian(realisasi=m("7", "0"), target=m("6", "0"), arah=Arah.NAIK, rumus_turun=T_PER_R, kolom="8")
    assert h.nilai is None
    assert codes(h) == [ev.PEMBAGI_NOL]
    assert h.temuan[0].kolom == "8"
    assert "(6) bernilai 0" in h.temuan[0].pesan
    assert h.temuan[0].saran == "Periksa apakah nilainya memang 0."
    assert h.penjelasan.startswith("(7) / (6) × 100: tidak dihitung.")
    assert h.teks == ""


def test_turun_with_zero_realisation_under_t_per_r_suggests_the_other_formula() -> None:
    h = ev.capaian(realisasi=m("7", "0"), target=m("6", "5"), arah=Arah.TURUN, rumus_turun=T_PER_R, kolom="8")
    assert h.nilai is None
    assert codes(h) == [ev.PEMBAGI_NOL]
    assert "(7) bernilai 0" in h.temuan[0].pesan
    assert "(2T − R)/T" in h.temuan[0].saran
    both = ev.capaian(realisasi=m("7", "0"), target=m("6", "5"), arah=Arah.TURUN, rumus_turun=DUA_T, kolom="8")
    assert both.nilai == D("200.00")


def test_turun_with_zero_target_under_2t_r_and_tetap_with_zero_divisor() -> None:
    h = ev.capaian(realisasi=m("7", "3"), target=m("6", "0"), arah=Arah.TURUN, rumus_turun=DUA_T, kolom="8")
    assert (h.nilai, codes(h)) == (None, [ev.PEMBAGI_NOL])
    zero = ev.capaian(realisasi=m("7", "0"), target=m("6", "0"), arah=Arah.TETAP, rumus_turun=T_PER_R, kolom="8")
    assert (zero.nilai, codes(zero)) == (None, [ev.PEMBAGI_NOL])
    negative = ev.capaian(realisasi=m("7", "0"), target=m("6", "-5"), arah=Arah.TETAP, rumus_turun=T_PER_R, kolom="8")
    assert (negative.nilai, codes(negative)) == (None, [ev.PEMBAGI_NOL])
    assert "(7) bernilai 0" in negative.temuan[0].pesan


@pytest.mark.parametrize(("r", "t", "missing"), [(None, "5", "(7)"), ("5", None, "(6)"), (None, None, "(7)")])
def test_missing_input_is_a_finding_naming_it(r: str | None, t: str | None, missing: str) -> None:
    h = ev.capaian(realisasi=m("7", r), target=m("6", t), arah=Arah.NAIK, rumus_turun=T_PER_R, kolom="8")
    assert h.nilai is None
    assert codes(h) == [ev.DATA_KOSONG]
    assert missing in h.temuan[0].pesan
    assert h.temuan[0].tingkat is Tingkat.PERINGATAN
    assert "Isi data yang kosong" in h.penjelasan


def test_implausible_and_over_target_achievements_are_flagged() -> None:
    over = ev.capaian(realisasi=m("7", "11"), target=m("6", "10"), arah=Arah.NAIK, rumus_turun=T_PER_R, kolom="8")
    assert (codes(over), over.temuan[0].tingkat) == ([ev.CAPAIAN_MELAMPAUI], Tingkat.INFO)
    wild = ev.capaian(realisasi=m("7", "14"), target=m("6", "3"), arah=Arah.NAIK, rumus_turun=T_PER_R, kolom="11")
    assert codes(wild) == [ev.CAPAIAN_TIDAK_WAJAR]
    assert "466,67 %" in wild.temuan[0].pesan
    negative = ev.capaian(realisasi=m("7", "25"), target=m("6", "10"), arah=Arah.TURUN, rumus_turun=DUA_T, kolom="8")
    assert codes(negative) == [ev.CAPAIAN_NEGATIF]
    on_target = ev.capaian(realisasi=m("7", "10"), target=m("6", "10"), arah=Arah.NAIK, rumus_turun=T_PER_R, kolom="8")
    assert on_target.temuan == ()


def test_anggaran_is_always_spending_over_pagu_and_overspending_is_flagged() -> None:
    h = ev.capaian(
        realisasi=m("12", "50", uang=True),
        target=m("7", "40", uang=True),
        arah=Arah.TURUN,
        rumus_turun=T_PER_R,
        kolom="13Rp",
        anggaran=True,
    )
    assert h.nilai == D("125.00")
    assert h.aturan == "anggaran: realisasi / pagu × 100"
    assert codes(h) == [ev.ANGGARAN_MELEBIHI_PAGU]
    assert "40" in h.penjelasan


# --- aggregations ------------------------------------------------------------------------------------------------


def quarters(*values: str | None) -> tuple[Masukan, ...]:
    return tuple(
        Masukan(str(7 + q), f"TW {ev.TRIWULAN[q]}", None if v is None else D(v)) for q, v in enumerate(values, 1)
    )


@pytest.mark.parametrize(
    ("cara", "values", "expected"),
    [
        (DalamTahun.JUMLAH, ("1", "2", "3", "4"), "10"),
        (DalamTahun.NILAI_AKHIR, ("50", "55", "60", "70"), "70"),
        (DalamTahun.NILAI_AKHIR, ("50", "55", None), "55"),
        (DalamTahun.MAKSIMUM, ("3", "9", "4"), "9"),
        (DalamTahun.RATA_RATA, ("1", "2", "2"), "1.6667"),
        (DalamTahun.RATA_RATA, ("4", None), "4.0000"),
    ],
)
def test_quarters_to_year_by_kind(cara: DalamTahun, values: tuple[str | None, ...], expected: str) -> None:
    h = ev.agregasi_triwulan(quarters(*values), cara=cara, kolom="12K")
    assert h.nilai == D(expected)


def test_sum_of_quarters_needs_every_quarter() -> None:
    h = ev.agregasi_triwulan(quarters("1", None, "3"), cara=DalamTahun.JUMLAH, kolom="12K")
    assert h.nilai is None
    assert codes(h) == [ev.TRIWULAN_KOSONG]
    assert "(9) TW II" in h.temuan[0].pesan
    assert "isi 0" in h.temuan[0].saran
    full = ev.agregasi_triwulan(quarters("1", "0", "3"), cara=DalamTahun.JUMLAH, kolom="12K")
    assert (full.nilai, full.rumus, full.hitungan) == (D(4), "(8) + (9) + (10)", "1 + 0 + 3")


def test_nothing_entered_yet_is_information_not_a_warning() -> None:
    for cara in DalamTahun:
        h = ev.agregasi_triwulan(quarters(None, None), cara=cara, kolom="12K")
        assert h.nilai is None
        assert [(t.kode, t.tingkat) for t in h.temuan] == [(ev.TRIWULAN_KOSONG, Tingkat.INFO)]
    none = ev.agregasi_triwulan((), cara=DalamTahun.JUMLAH, kolom="12K")
    assert "tidak ada triwulan" in none.temuan[0].pesan


def test_last_value_says_which_quarter_it_took_and_the_partial_kinds_say_what_they_left_out() -> None:
    last = ev.agregasi_triwulan(quarters("50", "55", None), cara=DalamTahun.NILAI_AKHIR, kolom="12K")
    assert last.hitungan == "(9)"
    assert [(t.kode, t.tingkat) for t in last.temuan] == [(ev.TRIWULAN_KOSONG, Tingkat.INFO)]
    assert "diambil dari (9) TW II" in last.temuan[0].pesan
    complete = ev.agregasi_triwulan(quarters("50", "55"), cara=DalamTahun.NILAI_AKHIR, kolom="12K")
    assert complete.temuan == ()
    maks = ev.agregasi_triwulan(quarters("3", None, "4"), cara=DalamTahun.MAKSIMUM, kolom="12K")
    assert (maks.nilai, codes(maks), maks.hitungan) == (D(4), [ev.TRIWULAN_KOSONG], "maks(3, 4)")
    rata = ev.agregasi_triwulan(quarters("3", "5"), cara=DalamTahun.RATA_RATA, kolom="12K")
    assert (rata.nilai, rata.temuan, rata.hitungan) == (D(4), (), "(3 + 5) / 2")


def test_anggaran_quarters_are_money() -> None:
    values = tuple(Masukan(str(7 + q), f"TW {q}", D(1_000_000), uang=True) for q in (1, 2))
    h = ev.agregasi_triwulan(values, cara=DalamTahun.JUMLAH, kolom="12Rp")
    assert (h.nilai, h.uang, h.teks) == (D(2_000_000), True, "2.000.000")


@pytest.mark.parametrize(
    ("cara", "expected", "rumus"),
    [
        (AntarTahun.JUMLAH, "180", "(5) + (7) + (9)"),
        (AntarTahun.NILAI_AKHIR, "70", "(9)"),
        (AntarTahun.KUMULATIF, "70", "(9)"),
    ],
)
def test_years_to_period_by_kind(cara: AntarTahun, expected: str, rumus: str) -> None:
    h = ev.agregasi_antar_tahun((m("5", "50"), m("7", "60"), m("9", "70")), cara=cara, kolom="10")
    assert (h.nilai, h.rumus) == (D(expected), rumus)
    assert len(h.masukan) == 3


def test_years_to_period_with_missing_terms() -> None:
    summed = ev.agregasi_antar_tahun((m("5", "50"), m("7", None), m("9", "70")), cara=AntarTahun.JUMLAH, kolom="10")
    assert summed.nilai is None
    assert "(7)" in summed.temuan[0].pesan
    # a level needs only its last term
    level = ev.agregasi_antar_tahun((m("5", None), m("7", None), m("9", "70")), cara=AntarTahun.NILAI_AKHIR, kolom="10")
    assert (level.nilai, level.temuan) == (D(70), ())
    no_last = ev.agregasi_antar_tahun((m("5", "1"), m("9", None)), cara=AntarTahun.KUMULATIF, kolom="10")
    assert no_last.nilai is None
    assert "(9)" in no_last.temuan[0].pesan and "(5)" not in no_last.temuan[0].pesan
    money = ev.agregasi_antar_tahun(
        (m("6", "5", uang=True), m("12", "7", uang=True)), cara=AntarTahun.JUMLAH, kolom="14"
    )
    assert (money.nilai, money.uang, money.hitungan) == (D(12), True, "5 + 7")


def test_realisation_up_to_a_year_from_stored_values() -> None:
    kw = {"tahun": 2023, "tahun_mulai": 2019, "kolom": "6K"}
    direct = ev.realisasi_sampai(tahunan={}, kumulatif={2023: D(40)}, cara=AntarTahun.JUMLAH, **kw)  # type: ignore[arg-type]
    assert (direct.nilai, direct.aturan) == (D(40), "nilai kumulatif tercatat")
    flow = ev.realisasi_sampai(
        tahunan={2022: D(5), 2023: D(6)},
        kumulatif={2021: D(10), 2020: D(8)},
        cara=AntarTahun.JUMLAH,
        **kw,  # type: ignore[arg-type]
    )
    assert (flow.nilai, flow.hitungan) == (D(21), "10 + 5 + 6")
    assert flow.masukan[0].label == "realisasi kumulatif s.d. 2021"
    from_start = ev.realisasi_sampai(
        tahunan={y: D(1) for y in range(2019, 2024)},
        kumulatif={},
        cara=AntarTahun.JUMLAH,
        **kw,  # type: ignore[arg-type]
    )
    assert from_start.nilai == D(5)
    gap = ev.realisasi_sampai(tahunan={2022: D(5)}, kumulatif={2021: D(10)}, cara=AntarTahun.JUMLAH, **kw)  # type: ignore[arg-type]
    assert gap.nilai is None
    assert "realisasi 2023" in gap.temuan[0].pesan
    assert gap.temuan[0].tingkat is Tingkat.PERINGATAN
    nothing = ev.realisasi_sampai(tahunan={}, kumulatif={}, cara=AntarTahun.JUMLAH, uang=True, **kw)  # type: ignore[arg-type]
    assert (nothing.nilai, nothing.temuan[0].tingkat) == (None, Tingkat.INFO)
    assert "2019–2023 belum tercatat" in nothing.temuan[0].pesan
    level = ev.realisasi_sampai(tahunan={2023: D(79)}, kumulatif={}, cara=AntarTahun.NILAI_AKHIR, **kw)  # type: ignore[arg-type]
    assert level.nilai == D(79)
    no_level = ev.realisasi_sampai(tahunan={2022: D(79)}, kumulatif={}, cara=AntarTahun.KUMULATIF, **kw)  # type: ignore[arg-type]
    assert (no_level.nilai, codes(no_level)) == (None, [ev.DATA_KOSONG])
    first_year = ev.realisasi_sampai(
        tahun=2018, tahun_mulai=2019, tahunan={}, kumulatif={}, cara=AntarTahun.JUMLAH, kolom="6K"
    )
    assert (first_year.nilai, first_year.aturan) == (D(0), "awal periode Renstra: belum ada realisasi")


def test_sum_over_years() -> None:
    full = ev.jumlah_tahun(nilai={2022: D(10), 2023: D(15)}, tahun=(2022, 2023), kolom="5Rp", nama="pagu Renstra")
    assert (full.nilai, full.rumus, full.hitungan) == (D(25), "Σ pagu Renstra 2022–2023", "10 + 15")
    part = ev.jumlah_tahun(nilai={2022: D(10)}, tahun=(2022, 2023), kolom="5Rp", nama="pagu Renstra")
    assert (part.nilai, part.temuan[0].tingkat) == (None, Tingkat.PERINGATAN)
    none = ev.jumlah_tahun(nilai={}, tahun=(2022, 2023), kolom="5Rp", nama="pagu Renstra")
    assert none.temuan[0].pesan == "Pagu Renstra 2022–2023 belum tercatat"
    no_years = ev.jumlah_tahun(nilai={}, tahun=(), kolom="5Rp", nama="pagu Renstra")
    assert (no_years.nilai, no_years.rumus, no_years.temuan[0].pesan) == (
        None,
        "Σ pagu Renstra",
        "Pagu Renstra belum tercatat",
    )


def test_average_of_percentages_leaves_out_empty_rows_and_says_so() -> None:
    h = ev.rata_rata([("a", D(100)), ("b", D(50)), ("c", None), ("d", D("33.33"))], kolom="13K", nama="capaian")
    assert h.nilai == D("61.11")
    assert h.hitungan == "183,33 / 3"
    assert [t.tingkat for t in h.temuan] == [Tingkat.INFO]
    assert "1 dari 4 baris" in h.temuan[0].pesan and "(c)" in h.temuan[0].pesan
    many = ev.rata_rata([(str(i), None) for i in range(5)] + [("x", D(1))], kolom="13K", nama="capaian")
    assert "…" in many.temuan[0].pesan
    empty = ev.rata_rata([("a", None)], kolom="13K", nama="capaian")
    assert (empty.nilai, empty.temuan[-1].tingkat) == (None, Tingkat.PERINGATAN)
    clean = ev.rata_rata([("a", D(80))], kolom="13K", nama="capaian")
    assert (clean.nilai, clean.temuan) == (D("80.00"), ())


# --- checks ------------------------------------------------------------------------------------------------------


def test_target_beyond_the_renstra_end_target() -> None:
    above = ev.periksa_target(target=m("9", "12"), renstra=m("4", "3"), arah=Arah.NAIK, kolom="9")
    assert above is not None
    assert above.kode == ev.TARGET_MELEBIHI_RENSTRA
    assert "melebihi" in above.pesan and above.saran
    assert ev.periksa_target(target=m("9", "3"), renstra=m("4", "3"), arah=Arah.NAIK, kolom="9") is None
    below = ev.periksa_target(target=m("9", "2"), renstra=m("4", "3"), arah=Arah.TURUN, kolom="9")
    assert below is not None and "di bawah" in below.pesan
    assert ev.periksa_target(target=m("9", "5"), renstra=m("4", "3"), arah=Arah.TURUN, kolom="9") is None
    assert ev.periksa_target(target=m("9", None), renstra=m("4", "3"), arah=Arah.NAIK, kolom="9") is None
    assert ev.periksa_target(target=m("9", "5"), renstra=m("4", None), arah=Arah.NAIK, kolom="9") is None


def test_percentage_above_100() -> None:
    found = ev.periksa_persen(m("4", "180"), kolom="4")
    assert found is not None and found.kode == ev.PERSEN_MELEBIHI_100
    assert "50 + 60 + 70" in found.saran
    assert ev.periksa_persen(m("4", "100"), kolom="4") is None
    assert ev.periksa_persen(m("4", None), kolom="4") is None


@pytest.mark.parametrize(
    ("nama", "satuan", "expected"),
    [
        ("Persentase desa", "", True),
        ("Cakupan", "%", True),
        ("Cakupan", "persen", True),
        ("Prosentase x", "", True),
        ("Jumlah desa", "Desa", False),
        ("Indeks Kepuasan Masyarakat", "Skor", False),
    ],
)
def test_percentage_indicators(nama: str, satuan: str, expected: bool) -> None:
    assert ev.adalah_persen(nama, satuan) is expected


# --- printed values ----------------------------------------------------------------------------------------------


def pct(value: str | None, *, hitungan: bool = True) -> Hasil:
    temuan = () if value is not None else (Temuan(ev.DATA_KOSONG, Tingkat.PERINGATAN, "Data kosong: (6) target"),)
    return Hasil(
        None if value is None else D(value), "(7) / (6) × 100", (), "indikator naik", temuan=temuan, persen=True
    )


def test_printed_value_equal_at_its_precision_is_no_difference() -> None:
    assert ev.bandingkan_tercetak(kolom="11", tercetak=Tercetak("467%", D(467), desimal=0), hasil=pct("466.67")) is None
    assert ev.bandingkan_tercetak(kolom="11", tercetak=Tercetak("", None), hasil=pct(None)) is None


def test_every_kind_of_printed_difference_has_its_reason() -> None:
    empty = ev.bandingkan_tercetak(kolom="10", tercetak=Tercetak(" "), hasil=pct("70"))
    assert empty is not None
    assert (empty.tercetak, empty.dihitung) == ("", "70,00 %")
    assert "tidak mengisi kolom 10" in empty.alasan
    div0 = ev.bandingkan_tercetak(kolom="8", tercetak=Tercetak("#DIV/0!", galat=True), hasil=pct(None))
    assert div0 is not None
    assert "galat spreadsheet '#DIV/0!'" in div0.alasan and "data kosong: (6) target" in div0.alasan.lower()
    value_err = ev.bandingkan_tercetak(kolom="8", tercetak=Tercetak("#VALUE!", galat=True), hasil=pct("50"))
    assert value_err is not None and "hasil hitung 50,00 %" in value_err.alasan
    unreadable = ev.bandingkan_tercetak(kolom="8", tercetak=Tercetak("n/a"), hasil=pct("50"))
    assert unreadable is not None and "tidak terbaca" in unreadable.alasan
    printed_zero = ev.bandingkan_tercetak(kolom="11", tercetak=Tercetak("0%", D(0)), hasil=pct(None))
    assert printed_zero is not None
    assert printed_zero.alasan.startswith("dokumen mencetak 0% padahal nilai ini tidak dapat dihitung")
    no_reason = Hasil(None, "x", (), "y", persen=True)
    assert (
        "data tidak lengkap"
        in (
            ev.bandingkan_tercetak(kolom="11", tercetak=Tercetak("0%", D(0)), hasil=no_reason)
            or ev.Selisih("", "", "", "")
        ).alasan
    )
    summed = ev.bandingkan_tercetak(
        kolom="10",
        tercetak=Tercetak("180", D(180)),
        hasil=Hasil(D(70), "(9)", (), "nilai akhir"),
        alternatif=[("memakai cara lain", None), ("menjumlahkan kolom 5 + 7 + 9", D(180))],
    )
    assert summed is not None
    assert summed.alasan == "dokumen menjumlahkan kolom 5 + 7 + 9 (180); menurut aturan indikator ini: (9) = 70"
    other = ev.bandingkan_tercetak(
        kolom="10", tercetak=Tercetak("99", D(99)), hasil=Hasil(D(70), "(9)", (), "r"), alternatif=[("x", D(1))]
    )
    assert other is not None and other.alasan == "tercetak 99, hasil hitung (9) = 70"


def test_root_cause_of_an_empty_input_is_named() -> None:
    inner = Hasil(
        None,
        "(5) + (7)",
        (),
        "jumlah",
        temuan=(Temuan(ev.DATA_KOSONG, Tingkat.INFO, "Perkiraan tidak dihitung: (7) kosong", "10", "Isi (7)."),),
    )
    outer = ev.capaian(realisasi=m("10", None), target=m("4", "5"), arah=Arah.NAIK, rumus_turun=T_PER_R, kolom="11")
    chained = ev.dengan_sebab(outer, inner, "(10)")
    assert chained.temuan[0].pesan.endswith("; (10) kosong karena perkiraan tidak dihitung: (7) kosong")
    assert chained.temuan[0].tingkat is Tingkat.INFO  # the root is only information
    assert chained.temuan[0].saran == "Isi (7)."
    again = ev.dengan_sebab(
        Hasil(None, "r", (), "a", temuan=(Temuan("X", Tingkat.PERINGATAN, "A tidak dihitung"),)),
        Hasil(None, "r", (), "a", temuan=(Temuan("Y", Tingkat.PERINGATAN, "B; (9) kosong karena C kosong"),)),
        "(10)",
    )
    assert again.temuan[0].pesan == "A tidak dihitung; (10) kosong karena c kosong"
    assert again.temuan[0].tingkat is Tingkat.PERINGATAN
    computed = Hasil(D(1), "r", (), "a")
    assert ev.dengan_sebab(computed, inner, "(10)") is computed
    assert ev.dengan_sebab(outer, computed, "(10)") is outer
    assert ev.dengan_sebab(outer, Hasil(None, "r", (), "a"), "(10)") is outer
    assert ev.dengan_sebab(Hasil(None, "r", (), "a"), inner, "(10)").temuan == ()


# --- cells, values and semantics ---------------------------------------------------------------------------------


def test_stored_cells_keep_the_raw_text_and_flag_unreadable_text() -> None:
    empty = ev.sel_tersimpan(None, label="Target 2022", kolom="6")
    assert (empty.value, empty.text, empty.penjelasan) == (None, "", "Target 2022: belum ada data")
    blank = ev.sel_tersimpan(Nilai(None, "  "), label="Target 2022", kolom="6")
    assert blank.text == ""
    broken = ev.sel_tersimpan(Nilai(None, "0:0"), label="Realisasi", kolom="5")
    assert (broken.value, broken.text, codes(broken)) == (None, "0:0", [ev.TEKS_TIDAK_TERBACA])
    assert broken.perlu_perhatian and broken.dapat_dijelaskan and not broken.dihitung
    value = ev.sel_tersimpan(Nilai(D("28.98"), "28.98"), label="Target", kolom="4", temuan=[None])
    assert (value.text, value.penjelasan) == ("28,98", "Target = 28,98 (data tersimpan, teks asli '28.98')")
    assert not value.dapat_dijelaskan and not value.perlu_perhatian
    same = ev.sel_tersimpan(Nilai(D(40), "40"), label="Target", kolom="4")
    assert same.penjelasan == "Target = 40 (data tersimpan)"
    money = ev.sel_tersimpan(Nilai(D(36_000_000)), label="Pagu", kolom="7Rp", uang=True)
    assert (money.text, money.uang) == ("36.000.000", True)
    info = ev.sel_tersimpan(None, label="x", kolom="5", temuan=[Temuan("I", Tingkat.INFO, "info")])
    assert info.dapat_dijelaskan and not info.perlu_perhatian


def test_computed_cells_carry_their_explanation_and_predikat() -> None:
    h = ev.capaian(realisasi=m("7", "9"), target=m("6", "10"), arah=Arah.NAIK, rumus_turun=T_PER_R, kolom="8")
    cell = ev.sel_hasil(h, dengan_predikat=True)
    assert (cell.value, cell.text, cell.dihitung, cell.persen) == (D("90.00"), "90,00", True, True)
    assert cell.predikat is not None and cell.predikat.kode == "T"
    assert (cell.rumus, cell.hitungan, cell.aturan, cell.masukan) == (h.rumus, h.hitungan, h.aturan, h.masukan)
    assert cell.penjelasan == h.penjelasan
    assert ev.sel_hasil(h).predikat is None


def test_small_value_types() -> None:
    assert Masukan("7", "realisasi", D(1)).nama == "(7) realisasi"
    assert Masukan("", "realisasi", None).nama == "realisasi"
    assert Masukan("", "realisasi", None).ref == "realisasi"
    assert Masukan("", "x", None).teks == "(kosong)"
    assert Temuan("K", Tingkat.INFO, "Pesan.", saran="Saran.").teks == "Pesan. Saran."
    assert Temuan("K", Tingkat.INFO, "Pesan").teks == "Pesan"
    assert RumusTurun.T_PER_R.teks == "T/R × 100"
    assert RumusTurun.DUA_T_KURANG_R.teks == "(2T − R)/T × 100"
    assert ev.nilai_dari(None) is None and ev.nilai_dari(Nilai(D(3))) == D(3)
    assert Sifat().teks == "naik; dalam tahun: jumlah; antar tahun: jumlah (disimpulkan otomatis)"
    set_by_user = Sifat(Arah.TURUN, DalamTahun.NILAI_AKHIR, AntarTahun.NILAI_AKHIR, disimpulkan=False)
    assert set_by_user.teks == "turun; dalam tahun: nilai akhir; antar tahun: nilai akhir (ditetapkan pengguna)"
    plain = Hasil(D(5), "(9)", (), "nilai akhir")
    assert plain.penjelasan == "(9) = 5. Aturan: nilai akhir."


# --- the anggaran roll-up ----------------------------------------------------------------------------------------


def tree(**own: dict[int, Decimal | None]) -> list[BarisAnggaran]:
    # 1 program > 2 kegiatan > 3, 4 sub kegiatan; 5 program without children
    parents = {"p": None, "k": 1, "s1": 2, "s2": 2, "q": None}
    ids = {"p": 1, "k": 2, "s1": 3, "s2": 4, "q": 5}
    return [BarisAnggaran(ids[n], parents[n], n, own.get(n, {})) for n in ids]


def test_parents_get_the_sum_of_their_children() -> None:
    result = ev.rollup_anggaran(tree(s1={1: D(100), 2: D(0)}, s2={1: D(50), 2: D(5)}, q={1: D(7)}), (1, 2))
    assert result[3][1].nilai == D(100)
    assert result[2][1].nilai == D(150) and result[1][1].nilai == D(150)
    assert result[1][2].nilai == D(5)
    assert result[2][1].hitungan == "100 + 50"
    assert result[5][1].nilai == D(7) and result[5][2].nilai is None
    assert result[5][1].aturan == "baris tanpa rincian"


def test_a_parent_with_an_unfilled_child_has_no_sum_and_says_which() -> None:
    partly = ev.rollup_anggaran(tree(s1={1: D(100)}), (1,), kolom="8Rp")
    assert partly[2][1].nilai is None
    assert [(t.kode, t.tingkat) for t in partly[2][1].temuan] == [(ev.RINCIAN_KOSONG, Tingkat.PERINGATAN)]
    assert "1 dari 2 rincian belum diisi (s2)" in partly[2][1].temuan[0].pesan
    nothing = ev.rollup_anggaran(tree(), (1,))
    assert nothing[2][1].temuan[0].tingkat is Tingkat.INFO
    many = [BarisAnggaran(1, None, "p", {})] + [BarisAnggaran(i, 1, f"s{i}", {}) for i in range(2, 9)]
    assert "…" in ev.rollup_anggaran(many, (1,))[1][1].temuan[0].pesan


def test_an_amount_recorded_on_a_parent_is_checked_against_its_children() -> None:
    result = ev.rollup_anggaran(tree(k={1: D(999)}, s1={1: D(100)}, s2={1: D(50)}), (1,))
    assert result[2][1].nilai == D(150)
    assert [t.kode for t in result[2][1].temuan] == [ev.ANGGARAN_INDUK_BERBEDA]
    agreeing = ev.rollup_anggaran(tree(k={1: D(150)}, s1={1: D(100)}, s2={1: D(50)}), (1,))
    assert agreeing[2][1].temuan == ()


def test_cycles_and_orphans_never_loop() -> None:
    rows = [
        BarisAnggaran(1, 2, "a", {1: D(1)}),
        BarisAnggaran(2, 1, "b", {1: D(2)}),
        BarisAnggaran(3, 1, "c", {1: D(3)}),  # under the cycle
        BarisAnggaran(4, 99, "orphan", {1: D(4)}),  # parent unknown: a top row
        BarisAnggaran(5, 5, "self", {1: D(5)}),  # its own parent: a top row
    ]
    result = ev.rollup_anggaran(rows, (1,))
    assert [result[i][1].nilai for i in (1, 2, 3, 4, 5)] == [D(1), D(2), D(3), D(4), D(5)]
    assert [t.kode for t in result[1][1].temuan] == [ev.SIKLUS_INDUK]
    assert result[4][1].temuan == () and result[5][1].temuan == ()


def test_duplicate_row_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="ganda"):
        ev.rollup_anggaran([BarisAnggaran(1, None, "a", {}), BarisAnggaran(1, None, "b", {})], (1,))


def test_an_unreadable_printed_value_never_equals_a_number() -> None:
    assert ev.sama_dengan_tercetak(D(1), Tercetak("satu")) is False
    assert ev.sama_dengan_tercetak(D("28.984"), Tercetak("28,98", D("28.98"), desimal=2)) is True
