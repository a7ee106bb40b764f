"""The whole path: a dossier event queues messages, `motcua worker` sends them through the fake SMS gateway and
the e-mail backend, retries with backoff, never sends twice, and the dossier's history shows what was sent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from motcua.dossiers.forms.fill import lookup_url
from motcua.dossiers.models import Applicant, Dossier, DossierEvent
from motcua.dossiers.services.history import verify_dossier
from motcua.notifications.models import Message
from motcua.notifications.selectors import messages_for_dossier
from motcua.notifications.services import enqueue, set_preference

pytestmark = pytest.mark.django_db

APPLICANT = {
    "name": "Nguyễn Thị Hương",
    "id_number": "001190012345",
    "phone": "0912 345 678",
    "email": "huong@example.vn",
    "address": "Phường Hòa An",
}


def receive(api, capture, **applicant):
    with capture(execute=True):
        response = api.receive(applicant={**APPLICANT, **applicant})
    assert response.status_code == 201, response.content
    return response.json()


def act(api, capture, who, code, action, version, **fields):
    with capture(execute=True):
        response = api.act(who, code, action, version, **fields)
    assert response.status_code == 200, response.content
    return response.json()


def worker():
    call_command("worker", "--once")


def time_passes(seconds: int = 3600) -> None:
    Message.objects.filter(status="queued").update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_receiving_a_dossier_tells_the_applicant_by_email_and_sms_in_vietnamese(
    api, sms_gateway, django_capture_on_commit_callbacks
):
    dossier = receive(api, django_capture_on_commit_callbacks)
    code, secret = dossier["code"], dossier["lookup_secret"]
    queued = list(messages_for_dossier(Dossier.objects.get(code=code).pk))
    assert [(m.channel, m.status, m.language) for m in queued] == [("email", "queued", "vi"), ("sms", "queued", "vi")]
    assert mail.outbox == [] and sms_gateway.requests == []  # nothing leaves before the worker runs

    worker()

    [email] = mail.outbox
    assert email.to == ["huong@example.vn"] and email.subject == f"Hồ sơ {code} đã được tiếp nhận"
    assert "Kính gửi Nguyễn Thị Hương" in email.body and "Ngày hẹn trả kết quả" in email.body
    assert f"https://dichvucong.hoaan.gov.vn/tra-cuu/?ma={code}&bi-mat={secret}" in email.body
    [request] = sms_gateway.requests
    query = {k: v[0] for k, v in request["query"].items()}
    assert query["user"] == "motcua" and query["pass"] == "s3cret&x" and query["to"] == "0912345678"
    text = query["text"]
    assert text.startswith(f"Ho so {code} da tiep nhan, hen tra ") and text.isascii()  # no diacritics
    assert f"?ma={code}&bi-mat={secret}" in text
    sent = {m.channel: m for m in messages_for_dossier(Dossier.objects.get(code=code).pk)}
    assert sent["sms"].status == "sent" and sent["sms"].provider_id == "GW1" and sent["sms"].attempts == 1
    assert sent["email"].status == "sent" and sent["email"].provider_id == email.extra_headers["Message-ID"]

    worker()  # nothing is sent twice
    assert len(mail.outbox) == 1 and len(sms_gateway.requests) == 1

    pk = Dossier.objects.get(code=code).pk
    notified = list(DossierEvent.objects.filter(dossier_id=pk, action="notified").order_by("sequence"))
    assert [(e.data["channel"], e.data["to"], e.data["kind"]) for e in notified] == [
        ("email", "h***@example.vn", "received"),
        ("sms", "091****678", "received"),
    ]
    assert verify_dossier(pk) == []
    call_command("verify_history")


def test_a_gateway_error_is_retried_with_backoff_and_sent_once(api, sms_gateway, django_capture_on_commit_callbacks):
    sms_gateway.answers = [500, 200]
    code = receive(api, django_capture_on_commit_callbacks, email="")["code"]
    before = timezone.now()
    worker()
    sms = Message.objects.get(channel="sms")
    assert sms.status == "queued" and sms.attempts == 1 and "HTTP 500" in sms.last_error
    assert before + timedelta(seconds=59) <= sms.next_attempt_at <= timezone.now() + timedelta(seconds=61)
    worker()  # not due yet: the gateway is left alone
    assert len(sms_gateway.requests) == 1

    time_passes()
    worker()
    worker()
    sms.refresh_from_db()
    assert sms.status == "sent" and sms.attempts == 2 and sms.provider_id == "GW2"
    assert len(sms_gateway.requests) == 2 and sms_gateway.texts[0] == sms_gateway.texts[1]
    pk = Dossier.objects.get(code=code).pk
    assert DossierEvent.objects.filter(dossier_id=pk, action="notified").count() == 1
    assert verify_dossier(pk) == []


def test_a_gateway_that_keeps_failing_gives_up_after_the_last_attempt(
    api, sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.answers = [503]
    code = receive(api, django_capture_on_commit_callbacks, email="")["code"]
    delays = []
    for _ in range(5):
        worker()
        sms = Message.objects.get(channel="sms")
        if sms.status == "queued":
            delays.append(round((sms.next_attempt_at - timezone.now()).total_seconds() / 60))
        time_passes()
    assert sms.status == "failed" and sms.attempts == 3 and "HTTP 503" in sms.last_error
    assert delays == [1, 2]  # exponential backoff: one minute, then two
    assert len(sms_gateway.requests) == 3
    assert not DossierEvent.objects.filter(dossier__code=code, action="notified").exists()


def test_a_refused_number_is_not_retried_and_a_timeout_is_never_resent(
    api, sms_gateway, settings, django_capture_on_commit_callbacks
):
    sms_gateway.answers = [400]
    receive(api, django_capture_on_commit_callbacks, email="")
    worker()
    assert Message.objects.get().status == "failed" and len(sms_gateway.requests) == 1

    settings.NOTIFY_SMS_TIMEOUT = 0.3
    sms_gateway.answers, sms_gateway.delay = [200], 1.0
    enqueue("one_time_code", to_phone="0987654321", context={"otp": "482913"})
    worker()
    message = Message.objects.get(kind="one_time_code")
    assert message.status == "failed" and "outcome unknown" in message.last_error
    time_passes()
    worker()
    assert len(sms_gateway.requests) == 2  # one try each: the slow one may have gone through


def test_every_event_worth_telling_in_english_for_an_english_applicant(
    api, sms_gateway, django_capture_on_commit_callbacks
):
    first = receive(api, django_capture_on_commit_callbacks)
    set_preference(applicant=Applicant.objects.get(id_number=APPLICANT["id_number"]), language="en", sms=False)
    code = first["code"]
    d = act(api, django_capture_on_commit_callbacks, "tuphap.chuyenvien", code, "assign", first["version"])
    d = act(
        api,
        django_capture_on_commit_callbacks,
        "tuphap.chuyenvien",
        code,
        "request_supplement",
        d["version"],
        reason="Missing ID copy",
        items=["Bản sao CCCD"],
    )
    d = act(api, django_capture_on_commit_callbacks, "motcua", code, "complete_supplement", d["version"])
    new_due = (Dossier.objects.get(code=code).due_at + timedelta(days=3)).isoformat()
    d = act(
        api,
        django_capture_on_commit_callbacks,
        "giamsat",
        code,
        "extend",
        d["version"],
        reason="Site visit",
        new_due_at=new_due,
        apology="We are sorry for the delay.",
    )
    d = act(api, django_capture_on_commit_callbacks, "tuphap.chuyenvien", code, "forward", d["version"])
    d = act(api, django_capture_on_commit_callbacks, "tuphap.lanhdao", code, "approve", d["version"])
    act(
        api,
        django_capture_on_commit_callbacks,
        "motcua",
        code,
        "return_result",
        d["version"],
        method="counter",
        receiver="Nguyễn Thị Hương",
    )
    worker()

    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        f"Hồ sơ {code} đã được tiếp nhận",
        f"Dossier {code} needs more documents",
        f"Dossier {code}: our apology and a new appointment",
        f"The result of dossier {code} is ready",
        f"The result of dossier {code} was returned",
    ]
    assert "Reason: Missing ID copy" in mail.outbox[1].body and "- Bản sao CCCD" in mail.outbox[1].body
    assert "We are sorry for the delay." in mail.outbox[2].body and "New appointment:" in mail.outbox[2].body
    assert len(sms_gateway.requests) == 1  # SMS only for the reception, before the applicant turned SMS off
    pk = Dossier.objects.get(code=code).pk
    kinds = list(DossierEvent.objects.filter(dossier_id=pk, action="notified").values_list("data__kind", flat=True))
    assert sorted(kinds) == sorted(
        ["received", "received", "supplement_requested", "extended", "result_ready", "returned"]
    )
    assert verify_dossier(pk) == []


def test_a_refusal_and_an_applicant_without_contact(api, sms_gateway, django_capture_on_commit_callbacks):
    silent = receive(api, django_capture_on_commit_callbacks, email="", phone="", id_number="079200000001")
    assert not Message.objects.filter(dossier__code=silent["code"]).exists()
    d = receive(api, django_capture_on_commit_callbacks, email="", id_number="079200000002")
    act(
        api,
        django_capture_on_commit_callbacks,
        "tuphap.lanhdao",
        d["code"],
        "refuse",
        d["version"],
        reason="Không thuộc thẩm quyền",
    )
    worker()
    assert sms_gateway.texts[-1].startswith(f"Ho so {d['code']} bi tu choi giai quyet.")
    assert all(len(text) <= 160 for text in sms_gateway.texts)  # one SMS each


def test_the_links_in_messages_and_the_qr_code_use_the_public_address(
    api, sms_gateway, settings, django_capture_on_commit_callbacks
):
    """The server runs at another address than 127.0.0.1:8000 (MOTCUA_PUBLIC_URL): every link a citizen gets
    leads there."""
    settings.PUBLIC_URL = "http://10.0.0.5:9000"
    dossier = receive(api, django_capture_on_commit_callbacks)
    link = f"http://10.0.0.5:9000/tra-cuu/?ma={dossier['code']}&bi-mat={dossier['lookup_secret']}"
    worker()
    [email] = mail.outbox
    [request] = sms_gateway.requests
    assert link in email.body and link in request["query"]["text"][0]
    assert lookup_url(Dossier.objects.get(code=dossier["code"])) == link  # what the receipt's QR code carries
    assert "127.0.0.1" not in email.body + request["query"]["text"][0]
