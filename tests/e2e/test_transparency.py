"""The public transparency page in the browser: reached from the footer, its tables read as tables, the phone
width shows everything, English at the switch. Screenshot: docs/screenshots/portal-transparency.png."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.stats.public_history import make_history


def test_a_citizen_reads_how_the_province_resolves_dossiers(page, world, screenshot):
    make_history(world)  # committed for real (the live server's database): the stats subscriber runs after commit
    page.goto("/")
    page.get_by_role("link", name="Công khai kết quả: đúng hạn, mức độ hài lòng, Bộ chỉ số theo Quyết định 766").click()
    expect(page.locator("h1")).to_have_text("Kết quả giải quyết thủ tục hành chính")

    agencies = page.get_by_role("table", name="Cơ quan cấp tỉnh")
    justice = agencies.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Sở Tư pháp"))
    expect(justice.get_by_role("cell")).to_have_text(["3", "66,7%", "1", "0", "100% (1)"])
    index = page.get_by_role("table", name="Điểm của từng nhóm chỉ số", exact=False)
    groups = ["Công khai, minh bạch", "Tiến độ, kết quả giải quyết", "Cung cấp dịch vụ trực tuyến", "Số hóa hồ sơ"]
    expect(index.get_by_role("rowheader")).to_have_text([*groups, "Mức độ hài lòng"])
    procedures = page.get_by_role("table", name="Các thủ tục được sử dụng nhiều nhất trong 12 tháng qua")
    expect(procedures.get_by_role("row").nth(1)).to_contain_text("Cấp phiếu lý lịch tư pháp")
    expect(procedures.get_by_role("row").nth(1)).to_contain_text("15 ngày làm việc")
    screenshot(page, "portal-transparency")

    # On a phone nothing is cut off: wide tables scroll inside their own box, not the page.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.get_by_role("heading", name="Thủ tục được sử dụng nhiều nhất", exact=False)).to_be_visible()

    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("How we resolve administrative procedures")
    expect(page.get_by_role("table", name="Province-level agencies")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Progress of resolution")).to_be_visible()
