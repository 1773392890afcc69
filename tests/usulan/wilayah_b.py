"""Test helper (domain side): load the Magetan (35.20) rows of the team's Kemendagri wilayah CSV."""

from __future__ import annotations

from renja.core.types import Source
from renja.master.wilayah import wilayah_import
from tests.conftest import shared_path

CSV = ("data", "wilayah", "kemendagri-wilayah-permendagri-72-2019.csv")


def magetan_csv_bytes() -> bytes:
    lines = shared_path(*CSV).read_text(encoding="utf-8").splitlines()
    keep = [ln for ln in lines if ln.startswith(("35,", "35.20,", "35.20."))]
    return ("\n".join(keep) + "\n").encode()


def load_magetan() -> None:
    wilayah_import(data=magetan_csv_bytes(), actor=None, source=Source.SYSTEM)
