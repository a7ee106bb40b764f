"""Tickets issued in the hall: by the kiosk (a walk-in, a priority visitor, a booked visit's QR) or by staff."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from motcua.core import counters
from motcua.core.models import Centre, User
from motcua.queue import rules
from motcua.queue.models import (
    BoardChange,
    Booking,
    BookingState,
    Device,
    DeviceKind,
    Priority,
    ServiceArea,
    Ticket,
    TicketSequence,
)
from motcua.queue.selectors import waiting_before
from motcua.queue.services import figures
from motcua.queue.services.access import check_centre_staff
from motcua.queue.services.board import note_change
from motcua.queue.services.errors import QueueConflict, QueueError, QueueForbidden, QueueNotFound


@dataclass(frozen=True)
class TicketRequest:
    """What the kiosk or staff ask for: an area (or a booked visit, whose area it is) and a priority."""

    area_code: str = ""
    priority: str = ""
    booking_code: str = ""
    booking_secret: str = ""


@dataclass(frozen=True)
class IssuedTicket:
    ticket: Ticket
    waiting_before: int  # how many are called before this one in its area


def issue_ticket(
    *,
    centre: Centre,
    request: TicketRequest,
    officer: User | None = None,
    device: Device | None = None,
    now: datetime | None = None,
) -> IssuedTicket:
    """A new number of the day in the area; a booked visit's ticket comes ahead of walk-ins at its slot."""
    now = now or timezone.now()
    if officer is not None:
        check_centre_staff(officer, centre)
    elif device is None or device.centre_id != centre.pk or device.kind != DeviceKind.TICKET_KIOSK:
        raise QueueForbidden("forbidden", _("This device is not a ticket kiosk of this centre."))
    if request.priority not in Priority.values:
        raise QueueError("priority", _("Unknown priority."))
    with transaction.atomic():
        booking = _check_in(centre, request, now) if request.booking_code else None
        area = booking.area if booking is not None else _area(centre, request.area_code)
        slot = (booking.starts_at, booking.ends_at) if booking is not None else None
        try:
            rank = rules.rank(priority=request.priority, slot=slot, now=now)
        except rules.TooEarly as early:
            opens = time_format(timezone.localtime(early.opens_at), "H:i")
            raise QueueError(
                "too_early", _("Your booked visit can take its number from %(time)s.") % {"time": opens}
            ) from None
        day = timezone.localdate(now)
        number = counters.increment(TicketSequence, key={"area_id": area.pk, "day": day}, field="last")
        ticket = Ticket.objects.create(
            area=area,
            centre=centre,
            day=day,
            number=number,
            label=rules.label(area.code, number),
            priority=request.priority,
            rank=rank,
            queued_at=now,
            issued_at=now,
            booking=booking,
            token=secrets.token_urlsafe(12),
        )
        note_change(ticket=ticket, kind=BoardChange.Kind.ISSUED, now=now)
        figures.count_issued(ticket)
        return IssuedTicket(ticket=ticket, waiting_before=waiting_before(ticket))


def _area(centre: Centre, code: str) -> ServiceArea:
    area = ServiceArea.objects.filter(centre=centre, code=code.strip().upper()[:2], is_active=True).first()
    if area is None:
        raise QueueNotFound("unknown_area", _("This centre has no service area %(code)s.") % {"code": code[:10]})
    return area


def _check_in(centre: Centre, request: TicketRequest, now: datetime) -> Booking:
    """The booked visit scanned at the kiosk: it must be this centre's, today's, and not used or cancelled."""
    booking = (
        Booking.objects.select_for_update()
        .select_related("area")
        .filter(code=request.booking_code.strip().upper()[:16], area__centre=centre)
        .first()
    )
    if booking is None or not secrets.compare_digest(booking.secret, request.booking_secret.strip()[:24]):
        raise QueueNotFound("unknown_booking", _("No booked visit at this centre has this code."))
    if booking.state == BookingState.CANCELLED:
        raise QueueError("cancelled_booking", _("This booked visit was cancelled."))
    if booking.state == BookingState.ARRIVED:
        raise QueueConflict("used_booking", _("This booked visit already took its number."))
    if booking.day != timezone.localdate(now):
        raise QueueError("other_day", _("This booked visit is for another day."))
    booking.state = BookingState.ARRIVED
    booking.save(update_fields=["state"])
    return booking
