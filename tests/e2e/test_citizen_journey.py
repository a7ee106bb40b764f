"""The citizen's journey in the browser, end to end: an account verified by the code sent to the phone; a
procedure found typed without diacritics and submitted online with scans; the desk accepts it and the citizen
sees the new state; a supplement asked for and completed online; the result returned; a rating; a feedback
answered. Staff act in their own browser window. Screenshots go to docs/screenshots/portal-*.png."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from motcua.feedback.models import Feedback
from motcua.notifications.models import Message
from tests.citizens import PASSWORD, PDF, PNG, last_code
from tests.e2e.province import act
from tests.e2e.screens import act_on_dossier, open_action

PROCEDURE = "Cấp phiếu lý lịch tư pháp"
PHONE = "0987654321"


def _file(name: str, data: bytes = PDF, mime: str = "application/pdf") -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


def _register(page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_role("link", name="Đăng ký tài khoản").click()
    page.get_by_label("Họ và tên").fill("Đỗ Minh Khoa")
    page.get_by_label("Số điện thoại hoặc e-mail").fill("0987 654 321")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Gửi mã cho tôi").click()
    expect(page.locator("main")).to_contain_text("098****321")
    page.get_by_label("Mã xác thực").fill(last_code(PHONE))  # read off the phone
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator("h1")).to_have_text("Xin chào, Đỗ Minh Khoa")


def _find_and_open_the_eform(page, screenshot) -> None:
    page.goto("/")
    page.locator("#home-q").fill("ly lich tu phap")  # typed without diacritics
    page.locator("#home-q").press("Enter")
    page.get_by_role("link", name=PROCEDURE).first.click()
    page.locator("#procedure-submit").click()
    expect(page.locator("h1")).to_have_text(PROCEDURE)
    expect(page.locator("#ef-name")).to_have_value("Đỗ Minh Khoa")  # prefilled from the account
    expect(page.locator("#ef-phone")).to_have_value(PHONE)


def _fill_and_submit(page, screenshot) -> str:
    page.locator("#ef-id-number").fill("001199012399")
    page.locator("#ef-address").fill("12 Lê Lợi, Phường Hòa An")
    # A first try without the last paper: nothing is lost, the missing one is named.
    page.locator("#ef-doc-1").set_input_files(_file("don-de-nghi.pdf"))
    page.locator("#ef-doc-2").set_input_files(_file("ban-ve.png", PNG, "image/png"))
    page.locator("#ef-submit").click()
    expect(page.locator("#ef-errors")).to_contain_text("Đính kèm giấy tờ này")
    expect(page.locator("#ef-doc-1-box")).to_contain_text("don-de-nghi.pdf")
    expect(page.locator("#ef-address")).to_have_value("12 Lê Lợi, Phường Hòa An")
    page.locator("#ef-doc-3").set_input_files(_file("giay-to-dat.pdf"))
    screenshot(page, "portal-eform")
    page.locator("#ef-submit").click()
    expect(page.locator("h1")).to_have_text("Hồ sơ của ông/bà đã được nộp")
    code = page.locator("#done-code").inner_text()
    assert re.fullmatch(r"000\.00\.03\.H99-\d{6}-\d{4}", code)
    screenshot(page, "portal-submitted")
    return code


def _desk(browser, live_url, login, username: str):
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_url
    )
    staff = context.new_page()
    login(staff, username)
    return staff


def test_a_citizen_does_everything_online(page, browser, live_url, world, login, screenshot):
    _register(page)
    _find_and_open_the_eform(page, screenshot)
    code = _fill_and_submit(page, screenshot)
    dossier = Dossier.objects.get(code=code)
    assert dossier.state == "submitted" and dossier.documents.count() == 3

    # The desk checks it and accepts it: the clock starts.
    desk = _desk(browser, live_url, login, "motcua")
    desk.goto(f"/desk/ho-so/{code}/")
    expect(desk.locator(".dx-head .dx-state")).to_have_text("Nộp trực tuyến")
    act_on_dossier(desk, "forward", note="Hồ sơ đủ, tiếp nhận.")
    expect(desk.locator(".dx-head .dx-state")).to_have_text("Đã tiếp nhận")

    # The citizen sees it in the account, with the appointment.
    page.goto("/tai-khoan/")
    row = page.locator("tr", has_text=code)
    expect(row).to_contain_text("Đã tiếp nhận, đang chờ xử lý")
    dossier.refresh_from_db()
    expect(row).to_contain_text(dossier.due_at.astimezone().strftime("%d/%m/%Y"))
    screenshot(page, "portal-my-dossiers")

    # The specialist asks for a supplement; the message tells the citizen where to complete it.
    desk.context.clear_cookies()
    login(desk, "tuphap.chuyenvien")
    desk.goto(f"/desk/ho-so/{code}/")
    panel = open_action(desk, "request_supplement")  # on a loaded machine a bare click could meet it half-loaded
    panel.get_by_label("Bản vẽ thiết kế xây dựng").check()
    act_on_dossier(desk, "request_supplement", reason="Bản vẽ chưa có chữ ký của người nộp.")
    expect(desk.locator(".dx-head .dx-state")).to_have_text("Chờ bổ sung hồ sơ")
    message = Message.objects.filter(dossier=dossier, kind="supplement_requested", channel="sms").get()
    link = re.search(r"https?://\S+", message.body).group(0)
    page.goto("/tra-cuu/" + link.split("/tra-cuu/", 1)[1])  # the link, on this test server
    expect(page.locator("section.todo[aria-labelledby=todo-title]")).to_contain_text("Bản vẽ thiết kế xây dựng")
    page.locator("#lookup-supplement").click()
    expect(page.locator("h1")).to_have_text("Bổ sung, hoàn thiện hồ sơ")
    page.locator("#sp-item-1").set_input_files(_file("ban-ve-da-ky.pdf"))
    page.locator("#sp-note").fill("Đã ký bản vẽ.")
    screenshot(page, "portal-supplement")
    page.locator("#sp-send").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi hồ sơ bổ sung")
    expect(page.locator("tr", has_text=code)).to_contain_text("Đã tiếp nhận, đang chờ xử lý")
    dossier.refresh_from_db()
    assert dossier.state == "received" and dossier.supplement_count == 1

    # Handled, approved and returned online (the desk's own journeys drive these screens).
    act(world, dossier, "tuphap.chuyenvien", "assign")
    act(world, dossier, "tuphap.chuyenvien", "forward")
    act(world, dossier, "tuphap.lanhdao", "approve")
    act(world, dossier, "motcua", "return_result", method="online")

    # The message of the return leads to the rating.
    returned = Message.objects.filter(dossier=dossier, kind="returned", channel="sms").get()
    page.goto("/tra-cuu/" + re.search(r"/tra-cuu/(\S+)", returned.body).group(1))
    expect(page.locator(".lookup-result .state")).to_contain_text("Đã trả kết quả")
    page.locator("#lookup-rate").click()
    page.locator(".fb-level-5").click()
    page.get_by_text("Đánh giá từng tiêu chí").click()
    page.get_by_label("Thái độ của cán bộ, công chức").select_option("5")
    page.get_by_label("Ý kiến (không bắt buộc)").fill("Nộp trực tuyến nhanh, cán bộ hướng dẫn rõ.")
    screenshot(page, "portal-rating")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator(".fb-thanks")).to_be_visible()

    # A feedback about the dossier, answered by the department, read with its code and secret.
    page.goto("/phan-anh/")
    page.get_by_label("Phản ánh của ông/bà về").select_option("dossier")
    page.get_by_label("Mã hồ sơ").fill(code)
    page.get_by_label("Tiêu đề").fill("Đề nghị gửi kết quả qua e-mail")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill("Xin gửi thêm bản kết quả qua e-mail cho tiện.")
    page.get_by_role("button", name="Gửi").click()
    feedback = Feedback.objects.get()
    expect(page.locator(".fb-thanks")).to_contain_text(feedback.secret)
    desk.context.clear_cookies()
    login(desk, "tuphap.lanhdao")
    desk.goto(f"/desk/phan-anh/{feedback.code}/")
    desk.get_by_label("Trả lời").fill("Trung tâm sẽ gửi bản điện tử của kết quả vào tài khoản của ông/bà.")
    desk.get_by_role("button", name="Lưu câu trả lời").click()
    page.goto(f"/phan-anh/{feedback.code}/?bi-mat={feedback.secret}")
    expect(page.locator(".fb-answer")).to_contain_text("Trung tâm sẽ gửi bản điện tử")
    screenshot(page, "portal-feedback-answer")
    desk.context.close()
