"""The display board in the browser: a call made at a counter appears without a reload and is announced; after
the stream ends (as after a server restart) the board reconnects by itself and still shows the next call.
Screenshots: docs/screenshots/call-board.png (a 1920x1080 TV) and call-board-phone.png."""

from __future__ import annotations

from playwright.sync_api import expect

from motcua.queue.services import calling, tickets
from tests.e2e.conftest import SCREENSHOTS
from tests.queue.floor import build_floor

TV = {"width": 1920, "height": 1080}


def test_a_call_appears_on_the_board_without_reload_and_after_a_reconnect(page, transactional_db, settings):
    settings.BOARD_STREAM_SECONDS = 3  # the stream ends quickly: the board must reconnect by itself
    settings.BOARD_HEARTBEAT_SECONDS = 1
    floor = build_floor()
    for area in "AAAABBB":
        tickets.issue_ticket(centre=floor.centre, request=tickets.TicketRequest(area_code=area), device=floor.kiosk)
    calling.call_next(officer=floor.officers[1], counter=floor.counters[1])  # A001
    calling.call_next(officer=floor.officers[3], counter=floor.counters[3])  # B001

    page.set_viewport_size(TV)
    page.goto(f"/bang-goi/{floor.centre.code}/")
    expect(page.locator("h1")).to_have_text(floor.centre.name)
    expect(page.locator("audio#board-audio")).to_have_count(1)
    expect(page.locator("#board-serving li")).to_have_count(2)
    page.evaluate("window.notReloaded = true")

    calling.call_next(officer=floor.officers[2], counter=floor.counters[2])  # A002 at counter 2
    expect(page.locator("#board-serving")).to_contain_text("A002")
    expect(page.locator("#board-announce")).to_have_text("Mời số A002 đến quầy số 2")
    expect(page.locator("#board-areas li").first).to_contain_text("2")  # A003, A004 wait
    assert page.evaluate("window.notReloaded") is True
    sound = page.locator("#board-sound")
    if sound.is_visible():  # a browser that blocks autoplay until a click
        sound.click()
    expect(sound).to_be_hidden()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "call-board.png"))

    page.wait_for_timeout(4000)  # the stream has ended at least once meanwhile
    calling.recall(officer=floor.officers[1], counter=floor.counters[1])
    expect(page.locator("#board-announce")).to_have_text("Mời số A001 đến quầy số 1", timeout=15_000)
    expect(page.locator("#board-offline")).to_be_hidden()
    assert page.evaluate("window.notReloaded") is True

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SCREENSHOTS / "call-board-phone.png"), full_page=True)
