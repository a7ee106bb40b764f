"""Browser journeys of a dossier through the desk, as officers drive it with the keyboard and the mouse: received
at the counter, forwarded, approved and returned; guided to complete (Mẫu 02) or refused (Mẫu 03) at reception;
a supplement asked for and brought back; a late dossier apologised for with a new appointment (Mẫu 04).
Each asserts what the officer sees; screenshots go to docs/screenshots/journey-*.png."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from tests.e2e.province import act, receive
from tests.e2e.screens import act_on_dossier

PROCEDURE = "Cấp phiếu lý lịch tư pháp"
DOCUMENTS = ("Đơn đề nghị cấp giấy phép xây dựng", "Bản vẽ thiết kế xây dựng", "Giấy tờ chứng minh quyền sử dụng đất")
# A small, valid PDF: the signed result the leader attaches (checked by content, not by name).
RESULT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
CODE_IN_URL = re.compile(r"/desk/ho-so/([^/]+)/$")


def _switch_to(page, login, username: str) -> None:
    """Another officer at the same browser: the previous one's session is gone, the new one logs in."""
    page.context.clear_cookies()
    login(page, username)


def _open_procedure(page) -> None:
    """At the reception counter: the procedure typed as officers do, without diacritics; Enter picks the first."""
    page.goto("/desk/tiep-nhan/")
    query = page.locator("#rc-q")
    expect(query).to_be_focused()  # the search has the focus: the officer types straight away
    query.press_sequentially("ly lich tu phap", delay=10)
    results = page.locator("[data-rc-result]")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text(PROCEDURE)
    query.press("Enter")
    page.wait_for_url(re.compile(r"thu_tuc=1\.000001"))
    expect(page.locator(".rc-procedure h2")).to_have_text(PROCEDURE)


def _type_applicant(page, name: str, id_number: str = "") -> None:
    """The name first, then the ID number: its look-up redraws the applicant's fields with what was typed."""
    page.locator("#rc-name").fill(name)
    page.locator("#rc-phone").fill("0987 654 321")
    if id_number:
        page.locator("#rc-id-number").press_sequentially(id_number, delay=10)
        expect(page.locator(".rc-found.new")).to_have_text("Người nộp mới: hãy nhập thông tin.")
    expect(page.locator("#rc-name")).to_have_value(name)


def _expect_state(page, state: str, text: str) -> None:
    badge = page.locator(".dx-head .dx-state")
    expect(badge).to_have_text(text)
    expect(badge).to_have_class(re.compile(rf"\bdx-state-{state}\b"))


