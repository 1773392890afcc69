"""The evaluation formulas of Permendagri 86/2017 (forms T-C.29 and E.81) — domain README §4–§6.

Every function takes plain values and returns a `Hasil`: the value (or None), the formula written with the
official column numbers, the inputs, the rule that chose the formula, and the findings. Nothing here raises on
bad data: a division by zero, a missing input or an implausible value becomes a `Temuan`, never an exception
and never a made-up number.

Rounding policy (one for the whole product, docs/reference/calculations.md):
- kinerja values and rupiah are added exactly (`Decimal`, no float, no rounding);
- a percentage (tingkat realisasi / capaian, an average of percentages) is computed exactly and then rounded
  half up to 2 decimals; that rounded value is the result — shown, exported, averaged and rated (predikat);
- an average of kinerja values (agregasi `rata_rata`) is rounded half up to 4 decimals (the storage precision).

Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum

from renja.calc.angka import format_angka, format_rupiah

SERATUS = Decimal(100)
DESIMAL_PERSEN = 2
DESIMAL_NILAI = 4
# Precision of every intermediate result: far above the 20 digits the database stores, so no step rounds.
_CTX = Context(prec=60, rounding=ROUND_HALF_UP)

BATAS_TIDAK_WAJAR = Decimal(200)  # a capaian at or above this is flagged as implausible


class Arah(StrEnum):
    NAIK = "naik"  # higher is better
    TURUN = "turun"  # lower is better
    TETAP = "tetap"  # on target is best; a deviation either way lowers the capaian


class DalamTahun(StrEnum):
    """Quarters → year."""

    JUMLAH = "jumlah"
    NILAI_AKHIR = "nilai_akhir"
    MAKSIMUM = "maksimum"
    RATA_RATA = "rata_rata"


class AntarTahun(StrEnum):
    """Years → Renstra period."""

    JUMLAH = "jumlah"
    NILAI_AKHIR = "nilai_akhir"
    KUMULATIF = "kumulatif"


class RumusTurun(StrEnum):
    """The pemda's formula for `turun` indicators (`Pemda.rumus_turun`)."""

    T_PER_R = "t_per_r"
    DUA_T_KURANG_R = "2t_r"

    @property
    def teks(self) -> str:
        return "T/R × 100" if self is RumusTurun.T_PER_R else "(2T − R)/T × 100"


class Tingkat(StrEnum):
    """Severity of a finding (the same words as the import report)."""

    ERROR = "error"
    PERINGATAN = "peringatan"
    INFO = "info"


# Stable finding codes.
DATA_KOSONG = "DATA_KOSONG"
TEKS_TIDAK_TERBACA = "TEKS_TIDAK_TERBACA"
PEMBAGI_NOL = "PEMBAGI_NOL"
TARGET_MELEBIHI_RENSTRA = "TARGET_MELEBIHI_RENSTRA"
CAPAIAN_MELAMPAUI = "CAPAIAN_MELAMPAUI"
CAPAIAN_TIDAK_WAJAR = "CAPAIAN_TIDAK_WAJAR"
CAPAIAN_NEGATIF = "CAPAIAN_NEGATIF"
ANGGARAN_MELEBIHI_PAGU = "ANGGARAN_MELEBIHI_PAGU"
PERSEN_MELEBIHI_100 = "PERSEN_MELEBIHI_100"
NILAI_GANDA = "NILAI_GANDA"
TRIWULAN_KOSONG = "TRIWULAN_KOSONG"
RINCIAN_KOSONG = "RINCIAN_KOSONG"
ANGGARAN_INDUK_BERBEDA = "ANGGARAN_INDUK_BERBEDA"
SIKLUS_INDUK = "SIKLUS_INDUK"
RENSTRA_TIDAK_COCOK = "RENSTRA_TIDAK_COCOK"
BEDA_DOKUMEN = "BEDA_DOKUMEN"
TANPA_RENSTRA = "TANPA_RENSTRA"


@dataclass(frozen=True)
class Temuan:
    """A finding: what is wrong or noteworthy, where (column), and what to do — in Bahasa Indonesia."""

    kode: str
    tingkat: Tingkat
    pesan: str
    kolom: str = ""  # the column it concerns ("8", "13K", "12Rp"), "" for the row or table
    saran: str = ""  # what to do

    @property
    def teks(self) -> str:
        """The message with its advice, as one sentence or two."""
        return f"{self.pesan.rstrip('.')}. {self.saran}" if self.saran else self.pesan


@dataclass(frozen=True)
class Masukan:
    """One input of a formula: its column reference (`kode`, e.g. "7"), what it is, and its value."""

    kode: str
    label: str
    nilai: Decimal | None
    uang: bool = False
    persen: bool = False

    @property
    def ref(self) -> str:
        return f"({self.kode})" if self.kode else self.label

    @property
    def nama(self) -> str:
        """`(7) realisasi 2022`, or the label alone when there is no column reference."""
        return f"({self.kode}) {self.label}" if self.kode else self.label

    @property
    def teks(self) -> str:
        return teks_nilai(self.nilai, uang=self.uang, persen=self.persen) or "(kosong)"


