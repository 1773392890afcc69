"""What the browser tests share: the test password and logging in through the real login page."""

from __future__ import annotations

from typing import Any

PASSWORD = "rahasia-uji-123"


def login(browser: Any, base: str, username: str) -> Any:
    """A new browser context logged in as `username` (password PASSWORD); returns its page on the home page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page
