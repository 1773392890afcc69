#!/usr/bin/env python3
"""Generate the curated nomenclature subset the product ships (src/renja/master/data/nomenklatur-kurasi-2.13.csv).

From the Kepmendagri 900.x kab/kota list it keeps:
- urusan 2, bidang 2.13 (Pemberdayaan Masyarakat dan Desa) and everything under it;
- the support program of every agency: urusan X, bidang X.XX, program X.XX.01 with all its kegiatan and
  sub kegiatan (inside an agency it takes the agency's bidang code, e.g. 2.13.01…).

Usage (from the repository root):
    .venv/bin/python scripts/make_nomenklatur_kurasi.py [XLSX] [--out CSV] [--check]

`--check` exits 1 when the CSV on disk differs from what the XLSX gives (for CI). Pure: no Django.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from renja.importers.parse.nomenklatur_xlsx import (  # noqa: E402
    FORMAT_KEPMENDAGRI,
    NomenklaturItem,
    parse_nomenklatur_xlsx,
    write_kurasi_csv,
)

DEFAULT_XLSX = REPO.parent / "shared" / "data" / "nomenklatur" / "nomenklatur-kabkota-kepmendagri-900.xlsx"
DEFAULT_OUT = REPO / "src" / "renja" / "master" / "data" / "nomenklatur-kurasi-2.13.csv"


def selected(item: NomenklaturItem) -> bool:
    kode = item.kode
    return kode in {"2", "2.13", "X", "X.XX", "X.XX.01"} or kode.startswith(("2.13.", "X.XX.01."))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("xlsx", nargs="?", type=Path, default=DEFAULT_XLSX)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="hanya periksa bahwa CSV yang ada sama dengan hasilnya")
    args = ap.parse_args(argv)

    parsed = parse_nomenklatur_xlsx(args.xlsx)
    if parsed.format != FORMAT_KEPMENDAGRI:
        print(f"{args.xlsx} bukan daftar Kepmendagri 900 kab/kota (format: {parsed.format}).", file=sys.stderr)
        return 2
    items = [i for i in parsed.items if selected(i)]
    text = write_kurasi_csv(items)
    counts: dict[str, int] = {}
    for i in items:
        counts[i.level] = counts.get(i.level, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in counts.items())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(
                f"{args.out} tidak sama dengan hasil dari {args.xlsx.name}; jalankan skrip ini tanpa --check.",
                file=sys.stderr,
            )
            return 1
        print(f"{args.out.name} sesuai ({len(items)} baris: {summary}).")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out} ditulis: {len(items)} baris ({summary}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
