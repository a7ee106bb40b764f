"""Reads for supervision: today's counts, late and due-soon work per agency, every dossier with filters.

Every query is bounded: today's counts read today's rows through (agency, received_at) and the steps'
(agency, finished_at) indexes; late and due-soon work reads only unfinished dossiers (finished_at IS NULL, the
partial indexes dossier_unfinished_due / dossier_unfinished_agency_due); lists are keyset pages on (due_at, id).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.core.cursors import BadCursor
from motcua.core.models import Agency
from motcua.core.selectors import subtree_ids
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import decode_due_cursor, encode_due_cursor
from motcua.dossiers.states import State
from motcua.workdays.engine import WorkingCalendar
from motcua.workdays.selectors import calendar_for

PAGE = 25
VIEWS = ("late", "soon", "all")

STATE_LABELS = {
    State.SUBMITTED: _("Submitted online"),
    State.RECEIVED: _("Received"),
    State.IN_PROGRESS: _("In progress"),
    State.AWAITING_SUPPLEMENT: _("Awaiting a supplement"),
    State.RESULT_READY: _("Result ready"),
    State.RETURNED: _("Returned"),
    State.REFUSED: _("Refused"),
    State.STOPPED: _("Stopped"),
    State.WITHDRAWN: _("Withdrawn by the applicant"),
}


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


@dataclass
class Clock:
    now: datetime
    day_start: datetime
    day_end: datetime
    soon_end: datetime  # due before this (one working day from now) = due soon

    @classmethod
    def at(cls, now: datetime | None = None) -> Clock:
        now = now or timezone.now()
        today = timezone.localdate(now)
        tz = timezone.get_current_timezone()
        start = datetime.combine(today, time.min, tzinfo=tz)
        return cls(now, start, start + timedelta(days=1), calendar_for().due(now, 1, "working_day"))


# Each condition on an unfinished dossier (`*_open_q`), and as a whole (`*_q`). The per-agency counts, already
# reading unfinished dossiers only, use the former: naming finished_at in their FILTER would make PostgreSQL read
# every row instead of the covering index dossier_unfinished_agency_due alone (at 10 M dossiers, 13 ms not 2).
UNFINISHED_Q = Q(finished_at__isnull=True)


def late_open_q(clock: Clock) -> Q:
    """Past the appointment; a dossier waiting for a supplement is late only when its appointment had passed
    before the clock stopped."""
    return Q(due_at__lt=clock.now) & (Q(paused_since__isnull=True) | Q(paused_since__gt=F("due_at")))


def soon_open_q(clock: Clock) -> Q:
    return Q(paused_since__isnull=True, due_at__gte=clock.now, due_at__lt=clock.soon_end)


def apology_open_q(clock: Clock) -> Q:
    """Late and not yet extended: the unit owes the applicant an apology with a new appointment (Mẫu 04)."""
    return late_open_q(clock) & Q(extended=False)


def late_q(clock: Clock) -> Q:
    return UNFINISHED_Q & late_open_q(clock)


def soon_q(clock: Clock) -> Q:
    return UNFINISHED_Q & soon_open_q(clock)


def apology_q(clock: Clock) -> Q:
    return UNFINISHED_Q & apology_open_q(clock)


@dataclass
class Filters:
    agency_code: str = ""
    procedure_code: str = ""
    state: str = ""

    def apply(
        self, qs: QuerySet[Dossier], scope: set[int], *, agency: bool = True, field: str = "agency_id"
    ) -> QuerySet[Dossier]:
        if agency and self.agency_code:
            chosen = Agency.objects.filter(code=self.agency_code, pk__in=scope).values_list("pk", flat=True).first()
            qs = qs.filter(**{f"{field}__in": subtree_ids({chosen}) & scope}) if chosen else qs.none()
        if self.procedure_code:
            qs = qs.filter(procedure__code=self.procedure_code)
        if self.state:
            qs = qs.filter(state=self.state)
        return qs


@dataclass
class TodayCounts:
    received: int
    returned: int
    late: int
    apology: int
    soon: int


@dataclass
class AgencyLine:
    code: str
    name: str
    late: int
    soon: int
    apology: int


def today_counts(*, scope: set[int], clock: Clock, lines: list[AgencyLine]) -> TodayCounts:
    """Received and returned today (two index range reads: dossier_agency_received, dossier_agency_returned);
    late, apologies and due soon from the per-agency lines already read."""
    scoped = Dossier.objects.filter(agency_id__in=scope)
    received = scoped.filter(received_at__gte=clock.day_start, received_at__lt=clock.day_end).count()
    returned = scoped.filter(returned_at__gte=clock.day_start, returned_at__lt=clock.day_end).count()
    return TodayCounts(
        received=received,
        returned=returned,
        late=sum(line.late for line in lines),
        apology=sum(line.apology for line in lines),
        soon=sum(line.soon for line in lines),
    )


def agency_lines(*, scope: set[int], clock: Clock, filters: Filters) -> list[AgencyLine]:
    """Per agency: late, due soon and owing an apology (one grouped read of unfinished dossiers due before the
    end of the next working day); most late first."""
    if not scope:
        return []
    qs = filters.apply(
        Dossier.objects.filter(agency_id__in=scope, finished_at__isnull=True, due_at__lt=clock.soon_end),
        scope,
        agency=False,
    )
    # Grouped by the agency's id alone, read from the covering index dossier_unfinished_agency_due; names after.
    rows = list(
        qs.values("agency_id")
        .annotate(
            late=Count("pk", filter=late_open_q(clock)),
            soon=Count("pk", filter=soon_open_q(clock)),
            apology=Count("pk", filter=apology_open_q(clock)),
        )
        .order_by()
    )
    names = {a.pk: a for a in Agency.objects.filter(pk__in=[r["agency_id"] for r in rows]).only("code", "name")}
    lines = [
        AgencyLine(names[r["agency_id"]].code, names[r["agency_id"]].name, r["late"], r["soon"], r["apology"])
        for r in rows
    ]
    lines = [line for line in lines if line.late or line.soon]
    return sorted(lines, key=lambda line: (-line.late, -line.soon, line.name))


LIST_FIELDS = (
    "code",
    "state",
    "due_at",
    "received_at",
    "extended",
    "finished_at",
    "paused_since",
    "timeliness",
    "applicant_name",
    "agency__code",
    "agency__name",
    "procedure_version__name",
    "current_step__name",
    "current_step__assignee__username",
    "current_step__assignee__full_name",
    "centre__id",
)


def dossier_page(
    *, scope: set[int], clock: Clock, filters: Filters, view: str, cursor: str | None, limit: int = PAGE
) -> tuple[list[Dossier], str | None]:
    """One keyset page of the chosen list (late, due soon: most overdue or soonest first; all: newest first);
    a fixed number of queries."""
    if not scope:
        return [], None
    if view == "all":  # every dossier, newest first: a walk down the primary key until a page is found
        field = "agency_id"
        if connection.vendor == "sqlite":
            # SQLite (no statistics) would read every dossier of the agencies through their index and sort them;
            # hiding that index from it (agency_id + 0) makes it walk the primary key backwards and stop at one
            # page. PostgreSQL chooses by its statistics.
            field = "agency_key"
        qs = Dossier.objects.annotate(agency_key=F("agency_id") + 0) if field == "agency_key" else Dossier.objects
        qs = filters.apply(qs.filter(**{f"{field}__in": scope}), scope, field=field)
        if cursor:
            qs = qs.filter(pk__lt=decode_due_cursor(cursor)[1])
        rows = list(_listed(qs).order_by("-pk")[: limit + 1])
    else:  # late or due soon: unfinished work, soonest due first (the partial indexes)
        qs = filters.apply(Dossier.objects.filter(agency_id__in=scope), scope)
        qs = qs.filter(late_q(clock) if view == "late" else soon_q(clock))
        if cursor:
            due, pk = decode_due_cursor(cursor)
            if due is None:
                raise BadCursor("a cursor of these lists has a due time")
            qs = qs.filter(Q(due_at__gt=due) | Q(due_at=due, pk__gt=pk))
        rows = list(_listed(qs).order_by("due_at", "pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    calendars: dict[int | None, WorkingCalendar] = {}
    for row in rows:
        row.is_late = (
            row.finished_at is None
            and row.due_at is not None
            and row.due_at < clock.now
            and (row.paused_since is None or row.paused_since > row.due_at)
        )
        row.needs_apology = row.is_late and not row.extended
        row.late_by = ""
        if row.is_late:  # counted up to now, or up to when the clock stopped for a supplement
            if row.centre_id not in calendars:  # one calendar per centre: a fixed number of queries per page
                calendars[row.centre_id] = calendar_for(row.centre)
            row.late_by = late_by(
                calendar=calendars[row.centre_id], due_at=row.due_at, now=row.paused_since or clock.now
            )
        row.is_soon = (
            not row.is_late
            and row.finished_at is None
            and row.due_at is not None
            and (row.paused_since is None and row.due_at < clock.soon_end)
        )
        row.state_label = state_label(row.state)
    return rows, (encode_due_cursor(due=rows[-1].due_at, pk=rows[-1].pk) if more and rows else None)


def _listed(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return qs.select_related("procedure_version", "agency", "current_step__assignee", "centre").only(*LIST_FIELDS)


def agencies_for_filter(scope: set[int]) -> list[Agency]:
    return list(Agency.objects.filter(pk__in=scope).only("code", "name").order_by("name")) if scope else []


def late_by(*, calendar: WorkingCalendar, due_at: datetime, now: datetime) -> str:
    """How late, in working time as the appointment was counted: a weekend or a night after the appointment adds
    nothing. Working days of the calendar's standard length, then hours; minutes only under an hour."""
    minutes = max(int(calendar.working_time_between(due_at, now)), 0)
    day = max(calendar.standard_day_seconds // 60, 1)
    days, rest = divmod(minutes, day)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(count)d working day", "%(count)d working days", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if not days and (minutes or not hours):
        parts.append(ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes})
    return " ".join(parts)
