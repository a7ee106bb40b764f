"""Reads for the inbox (/desk/ho-so/): the open dossiers at the user's step, soonest due first, keyset pages.

"At my step": the current step is assigned to me, or it is not assigned yet and its role is one I hold for its
agency (a leader also takes his unit's specialist steps, as the state machine lets him); a counter officer
also sees the dossiers of his agencies waiting for a supplement (he completes them when the applicant comes).
Read from the unfinished dossiers alone, which carry where they wait (step_agency, step_role, step_assignee:
dossiers.services.clock.point_at), ordered by (due_at, id) with the appointment-less last. A page is a fixed
number of queries whatever its rows: the user's roles, one per source of work, the page, the calendar's
revision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from motcua.catalog.models import AgencyProcedure, Channel
from motcua.core.cursors import BadCursor
from motcua.core.models import Role, RoleAssignment, User
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import after_due_cursor, encode_due_cursor
from motcua.dossiers.services.access import Access
from motcua.dossiers.states import State
from motcua.workdays.selectors import calendar_for

__all__ = ["BadCursor", "Filters", "Scope", "due_class", "page", "scope_for"]

PAGE = 30
OPEN_STATES = (State.SUBMITTED, State.RECEIVED, State.IN_PROGRESS, State.AWAITING_SUPPLEMENT)
STEP_ROLES = (Role.COUNTER_OFFICER, Role.SPECIALIST, Role.LEADER)
PROCEDURE_CHOICES_MAX = 300  # beyond this the filter is a code typed in, not a list
LIST_FIELDS = (
    "code",
    "state",
    "version",
    "channel",
    "due_at",
    "received_at",
    "paused_since",
    "finished_at",
    "extended",
    "applicant_name",
    "agency__code",
    "agency__name",
    "procedure__code",
    "procedure_version__name",
    "current_step__name",
    "current_step__role",
    "current_step__due_at",
    "current_step__agency_id",
    "current_step__assignee__username",
    "current_step__assignee__full_name",
)


@dataclass
class Scope:
    """Where the user acts: agencies by role (subtrees included), computed once per request."""

    user: User
    by_role: dict[str, set[int]]

    @property
    def is_leader(self) -> bool:
        return bool(self.by_role.get(Role.LEADER))

    @property
    def acts(self) -> bool:
        return any(self.by_role.get(role) for role in STEP_ROLES)

    def agency_ids(self) -> set[int]:
        return set().union(*(self.by_role.get(role, set()) for role in STEP_ROLES))


def scope_for(user: User) -> Scope:
    return Scope(user, Access(user).by_role)


@dataclass
class Filters:
    procedure: str = ""  # national procedure code
    state: str = ""
    channel: str = ""
    received_from: date | None = None
    received_to: date | None = None
    due: str = ""  # "today" (due before tonight, not late yet) | "late"

    @classmethod
    def from_query(cls, params) -> Filters:
        state = params.get("state", "")
        channel = params.get("channel", "")
        return cls(
            procedure=params.get("procedure", "").strip()[:32],
            state=state if state in OPEN_STATES else "",
            channel=channel if channel in Channel.values else "",
            received_from=_date(params.get("from", "")),
            received_to=_date(params.get("to", "")),
            due=params.get("due", "") if params.get("due", "") in DUE_FILTERS else "",
        )

    def as_query(self) -> dict[str, str]:
        pairs = {
            "procedure": self.procedure,
            "state": self.state,
            "channel": self.channel,
            "from": self.received_from.isoformat() if self.received_from else "",
            "to": self.received_to.isoformat() if self.received_to else "",
            "due": self.due,
        }
        return {k: v for k, v in pairs.items() if v}


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip()) if raw and raw.strip() else None
    except ValueError:
        return None


DUE_FILTERS = ("today", "late")


def late_q(now: datetime) -> Q:
    """Past the appointment (as due_class): a paused clock counts only if it stopped after the appointment."""
    return Q(paused_since__isnull=True, due_at__lte=now) | Q(paused_since__isnull=False, paused_since__gt=F("due_at"))


def due_today_q(now: datetime) -> Q:
    """The appointment is later today (Vietnam time), not passed yet, the clock running."""
    tomorrow = datetime.combine(
        timezone.localdate(now) + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone()
    )
    return Q(paused_since__isnull=True, due_at__gt=now, due_at__lt=tomorrow)


def _sources(scope: Scope) -> list[Q]:
    """Where my work comes from, each one range of an index on the unfinished dossiers: the dossiers waiting on me
    (dossier_open_assignee); for each role I act in, those waiting at my units with that role and nobody
    assigned (dossier_open_free; a leader also takes his unit's specialist steps, as the state machine lets
    him); a counter officer's dossiers waiting for a supplement (dossier_agency_inbox)."""
    sources = [Q(step_assignee=scope.user)]
    for role, ids in scope.by_role.items():
        if role in STEP_ROLES and ids:
            roles = [Role.SPECIALIST, Role.LEADER] if role == Role.LEADER else [role]
            sources.append(Q(step_assignee__isnull=True, step_role__in=roles, step_agency_id__in=ids))
    desk = scope.by_role.get(Role.COUNTER_OFFICER)
    if desk:
        sources.append(Q(state=State.AWAITING_SUPPLEMENT, agency_id__in=desk))
    return sources


