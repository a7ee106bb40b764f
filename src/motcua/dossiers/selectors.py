"""Reading dossiers: one dossier with everything its page needs, the inbox, the public look-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import cursors, text
from motcua.core.models import Agency, User
from motcua.core.selectors import subtree_ids
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep, ReceptionNote
from motcua.dossiers.services.access import Access, candidates, visible_dossiers
from motcua.dossiers.services.codes import secret_matches
from motcua.dossiers.states import State

PUBLIC_STATE = {
    State.SUBMITTED: lambda: _("Submitted online, waiting for the centre to check it"),
    State.RECEIVED: lambda: _("Received, waiting to be handled"),
    State.IN_PROGRESS: lambda: _("Being handled"),
    State.AWAITING_SUPPLEMENT: lambda: _("Waiting for you to complete the dossier"),
    State.RESULT_READY: lambda: _("The result is ready"),
    State.RETURNED: lambda: _("The result has been returned"),
    State.REFUSED: lambda: _("Refused"),
    State.STOPPED: lambda: _("Handling stopped"),
    State.WITHDRAWN: lambda: _("Withdrawn at the applicant's request"),
}
PUBLIC_EVENTS = {
    "submit": lambda: _("Submitted online"),
    "receive": lambda: _("Received at the one-stop desk"),
    "forward": lambda: _("Handed over to the next step"),
    "assign": lambda: _("Assigned for handling"),
    "send_back": lambda: _("Sent back to the previous step"),
    "approve": lambda: _("Approved"),
    "request_supplement": lambda: _("Supplement requested"),
    "complete_supplement": lambda: _("Supplement received"),
    "extend": lambda: _("Apology and new appointment"),
    "refuse": lambda: _("Refused"),
    "stop": lambda: _("Handling stopped"),
    "withdraw": lambda: _("Withdrawn"),
    "return_result": lambda: _("Result returned"),
}


def dossier_detail(*, code: str, user: User) -> tuple[Dossier, Access] | None:
    """The dossier with its steps, documents, fees and events (a fixed number of queries), if the user may
    see it."""
    dossier = (
        Dossier.objects.filter(code=code)
        .select_related(
            "procedure",
            "procedure_version",
            "agency__parent",
            "agency__province",
            "applicant",
            "centre__agency__province",
            "current_step__agency",
            "current_step__assignee",
        )
        .prefetch_related(
            Prefetch("steps", queryset=DossierStep.objects.select_related("agency", "assignee").order_by("position")),
            "documents__files",
            "fees",
            Prefetch("events", queryset=DossierEvent.objects.select_related("agency").order_by("sequence")),
        )
        .first()
    )
    if dossier is None:
        return None
    access = Access(user)
    if not access.can_see(dossier, dossier.current_step):
        return None
    return dossier, access


def step_candidates(step: DossierStep | None) -> list[str]:
    return candidates(step) if step is not None else []


UNFINISHED = {State.SUBMITTED, State.RECEIVED, State.IN_PROGRESS, State.AWAITING_SUPPLEMENT}


@dataclass
class InboxFilters:
    states: list[str]
    agency_code: str = ""
    due_before: datetime | None = None
    query: str = ""
    assigned_to_me: bool = False


def inbox(*, user: User, filters: InboxFilters, cursor: str | None, limit: int) -> tuple[list[Dossier], str | None]:
    """Dossiers the user may see, soonest due first (no appointment last), keyset-paginated."""
    qs = visible_dossiers(user)
    if filters.states:
        qs = qs.filter(state__in=filters.states)
        if set(filters.states) <= UNFINISHED:  # open work: the partial indexes hold only these few % of rows
            qs = qs.filter(finished_at__isnull=True)
    if filters.agency_code:
        agency = Agency.objects.filter(code=filters.agency_code).first()
        qs = qs.filter(agency_id__in=subtree_ids({agency.pk})) if agency else qs.none()
    if filters.due_before:
        qs = qs.filter(due_at__lt=filters.due_before)
    if filters.assigned_to_me:
        qs = qs.filter(current_step__assignee=user)
    words = text.fold(filters.query).split()
    for word in words:
        qs = qs.filter(search_text__contains=word)
    if cursor:
        qs = after_due_cursor(qs=qs, cursor=cursor)
    order = (F("due_at").asc(nulls_last=True), "pk")
    # The page's ids first, then only those rows with their details: joined before the limit, every open dossier
    # of a department went through five joins to keep 31 (at 1 M dossiers, 87 ms for ~10,000 rows).
    ids = qs.order_by(*order).values("pk")[: limit + 1]
    rows = list(
        Dossier.objects.filter(pk__in=ids)
        .select_related("procedure", "procedure_version", "agency", "current_step__assignee", "current_step__agency")
        .order_by(*order)
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_due_cursor(due=rows[-1].due_at, pk=rows[-1].pk) if more and rows else None)


# Keyset pages of dossiers soonest due first (no appointment last): the cursor is the last row's (due_at, id).
def encode_due_cursor(*, due: datetime | None, pk: int) -> str:
    return cursors.encode(due, pk)


def decode_due_cursor(cursor: str) -> tuple[datetime | None, int]:
    due, pk = cursors.decode(cursor, (datetime, type(None)), int)
    return due, pk  # type: ignore[return-value]


def after_due_cursor(*, qs: QuerySet[Dossier], cursor: str) -> QuerySet[Dossier]:
    """The rows after the cursor in the order due_at ascending, nulls last, then id."""
    due, pk = decode_due_cursor(cursor)
    if due is None:
        return qs.filter(due_at__isnull=True, pk__gt=pk)
    return qs.filter(Q(due_at__gt=due) | Q(due_at=due, pk__gt=pk) | Q(due_at__isnull=True))


def public_lookup(*, code: str, secret: str) -> Dossier | None:
    """The dossier when the code and its secret match; None otherwise (the same answer for both cases)."""
    # Only what the public may see: a look-up is the most frequent request a centre serves.
    dossier = (
        Dossier.objects.filter(code=code.strip())
        .select_related("procedure_version", "current_step")
        .only(
            "id",
            "code",
            "lookup_secret",
            "state",
            "received_at",
            "due_at",
            "original_due_at",
            "extended",
            "return_method",
            "centre_id",
            "agency_id",
            "province_id",
            "received_by_id",
            "procedure_version__name",
            "current_step__name",
            "current_step__public_name",
        )
        .prefetch_related(
            Prefetch(
                "events",
                queryset=DossierEvent.objects.order_by("sequence").only(
                    "dossier_id", "at", "action", "step_name", "data"
                ),
            )
        )
        .first()
    )
    if dossier is None or not secret_matches(stored=dossier.lookup_secret, given=secret):
        return None
    return dossier


def supplement_items(dossier: Dossier) -> list[str]:
    """What the applicant must bring now: the items of the open supplement request."""
    request = open_supplement_request(dossier)
    return list(request.data.get("items", [])) if request else []


def open_supplement_request(dossier: Dossier) -> DossierEvent | None:
    """The request the dossier waits on (its items and, in `note`, the reason written on Mẫu 02)."""
    if dossier.state != State.AWAITING_SUPPLEMENT:
        return None
    return next((e for e in reversed(list(dossier.events.all())) if e.action == "request_supplement"), None)


BOOK_MAX_ROWS = 1000  # a longer book is several books: the PDF stays quick to make and to print


BOOK_FIRST_DAY, BOOK_LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)  # a period outside these is a typo


def book_period_error(period_from: date, period_to: date, *, max_days: int) -> str | None:
    """Why a Mẫu 07 period cannot be printed (in the user's language), or None."""
    if not (BOOK_FIRST_DAY <= period_from <= BOOK_LAST_DAY and BOOK_FIRST_DAY <= period_to <= BOOK_LAST_DAY):
        return _("Choose dates between %(first)s and %(last)s.") % {
            "first": BOOK_FIRST_DAY.strftime("%d/%m/%Y"),
            "last": BOOK_LAST_DAY.strftime("%d/%m/%Y"),
        }
    if period_to < period_from:
        return _("The period ends before it starts.")
    if period_to - period_from > timedelta(days=max_days):
        return _("Choose a period of at most a year.")
    return None


def tracking_book_dossiers(*, user: User, agency_code: str, period_from, period_to) -> tuple[Agency, list[Dossier]]:
    """The dossiers an agency received in a period (local dates, inclusive), for Mẫu 07. LookupError when the
    agency is unknown or not the user's; ValueError when the period holds more than one book."""
    agency = Agency.objects.select_related("parent", "province").filter(code=agency_code).first()
    if agency is None or not Access(user).roles_at(agency.pk):
        raise LookupError(agency_code)
    tz = timezone.get_current_timezone()
    start = datetime.combine(period_from, time.min, tzinfo=tz)
    end = datetime.combine(period_to + timedelta(days=1), time.min, tzinfo=tz)
    rows = list(
        Dossier.objects.filter(agency=agency, received_at__gte=start, received_at__lt=end)
        .select_related("procedure_version")
        .order_by("received_at", "id")[: BOOK_MAX_ROWS + 1]
    )
    if len(rows) > BOOK_MAX_ROWS:
        raise ValueError(BOOK_MAX_ROWS)
    return agency, rows


def visit_note(*, user: User, note_id: int) -> ReceptionNote | None:
    """A counter visit (guided or refused), if the user works at its agency."""
    note = (
        ReceptionNote.objects.select_related(
            "agency__province", "agency__parent", "officer", "procedure__published_version"
        )
        .filter(pk=note_id)
        .first()
    )
    if note is None or not Access(user).roles_at(note.agency_id):
        return None
    return note
