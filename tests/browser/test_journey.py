"""The main journey in a real browser (Debian's Chromium, Playwright):

a planner logs in, edits a target and a pagu and sees the totals change, submits; a verifier writes a note and
returns the stage with a reason; the planner fixes it and submits again; the head of agency approves; Bappeda
locks the stage, and a further edit is refused with a clear message.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password

from renja.plans.models import Pagu, Renja, StatusRenja, Target
from renja.workflow.models import CatatanVerifikasi, Transisi
from tests.browser.pages import PASSWORD, login
from tests.workflow.world import make_plan, make_world

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def totals_text(page: Any) -> str:
    return page.locator("#tree-totals").inner_text()


def test_plan_verify_approve_lock_journey(browser: Any, live_server: Any, fast_hasher: None) -> None:
    world = make_world()
    plan = make_plan(world.pd)
    for user in world.users.values():
        if getattr(user, "pk", None):
            user.password = make_password(PASSWORD)
            user.save(update_fields=["password"])
    base = live_server.url
    renja = plan.renja
    tree_url = f"{base}/renja/{renja.pk}/rincian/"
    stage_url = f"{base}/renja/{renja.pk}/tahapan/"

    # --- the planner edits a target and a pagu, and sees the totals change --------------------------------
    planner = login(browser, base, "perencana")
    planner.goto(tree_url)
    target_cell = planner.locator(f"#target-{plan.indikator.pk}-2024")
    target_cell.click()
    target_cell.locator("input[name=nilai]").fill("20,5")
    target_cell.get_by_role("button", name="Simpan").click()
    planner.wait_for_function(f"document.querySelector('#target-{plan.indikator.pk}-2024').innerText.includes('20,5')")

    before = totals_text(planner)
    assert "1.000.000" in before
    pagu_cell = planner.locator(f"#pagu-{plan.sub.pk}-2024")
    pagu_cell.click()
    field = pagu_cell.locator("input[name=jumlah]")
    field.fill("")
    field.type("1.250.000", delay=20)
    # the sums follow the typing before anything is saved
    planner.wait_for_function("document.querySelector('#tree-totals').innerText.includes('pratinjau')")
    assert "1.250.000" in totals_text(planner)
    assert Pagu.objects.get(pk=plan.pagu.pk).jumlah == Decimal(1_000_000)
    pagu_cell.get_by_role("button", name="Simpan").click()
    planner.wait_for_function(
        f"!document.querySelector('#pagu-{plan.sub.pk}-2024 form')"
        f" && document.querySelector('#pagu-{plan.sub.pk}-2024').innerText.includes('1.250.000')"
    )
    after = totals_text(planner)
    assert "1.250.000" in after and "pratinjau" not in after
    # the program's own pagu (1.000.000) no longer matches its children: the check says so at once
    assert "Σ 1.250.000" in planner.locator(f"#pagu-{plan.program.pk}-2024").inner_text()
    assert "1 baris: pagu tertulis berbeda" in planner.locator("#temuan").inner_text()
    assert Pagu.objects.get(pk=plan.pagu.pk).jumlah == Decimal(1_250_000)
    assert Target.objects.get(indikator=plan.indikator, tahun=2024).nilai == Decimal("20.5")

    planner.goto(stage_url)
    planner.locator("#langkah-ajukan button[type=submit]").click()
    planner.wait_for_url(stage_url)
    assert "Renja diajukan untuk verifikasi" in planner.content()

    # --- the verifier writes a note and returns the stage with a reason ------------------------------------
    verifier = login(browser, base, "verifikator")
    verifier.goto(tree_url)
    verifier.locator(f"#uraian-{plan.sub.pk}").get_by_role("button", name=re.compile("catatan")).click()
    note_form = verifier.locator("#form-catatan")
    note_form.wait_for()
    note_form.get_by_label("Perlu perbaikan").check()
    note_form.locator("textarea[name=teks]").fill("Pagu Pembinaan melebihi pagu program; samakan.")
    note_form.get_by_role("button", name="Simpan catatan").click()
    verifier.get_by_text("Catatan disimpan.").wait_for()
    assert CatatanVerifikasi.objects.filter(renja=renja, status="perlu_perbaikan", selesai=False).count() == 1

    verifier.goto(stage_url)
    verifier.locator("#langkah-kembalikan button[type=submit]").click()  # without a reason: the browser asks for it
    assert Renja.objects.get(pk=renja.pk).status == StatusRenja.DIAJUKAN
    verifier.fill("#alasan-kembalikan", "Samakan pagu Pembinaan dengan pagu program.")
    verifier.locator("#langkah-kembalikan button[type=submit]").click()
    verifier.get_by_text("Renja dikembalikan ke perangkat daerah untuk perbaikan.").wait_for()
    assert Renja.objects.get(pk=renja.pk).status == StatusRenja.DIKEMBALIKAN

    # --- the planner sees the reason, fixes it, replies and submits again ---------------------------------
    planner.goto(stage_url)
    assert "Samakan pagu Pembinaan dengan pagu program." in planner.locator("#alasan-kembali").inner_text()
    planner.goto(tree_url)
    program_cell = planner.locator(f"#pagu-{plan.program.pk}-2024")
    program_cell.click()
    program_cell.locator("input[name=jumlah]").fill("1.250.000")
    program_cell.get_by_role("button", name="Simpan").click()
    planner.wait_for_function(f"!document.querySelector('#pagu-{plan.program.pk}-2024 form')")
    assert "Σ" not in planner.locator(f"#pagu-{plan.program.pk}-2024").inner_text()
    assert "berbeda" not in planner.locator("#temuan").inner_text()  # the findings box followed the fix
    planner.locator(f"#uraian-{plan.sub.pk}").get_by_role("button", name=re.compile("catatan")).click()
    planner.locator("#panel input[name=teks]").fill("Sudah disamakan: 1.250.000.")
    planner.locator("#panel").get_by_role("button", name="Balas").click()
    planner.get_by_text("Balasan disimpan.").wait_for()
    planner.goto(stage_url)
    planner.locator("#langkah-ajukan button[type=submit]").click()
    planner.wait_for_url(stage_url)

    # --- the head of agency approves ---------------------------------------------------------------------------
    head = login(browser, base, "kepala")
    head.goto(stage_url)
    head.locator("#langkah-setujui button[type=submit]").click()
    head.get_by_text("Renja disetujui kepala perangkat daerah.").wait_for()
    assert Renja.objects.get(pk=renja.pk).status == StatusRenja.DISETUJUI

    # --- Bappeda locks the stage ---------------------------------------------------------------------------------
    verifier.goto(stage_url)
    verifier.locator("#langkah-kunci button[type=submit]").click()
    verifier.get_by_text("Tahapan dikunci").wait_for()
    assert Renja.objects.get(pk=renja.pk).terkunci

    # --- a further edit is refused with a clear message --------------------------------------------------------
    planner.goto(tree_url)
    assert "Rencana ini tidak dapat diubah sekarang." in planner.locator("#status-ubah").inner_text()
    cell = planner.locator(f"#pagu-{plan.sub.pk}-2024")
    cell.click()
    message = cell.locator(".cell-msg")
    message.wait_for()
    assert "sudah dikunci: tahapan ini tidak menerima perubahan" in message.inner_text()
    assert cell.locator("input").count() == 0
    assert Pagu.objects.get(pk=plan.pagu.pk).jumlah == Decimal(1_250_000)
    steps = list(Transisi.objects.filter(renja=renja).order_by("id").values_list("aksi", flat=True))
    assert steps == ["ajukan", "kembalikan", "ajukan", "setujui", "kunci"]
    for page in (planner, verifier, head):
        page.context.close()