def at_my_step(scope: Scope) -> Q:
    """The dossier waits on me, or at my unit with a role I act in (the sources together, for counting)."""
    wanted = Q(pk__in=[])
    for source in _sources(scope):
        wanted |= source
    return wanted


def _filtered(scope: Scope, filters: Filters) -> QuerySet[Dossier]:
    qs = Dossier.objects.filter(finished_at__isnull=True)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.procedure:
        qs = qs.filter(procedure__code=filters.procedure)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.due:
        now = timezone.now()
        qs = qs.filter(late_q(now) if filters.due == "late" else due_today_q(now))
    tz = timezone.get_current_timezone()
    if filters.received_from:
        qs = qs.filter(received_at__gte=datetime.combine(filters.received_from, time.min, tzinfo=tz))
    if filters.received_to:
        qs = qs.filter(received_at__lt=datetime.combine(filters.received_to + timedelta(days=1), time.min, tzinfo=tz))
    return qs


def page(*, scope: Scope, filters: Filters, cursor: str | None, limit: int = PAGE) -> tuple[list[Dossier], str | None]:
    """One page of the inbox, soonest due first; each row gets `due_class` and `time_left`. One query per source
    of work (`_sources`: 1 to 4), each reading its first page in due order from its index, then the page's rows:
    the work of a person holding thousands of open dossiers costs what a page costs."""
    if not scope.acts:
        return [], None
    qs = _filtered(scope, filters)
    if cursor:
        qs = after_due_cursor(qs=qs, cursor=cursor)
    order = (F("due_at").asc(nulls_last=True), "pk")
    due: dict[int, datetime | None] = {}  # a dossier may come from two sources (mine, and the desk's)
    for source in _sources(scope):
        due.update(qs.filter(source).order_by(*order).values_list("pk", "due_at")[: limit + 1])
    ids = sorted(due, key=lambda pk: (due[pk] is None, due[pk] or datetime.min.replace(tzinfo=UTC), pk))
    rows = list(
        Dossier.objects.filter(pk__in=ids[: limit + 1])
        .select_related("agency", "procedure", "procedure_version", "current_step__assignee")
        .only(*LIST_FIELDS)
        .order_by(*order)
    )
    more = len(rows) > limit
    rows = rows[:limit]
    now = timezone.now()
    calendar = calendar_for() if rows else None
    for row in rows:
        row.due_class = due_class(dossier=row, now=now, calendar=calendar)
    return rows, (encode_due_cursor(due=rows[-1].due_at, pk=rows[-1].pk) if more and rows else None)


def due_class(*, dossier: Dossier, now: datetime, calendar) -> str:
    """due-late (past the appointment), due-soon (within one working day of it) or due-ok; a dossier whose clock
    is paused for a supplement is late only if its appointment had passed before the clock stopped."""
    if dossier.due_at is None or dossier.finished_at is not None:
        return "due-ok"
    if dossier.paused_since is not None:
        return "due-late" if dossier.paused_since > dossier.due_at else "due-ok"
    if dossier.due_at <= now:
        return "due-late"
    working_minutes_left = calendar.working_time_between(now, dossier.due_at)
    return "due-soon" if working_minutes_left <= calendar.standard_day_seconds / 60 else "due-ok"


def procedure_choices(scope: Scope) -> list[tuple[str, str]] | None:
    """(code, name) of the procedures the user's agencies handle, for the filter; None when too many to list."""
    ids = scope.agency_ids()
    if not ids:
        return []
    rows = list(
        AgencyProcedure.objects.filter(agency_id__in=ids)
        .values_list("procedure__code", "procedure__published_version__name")
        .distinct()
        .order_by("procedure__code")[: PROCEDURE_CHOICES_MAX + 1]
    )
    if len(rows) > PROCEDURE_CHOICES_MAX:
        return None
    return [(code, name or code) for code, name in rows]


def unit_specialists(scope: Scope) -> list[tuple[str, str]]:
    """(username, name) of the specialists and leaders of the leader's units, for bulk assignment."""
    ids = scope.by_role.get(Role.LEADER, set())
    if not ids:
        return []
    rows = (
        RoleAssignment.objects.filter(agency_id__in=ids, role__in=[Role.SPECIALIST, Role.LEADER], user__is_active=True)
        .values_list("user__username", "user__full_name")
        .distinct()
        .order_by("user__full_name", "user__username")
    )
    return [(username, full_name or username) for username, full_name in rows]
