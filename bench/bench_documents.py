"""Time the demo Renja's documents (PDF, DOCX, XLSX, HTML) against the canonical JSON export (the baseline),
all measured in the same run on the imported seed.

RENJA_HOME=$(mktemp -d) .venv/bin/python bench/bench_documents.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renja.settings")
os.environ.setdefault("RENJA_HOME", str(ROOT / "var" / "bench"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from renja.core.types import Source  # noqa: E402
from renja.documents.data import renja_document_data  # noqa: E402
from renja.documents.render import render  # noqa: E402
from renja.exporters.json_export import renja_export_json  # noqa: E402
from renja.importers.services import renja_document_import  # noqa: E402
from renja.plans.models import Renja  # noqa: E402

SEED = ROOT / "src" / "renja" / "importers" / "data" / "renja-2024-dpmd-magetan.txt"


def _median(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """Median wall time and median CPU time of this process (the CPU time is steadier on a busy machine)."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(times), statistics.median(cpu), result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    Path(os.environ["RENJA_HOME"]).mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    if not Renja.objects.filter(utama=True, tahun=2024).exists():
        renja_document_import(
            data=SEED.read_bytes(), filename=SEED.name, actor=None, source=Source.CLI, pemda_kode="35.20"
        )
    renja = Renja.objects.get(utama=True, tahun=2024)
    # warm up: templates, fonts and imports are loaded once per process, as in a running server
    render(renja, "pdf")

    base, base_cpu, _ = _median(lambda: renja_export_json(renja), args.runs)
    rows: list[tuple[str, float, float, int | None]] = [("JSON export (the baseline)", base, base_cpu, None)]
    t, c, _ = _median(lambda: renja_document_data(renja), args.runs)
    rows.append(("report data with the checker's findings", t, c, None))
    t, c, _ = _median(lambda: renja_document_data(renja, with_findings=False), args.runs)
    rows.append(("report data without findings", t, c, None))
    for fmt in ("html", "xlsx", "docx", "pdf"):
        t, c, rendered = _median(lambda fmt=fmt: render(renja, fmt), args.runs)
        size = len(rendered.content)  # type: ignore[attr-defined]
        rows.append((f"{fmt.upper()} (as `renja export`)", t, c, size))
    pages = ""
    try:
        from io import BytesIO

        from pypdf import PdfReader

        pdf = render(renja, "pdf").content
        pages = f"; the PDF has {len(PdfReader(BytesIO(pdf)).pages)} pages"
    except ImportError:
        pass
    print(f"Demo Renja (DPMD Magetan 2024), median of {args.runs} runs{pages}")
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'what':<42} {'wall':>9} {'CPU':>9} {'CPU × JSON':>11} {'size':>9}")
    for label, t, c, size in rows:
        size_text = f"{size / 1024:.0f} KiB" if size else ""
        print(f"{label:<42} {t * 1000:>6.0f} ms {c * 1000:>6.0f} ms {c / base_cpu:>10.1f}× {size_text:>9}")


if __name__ == "__main__":
    main()
