"""The cashier in the browser, in Vietnamese, at desktop and phone width: scan a dossier's code, collect its fee by
card, see the receipt, print it, cancel and replace it, and the public page the receipt's QR code leads to; the
reconciliation of the day. Screenshots: docs/screenshots/cashier-*.png."""

import re

from playwright.sync_api import expect

from motcua.core.models import Centre, Role
from motcua.core.services import upsert_staff
from motcua.receipts.models import Receipt
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.province import PASSWORD, receive

PHONE = {"width": 390, "height": 844}


def _shots(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, name  # nothing cut off
    page.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_a_cashier_collects_prints_cancels_and_the_public_verifies(page, world, login):
    Centre.objects.get_or_create(agency=world.root, defaults={"code": "TT-HOAAN", "name": "Trung tâm PVHCC tỉnh"})
    upsert_staff(username="thuphi", full_name="Trần Thu Phí", password=PASSWORD, roles=[(Role.CASHIER, world.root)])
    dossier = receive(world, fee_at_return=True)
    login(page, "thuphi")
    page.get_by_role("link", name="Thu phí").first.click()
    page.fill("#cs-code", dossier.code)
    page.press("#cs-code", "Enter")
    expect(page.locator(".cs-fee")).to_contain_text("150.000")
    _shots(page, "cashier-collect")
    page.get_by_role("radio", name="Thẻ").check()
    page.get_by_role("button", name=re.compile("Thu 150.000")).click()
    expect(page.locator(".messages")).to_contain_text("biên lai")
    expect(page.locator("#cs-totals")).to_contain_text("150.000")
    _shots(page, "cashier-day")

    receipt = Receipt.objects.get()
    page.get_by_role("link", name=receipt.full_number).first.click()
    expect(page.locator("#rc-state")).to_have_text("Còn giá trị")
    page.fill("#cs-reason", "Sai tên người nộp")
    page.fill("#cs-new-payer", "Nguyễn Văn Ánh")
    page.get_by_role("button", name="Hủy biên lai này và lập biên lai thay thế").click()
    expect(page.locator(".messages")).to_contain_text("Đã hủy biên lai")
    _shots(page, "cashier-receipt")

    replacement = Receipt.objects.get(state="active")
    page.goto(f"/bien-lai/{replacement.code}/")
    expect(page.locator("#receipt-verdict")).to_contain_text("còn giá trị")
    _shots(page, "receipt-verify")
    page.goto(f"/bien-lai/{receipt.code}/")
    expect(page.locator("#receipt-verdict")).to_contain_text("Đã hủy")

    page.goto("/desk/thu-phi/doi-soat/")
    expect(page.locator("#rc-lines")).to_contain_text("150.000")
    _shots(page, "cashier-reconciliation")
