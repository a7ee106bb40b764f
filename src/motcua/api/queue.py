"""The centre floor over the API: tickets issued by staff or a kiosk app, calls at a counter, the board's state."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field as PydanticField

from motcua.api.auth import bearer, optional_auth, session
from motcua.api.errors import ApiError
from motcua.api.schemas import errors
from motcua.core.models import Centre, Counter
from motcua.dossiers.models import Dossier
from motcua.queue import selectors
from motcua.queue.models import Priority, Ticket
from motcua.queue.services import calling, tickets
from motcua.queue.services.access import officer_counters
from motcua.queue.services.errors import QueueError

router = Router(tags=["queue"], auth=[bearer, session])
board_router = Router(tags=["queue"], auth=optional_auth)

PriorityName = Literal[tuple(Priority.values)]  # type: ignore[valid-type]
PRIORITIES = "empty: none; " + ", ".join(v for v in Priority.values if v)


class TicketIn(Schema):
    area: str = PydanticField(..., min_length=1, max_length=2, description="the service area's code, e.g. A")
    priority: PriorityName = PydanticField("", description=f"who the law puts first ({PRIORITIES})")
    centre: str | None = PydanticField(
        None, max_length=40, description="the centre's code; default: the centre of the caller's counter"
    )


class TicketOut(Schema):
    id: int
    number: str = PydanticField(..., description="what is printed and called, e.g. A023")
    sequence: int = PydanticField(..., description="the area's number of the day")
    area: str
    area_name: str
    centre: str
    priority: str
    state: Literal["waiting", "called", "served", "no_show", "transferred"]
    issued_at: datetime = PydanticField(..., description="Vietnam time (+07:00)")
    called_at: datetime | None
    counter: int | None = PydanticField(..., description="the counter's number once called")
    waiting_before: int = PydanticField(..., description="tickets of the area called before this one")
    follow_url: str = PydanticField(..., description="the page (and the ticket's QR) to follow the queue by phone")


class TransferIn(Schema):
    area: str = PydanticField(..., min_length=1, max_length=2, description="the area the visitor is sent to")


class ServedIn(Schema):
    dossier_code: str | None = PydanticField(
        None, max_length=40, description="a dossier the ticket became, if not recorded at reception already"
    )


class CallOut(Schema):
    number: str
    area: str
    counter: int
    counter_name: str
    at: datetime
    calls: int = PydanticField(..., description="1 for the first call, more after recalls")


class AreaOut(Schema):
    code: str
    name: str
    waiting: int


class BoardOut(Schema):
    centre: str
    centre_name: str
    change: int = PydanticField(..., description="the id of the last change shown (the live feed's event id)")
    serving: list[CallOut] = PydanticField(..., description="each counter's current number, latest call first")
    last_calls: list[CallOut]
    areas: list[AreaOut]


class BoardQuery(Schema):
    centre: str = PydanticField(..., min_length=1, max_length=40)
    area: str | None = PydanticField(None, max_length=2)


def _raise(error: QueueError):
    raise ApiError(error.status, error.code, error.message) from error


def ticket_out(ticket: Ticket, waiting_before: int | None = None) -> dict:
    follow = reverse("floor:follow", kwargs={"token": ticket.token})
    return {
        "id": ticket.pk,
        "number": ticket.label,
        "sequence": ticket.number,
        "area": ticket.area.code,
        "area_name": ticket.area.name,
        "centre": ticket.centre.code,
        "priority": ticket.priority,
        "state": ticket.state,
        "issued_at": ticket.issued_at,
        "called_at": ticket.called_at,
        "counter": ticket.counter.number if ticket.counter else None,
        "waiting_before": selectors.waiting_before(ticket) if waiting_before is None else waiting_before,
        "follow_url": f"{settings.PUBLIC_URL}{follow}",
    }


def _centre(request, code: str | None) -> Centre:
    if code:
        centre = Centre.objects.filter(code=code, is_active=True).first()
        if centre is None:
            raise ApiError(404, "not_found", _("No centre has the code %(code)s.") % {"code": code})
        return centre
    centres = {c.centre for c in officer_counters(request.auth)}
    if len(centres) != 1:
        raise ApiError(422, "centre", _("Say which centre: give its code in “centre”."))
    return centres.pop()


def _counter(counter_id: int) -> Counter:
    counter = Counter.objects.filter(pk=counter_id, is_active=True).select_related("centre").first()
    if counter is None:
        raise ApiError(404, "not_found", _("No such counter."))
    return counter


def _loaded(ticket_id: int) -> Ticket:
    found = selectors.ticket_for(ticket_id)
    assert found is not None
    return found


@router.post("/queue/tickets", response={201: TicketOut, **errors(401, 403, 404, 422)})
def issue_ticket(request, body: TicketIn):
    """A new number of the day in a service area (staff issue priority tickets by hand this way)."""
    centre = _centre(request, body.centre)
    try:
        issued = tickets.issue_ticket(
            centre=centre,
            request=tickets.TicketRequest(area_code=body.area, priority=body.priority),
            officer=request.auth,
        )
    except QueueError as error:
        _raise(error)
    return Status(201, ticket_out(_loaded(issued.ticket.pk), issued.waiting_before))


@router.post("/queue/counters/{counter_id}/call", response={200: TicketOut, **errors(401, 403, 404, 409)})
def call_next(request, counter_id: int):
    """Call the next ticket of the areas the counter serves: priority first, then booked visits at their slot,
    then walk-ins in order of arrival. 404 `nothing_waiting` when nobody waits; 409 `busy` while the counter
    still serves a number."""
    try:
        ticket = calling.call_next(officer=request.auth, counter=_counter(counter_id))
    except QueueError as error:
        _raise(error)
    return ticket_out(_loaded(ticket.pk), 0)


@router.post("/queue/counters/{counter_id}/recall", response={200: TicketOut, **errors(401, 403, 404)})
def recall(request, counter_id: int):
    """Call the counter's current number again."""
    try:
        ticket = calling.recall(officer=request.auth, counter=_counter(counter_id))
    except QueueError as error:
        _raise(error)
    return ticket_out(_loaded(ticket.pk), 0)


