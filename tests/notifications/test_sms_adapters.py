"""The SMS adapters against the fake gateway: a POST with a JSON body template; the console backend."""

from __future__ import annotations

import logging

import pytest

from motcua.notifications.services import render, without_accents
from motcua.notifications.sms import ConsoleSms, HttpSms, SendError, mask


def test_a_json_post_gateway_gets_the_text_escaped_and_its_id_is_kept(gateway):
    body = '{"from": "{sender}", "to": "{to_intl}", "text": "{text}", "key": "{password}"}'
    sms = HttpSms(
        url=gateway.url + "/api/sms", body=body, password='p"w', sender="HOAAN", success="OK", id_pattern=r"id=(\w+)"
    )
    assert sms.send(to="0912345678", text='Ma "xac thuc": 123\nhet') == "GW1"
    [request] = gateway.requests
    assert request["method"] == "POST" and request["path"] == "/api/sms"
    assert request["json"] == {"from": "HOAAN", "to": "84912345678", "text": 'Ma "xac thuc": 123\nhet', "key": 'p"w'}


def test_an_answer_without_the_success_marker_is_not_accepted(gateway):
    sms = HttpSms(url=gateway.url + "/send?to={to}&text={text}", success="ACCEPTED")
    with pytest.raises(SendError) as error:
        sms.send(to="0912345678", text="x")
    assert error.value.retry and "did not accept" in str(error.value)


def test_an_unreachable_gateway_is_retried_later():
    with pytest.raises(SendError) as error:
        HttpSms(url="http://127.0.0.1:9/send?to={to}", timeout=1).send(to="0912345678", text="x")
    assert error.value.retry


def test_the_console_backend_logs_the_text_with_the_number_masked(caplog):
    with caplog.at_level(logging.INFO, logger="motcua.notifications.sms"):
        ConsoleSms().send(to="0912345678", text="Ho so da tiep nhan")
    assert "091****678: Ho so da tiep nhan" in caplog.text and "0912345678" not in caplog.text
    assert mask("huong@example.vn") == "h***@example.vn"


def test_sms_go_without_diacritics_and_email_keeps_them():
    context = {
        "code": "H99-1",
        "lookup_url": "https://x/tra-cuu/",
        "due_at": "17:00 14/12/2026",
        "applicant": "Đặng Thị Ánh",
        "procedure": "Cấp phiếu lý lịch tư pháp",
    }
    assert without_accents("Đặng Thị Ánh – Hòa An") == "Dang Thi Anh – Hoa An"
    assert render(kind="received", channel="sms", language="vi", context=context)[1] == (
        "Ho so H99-1 da tiep nhan, hen tra 17:00 14/12/2026: https://x/tra-cuu/"
    )
    subject, body = render(kind="received", channel="email", language="vi", context=context)
    assert subject == "Hồ sơ H99-1 đã được tiếp nhận" and body.startswith("Kính gửi Đặng Thị Ánh,")
