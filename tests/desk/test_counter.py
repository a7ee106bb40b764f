"""The counter officer's panel: calls, and what a called number becomes at reception and return."""

from __future__ import annotations

import pytest

from motcua.feedback.models import CounterTablet
from motcua.queue.models import Priority, Ticket, TicketState
from motcua.queue.services import tickets
from tests.desk.test_reception import form_data
from tests.queue.floor import build_floor


@pytest.fixture
def floor(db):
    return build_floor()


def take(floor, area="A"):
    request = tickets.TicketRequest(area_code=area)
    return tickets.issue_ticket(centre=floor.centre, request=request, device=floor.kiosk).ticket


def test_the_officer_calls_the_next_number_and_sees_it(client, floor, django_assert_max_num_queries):
    take(floor), take(floor)
    client.force_login(floor.officers[1])
    with django_assert_max_num_queries(20):
        page = client.get("/desk/quay/")
    assert "Tư pháp" in page.content.decode() and "2" in page.content.decode()
    response = client.post("/desk/quay/", {"action": "call", "quay": floor.counters[1].pk}, follow=True)
    assert Ticket.objects.get(label="A001").state == TicketState.CALLED
    assert "A001" in response.content.decode()


def test_a_dossier_received_while_serving_belongs_to_the_number_and_the_tablet_rates_it(client, floor):
    take(floor)
    client.force_login(floor.officers[1])
    client.post("/desk/quay/", {"action": "call", "quay": floor.counters[1].pk})
    reception = client.get("/desk/tiep-nhan/?thu_tuc=1.000001")
    assert "A001" in reception.content.decode()  # the page says what it records for
    data = form_data(agency=floor.world.justice.code)
    response = client.post("/desk/tiep-nhan/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    ticket = Ticket.objects.get(label="A001")
    dossier_ids = list(ticket.records.values_list("dossier_id", flat=True))
    assert len(dossier_ids) == 1
    client.post("/desk/quay/", {"action": "serve", "quay": floor.counters[1].pk, "ticket": ticket.pk, "rate": "1"})
    ticket.refresh_from_db()
    assert ticket.state == TicketState.SERVED
    assert CounterTablet.objects.get(counter=floor.counters[1]).dossier_id == dossier_ids[0]


def test_served_needs_a_dossier_or_a_visit_first(client, floor):
    take(floor)
    client.force_login(floor.officers[1])
    client.post("/desk/quay/", {"action": "call", "quay": floor.counters[1].pk})
    ticket = Ticket.objects.get(label="A001")
    response = client.post(
        "/desk/quay/", {"action": "serve", "quay": floor.counters[1].pk, "ticket": ticket.pk}, follow=True
    )
    assert ticket.state == Ticket.objects.get(pk=ticket.pk).state == TicketState.CALLED
    assert "first" in response.content.decode() or "trước" in response.content.decode()


def test_a_guidance_while_serving_ends_the_number_as_a_visit(client, floor):
    take(floor)
    client.force_login(floor.officers[1])
    client.post("/desk/quay/", {"action": "call", "quay": floor.counters[1].pk})
    data = form_data(agency=floor.world.justice.code, action="guide", reason="Thiếu giấy tờ", **{"doc-1-given": None})
    response = client.post("/desk/tiep-nhan/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    ticket = Ticket.objects.get(label="A001")
    assert ticket.records.get().visit.kind == "guide"


def test_staff_issue_a_priority_number_called_first(client, floor):
    take(floor)
    client.force_login(floor.officers[1])
    client.post(
        "/desk/quay/",
        {"action": "issue", "quay": floor.counters[1].pk, "area": "A", "priority": Priority.DISABILITY},
    )
    priority = Ticket.objects.get(label="A002")
    assert priority.priority == Priority.DISABILITY
    client.post("/desk/quay/", {"action": "call", "quay": floor.counters[1].pk})
    assert Ticket.objects.get(pk=priority.pk).state == TicketState.CALLED


def test_an_officer_without_a_counter_is_told_so(client, floor):
    client.force_login(floor.world.user("motcua"))
    page = client.get("/desk/quay/")
    assert page.status_code == 200 and "counter" in page.content.decode().lower()
