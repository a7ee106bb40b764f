"""The queue over the API: a ticket, a call, served, the board."""

from __future__ import annotations

import pytest

from motcua.core.services import issue_api_token
from motcua.queue.models import Ticket, TicketState
from tests.e2e.province import receive
from tests.queue.floor import build_floor


@pytest.fixture
def floor(db):
    return build_floor()


def headers(user) -> dict:
    _token, raw = issue_api_token(user=user, name="test")
    return {"Authorization": f"Bearer {raw}"}


def test_issue_call_serve_and_the_board(client, floor, django_assert_max_num_queries):
    officer = headers(floor.officers[1])
    issued = client.post("/api/v1/queue/tickets", {"area": "A"}, content_type="application/json", headers=officer)
    assert issued.status_code == 201, issued.content
    body = issued.json()
    assert body["number"] == "A001" and body["waiting_before"] == 0 and body["state"] == "waiting"
    assert body["issued_at"].endswith("+07:00") and body["follow_url"].endswith(f"/so/{Ticket.objects.get().token}/")

    with django_assert_max_num_queries(6):
        board = client.get("/api/v1/queue/board", {"centre": floor.centre.code})
    assert board.json()["areas"][0] == {"code": "A", "name": "Tư pháp", "waiting": 1}

    called = client.post(f"/api/v1/queue/counters/{floor.counters[1].pk}/call", headers=officer)
    assert called.status_code == 200 and called.json()["number"] == "A001" and called.json()["counter"] == 1
    board = client.get("/api/v1/queue/board", {"centre": floor.centre.code}).json()
    assert board["serving"][0]["number"] == "A001" and board["serving"][0]["counter"] == 1
    assert board["areas"][0]["waiting"] == 0

    dossier = receive(floor.world, officer="quay1")
    ticket_id = body["id"]
    served = client.post(
        f"/api/v1/queue/tickets/{ticket_id}/served",
        {"dossier_code": dossier.code},
        content_type="application/json",
        headers=officer,
    )
    assert served.status_code == 200 and served.json()["state"] == "served"
    assert Ticket.objects.get(pk=ticket_id).records.get().dossier_id == dossier.pk


def test_nothing_waiting_is_a_404_shaped_error(client, floor):
    answer = client.post(f"/api/v1/queue/counters/{floor.counters[1].pk}/call", headers=headers(floor.officers[1]))
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "nothing_waiting"


def test_served_without_a_dossier_or_visit_is_refused(client, floor):
    officer = headers(floor.officers[1])
    client.post("/api/v1/queue/tickets", {"area": "A"}, content_type="application/json", headers=officer)
    ticket = client.post(f"/api/v1/queue/counters/{floor.counters[1].pk}/call", headers=officer).json()
    answer = client.post(
        f"/api/v1/queue/tickets/{ticket['id']}/served", content_type="application/json", headers=officer
    )
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "no_record"
    assert Ticket.objects.get(pk=ticket["id"]).state == TicketState.CALLED


def test_another_counter_and_anonymous_callers_are_refused(client, floor):
    assert client.post(f"/api/v1/queue/counters/{floor.counters[1].pk}/call").status_code == 401
    other = client.post(f"/api/v1/queue/counters/{floor.counters[1].pk}/call", headers=headers(floor.officers[3]))
    assert other.status_code == 403
    bad = client.post(
        "/api/v1/queue/tickets",
        {"area": "A", "priority": "vip"},
        content_type="application/json",
        headers=headers(floor.officers[1]),
    )
    assert bad.status_code == 422


def test_a_dossier_received_through_the_api_while_serving_belongs_to_the_number(
    client, floor, django_capture_on_commit_callbacks
):
    officer = headers(floor.officers[1])
    client.post("/api/v1/queue/tickets", {"area": "A"}, content_type="application/json", headers=officer)
    ticket = client.post(f"/api/v1/queue/counters/{floor.counters[1].pk}/call", headers=officer).json()
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(floor.world, officer="quay1")  # the officer's own client, not the desk
    served = client.post(
        f"/api/v1/queue/tickets/{ticket['id']}/served", content_type="application/json", headers=officer
    )
    assert served.status_code == 200, served.content
    assert Ticket.objects.get(pk=ticket["id"]).records.get().dossier_id == dossier.pk
