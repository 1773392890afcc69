"""T-C.29: evaluation of the Renja of year n-2 and of the Renstra up to year n-1 (Permendagri 86/2017; domain
README §4, tables.md). The Renja of year n states it in its chapter II (the seed's Tabel 2.1).

- 4: target of the Renstra at the end of its period (stored);
- 5: realisasi of the Renstra up to n-3 (stored); 6, 7: target and realisasi of the Renja of n-2 (stored);
- 8: tingkat realisasi = 7 / 6 × 100 (`capaian`: by arah; `turun` by the pemda's formula);
- 9: target of the Renja of n-1 (stored);
- 10: perkiraan realisasi up to n-1 = 5 + 7 + 9 for a flow (jumlah); column 9 for a level (nilai akhir) or a
  cumulative target (`agregasi_antar_tahun`);
- 11: tingkat capaian of the Renstra = 10 / 4 × 100 (`capaian`).

The document's own printed columns 8, 10 and 11 (when given) are compared with the recomputed ones; every
difference is listed with its reason. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from renja.calc.evaluasi import (
    BEDA_DOKUMEN,
    KOSONG_CELL,
    NILAI_GANDA,
    TANPA_RENSTRA,
    AntarTahun,
    Arah,
    Cell,
    Hasil,
    Masukan,
    Nilai,
    Predikat,
    RumusTurun,
    Selisih,
    Sifat,
    Temuan,
    Tercetak,
    Tingkat,
    agregasi_antar_tahun,
    bandingkan_tercetak,
    capaian,
    dengan_sebab,
    nilai_dari,
    periksa_persen,
    periksa_target,
    sel_hasil,
    sel_tersimpan,
)

KOLOM_NILAI = (4, 5, 6, 7, 8, 9, 10, 11)
KOLOM_DIHITUNG = (8, 10, 11)


def judul_kolom(tahun: int, tahun_akhir_renstra: int | None) -> dict[int, str]:
    """The official headers of T-C.29 for Renja year `tahun` (n)."""
    akhir = str(tahun_akhir_renstra) if tahun_akhir_renstra else "…"
    return {
        1: "Kode",
        2: "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
        3: "Indikator Kinerja Program (outcome)/Kegiatan (output)",
        4: f"Target Kinerja Capaian Program (Renstra PD) Tahun {akhir}",
        5: f"Realisasi Target Kinerja Hasil Program dan Keluaran Kegiatan s/d Tahun {tahun - 3}",
        6: f"Target Renja PD Tahun {tahun - 2}",
        7: f"Realisasi Renja PD Tahun {tahun - 2}",
        8: "Tingkat Realisasi (%)",
        9: f"Target Program dan Kegiatan Renja PD Tahun {tahun - 1}",
        10: f"Perkiraan Realisasi Capaian Target Renstra PD s/d Tahun {tahun - 1}",
        11: f"Tingkat Capaian Realisasi Target Renstra s/d Tahun {tahun - 1} (%)",
    }


@dataclass(frozen=True)
class Tc29IndikatorIn:
    """An indicator of a Renstra row with its stored values (columns 4, 5, 6, 7, 9) and, when the document
    printed them, its columns 8, 10, 11 (`tercetak`)."""

    id: int | None
    nama: str
    satuan: str
    sifat: Sifat
    kolom4: Nilai | None = None
    kolom5: Nilai | None = None
    kolom6: Nilai | None = None
    kolom7: Nilai | None = None
    kolom9: Nilai | None = None
    tercetak: Mapping[int, Tercetak] = field(default_factory=dict)


@dataclass(frozen=True)
class Tc29BarisIn:
    id: int
    parent_id: int | None
    level: str
    kode: str
    uraian: str
    indikator: tuple[Tc29IndikatorIn, ...] = ()
    sel_ganda: str = ""  # the document printed one value for several indicators (e.g. "#VALUE!")


@dataclass(frozen=True)
class Tc29In:
    tahun: int  # the Renja year n
    tahun_akhir_renstra: int | None
    rumus_turun: RumusTurun
    baris: tuple[Tc29BarisIn, ...]
    ada_renstra: bool = True


@dataclass(frozen=True)
class Tc29Row:
    """One line of the table: a row and one of its indicators (a row without indicators has one line)."""

    row_id: int
    indikator_id: int | None
    kode: str
    uraian: str
    level: str
    indikator: str
    satuan: str
    sifat: Sifat | None
    kolom: Mapping[int, Cell]  # 4..11
    temuan: tuple[Temuan, ...]
    selisih: tuple[Selisih, ...]
    baris_pertama: bool  # the first line of its row (renderers merge columns 1–2 over the row's lines)
    jumlah_indikator: int

    @property
    def predikat(self) -> dict[int, Predikat]:
        return {k: c.predikat for k, c in self.kolom.items() if c.predikat is not None}


@dataclass(frozen=True)
class Tc29Table:
    tahun: int
    tahun_akhir_renstra: int | None
    rumus_turun: RumusTurun
    judul: Mapping[int, str]
    rows: tuple[Tc29Row, ...]
    temuan: tuple[Temuan, ...]  # about the whole table

    @property
    def rumus_turun_teks(self) -> str:
        return self.rumus_turun.teks

    @property
    def selisih(self) -> tuple[tuple[Tc29Row, Selisih], ...]:
        """Every printed value that differs from the recomputed one, with its row."""
        return tuple((row, s) for row in self.rows for s in row.selisih)

    @property
    def jumlah_temuan(self) -> dict[str, int]:
        counts: dict[str, int] = {t.value: 0 for t in Tingkat}
        for t in (*self.temuan, *(t for row in self.rows for t in row.temuan)):
            counts[t.tingkat.value] += 1
        return counts


def _m(kode: int, label: str, nilai: Nilai | None) -> Masukan:
    return Masukan(str(kode), label, nilai_dari(nilai))


def _baris_indikator(inp: Tc29In, ind: Tc29IndikatorIn) -> tuple[dict[int, Cell], list[Temuan], dict[int, Hasil]]:
    n = inp.tahun
    akhir = inp.tahun_akhir_renstra or "akhir periode"
    sifat = ind.sifat
    m4 = _m(4, f"target akhir Renstra {akhir}", ind.kolom4)
    m5 = _m(5, f"realisasi s.d. {n - 3}", ind.kolom5)
    m6 = _m(6, f"target {n - 2}", ind.kolom6)
    m7 = _m(7, f"realisasi {n - 2}", ind.kolom7)
    m9 = _m(9, f"target {n - 1} (perkiraan realisasi {n - 1})", ind.kolom9)

    def persen(m: Masukan) -> Temuan | None:
        return periksa_persen(m, kolom=m.kode) if sifat.persen else None

    cells: dict[int, Cell] = {
        4: sel_tersimpan(ind.kolom4, label=f"Target akhir periode Renstra ({akhir})", kolom="4", temuan=[persen(m4)]),
        5: sel_tersimpan(ind.kolom5, label=f"Realisasi Renstra s.d. {n - 3}", kolom="5", temuan=[persen(m5)]),
        6: sel_tersimpan(
            ind.kolom6,
            label=f"Target Renja {n - 2}",
            kolom="6",
            temuan=[persen(m6), periksa_target(target=m6, renstra=m4, arah=sifat.arah, kolom="6")],
        ),
        7: sel_tersimpan(ind.kolom7, label=f"Realisasi Renja {n - 2}", kolom="7", temuan=[persen(m7)]),
        9: sel_tersimpan(
            ind.kolom9,
            label=f"Target Renja {n - 1}",
            kolom="9",
            temuan=[persen(m9), periksa_target(target=m9, renstra=m4, arah=sifat.arah, kolom="9")],
        ),
    }
    h8 = capaian(
        realisasi=m7, target=m6, arah=sifat.arah, rumus_turun=inp.rumus_turun, kolom="8", nama="Tingkat realisasi"
    )
    h10 = agregasi_antar_tahun(
        (m5, m7, m9), cara=sifat.antar_tahun, kolom="10", nama=f"Perkiraan realisasi s.d. {n - 1}"
    )
    m10 = Masukan("10", f"perkiraan realisasi s.d. {n - 1}", h10.nilai)
    h11 = capaian(
        realisasi=m10, target=m4, arah=sifat.arah, rumus_turun=inp.rumus_turun, kolom="11", nama="Tingkat capaian"
    )
    h11 = dengan_sebab(h11, h10, "(10)")
    cells[8] = sel_hasil(h8, dengan_predikat=True)
    cells[10] = sel_hasil(h10)
    cells[11] = sel_hasil(h11, dengan_predikat=True)
    temuan = [t for k in KOLOM_NILAI for t in cells[k].temuan]
    return {k: cells[k] for k in KOLOM_NILAI}, temuan, {8: h8, 10: h10, 11: h11}


def _alternatif(
    kolom: int, ind: Tc29IndikatorIn, inp: Tc29In, hasil: Mapping[int, Hasil]
) -> list[tuple[str, Decimal | None]]:
    """Other ways a document may have computed a column, to name the reason of a difference."""
    sifat = ind.sifat
    v = {k: nilai_dari(getattr(ind, f"kolom{k}")) for k in (4, 5, 6, 7, 9)}
    out: list[tuple[str, Decimal | None]] = []
    if kolom == 10:
        if sifat.antar_tahun is not AntarTahun.JUMLAH:
            parts = [v[5], v[7], v[9]]
            total = sum((p for p in parts if p is not None), Decimal(0)) if all(p is not None for p in parts) else None
            out.append(("menjumlahkan kolom 5 + 7 + 9, padahal indikator ini tidak dijumlahkan antar tahun", total))
        else:
            out.append(("memakai nilai terakhir (kolom 9), padahal indikator ini dijumlahkan antar tahun", v[9]))
        return out
    if kolom == 11:
        printed10 = ind.tercetak.get(10)
        if printed10 is not None and printed10.nilai is not None:
            alt = capaian(
                realisasi=Masukan("10", "", printed10.nilai),
                target=Masukan("4", "", v[4]),
                arah=sifat.arah,
                rumus_turun=inp.rumus_turun,
                kolom="11",
            )
            out.append((f"menghitung dari kolom 10 yang tercetak ({printed10.teks.strip()})", alt.nilai))
    if sifat.arah is not Arah.NAIK:
        r, t = (hasil[10].nilai, v[4]) if kolom == 11 else (v[7], v[6])
        alt = capaian(
            realisasi=Masukan("R", "", r),
            target=Masukan("T", "", t),
            arah=Arah.NAIK,
            rumus_turun=inp.rumus_turun,
            kolom="",
        )
        out.append((f"memakai rumus indikator naik (R/T × 100), padahal indikator ini {sifat.arah.value}", alt.nilai))
    return out


def _selisih(inp: Tc29In, ind: Tc29IndikatorIn, hasil: Mapping[int, Hasil]) -> list[Selisih]:
    out = []
    for kolom in KOLOM_DIHITUNG:
        printed = ind.tercetak.get(kolom)
        if printed is None:
            continue
        found = bandingkan_tercetak(
            kolom=str(kolom), tercetak=printed, hasil=hasil[kolom], alternatif=_alternatif(kolom, ind, inp, hasil)
        )
        if found is not None:
            out.append(found)
    return out


def compute_tc29(inp: Tc29In) -> Tc29Table:
    """The whole table, one line per (row, indicator), in the order of `inp.baris`."""
    rows: list[Tc29Row] = []
    for baris in inp.baris:
        if not baris.indikator:
            rows.append(
                Tc29Row(
                    row_id=baris.id,
                    indikator_id=None,
                    kode=baris.kode,
                    uraian=baris.uraian,
                    level=baris.level,
                    indikator="",
                    satuan="",
                    sifat=None,
                    kolom=MappingProxyType(dict.fromkeys(KOLOM_NILAI, KOSONG_CELL)),
                    temuan=(),
                    selisih=(),
                    baris_pertama=True,
                    jumlah_indikator=0,
                )
            )
            continue
        for j, ind in enumerate(baris.indikator):
            cells, temuan, hasil = _baris_indikator(inp, ind)
            selisih = _selisih(inp, ind, hasil)
            if baris.sel_ganda and j == 0:
                temuan.insert(
                    0,
                    Temuan(
                        NILAI_GANDA,
                        Tingkat.PERINGATAN,
                        f"Dokumen menulis {len(baris.indikator)} indikator dalam satu sel dan mencetak satu nilai "
                        f"('{baris.sel_ganda}') untuk semuanya; aplikasi menghitung tiap indikator sendiri-sendiri",
                    ),
                )
            temuan.extend(
                Temuan(
                    BEDA_DOKUMEN,
                    Tingkat.PERINGATAN,
                    f"Kolom {s.kolom} tercetak berbeda: {s.alasan}",
                    s.kolom,
                    "Perbaiki dokumen dengan nilai hasil hitung (kolom 8, 10 dan 11 dihitung aplikasi).",
                )
                for s in selisih
            )
            rows.append(
                Tc29Row(
                    row_id=baris.id,
                    indikator_id=ind.id,
                    kode=baris.kode,
                    uraian=baris.uraian,
                    level=baris.level,
                    indikator=ind.nama,
                    satuan=ind.satuan,
                    sifat=ind.sifat,
                    kolom=MappingProxyType(cells),
                    temuan=tuple(temuan),
                    selisih=tuple(selisih),
                    baris_pertama=j == 0,
                    jumlah_indikator=len(baris.indikator),
                )
            )
    table_temuan: list[Temuan] = []
    if not inp.ada_renstra:
        table_temuan.append(
            Temuan(
                TANPA_RENSTRA,
                Tingkat.PERINGATAN,
                "Renja ini belum terhubung ke Renstra, jadi T-C.29 tidak punya data. Impor dokumen Renja yang memuat "
                "Tabel 2.1, atau hubungkan Renja ke Renstra-nya di admin",
            )
        )
    return Tc29Table(
        tahun=inp.tahun,
        tahun_akhir_renstra=inp.tahun_akhir_renstra,
        rumus_turun=inp.rumus_turun,
        judul=MappingProxyType(judul_kolom(inp.tahun, inp.tahun_akhir_renstra)),
        rows=tuple(rows),
        temuan=tuple(table_temuan),
    )
