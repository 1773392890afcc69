"""Time `renja check` on the demo document against parsing alone (the baseline), on a fresh SQLite database.

RENJA_HOME=$(mktemp -d) .venv/bin/python bench/bench_check.py [--runs 5]

Prints, each as a median of --runs:
- parse only (the baseline);
- the check in process (parse + nomenclature and wilayah lookups + adapter + every check + checklist);
- the stored Renja checked (loader + checks) after importing the seed;
- the product's own DOCX export of that Renja checked again (its tables read by their official layout);
- `renja check SEED --json` as a user runs it: a new process, Django start-up included (the "under two seconds").
The nomenclature and the Magetan wilayah (when ../shared is there) are loaded first, as on an installation.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renja.settings")
os.environ.setdefault("RENJA_HOME", str(ROOT / "var" / "bench"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from renja.checks.selectors import check_document, check_renja  # noqa: E402
from renja.core.types import Source  # noqa: E402
from renja.importers.parse.renja_text import parse_renja_text  # noqa: E402
from renja.importers.services import renja_document_import  # noqa: E402
from renja.master.nomenklatur import nomenklatur_load_builtin  # noqa: E402
from renja.master.wilayah import wilayah_import  # noqa: E402
from renja.plans.models import Renja  # noqa: E402

SEED = ROOT / "src" / "renja" / "importers" / "data" / "renja-2024-dpmd-magetan.txt"
WILAYAH = ROOT.parent / "shared" / "data" / "wilayah" / "kemendagri-wilayah-permendagri-72-2019.csv"


def _median(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    Path(os.environ["RENJA_HOME"]).mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    nomenklatur_load_builtin(actor=None, source=Source.CLI)
    if WILAYAH.exists():
        lines = [ln for ln in WILAYAH.read_text(encoding="utf-8").splitlines() if ln.startswith(("35,", "35.20"))]
        wilayah_import(data="\n".join(lines).encode(), actor=None, source=Source.CLI)
    data = SEED.read_bytes()
    text = data.decode("utf-8")
    hasil = check_document(data=data, filename=SEED.name)
    parse = _median(lambda: parse_renja_text(text), args.runs)
    check = _median(lambda: check_document(data=data, filename=SEED.name), args.runs)
    renja_document_import(data=data, filename=SEED.name, actor=None, source=Source.CLI, pemda_kode="35.20")
    renja = Renja.objects.get(utama=True, tahun=2024)
    stored = _median(lambda: check_renja(renja), args.runs)
    from renja.documents.render import render

    docx = render(renja, "docx").content
    docx_hasil = check_document(data=docx, filename="demo.docx")
    docx_time = _median(lambda: check_document(data=docx, filename="demo.docx"), args.runs)
    cli = [str(Path(sys.executable).parent / "renja"), "check", str(SEED), "--json", "--tidak-gagal"]

    def run_cli() -> None:
        subprocess.run(cli, check=True, capture_output=True, env=os.environ.copy())

    wall = _median(run_cli, args.runs)
    counts = hasil.jumlah
    print(f"findings on the seed: {counts['error']} error, {counts['peringatan']} peringatan, {counts['info']} info")
    print(f"parse only (baseline): {parse * 1000:.0f} ms (median of {args.runs})")
    print(f"check in process (parse + lookups + checks): {check * 1000:.0f} ms — {check / parse:.1f}x parse")
    print(f"stored Renja check (loader + checks): {stored * 1000:.0f} ms — {stored / parse:.1f}x parse")
    dc = docx_hasil.jumlah
    print(
        f"DOCX export checked again: {docx_time * 1000:.0f} ms — {docx_time / parse:.1f}x parse; "
        f"{dc['error']} error, {dc['peringatan']} peringatan, {dc['info']} info"
    )
    print(f"`renja check SEED --json` (new process, Django start-up included): {wall * 1000:.0f} ms")


if __name__ == "__main__":
    main()
