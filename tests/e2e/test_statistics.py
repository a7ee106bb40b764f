"""Browser journey: a supervisor opens the statistics, sees the charts and the index, and follows a number to the
dossiers behind it. Saves docs/screenshots/stats-dashboard.png (desktop) and stats-dashboard-phone.png (390 wide)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.province import receive, returned, to_result_ready


def test_a_supervisor_follows_a_number_of_the_dashboard_to_its_dossiers(page, world, login, screenshot):
    late = to_result_ready(world, receive(world, days_ago=40))
    returned(world, to_result_ready(world, receive(world)))
    receive(world, agency="construction", officer="xaydung.motcua")
    receive(world, days_ago=35, agency="construction", officer="xaydung.motcua")
    today = timezone.localdate()
    start = (today - timedelta(days=62)).replace(day=1)
    login(page, "giamsat")
    page.get_by_role("link", name="Thống kê").first.click()
    page.wait_for_url("**/desk/thong-ke/")
    expect(page.locator("h1")).to_contain_text(f"Năm {today.year}")
    page.fill("#st-from", f"{start:%Y-%m}")
    page.fill("#st-to", f"{today:%Y-%m}")
    page.locator(".st-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"tu="))
    expect(page.locator("svg.chart")).to_have_count(6)
    for title in ("Tỷ lệ đúng hạn theo tháng", "Tiếp nhận theo tháng và kênh nộp", "Điểm Bộ chỉ số 766 theo nhóm"):
        expect(page.locator("svg.chart title", has_text=title)).to_have_count(1)
    expect(page.locator(".st-index")).to_contain_text("chưa đo được")
    expect(page.locator(".st-ranking")).to_contain_text("Sở Xây dựng")
    page.emulate_media(media="print")  # the print layout drops the filters and keeps the charts
    expect(page.locator(".st-filters")).to_be_hidden()
    page.emulate_media(media="screen")
    screenshot(page, "stats-dashboard")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "stats-dashboard-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})

    late_tile = page.locator(".st-tile", has=page.locator(".st-label", has_text=re.compile(r"^quá hạn$"))).first
    expect(late_tile.locator("a.st-number")).to_have_text("1")
    late_tile.locator("a.st-number").click()
    page.wait_for_url(re.compile(r"/desk/thong-ke/ho-so/\?.*chi_so=resolved_late"))
    expect(page.locator("h1")).to_contain_text("Giải quyết quá hạn")
    rows = page.locator(".st-dossiers tbody tr")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link", name=late.code).click()
    page.wait_for_url(f"**/desk/ho-so/{late.code}/")