def test_a_dossier_from_the_counter_to_its_return(page, world, login, screenshot):
    login(page, "motcua")
    _open_procedure(page)
    _type_applicant(page, "Đỗ Minh Khoa", "001199012399")
    for document in DOCUMENTS:
        page.get_by_label(document).check()
    page.locator("#fee-counter-0-method").select_option("cash")  # collected now: its e-receipt is issued
    screenshot(page, "journey-reception")
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()

    page.wait_for_url(CODE_IN_URL)
    code = CODE_IN_URL.search(page.url).group(1)
    expect(page.locator(".messages")).to_contain_text(f"Đã tiếp nhận hồ sơ {code}.")
    expect(page.locator(".dx-head .code")).to_have_text(code)
    _expect_state(page, "received", "Đã tiếp nhận")
    expect(page.locator(".dx-summary")).to_contain_text("Đỗ Minh Khoa")
    expect(page.locator(".dx-summary")).to_contain_text("Sở Tư pháp")
    expect(page.locator("#dx-fees")).to_contain_text("biên lai")
    expect(page.get_by_role("link", name="Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)", exact=True)).to_be_visible()
    screenshot(page, "journey-dossier-received")

    # The specialist finds it in the inbox and forwards it to the leader.
    _switch_to(page, login, "tuphap.chuyenvien")
    page.goto("/desk/ho-so/")
    row = page.locator("tbody tr", has_text=code)
    expect(row).to_contain_text("Đỗ Minh Khoa")
    screenshot(page, "journey-inbox")
    row.get_by_role("link", name=code).click()
    page.wait_for_url(f"**/desk/ho-so/{code}/")
    act_on_dossier(page, "forward", note="Đủ điều kiện cấp phiếu.")
    expect(page.locator(".messages")).to_contain_text("Chuyển bước tiếp theo: đã xong.")
    _expect_state(page, "in_progress", "Đang giải quyết")

    # The leader approves on the last step, with the signed result.
    _switch_to(page, login, "tuphap.lanhdao")
    page.goto(f"/desk/ho-so/{code}/")
    panel = page.locator("details.dx-action-approve")
    panel.locator("summary").click()
    panel.locator("#f-approve-result").set_input_files(
        files=[{"name": "phieu-ly-lich-tu-phap.pdf", "mimeType": "application/pdf", "buffer": RESULT_PDF}]
    )
    act_on_dossier(page, "approve", note="Đồng ý.")
    expect(page.locator(".messages")).to_contain_text("Phê duyệt: đã xong.")
    _expect_state(page, "result_ready", "Có kết quả, chờ trả")

    # The counter returns the result to the applicant, the code scanned at the return desk.
    _switch_to(page, login, "motcua")
    page.goto("/desk/tra-ket-qua/")
    page.keyboard.type(code, delay=5)
    page.keyboard.press("Enter")
    form = page.locator("form.rt-form")
    expect(page.locator("#id_receiver")).to_have_value("Đỗ Minh Khoa")
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(code)

    page.goto(f"/desk/ho-so/{code}/")
    _expect_state(page, "returned", "Đã trả kết quả")
    expect(page.locator(".dx-summary")).to_contain_text("Đỗ Minh Khoa")
    expect(page.locator("section", has=page.locator("#dx-actions-title"))).to_contain_text(
        "Không còn việc gì: hồ sơ đã kết thúc."
    )
    screenshot(page, "journey-dossier-returned")
    dossier = Dossier.objects.get(code=code)
    assert dossier.state == "returned" and dossier.result_file is not None


