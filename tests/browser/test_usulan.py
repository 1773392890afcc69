"""A community proposal in a real browser (Debian's Chromium, Playwright): the agency's planner records a new
proposal (its desa and kecamatan resolved to the official codes), records the desa, kecamatan and agency levels —
a rejection without a reason is refused with the message by the reason field — Bappeda's verifier records the
last level, and the proposal is linked to a sub kegiatan whose code, name and pagu then show on its page."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password

from renja.usulan.models import Usulan, UsulanRekomendasi
from tests.browser.pages import PASSWORD, login
from tests.usulan.test_views import make_uworld

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("/tmp")


def record(page: Any, tingkat: str, status: str, pagu: str = "", alasan: str = "") -> None:
    form = page.locator("#form-rekomendasi")
    form.locator("select[name=tingkat]").select_option(tingkat)
    form.locator(f"input[name=status][value={status}]").check()
    form.locator("input[name=pagu_rekomendasi]").fill(pagu)
    form.locator("textarea[name=alasan]").fill(alasan)
    form.get_by_role("button", name="Simpan rekomendasi").click()
    page.wait_for_load_state("load")


def test_a_proposal_through_every_level_to_a_plan_row(browser: Any, live_server: Any, fast_hasher: None) -> None:
    uw = make_uworld()
    for user in uw.world.users.values():
        if getattr(user, "pk", None):
            user.password = make_password(PASSWORD)
            user.save(update_fields=["password"])
    base = live_server.url
    sub = uw.subs["sendiri"]

    # --- the planner records a new proposal ---------------------------------------------------------------
    planner = login(browser, base, "perencana")
    planner.get_by_role("link", name="Usulan", exact=True).click()
    planner.wait_for_url(f"{base}/usulan/")
    planner.get_by_role("link", name="Catat usulan").click()
    planner.fill("#id_tahun", "2024")
    planner.select_option("#id_sumber", "asmas")
    planner.fill("#id_nomor", "28")
    planner.fill("#id_pengusul", "Pemerintah Desa Tambakrejo")
    planner.fill("#id_desa_teks", "TAMBAKREJO")
    planner.fill("#id_kecamatan_teks", "MAGETAN")
    planner.fill("#id_kegiatan", "RABAT BETON JALAN DESA TAMBAKREJO")
    planner.fill("#id_volume", "1,5")
    planner.fill("#id_satuan", "km")
    planner.fill("#id_pagu_usulan", "250.000.000")
    planner.locator("#form-usulan").get_by_role("button", name="Simpan").click()
    planner.get_by_text("dicatat.").wait_for()
    usulan = Usulan.objects.get(nomor="28", perangkat_daerah=uw.world.pd)
    assert planner.url == f"{base}/usulan/{usulan.pk}/"
    places = planner.locator("#wilayah").inner_text()
    assert "TAMBAKREJO" in places and "35.20.06.2005" in places and "35.20.06" in places

    # --- desa, then a rejection without a reason is refused, then kecamatan and the agency ---------------------
    record(planner, "desa", "diterima", pagu="250.000.000")
    planner.get_by_text("Rekomendasi Musrenbang desa/kelurahan dicatat").wait_for()
    record(planner, "kecamatan", "ditolak")
    reason_field = planner.locator("#field-alasan")
    assert "Alasan wajib diisi" in reason_field.locator(".field-error").inner_text()
    assert not UsulanRekomendasi.objects.filter(usulan=usulan, tingkat="kecamatan").exists()
    record(planner, "kecamatan", "diterima_perubahan", pagu="200.000.000", alasan="Volume dikurangi menjadi 1,2 km")
    planner.get_by_text("Rekomendasi Musrenbang kecamatan dicatat").wait_for()
    record(planner, "pd", "diterima", pagu="200.000.000")
    planner.get_by_text("Rekomendasi Perangkat Daerah (forum PD) dicatat").wait_for()
    # the Bappeda level is not offered to the planner
    assert planner.locator("#form-rekomendasi select[name=tingkat] option[value=bappeda]").count() == 0

    # --- Bappeda's verifier records the last level ---------------------------------------------------------------
    verifier = login(browser, base, "verifikator")
    verifier.goto(f"{base}/usulan/{usulan.pk}/")
    record(verifier, "bappeda", "diterima", pagu="200.000.000")
    verifier.get_by_text("Rekomendasi Bappeda / TAPD dicatat").wait_for()
    usulan.refresh_from_db()
    assert usulan.status == Usulan.Status.DITERIMA and usulan.pagu_rekomendasi == Decimal("200000000")
    path = verifier.locator("#jalur").inner_text()
    assert "Volume dikurangi menjadi 1,2 km" in path and "200.000.000" in path

    # --- the planner links it to a sub kegiatan and sees the row and its pagu ------------------------------------
    planner.goto(f"{base}/usulan/{usulan.pk}/")
    planner.locator("#form-tautan select[name=row]").select_option(str(sub.pk))
    planner.locator("#form-tautan").get_by_role("button", name="Tautkan").click()
    planner.get_by_text("Usulan ditautkan ke sub kegiatan").wait_for()
    box = planner.locator("#baris-tertaut").inner_text()
    assert sub.kode in box and sub.nama in box and "750.000.000" in box
    usulan.refresh_from_db()
    assert usulan.row_id == sub.pk
    planner.screenshot(path=str(SCREENSHOTS / "usulan-detail.png"), full_page=True)

    planner.goto(f"{base}/usulan/")
    assert "RABAT BETON JALAN DESA TAMBAKREJO" in planner.locator("#tabel-usulan").inner_text()
    planner.screenshot(path=str(SCREENSHOTS / "usulan-list.png"), full_page=True)
    for page in (planner, verifier):
        page.context.close()