@dataclass(frozen=True)
class Hasil:
    """A computed figure with its explanation. `nilai` None: it could not be computed (`temuan` says why)."""

    nilai: Decimal | None
    rumus: str  # with column references, e.g. "(7) / (6) × 100"
    masukan: tuple[Masukan, ...]
    aturan: str  # the rule that chose the formula
    hitungan: str = ""  # the formula with the numbers put in, e.g. "60 / 60 × 100"
    temuan: tuple[Temuan, ...] = ()
    persen: bool = False
    uang: bool = False

    @property
    def teks(self) -> str:
        return teks_nilai(self.nilai, uang=self.uang, persen=self.persen)

    @property
    def penjelasan(self) -> str:
        """E.g. `(7) / (6) × 100 = 60 / 60 × 100 = 100,00 %. Aturan: …. Masukan: (7) realisasi 2022 = 60; …`."""
        if self.nilai is None:
            head = f"{self.rumus}: tidak dihitung"
        elif self.hitungan:
            head = f"{self.rumus} = {self.hitungan} = {self.teks}{' %' if self.persen else ''}"
        else:
            head = f"{self.rumus} = {self.teks}{' %' if self.persen else ''}"
        parts = [head, f"Aturan: {self.aturan}"]
        if self.masukan:
            parts.append("Masukan: " + "; ".join(f"{m.nama} = {m.teks}" for m in self.masukan))
        parts.extend(t.teks for t in self.temuan)
        return ". ".join(p.rstrip(".") for p in parts) + "."


@dataclass(frozen=True)
class Predikat:
    kode: str  # ST, T, S, R, SR
    nama: str  # Sangat Tinggi …
    rentang: str  # the half-open interval, e.g. "76 % ≤ R < 91 %"


PREDIKAT: tuple[tuple[Decimal, Predikat], ...] = (
    (Decimal(91), Predikat("ST", "Sangat Tinggi", "R ≥ 91 %")),
    (Decimal(76), Predikat("T", "Tinggi", "76 % ≤ R < 91 %")),
    (Decimal(66), Predikat("S", "Sedang", "66 % ≤ R < 76 %")),
    (Decimal(51), Predikat("R", "Rendah", "51 % ≤ R < 66 %")),
)
PREDIKAT_SR = Predikat("SR", "Sangat Rendah", "R < 51 %")


def predikat(capaian: Decimal | None) -> Predikat | None:
    """The rating of an achievement percentage (domain §6), half-open intervals; None when there is none."""
    if capaian is None:
        return None
    for batas, hasil in PREDIKAT:
        if capaian >= batas:
            return hasil
    return PREDIKAT_SR


def bulat_persen(value: Decimal) -> Decimal:
    """The rounding policy for percentages: half up to 2 decimals."""
    with localcontext(_CTX):
        return value.quantize(Decimal(1).scaleb(-DESIMAL_PERSEN))


def bulat_nilai(value: Decimal) -> Decimal:
    """An average of kinerja values: half up to 4 decimals (the storage precision)."""
    with localcontext(_CTX):
        return value.quantize(Decimal(1).scaleb(-DESIMAL_NILAI))


def teks_nilai(value: Decimal | None, *, uang: bool = False, persen: bool = False) -> str:
    """Indonesian text of a value: rupiah whole, percentages with 2 decimals, others without trailing zeros."""
    if value is None:
        return ""
    if uang:
        return format_rupiah(value)
    if persen:
        return format_angka(value, DESIMAL_PERSEN)
    return format_angka(value)


def _kosong(masukan: Iterable[Masukan], kolom: str, apa: str) -> Temuan | None:
    missing = [m for m in masukan if m.nilai is None]
    if not missing:
        return None
    names = ", ".join(f"{m.nama}" for m in missing)
    return Temuan(
        DATA_KOSONG,
        Tingkat.PERINGATAN,
        f"{apa} tidak dihitung karena data kosong: {names}",
        kolom,
        "Isi data yang kosong; nilai ini dihitung ulang otomatis.",
    )


# --- capaian --------------------------------------------------------------------------------------------------


