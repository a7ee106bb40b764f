"""The queue's reads: a centre's board (calls and waiting counts), a counter's panel, a ticket followed by phone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Max, Q
from django.utils import timezone

from motcua.core.models import Centre, Counter, User
from motcua.queue.models import BoardChange, ServiceArea, Ticket, TicketState
from motcua.queue.services.access import officer_counters

LAST_CALLS = 8


@dataclass(frozen=True)
class Call:
    label: str
    area_code: str
    counter_number: int
    counter_name: str
    at: datetime
    calls: int  # 1 at the first call, more after recalls
    serving: bool  # still at the counter


@dataclass(frozen=True)
class AreaLine:
    code: str
    name: str
    waiting: int


@dataclass
class Board:
    centre_code: str
    centre_name: str
    change: int  # the id of the last change shown: a board resumes after it
    serving: list[Call] = field(default_factory=list)  # each counter's current number, latest call first
    last_calls: list[Call] = field(default_factory=list)  # the latest calls of the day, latest first
    areas: list[AreaLine] = field(default_factory=list)


def waiting_before(ticket: Ticket) -> int:
    """How many tickets of its area are called before this one (0 once it is called)."""
    if ticket.state != TicketState.WAITING:
        return 0
    rank, at = ticket.rank, ticket.queued_at
    before = Q(rank__lt=rank) | Q(rank=rank, queued_at__lt=at) | Q(rank=rank, queued_at=at, pk__lt=ticket.pk)
    return Ticket.objects.filter(before, area_id=ticket.area_id, state=TicketState.WAITING).count()


def serving(officer: User) -> Ticket | None:
    """The number one of the officer's counters serves now (the first counter's, if several do)."""
    return (
        Ticket.objects.filter(counter__in=officer_counters(officer), state=TicketState.CALLED)
        .select_related("area", "counter")
        .order_by("counter__number")
        .first()
    )


def active_areas(centre: Centre) -> list[ServiceArea]:
    return list(ServiceArea.objects.filter(centre=centre, is_active=True).order_by("code"))


def waiting_counts(centre: Centre, *, areas: list[ServiceArea] | None = None) -> list[AreaLine]:
    areas = areas if areas is not None else active_areas(centre)
    counts = dict(
        Ticket.objects.filter(centre=centre, state=TicketState.WAITING)
        .values_list("area_id")
        .annotate(n=Count("id"))
        .values_list("area_id", "n")
    )
    return [AreaLine(code=a.code, name=a.name, waiting=counts.get(a.pk, 0)) for a in areas]


def board(centre: Centre, *, area_code: str = "", now: datetime | None = None) -> Board:
    """What a display board shows: four queries whatever the number of tickets."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    change = BoardChange.objects.filter(centre=centre).aggregate(last=Max("id"))["last"] or 0
    result = Board(centre_code=centre.code, centre_name=centre.name, change=change)
    areas = [a for a in active_areas(centre) if not area_code or a.code == area_code]
    result.areas = waiting_counts(centre, areas=areas)
    called = (
        Ticket.objects.filter(centre=centre, day=day, last_called_at__isnull=False, area__in=[a.pk for a in areas])
        .select_related("counter", "area")
        .order_by("-last_called_at", "-id")[: LAST_CALLS + 40]
    )
    for ticket in called:
        assert ticket.counter is not None and ticket.last_called_at is not None
        call = Call(
            label=ticket.label,
            area_code=ticket.area.code,
            counter_number=ticket.counter.number,
            counter_name=ticket.counter.name,
            at=ticket.last_called_at,
            calls=ticket.calls,
            serving=ticket.state == TicketState.CALLED,
        )
        if call.serving:
            result.serving.append(call)
        if len(result.last_calls) < LAST_CALLS:
            result.last_calls.append(call)
    return result


@dataclass(frozen=True)
class Followed:
    ticket: Ticket
    waiting_before: int
    called: bool
    finished: bool


def follow(token: str) -> Followed | None:
    """A ticket as its holder follows it by phone (the QR on the ticket); a transfer leads to its new area."""
    ticket = Ticket.objects.filter(token=token[:24]).select_related("area", "counter", "centre").first()
    hops = 0
    while ticket is not None and ticket.state == TicketState.TRANSFERRED and hops < 10:
        moved = Ticket.objects.filter(transferred_from=ticket).select_related("area", "counter", "centre").first()
        if moved is None:
            break
        ticket, hops = moved, hops + 1
    if ticket is None:
        return None
    return Followed(
        ticket=ticket,
        waiting_before=waiting_before(ticket),
        called=ticket.state == TicketState.CALLED,
        finished=ticket.state in (TicketState.SERVED, TicketState.NO_SHOW),
    )


@dataclass
class Panel:
    """A counter officer's view of their counter: the number being served and who waits for the counter."""

    counter: Counter
    current: Ticket | None
    areas: list[AreaLine]
    other_areas: list[ServiceArea]  # where a visitor can be transferred


def panel(counter: Counter) -> Panel:
    served = list(ServiceArea.objects.filter(counters=counter, is_active=True).order_by("code"))
    current = serving_at(counter)
    others = [a for a in active_areas(counter.centre) if a.pk not in {s.pk for s in served}]
    return Panel(
        counter=counter, current=current, areas=waiting_counts(counter.centre, areas=served), other_areas=others
    )


def serving_at(counter: Counter) -> Ticket | None:
    """The number the counter serves now, if any (a read: the services lock it themselves when they change it)."""
    return (
        Ticket.objects.filter(counter=counter, state=TicketState.CALLED)
        .select_related("area")
        .prefetch_related("records")
        .first()
    )


def ticket_for(ticket_id: int) -> Ticket | None:
    return Ticket.objects.filter(pk=ticket_id).select_related("area", "counter", "centre").first()
