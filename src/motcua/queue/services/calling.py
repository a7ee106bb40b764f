"""The counter's calls: the next ticket of the areas the counter serves, a recall, a no-show, a transfer to
another area, and the end of the service once the ticket became a dossier or a visit."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import Counter, User
from motcua.dossiers.models import Dossier, ReceptionNote
from motcua.queue.models import BoardChange, ServiceArea, Ticket, TicketRecord, TicketState
from motcua.queue.selectors import serving
from motcua.queue.services import figures
from motcua.queue.services.access import check_counter
from motcua.queue.services.board import note_change
from motcua.queue.services.errors import QueueConflict, QueueError, QueueForbidden, QueueNotFound


def call_next(*, officer: User, counter: Counter, now: datetime | None = None) -> Ticket:
    """Call the first waiting ticket of the counter's areas: priority, then booked visits at their slot, then
    walk-ins, each in order of arrival. Two counters calling at once never get the same ticket."""
    now = now or timezone.now()
    check_counter(officer, counter)
    with transaction.atomic():
        current = _at_counter(counter)
        if current is not None:
            raise QueueConflict(
                "busy", _("Finish %(label)s before calling the next number.") % {"label": current.label}
            )
        areas = ServiceArea.objects.filter(counters=counter, is_active=True).values("pk")
        # SKIP LOCKED: a ticket another counter is taking right now is passed over, not waited for (PostgreSQL;
        # SQLite runs one writing transaction at a time).
        ticket = (
            Ticket.objects.select_for_update(skip_locked=True)
            .filter(area__in=areas, state=TicketState.WAITING)
            .order_by("rank", "queued_at", "id")
            .first()
        )
        if ticket is None:
            raise QueueNotFound("nothing_waiting", _("Nobody is waiting for this counter."))
        ticket.state = TicketState.CALLED
        ticket.counter, ticket.officer = counter, officer
        ticket.called_at = ticket.last_called_at = now
        ticket.calls = 1
        try:
            with transaction.atomic():
                ticket.save(update_fields=["state", "counter", "officer", "called_at", "last_called_at", "calls"])
        except IntegrityError:  # the same counter called from another window at the same moment
            raise QueueConflict("busy", _("This counter is already serving a number.")) from None
        note_change(ticket=ticket, kind=BoardChange.Kind.CALLED, now=now)
        figures.count_called(ticket)
        return ticket


def recall(*, officer: User, counter: Counter, now: datetime | None = None) -> Ticket:
    """Call the counter's current number again (the boards announce it once more)."""
    now = now or timezone.now()
    check_counter(officer, counter)
    with transaction.atomic():
        ticket = _current(counter)
        ticket.last_called_at, ticket.calls = now, ticket.calls + 1
        ticket.save(update_fields=["last_called_at", "calls"])
        note_change(ticket=ticket, kind=BoardChange.Kind.RECALLED, now=now)
        return ticket


def skip(*, officer: User, counter: Counter, now: datetime | None = None) -> Ticket:
    """The called visitor did not come: the ticket ends as a no-show."""
    now = now or timezone.now()
    check_counter(officer, counter)
    with transaction.atomic():
        ticket = _current(counter)
        if ticket.records.exists():
            raise QueueError(
                "has_records",
                _("%(label)s already has a dossier or a visit: mark it served.") % {"label": ticket.label},
            )
        return _finish(ticket, TicketState.NO_SHOW, now)


