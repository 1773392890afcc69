"""The checker's neutral input: one Renja, whatever it came from (a text document, a DOCX, the canonical JSON,
the product's XLSX, or a plan stored in the database). Plain frozen dataclasses; pure (no Django).

An adapter fills what its source has and leaves the rest empty; a table the source does not carry is `None`
(the completeness checklist says so), a table that is there but has no rows is an empty tuple. Every value
keeps the text it was written as and its `Lokasi`, so a finding can point at the exact place.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

__all__ = [
    "KOSONG",
    "Angka",
    "BarisEvaluasi",
    "BarisRencana",
    "DokumenCek",
    "IndikatorCek",
    "JumlahTertulis",
    "Lokasi",
    "NarasiCek",
    "TabelRencana",
    "UsulanCek",
]

# What a document writes for "nothing" (domain §7: `-` for zero or empty).
KOSONG = frozenset({"", "-", "--", "\u2013", "\u2014", "\u2212"})

SUMBER_DOKUMEN = "dokumen"  # a file read without storing it
SUMBER_TERSIMPAN = "tersimpan"  # a Renja stored in the database


@dataclass(frozen=True)
class Lokasi:
    """Where something stands.

    In a document: the table (or `bab` for prose), the 1-based line of the text form, the data row of the table,
    the column as printed, and `posisi` where a line number means nothing to the reader (a Word table).
    In a stored plan: `objek` ("baris", "usulan", "narasi", "renja", "renstra") with its id and a link.
    """

    tabel: str = ""
    bab: str = ""
    baris_dokumen: int | None = None
    baris_tabel: int | None = None
    kolom: str = ""
    posisi: str = ""
    objek: str = ""
    objek_id: int | None = None
    tautan: str = ""

    def label(self) -> str:
        parts: list[str] = []
        if self.tabel:
            parts.append(self.tabel)
        if self.bab and self.bab not in parts:
            parts.append(self.bab)
        if self.posisi:
            parts.append(self.posisi)
        elif self.baris_dokumen is not None:
            parts.append(f"baris dokumen {self.baris_dokumen}")
        if self.baris_tabel is not None:
            parts.append(f"baris tabel {self.baris_tabel}")
        if self.kolom:
            parts.append(f"kolom {self.kolom}")
        return ", ".join(parts) or "dokumen"

    def dengan(self, **changes: Any) -> Lokasi:
        """A copy with some fields changed (e.g. the column of one cell of a row)."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Angka:
    """A number as written (`teks`) and as read (`nilai`; None when empty, `-`, an error literal or unreadable)."""

    teks: str = ""
    nilai: Decimal | None = None
    satuan: str = ""
    lokasi: Lokasi = field(default_factory=Lokasi)

    @property
    def kosong(self) -> bool:
        """Written as nothing: an empty cell or a dash."""
        return self.teks.strip() in KOSONG and self.nilai is None

    @property
    def tak_terbaca(self) -> bool:
        """Something is written but it is not a number (error literal, broken text)."""
        return self.nilai is None and not self.kosong

    def untuk_jumlah(self) -> Decimal | None:
        """The value to add in a sum: an empty cell or a dash adds 0; an unreadable value makes the sum unknown."""
        if self.nilai is not None:
            return self.nilai
        return Decimal(0) if self.kosong else None

    @property
    def berisi(self) -> bool:
        """Holds a non-zero number (or text that is not empty/dash): something is planned."""
        if self.nilai is not None:
            return self.nilai != 0
        return not self.kosong


@dataclass(frozen=True)
class IndikatorCek:
    nama: str
    satuan: str = ""
    target: dict[int, Angka] = field(default_factory=dict)  # year -> target as written
    lokasi: Lokasi = field(default_factory=Lokasi)


@dataclass(frozen=True)
class BarisRencana:
    """A row of a plan table (Tabel 4.1, either half of Tabel 2.4, a stored Renja).

    `id` is unique within the table; `induk` is the parent's id. `level` is program/kegiatan/sub_kegiatan
    (or "" when unknown); `kode` is canonical ("" when unknown), `kode_asli` as printed. `cocok` says how the
    level and code were decided: "kode" (printed or stored code), "nama" (name equals a nomenclature item),
    "fuzzy" (similar name, `skor`), "" (not matched); `nama_resmi` is the nomenclature name found.
    """

    id: str
    nama: str
    lokasi: Lokasi
    induk: str | None = None
    level: str = ""
    kode: str = ""
    kode_asli: str = ""
    indikator: tuple[IndikatorCek, ...] = ()
    pagu: dict[int, Angka] = field(default_factory=dict)  # year -> pagu as written
    lokasi_kegiatan: str = ""  # the "Lokasi" column (kabupaten / kecamatan / desa)
    sumber_dana: str = ""
    cocok: str = ""
    skor: float = 1.0
    nama_resmi: str = ""
    di_luar_induk: bool = False


