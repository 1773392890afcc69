"""Formulir E.81: the quarterly evaluation of the Renja of the current year (Permendagri 86/2017; domain README
§4, tables.md). Each of columns 5–15 has a kinerja (K) and an anggaran (Rp) half.

- 5: target of the Renstra at the end of its period (K stored on the matched Renstra indicator; Rp the sum of
  the Renstra row's pagu over the period);
- 6: realisasi of the Renstra up to last year (`realisasi_sampai`);
- 7: target and pagu of this year's Renja; 8–11: realisation of TW I–IV (Rp: a row with children gets the sum of
  its children's, `rollup_anggaran`);
- 12 = 8 + 9 + 10 + 11 by the indicator's agregasi dalam tahun (Rp always the sum) up to the evaluated quarter;
- 13 = 12 / 7 × 100; 14 = 6 + 12 by the agregasi antar tahun; 15 = 14 / 5 × 100;
- 16: unit PD penanggung jawab; 17: keterangan (the notes of the evaluated quarter's entries).

Footer: the average of columns 13 and 15, kinerja and anggaran computed separately, each with its predikat;
faktor pendorong, faktor penghambat, tindak lanjut. Pure: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from renja.calc.evaluasi import (
    KOSONG_CELL as KOSONG,
)
from renja.calc.evaluasi import (
    RENSTRA_TIDAK_COCOK,
    TANPA_RENSTRA,
    TRIWULAN,
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
    Tingkat,
    agregasi_antar_tahun,
    agregasi_triwulan,
    capaian,
    dengan_sebab,
    jumlah_tahun,
    nilai_dari,
    periksa_persen,
    periksa_target,
    rata_rata,
    realisasi_sampai,
    rollup_anggaran,
    sel_hasil,
    sel_tersimpan,
)

KOLOM_NILAI = tuple(range(5, 16))


def judul_kolom(tahun: int, tahun_akhir_renstra: int | None) -> dict[int, str]:
    """The official headers of E.81 for the Renja of year `tahun`."""
    akhir = str(tahun_akhir_renstra) if tahun_akhir_renstra else "…"
    return {
        1: "No",
        2: "Sasaran",
        3: "Program/Kegiatan",
        4: "Indikator Kinerja Program (outcome)/Kegiatan (output)",
        5: f"Target Renstra PD pada Tahun {akhir} (Akhir Periode Renstra PD)",
        6: f"Realisasi Capaian Kinerja Renstra PD s/d Renja PD Tahun Lalu ({tahun - 1})",
        7: f"Target Kinerja dan Anggaran Renja PD Tahun Berjalan ({tahun}) yang Dievaluasi",
        8: "Realisasi Kinerja Triwulan I",
        9: "Realisasi Kinerja Triwulan II",
        10: "Realisasi Kinerja Triwulan III",
        11: "Realisasi Kinerja Triwulan IV",
        12: "Realisasi Capaian Kinerja dan Anggaran Renja PD yang Dievaluasi",
        13: "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja PD yang Dievaluasi (%)",
        14: f"Realisasi Kinerja dan Anggaran Renstra PD s/d Tahun {tahun}",
        15: f"Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra PD s/d Tahun {tahun} (%)",
        16: "Unit PD Penanggung Jawab",
        17: "Keterangan",
    }


# --- matching the Renja's indicators with the Renstra's ---------------------------------------------------------


def kunci_nama(text: str) -> str:
    """A name reduced for matching: lower case, letters and digits only, single spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def pasangkan(renja: Sequence[str], renstra: Sequence[str]) -> list[tuple[int | None, str]]:
    """Pair each Renja indicator (by name) with a Renstra indicator of the row with the same code: by name, or,
    when both rows have exactly one indicator, with each other. Returns (index into `renstra` or None, how)."""
    keys = [kunci_nama(n) for n in renstra]
    out: list[tuple[int | None, str]] = []
    for name in renja:
        key = kunci_nama(name)
        if key and key in keys:
            out.append((keys.index(key), "kode baris dan nama indikator sama"))
        elif len(renja) == 1 and len(renstra) == 1:
            out.append((0, "kode baris sama; satu-satunya indikator (nama berbeda)"))
        else:
            out.append((None, ""))
    return out


