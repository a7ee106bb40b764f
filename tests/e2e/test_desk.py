"""Browser journeys at the desk: log-in lock-out, another agency's dossier, the barcode scanner, the return
desk, supervision. Each saves a screenshot of the screen it visits to docs/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from motcua.core.throttle import MAX_FAILURES_PER_ACCOUNT
from motcua.desk.views import dossier as dossier_view
from motcua.dossiers.models import Applicant, Dossier
from tests.e2e.province import receive, to_result_ready


def test_repeated_failed_log_ins_lock_the_account(page, world, login, screenshot):
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        login(page, "tuphap.chuyenvien", "not-the-password", expect_desk=False)
    expect(page.locator(".error-box")).to_contain_text("Đăng nhập sai quá nhiều lần")
    login(page, "tuphap.chuyenvien", expect_desk=False)  # the right password, while the lock lasts
    expect(page.locator(".error-box")).to_contain_text("Đăng nhập sai quá nhiều lần")
    assert page.url.endswith("/desk/dang-nhap/")
    screenshot(page, "login-locked")


def test_an_officer_of_another_agency_cannot_open_the_dossier(page, world, live_url, login, screenshot):
    if (dossier_view.__doc__ or "").startswith("Placeholder"):
        pytest.skip("the dossier page (/desk/ho-so/<code>/) is not built yet")
    dossier = receive(world)  # the Department of Justice's
    login(page, "xaydung.chuyenvien")  # a specialist of the Department of Construction
    response = page.goto(f"/desk/ho-so/{dossier.code}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(dossier.applicant_name)  # nothing of the dossier shows
    screenshot(page, "dossier-not-found")


def test_a_barcode_scanner_opens_the_dossier_from_anywhere(page, world, login):
    code = receive(world).code
    login(page, "motcua")
    page.locator("h1").click()  # no field has the focus
    page.keyboard.type(code, delay=5)  # a scanner types much faster than a person
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/desk/ho-so/{code}/")
    assert page.url.endswith(f"/desk/ho-so/{code}/")


def test_the_return_desk_records_a_return_with_the_fee(page, world, login, screenshot):
    ready = to_result_ready(world, receive(world, fee_at_return=True))
    to_result_ready(world, receive(world, agency="construction", officer="xaydung.motcua"))
    login(page, "motcua")
    page.goto("/desk/tra-ket-qua/")
    expect(page.locator("tbody tr")).to_have_count(2)
    page.keyboard.type(ready.code, delay=5)  # the code field has the focus: scan straight into it
    page.keyboard.press("Enter")
    form = page.locator("form.rt-form")
    expect(form).to_be_visible()
    expect(page.locator("#id_receiver")).to_have_value(ready.applicant_name)
    page.fill("#id_receiver", "Trần Văn Minh (được ủy quyền)")
    screenshot(page, "return-desk")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/desk/tra-ket-qua/$"))
    expect(page.locator(".messages")).to_contain_text(ready.code)
    expect(page.locator("tbody tr")).to_have_count(1)
    ready.refresh_from_db()
    assert ready.state == "returned" and ready.return_receiver == "Trần Văn Minh (được ủy quyền)"
    assert re.fullmatch(r"\S+-\d{7}", ready.fees.get().receipt_number)  # its e-receipt, issued with the return


def test_supervision_shows_the_late_dossiers_and_the_apologies_owed(page, world, login, screenshot):
    late = receive(world, days_ago=40)
    other_late = receive(world, days_ago=35, agency="construction", officer="xaydung.motcua")
    on_track = receive(world)
    login(page, "giamsat")
    page.goto("/desk/giam-sat/")
    rows = page.locator(".sv-list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(late.code)  # the most overdue first
    expect(rows.first.locator(".sv-badge-apology")).to_be_visible()
    expect(page.locator(".sv-list")).not_to_contain_text(on_track.code)
    expect(page.locator(".sv-lines")).to_contain_text("Sở Xây dựng")
    screenshot(page, "supervision")
    page.select_option("#sv-agency", world.construction.code)
    page.locator(".sv-filters button[type=submit]").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(other_late.code)
    assert Dossier.objects.filter(finished_at__isnull=True).count() == 3


def test_a_card_reader_tab_loses_nothing_typed_while_the_applicant_block_refreshes(page, world, login):
    """The ID number typed and Tab at once (a card reader); the look-up answers slowly while the officer types the
    e-mail: the refreshed block keeps the name, phone and e-mail."""
    Applicant.objects.create(id_number="001190099999", name="Phạm Văn Bình", phone="0987000111", address="Xã Đông Sơn")
    login(page, "motcua")
    page.goto("/desk/tiep-nhan/?thu_tuc=1.000001")

    def slow(route):
        page.wait_for_timeout(600)
        route.continue_()

    page.route(re.compile(r".*nguoi_nop=1.*"), slow)
    page.locator("#rc-name").fill("Phạm Văn Bính")
    page.locator("#rc-phone").fill("0900 000 000")
    page.locator("#rc-id-number").fill("001190099999")
    page.locator("#rc-id-number").press("Tab")
    page.locator("#rc-email").fill("binh@example.vn")  # typed while the answer is on its way
    expect(page.locator(".rc-found")).to_contain_text("Phạm Văn Bình")
    page.wait_for_timeout(300)
    expect(page.locator("#rc-name")).to_have_value("Phạm Văn Bính")
    expect(page.locator("#rc-phone")).to_have_value("0900 000 000")
    expect(page.locator("#rc-email")).to_have_value("binh@example.vn")
    expect(page.locator("#rc-address")).to_have_value("Xã Đông Sơn")  # empty: filled from the record
