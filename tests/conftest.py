"""Shared fixtures. Tests that read ../shared/data skip with a plain reason on a user's clone, never in CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RENJA_SHARED", REPO.parent / "shared"))
SEED = REPO / "src" / "renja" / "importers" / "data" / "renja-2024-dpmd-magetan.txt"


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} tidak ada: CI harus selalu punya ../shared (lihat README).")
        pytest.skip(f"butuh {path} (folder ../shared dari repositori tim); tidak ada di klon ini")
    return path


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
