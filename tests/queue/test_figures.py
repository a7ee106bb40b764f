"""The queue's figures: kept hour by hour as tickets are issued, called and finished (through the real services),
read by area, counter, officer and hour, recounted by `motcua queue-figures rebuild`."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from motcua.dossiers.services import ApplicantInput
from motcua.dossiers.services.visits import VisitInput, record_visit
from motcua.queue import figures
from motcua.queue.models import QueueHour
from motcua.queue.services import calling, tickets
from tests.queue.floor import build_floor

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def floor(db):
    return build_floor()


def at(hour: int, minute: int = 0, second: int = 0, days: int = 0) -> datetime:
    base = datetime.now(HANOI).replace(hour=hour, minute=minute, second=second, microsecond=0)
    return base + timedelta(days=days)


def issue(floor, area="A", now=None):
    request = tickets.TicketRequest(area_code=area)
    return tickets.issue_ticket(centre=floor.centre, request=request, device=floor.kiosk, now=now).ticket


def visit(floor, number: int):
    """A visit guided once (Mẫu 02) by the officer of this counter, for a procedure of the counter's agency."""
    return record_visit(
        officer=floor.officers[number],
        kind="guide",
        visit=VisitInput(
            procedure_code=floor.world.procedures["justice" if number <= 2 else "construction"],
            applicant=ApplicantInput(name="Lê Thị Lan", id_number="036192000777"),
            reason="Thiếu tờ khai",
            items=["Tờ khai"],
        ),
    )


def serve(floor, number: int, ticket, now):
    officer = floor.officers[number]
    calling.record(officer=officer, ticket_id=ticket.pk, visit=visit(floor, number), now=now)
    return calling.serve(officer=officer, ticket_id=ticket.pk, now=now)


def rows() -> dict:
    columns = ("issued", "called", "served", "no_show", "transferred", "waited_seconds", "served_seconds")
    out = {}
    for row in QueueHour.objects.values("day", "hour", "area__code", "counter_key", "officer_key", *columns):
        key = (row.pop("day"), row.pop("hour"), row.pop("area__code"), row.pop("counter_key"), row.pop("officer_key"))
        out[key] = {k: v for k, v in row.items() if v}
    return out


def test_each_event_counts_at_its_hour_with_its_wait_and_service_time(floor):
    one, counter = floor.officers[1], floor.counters[1]
    ticket = issue(floor, now=at(8, 10))
    called = calling.call_next(officer=one, counter=counter, now=at(8, 25, 30))
    assert called.pk == ticket.pk
    serve(floor, 1, called, at(9, 5, 30))
    today = at(8).date()
    assert rows() == {
        (today, 8, "A", 0, 0): {"issued": 1},
        (today, 8, "A", counter.pk, one.pk): {"called": 1, "waited_seconds": 15 * 60 + 30},
        (today, 9, "A", counter.pk, one.pk): {"served": 1, "served_seconds": 40 * 60},
    }
    found = figures.figures(areas=figures.scope_areas(agency_ids=None), start=today, end=today)
    assert (found.total.issued, found.total.called, found.total.served) == (1, 1, 1)
    assert found.total.average_wait_minutes == 15.5 and found.total.average_service_minutes == 40.0
    assert found.total.no_show_rate == 0
    assert [(line.key, line.served) for line in found.by_counter] == [("1", 1)]
    assert [(line.label, line.called) for line in found.by_officer] == [("Cán bộ quầy 1", 1)]
    assert [(line.key, line.issued, line.called, line.served) for line in found.by_hour] == [
        ("8", 1, 1, 0),
        ("9", 0, 0, 1),
    ]
    assert [(line.key, line.issued) for line in found.by_area] == [("A", 1), ("B", 0)]


