"""The centre floor in the browser, as a morning runs: a visitor takes a number at the kiosk, the board shows it
waiting, the officer calls it (the board shows and announces the call), receives the dossier from it (Mẫu 01),
marks it served, the counter's tablet rates it and the hall's rating board counts it; the visitor's phone follows
the number throughout."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from motcua.queue.models import Ticket
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_floor_screens import HALL, PHONE, shoot
from tests.e2e.test_journeys import DOCUMENTS, _open_procedure, _type_applicant
from tests.queue.floor import build_floor

KIOSK = {"width": 1080, "height": 1920}  # a portrait touch screen


def _device(browser, live_url, viewport: dict):
    context = browser.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_url)
    return context.new_page()


def _pair(tab, login, username: str, path: str, button: str) -> None:
    """Staff log in on the device, pair it, and log out: the device keeps only its own cookie."""
    login(tab, username)
    tab.goto(path)
    tab.get_by_role("button", name=button).click()
    tab.context.clear_cookies(name="sessionid")


def test_a_morning_at_the_counter_from_the_kiosk_to_the_rating_board(page, browser, live_url, world, login, screenshot):
    floor = build_floor(world)
    centre = floor.centre.code
    counter = floor.counters[1]

    kiosk = _device(browser, live_url, KIOSK)
    _pair(kiosk, login, "giamsat", f"/lay-so/{centre}/", "Ghép thiết bị này làm máy lấy số")
    tablet = _device(browser, live_url, {"width": 800, "height": 1280})
    _pair(tablet, login, "quay1", f"/danh-gia/quay/{counter.pk}/", "Ghép máy tính bảng này với quầy")

    # The visitor takes a number in area A; the ticket shows it, how many wait before, and the QR.
    kiosk.goto(f"/lay-so/{centre}/")
    expect(kiosk.locator("h1")).to_have_text("Lấy số thứ tự")
    shoot(kiosk, "floor-kiosk", KIOSK)
    kiosk.get_by_role("button", name=re.compile("Tư pháp")).click()
    expect(kiosk.locator(".ticket-number")).to_have_text("A001")
    expect(kiosk.locator(".ticket-waiting")).to_have_text("Có 0 người chờ trước bạn")
    expect(kiosk.locator("img.ticket-qr")).to_be_visible()
    kiosk.set_viewport_size({"width": 600, "height": 900})
    kiosk.screenshot(path=str(SCREENSHOTS / "floor-ticket.png"))
    ticket = Ticket.objects.get(label="A001")

    board = _device(browser, live_url, HALL)
    board.goto(f"/bang-goi/{centre}/")
    expect(board.locator("#board-areas li").first).to_contain_text("1")  # A001 waits
    expect(board.locator("audio#board-audio")).to_have_count(1)

    phone = _device(browser, live_url, PHONE)
    phone.goto(f"/so/{ticket.token}/")
    expect(phone.locator(".follow-number")).to_have_text("A001")
    expect(phone.locator(".follow-state")).to_contain_text("0 người được gọi trước bạn")

    # The officer calls it, and receives the dossier it brought.
    login(page, "quay1")
    page.goto("/desk/quay/")
    expect(page.locator(".ct-waiting")).to_contain_text("1 người đang chờ")
    page.get_by_role("button", name="Gọi số tiếp theo").click()
    expect(page.locator(".ct-label")).to_have_text("A001")
    expect(page.locator(".messages")).to_contain_text("Đã mời số A001 đến quầy 1.")
    screenshot(page, "desk-counter")
    expect(board.locator("#board-serving")).to_contain_text("A001")  # without a reload
    expect(board.locator("#board-announce")).to_have_text("Mời số A001 đến quầy số 1")
    phone.reload()
    expect(phone.locator(".follow-state")).to_have_text("Đến lượt bạn: mời đến quầy 1.")
    shoot(phone, "floor-follow-phone", PHONE)

    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    _open_procedure(page)
    expect(page.locator(".ct-serving")).to_contain_text("A001")
    _type_applicant(page, "Đỗ Minh Khoa", "001199012399")
    for document in DOCUMENTS:
        page.get_by_label(document).check()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    page.wait_for_url(re.compile(r"/desk/ho-so/"))
    expect(page.locator(".messages")).to_contain_text("Đã ghi cho số A001.")

    page.goto("/desk/quay/")
    expect(page.locator(".ct-records")).to_contain_text(ticket.records.get().dossier.code)
    page.get_by_role("button", name="Hoàn tất phục vụ").click()
    expect(page.locator(".messages")).to_contain_text("Đã phục vụ xong số A001.")
    expect(page.locator(".ct-label")).to_have_count(0)

    # The tablet offers the rating of the dossier just served; the hall's board counts it for counter 1.
    tablet.reload()
    tablet.locator(".fb-level-5").click()
    tablet.get_by_role("button", name="Gửi đánh giá").click()
    expect(tablet.locator(".fb-thanks")).to_be_visible()
    ratings = _device(browser, live_url, HALL)
    ratings.goto(f"/bang-danh-gia/{centre}/")
    expect(ratings.locator("section[aria-labelledby=board-counters] tbody")).to_contain_text("100")
    phone.reload()
    expect(phone.locator(".follow-state")).to_have_text("Số này đã được phục vụ. Xin cảm ơn.")
    for tab in (kiosk, tablet, phone, board, ratings):
        tab.context.close()
