"""A fully online service (toàn trình), in the browser: the citizen submits online and pays the fee at the
(sandbox) VNPay gateway; the desk sees the fee paid with its e-receipt; the leader approves and the result is
signed; motcua delivers it online; the citizen finds it in "my documents", downloads it and the public
verification page says it is valid."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from motcua.payments.models import Payment
from motcua.receipts.models import Receipt
from tests.e2e.province import act
from tests.e2e.screens import act_on_dossier
from tests.e2e.test_citizen_journey import _desk, _fill_and_submit, _find_and_open_the_eform, _register
from tests.payments.conftest import sandbox  # noqa: F401 (a fixture: the gateway on a free port, IPN to us)
from tests.signatures.conftest import p12_key, pki, signing_settings  # noqa: F401 (fixtures)
from tests.signatures.documents import blank_pdf


def test_submit_pay_sign_deliver_verify(page, browser, live_url, world, login, screenshot, sandbox, p12_key, settings):  # noqa: F811
    p12_key(world.justice)
    settings.PUBLIC_URL = live_url  # where the gateway sends the browser back (the signing fixture set another)
    _register(page)
    _find_and_open_the_eform(page, screenshot)
    code = _fill_and_submit(page, screenshot)

    # The fee is paid online, right after submitting: at the gateway, then back on our return page.
    page.locator("#done-pay").click()
    expect(page.locator("h1")).to_have_text("Nộp phí, lệ phí")
    screenshot(page, "pay-fees")
    page.locator("button[id^='pay-online-']").first.click()
    page.wait_for_url(re.compile(rf"^http://{sandbox.host}:{sandbox.port}/paymentv2/vpcpay\.html"))
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    page.wait_for_url(re.compile(r"/payments/vnpay/return"))
    expect(page.locator("h1")).to_have_text("Đã nhận thanh toán")  # the IPN came first and settled it
    screenshot(page, "pay-returned")
    dossier = Dossier.objects.get(code=code)
    fee = dossier.fees.get()
    assert fee.paid_at and fee.method == "online" and Payment.objects.get(fee=fee, state="paid").amount == fee.amount
    receipt = Receipt.objects.get(fee=fee)  # the e-receipt of an online payment, issued by itself
    page.goto("/tai-khoan/")  # the citizen waits on their account page while the staff act

    # The desk sees it paid, with its e-receipt, and accepts the dossier.
    desk = _desk(browser, live_url, login, "motcua")
    desk.goto(f"/desk/ho-so/{code}/")
    fees = desk.locator("#dx-fees")
    expect(fees).to_contain_text("Thanh toán trực tuyến")
    expect(fees).to_contain_text(f"{receipt.series.symbol}-{receipt.number:07d}")
    screenshot(desk, "pay-desk-paid")
    act_on_dossier(desk, "forward", note="Hồ sơ đủ, tiếp nhận.")
    expect(desk.locator(".dx-head .dx-state")).to_have_text("Đã tiếp nhận")
    desk.context.close()  # one browser at a time on the live server from here (its SQLite test database is shared)
    dossier = act(
        world, act(world, Dossier.objects.get(code=code), "tuphap.chuyenvien", "assign"), "tuphap.chuyenvien", "forward"
    )

    # The leader approves with the result: it is signed with the department's key.
    leader = _desk(browser, live_url, login, "tuphap.lanhdao")
    leader.goto(f"/desk/ho-so/{code}/")
    panel = leader.locator("details.dx-action-approve")
    panel.locator("summary").click()
    panel.locator("#f-approve-result").set_input_files(
        files=[{"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": blank_pdf()}]
    )
    act_on_dossier(leader, "approve", note="Đồng ý cấp phiếu.")
    expect(leader.locator(".messages")).to_contain_text("Sở Tư pháp")
    leader.context.close()
    dossier.refresh_from_db()
    assert dossier.state == "returned" and dossier.return_method == "online"  # delivered online by motcua

    # The citizen finds the result in "my documents", downloads it, and anyone can check it.
    page.goto("/tai-khoan/tai-lieu/")
    row = page.locator("tr", has_text=code)
    expect(row).to_contain_text(f"Kết quả hồ sơ {code}")
    screenshot(page, "pay-my-documents")
    with page.expect_popup() as popup:
        row.locator("a").first.click()
    result = popup.value.context.request.get(popup.value.url).body()
    assert result.startswith(b"%PDF") and b"/ByteRange" in result  # a signed PDF
    popup.value.close()
    page.goto("/xac-thuc/")
    page.locator("#verify-file").set_input_files(
        files=[{"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": result}]
    )
    with page.expect_navigation():
        page.locator("form.verify-form button[type=submit]").click()
    expect(page.locator("[data-overall]")).to_have_attribute("data-overall", "valid")
    expect(page.locator(".signature")).to_contain_text("Sở Tư pháp")
    screenshot(page, "pay-verified")
