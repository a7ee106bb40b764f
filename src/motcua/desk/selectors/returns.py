"""Reads for the return desk: the dossiers whose result is ready at this officer's agencies, and one of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Prefetch, QuerySet

from motcua.core.models import Role, User
from motcua.core.selectors import agency_ids_for
from motcua.dossiers.models import Dossier, DossierEvent, DossierFee
from motcua.dossiers.selectors import after_due_cursor, encode_due_cursor
from motcua.dossiers.states import State

PAGE = 25


def returning_agency_ids(user: User) -> set[int]:
    """The agencies this officer returns results for (a counter officer's, subtrees included)."""
    return agency_ids_for(user, roles={Role.COUNTER_OFFICER})


def _with_details(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    unpaid = DossierFee.objects.filter(paid_at__isnull=True).order_by("pk")
    return qs.select_related("procedure_version", "agency").prefetch_related(
        Prefetch("fees", queryset=unpaid, to_attr="unpaid_fees")
    )


def ready_for_return(
    agency_ids: set[int], *, cursor: str | None, limit: int = PAGE
) -> tuple[list[Dossier], str | None]:
    """Dossiers with their result ready at these agencies, earliest appointment first; keyset pages, 3 queries."""
    if not agency_ids:
        return [], None
    qs = Dossier.objects.filter(agency_id__in=agency_ids, state=State.RESULT_READY)
    if cursor:
        qs = after_due_cursor(qs=qs, cursor=cursor)
    order = (F("due_at").asc(nulls_last=True), "pk")
    # The page's ids first, from the (agency, state, due_at, id) index alone, then only those rows with their
    # details: sorting every ready dossier of a centre's agencies with its procedure's wide row grew with them.
    ids = qs.order_by(*order).values("pk")[: limit + 1]
    rows = list(_with_details(Dossier.objects.filter(pk__in=ids)).order_by(*order))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_due_cursor(due=rows[-1].due_at, pk=rows[-1].pk) if more and rows else None)


@dataclass
class Found:
    dossier: Dossier | None
    problem: str = ""  # "" (ready) | "unknown" | "not_ready"


def find_for_return(*, agency_ids: set[int], code: str) -> Found:
    """The dossier with this code at the officer's agencies; says why it cannot be returned when it cannot."""
    code = code.strip().upper()
    dossier = _with_details(Dossier.objects.filter(code=code, agency_id__in=agency_ids)).first() if code else None
    if dossier is None:
        return Found(None, "unknown")
    return Found(dossier, "" if dossier.state == State.RESULT_READY else "not_ready")


@dataclass(frozen=True)
class Returned:
    actor_id: int | None
    actor_name: str
    at: datetime


def last_return(dossier: Dossier) -> Returned | None:
    """Who returned this dossier's result, and when (its latest return event)."""
    row = (
        DossierEvent.objects.filter(dossier=dossier, action="return_result")
        .order_by("-sequence")
        .values_list("actor_id", "actor_name", "at")
        .first()
    )
    return Returned(*row) if row else None