def capaian(
    *,
    realisasi: Masukan,
    target: Masukan,
    arah: Arah,
    rumus_turun: RumusTurun,
    kolom: str,
    nama: str = "Tingkat capaian",
    anggaran: bool = False,
) -> Hasil:
    """Achievement % of a realisation against a target, by the indicator's direction (domain §5).

    - naik: R / T × 100;  turun: the pemda's formula, T / R × 100 or (2T − R) / T × 100;
    - tetap: R / T × 100 when R ≤ T, else T / R × 100 (a deviation either way lowers it);
    - anggaran (rupiah): always R / T × 100 (spending is compared with the pagu).
    """
    masukan = (realisasi, target)
    r, t = realisasi.nilai, target.nilai
    R, T = realisasi.ref, target.ref
    if anggaran:
        arah = Arah.NAIK
    if arah is Arah.NAIK:
        rumus, aturan = f"{R} / {T} × 100", "anggaran: realisasi / pagu × 100" if anggaran else "indikator naik"
    elif arah is Arah.TURUN and rumus_turun is RumusTurun.T_PER_R:
        rumus, aturan = f"{T} / {R} × 100", "indikator turun, rumus pemda T/R × 100"
    elif arah is Arah.TURUN:
        rumus, aturan = f"(2 × {T} − {R}) / {T} × 100", "indikator turun, rumus pemda (2T − R)/T × 100"
    else:
        rumus = f"{R} / {T} × 100 bila {R} ≤ {T}, selain itu {T} / {R} × 100"
        aturan = "indikator tetap: menyimpang ke atas atau ke bawah sama-sama menurunkan capaian"

    def hasil(nilai: Decimal | None, hitungan: str = "", temuan: tuple[Temuan, ...] = ()) -> Hasil:
        return Hasil(nilai, rumus, masukan, aturan, hitungan, temuan, persen=True)

    kosong = _kosong(masukan, kolom, nama)
    if kosong is not None:
        return hasil(None, temuan=(kosong,))
    assert r is not None and t is not None
    tr, tt = realisasi.teks, target.teks
    pembilang: Decimal
    if arah is Arah.NAIK or (arah is Arah.TETAP and r <= t):
        pembilang, pembagi, nol, hitungan = r, t, T, f"{tr} / {tt} × 100"
    elif arah is Arah.TURUN and rumus_turun is RumusTurun.T_PER_R:
        pembilang, pembagi, nol, hitungan = t, r, R, f"{tt} / {tr} × 100"
    elif arah is Arah.TURUN:
        with localcontext(_CTX):
            pembilang = 2 * t - r
        pembagi, nol, hitungan = t, T, f"(2 × {tt} − {tr}) / {tt} × 100"
    else:
        pembilang, pembagi, nol, hitungan = t, r, R, f"{tt} / {tr} × 100"
    if pembagi == 0:
        saran = (
            "Untuk indikator turun dengan realisasi 0, pemda dapat memilih rumus (2T − R)/T."
            if arah is Arah.TURUN and rumus_turun is RumusTurun.T_PER_R
            else "Periksa apakah nilainya memang 0."
        )
        pesan = f"{nama} tidak dihitung: {nol} bernilai 0, pembagian dengan nol"
        return hasil(None, hitungan, (Temuan(PEMBAGI_NOL, Tingkat.PERINGATAN, pesan, kolom, saran),))
    with localcontext(_CTX):
        nilai = bulat_persen(pembilang / pembagi * SERATUS)
    return hasil(nilai, hitungan, _periksa_capaian(nilai, nama=nama, kolom=kolom, anggaran=anggaran))


def _periksa_capaian(nilai: Decimal, *, nama: str, kolom: str, anggaran: bool) -> tuple[Temuan, ...]:
    shown = f"{teks_nilai(nilai, persen=True)} %"
    if nilai < 0:
        pesan = f"{nama} {shown} negatif: realisasi lebih dari dua kali target indikator turun"
        return (Temuan(CAPAIAN_NEGATIF, Tingkat.PERINGATAN, pesan, kolom),)
    if anggaran and nilai > SERATUS:
        pesan = f"Realisasi anggaran {shown} melebihi pagu"
        return (Temuan(ANGGARAN_MELEBIHI_PAGU, Tingkat.PERINGATAN, pesan, kolom, "Periksa realisasi dan pagunya."),)
    if nilai >= BATAS_TIDAK_WAJAR:
        pesan = f"{nama} {shown}, dua kali target atau lebih: tidak wajar"
        saran = (
            "Periksa apakah target atau realisasinya salah tulis, atau apakah target tahunan melebihi target akhir "
            "Renstra."
        )
        return (Temuan(CAPAIAN_TIDAK_WAJAR, Tingkat.PERINGATAN, pesan, kolom, saran),)
    if nilai > SERATUS:
        return (Temuan(CAPAIAN_MELAMPAUI, Tingkat.INFO, f"{nama} {shown} melampaui target", kolom),)
    return ()


# --- aggregations ---------------------------------------------------------------------------------------------

TRIWULAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def agregasi_triwulan(
    nilai: Sequence[Masukan], *, cara: DalamTahun, kolom: str, nama: str = "Realisasi s.d. triwulan"
) -> Hasil:
    """Quarters → the year so far (E.81 column 12). `nilai` holds the quarters evaluated, in order.

    - jumlah: the sum; every quarter must be filled (enter 0 when nothing was achieved);
    - nilai_akhir: the last quarter reported (a later empty quarter is stated);
    - maksimum / rata_rata: over the quarters reported (empty quarters are stated and left out).
    """
    refs = ", ".join(m.ref for m in nilai)
    uang = any(m.uang for m in nilai)
    known = [m for m in nilai if m.nilai is not None]
    missing = [m for m in nilai if m.nilai is None]
    kosong_teks = ", ".join(f"{m.nama}" for m in missing)
    if cara is DalamTahun.JUMLAH:
        rumus = " + ".join(m.ref for m in nilai)
        aturan = "agregasi dalam tahun: jumlah (realisasi tiap triwulan dijumlahkan)"
    elif cara is DalamTahun.NILAI_AKHIR:
        rumus, aturan = f"nilai terakhir dari {refs}", "agregasi dalam tahun: nilai akhir (nilai triwulan terakhir)"
    elif cara is DalamTahun.MAKSIMUM:
        rumus, aturan = f"maks({refs})", "agregasi dalam tahun: maksimum"
    else:
        rumus, aturan = f"rata-rata({refs})", "agregasi dalam tahun: rata-rata triwulan yang terisi"

    def hasil(value: Decimal | None, hitungan: str = "", temuan: tuple[Temuan, ...] = ()) -> Hasil:
        return Hasil(value, rumus, tuple(nilai), aturan, hitungan, temuan, uang=uang)

    if not known:
        pesan = f"{nama} tidak dihitung: belum ada realisasi yang diisi ({kosong_teks or 'tidak ada triwulan'})"
        saran = "Isi realisasi triwulan (formulir realisasi atau impor lembar E.81)."
        return hasil(None, temuan=(Temuan(TRIWULAN_KOSONG, Tingkat.INFO, pesan, kolom, saran),))
    if cara is DalamTahun.JUMLAH:
        if missing:
            pesan = f"{nama} tidak dihitung: realisasi {kosong_teks} belum diisi"
            saran = "Isi realisasinya; isi 0 bila memang tidak ada realisasi pada triwulan itu."
            return hasil(None, temuan=(Temuan(TRIWULAN_KOSONG, Tingkat.PERINGATAN, pesan, kolom, saran),))
        with localcontext(_CTX):
            total = sum((m.nilai for m in known if m.nilai is not None), Decimal(0))
        return hasil(total, " + ".join(m.teks for m in nilai))
    temuan: tuple[Temuan, ...] = ()
    if cara is DalamTahun.NILAI_AKHIR:
        last_i = max(i for i, m in enumerate(nilai) if m.nilai is not None)
        last = nilai[last_i]
        value = last.nilai
        later = nilai[last_i + 1 :]
        if later:
            pesan = f"Nilai akhir diambil dari {last.nama}; " + ", ".join(f"{m.nama}" for m in later) + " belum diisi"
            temuan = (Temuan(TRIWULAN_KOSONG, Tingkat.INFO, pesan, kolom),)
        return hasil(value, last.ref, temuan)
    if missing:
        pesan = f"{nama}: {kosong_teks} belum diisi dan tidak ikut dihitung"
        temuan = (Temuan(TRIWULAN_KOSONG, Tingkat.PERINGATAN, pesan, kolom),)
    values = [m.nilai for m in known if m.nilai is not None]
    if cara is DalamTahun.MAKSIMUM:
        return hasil(max(values), f"maks({', '.join(m.teks for m in known)})", temuan)
    with localcontext(_CTX):
        mean = bulat_nilai(sum(values, Decimal(0)) / len(values))
    return hasil(mean, f"({' + '.join(m.teks for m in known)}) / {len(values)}", temuan)


def agregasi_antar_tahun(
    masukan: Sequence[Masukan], *, cara: AntarTahun, kolom: str, nama: str = "Realisasi s.d. tahun ini"
) -> Hasil:
    """Years → the Renstra period so far (T-C.29 column 10 = 5 + 7 + 9; E.81 column 14 = 6 + 12).

    - jumlah (a flow, e.g. a count of activities): the sum of every term;
    - nilai_akhir (a level: %, index, score) and kumulatif (targets already written cumulatively): the last term.
    Every term the formula uses must be filled.
    """
    uang = any(m.uang for m in masukan)
    if cara is AntarTahun.JUMLAH:
        rumus = " + ".join(m.ref for m in masukan)
        aturan = "agregasi antar tahun: jumlah (indikator aliran/cacah dijumlahkan antar tahun)"
        dipakai = tuple(masukan)
    else:
        last = masukan[-1]
        rumus = last.ref
        if cara is AntarTahun.NILAI_AKHIR:
            aturan = (
                "agregasi antar tahun: nilai akhir (indikator tingkat seperti %, indeks, skor tidak dijumlahkan "
                "antar tahun; dipakai nilai tahun terakhir)"
            )
        else:
            aturan = "agregasi antar tahun: kumulatif (nilai sudah ditulis kumulatif; dipakai nilai terakhir)"
        dipakai = (last,)
    kosong = _kosong(dipakai, kolom, nama)
    if kosong is not None:
        return Hasil(None, rumus, tuple(masukan), aturan, temuan=(kosong,), uang=uang)
    with localcontext(_CTX):
        total = sum((m.nilai for m in dipakai if m.nilai is not None), Decimal(0))
    hitungan = " + ".join(m.teks for m in dipakai) if len(dipakai) > 1 else ""
    return Hasil(total, rumus, tuple(masukan), aturan, hitungan, uang=uang)


