"""The queue's kept figures (QueueHour), raised in the transaction of the change they count: a ticket issued, called
for the first time, or finished. One upsert statement each (core.counters). `rebuild` recounts them from the
tickets: what a day's figures must be whatever happened to the kept rows. Definitions: docs/queue-figures.md."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from motcua.core import counters
from motcua.queue.models import QueueHour, Ticket, TicketState

# What an outcome adds to, by the state the ticket ended in.
OUTCOMES: dict[str, str] = {
    TicketState.SERVED: "served",
    TicketState.NO_SHOW: "no_show",
    TicketState.TRANSFERRED: "transferred",
}
COLUMNS = ("issued", "called", "served", "no_show", "transferred", "waited_seconds", "served_seconds")

Change = tuple[dict[str, Any], dict[str, int]]


def seconds(start: datetime, end: datetime) -> int:
    """Whole seconds from start to end (never below 0: a clock set back does not make time negative)."""
    return max(0, int((end - start).total_seconds()))


def _key(ticket: Ticket, at: datetime, *, at_counter: bool) -> dict[str, Any]:
    local = timezone.localtime(at)
    return {
        "day": local.date(),
        "hour": local.hour,
        "centre_id": ticket.centre_id,
        "area_id": ticket.area_id,
        "counter_key": (ticket.counter_id or 0) if at_counter else 0,
        "officer_key": (ticket.officer_id or 0) if at_counter else 0,
    }


def issued_change(ticket: Ticket) -> Change | None:
    """A new number of the day (a transfer's continuation keeps the number it was issued with: not a new one)."""
    if ticket.transferred_from_id is not None:
        return None
    return _key(ticket, ticket.issued_at, at_counter=False), {"issued": 1}


def called_change(ticket: Ticket) -> Change | None:
    """The first call, with the wait from the arrival in the hall (the first area's, for a continuation)."""
    if ticket.called_at is None:
        return None
    return _key(ticket, ticket.called_at, at_counter=True), {
        "called": 1,
        "waited_seconds": seconds(ticket.queued_at, ticket.called_at),
    }


def finished_change(ticket: Ticket) -> Change | None:
    """The end at the counter: served (with the service time from the first call), no-show or transferred."""
    column = OUTCOMES.get(ticket.state)
    if column is None or ticket.finished_at is None:
        return None
    amounts = {column: 1}
    if ticket.state == TicketState.SERVED and ticket.called_at is not None:
        amounts["served_seconds"] = seconds(ticket.called_at, ticket.finished_at)
    return _key(ticket, ticket.finished_at, at_counter=True), amounts


def _add(change: Change | None) -> None:
    if change is not None:
        counters.add_many(QueueHour, [change])


def count_issued(ticket: Ticket) -> None:
    """Called by tickets.issue_ticket, in its transaction."""
    _add(issued_change(ticket))


def count_called(ticket: Ticket) -> None:
    """Called by calling.call_next, in its transaction."""
    _add(called_change(ticket))


def count_finished(ticket: Ticket) -> None:
    """Called by calling._finish (served, no-show, transferred), in its transaction."""
    _add(finished_change(ticket))


def changes_of(ticket: Ticket) -> Iterable[Change]:
    """Every change a ticket's life made, as its columns say now."""
    for change in (issued_change(ticket), called_change(ticket), finished_change(ticket)):
        if change is not None:
            yield change


BATCH = 500


def rebuild(*, day: date | None = None) -> int:
    """Recount the figures of a Vietnam day (every day when None) from the tickets; returns the rows written.
    In one transaction: readers see the old figures or the new, never half."""
    tickets = Ticket.objects.order_by("pk").only(
        "pk", "centre_id", "area_id", "counter_id", "officer_id", "transferred_from_id", "state",
        "queued_at", "issued_at", "called_at", "finished_at",
    )  # fmt: skip
    rows = QueueHour.objects.all()
    if day is not None:
        start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
        end = start + timedelta(days=1)

        def inside(name: str) -> Q:
            return Q(**{f"{name}__gte": start, f"{name}__lt": end})

        tickets = tickets.filter(inside("issued_at") | inside("called_at") | inside("finished_at"))
        rows = rows.filter(day=day)
    with transaction.atomic():
        rows.delete()
        batch: list[Change] = []
        for ticket in tickets.iterator(chunk_size=2000):
            batch += [c for c in changes_of(ticket) if day is None or c[0]["day"] == day]
            if len(batch) >= BATCH:
                counters.add_many(QueueHour, batch)
                batch = []
        counters.add_many(QueueHour, batch)
        return rows.count()
