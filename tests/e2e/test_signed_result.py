"""The leader approves and the result is signed; the QR's page says valid; anyone uploads the downloaded file to
the public verify page and reads the same; the pages at a phone's width too."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.province import act, receive
from tests.e2e.screens import act_on_dossier
from tests.signatures.conftest import p12_key, pki, signing_settings  # noqa: F401 (fixtures)
from tests.signatures.documents import blank_pdf

PHONE = {"width": 390, "height": 844}


def test_a_signed_result_verified_by_anyone(page, login, world, p12_key, screenshot):  # noqa: F811
    p12_key(world.justice)
    dossier = act(world, act(world, receive(world), "tuphap.chuyenvien", "assign"), "tuphap.chuyenvien", "forward")
    login(page, "tuphap.lanhdao")
    page.goto(f"/desk/ho-so/{dossier.code}/")
    panel = page.locator("details.dx-action-approve")
    panel.locator("summary").click()
    panel.locator("#f-approve-result").set_input_files(
        files=[{"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": blank_pdf()}]
    )
    act_on_dossier(page, "approve", note="Đồng ý.")
    message = page.locator(".messages")
    expect(message).to_contain_text("Sở Tư pháp")
    link = message.locator("a[href^='/xac-thuc/']")
    token_url = link.get_attribute("href")
    assert token_url and re.fullmatch(r"/xac-thuc/[\w-]+/", token_url)
    screenshot(page, "sign-approved")

    page.goto(token_url)
    expect(page.locator("[data-overall]")).to_have_attribute("data-overall", "valid")
    expect(page.locator(".signature")).to_contain_text("Sở Tư pháp tỉnh Hòa An")
    expect(page.locator("main")).to_contain_text(dossier.code)
    screenshot(page, "verify-document")
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SCREENSHOTS / "verify-document-phone.png"), full_page=True)

    with page.expect_download() as download:
        page.locator(f"a[href='{token_url}tai-ve/']").click()
    signed = download.value.path()
    page.goto("/xac-thuc/")
    page.locator("#verify-file").set_input_files(signed)
    with page.expect_navigation():
        page.locator("form.verify-form button[type=submit]").click()
    expect(page.locator("[data-overall]")).to_have_attribute("data-overall", "valid")
    page.screenshot(path=str(SCREENSHOTS / "verify-upload-phone.png"), full_page=True)
    screenshot(page, "verify-upload")
