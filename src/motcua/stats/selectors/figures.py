"""A scope's figures, read from the kept tables (stats.models), whose size depends on the number of agencies,
fields and months, not on the number of dossiers.

A period is read from the month rows for its whole months and from the day rows for its partial months at either
end (or from the day rows alone when a procedure is chosen: months do not have it). Stocks (in progress, late)
at the end of a day are the sum of their changes up to that day (stats.rules)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.stats import rules
from motcua.stats.models import (
    DayFigures,
    FeedbackDay,
    MonthFigures,
    RatingDay,
    RatingMonth,
    StepMonth,
    StockTotal,
)

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

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# Aggregates are named apart from the columns they read (Django refuses an aggregate named like a column that
# another aggregate sums); `_add` takes the prefix off.
FLOW_SUMS: dict[str, Any] = {f"sum_{name}": Sum(name) for name in rules.FLOWS}
FLOW_SUMS |= {
    "sum_received_counter": Sum("received", filter=Q(channel="counter")),
    "sum_received_online": Sum("received", filter=Q(channel="online")),
    "sum_received_postal": Sum("received", filter=Q(channel="postal")),
}
STOCK_SUMS: dict[str, Any] = {"sum_open": Sum("open_change"), "sum_late": Sum("late_change")}


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


def _whole_months(start: date, end: date) -> tuple[date, date] | None:
    """The first day of the first whole month in [start, end] and the last day of the last one; None if none."""
    first = start if start.day == 1 else (start.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = end if (end + timedelta(days=1)).day == 1 else end.replace(day=1) - timedelta(days=1)
    return (first, last) if first <= last else None


def _pieces(scope: Scope, start: date, end: date) -> list[QuerySet[Any]]:
    """The rows of the flows of [start, end]: month rows for whole months, day rows for the rest (or day rows
    only). No flow is ever dated after today, so a period that reaches today reads its last month whole."""
    if start > end:
        return []
    if end >= timezone.localdate():
        end = _month_end(end)
    whole = _whole_months(start, end) if scope.procedure_id is None else None
    if whole is None:
        return [in_scope(DayFigures.objects.filter(day__gte=start, day__lte=end), scope)]
    first, last = whole
    pieces = [in_scope(MonthFigures.objects.filter(month__gte=first, month__lte=last), scope)]
    if start < first:
        pieces.append(in_scope(DayFigures.objects.filter(day__gte=start, day__lt=first), scope))
    if last < end:
        pieces.append(in_scope(DayFigures.objects.filter(day__gt=last, day__lte=end), scope))
    return pieces


def _add(into: dict[str, int], row: dict[str, Any]) -> None:
    for name, value in row.items():
        name = name.removeprefix("sum_")
        into[name] = into.get(name, 0) + (value or 0)


def _after(scope: Scope, day: date) -> list[QuerySet[Any]]:
    """The rows of the stock changes dated after `day`: the rest of its month from the day rows, the months after
    it from the month rows (the day rows alone when a procedure is chosen)."""
    if scope.procedure_id is not None:
        return [in_scope(DayFigures.objects.filter(day__gt=day), scope)]
    next_month = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return [
        in_scope(DayFigures.objects.filter(day__gt=day, day__lt=next_month), scope),
        in_scope(MonthFigures.objects.filter(month__gte=next_month), scope),
    ]


def _stock_sums(rows: QuerySet[Any], by: str) -> list[tuple[Any, int, int]]:
    """(key, open, late) sums of the rows, grouped `by` a column or all together (key None)."""
    if not by:
        row = rows.aggregate(**STOCK_SUMS)
        return [(None, row["sum_open"] or 0, row["sum_late"] or 0)]
    grouped = rows.values(by).annotate(**STOCK_SUMS).order_by()
    return [(r[by], r["sum_open"] or 0, r["sum_late"] or 0) for r in grouped]


def stocks_at(scope: Scope, days: tuple[date, ...], *, by: str = "") -> dict[Any, list[tuple[int, int]]]:
    """(in progress, of them late) at the end of each of `days`, for the scope (key None) or grouped `by` a
    column (e.g. "agency_id"): the kept totals minus the changes dated after each day. The cost is that of the
    rows after the earliest day, whatever the length of the history."""
    totals: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    for key, opened, late in _stock_sums(in_scope(StockTotal.objects.all(), scope), by):
        totals[key][0] += opened
        totals[key][1] += late
    out: dict[Any, list[tuple[int, int]]] = {}
    later: dict[Any, list[list[int]]] = defaultdict(lambda: [[0, 0] for _day in days])
    for i, day in enumerate(days):
        for rows in _after(scope, day):
            for key, opened, late in _stock_sums(rows, by):
                later[key][i][0] += opened
                later[key][i][1] += late
    for key in set(totals) | set(later):
        total, after = totals.get(key, [0, 0]), later.get(key, [[0, 0] for _day in days])
        out[key] = [(total[0] - a[0], total[1] - a[1]) for a in after]
    if not by:
        out.setdefault(None, [(0, 0) for _day in days])
    return out


def as_of(scope: Scope, today: date | None = None) -> date:
    """The day whose end the period's stocks are read at: its last day, or today while it is not over (a
    dossier due next week is not late yet)."""
    return min(scope.end, today or timezone.localdate())


def stock_at(scope: Scope, day: date) -> tuple[int, int]:
    """(in progress, of them late) at the end of `day`."""
    return stocks_at(scope, (day,))[None][0]


def summary(scope: Scope) -> Summary:
    """Every count of the scope: about eight small queries whatever the number of dossiers."""
    flows: dict[str, int] = {}
    for rows in _pieces(scope, scope.start, scope.end):
        _add(flows, rows.aggregate(**FLOW_SUMS))
    result = Summary(**{k: v for k, v in flows.items() if k in Summary.__dataclass_fields__})
    before, end = stocks_at(scope, (scope.start - timedelta(days=1), as_of(scope)))[None]
    result.carried_over = before[0]
    result.in_progress, result.in_progress_late = end
    levels = rating_levels(scope)
    result.ratings = sum(levels.values())
    result.ratings_satisfied = sum(levels.get(level, 0) for level in SATISFIED)
    result.ratings_dissatisfied = sum(levels.get(level, 0) for level in DISSATISFIED)
    feedback = _feedback_rows(scope).aggregate(r=Sum("received"), a=Sum("answered"), t=Sum("answered_on_time"))
    result.feedback_received = feedback["r"] or 0
    result.feedback_answered = feedback["a"] or 0
    result.feedback_answered_on_time = feedback["t"] or 0
    return result


@dataclass
class MonthRow:
    month: date
    figures: dict[str, int] = field(default_factory=dict)

    def __getattr__(self, name: str) -> int:
        try:
            return self.__dict__["figures"].get(name, 0)
        except KeyError as exc:
            raise AttributeError(name) from exc


def by_month(scope: Scope) -> list[MonthRow]:
    """The flows of each month the period touches (each month whole), in order."""
    months = scope.months()
    whole = replace(scope, start=months[0], end=_month_end(months[-1]))
    rows: dict[date, dict[str, int]] = defaultdict(dict)
    for piece in _pieces(whole, whole.start, whole.end):
        month = F("month") if piece.model is MonthFigures else TruncMonth("day")
        for row in piece.annotate(m=month).values("m").annotate(**FLOW_SUMS).order_by():
            m = row.pop("m")
            _add(rows[m.date() if isinstance(m, datetime) else m], row)
    return [MonthRow(m, rows.get(m, {})) for m in months]


def _month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def by_agency(scope: Scope) -> dict[int, Summary]:
    """Flows per agency over the period, with the stocks at its end: for the ranking of agencies."""
    totals: dict[int, dict[str, int]] = defaultdict(dict)
    for piece in _pieces(scope, scope.start, scope.end):
        for row in piece.values("agency_id").annotate(**FLOW_SUMS).order_by():
            _add(totals[row.pop("agency_id")], row)
    stocks = stocks_at(scope, (scope.start - timedelta(days=1), as_of(scope)), by="agency_id")
    out = {}
    for agency_id in set(totals) | set(stocks):
        s = Summary(**{k: v for k, v in totals.get(agency_id, {}).items() if k in Summary.__dataclass_fields__})
        before, end = stocks.get(agency_id, [(0, 0), (0, 0)])
        s.carried_over = before[0]
        s.in_progress, s.in_progress_late = end
        out[agency_id] = s
    for agency_id, levels in ratings_by_agency(scope).items():
        s = out.setdefault(agency_id, Summary())
        s.ratings = sum(levels.values())
        s.ratings_satisfied = sum(levels.get(level, 0) for level in SATISFIED)
        s.ratings_dissatisfied = sum(levels.get(level, 0) for level in DISSATISFIED)
    return out


def overview(scope: Scope) -> tuple[Summary, dict[int, Summary]]:
    """The scope's summary and each agency's, from one grouped read (a dashboard needs both: the summary is the
    sum of its agencies, so reading it apart would read the same rows twice)."""
    agencies = by_agency(scope)
    whole = totals(agencies.values())
    feedback = _feedback_rows(scope).aggregate(r=Sum("received"), a=Sum("answered"), t=Sum("answered_on_time"))
    whole.feedback_received = feedback["r"] or 0
    whole.feedback_answered = feedback["a"] or 0
    whole.feedback_answered_on_time = feedback["t"] or 0
    return whole, agencies


def _rating_rows(scope: Scope) -> list[QuerySet[Any]]:
    """The overall ratings of the period: month rows for whole months unless a procedure or field is chosen."""
    if scope.procedure_id is not None or scope.field_id is not None:
        rows = RatingDay.objects.filter(day__gte=scope.start, day__lte=scope.end)
        return [_in_agencies(rows, scope).filter(**_procedure_filter(scope))]
    # No rating is dated after today (as flows, _pieces): a period that reaches today reads its last month whole.
    end = _month_end(scope.end) if scope.end >= timezone.localdate() else scope.end
    whole = _whole_months(scope.start, end)
    if whole is None:
        return [_in_agencies(RatingDay.objects.filter(day__gte=scope.start, day__lte=end), scope)]
    first, last = whole
    pieces = [_in_agencies(RatingMonth.objects.filter(month__gte=first, month__lte=last), scope)]
    if scope.start < first:
        pieces.append(_in_agencies(RatingDay.objects.filter(day__gte=scope.start, day__lt=first), scope))
    if last < end:
        pieces.append(_in_agencies(RatingDay.objects.filter(day__gt=last, day__lte=end), scope))
    return pieces


def _procedure_filter(scope: Scope) -> dict[str, Any]:
    if scope.procedure_id is not None:
        return {"procedure_id": scope.procedure_id}
    versions = ProcedureVersion.objects.filter(field_id=scope.field_id, status=VersionStatus.PUBLISHED)
    return {"procedure_id__in": versions.values("procedure_id")}


def _in_agencies(rows: QuerySet[Any], scope: Scope) -> QuerySet[Any]:
    if scope.agency_ids is not None:
        rows = rows.filter(agency_id__in=scope.agency_ids)
    if scope.level:
        rows = rows.filter(agency__level=scope.level)
    return rows


def rating_levels(scope: Scope, *, criterion: str = "") -> dict[int, int]:
    """Ratings of the period by level (5: very satisfied … 1: very dissatisfied), overall or for a criterion."""
    levels: dict[int, int] = defaultdict(int)
    for rows in _rating_rows(scope):
        for level, n in rows.filter(criterion=criterion).values_list("level").annotate(n=Sum("ratings")).order_by():
            levels[level] += n or 0
    return dict(levels)


def rating_criteria(scope: Scope) -> dict[str, dict[int, int]]:
    """Ratings of the period by criterion and level (the nine criteria)."""
    out: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for rows in _rating_rows(scope):
        grouped = rows.exclude(criterion="").values_list("criterion", "level").annotate(n=Sum("ratings"))
        for criterion, level, n in grouped.order_by():
            out[criterion][level] += n or 0
    return {c: dict(v) for c, v in out.items()}


def ratings_by_agency(scope: Scope) -> dict[int, dict[int, int]]:
    out: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for rows in _rating_rows(scope):
        for agency_id, level, n in (
            rows.filter(criterion="").values_list("agency_id", "level").annotate(n=Sum("ratings")).order_by()
        ):
            out[agency_id][level] += n or 0
    return {a: dict(v) for a, v in out.items()}


def _feedback_rows(scope: Scope) -> QuerySet[Any]:
    return _in_agencies(FeedbackDay.objects.filter(day__gte=scope.start, day__lte=scope.end), scope)


@dataclass(frozen=True)
class LateStep:
    agency_id: int
    step_name: str
    finished: int
    late: int


def late_steps(scope: Scope, *, limit: int = 20) -> list[LateStep]:
    """The steps that finished late most often in the months of the period, by agency and step."""
    months = scope.months()
    rows = _in_agencies(StepMonth.objects.filter(month__gte=months[0], month__lte=months[-1]), scope)
    grouped = (
        rows.values("agency_id", "step_name")
        .annotate(finished=Sum("finished"), late=Sum("late"))
        .filter(late__gt=0)
        .order_by("-late", "agency_id", "step_name")[:limit]
    )
    return [LateStep(r["agency_id"], r["step_name"], r["finished"], r["late"]) for r in grouped]


def totals(summaries: Iterable[Summary]) -> Summary:
    out = Summary()
    for s in summaries:
        for f in fields(out):
            setattr(out, f.name, getattr(out, f.name) + getattr(s, f.name))
    return out