@dataclass(frozen=True)
class JumlahTertulis:
    """A total the source states: a JUMLAH row (`jenis` "pagu"), a sum in the prose (`jenis` "pagu"), or a count
    of rows in the prose (`jenis` "program"/"kegiatan"/"sub_kegiatan"). `tabel` is the table it is about ("" when
    it is about something the source does not hold, e.g. last year's plan); `dari_teks` for the prose."""

    tabel: str
    tahun: int | None
    nilai: Angka
    jenis: str = "pagu"
    bagian: str = ""
    dari_teks: bool = False
    lokasi: Lokasi = field(default_factory=Lokasi)


@dataclass(frozen=True)
class TabelRencana:
    """A plan table. `jenis`: "rencana" (Tabel 4.1 / the stored plan), "ranwal", "analisis_kebutuhan".
    `tahun`: the years of its target/pagu columns in order (n, n+1). `kolom`: the columns the source has, by
    name ("kode", "indikator", "target", "pagu", "lokasi", "sumber_dana", …) for the SIPD-RI layout check."""

    nama: str
    jenis: str
    tahun: tuple[int, ...]
    baris: tuple[BarisRencana, ...]
    jumlah: tuple[JumlahTertulis, ...] = ()
    kolom: frozenset[str] = frozenset()
    lokasi: Lokasi = field(default_factory=Lokasi)


@dataclass(frozen=True)
class BarisEvaluasi:
    """A row of Tabel 2.1 (T-C.29): columns 4..11 by their printed number, one value per indicator."""

    lokasi: Lokasi
    kode: str
    kode_asli: str
    nama: str
    level: str
    indikator: tuple[IndikatorCek, ...]
    kolom: dict[int, tuple[Angka, ...]]

    def nilai(self, kolom: int, i: int) -> Angka | None:
        values = self.kolom.get(kolom, ())
        return values[i] if i < len(values) else None


@dataclass(frozen=True)
class UsulanCek:
    lokasi: Lokasi
    nomor: str
    desa: str
    kecamatan: str
    kegiatan: str
    pagu_usulan: Angka = field(default_factory=Angka)
    pagu_rekomendasi: Angka = field(default_factory=Angka)
    kode_desa: str = ""  # when the source already resolved it against the wilayah master
    kode_kecamatan: str = ""


@dataclass(frozen=True)
class NarasiCek:
    """A chapter: `baris` are its lines with their line number in the text form (None when unknown)."""

    kode: str  # kata_pengantar, bab1 … bab5
    judul: str
    baris: tuple[tuple[int | None, str], ...]
    lokasi: Lokasi = field(default_factory=Lokasi)
    posisi: tuple[str, ...] = ()  # per line, where the reader finds it when a line number means nothing (Word)

    @property
    def teks(self) -> str:
        return "\n".join(t for _, t in self.baris)


@dataclass(frozen=True)
class DokumenCek:
    """Everything the checks read about one Renja. `None` = the source does not carry that part."""

    sumber: str  # SUMBER_DOKUMEN or SUMBER_TERSIMPAN
    nama: str  # file name, or "Renja 2024 Dinas …"
    tahun: int | None
    pemda: str = ""
    pemda_kode: str = ""
    perangkat_daerah: str = ""
    bidang_kode: str = ""
    format: str = ""  # "teks", "docx", "json", "xlsx", "basis data"
    renstra_periode: tuple[int, int] | None = None
    evaluasi: tuple[BarisEvaluasi, ...] | None = None  # Tabel 2.1 / T-C.29
    evaluasi_tahun: dict[int, int] = field(default_factory=dict)  # printed column -> year of its header
    pelayanan: int | None = None  # Tabel 2.2 / T-C.30: number of indicator rows
    rencana: TabelRencana | None = None  # Tabel 4.1 / the stored plan (T-C.33, Bab IV)
    # other tables of the same plan (the T-C.33 of a document whose `rencana` is its Bab IV): sums and codes
    rencana_lain: tuple[TabelRencana, ...] = ()
    ranwal: TabelRencana | None = None  # Tabel 2.4 left half
    analisis_kebutuhan: TabelRencana | None = None  # Tabel 2.4 right half
    usulan: tuple[UsulanCek, ...] | None = None  # Tabel 2.5 / T-C.32
    usulan_jumlah: tuple[JumlahTertulis, ...] = ()
    tujuan_sasaran: int | None = None  # Tabel 3.1: number of tujuan/sasaran rows with an indicator
    narasi: tuple[NarasiCek, ...] | None = None
    jumlah_teks: tuple[JumlahTertulis, ...] = ()  # totals and counts stated in the prose
    penandatangan: str = ""  # name of the signatory ("" = not found)
    lokasi: Lokasi = field(default_factory=Lokasi)  # the whole document / the stored Renja (with its link)