def realisasi_sampai(
    *,
    tahun: int,
    tahun_mulai: int,
    tahunan: Mapping[int, Decimal | None],
    kumulatif: Mapping[int, Decimal | None],
    cara: AntarTahun,
    kolom: str,
    uang: bool = False,
    nama: str = "Realisasi Renstra",
) -> Hasil:
    """Realisation of the Renstra period up to and including `tahun` (E.81 column 6), from stored values:
    a cumulative value "s.d. tahun" when recorded; else, for a flow (jumlah), the last cumulative value
    before it plus every later year's realisation (or every year's from the start of the period); for a level
    (nilai_akhir, kumulatif), the realisation of `tahun` itself."""
    label = f"{nama} s.d. {tahun}"
    direct = kumulatif.get(tahun)
    if direct is not None:
        m = Masukan("", f"realisasi kumulatif s.d. {tahun} (tersimpan)", direct, uang=uang)
        return Hasil(direct, m.label, (m,), "nilai kumulatif tercatat", uang=uang)
    if cara is not AntarTahun.JUMLAH:
        m = Masukan("", f"realisasi {tahun}", tahunan.get(tahun), uang=uang)
        aturan = "agregasi antar tahun: nilai akhir/kumulatif — dipakai realisasi tahun terakhir"
        kosong = _kosong((m,), kolom, label)
        if kosong is not None:
            return Hasil(None, m.label, (m,), aturan, temuan=(kosong,), uang=uang)
        return Hasil(m.nilai, m.label, (m,), aturan, uang=uang)
    base = max((y for y, v in kumulatif.items() if y < tahun and v is not None), default=None)
    terms: list[Masukan] = []
    start = tahun_mulai
    if base is not None:
        terms.append(Masukan("", f"realisasi kumulatif s.d. {base}", kumulatif[base], uang=uang))
        start = base + 1
    terms.extend(Masukan("", f"realisasi {y}", tahunan.get(y), uang=uang) for y in range(start, tahun + 1))
    aturan = "agregasi antar tahun: jumlah realisasi tahunan (ditambah nilai kumulatif terakhir bila ada)"
    if not terms:
        return Hasil(
            Decimal(0), "tidak ada tahun sebelumnya", (), "awal periode Renstra: belum ada realisasi", uang=uang
        )
    rumus = " + ".join(m.label for m in terms)
    if not any(m.nilai is not None for m in terms):
        pesan = f"{label} tidak dihitung: realisasi {terms[0].label.split()[-1]}–{tahun} belum tercatat"
        found = (Temuan(DATA_KOSONG, Tingkat.INFO, pesan, kolom, "Catat realisasi tahunan Renstra."),)
        return Hasil(None, rumus, (), aturan, temuan=found, uang=uang)
    kosong = _kosong(terms, kolom, label)
    if kosong is not None:
        return Hasil(None, rumus, tuple(terms), aturan, temuan=(kosong,), uang=uang)
    with localcontext(_CTX):
        total = sum((m.nilai for m in terms if m.nilai is not None), Decimal(0))
    return Hasil(total, rumus, tuple(terms), aturan, " + ".join(m.teks for m in terms), uang=uang)


def jumlah_tahun(
    *, nilai: Mapping[int, Decimal | None], tahun: Sequence[int], kolom: str, nama: str, uang: bool = True
) -> Hasil:
    """The sum of a value over some years (E.81 column 5 Rp: the Renstra's pagu over its period). All needed."""
    terms = tuple(Masukan("", f"{nama} {y}", nilai.get(y), uang=uang) for y in tahun)
    rumus = f"Σ {nama} {tahun[0]}–{tahun[-1]}" if tahun else f"Σ {nama}"
    aturan = f"jumlah {nama} tiap tahun periode"
    kosong = _kosong(terms, kolom, nama)
    if not any(m.nilai is not None for m in terms):
        periode = f" {tahun[0]}–{tahun[-1]}" if tahun else ""
        pesan = f"{nama[:1].upper()}{nama[1:]}{periode} belum tercatat"
        return Hasil(None, rumus, (), aturan, temuan=(Temuan(DATA_KOSONG, Tingkat.INFO, pesan, kolom),), uang=uang)
    if kosong is not None:
        return Hasil(None, rumus, terms, aturan, temuan=(kosong,), uang=uang)
    with localcontext(_CTX):
        total = sum((m.nilai for m in terms if m.nilai is not None), Decimal(0))
    return Hasil(total, rumus, terms, aturan, " + ".join(m.teks for m in terms), uang=uang)


def rata_rata(items: Sequence[tuple[str, Decimal | None]], *, kolom: str, nama: str) -> Hasil:
    """The mean of percentages (the E.81 footer), rounded by the policy; empty values are stated and left out."""
    known = tuple(Masukan("", label, value, persen=True) for label, value in items if value is not None)
    missing = [label for label, value in items if value is None]
    rumus = f"rata-rata {nama}"
    aturan = "rata-rata sederhana dari baris yang nilainya dapat dihitung"
    temuan: tuple[Temuan, ...] = ()
    if missing:
        contoh = ", ".join(missing[:3]) + (" …" if len(missing) > 3 else "")
        pesan = f"{len(missing)} dari {len(items)} baris tanpa nilai tidak ikut dirata-rata ({contoh})"
        temuan = (Temuan(DATA_KOSONG, Tingkat.INFO, pesan, kolom),)
    if not known:
        pesan = f"Rata-rata {nama} tidak dihitung: belum ada baris yang nilainya dapat dihitung"
        saran = "Isi realisasi triwulan pada halaman Monev E.81."
        found = (Temuan(DATA_KOSONG, Tingkat.PERINGATAN, pesan, kolom, saran),)
        return Hasil(None, rumus, (), aturan, temuan=found, persen=True)
    with localcontext(_CTX):
        total = sum((m.nilai for m in known if m.nilai is not None), Decimal(0))
        mean = bulat_persen(total / len(known))
    hitungan = f"{teks_nilai(total, persen=True)} / {len(known)}"
    return Hasil(mean, rumus, known, aturan, hitungan, temuan, persen=True)


