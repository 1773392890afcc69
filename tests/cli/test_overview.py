"""`renja` alone, and the exit codes seen from a shell (one end-to-end run of the installed script)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from renja.cli import main as renja_main

SCRIPT = Path(sys.executable).parent / "renja"


def test_renja_alone_lists_renjas_own_commands(capsys: pytest.CaptureFixture[str]) -> None:
    renja_main([])
    out = capsys.readouterr().out
    for name in ("pengguna", "tahapan", "realisasi", "check", "evaluate", "backup", "renja help"):
        assert name in out
    assert "migrate" not in out.split("Semua perintah")[0]


@pytest.mark.slow
def test_exit_codes_from_a_shell(tmp_path: Path) -> None:
    # `pip install -e .` (scripts/test) always installs the console script beside the venv's Python.
    assert SCRIPT.exists(), f"{SCRIPT} tidak ada: pasang Renja dengan `bash scripts/test` (pip install -e '.[test]')"
    env = {**os.environ, "RENJA_HOME": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    ok = subprocess.run([str(SCRIPT)], capture_output=True, text=True, env=env, check=False)
    assert ok.returncode == 0 and "Perintah Renja" in ok.stdout
    usage = subprocess.run(
        [str(SCRIPT), "tahapan", "kembalikan", "--tahun", "2024", "--sebagai", "x"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert usage.returncode == 2 and "--alasan" in usage.stderr
    help_ = subprocess.run([str(SCRIPT), "pengguna", "--help"], capture_output=True, text=True, env=env, check=False)
    assert help_.returncode == 0 and "Status keluar" in help_.stdout and "Contoh" in help_.stdout
