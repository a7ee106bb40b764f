"""The hall's two screens in the browser: the look-up kiosk (a scanner types the receipt's QR address, the keypad
types the rest, the screen goes back to its start when idle) and the rating board. Screenshots at 1920×1080 and
at a phone's width: docs/screenshots/lookup-kiosk*.png and rating-board*.png."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from motcua.core.models import Centre, Counter
from motcua.dossiers.forms.fill import lookup_url
from motcua.dossiers.models import Dossier
from motcua.feedback.models import Rating
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.province import receive, to_result_ready

HALL = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}


def shoot(page, name: str, viewport: dict) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(viewport)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=viewport is PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # nothing cut off sideways


def centre_of(world) -> Centre:
    centre = Centre.objects.create(
        code="TTPVHCC-H99", name="Trung tâm Phục vụ hành chính công tỉnh Hòa An", agency=world.root
    )
    for number, name, agency in ((1, "Tư pháp – Hộ tịch", world.justice), (2, "Xây dựng", world.construction)):
        Counter.objects.create(centre=centre, number=number, name=name).agencies.add(agency)
    return centre


def test_a_citizen_scans_the_receipt_at_the_kiosk(page, world):
    centre = centre_of(world)
    ready = to_result_ready(world, receive(world))
    Dossier.objects.filter(pk=ready.pk).update(centre=centre)
    page.set_viewport_size(HALL)
    page.goto("/tra-cuu/kiosk/")
    expect(page.locator("#kiosk-input")).to_be_focused()
    shoot(page, "lookup-kiosk-start", HALL)
    page.locator(".kiosk-help summary").click()  # the "?": how to scan or type
    expect(page.locator(".kiosk-help-body li")).to_have_count(3)
    page.locator(".kiosk-help summary").click()
    expect(page.locator("#kiosk-input")).to_be_focused()

    page.keyboard.type(lookup_url(ready))  # a hall scanner is a keyboard: it types what it read, then Enter
    page.keyboard.press("Enter")
    expect(page.locator("#kiosk-state")).to_have_text("Đã có kết quả")
    expect(page.locator(".kiosk-result")).to_contain_text(timezone.localtime(ready.due_at).strftime("%d/%m/%Y"))
    expect(page.locator(".kiosk-result")).not_to_contain_text("Nguyễn Thị Hương")
    expect(page.locator("#kiosk-input")).to_be_focused()  # the next scan lands in the page at once
    shoot(page, "lookup-kiosk", HALL)
    shoot(page, "lookup-kiosk-phone", PHONE)

    # Left alone, it goes back to its start (the test shortens the idle time through the page's attribute).
    page.evaluate("document.body.dataset.idleSeconds = '1'")
    page.mouse.click(5, 400)
    page.wait_for_url("**/tra-cuu/kiosk/", timeout=5_000)
    expect(page.locator(".kiosk-result")).to_have_count(0)


def test_the_keypad_types_code_and_secret_for_those_without_a_scan(page, world):
    dossier = receive(world)
    page.set_viewport_size(HALL)
    page.goto("/tra-cuu/kiosk/")
    page.locator(".kiosk-keypad summary").click()
    for char in f"{dossier.code} {dossier.lookup_secret}":
        page.locator(f'.kiosk-keys [data-key="{char}"]').click()
    expect(page.locator("#kiosk-input")).to_have_value(f"{dossier.code} {dossier.lookup_secret}")
    shoot(page, "lookup-kiosk-keypad", HALL)
    page.locator('.kiosk-keys [data-key="backspace"]').click()
    page.locator(f'.kiosk-keys [data-key="{dossier.lookup_secret[-1]}"]').click()
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("#kiosk-state")).to_have_text("Đã tiếp nhận, đang chờ xử lý")


def test_the_rating_board_on_the_halls_screen(page, world):
    centre = centre_of(world)
    counters = list(Counter.objects.filter(centre=centre).order_by("number"))
    now = timezone.now()
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    levels = [(5, 0, 0), (5, 0, 0), (4, 0, 0), (2, 0, 0), (5, 1, 1), (4, 1, 1), (3, 1, 3), (5, 0, 8), (1, 1, 9)]
    today = []
    for level, which, days_ago in levels:
        agency = "justice" if which == 0 else "construction"
        dossier = receive(world, agency=agency)
        Dossier.objects.filter(pk=dossier.pk).update(centre=centre)
        at = max(now - timedelta(days=days_ago), month_start)  # within this month, whatever today is
        if timezone.localdate(at) == timezone.localdate(now):
            today.append(level)
        Rating.objects.create(
            dossier=dossier,
            province=world.root,
            agency=getattr(world, agency),
            counter=counters[which],
            channel="tablet",
            level=level,
            created_at=at,
            updated_at=at,
        )
    page.set_viewport_size(HALL)
    page.goto(f"/bang-danh-gia/{centre.code}/")
    expect(page.locator("h1")).to_be_visible()
    counters = page.locator("section[aria-labelledby=board-counters] tbody").get_by_role("rowheader")
    expect(counters).to_have_text(["01 Tư pháp – Hộ tịch", "02 Xây dựng"])
    share = round(100 * sum(level >= 4 for level in today) / len(today), 1)
    expect(page.locator(".board-overall .board-share").first).to_have_text(f"{share:g}%".replace(".", ","))
    shoot(page, "rating-board", HALL)
    shoot(page, "rating-board-phone", PHONE)
