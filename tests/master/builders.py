"""Small nomenclature workbooks built in memory, in the two real shapes."""

from __future__ import annotations

import io
from collections.abc import Sequence

import openpyxl

KEPMENDAGRI_HEADER = (
    "URUSAN/UNSUR",
    "BIDANG URUSAN/BIDANG UNSUR",
    "PROGRAM",
    "KEGIATAN",
    "SUB KEGIATAN",
    "NOMENKLATUR URUSAN",
    "KINERJA",
    "INDIKATOR",
    "SATUAN",
    "KETERANGAN",
)
SIPD_HEADER = (
    "JENIS PEMDA",
    "BIDANG",
    "PROGRAM",
    "KEGIATAN",
    "SUBKEGIATAN",
    "KINERJA",
    "INDIKATOR",
    "SATUAN",
    "TAG",
    "DEFINISI OPERASIONAL",
    "PELAKSANA",
    "SPM",
    "JENIS",
    "SUBKEGIATAN SEBELUMNYA",
)

# A slice of the Kepmendagri 900 kab/kota list, as the real file writes it (runs of spaces, line breaks).
KEPMENDAGRI_ROWS: list[tuple[object, ...]] = [
    ("X", None, None, None, None, "URUSAN X.XX"),
    ("X", "XX", None, None, None, "URUSAN  PEMERINTAHAN BIDANG XX"),
    ("X", "XX", 1, None, None, "PROGRAM  PENUNJANG URUSAN   PEMERINTAHAN DAERAH KABUPATEN/KOTA"),
    ("X", "XX", 1, "2.02", None, "Administrasi                     Keuangan\nPerangkat Daerah"),
    (
        "X",
        "XX",
        1,
        "2.02",
        1,
        "Penyediaan  Gaji  dan  Tunjangan ASN",
        "Tersedianya  Gaji  dan  Tunjangan ASN",
        "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN",
        "Orang/bulan",
    ),
    (None,) * 10,
    (2, None, None, None, None, "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR"),
    (2, 13, None, None, None, "URUSAN PEMERINTAHAN BIDANG PEMBERDAYAAN MASYARAKAT DAN DESA"),
    (2, 13, 4, None, None, "PROGRAM ADMINISTRASI PEMERINTAHAN DESA"),
    (2, 13, 4, "2.01", None, "Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa"),
    (
        2,
        13,
        4,
        "2.01",
        1,
        "Fasilitasi Penyelenggaraan Administrasi Pemerintahan Desa",
        "Terfasilitasinya",
        "Jumlah Dokumen",
        "Dokumen",
    ),
    (
        2,
        13,
        4,
        "2.01",
        12,
        "Fasilitasi                          Manajemen Pemerintahan Desa",
        "Terfasilitasinya",
        "Jumlah Dokumen Hasil Fasilitasi Manajemen Pemerintahan Desa",
        "Dokumen",
    ),
]


def workbook_bytes(
    header: Sequence[object],
    rows: Sequence[Sequence[object]],
    *,
    title: str = "subkeg",
    preamble: Sequence[Sequence[object]] = (),
) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for row in preamble:
        ws.append(list(row))
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def kepmendagri_bytes(rows: Sequence[Sequence[object]] = KEPMENDAGRI_ROWS) -> bytes:
    return workbook_bytes(KEPMENDAGRI_HEADER, rows)


def sipd_row(
    jenis: str,
    bidang: str,
    program: str,
    kegiatan: str,
    sub: str,
    *,
    kinerja: str = "Tersedianya X",
    indikator: str = "Jumlah X",
    satuan: str = "Dokumen",
    tag: str = "[null]",
    sebelumnya: str | None = None,
    jenis_sub: str = "Layanan",
) -> tuple[object, ...]:
    return (
        jenis,
        bidang,
        program,
        kegiatan,
        sub,
        kinerja,
        indikator,
        satuan,
        tag,
        "Cakupan:\n- satu",
        "Bidang X",
        "NON-SPM",
        jenis_sub,
        sebelumnya,
    )


def sipd_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    return workbook_bytes(SIPD_HEADER, rows, title="Worksheet")