@router.post("/queue/counters/{counter_id}/skip", response={200: TicketOut, **errors(401, 403, 404, 422)})
def skip(request, counter_id: int):
    """The called visitor did not come: the ticket ends as a no-show."""
    try:
        ticket = calling.skip(officer=request.auth, counter=_counter(counter_id))
    except QueueError as error:
        _raise(error)
    return ticket_out(_loaded(ticket.pk), 0)


@router.post("/queue/counters/{counter_id}/transfer", response={200: TicketOut, **errors(401, 403, 404, 422)})
def transfer(request, counter_id: int, body: TransferIn):
    """Send the current visitor to another area: returns the ticket now waiting there (same printed number)."""
    try:
        ticket = calling.transfer(officer=request.auth, counter=_counter(counter_id), area_code=body.area)
    except QueueError as error:
        _raise(error)
    return ticket_out(_loaded(ticket.pk))


@router.post("/queue/tickets/{ticket_id}/served", response={200: TicketOut, **errors(401, 403, 404, 409, 422)})
def served(request, ticket_id: int, body: ServedIn | None = None):
    """The service is over. The ticket must have become a dossier or a visit: one recorded at reception, or the
    dossier named here."""
    try:
        if body is not None and body.dossier_code:
            dossier = Dossier.objects.filter(code=body.dossier_code).first()
            if dossier is None:
                raise ApiError(404, "not_found", _("No dossier has the code %(code)s.") % {"code": body.dossier_code})
            calling.record(officer=request.auth, ticket_id=ticket_id, dossier=dossier)
        ticket = calling.serve(officer=request.auth, ticket_id=ticket_id)
    except QueueError as error:
        _raise(error)
    return ticket_out(_loaded(ticket.pk), 0)


@board_router.get("/queue/board", response={200: BoardOut, **errors(404, 422)})
def board(request, params: Query[BoardQuery]):
    """What the centre's display boards show: the numbers at the counters, the last calls and who waits per area.
    Nothing personal. The boards themselves follow the live feed; this is its state at one moment."""
    centre = Centre.objects.filter(code=params.centre, is_active=True).first()
    if centre is None:
        raise ApiError(404, "not_found", _("No centre has the code %(code)s.") % {"code": params.centre})
    found = selectors.board(centre, area_code=params.area or "")

    def call(c: selectors.Call) -> dict:
        return {
            "number": c.label,
            "area": c.area_code,
            "counter": c.counter_number,
            "counter_name": c.counter_name,
            "at": c.at,
            "calls": c.calls,
        }

    return {
        "centre": found.centre_code,
        "centre_name": found.centre_name,
        "change": found.change,
        "serving": [call(c) for c in found.serving],
        "last_calls": [call(c) for c in found.last_calls],
        "areas": [{"code": a.code, "name": a.name, "waiting": a.waiting} for a in found.areas],
    }