def test_recall_is_not_a_call_skip_is_a_no_show_and_a_transfer_waits_from_the_first_arrival(floor):
    one, three = floor.officers[1], floor.officers[3]
    issue(floor, now=at(8, 0))
    issue(floor, now=at(8, 1))
    calling.call_next(officer=one, counter=floor.counters[1], now=at(8, 10))
    calling.recall(officer=one, counter=floor.counters[1], now=at(8, 11))
    calling.skip(officer=one, counter=floor.counters[1], now=at(8, 12))
    calling.call_next(officer=one, counter=floor.counters[1], now=at(8, 21))  # A002 waited 20 minutes
    moved = calling.transfer(officer=one, counter=floor.counters[1], area_code="B", now=at(8, 30))
    called = calling.call_next(officer=three, counter=floor.counters[3], now=at(8, 41))  # 40 minutes since 08:01
    assert called.pk == moved.pk
    serve(floor, 3, called, at(8, 50))
    today = at(8).date()
    found = figures.figures(areas=figures.scope_areas(agency_ids=None), start=today, end=today)
    a, b = found.by_area
    assert (a.issued, a.called, a.no_show, a.transferred, a.served) == (2, 2, 1, 1, 0)
    assert a.average_wait_minutes == 15.0  # (10 + 20) / 2
    assert a.no_show_rate == 0.5
    assert (b.issued, b.called, b.served, b.average_wait_minutes, b.average_service_minutes) == (0, 1, 1, 40.0, 9.0)
    assert found.total.no_show_rate == pytest.approx(1 / 3)


def test_a_change_that_rolls_back_leaves_no_figure(floor):
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(floor, now=at(9))
        raise RuntimeError("the kiosk's transaction failed after the ticket")
    assert not QueueHour.objects.exists()


def test_the_rebuild_recounts_every_day_or_one(floor):
    one = floor.officers[1]
    issue(floor, now=at(16, 0, days=-1))
    calling.call_next(officer=one, counter=floor.counters[1], now=at(16, 30, days=-1))
    calling.skip(officer=one, counter=floor.counters[1], now=at(16, 31, days=-1))
    issue(floor, now=at(8, 0))
    calling.call_next(officer=one, counter=floor.counters[1], now=at(8, 5))
    kept = rows()
    QueueHour.objects.all().delete()
    call_command("queue_figures", "rebuild", verbosity=0)
    assert rows() == kept
    QueueHour.objects.filter(day=at(8).date()).update(issued=99)
    QueueHour.objects.create(day=at(8).date(), hour=3, centre=floor.centre, area=floor.areas["B"], issued=5)
    call_command("queue_figures", "rebuild", "--day", at(8).date().isoformat(), verbosity=0)
    assert rows() == kept


def test_today_shows_who_waits_and_the_longest_wait_in_a_fixed_number_of_queries(floor, django_assert_max_num_queries):
    for minute in range(5):
        issue(floor, "A", now=at(8, minute))
    issue(floor, "B", now=at(8, 30))
    calling.call_next(officer=floor.officers[1], counter=floor.counters[1], now=at(8, 40))
    calling.call_next(officer=floor.officers[3], counter=floor.counters[3], now=at(8, 41))
    with django_assert_max_num_queries(5):
        found = figures.today(areas=figures.scope_areas(agency_ids=None), now=at(9, 1))
    a, b = found.now
    assert (a.key, a.waiting, a.at_counters, a.longest_wait_minutes) == ("A", 4, 1, 60)  # A002 since 08:01
    assert (b.key, b.waiting, b.at_counters, b.longest_wait_minutes) == ("B", 0, 1, None)
    assert found.waiting_now == 4 and found.longest_wait_now == 60
    assert found.total.issued == 6 and found.total.called == 2


def test_a_leader_sees_the_areas_of_their_unit_a_supervisor_those_of_the_province(floor):
    from motcua.core.selectors import supervised_agency_ids

    leader = supervised_agency_ids(floor.world.user("tuphap.lanhdao"))
    supervisor = supervised_agency_ids(floor.world.user("giamsat"))
    assert [line.key for line in figures.today(areas=figures.scope_areas(agency_ids=leader)).by_area] == ["A"]
    assert [line.key for line in figures.today(areas=figures.scope_areas(agency_ids=supervisor)).by_area] == [
        "A",
        "B",
    ]
    assert figures.today(areas=figures.scope_areas(agency_ids=set())).by_area == []


def test_the_rebuild_refuses_a_day_that_is_not_a_date(db):
    with pytest.raises(CommandError, match="not a date"):
        call_command("queue_figures", "rebuild", "--day", "2026-13-06", verbosity=0)
