"""The queue's subscriber to dossier events: a dossier received, completed or returned by an officer while their
counter served a number belongs to that number, whichever way the officer worked (the desk links it in its own
transaction already; the API or another client through this). Redelivered, it links nothing twice."""

from __future__ import annotations

from django.db.models import Q

from motcua.dossiers import events
from motcua.dossiers.models import Dossier
from motcua.queue.models import Ticket, TicketRecord, TicketState

SUBSCRIBER = "queue.tickets"
# What an officer does for the visitor in front of them.
AT_THE_COUNTER = (events.DossierReceived, events.SupplementCompleted, events.ResultReturned)


def link_to_ticket(event: events.BaseDossierEvent) -> None:
    if event.actor_id is None or (isinstance(event, events.DossierReceived) and event.channel != "counter"):
        return
    ticket = (
        Ticket.objects.filter(officer_id=event.actor_id, called_at__lte=event.at)
        .filter(Q(state=TicketState.CALLED) | Q(state=TicketState.SERVED, finished_at__gte=event.at))
        .order_by("-called_at")
        .first()
    )
    if ticket is None or not Dossier.objects.filter(pk=event.dossier_id).exists():
        return
    # One statement (no read first, no savepoint): the unique (ticket, dossier) keeps a redelivery from linking twice.
    TicketRecord.objects.bulk_create(
        [TicketRecord(ticket=ticket, dossier_id=event.dossier_id, at=event.at)], ignore_conflicts=True
    )