def dengan_sebab(hasil: Hasil, sebab: Hasil, ref: str) -> Hasil:
    """When `hasil` could not be computed because its input `ref` (itself computed as `sebab`) is empty, say why
    that input is empty: the first finding names the root cause, not only the empty column."""
    if hasil.nilai is not None or sebab.nilai is not None or not hasil.temuan or not sebab.temuan:
        return hasil
    first, *rest = hasil.temuan
    root = sebab.temuan[0]
    cause = root.pesan.rsplit(" kosong karena ", 1)[-1]
    chained = Temuan(
        first.kode,
        Tingkat.INFO if root.tingkat is Tingkat.INFO else first.tingkat,
        f"{first.pesan}; {ref} kosong karena {cause[:1].lower()}{cause[1:]}",
        first.kolom,
        root.saran or first.saran,
    )
    return replace(hasil, temuan=(chained, *rest))


# --- checks ---------------------------------------------------------------------------------------------------


def periksa_target(*, target: Masukan, renstra: Masukan, arah: Arah, kolom: str) -> Temuan | None:
    """A yearly target beyond the Renstra end target (above it; below it for a `turun` indicator)."""
    t, akhir = target.nilai, renstra.nilai
    if t is None or akhir is None:
        return None
    melewati = t < akhir if arah is Arah.TURUN else t > akhir
    if not melewati:
        return None
    arah_teks = "di bawah" if arah is Arah.TURUN else "melebihi"
    return Temuan(
        TARGET_MELEBIHI_RENSTRA,
        Tingkat.PERINGATAN,
        f"{target.nama} = {target.teks} {arah_teks} {renstra.nama} = {renstra.teks}",
        kolom,
        "Periksa targetnya, atau beri catatan alasannya.",
    )


def periksa_persen(nilai: Masukan, *, kolom: str) -> Temuan | None:
    """A percentage above 100 (e.g. percentages summed across years: 50 + 60 + 70 = "180 %")."""
    if nilai.nilai is None or nilai.nilai <= SERATUS:
        return None
    return Temuan(
        PERSEN_MELEBIHI_100,
        Tingkat.PERINGATAN,
        f"{nilai.nama} = {nilai.teks} untuk indikator persentase melebihi 100; kemungkinan hasil "
        "penjumlahan persentase antar tahun",
        kolom,
        "Tulis nilai akhir periodenya (mis. 70, bukan 50 + 60 + 70), atau ubah semantik indikator bila memang bukan "
        "persentase.",
    )


# --- the document's printed values ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tercetak:
    """A value a document printed for a computed column: its text, the number read from it (None when empty or
    unreadable), whether it is a spreadsheet error literal, and how many decimals it was printed with."""

    teks: str
    nilai: Decimal | None = None
    galat: bool = False
    desimal: int = 0

    @property
    def kosong(self) -> bool:
        return not self.teks.strip()


@dataclass(frozen=True)
class Selisih:
    """A printed value that differs from the recomputed one, and why."""

    kolom: str
    tercetak: str
    dihitung: str  # the recomputed text ("" when it cannot be computed)
    alasan: str


def sama_dengan_tercetak(dihitung: Decimal, tercetak: Tercetak) -> bool:
    """Equal at the precision the document printed (467 % equals 466,67 %)."""
    if tercetak.nilai is None:
        return False
    with localcontext(_CTX):
        return dihitung.quantize(Decimal(1).scaleb(-tercetak.desimal)) == tercetak.nilai


def bandingkan_tercetak(
    *, kolom: str, tercetak: Tercetak, hasil: Hasil, alternatif: Sequence[tuple[str, Decimal | None]] = ()
) -> Selisih | None:
    """Compare a printed value with the recomputed one; None when they agree (or both are empty).

    `alternatif` are other ways the document may have computed it ("menjumlahkan kolom 5 + 7 + 9", value): when
    the printed value equals one of them, the reason names it."""
    shown = hasil.teks + (" %" if hasil.persen and hasil.nilai is not None else "")
    if tercetak.kosong:
        if hasil.nilai is None:
            return None
        return Selisih(kolom, "", shown, f"dokumen tidak mengisi kolom {kolom}; hasil hitung {shown}")
    teks = tercetak.teks.strip()
    sebab = hasil.temuan[0].pesan.rsplit(" kosong karena ", 1)[-1] if hasil.temuan else "data tidak lengkap"
    if tercetak.galat:
        tail = f"hasil hitung {shown}" if hasil.nilai is not None else f"aplikasi juga tidak menghitungnya: {sebab}"
        return Selisih(kolom, teks, shown, f"dokumen mencetak galat spreadsheet '{teks}'; {tail}")
    if tercetak.nilai is None:
        return Selisih(kolom, teks, shown, f"teks tercetak '{teks}' tidak terbaca sebagai angka")
    if hasil.nilai is None:
        return Selisih(kolom, teks, "", f"dokumen mencetak {teks} padahal nilai ini tidak dapat dihitung: {sebab}")
    if sama_dengan_tercetak(hasil.nilai, tercetak):
        return None
    for cara, nilai in alternatif:
        if nilai is not None and sama_dengan_tercetak(nilai, tercetak):
            return Selisih(
                kolom, teks, shown, f"dokumen {cara} ({teks}); menurut aturan indikator ini: {hasil.rumus} = {shown}"
            )
    return Selisih(kolom, teks, shown, f"tercetak {teks}, hasil hitung {hasil.rumus} = {shown}")


