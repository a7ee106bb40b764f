"""The dossiers behind a figure: every number on a dashboard or report links to the list of its dossiers.

Each figure's dossiers are chosen by the same rules that count it (stats.rules): the list of `resolved_late`
for a period holds exactly the dossiers counted there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.stats import rules
from motcua.stats.selectors.figures import Scope, as_of, in_scope

RESOLVED = ("result_ready", "returned")


def _bounds(scope: Scope) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    start = datetime.combine(scope.start, time.min, tzinfo=zone)
    return start, datetime.combine(scope.end + timedelta(days=1), time.min, tzinfo=zone)


def _arrived(a: datetime, b: datetime) -> Q:
    return Q(submitted_at__gte=a, submitted_at__lt=b)


def _ended(a: datetime, b: datetime) -> Q:
    return Q(finished_at__gte=a, finished_at__lt=b)


def _resolved(a: datetime, b: datetime) -> Q:
    return _ended(a, b) & Q(state__in=RESOLVED)


def _open_at(moment: datetime) -> Q:
    """In progress at `moment` (the end of a day): arrived before, not ended before."""
    return Q(submitted_at__lt=moment) & (Q(finished_at__isnull=True) | Q(finished_at__gte=moment))


def _event(action: str, a: datetime, b: datetime, **more: object) -> Q:
    return Q(Exists(DossierEvent.objects.filter(dossier=OuterRef("pk"), action=action, at__gte=a, at__lt=b, **more)))


def _late_at(moment: datetime) -> Q:
    """Late at the end of the day before `moment`, as counted (stats.rules.late_on): its clock runs now, or ran
    when it ended, and the local day of its appointment is before `moment`."""
    ended_running = DossierEvent.objects.filter(
        dossier=OuterRef("pk"), from_state__in=rules.CLOCK_RUNNING, to_state__in=rules.ENDINGS
    )
    clock = Q(state__in=rules.CLOCK_RUNNING) | (Q(state__in=rules.FINISHED) & Q(Exists(ended_running)))
    # The appointment's local day is on or before the last day counted when it falls before `moment`, midnight.
    return _open_at(moment) & clock & Q(due_at__lt=moment)


STOCKS = frozenset({"in_progress", "in_progress_late", "in_progress_on_time"})

FIGURES: dict[str, Callable[[datetime, datetime], Q]] = {
    "received": _arrived,
    "received_counter": lambda a, b: _arrived(a, b) & Q(channel="counter"),
    "received_online": lambda a, b: _arrived(a, b) & Q(channel="online"),
    "received_postal": lambda a, b: _arrived(a, b) & Q(channel="postal"),
    "received_full_online": lambda a, b: _arrived(a, b) & Q(channel="online", procedure_version__online_level="full"),
    "carried_over": lambda a, b: _open_at(a),
    "resolved": _resolved,
    "resolved_early": lambda a, b: _resolved(a, b) & Q(timeliness="early"),
    "resolved_on_time": lambda a, b: _resolved(a, b) & Q(timeliness__in=("on_time", "")),
    "resolved_late": lambda a, b: _resolved(a, b) & Q(timeliness="late"),
    "resolved_late_apologised": lambda a, b: _resolved(a, b) & Q(timeliness="late", extended=True),
    "on_the_spot": lambda a, b: _resolved(a, b) & _event("approve", a, b, data__on_the_spot=True),
    "electronic_result": lambda a, b: _resolved(a, b) & Q(result_file__isnull=False),
    "refused": lambda a, b: _ended(a, b) & Q(state="refused"),
    "stopped": lambda a, b: _ended(a, b) & Q(state="stopped"),
    "withdrawn": lambda a, b: _ended(a, b) & Q(state="withdrawn"),
    "returned": lambda a, b: Q(returned_at__gte=a, returned_at__lt=b),
    "supplement_requested": lambda a, b: _event("request_supplement", a, b),
    "extended": lambda a, b: _event("extend", a, b),
    "in_progress": lambda a, b: _open_at(b),
    "in_progress_late": lambda a, b: _late_at(b),
    "in_progress_on_time": lambda a, b: _open_at(b) & ~_late_at(b),
}


def dossiers_behind(scope: Scope, figure: str) -> QuerySet[Dossier]:
    """The dossiers a figure of the scope counts, newest first; KeyError for a figure without a list. Stocks
    are read at the end of the period, or of today while it is not over (figures.as_of)."""
    start, end = _bounds(scope)
    if figure in STOCKS:
        end = _bounds(replace(scope, end=as_of(scope)))[1]
    condition = FIGURES[figure](start, end)
    dossiers = in_scope(Dossier.objects.filter(condition), scope, field="procedure_version__field_id")
    return dossiers.order_by("-submitted_at", "-pk")
