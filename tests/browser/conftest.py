"""Browser tests: Debian's Chromium driven by Python Playwright against pytest-django's live server.

Chromium is never downloaded by Playwright: the tests use the system browser (`/usr/bin/chromium`, or
`RENJA_CHROMIUM`). `bash scripts/test` and `.ci/run` install it from Debian's packages when it is missing.
Without it (or without the `playwright` package) the tests skip with a plain reason on a user's machine, and
FAIL in CI (`CI=true`), where the browser journey must run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    wanted = os.environ.get("RENJA_CHROMIUM")
    for candidate in (wanted, "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _missing(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} — di CI uji peramban wajib berjalan (lihat scripts/test).")
    pytest.skip(f"{reason}; pasang dengan: sudo apt-get install -y chromium (uji peramban dilewati)")
    raise AssertionError("unreachable")  # pragma: no cover


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the machine
        _missing("paket Python 'playwright' belum terpasang (pip install -e '.[test]')")
    path = chromium_path()
    if path is None:
        _missing("Chromium tidak ditemukan di /usr/bin/chromium (atau RENJA_CHROMIUM)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def fast_hasher(settings: Any) -> None:
    """Logins in browser tests without the slow production password hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
