"""DB helpers for the checker's tests: the Magetan part of the wilayah master, the seed imported once."""

from __future__ import annotations

from renja.core.types import Source
from renja.master.wilayah import wilayah_import
from tests.conftest import shared_path


def load_magetan_wilayah() -> None:
    """Jawa Timur, Kabupaten Magetan and its kecamatan/desa from the Kemendagri CSV (../shared/data/wilayah)."""
    path = shared_path("data", "wilayah", "kemendagri-wilayah-permendagri-72-2019.csv")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith(("35,", "35.20"))]
    wilayah_import(data="\n".join(lines).encode(), actor=None, source=Source.CLI)
