"""The queue's figures kept event by event equal a brute-force count over the tickets, the reads add them up
right, and the rebuild gives the same rows: on random sequences of issues, calls, recalls, no-shows, transfers and
services, at random times over several days, through the real services (hypothesis)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.queue import figures, selectors
from motcua.queue.models import Priority, QueueHour, Ticket
from motcua.queue.services import calling, tickets
from motcua.queue.services.errors import QueueError
from motcua.queue.services.figures import rebuild
from tests.queue.floor import build_floor
from tests.queue.test_figures import visit

pytestmark = pytest.mark.django_db(transaction=False)
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
COLUMNS = ("issued", "called", "served", "no_show", "transferred", "waited_seconds", "served_seconds")

step = st.tuples(
    st.sampled_from(["issue", "issue", "issue", "call", "call", "recall", "skip", "transfer", "serve", "serve"]),
    st.integers(min_value=1, max_value=4),  # the counter (or, to issue, 1-2: area A, 3-4: area B)
    st.booleans(),  # a priority visitor, when issuing
    st.integers(min_value=0, max_value=5400),  # seconds before this step (up to 90 minutes: hours and days change)
)


@pytest.fixture
def floor(db):
    return build_floor()


def _play(floor, steps) -> None:
    now = datetime.now(HANOI).replace(hour=7, minute=30, second=0, microsecond=0) - timedelta(days=2)
    visits = {number: visit(floor, number) for number in (1, 3)}  # one guided visit per agency, reused
    for action, number, priority, pause in steps:
        now += timedelta(seconds=pause)
        officer, counter = floor.officers[number], floor.counters[number]
        try:
            if action == "issue":
                request = tickets.TicketRequest(
                    area_code="A" if number <= 2 else "B", priority=Priority.ELDERLY if priority else ""
                )
                tickets.issue_ticket(centre=floor.centre, request=request, device=floor.kiosk, now=now)
            elif action == "call":
                calling.call_next(officer=officer, counter=counter, now=now)
            elif action == "recall":
                calling.recall(officer=officer, counter=counter, now=now)
            elif action == "skip":
                calling.skip(officer=officer, counter=counter, now=now)
            elif action == "transfer":
                current = selectors.serving_at(counter)
                to = "B" if current is not None and current.area.code == "A" else "A"
                calling.transfer(officer=officer, counter=counter, area_code=to, now=now)
            else:
                current = selectors.serving_at(counter)
                if current is None:
                    continue
                # Counter 2 serves A and B; its officer records a visit of their own agency (Justice).
                done = visits[1 if number <= 2 else 3]
                calling.record(officer=officer, ticket_id=current.pk, visit=done, now=now)
                calling.serve(officer=officer, ticket_id=current.pk, now=now)
        except QueueError:
            continue


def kept() -> dict:
    out = {}
    for row in QueueHour.objects.values("day", "hour", "centre_id", "area_id", "counter_key", "officer_key", *COLUMNS):
        values = {c: row[c] for c in COLUMNS if row[c]}
        if values:
            out[row["day"], row["hour"], row["centre_id"], row["area_id"], row["counter_key"], row["officer_key"]] = (
                values
            )
    return out


def brute_force() -> dict:
    """The same figures, one ticket at a time, written the plainest way."""
    table: dict = defaultdict(lambda: defaultdict(int))

    def row(t: Ticket, moment: datetime, at_counter: bool):
        local = moment.astimezone(HANOI)
        who = (t.counter_id or 0, t.officer_id or 0) if at_counter else (0, 0)
        return table[(local.date(), local.hour, t.centre_id, t.area_id, *who)]

    for t in Ticket.objects.all():
        if t.transferred_from_id is None:
            row(t, t.issued_at, False)["issued"] += 1
        if t.called_at is not None:
            mine = row(t, t.called_at, True)
            mine["called"] += 1
            mine["waited_seconds"] += int((t.called_at - t.queued_at).total_seconds())
        if t.state in ("served", "no_show", "transferred"):
            mine = row(t, t.finished_at, True)
            mine[t.state] += 1
            if t.state == "served":
                mine["served_seconds"] += int((t.finished_at - t.called_at).total_seconds())
    return {k: {c: n for c, n in v.items() if n} for k, v in table.items() if any(v.values())}


def assert_reads_add_up(counted: dict) -> None:
    """The reads of the whole period and of each day give the sums of the brute-force rows."""
    days = sorted({key[0] for key in counted}) or [timezone.localdate()]
    areas = figures.scope_areas(agency_ids=None)
    for start, end in [(days[0], days[-1]), *((d, d) for d in days)]:
        found = figures.figures(areas=areas, start=start, end=end)
        inside = [v for k, v in counted.items() if start <= k[0] <= end]
        for name in COLUMNS:
            expected = sum(v.get(name, 0) for v in inside)
            assert getattr(found.total, name) == expected, (name, start, end)
            assert sum(getattr(line, name) for line in found.by_area) == expected
            assert sum(getattr(line, name) for line in found.by_hour) == expected
            at_counters = sum(v.get(name, 0) for k, v in counted.items() if start <= k[0] <= end and k[4])
            assert sum(getattr(line, name) for line in found.by_counter) == at_counters
            assert sum(getattr(line, name) for line in found.by_officer) == at_counters


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(steps=st.lists(step, min_size=1, max_size=40))
def test_kept_figures_equal_a_brute_force_count_and_the_rebuild(floor, steps):
    with transaction.atomic():
        _play(floor, steps)
        one_by_one = kept()
        counted = brute_force()
        assert one_by_one == counted
        assert_reads_add_up(counted)
        for day in sorted({key[0] for key in counted}):
            rebuild(day=day)
            assert kept() == one_by_one
        QueueHour.objects.update(issued=7)  # whatever went wrong with the kept rows
        rebuild()
        assert kept() == one_by_one
        transaction.set_rollback(True)