# --- the anggaran roll-up -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisAnggaran:
    """A plan row with the amounts recorded on it per key (quarter 1–4). None or absent = not filled."""

    id: int
    parent_id: int | None
    label: str
    nilai: Mapping[int, Decimal | None]


def rollup_anggaran(
    rows: Sequence[BarisAnggaran], kunci: Sequence[int], *, kolom: str = ""
) -> dict[int, dict[int, Hasil]]:
    """Anggaran realisation of each row and key: a row with children gets the sum of its children's (every child
    must be filled: a sum of some of them would understate spending); a row without children its own amount.

    The result does not depend on the order of `rows`. A row whose parent chain loops is taken as a leaf (and
    said so). Row ids must be unique (ValueError otherwise)."""
    by_id: dict[int, BarisAnggaran] = {}
    for row in rows:
        if row.id in by_id:
            raise ValueError(f"id baris ganda: {row.id}")
        by_id[row.id] = row
    children: dict[int, list[BarisAnggaran]] = {}
    for row in rows:
        if row.parent_id is not None and row.parent_id != row.id and row.parent_id in by_id:
            children.setdefault(row.parent_id, []).append(row)
    for kids in children.values():
        kids.sort(key=lambda r: r.id)

    # Rows whose parent chain never reaches a root are in (or under) a cycle: treat them as leaves.
    in_cycle: set[int] = set()
    for row in rows:
        seen: set[int] = set()
        node: BarisAnggaran | None = row
        while node is not None and node.parent_id is not None and node.parent_id != node.id:
            if node.id in seen:
                in_cycle.add(row.id)
                break
            seen.add(node.id)
            node = by_id.get(node.parent_id)

    def depth(row: BarisAnggaran) -> int:
        steps = 0
        node = row
        while node.parent_id is not None and node.parent_id != node.id and node.parent_id in by_id:
            node = by_id[node.parent_id]
            steps += 1
        return steps

    results: dict[int, dict[int, Hasil]] = {}
    cycle_rows = [row for row in rows if row.id in in_cycle]
    tree_rows = sorted((row for row in rows if row.id not in in_cycle), key=lambda r: (-depth(r), r.id))
    for row in cycle_rows:
        pesan = f"Induk baris {row.label} membentuk lingkaran; realisasinya diambil dari baris itu sendiri"
        temuan = (Temuan(SIKLUS_INDUK, Tingkat.PERINGATAN, pesan, kolom),)
        results[row.id] = {key: _anggaran_sendiri(row, key, temuan) for key in kunci}
    for row in tree_rows:  # deepest first: a row's children are done before it
        kids = children.get(row.id, [])
        results[row.id] = {
            key: _anggaran_induk(row, key, kids, results, kolom) if kids else _anggaran_sendiri(row, key)
            for key in kunci
        }
    return results


def _anggaran_sendiri(row: BarisAnggaran, key: int, temuan: tuple[Temuan, ...] = ()) -> Hasil:
    m = Masukan("", f"realisasi anggaran {row.label}", row.nilai.get(key), uang=True)
    return Hasil(m.nilai, "realisasi anggaran yang dicatat", (m,), "baris tanpa rincian", temuan=temuan, uang=True)


def _anggaran_induk(
    row: BarisAnggaran, key: int, kids: Sequence[BarisAnggaran], done: Mapping[int, Mapping[int, Hasil]], kolom: str
) -> Hasil:
    terms = tuple(Masukan("", k.label, done[k.id][key].nilai, uang=True) for k in kids)
    rumus = "Σ realisasi anggaran rincian"
    aturan = "baris induk: jumlah realisasi anggaran baris rinciannya"
    missing = [m.label for m in terms if m.nilai is None]
    if missing:
        pesan = (
            f"Realisasi anggaran {row.label} tidak dijumlahkan: {len(missing)} dari {len(terms)} rincian belum "
            f"diisi ({', '.join(missing[:5])}{' …' if len(missing) > 5 else ''})"
        )
        # nothing entered yet is the normal state before monitoring starts; a partly filled one needs attention
        tingkat = Tingkat.INFO if len(missing) == len(terms) else Tingkat.PERINGATAN
        saran = "Isi realisasi anggaran semua rinciannya (0 bila tidak ada belanja)."
        return Hasil(
            None, rumus, terms, aturan, temuan=(Temuan(RINCIAN_KOSONG, tingkat, pesan, kolom, saran),), uang=True
        )
    with localcontext(_CTX):
        total = sum((m.nilai for m in terms if m.nilai is not None), Decimal(0))
    temuan: tuple[Temuan, ...] = ()
    own = row.nilai.get(key)
    if own is not None and own != total:
        pesan = (
            f"Realisasi anggaran yang dicatat langsung pada {row.label} ({format_rupiah(own)}) berbeda dari jumlah "
            f"rinciannya ({format_rupiah(total)}); yang dipakai jumlah rinciannya"
        )
        temuan = (Temuan(ANGGARAN_INDUK_BERBEDA, Tingkat.PERINGATAN, pesan, kolom),)
    return Hasil(total, rumus, terms, aturan, " + ".join(m.teks for m in terms), temuan, uang=True)


