"""Booking a visit in the browser, from the home page to the booking's QR and its cancelling, at desktop and phone
width. Screenshots: docs/screenshots/booking-slots(-phone).png, booking-confirmation(-phone).png."""

from __future__ import annotations

from playwright.sync_api import expect

from motcua.queue.models import Booking, BookingState
from tests.e2e.conftest import SCREENSHOTS
from tests.queue.floor import build_floor

PHONE = {"width": 390, "height": 844}


def _phone_shot(page, name: str) -> None:
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing cut off
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_a_citizen_books_a_visit_gets_the_qr_and_cancels(page, world, screenshot):
    floor = build_floor(world)
    page.goto("/")
    page.get_by_role("link", name="Đặt lịch hẹn đến Trung tâm").click()
    expect(page.locator("h1")).to_have_text("Đặt lịch hẹn")
    page.get_by_role("link", name="A Tư pháp").click()
    page.locator(".bk-days a").nth(1).click()  # the next working day but one: all its slots are to come
    expect(page.locator(".bk-slot")).to_have_count(15)
    page.locator(".bk-slot", has_text="09:00–09:30").click()
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Mai")
    page.get_by_label("Số điện thoại di động").fill("0912 345 678")
    screenshot(page, "booking-slots")
    _phone_shot(page, "booking-slots-phone")

    page.get_by_role("button", name="Đặt giờ này").click()
    expect(page.locator(".form-error").first).to_contain_text("Hãy đánh dấu đồng ý")  # consent first
    expect(page.get_by_label("Họ và tên")).to_have_value("Nguyễn Thị Mai")  # nothing typed is lost
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Đặt giờ này").click()

    made = Booking.objects.get(area=floor.areas["A"])
    expect(page.locator("#bk-code")).to_have_text(made.code)
    expect(page.get_by_role("img", name="Mã QR của lịch hẹn")).to_be_visible()
    expect(page.locator(".bk-ticket")).to_contain_text("09:00–09:30")
    assert page.url.endswith(f"/dat-lich/{made.code}/?bi-mat={made.secret}")
    screenshot(page, "booking-confirmation")
    _phone_shot(page, "booking-confirmation-phone")

    page.get_by_text("Không đến được? Hủy lịch hẹn này").click()
    page.get_by_role("button", name="Hủy lịch hẹn").click()
    expect(page.locator(".messages")).to_contain_text("Lịch hẹn của bạn đã được hủy")
    expect(page.locator(".bk-state")).to_have_text("Đã hủy")
    assert Booking.objects.get(pk=made.pk).state == BookingState.CANCELLED
