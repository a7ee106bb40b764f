"""A dossier crossing levels in the browser: received at a commune's counter, appraised by a province department,
sent back once by the province's leader and approved, taken back and returned by the commune. Each agency finds it
on its hand-over screen (/desk/lien-thong/). Screenshots go to docs/screenshots/lienthong-*.png."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from motcua.dossiers.models import Dossier, Handover
from tests.e2e.province import add_lienthong
from tests.e2e.screens import act_on_dossier

PROCEDURE = "Cấp giấy chứng nhận liên thông"
DOCUMENTS = ("Đơn đề nghị cấp giấy phép xây dựng", "Bản vẽ thiết kế xây dựng", "Giấy tờ chứng minh quyền sử dụng đất")
CODE_IN_URL = re.compile(r"/desk/ho-so/([^/]+)/$")


def _switch_to(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _open_from_handovers(page, code: str) -> None:
    """The hand-over screen lists it as waiting for this agency; its code opens the dossier."""
    page.goto("/desk/lien-thong/")
    waiting = page.locator("section", has=page.locator("#ho-waiting"))
    row = waiting.locator("tbody tr", has_text=code)
    expect(row).to_be_visible()
    row.get_by_role("link", name=code).click()
    page.wait_for_url(f"**/desk/ho-so/{code}/")


def test_a_dossier_goes_from_a_commune_to_the_province_and_back(page, world, login, screenshot):
    add_lienthong(world)
    login(page, "hoabinh.motcua")
    page.goto("/desk/tiep-nhan/")
    query = page.locator("#rc-q")
    query.press_sequentially("giay chung nhan lien thong", delay=10)
    results = page.locator("[data-rc-result]")
    expect(results.first).to_contain_text(PROCEDURE)
    query.press("Enter")
    page.wait_for_url(re.compile(r"thu_tuc=1\.000010"))
    page.locator("#rc-name").fill("Lò Văn Tiến")
    page.locator("#rc-phone").fill("0987 654 321")
    page.locator("#rc-id-number").press_sequentially("012090001234", delay=10)
    expect(page.locator("#rc-name")).to_have_value("Lò Văn Tiến")
    for document in DOCUMENTS:
        page.get_by_label(document).check()
    page.locator("#fee-counter-0-method").select_option("cash")
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    page.wait_for_url(CODE_IN_URL)
    code = CODE_IN_URL.search(page.url).group(1)
    assert code.startswith("000.00.61.H99-")  # the commune's code: received there

    # The commune sees it sent to the department; the department finds it waiting.
    page.goto("/desk/lien-thong/")
    sent = page.locator("section", has=page.locator("#ho-sent"))
    expect(sent.locator("tbody tr", has_text=code)).to_contain_text("Sở Tư pháp")
    screenshot(page, "lienthong-sent-from-commune")
    _switch_to(page, login, "tuphap.chuyenvien")
    _open_from_handovers(page, code)
    act_on_dossier(page, "forward", note="Đủ điều kiện, trình UBND tỉnh.")
    expect(page.locator(".messages")).to_contain_text("Chuyển bước tiếp theo: đã xong.")

    # The province's leader sends it back with a reason; the department sees why, and forwards it again.
    _switch_to(page, login, "ubnd.lanhdao")
    _open_from_handovers(page, code)
    act_on_dossier(page, "send_back", reason="Bổ sung ý kiến về quy hoạch.")
    expect(page.locator(".messages")).to_contain_text("Trả lại bước trước: đã xong.")
    _switch_to(page, login, "tuphap.chuyenvien")
    page.goto("/desk/lien-thong/")
    waiting = page.locator("section", has=page.locator("#ho-waiting"))
    expect(waiting.locator("tbody tr", has_text=code)).to_contain_text("Bổ sung ý kiến về quy hoạch.")
    screenshot(page, "lienthong-sent-back")
    _open_from_handovers(page, code)
    act_on_dossier(page, "forward", note="Đã bổ sung ý kiến.")

    _switch_to(page, login, "ubnd.lanhdao")
    _open_from_handovers(page, code)
    act_on_dossier(page, "approve", note="Đồng ý.")
    expect(page.locator(".messages")).to_contain_text("Phê duyệt: đã xong.")

    # Back at the commune: waiting on its hand-over screen, returned at its counter.
    _switch_to(page, login, "hoabinh.motcua")
    _open_from_handovers(page, code)
    screenshot(page, "lienthong-back-at-commune")
    page.goto("/desk/tra-ket-qua/")
    page.keyboard.type(code, delay=5)
    page.keyboard.press("Enter")
    expect(page.locator("#id_receiver")).to_have_value("Lò Văn Tiến")
    page.locator("form.rt-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(code)

    dossier = Dossier.objects.get(code=code)
    assert dossier.state == "returned"
    route = [(h.from_agency.name, h.to_agency.name, h.kind) for h in Handover.objects.filter(dossier=dossier)]
    assert route == [
        ("UBND xã Hòa Bình", "Sở Tư pháp", "forward"),
        ("Sở Tư pháp", "UBND tỉnh Hòa An", "forward"),
        ("UBND tỉnh Hòa An", "Sở Tư pháp", "send_back"),
        ("Sở Tư pháp", "UBND tỉnh Hòa An", "forward"),
        ("UBND tỉnh Hòa An", "UBND xã Hòa Bình", "forward"),
    ]
    assert all(h.received_at for h in Handover.objects.filter(dossier=dossier))
