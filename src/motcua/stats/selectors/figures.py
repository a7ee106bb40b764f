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

from motcua.stats import rules
from motcua.stats.models import (
    DayFigures,
    MonthFigures,
    StepMonth,
    StockTotal,
)
from motcua.stats.selectors.opinions import feedback_counts, rating_levels, ratings_by_agency
from motcua.stats.selectors.scope import Scope as Scope  # re-exported: where the figures' callers take them
from motcua.stats.selectors.scope import Summary as Summary
from motcua.stats.selectors.scope import as_of as as_of
from motcua.stats.selectors.scope import flows_end, in_agencies, in_scope, month_end, whole_months

# Aggregates are named apart from the columns they read (Django refuses an aggregate named like a column that
# another aggregate sums); `_add` takes the prefix off.
FLOW_SUMS: dict[str, Any] = {f"sum_{name}": Sum(name) for name in rules.FLOWS}
FLOW_SUMS |= {
    "sum_received_counter": Sum("received", filter=Q(channel="counter")),
    "sum_received_online": Sum("received", filter=Q(channel="online")),
    "sum_received_postal": Sum("received", filter=Q(channel="postal")),
}
STOCK_SUMS: dict[str, Any] = {"sum_open": Sum("open_change"), "sum_late": Sum("late_change")}


def _pieces(scope: Scope, start: date, end: date) -> list[QuerySet[Any]]:
    """The rows of the flows of [start, end]: month rows for whole months, day rows for the rest (or day rows
    only). No flow is ever dated after today, so a period that reaches today reads its last month whole."""
    if start > end:
        return []
    end = flows_end(end)
    whole = whole_months(start, end) if scope.procedure_id is None else None
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


def summary(scope: Scope) -> Summary:
    """Every count of the scope: about eight small queries whatever the number of dossiers."""
    flows: dict[str, int] = {}
    for rows in _pieces(scope, scope.start, scope.end):
        _add(flows, rows.aggregate(**FLOW_SUMS))
    result = Summary(**{k: v for k, v in flows.items() if k in Summary.__dataclass_fields__})
    before, end = stocks_at(scope, (scope.start - timedelta(days=1), as_of(scope)))[None]
    result.carried_over = before[0]
    result.in_progress, result.in_progress_late = end
    result.count_ratings(rating_levels(scope))
    result.count_feedback(feedback_counts(scope))
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
    whole = replace(scope, start=months[0], end=month_end(months[-1]))
    rows: dict[date, dict[str, int]] = defaultdict(dict)
    for piece in _pieces(whole, whole.start, whole.end):
        month = F("month") if piece.model is MonthFigures else TruncMonth("day")
        for row in piece.annotate(m=month).values("m").annotate(**FLOW_SUMS).order_by():
            m = row.pop("m")
            _add(rows[m.date() if isinstance(m, datetime) else m], row)
    return [MonthRow(m, rows.get(m, {})) for m in months]


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
        out.setdefault(agency_id, Summary()).count_ratings(levels)
    return out


def overview(scope: Scope) -> tuple[Summary, dict[int, Summary]]:
    """The scope's summary and each agency's, from one grouped read (a dashboard needs both: the summary is the
    sum of its agencies, so reading it apart would read the same rows twice)."""
    agencies = by_agency(scope)
    whole = totals(agencies.values())
    whole.count_feedback(feedback_counts(scope))
    return whole, agencies


@dataclass(frozen=True)
class LateStep:
    agency_id: int
    step_name: str
    finished: int
    late: int


def late_steps(scope: Scope, *, limit: int = 20) -> list[LateStep]:
    """The steps that finished late most often in the months of the period, by agency and step."""
    months = scope.months()
    rows = in_agencies(StepMonth.objects.filter(month__gte=months[0], month__lte=months[-1]), scope)
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
