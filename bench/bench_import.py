"""Time the demo document import against parsing alone (the baseline), on a fresh SQLite database.

RENJA_HOME=$(mktemp -d) .venv/bin/python bench/bench_import.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
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
from django.db import transaction  # noqa: E402

from renja.core.types import Source  # noqa: E402
from renja.importers.parse.renja_text import parse_renja_text  # noqa: E402
from renja.importers.services import renja_document_import  # noqa: E402

SEED = ROOT / "src" / "renja" / "importers" / "data" / "renja-2024-dpmd-magetan.txt"


class _Rollback(Exception):
    pass


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    Path(os.environ["RENJA_HOME"]).mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    data = SEED.read_bytes()
    text = data.decode("utf-8")
    parse_times, import_times = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        parse_renja_text(text)
        parse_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        try:
            with transaction.atomic():
                renja_document_import(data=data, filename=SEED.name, actor=None, source=Source.CLI, pemda_kode="35.20")
                raise _Rollback
        except _Rollback:
            pass
        import_times.append(time.perf_counter() - t0)
    p, i = statistics.median(parse_times), statistics.median(import_times)
    print(f"parse only (baseline): {p * 1000:.0f} ms (median of {args.runs})")
    print(f"full import (parse + match + store + audit): {i * 1000:.0f} ms")
    print(f"ratio import / parse: {i / p:.1f}x")


if __name__ == "__main__":
    main()