# --- inputs ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenstraIndikatorIn:
    """The matched Renstra indicator: its end target and stored realisations (annual and "s.d." cumulative)."""

    target_akhir: Nilai | None
    tahunan: Mapping[int, Decimal | None] = field(default_factory=dict)
    kumulatif: Mapping[int, Decimal | None] = field(default_factory=dict)
    cocok: str = ""  # how it was matched


@dataclass(frozen=True)
class RenstraBarisIn:
    """The Renstra row with the same code: its pagu per year and recorded anggaran realisations."""

    pagu: Mapping[int, Decimal | None] = field(default_factory=dict)
    anggaran_tahunan: Mapping[int, Decimal | None] = field(default_factory=dict)
    anggaran_kumulatif: Mapping[int, Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class E81IndikatorIn:
    id: int | None
    nama: str
    satuan: str
    sifat: Sifat
    target: Nilai | None  # column 7 K: the target of the year
    triwulan: Mapping[int, Nilai] = field(default_factory=dict)  # 1..4: realisation of each quarter
    catatan: Mapping[int, str] = field(default_factory=dict)  # 1..4: notes (and evidence) of each entry
    renstra: RenstraIndikatorIn | None = None


@dataclass(frozen=True)
class E81BarisIn:
    id: int
    parent_id: int | None
    level: str
    kode: str
    uraian: str
    indikator: tuple[E81IndikatorIn, ...] = ()
    pagu: Nilai | None = None  # column 7 Rp
    anggaran: Mapping[int, Decimal | None] = field(default_factory=dict)  # 1..4: recorded on this row
    catatan_anggaran: Mapping[int, str] = field(default_factory=dict)
    unit: str = ""  # column 16 ("" = the agency)
    renstra: RenstraBarisIn | None = None


@dataclass(frozen=True)
class E81CatatanIn:
    faktor_pendorong: str = ""
    faktor_penghambat: str = ""
    tindak_lanjut_triwulan: str = ""
    tindak_lanjut_renja: str = ""


@dataclass(frozen=True)
class E81In:
    tahun: int
    triwulan: int  # the quarter evaluated, 1..4
    rumus_turun: RumusTurun
    baris: tuple[E81BarisIn, ...]
    renstra_mulai: int | None = None
    renstra_akhir: int | None = None
    unit_default: str = ""
    catatan: E81CatatanIn = E81CatatanIn()
    ada_renstra: bool = True


# --- outputs --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class E81Row:
    """One line: a row and one of its indicators. Rp cells belong to the row and repeat on its lines."""

    nomor: int  # column 1: the row's number in the table (1, 2, 3 …; the same on all its lines)
    row_id: int
    indikator_id: int | None
    kode: str
    uraian: str
    level: str
    indikator: str
    satuan: str
    sifat: Sifat | None
    kolom: Mapping[int, Cell]  # 5..15, kinerja (K)
    kolom_rp: Mapping[int, Cell]  # 5..15, anggaran (Rp)
    unit: str  # column 16
    keterangan: str  # column 17
    temuan: tuple[Temuan, ...]
    baris_pertama: bool
    jumlah_indikator: int
    punya_rincian: bool  # Rp comes from the children (enter anggaran on the children)

    @property
    def predikat(self) -> dict[str, str]:
        """{"13K": "ST", "13Rp": "T", …} for the columns that have one."""
        out = {f"{k}K": c.predikat.kode for k, c in self.kolom.items() if c.predikat is not None}
        out.update({f"{k}Rp": c.predikat.kode for k, c in self.kolom_rp.items() if c.predikat is not None})
        return out


@dataclass(frozen=True)
class E81Footer:
    rata_kinerja: Cell  # average of column 13 K, with its predikat
    rata_anggaran: Cell  # average of column 13 Rp
    rata_kinerja_renstra: Cell  # average of column 15 K
    rata_anggaran_renstra: Cell  # average of column 15 Rp
    faktor_pendorong: str
    faktor_penghambat: str
    tindak_lanjut_triwulan: str
    tindak_lanjut_renja: str


@dataclass(frozen=True)
class E81Table:
    tahun: int
    triwulan: int
    tahun_akhir_renstra: int | None
    rumus_turun: RumusTurun
    judul: Mapping[int, str]
    rows: tuple[E81Row, ...]
    footer: E81Footer
    temuan: tuple[Temuan, ...]

    @property
    def rumus_turun_teks(self) -> str:
        return self.rumus_turun.teks

    @property
    def jumlah_temuan(self) -> dict[str, int]:
        counts: dict[str, int] = {t.value: 0 for t in Tingkat}
        for t in (*self.temuan, *(t for row in self.rows for t in row.temuan)):
            counts[t.tingkat.value] += 1
        return counts


# --- computing ------------------------------------------------------------------------------------------------


def _quarter_masukan(values: Mapping[int, Decimal | None], sampai: int, *, uang: bool) -> tuple[Masukan, ...]:
    return tuple(Masukan(str(7 + q), f"TW {TRIWULAN[q]}", values.get(q), uang=uang) for q in range(1, sampai + 1))


def _quarter_cells(values: Mapping[int, Nilai | None], sampai: int, *, uang: bool, suffix: str) -> dict[int, Cell]:
    cells = {}
    for q in range(1, 5):
        kolom = 7 + q
        if q > sampai:
            cells[kolom] = Cell(
                None,
                "",
                f"Triwulan {TRIWULAN[q]} di luar periode yang dievaluasi (s.d. TW {TRIWULAN[sampai]})",
                uang=uang,
            )
        else:
            label = f"Realisasi {'anggaran' if uang else 'kinerja'} TW {TRIWULAN[q]}"
            cells[kolom] = sel_tersimpan(values.get(q), label=label, kolom=f"{kolom}{suffix}", uang=uang)
    return cells


def _rp_cells(inp: E81In, baris: E81BarisIn, quarters: Mapping[int, Hasil]) -> dict[int, Cell]:
    n, sampai = inp.tahun, inp.triwulan
    renstra = baris.renstra
    cells: dict[int, Cell] = {}
    if renstra is None:
        pesan = (
            f"Tidak ada baris Renstra berkode {baris.kode or '(tanpa kode)'}; kolom 5 dan 6 (Rp) tidak dapat diisi"
            if inp.ada_renstra
            else "Renja ini belum terhubung ke Renstra"
        )
        h5 = Hasil(None, "Σ pagu Renstra", (), pesan)
        h6 = Hasil(None, "realisasi anggaran Renstra", (), pesan)
    else:
        years = range(inp.renstra_mulai, inp.renstra_akhir + 1) if inp.renstra_mulai and inp.renstra_akhir else ()
        h5 = jumlah_tahun(nilai=renstra.pagu, tahun=tuple(years), kolom="5Rp", nama="pagu Renstra")
        h6 = realisasi_sampai(
            tahun=n - 1,
            tahun_mulai=inp.renstra_mulai or n - 1,
            tahunan=renstra.anggaran_tahunan,
            kumulatif=renstra.anggaran_kumulatif,
            cara=AntarTahun.JUMLAH,
            kolom="6Rp",
            uang=True,
            nama="Realisasi anggaran Renstra",
        )
    cells[5] = sel_hasil(h5)
    cells[6] = sel_hasil(h6)
    cells[7] = sel_tersimpan(baris.pagu, label=f"Pagu {n}", kolom="7Rp", uang=True)
    own = {q: quarters[q] for q in range(1, 5)}
    for q in range(1, 5):
        kolom = 7 + q
        if q > sampai:
            cells[kolom] = Cell(None, "", f"Triwulan {TRIWULAN[q]} di luar periode yang dievaluasi", uang=True)
        else:
            cells[kolom] = sel_hasil(own[q])
    m7 = Masukan("7", f"pagu {n}", nilai_dari(baris.pagu), uang=True)
    h12 = agregasi_triwulan(
        _quarter_masukan({q: own[q].nilai for q in own}, sampai, uang=True),
        cara=DalamTahun.JUMLAH,
        kolom="12Rp",
        nama=f"Realisasi anggaran s.d. TW {TRIWULAN[sampai]}",
    )
    m12 = Masukan("12", f"realisasi anggaran s.d. TW {TRIWULAN[sampai]}", h12.nilai, uang=True)
    h13 = capaian(
        realisasi=m12,
        target=m7,
        arah=Arah.NAIK,
        rumus_turun=inp.rumus_turun,
        kolom="13Rp",
        anggaran=True,
        nama="Realisasi anggaran",
    )
    m5 = Masukan("5", "pagu Renstra", h5.nilai, uang=True)
    m6 = Masukan("6", f"realisasi anggaran Renstra s.d. {n - 1}", h6.nilai, uang=True)
    h14 = agregasi_antar_tahun((m6, m12), cara=AntarTahun.JUMLAH, kolom="14Rp", nama=f"Realisasi anggaran s.d. {n}")
    m14 = Masukan("14", f"realisasi anggaran Renstra s.d. {n}", h14.nilai, uang=True)
    h15 = capaian(
        realisasi=m14,
        target=m5,
        arah=Arah.NAIK,
        rumus_turun=inp.rumus_turun,
        kolom="15Rp",
        anggaran=True,
        nama="Realisasi anggaran Renstra",
    )
    h13 = dengan_sebab(h13, h12, "(12)")
    h14 = dengan_sebab(dengan_sebab(h14, h6, "(6)"), h12, "(12)")
    h15 = dengan_sebab(h15, h14, "(14)")
    cells[12] = sel_hasil(h12)
    cells[13] = sel_hasil(h13, dengan_predikat=True)
    cells[14] = sel_hasil(h14)
    cells[15] = sel_hasil(h15, dengan_predikat=True)
    return {k: cells[k] for k in KOLOM_NILAI}


def _k_cells(inp: E81In, baris: E81BarisIn, ind: E81IndikatorIn) -> dict[int, Cell]:
    n, sampai = inp.tahun, inp.triwulan
    sifat = ind.sifat
    akhir = inp.renstra_akhir or "akhir periode"
    renstra = ind.renstra
    cells: dict[int, Cell] = {}
    if renstra is None:
        if not inp.ada_renstra:
            pesan = "Renja ini belum terhubung ke Renstra"
        else:
            pesan = (
                f"Indikator Renstra padanannya tidak ditemukan (baris Renstra berkode {baris.kode or '(tanpa kode)'} "
                "dengan nama indikator yang sama); kolom 5, 6, 14 dan 15 tidak dapat dihitung"
            )
        tidak_cocok = Temuan(RENSTRA_TIDAK_COCOK, Tingkat.INFO, pesan, "5K") if inp.ada_renstra else None
        cells[5] = sel_tersimpan(None, label=pesan, kolom="5K", temuan=[tidak_cocok])
        h6 = Hasil(None, "realisasi Renstra s.d. tahun lalu", (), pesan)
        target_akhir: Nilai | None = None
    else:
        target_akhir = renstra.target_akhir
        m5_raw = Masukan("5", f"target akhir Renstra {akhir}", nilai_dari(target_akhir))
        cells[5] = sel_tersimpan(
            target_akhir,
            label=f"Target akhir periode Renstra ({akhir}); padanan: {renstra.cocok}",
            kolom="5K",
            temuan=[periksa_persen(m5_raw, kolom="5K") if sifat.persen else None],
        )
        h6 = realisasi_sampai(
            tahun=n - 1,
            tahun_mulai=inp.renstra_mulai or n - 1,
            tahunan=renstra.tahunan,
            kumulatif=renstra.kumulatif,
            cara=sifat.antar_tahun,
            kolom="6K",
        )
    m5 = Masukan("5", f"target akhir Renstra {akhir}", nilai_dari(target_akhir))
    m7 = Masukan("7", f"target {n}", nilai_dari(ind.target))
    cells[6] = sel_hasil(h6)
    cells[7] = sel_tersimpan(
        ind.target,
        label=f"Target Renja {n}",
        kolom="7K",
        temuan=[
            periksa_target(target=m7, renstra=m5, arah=sifat.arah, kolom="7K"),
            periksa_persen(m7, kolom="7K") if sifat.persen else None,
        ],
    )
    cells.update(_quarter_cells(ind.triwulan, sampai, uang=False, suffix="K"))
    h12 = agregasi_triwulan(
        _quarter_masukan({q: nilai_dari(v) for q, v in ind.triwulan.items()}, sampai, uang=False),
        cara=sifat.dalam_tahun,
        kolom="12K",
        nama=f"Realisasi kinerja s.d. TW {TRIWULAN[sampai]}",
    )
    m12 = Masukan("12", f"realisasi s.d. TW {TRIWULAN[sampai]}", h12.nilai)
    h13 = capaian(
        realisasi=m12, target=m7, arah=sifat.arah, rumus_turun=inp.rumus_turun, kolom="13K", nama="Tingkat capaian"
    )
    m6 = Masukan("6", f"realisasi Renstra s.d. {n - 1}", h6.nilai)
    h14 = agregasi_antar_tahun((m6, m12), cara=sifat.antar_tahun, kolom="14K", nama=f"Realisasi Renstra s.d. {n}")
    m14 = Masukan("14", f"realisasi Renstra s.d. {n}", h14.nilai)
    h15 = capaian(
        realisasi=m14,
        target=m5,
        arah=sifat.arah,
        rumus_turun=inp.rumus_turun,
        kolom="15K",
        nama="Tingkat capaian Renstra",
    )
    h13 = dengan_sebab(h13, h12, "(12)")
    h14 = dengan_sebab(dengan_sebab(h14, h6, "(6)"), h12, "(12)")
    h15 = dengan_sebab(h15, h14, "(14)")
    cells[12] = sel_hasil(h12)
    cells[13] = sel_hasil(h13, dengan_predikat=True)
    cells[14] = sel_hasil(h14)
    cells[15] = sel_hasil(h15, dengan_predikat=True)
    return {k: cells[k] for k in KOLOM_NILAI}


def _keterangan(baris: E81BarisIn, ind: E81IndikatorIn | None, triwulan: int) -> str:
    notes = [ind.catatan.get(triwulan, "") if ind is not None else "", baris.catatan_anggaran.get(triwulan, "")]
    out: list[str] = []
    for note in notes:
        note = note.strip()
        if note and note not in out:
            out.append(note)
    return "; ".join(out)


def compute_e81(inp: E81In) -> E81Table:
    """The whole form for the quarter `inp.triwulan`: one line per (row, indicator), in the order of `inp.baris`."""
    if inp.triwulan not in TRIWULAN:
        raise ValueError(f"triwulan harus 1–4, bukan {inp.triwulan}")
    anggaran = rollup_anggaran(
        [BarisAnggaran(b.id, b.parent_id, b.kode or b.uraian[:60], b.anggaran) for b in inp.baris],
        (1, 2, 3, 4),
    )
    ids = {b.id for b in inp.baris}
    parents = {b.parent_id for b in inp.baris if b.parent_id is not None and b.parent_id != b.id and b.parent_id in ids}
    rows: list[E81Row] = []
    for nomor, baris in enumerate(inp.baris, start=1):
        rp = _rp_cells(inp, baris, anggaran[baris.id])
        lines: Sequence[E81IndikatorIn | None] = baris.indikator or (None,)
        for j, ind in enumerate(lines):
            kolom = _k_cells(inp, baris, ind) if ind is not None else dict.fromkeys(KOLOM_NILAI, KOSONG)
            temuan = [t for k in KOLOM_NILAI for t in kolom[k].temuan]
            if j == 0:
                temuan.extend(t for k in KOLOM_NILAI for t in rp[k].temuan)
            rows.append(
                E81Row(
                    nomor=nomor,
                    row_id=baris.id,
                    indikator_id=ind.id if ind is not None else None,
                    kode=baris.kode,
                    uraian=baris.uraian,
                    level=baris.level,
                    indikator=ind.nama if ind is not None else "",
                    satuan=ind.satuan if ind is not None else "",
                    sifat=ind.sifat if ind is not None else None,
                    kolom=MappingProxyType(kolom),
                    kolom_rp=MappingProxyType(rp),
                    unit=baris.unit or inp.unit_default,
                    keterangan=_keterangan(baris, ind, inp.triwulan),
                    temuan=tuple(temuan),
                    baris_pertama=j == 0,
                    jumlah_indikator=len(baris.indikator),
                    punya_rincian=baris.id in parents,
                )
            )
    return E81Table(
        tahun=inp.tahun,
        triwulan=inp.triwulan,
        tahun_akhir_renstra=inp.renstra_akhir,
        rumus_turun=inp.rumus_turun,
        judul=MappingProxyType(judul_kolom(inp.tahun, inp.renstra_akhir)),
        rows=tuple(rows),
        footer=_footer(inp, rows),
        temuan=_table_temuan(inp),
    )


def _label(row: E81Row) -> str:
    name = row.indikator if row.indikator else row.uraian
    return f"{row.kode} {name}".strip()[:120]


def _footer(inp: E81In, rows: Sequence[E81Row]) -> E81Footer:
    kinerja = [row for row in rows if row.indikator_id is not None or row.indikator]
    firsts = [row for row in rows if row.baris_pertama]
    tw = TRIWULAN[inp.triwulan]

    def avg(items: Sequence[E81Row], kolom: int, rp: bool, nama: str) -> Cell:
        cells = [(_label(r), (r.kolom_rp if rp else r.kolom)[kolom].value) for r in items]
        suffix = "Rp" if rp else "K"
        return sel_hasil(rata_rata(cells, kolom=f"{kolom}{suffix}", nama=nama), dengan_predikat=True)

    catatan = inp.catatan
    return E81Footer(
        rata_kinerja=avg(kinerja, 13, False, f"capaian kinerja (kolom 13 K) s.d. TW {tw}"),
        rata_anggaran=avg(firsts, 13, True, f"realisasi anggaran (kolom 13 Rp) s.d. TW {tw}"),
        rata_kinerja_renstra=avg(kinerja, 15, False, "capaian kinerja Renstra (kolom 15 K)"),
        rata_anggaran_renstra=avg(firsts, 15, True, "realisasi anggaran Renstra (kolom 15 Rp)"),
        faktor_pendorong=catatan.faktor_pendorong,
        faktor_penghambat=catatan.faktor_penghambat,
        tindak_lanjut_triwulan=catatan.tindak_lanjut_triwulan,
        tindak_lanjut_renja=catatan.tindak_lanjut_renja,
    )


def _table_temuan(inp: E81In) -> tuple[Temuan, ...]:
    if inp.ada_renstra:
        return ()
    return (
        Temuan(
            TANPA_RENSTRA,
            Tingkat.PERINGATAN,
            "Renja ini belum terhubung ke Renstra: kolom 5, 6, 14 dan 15 tidak dapat dihitung. Hubungkan Renja "
            "ke Renstra-nya (impor dokumen yang memuat Tabel 2.1, atau di admin)",
        ),
    )
