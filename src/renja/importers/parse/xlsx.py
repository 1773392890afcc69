"""Opening an uploaded workbook safely, and a cell's text: shared by the XLSX parsers (pure, no Django).

`open_workbook` refuses a file over the size limit, a file that is not a ZIP, a ZIP whose unpacked size is more than
`UNCOMPRESSED_FACTOR` times the limit (a zip bomb), and anything openpyxl cannot read, each with a message in Bahasa
Indonesia that says what to do. The caller passes its own error class and the advice that fits its file.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

UNCOMPRESSED_FACTOR = 20  # a workbook's XML may be this many times its file size (zip bomb guard)


def cell_text(value: object) -> str:
    """A cell's value as text with whitespace collapsed; whole floats without '.0' (Excel stores 12 as 12.0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return " ".join(str(value).split())


def open_workbook(
    data: bytes,
    nama: str,
    max_bytes: int,
    error: type[Exception],
    *,
    saran_besar: str,
    kata_kerja: str = "impor",
    isi: str = "",
) -> Any:
    """The workbook (openpyxl, read-only, values not formulas) or `error(message)`.

    `saran_besar`: what to do when the file is too large; `kata_kerja`: "impor" or "unggah" in the advice;
    `isi`: what the file should hold, for the unpacked-size message (e.g. " untuk satu lembar E.81")."""
    if len(data) > max_bytes:
        raise error(f"Berkas {nama} berukuran {len(data):,} byte, melebihi batas {max_bytes:,} byte. {saran_besar}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise error(
            f"Berkas {nama} bukan XLSX. Buka di Excel/LibreOffice, simpan sebagai 'Excel Workbook (.xlsx)', lalu "
            f"{kata_kerja} lagi."
        ) from exc
    if total > max_bytes * UNCOMPRESSED_FACTOR:
        raise error(f"Isi berkas {nama} setelah dibuka ({total:,} byte) terlalu besar{isi}; berkas ditolak.")
    import openpyxl  # local: keep importing the parsers cheap
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise error(
            f"Berkas {nama} tidak bisa dibaca sebagai XLSX ({exc.__class__.__name__}). Simpan ulang sebagai "
            f"'Excel Workbook (.xlsx)', lalu {kata_kerja} lagi."
        ) from exc