# --- values, indicator kinds and table cells (shared by T-C.29 and E.81) ---------------------------------------


@dataclass(frozen=True)
class Nilai:
    """A stored value and the text it was written as (None with text: unreadable; None without: empty)."""

    nilai: Decimal | None
    teks: str = ""


_PERSEN_NAMA = ("persentase", "presentase", "prosentase", "persen ")


def adalah_persen(nama: str, satuan: str) -> bool:
    """A percentage indicator: satuan `%`/`persen`, or a name starting with "Persentase"."""
    s = " ".join(satuan.casefold().split())
    n = " ".join(nama.casefold().split())
    return "%" in s or s.startswith("persen") or n.startswith(_PERSEN_NAMA)


@dataclass(frozen=True)
class Sifat:
    """An indicator's semantics (domain §5) as the evaluation uses them."""

    arah: Arah = Arah.NAIK
    dalam_tahun: DalamTahun = DalamTahun.JUMLAH
    antar_tahun: AntarTahun = AntarTahun.JUMLAH
    disimpulkan: bool = True  # inferred by the importer (True) or set by a user (False)
    persen: bool = False  # a percentage indicator (checked against 100)

    @property
    def teks(self) -> str:
        """E.g. `naik; dalam tahun: nilai akhir; antar tahun: nilai akhir (disimpulkan otomatis)`."""
        asal = "disimpulkan otomatis" if self.disimpulkan else "ditetapkan pengguna"
        return (
            f"{self.arah.value}; dalam tahun: {self.dalam_tahun.value.replace('_', ' ')}; antar tahun: "
            f"{self.antar_tahun.value.replace('_', ' ')} ({asal})"
        )


@dataclass(frozen=True)
class Cell:
    """One cell of an evaluation table: the value, its text as displayed (Indonesian format; "" when empty),
    the explanation (formula and inputs, or where a stored value comes from), findings and the predikat."""

    value: Decimal | None
    text: str
    penjelasan: str
    temuan: tuple[Temuan, ...] = ()
    predikat: Predikat | None = None
    dihitung: bool = False  # computed by a formula (True) or a stored value (False)
    rumus: str = ""  # the formula with column references
    persen: bool = False
    uang: bool = False
    hitungan: str = ""  # the formula with the numbers put in
    aturan: str = ""  # the rule that chose the formula
    masukan: tuple[Masukan, ...] = ()

    @property
    def perlu_perhatian(self) -> bool:
        """A finding above `info` (an error or a warning) concerns this cell."""
        return any(t.tingkat is not Tingkat.INFO for t in self.temuan)

    @property
    def dapat_dijelaskan(self) -> bool:
        """Worth a click: computed, or a stored value with findings."""
        return self.dihitung or bool(self.temuan)


KOSONG_CELL = Cell(None, "", "")


def sel_hasil(hasil: Hasil, *, dengan_predikat: bool = False) -> Cell:
    """The cell of a computed figure; a percentage can carry its predikat."""
    return Cell(
        value=hasil.nilai,
        text=hasil.teks,
        penjelasan=hasil.penjelasan,
        temuan=hasil.temuan,
        predikat=predikat(hasil.nilai) if dengan_predikat else None,
        dihitung=True,
        rumus=hasil.rumus,
        persen=hasil.persen,
        uang=hasil.uang,
        hitungan=hasil.hitungan,
        aturan=hasil.aturan,
        masukan=hasil.masukan,
    )


def sel_tersimpan(
    nilai: Nilai | None, *, label: str, kolom: str, uang: bool = False, temuan: Iterable[Temuan | None] = ()
) -> Cell:
    """The cell of a stored value; unreadable text is shown as written, with a finding."""
    found = tuple(t for t in temuan if t is not None)
    if nilai is None or (nilai.nilai is None and not nilai.teks.strip()):
        return Cell(None, "", f"{label}: belum ada data", found, uang=uang)
    if nilai.nilai is None:
        pesan = f"{label}: teks asli '{nilai.teks}' tidak terbaca sebagai angka, jadi tidak dipakai dalam perhitungan"
        found = (Temuan(TEKS_TIDAK_TERBACA, Tingkat.PERINGATAN, pesan, kolom), *found)
        return Cell(None, nilai.teks, pesan, found, uang=uang)
    text = teks_nilai(nilai.nilai, uang=uang)
    asli = f", teks asli '{nilai.teks}'" if nilai.teks and nilai.teks != text else ""
    return Cell(nilai.nilai, text, f"{label} = {text} (data tersimpan{asli})", found, uang=uang)


def nilai_dari(nilai: Nilai | None) -> Decimal | None:
    return None if nilai is None else nilai.nilai
