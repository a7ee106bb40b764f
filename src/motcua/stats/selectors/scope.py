"""What the statistics' reads share: the scope of a read, the counts it returns, and the calendar of months
its periods are read by (stats.selectors.figures, .opinions, .behind)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

SATISFIED, DISSATISFIED = (4, 5), (1, 2)


@dataclass(frozen=True)
class Scope:
    """Which figures: the agencies (None: every agency; else ids, subtrees already included), the period (local
    days, both included), and optional filters."""

    start: date
    end: date
    agency_ids: frozenset[int] | None = None
    level: str = ""  # the agencies' level: province | commune | ministry
    field_id: int | None = None
    procedure_id: int | None = None

    def months(self) -> list[date]:
        """The first day of every month the period touches."""
        first, out = self.start.replace(day=1), []
        while first <= self.end:
            out.append(first)
            first = (first + timedelta(days=32)).replace(day=1)
        return out


@dataclass
class Summary:
    """The counts of a scope over its period (flows) and at its ends (stocks). Keys are the API's."""

    received: int = 0
    received_counter: int = 0
    received_online: int = 0
    received_full_online: int = 0
    received_postal: int = 0
    carried_over: int = 0  # in progress at the end of the day before the period
    resolved: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    resolved_late_apologised: int = 0
    on_the_spot: int = 0
    electronic_result: int = 0
    with_fee: int = 0
    paid_online: int = 0
    working_minutes: int = 0
    refused: int = 0
    stopped: int = 0
    withdrawn: int = 0
    returned: int = 0
    supplement_requested: int = 0
    extended: int = 0
    digitised: int = 0
    reused: int = 0
    in_progress: int = 0  # at the end of the period's last day (of today, while the period is not over)
    in_progress_late: int = 0
    ratings: int = 0
    ratings_satisfied: int = 0
    ratings_dissatisfied: int = 0
    feedback_received: int = 0
    feedback_answered: int = 0
    feedback_answered_on_time: int = 0

    @property
    def in_progress_on_time(self) -> int:
        return self.in_progress - self.in_progress_late

    @property
    def resolved_in_time(self) -> int:
        return self.resolved_early + self.resolved_on_time

    @property
    def on_time_rate(self) -> float | None:
        """Resolved early or on time, of the resolved (Decision 766's progress)."""
        return share(self.resolved_in_time, self.resolved)

    @property
    def online_share(self) -> float | None:
        return share(self.received_online, self.received)

    @property
    def spot_or_online_share(self) -> float | None:
        """Resolved on the spot or received online, of the received (Lai Châu's target)."""
        return share(self.on_the_spot + self.received_online, self.received)

    @property
    def satisfied_share(self) -> float | None:
        return share(self.ratings_satisfied, self.ratings)

    @property
    def digitised_share(self) -> float | None:
        return share(self.digitised, self.received)

    @property
    def average_working_days(self) -> float | None:
        """Average working time to the result, in working days of 8 hours."""
        return self.working_minutes / self.resolved / 480 if self.resolved else None

    def count_ratings(self, levels: dict[int, int]) -> None:
        """Set the ratings from their counts by level (5: very satisfied … 1: very dissatisfied)."""
        self.ratings = sum(levels.values())
        self.ratings_satisfied = sum(levels.get(level, 0) for level in SATISFIED)
        self.ratings_dissatisfied = sum(levels.get(level, 0) for level in DISSATISFIED)

    def count_feedback(self, counts: dict[str, int]) -> None:
        """Set the feedback figures from their sums (received, answered, answered_on_time)."""
        self.feedback_received = counts["received"]
        self.feedback_answered = counts["answered"]
        self.feedback_answered_on_time = counts["answered_on_time"]

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def in_scope(rows: QuerySet[Any], scope: Scope, *, field: str = "field_key") -> QuerySet[Any]:
    """Rows (of figures, or dossiers) of the scope's agencies, level, field (`field`: the column holding it) and
    procedure."""
    if scope.agency_ids is not None:
        rows = rows.filter(agency_id__in=scope.agency_ids)
    if scope.level:
        rows = rows.filter(agency__level=scope.level)
    if scope.field_id is not None:
        rows = rows.filter(**{field: scope.field_id})
    if scope.procedure_id is not None:
        rows = rows.filter(procedure_id=scope.procedure_id)
    return rows


def in_agencies(rows: QuerySet[Any], scope: Scope) -> QuerySet[Any]:
    """Rows of the scope's agencies and level only (tables without field or procedure)."""
    if scope.agency_ids is not None:
        rows = rows.filter(agency_id__in=scope.agency_ids)
    if scope.level:
        rows = rows.filter(agency__level=scope.level)
    return rows


def whole_months(start: date, end: date) -> tuple[date, date] | None:
    """The first day of the first whole month in [start, end] and the last day of the last one; None if none."""
    first = start if start.day == 1 else (start.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = end if (end + timedelta(days=1)).day == 1 else end.replace(day=1) - timedelta(days=1)
    return (first, last) if first <= last else None


def month_end(day: date) -> date:
    """The last day of the month of `day` (any day of it)."""
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def flows_end(end: date) -> date:
    """Where a read of flows (or ratings) may stop: no flow is ever dated after today, so a period that reaches
    today may read its last month whole (from the month rows)."""
    return month_end(end) if end >= timezone.localdate() else end


def as_of(scope: Scope, today: date | None = None) -> date:
    """The day whose end the period's stocks are read at: its last day, or today while it is not over (a
    dossier due next week is not late yet)."""
    return min(scope.end, today or timezone.localdate())
