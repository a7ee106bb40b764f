"""/desk/ket-noi/: each connector's waiting, failing and dead messages and last success, for supervisors and
administrators only, in a fixed number of queries however many messages there are."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.connectors.models import ConnectorMessage, State

pytestmark = pytest.mark.django_db
URL = "/desk/ket-noi/"


def messages(n: int, state: str, connector: str = "national_portal") -> None:
    now = timezone.now()
    ConnectorMessage.objects.bulk_create(
        ConnectorMessage(
            connector=connector,
            idempotency_key=f"{state}-{connector}-{i}",
            payload={},
            state=state,
            attempts=8 if state == State.DEAD else 1,
            next_attempt_at=now,
            last_error="HTTP 503" if state == State.DEAD else "",
            sent_at=now - timedelta(minutes=i) if state == State.SENT else None,
        )
        for i in range(n)
    )


def test_the_status_and_the_dead_letters_in_a_few_queries(world, client, django_assert_max_num_queries):
    messages(3, State.PENDING)
    messages(2, State.FAILED)
    messages(25, State.DEAD)
    messages(4, State.SENT)
    messages(1, State.DEAD, connector="webhook")
    client.force_login(world.user("giamsat"))
    with django_assert_max_num_queries(11):  # session, user, roles, menu, messages: a constant, not per row
        page = client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-connector="national_portal"' in html and 'data-connector="webhook"' in html
    row = html.split('data-connector="national_portal"')[1].split("</tr>")[0]
    assert '<td class="num" data-pending>3</td>' in row and "data-failed>2<" in row and "data-dead>25<" in row
    assert (
        timezone.localtime(ConnectorMessage.objects.exclude(sent_at=None).latest("sent_at").sent_at).strftime(
            "%d/%m/%Y %H:%M"
        )
        in row
    )
    assert html.count('name="message"') == 26 and "HTTP 503" in html


def test_a_counter_officer_may_not_see_it(world, client):
    client.force_login(world.user("motcua"))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"message": ["1"]}).status_code == 403


def test_only_dead_messages_are_replayed(world, client):
    messages(1, State.DEAD)
    messages(1, State.SENT)
    client.force_login(world.user("giamsat"))
    answer = client.post(URL, {"message": [str(m.pk) for m in ConnectorMessage.objects.all()] + ["x"]})
    assert answer.status_code == 302
    states = dict(ConnectorMessage.objects.values_list("idempotency_key", "state"))
    assert states == {"dead-national_portal-0": State.PENDING, "sent-national_portal-0": State.SENT}
    replayed = ConnectorMessage.objects.get(idempotency_key="dead-national_portal-0")
    assert (replayed.attempts, replayed.last_error) == (0, "")
