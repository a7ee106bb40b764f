"""Tickets at the kiosk and calls at the counter, through the real services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.dossiers.services import ApplicantInput
from motcua.dossiers.services.visits import VisitInput, record_visit
from motcua.queue.models import Priority, Ticket, TicketState
from motcua.queue.services import calling, tickets
from motcua.queue.services.errors import QueueConflict, QueueError, QueueForbidden, QueueNotFound
from tests.e2e.province import receive
from tests.queue.floor import build_floor


@pytest.fixture
def floor(db):
    return build_floor()


def issue(floor, area="A", priority="", now=None):
    return tickets.issue_ticket(
        centre=floor.centre,
        request=tickets.TicketRequest(area_code=area, priority=priority),
        device=floor.kiosk,
        now=now,
    )


def test_numbers_run_per_area_and_say_how_many_wait_before(floor):
    first, second, other = issue(floor), issue(floor), issue(floor, "B")
    assert [first.ticket.label, second.ticket.label, other.ticket.label] == ["A001", "A002", "B001"]
    assert (first.waiting_before, second.waiting_before, other.waiting_before) == (0, 1, 0)


def test_numbers_restart_each_vietnam_day(floor):
    # 16:59 UTC is 23:59 in Hà Nội; 17:01 UTC is 00:01 the next day there.
    evening = timezone.now().replace(hour=16, minute=59)
    assert issue(floor, now=evening).ticket.label == "A001"
    assert issue(floor, now=evening).ticket.label == "A002"
    assert issue(floor, now=evening + timedelta(minutes=2)).ticket.label == "A001"


def test_a_priority_ticket_is_called_first_then_arrival_order(floor):
    walk_in = issue(floor).ticket
    elderly = issue(floor, priority=Priority.ELDERLY).ticket
    assert tickets.waiting_before(elderly) == 0 and tickets.waiting_before(walk_in) == 1
    officer, counter = floor.officers[1], floor.counters[1]
    assert calling.call_next(officer=officer, counter=counter).pk == elderly.pk


def test_a_counter_calls_only_its_areas_and_one_number_at_a_time(floor):
    b = issue(floor, "B").ticket
    with pytest.raises(QueueNotFound):
        calling.call_next(officer=floor.officers[1], counter=floor.counters[1])  # counter 1 serves A only
    called = calling.call_next(officer=floor.officers[2], counter=floor.counters[2])  # counter 2 serves A and B
    assert called.pk == b.pk and called.state == TicketState.CALLED and called.counter_id == floor.counters[2].pk
    issue(floor)
    with pytest.raises(QueueConflict):
        calling.call_next(officer=floor.officers[2], counter=floor.counters[2])


def test_an_officer_calls_only_at_their_counter(floor):
    issue(floor)
    with pytest.raises(QueueForbidden):
        calling.call_next(officer=floor.officers[1], counter=floor.counters[2])


def test_a_ticket_ends_as_a_dossier_and_is_served(floor):
    issue(floor)
    officer = floor.officers[1]
    ticket = calling.call_next(officer=officer, counter=floor.counters[1])
    with pytest.raises(QueueError):
        calling.serve(officer=officer, ticket_id=ticket.pk)  # nothing recorded yet
    dossier = receive(floor.world, officer="quay1")
    calling.record(officer=officer, ticket_id=ticket.pk, dossier=dossier)
    served = calling.serve(officer=officer, ticket_id=ticket.pk)
    assert served.state == TicketState.SERVED and served.finished_at is not None
    assert list(served.records.values_list("dossier__code", flat=True)) == [dossier.code]


def test_a_ticket_ends_as_a_visit_guided_once(floor):
    issue(floor)
    officer = floor.officers[1]
    ticket = calling.call_next(officer=officer, counter=floor.counters[1])
    visit = record_visit(
        officer=officer,
        kind="guide",
        visit=VisitInput(
            procedure_code=floor.world.procedures["justice"],
            applicant=ApplicantInput(name="Lê Thị Lan", id_number="036192000777"),
            reason="Thiếu tờ khai",
            items=["Tờ khai"],
        ),
    )
    calling.record(officer=officer, ticket_id=ticket.pk, visit=visit)
    assert calling.serve(officer=officer, ticket_id=ticket.pk).state == TicketState.SERVED


def test_recall_skip_and_transfer(floor):
    issue(floor)
    officer, counter = floor.officers[1], floor.counters[1]
    called = calling.call_next(officer=officer, counter=counter)
    assert calling.recall(officer=officer, counter=counter).calls == 2
    assert calling.skip(officer=officer, counter=counter).state == TicketState.NO_SHOW
    later = issue(floor).ticket
    issue(floor)  # A003 arrives after A002
    assert calling.call_next(officer=officer, counter=counter).pk == later.pk
    moved = calling.transfer(officer=officer, counter=counter, area_code="B")
    assert moved.label == later.label and moved.area.code == "B" and moved.queued_at == later.queued_at
    assert Ticket.objects.get(pk=later.pk).state == TicketState.TRANSFERRED
    assert called.label == "A001"
    # In area B the transferred visitor keeps their place of first arrival: called before a later B ticket.
    issue(floor, "B")
    assert calling.call_next(officer=floor.officers[3], counter=floor.counters[3]).pk == moved.pk


def test_an_unpaired_device_cannot_issue(floor):
    with pytest.raises(QueueForbidden):
        tickets.issue_ticket(centre=floor.centre, request=tickets.TicketRequest(area_code="A"))
    with pytest.raises(QueueNotFound):
        issue(floor, "Z")