def transfer(*, officer: User, counter: Counter, area_code: str, now: datetime | None = None) -> Ticket:
    """Send the current visitor to another area of the centre: this ticket ends as transferred, and a ticket
    with the same printed number waits there in the order of its first arrival. Returns the new ticket."""
    now = now or timezone.now()
    check_counter(officer, counter)
    with transaction.atomic():
        ticket = _current(counter)
        area = ServiceArea.objects.filter(
            centre_id=ticket.centre_id, code=area_code.strip()[:2], is_active=True
        ).first()
        if area is None:
            raise QueueNotFound(
                "unknown_area", _("This centre has no service area %(code)s.") % {"code": area_code[:10]}
            )
        if area.pk == ticket.area_id:
            raise QueueError("same_area", _("The number is already in this area."))
        _finish(ticket, TicketState.TRANSFERRED, now)
        moved = Ticket.objects.create(
            area=area,
            centre_id=ticket.centre_id,
            day=ticket.day,
            number=ticket.number,
            label=ticket.label,
            priority=ticket.priority,
            rank=ticket.rank,
            queued_at=ticket.queued_at,
            issued_at=now,
            transferred_from=ticket,
            token=secrets.token_urlsafe(12),
        )
        note_change(ticket=moved, kind=BoardChange.Kind.ISSUED, now=now)
        return moved


def record(
    *,
    officer: User,
    ticket_id: int,
    dossier: Dossier | None = None,
    visit: ReceptionNote | None = None,
    now: datetime | None = None,
) -> TicketRecord:
    """Note what the called ticket became: a dossier received or returned, or a visit (Mẫu 02 or 03). Called in
    the same transaction as the reception, so that a dossier and its ticket are recorded together or not at all."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
        if ticket is None or ticket.state != TicketState.CALLED or ticket.counter is None:
            raise QueueError("not_called", _("This number is not being served at a counter."))
        check_counter(officer, ticket.counter)
        if dossier is not None and not _handled_here(dossier, officer, ticket.counter):
            raise QueueForbidden("forbidden", _("This dossier is not handled at this counter."))
        record, _created = TicketRecord.objects.get_or_create(
            ticket=ticket, dossier=dossier, visit=visit, defaults={"at": now}
        )
        return record


def _handled_here(dossier: Dossier, officer: User, counter: Counter) -> bool:
    """The officer received it, or the counter serves its agency (a result returned, a dossier taken over)."""
    return dossier.received_by_id == officer.pk or counter.agencies.filter(pk=dossier.agency_id).exists()


def record_at_counter(
    *, officer: User, dossier: Dossier | None = None, visit: ReceptionNote | None = None, now: datetime | None = None
) -> TicketRecord | None:
    """What the officer just did (a reception, a return, a visit) belongs to the number their counter serves, if
    it serves one; called by the desk in the transaction of that action."""
    ticket = serving(officer)
    if ticket is None:
        return None
    return record(officer=officer, ticket_id=ticket.pk, dossier=dossier, visit=visit, now=now)


def serve(*, officer: User, ticket_id: int, now: datetime | None = None) -> Ticket:
    """The service is over: the ticket became at least one dossier or visit."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update(of=("self",)).filter(pk=ticket_id).select_related("counter").first()
        if ticket is None:
            raise QueueNotFound("unknown_ticket", _("No such ticket."))
        if ticket.state != TicketState.CALLED or ticket.counter is None:
            raise QueueConflict(
                "not_called", _("%(label)s is not being served at a counter.") % {"label": ticket.label}
            )
        check_counter(officer, ticket.counter)
        if not ticket.records.exists():
            raise QueueError(
                "no_record",
                _("Receive a dossier, return one, or record the guidance or refusal for %(label)s first.")
                % {"label": ticket.label},
            )
        return _finish(ticket, TicketState.SERVED, now)


def _at_counter(counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.select_for_update()
        .filter(counter=counter, state=TicketState.CALLED)
        .select_related("area")
        .first()
    )


def _current(counter: Counter) -> Ticket:
    ticket = _at_counter(counter)
    if ticket is None:
        raise QueueNotFound("nothing_called", _("This counter is not serving a number."))
    return ticket


def _finish(ticket: Ticket, state: str, now: datetime) -> Ticket:
    ticket.state, ticket.finished_at = state, now
    ticket.save(update_fields=["state", "finished_at"])
    note_change(ticket=ticket, kind=BoardChange.Kind.FINISHED, now=now)
    figures.count_finished(ticket)
    return ticket
