"""The queue's figures for people: tickets, outcomes, no-show rate, average waiting and service time of a scope and
a period, by area, counter, officer and hour (from the kept QueueHour rows), and the floor right now (who waits,
the longest wait, from the tickets). A fixed number of queries whatever the number of tickets or days.
Definitions: docs/queue-figures.md."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone

from motcua.core.models import Counter, User
from motcua.queue.models import QueueHour, ServiceArea, Ticket, TicketState

COLUMNS = ("issued", "called", "served", "no_show", "transferred", "waited_seconds", "served_seconds")


def _minutes(total_seconds: int, count: int) -> float | None:
    return round(total_seconds / count / 60, 1) if count else None


@dataclass
class Line:
    """One row of figures: the sums, and the averages and rate made from them."""

    key: str = ""
    label: str = ""
    issued: int = 0  # new numbers taken
    called: int = 0  # first calls
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    waited_seconds: int = 0
    served_seconds: int = 0

    def add(self, row: dict) -> None:
        for name in COLUMNS:
            setattr(self, name, getattr(self, name) + (row[name] or 0))

    @property
    def finished(self) -> int:
        """Tickets that ended at a counter: served, no-show or transferred."""
        return self.served + self.no_show + self.transferred

    @property
    def no_show_rate(self) -> float | None:
        """Of the tickets that ended at a counter, the share whose visitor did not come."""
        return self.no_show / self.finished if self.finished else None

    @property
    def average_wait_minutes(self) -> float | None:
        """From arrival in the hall to the first call, over the tickets called."""
        return _minutes(self.waited_seconds, self.called)

    @property
    def average_service_minutes(self) -> float | None:
        """From the first call to the end, over the tickets served."""
        return _minutes(self.served_seconds, self.served)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in COLUMNS)


@dataclass
class AreaNow:
    key: str
    label: str
    waiting: int = 0
    at_counters: int = 0
    longest_wait_minutes: int | None = None  # the first arrival still waiting


@dataclass
class QueueFigures:
    start: date
    end: date
    total: Line = field(default_factory=Line)
    by_area: list[Line] = field(default_factory=list)
    by_counter: list[Line] = field(default_factory=list)
    by_officer: list[Line] = field(default_factory=list)
    by_hour: list[Line] = field(default_factory=list)
    now: list[AreaNow] = field(default_factory=list)  # filled by `today` only

    @property
    def waiting_now(self) -> int:
        return sum(a.waiting for a in self.now)

    @property
    def longest_wait_now(self) -> int | None:
        return max((a.longest_wait_minutes for a in self.now if a.longest_wait_minutes is not None), default=None)


def scope_areas(*, agency_ids: Collection[int] | None, centre_id: int | None = None) -> QuerySet:
    """The ids of the service areas a scope sees (a subquery): those of the centres of its agencies, and those
    serving one of its agencies (a unit's leader sees the areas of their unit). None: every area."""
    areas = ServiceArea.objects.all()
    if agency_ids is not None:
        ids = list(agency_ids)
        areas = areas.filter(Q(centre__agency_id__in=ids) | Q(agencies__in=ids))
    if centre_id is not None:
        areas = areas.filter(centre_id=centre_id)
    return areas.values("pk")


def figures(*, areas: QuerySet, start: date, end: date, now: datetime | None = None) -> QueueFigures:
    """The figures of the areas over the period (Vietnam days, both included): four queries at most; with `now`,
    also the floor at that moment (`.now`): one more."""
    known = list(_areas(areas))
    result = _figures(known, start, end)
    if now is not None:
        result.now = _floor(known, now)
    return result


def today(*, areas: QuerySet, now: datetime | None = None) -> QueueFigures:
    """Today's figures and the floor right now (waiting, at the counters, the longest wait): five queries at most."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    return figures(areas=areas, start=day, end=day, now=now)


def _floor(known: list[ServiceArea], now: datetime) -> list[AreaNow]:
    """Who waits and who is at a counter now, by area, from the tickets (the board's count: every waiting one)."""
    labels = _area_labels(known)
    by_area = {a.pk: AreaNow(key=a.code, label=labels[a.pk]) for a in known}
    if not known:
        return []
    rows = (
        Ticket.objects.filter(area_id__in=list(by_area), state__in=[TicketState.WAITING, TicketState.CALLED])
        .values("area_id", "state")
        .annotate(n=Count("id"), first=Min("queued_at"))
        .order_by()
    )
    for row in rows:
        line = by_area[row["area_id"]]
        if row["state"] == TicketState.WAITING:
            line.waiting = row["n"]
            line.longest_wait_minutes = max(0, int((now - row["first"]).total_seconds() // 60))
        else:
            line.at_counters = row["n"]
    return list(by_area.values())


def _areas(areas: QuerySet) -> QuerySet:
    return ServiceArea.objects.filter(pk__in=areas).select_related("centre").order_by("centre__code", "code")


def _area_labels(known: list[ServiceArea]) -> dict[int, str]:
    """Each area's label: code and name, and the centre's name when the areas are of several centres (it tells
    two areas A apart)."""
    several = len({a.centre_id for a in known}) > 1
    return {a.pk: f"{a.code} – {a.name}" + (f" ({a.centre.name})" if several else "") for a in known}


def _figures(known: list[ServiceArea], start: date, end: date) -> QueueFigures:
    result = QueueFigures(start=start, end=end)
    if not known:
        return result
    rows = list(
        QueueHour.objects.filter(area_id__in=[a.pk for a in known], day__gte=start, day__lte=end)
        .values("area_id", "counter_key", "officer_key", "hour")
        .annotate(**{name: Sum(name) for name in COLUMNS})
        .order_by()
    )
    labels = _area_labels(known)
    areas = {a.pk: Line(key=a.code, label=labels[a.pk]) for a in known}
    counter_ids = {r["counter_key"] for r in rows if r["counter_key"]}
    officer_ids = {r["officer_key"] for r in rows if r["officer_key"]}
    counters = {
        c.pk: Line(key=str(c.number), label=f"{c.number} – {c.name}")
        for c in (Counter.objects.filter(pk__in=counter_ids).order_by("centre__code", "number") if counter_ids else ())
    }
    officers = {
        u.pk: Line(key=u.username, label=u.full_name or u.username)
        for u in (User.objects.filter(pk__in=officer_ids).order_by("full_name", "username") if officer_ids else ())
    }
    hours = {h: Line(key=str(h), label=f"{h:02d}:00–{h + 1:02d}:00") for h in range(24)}
    for row in rows:
        result.total.add(row)
        areas[row["area_id"]].add(row)
        hours[row["hour"]].add(row)
        if row["counter_key"] in counters:
            counters[row["counter_key"]].add(row)
        if row["officer_key"] in officers:
            officers[row["officer_key"]].add(row)
    result.by_area = list(areas.values())
    result.by_counter = [line for line in counters.values() if not line.empty]
    result.by_officer = [line for line in officers.values() if not line.empty]
    result.by_hour = [line for line in hours.values() if not line.empty]
    return result
