"""Reads of the periodic reports (báo cáo tình hình, kết quả giải quyết TTHC): the handling figures grouped by
agency or by field with the stock carried over, the officers' figures, and the late dossiers of a period with
how late they were and why.

The grouped figures read the same rows as `figures.summary` (month rows for whole months, day rows at the
edges), so that the groups of a scope always add up to its summary."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone

from motcua.catalog.models import Field
from motcua.core.models import Agency
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.stats.models import OfficerDay
from motcua.stats.rules import OFFICER_FIGURES
from motcua.stats.selectors.behind import dossiers_behind
from motcua.stats.selectors.figures import FLOW_SUMS, Scope, Summary, _add, _pieces, as_of, stocks_at
from motcua.workdays.engine import WorkingCalendar
from motcua.workdays.selectors import calendar_for

GROUPS = {"agency": "agency_id", "field": "field_key"}
MINUTES_PER_DAY = 480  # a working day of 8 hours, as figures.Summary.average_working_days counts
REASON_ACTIONS = ("extend", "request_supplement")


def handling_by(scope: Scope, group: str) -> dict[int, Summary]:
    """The report's figures per agency (`group="agency"`) or per field (`"field"`, 0: none): the flows of the
    period, the stock carried over from the day before it and the stock (and its late part) at its end."""
    column = GROUPS[group]
    flows: dict[int, dict[str, int]] = defaultdict(dict)
    for piece in _pieces(scope, scope.start, scope.end):
        for row in piece.values(column).annotate(**FLOW_SUMS).order_by():
            _add(flows[row.pop(column)], row)
    stocks = stocks_at(scope, (scope.start - timedelta(days=1), as_of(scope)), by=column)
    out: dict[int, Summary] = {}
    for key in set(flows) | set(stocks):
        figures = Summary(**{k: v for k, v in flows.get(key, {}).items() if k in Summary.__dataclass_fields__})
        before, end = stocks.get(key, [(0, 0), (0, 0)])
        figures.carried_over = before[0]
        figures.in_progress, figures.in_progress_late = end
        if _any(figures):
            out[key] = figures
    return out


def _any(figures: Summary) -> bool:
    return any(figures.as_dict().values())


def agency_names(ids: Iterable[int]) -> dict[int, str]:
    return dict(Agency.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


def field_names(ids: Iterable[int]) -> dict[int, str]:
    return dict(Field.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name"))


# --- officers ---------------------------------------------------------------------------------------------------

OFFICER_COLUMNS = OFFICER_FIGURES


@dataclass
class OfficerLine:
    officer_id: int
    name: str
    agency_id: int
    agency_name: str
    figures: dict[str, int] = field(default_factory=dict)

    def __getattr__(self, name: str) -> int:
        try:
            return self.__dict__["figures"][name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def officer_lines(scope: Scope) -> list[OfficerLine]:
    """What each officer did in the period, per agency where they did it: one query, ordered by agency and name."""
    rows = OfficerDay.objects.filter(day__gte=scope.start, day__lte=scope.end)
    if scope.agency_ids is not None:
        rows = rows.filter(agency_id__in=scope.agency_ids)
    if scope.level:
        rows = rows.filter(agency__level=scope.level)
    grouped = (
        rows.values("officer_id", "officer__full_name", "officer__username", "agency_id", "agency__name")
        .annotate(**{f"sum_{name}": Sum(name) for name in OFFICER_COLUMNS})
        .order_by("agency__name", "officer__full_name", "officer__username")
    )
    out = []
    for row in grouped:
        figures = {name: row[f"sum_{name}"] or 0 for name in OFFICER_COLUMNS}
        out.append(
            OfficerLine(
                officer_id=row["officer_id"],
                name=row["officer__full_name"] or row["officer__username"],
                agency_id=row["agency_id"],
                agency_name=row["agency__name"],
                figures=figures,
            )
        )
    return out


def officer_totals(lines: Iterable[OfficerLine]) -> dict[str, int]:
    totals = dict.fromkeys(OFFICER_COLUMNS, 0)
    for line in lines:
        for name in OFFICER_COLUMNS:
            totals[name] += line.figures[name]
    return totals


# --- late dossiers ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    action: str  # extend | request_supplement
    at: datetime
    text: str
    apology: str = ""


@dataclass(frozen=True)
class LateDossier:
    code: str
    procedure_code: str
    procedure_name: str
    agency_name: str
    applicant_name: str
    received_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None  # None: still in progress at the end of the period
    late_minutes: int
    reasons: tuple[Reason, ...]
    apology_issued: bool  # a written apology with a new appointment (Mẫu 04)

    @property
    def late_days(self) -> float:
        return round(self.late_minutes / MINUTES_PER_DAY, 1)

    @property
    def resolved(self) -> bool:
        return self.finished_at is not None


def late_dossiers(scope: Scope) -> QuerySet[Dossier]:
    """The dossiers resolved late in the period and those in progress and late at its end, the oldest
    appointment first (the longest overdue), with what a row needs prefetched (agency, version, centre, and the
    reasons in the history)."""
    late = dossiers_behind(scope, "resolved_late") | dossiers_behind(scope, "in_progress_late")
    reasons = DossierEvent.objects.filter(action__in=REASON_ACTIONS).only(
        "dossier_id", "sequence", "at", "action", "note", "data"
    )
    return (
        late.select_related("agency", "procedure", "procedure_version", "centre")
        .only(
            "code",
            "submitted_at",
            "received_at",
            "due_at",
            "finished_at",
            "extended",
            "applicant_name",
            "agency__name",
            "procedure__code",
            "procedure_version__name",
            "centre",
        )
        .prefetch_related(Prefetch("events", queryset=reasons.order_by("sequence"), to_attr="reason_events"))
        .order_by("due_at", "pk")
    )


def period_end(scope: Scope) -> datetime:
    """The first moment after the period (local midnight after its last day)."""
    return datetime.combine(scope.end + timedelta(days=1), time.min, tzinfo=timezone.get_default_timezone())


class LateRows:
    """Turns dossiers of `late_dossiers` into rows; one calendar per centre, read once."""

    def __init__(self, scope: Scope, *, now: datetime | None = None) -> None:
        self.until = min(period_end(scope), now or timezone.now())
        self.end = period_end(scope)
        self._calendars: dict[int | None, WorkingCalendar] = {}

    def calendar(self, dossier: Dossier) -> WorkingCalendar:
        key = dossier.centre_id
        if key not in self._calendars:
            self._calendars[key] = calendar_for(dossier.centre)
        return self._calendars[key]

    def row(self, dossier: Dossier) -> LateDossier:
        finished = dossier.finished_at if dossier.finished_at and dossier.finished_at < self.end else None
        minutes = 0
        if dossier.due_at is not None:
            minutes = int(self.calendar(dossier).working_time_between(dossier.due_at, finished or self.until))
        events: list[DossierEvent] = getattr(dossier, "reason_events", [])
        reasons = tuple(
            Reason(e.action, e.at, e.note, str((e.data or {}).get("apology", "")) if e.action == "extend" else "")
            for e in events
        )
        version = dossier.procedure_version
        return LateDossier(
            code=dossier.code,
            procedure_code=dossier.procedure.code,
            procedure_name=version.name,
            agency_name=dossier.agency.name,
            applicant_name=dossier.applicant_name,
            received_at=dossier.received_at or dossier.submitted_at,
            due_at=dossier.due_at,
            finished_at=finished,
            late_minutes=max(minutes, 0),
            reasons=reasons,
            apology_issued=dossier.extended or any(r.action == "extend" for r in reasons),
        )

    def rows(self, dossiers: Iterable[Dossier]) -> Iterator[LateDossier]:
        for dossier in dossiers:
            yield self.row(dossier)


def late_counts(figures: Summary) -> int:
    """How many dossiers the late list of a scope holds, from the kept figures (no count over the dossiers)."""
    return figures.resolved_late + figures.in_progress_late
