"""Two workers at once never take the same message; an operator can queue a failed message again."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from motcua.notifications.models import Message
from motcua.notifications.sending import claim, run_once
from motcua.notifications.services import enqueue, requeue


@pytest.mark.django_db(transaction=True)
def test_two_workers_claim_disjoint_messages():
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite serialises claims by its IMMEDIATE transactions")
    for n in range(40):
        enqueue("one_time_code", to_phone=f"09000000{n:02d}", context={"otp": str(n)})
    taken: list[list[int]] = []
    barrier = threading.Barrier(2)

    def work():
        barrier.wait()
        got = []
        while batch := claim(batch=3):
            got += [m.pk for m in batch]
        taken.append(got)
        connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = taken
    assert len(first) + len(second) == 40 and not set(first) & set(second)
    assert Message.objects.filter(status="sending", attempts=1).count() == 40


@pytest.mark.django_db
def test_an_operator_queues_a_failed_message_again(settings, gateway):
    settings.NOTIFY_SMS_BACKEND, settings.NOTIFY_SMS_URL = "http", gateway.url + "/send?to={to}&text={text}"
    gateway.answers = [404, 200]
    [message] = enqueue("feedback_answered", to_phone="0912345678", context={"code": "PA-1", "lookup_url": "u"})
    run_once()
    message.refresh_from_db()
    assert message.status == "failed" and "HTTP 404" in message.last_error
    assert requeue(message_ids=[message.pk]) == 1
    run_once()
    message.refresh_from_db()
    assert message.status == "sent" and message.sent_at <= timezone.now()
    assert [r["query"]["text"][0] for r in gateway.requests] == ["Phan anh PA-1 da duoc tra loi. Xem: u"] * 2
