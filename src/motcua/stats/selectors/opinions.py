"""What citizens say, read from the kept tables: ratings by level and criterion (month rows for whole months,
day rows at the edges, as the flows) and feedback received and answered."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet, Sum

from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.stats.models import FeedbackDay, RatingDay, RatingMonth
from motcua.stats.selectors.scope import Scope, flows_end, in_agencies, whole_months


def _rating_rows(scope: Scope) -> list[QuerySet[Any]]:
    """The overall ratings of the period: month rows for whole months unless a procedure or field is chosen."""
    if scope.procedure_id is not None or scope.field_id is not None:
        rows = RatingDay.objects.filter(day__gte=scope.start, day__lte=scope.end)
        return [in_agencies(rows, scope).filter(**_procedure_filter(scope))]
    end = flows_end(scope.end)  # no rating is dated after today either
    whole = whole_months(scope.start, end)
    if whole is None:
        return [in_agencies(RatingDay.objects.filter(day__gte=scope.start, day__lte=end), scope)]
    first, last = whole
    pieces = [in_agencies(RatingMonth.objects.filter(month__gte=first, month__lte=last), scope)]
    if scope.start < first:
        pieces.append(in_agencies(RatingDay.objects.filter(day__gte=scope.start, day__lt=first), scope))
    if last < end:
        pieces.append(in_agencies(RatingDay.objects.filter(day__gt=last, day__lte=end), scope))
    return pieces


def _procedure_filter(scope: Scope) -> dict[str, Any]:
    if scope.procedure_id is not None:
        return {"procedure_id": scope.procedure_id}
    versions = ProcedureVersion.objects.filter(field_id=scope.field_id, status=VersionStatus.PUBLISHED)
    return {"procedure_id__in": versions.values("procedure_id")}


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


def feedback_counts(scope: Scope) -> dict[str, int]:
    """Feedback received, answered and answered in time in the period, by the agencies of the scope."""
    rows = in_agencies(FeedbackDay.objects.filter(day__gte=scope.start, day__lte=scope.end), scope)
    sums = rows.aggregate(r=Sum("received"), a=Sum("answered"), t=Sum("answered_on_time"))
    return {"received": sums["r"] or 0, "answered": sums["a"] or 0, "answered_on_time": sums["t"] or 0}
