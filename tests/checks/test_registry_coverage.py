"""Every check code in the registry has a test in tests/checks that names it: a test that makes it fire on a
constructed (or exported) document. The clean documents those tests break (`documents.CLEAN`, the exports in
test_export_checked_again.py) are checked silent by their own tests, so each check is seen firing and silent.

The codes of the document reader (`sumber` "pembaca dokumen") are the text parser's, tested with the parser in
tests/importers; they are listed here only to be sure the registry says where they come from."""

from __future__ import annotations

import re
from pathlib import Path

from renja.checks.rules.temuan import REGISTRY

HERE = Path(__file__).resolve().parent


def _named_in_tests() -> set[str]:
    names: set[str] = set()
    for path in HERE.glob("*.py"):
        if path.name == Path(__file__).name:
            continue
        names |= set(re.findall(r"[\"']([A-Z][A-Z0-9_]+)[\"']", path.read_text(encoding="utf-8")))
    return names


def test_every_check_code_is_named_by_a_test_of_the_checker() -> None:
    checker = {k for k, info in REGISTRY.items() if info.sumber == "pemeriksa"}
    assert len(checker) >= 38
    missing = sorted(checker - _named_in_tests())
    assert missing == [], f"kode pemeriksa tanpa uji yang memicunya: {', '.join(missing)}"


def test_every_code_says_where_it_comes_from() -> None:
    assert {info.sumber for info in REGISTRY.values()} == {"pemeriksa", "pembaca dokumen"}
    assert all(info.severity in ("error", "peringatan", "info") for info in REGISTRY.values())
