"""What the document parser returns: plain frozen dataclasses, every value with its raw text and position.

The apply step (`renja.importers.services`) turns these into database rows through the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Loc:
    """Where something stands in the source document: 1-based line, table name, row number in the table, column."""

    line: int
    table: str = ""  # e.g. "Tabel 4.1"
    row: int | None = None  # 1-based data row within the table
    column: str = ""  # column number or name as printed, e.g. "9" or "Pagu 2024"

    def label(self) -> str:
        parts = [self.table or "teks", f"baris dokumen {self.line}"]
        if self.row is not None:
            parts.append(f"baris tabel {self.row}")
        if self.column:
            parts.append(f"kolom {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Finding:
    """Something the parser noticed. `kode` is stable (e.g. ANGKA_TERPOTONG); `pesan` is Bahasa Indonesia."""

    kode: str
    severity: str  # "error" | "peringatan" | "info"
    pesan: str
    loc: Loc
    teks: str = ""  # the raw text concerned
    diharapkan: str = ""
    ditemukan: str = ""
    saran: str = ""


@dataclass(frozen=True)
class Value:
    """A parsed number with its raw text. `nilai` is None when the text is empty, '-', an error literal, or
    unparseable (then a Finding says why). `satuan` is a unit written next to the number ("5 dokumen")."""

    teks: str
    nilai: Decimal | None
    satuan: str = ""
    loc: Loc | None = None


@dataclass(frozen=True)
class IndikatorIn:
    nama: str
    satuan: str = ""
    # year -> target value (Tabel 4.1: n and n+1; Tabel 2.4: n; Tabel 3.1: n)
    target: dict[int, Value] = field(default_factory=dict)
    teks: str = ""  # the indicator cell as printed (before the satuan or a multi-valued cell was split off)


@dataclass(frozen=True)
class PlanRowIn:
    """A row of Tabel 4.1 / 2.4 / 2.1. `level` is program/kegiatan/sub_kegiatan when the document says so
    (a code, a number like "1.1", or a name starting with "Program"), else "" (the apply step decides it by
    matching the nomenclature). `nomor` is the row number printed (Tabel 2.4), `kode` the code printed (2.1)."""

    loc: Loc
    nama: str
    level: str = ""
    kode: str = ""
    nomor: str = ""
    indikator: tuple[IndikatorIn, ...] = ()
    pagu: dict[int, Value] = field(default_factory=dict)  # year -> rupiah


@dataclass(frozen=True)
class EvaluasiRowIn:
    """A row of Tabel 2.1 (T-C.29 inputs). Columns by their printed number."""

    loc: Loc
    kode: str
    nama: str
    level: str  # urusan/bidang/program/kegiatan/sub_kegiatan, or "" when the row has no code
    indikator: tuple[IndikatorIn, ...]  # several when the cell is multi-valued ("a ; b")
    kolom: dict[int, tuple[Value, ...]]  # 4..11 -> one Value per indicator (multi-valued cells split)


@dataclass(frozen=True)
class PelayananRowIn:
    """A row of Tabel 2.2 (T-C.30): an indicator with Renstra targets, realisasi and proyeksi per year."""

    loc: Loc
    kelompok: str
    nomor: str
    nama: str
    target: dict[int, Value]
    realisasi: dict[int, Value]
    proyeksi: dict[int, Value]
    catatan: str = ""
    kelompok_kode: str = ""  # the group letter alone ("A", "B", "C"); `kelompok` is the group row as printed


@dataclass(frozen=True)
class TujuanSasaranIn:
    loc: Loc
    nomor: str  # "1" = tujuan, "1.1" = sasaran of tujuan 1
    uraian: str
    nomor_indikator: str
    indikator: str
    target: Value


@dataclass(frozen=True)
class UsulanIn:
    loc: Loc
    nomor: str
    desa: str
    kecamatan: str  # the seed's column "ALAMAT" holds the kecamatan
    kegiatan: str
    pagu_usulan: Value
    pagu_rekomendasi: Value


@dataclass(frozen=True)
class Narasi:
    kode: str  # kata_pengantar, bab1 ... bab5
    judul: str
    teks: str


@dataclass(frozen=True)
class Penandatangan:
    nama: str = ""
    jabatan: str = ""
    pangkat: str = ""
    nip: str = ""
    tempat_tanggal: str = ""


@dataclass(frozen=True)
class StatedTotal:
    """A total the document states (a JUMLAH row, a sentence) so the checker can compare it with the sum."""

    loc: Loc
    table: str
    tahun: int | None
    value: Value
    # what is totalled: "pagu" (rupiah), "realisasi_anggaran" (rupiah), or a count of rows of a level stated
    # in prose: "program", "kegiatan", "sub_kegiatan"
    jenis: str = "pagu"
    bagian: str = ""  # Tabel 2.4: "ranwal" (left half) or "analisis_kebutuhan" (right half)


@dataclass(frozen=True)
class ParsedRenja:
    tahun: int | None
    pemda: str  # e.g. "Kabupaten Magetan"
    perangkat_daerah: str  # e.g. "Dinas Pemberdayaan Masyarakat dan Desa"
    alamat: str
    penandatangan: Penandatangan
    renstra_periode: tuple[int, int] | None  # from the Tabel 2.1 header, e.g. (2018, 2023)
    evaluasi: tuple[EvaluasiRowIn, ...]  # Tabel 2.1
    pelayanan: tuple[PelayananRowIn, ...]  # Tabel 2.2
    ranwal: tuple[PlanRowIn, ...]  # Tabel 2.4 left half (Rancangan Awal)
    analisis_kebutuhan: tuple[PlanRowIn, ...]  # Tabel 2.4 right half (Hasil Analisis Kebutuhan)
    usulan: tuple[UsulanIn, ...]  # Tabel 2.5
    tujuan_sasaran: tuple[TujuanSasaranIn, ...]  # Tabel 3.1
    rencana: tuple[PlanRowIn, ...]  # Tabel 4.1 (years n and n+1)
    narasi: tuple[Narasi, ...]
    totals: tuple[StatedTotal, ...]
    findings: tuple[Finding, ...]
    # Tabel 2.1: printed column number -> the year its header names (e.g. {4: 2023, 5: 2021, 6: 2022, ...})
    evaluasi_tahun: dict[int, int] = field(default_factory=dict)
    rencana_tahun: tuple[int, ...] = ()  # Tabel 4.1: the years of its target columns, e.g. (2024, 2025)