def test_a_refusal_at_reception_gives_the_applicant_form_03(page, world, login, screenshot):
    login(page, "motcua")
    _open_procedure(page)
    _type_applicant(page, "Trần Văn Minh")
    page.locator("#rc-reason").fill("Hồ sơ không thuộc thẩm quyền giải quyết của Sở Tư pháp.")
    page.get_by_role("button", name="Từ chối (Mẫu 03)").click()

    page.wait_for_url(re.compile(r"luot=\d+"))
    expect(page.locator("h1")).to_have_text("Từ chối tiếp nhận (Mẫu 03)")
    expect(page.locator(".rc-facts")).to_contain_text("Trần Văn Minh")
    expect(page.locator(".rc-facts")).to_contain_text("không thuộc thẩm quyền")
    link = page.get_by_role("link", name="In Mẫu 03")
    expect(link).to_have_attribute("href", re.compile(r"^/api/v1/visits/\d+/forms/03\.pdf$"))
    pdf = page.request.get(link.get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    screenshot(page, "journey-refused-03")
    assert not Dossier.objects.exists()  # a refusal at the counter makes no dossier


def test_an_incomplete_dossier_is_guided_with_form_02(page, world, login, screenshot):
    login(page, "motcua")
    _open_procedure(page)
    _type_applicant(page, "Lê Thị Lan", "036192000777")
    page.get_by_label(DOCUMENTS[0]).check()  # the other two are missing
    page.locator("#rc-extra-items").fill("Bản sao sổ hộ khẩu")
    page.locator("#rc-reason").fill("Thiếu bản vẽ thiết kế và giấy tờ về đất.")
    page.get_by_role("button", name="Hướng dẫn bổ sung (Mẫu 02)").click()

    page.wait_for_url(re.compile(r"luot=\d+"))
    expect(page.locator("h1")).to_have_text("Đã hướng dẫn bổ sung (Mẫu 02)")
    items = page.locator(".rc-facts ul li")
    expect(items).to_have_text([DOCUMENTS[1], DOCUMENTS[2], "Bản sao sổ hộ khẩu"])
    link = page.get_by_role("link", name="In Mẫu 02")
    expect(link).to_have_attribute("href", re.compile(r"^/api/v1/visits/\d+/forms/02\.pdf$"))
    screenshot(page, "journey-guided-02")
    page.get_by_role("link", name="Người nộp tiếp theo").click()
    page.wait_for_url(re.compile(r"/desk/tiep-nhan/$"))
    assert not Dossier.objects.exists()


def test_a_supplement_asked_by_the_specialist_and_brought_to_the_desk(page, world, login, screenshot):
    dossier = receive(world)
    act(world, dossier, "tuphap.chuyenvien", "assign")
    login(page, "tuphap.chuyenvien")
    page.goto(f"/desk/ho-so/{dossier.code}/")
    _expect_state(page, "in_progress", "Đang giải quyết")
    panel = page.locator("details.dx-action-request_supplement")
    panel.locator("summary").click()
    panel.get_by_label("Đơn đề nghị").check()
    act_on_dossier(page, "request_supplement", reason="Đơn đề nghị chưa có chữ ký của người nộp.")
    expect(page.locator(".messages")).to_contain_text("Yêu cầu bổ sung hồ sơ: đã xong.")
    _expect_state(page, "awaiting_supplement", "Chờ bổ sung hồ sơ")
    expect(page.locator(".dx-summary")).to_contain_text("Đơn đề nghị")  # waiting for it
    expect(page.get_by_role("link", name="Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)")).to_be_visible()
    screenshot(page, "journey-supplement-asked")

    # The applicant brings the signed form to the counter.
    _switch_to(page, login, "motcua")
    page.goto(f"/desk/ho-so/{dossier.code}/")
    act_on_dossier(page, "complete_supplement", note="Đã nhận đơn có chữ ký.")
    expect(page.locator(".messages")).to_contain_text("Đã nhận hồ sơ bổ sung: đã xong.")
    _expect_state(page, "in_progress", "Đang giải quyết")
    dossier.refresh_from_db()
    assert dossier.state == "in_progress" and dossier.paused_since is None


def test_a_late_dossier_is_apologised_for_with_a_new_appointment(page, world, login, screenshot):
    dossier = receive(world, days_ago=3)
    passed = (timezone.localtime() - timedelta(days=1)).replace(hour=17, minute=0, second=0, microsecond=0)
    Dossier.objects.filter(pk=dossier.pk).update(due_at=passed, original_due_at=passed)  # yesterday's appointment
    new_due = (timezone.localtime() + timedelta(days=10)).replace(hour=16, minute=30, second=0, microsecond=0)
    login(page, "tuphap.lanhdao")
    page.goto(f"/desk/ho-so/{dossier.code}/")
    expect(page.locator(".dx-summary .due-late")).to_contain_text("Quá hạn")
    panel = page.locator("details.dx-action-extend")
    panel.locator("summary").click()
    panel.locator("#f-extend-due").fill(new_due.strftime("%Y-%m-%dT%H:%M"))
    act_on_dossier(
        page,
        "extend",
        reason="Cần xác minh thêm với cơ quan công an.",
        apology="Sở Tư pháp xin lỗi ông/bà vì sự chậm trễ.",
    )
    expect(page.locator(".messages")).to_contain_text("Xin lỗi và hẹn lại ngày trả kết quả: đã xong.")
    summary = page.locator(".dx-summary")
    expect(summary).to_contain_text(new_due.strftime("%H:%M %d/%m/%Y"))
    expect(summary).to_contain_text(f"Đã gia hạn; ngày hẹn ban đầu {passed:%H:%M %d/%m/%Y}")
    expect(summary).not_to_contain_text("Quá hạn")
    form_04 = page.get_by_role("link", name="Văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)")
    expect(form_04).to_have_attribute("href", f"/api/v1/dossiers/{dossier.code}/forms/04.pdf")
    expect(page.locator("details.dx-action-extend")).to_have_count(0)  # only one extension
    screenshot(page, "journey-extended-04")
    dossier.refresh_from_db()
    assert dossier.extended and timezone.localtime(dossier.due_at) == new_due
