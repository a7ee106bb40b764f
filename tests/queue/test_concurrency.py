"""The queue under concurrency on a real server: 8 kiosks issuing at once get distinct consecutive numbers; 8
officers calling at once never call one ticket twice and skip none. PostgreSQL only (SQLite's test database is
one in-memory connection)."""

from __future__ import annotations

import pytest

from motcua.queue.models import Ticket, TicketState
from motcua.queue.services import calling, tickets
from motcua.queue.services.errors import QueueNotFound
from tests.dossiers.test_concurrency import in_threads, postgres_only  # noqa: F401 (a fixture)
from tests.queue.floor import build_floor

pytestmark = pytest.mark.django_db(transaction=True)


def test_eight_kiosks_issuing_at_once_give_consecutive_numbers(postgres_only):  # noqa: F811
    floor = build_floor()

    def issue_25(_i: int) -> list[int]:
        request = tickets.TicketRequest(area_code="A")
        return [
            tickets.issue_ticket(centre=floor.centre, request=request, device=floor.kiosk).ticket.number
            for _ in range(25)
        ]

    results = in_threads(issue_25, 8)
    assert all(isinstance(r, list) for r in results), results
    numbers = sorted(n for r in results for n in r)
    assert numbers == list(range(1, 201))
    assert Ticket.objects.filter(area=floor.areas["A"]).values("label").distinct().count() == 200


def test_eight_officers_calling_at_once_call_each_ticket_once(postgres_only):  # noqa: F811
    floor = build_floor(counters=8)
    for counter in floor.counters.values():
        floor.areas["A"].counters.add(counter)
    request = tickets.TicketRequest(area_code="A")
    for _ in range(200):
        tickets.issue_ticket(centre=floor.centre, request=request, device=floor.kiosk)

    def call_until_empty(i: int) -> list[int]:
        officer, counter, called = floor.officers[i + 1], floor.counters[i + 1], []
        while True:
            try:
                called.append(calling.call_next(officer=officer, counter=counter).pk)
            except QueueNotFound:
                return called
            calling.skip(officer=officer, counter=counter)

    results = in_threads(call_until_empty, 8)
    assert all(isinstance(r, list) for r in results), results
    called = [pk for r in results for pk in r]
    assert len(called) == len(set(called)) == 200
    assert set(called) == set(Ticket.objects.values_list("pk", flat=True))
    assert not Ticket.objects.exclude(state=TicketState.NO_SHOW).exists()
    assert sum(1 for r in results if r) > 1  # the counters really worked side by side
