"""Queue benchmark: tickets issued per second through the service (tickets.issue_ticket: the area's number of the
day, the ticket, the boards' change, the kept figures' hour row, and how many wait before it), one kiosk at a time,
then eight at once on PostgreSQL (SQLite runs one writing transaction at a time); beside the ceiling of the same
rows written by raw SQL, one transaction per ticket with the same statements each time (the driver may prepare
them): the sequence upsert, the ticket insert, the board change insert and the figures' upsert.

A centre with four areas; the kiosks take turns over the areas (a busy hall: each area's number is one locked row,
as in real life). The machine may be shared: the figures are noisy, the ratio less so (both sides share the noise).
"""

from __future__ import annotations

import secrets

from django.db import connection, transaction
from django.utils import timezone

from bench.threads import per_second
from motcua.core.models import Centre, User
from motcua.core.services import upsert_agency
from motcua.queue.models import Device, DeviceKind, ServiceArea, Ticket, TicketState
from motcua.queue.services import tickets

TICKETS = 1000  # per run, whatever the number of threads
THREADS = 8
AREAS = ("A", "B", "C", "D")


def run() -> None:
    centre, kiosk, areas = _setup()
    print(f"  {TICKETS} tickets per run over {len(AREAS)} areas of one centre (the hall emptied between runs)")
    runs = [1, THREADS] if connection.vendor == "postgresql" else [1]
    for threads in runs:
        _empty_hall()
        service = _timed(threads, lambda n: _issue(centre, kiosk, n))
        _empty_hall()
        ceiling = _timed(threads, lambda n, a=areas: _raw(centre, a, n))
        print(
            f"  {threads} thread{'s' if threads > 1 else ' '}   service {service:7.0f} tickets/s   "
            f"ceiling, raw SQL one transaction per ticket: {ceiling:7.0f}/s   ratio {service / ceiling:4.0%}"
        )
    # What keeping the figures costs an issue: the same service with the figures' upsert left out, in turns.
    kept, rounds = tickets.figures.count_issued, {"with": [], "without": []}
    for _round in range(3):
        for name in ("with", "without"):
            _empty_hall()
            tickets.figures.count_issued = kept if name == "with" else (lambda ticket: None)
            try:
                rounds[name].append(_timed(1, lambda n: _issue(centre, kiosk, n)))
            finally:
                tickets.figures.count_issued = kept
    best = {name: max(values) for name, values in rounds.items()}
    print(
        f"  1 thread    with the kept figures {best['with']:7.0f}/s, without {best['without']:7.0f}/s "
        f"(best of three rounds each, in turns): ratio {best['with'] / best['without']:4.0%}"
    )


def _empty_hall() -> None:
    """The tickets of the run before leave the hall (a busy hall has hundreds waiting, not thousands): the count
    of who waits before a new ticket, part of an issue, stays the same from run to run."""
    now = timezone.now()
    Ticket.objects.filter(state=TicketState.WAITING).update(state=TicketState.NO_SHOW, called_at=now, finished_at=now)


def _setup() -> tuple[Centre, Device, list[ServiceArea]]:
    province = upsert_agency(code="000.00.00.Q99", name="UBND tỉnh Thử", level="province", kind="peoples_committee")
    centre, _ = Centre.objects.get_or_create(code="TTHCC-Q99", defaults={"name": "Trung tâm thử", "agency": province})
    for code in AREAS:
        ServiceArea.objects.get_or_create(centre=centre, code=code, defaults={"name": f"Khu {code}"})
    # The ceiling writes into areas of its own: its numbers never meet the service's.
    raw_areas = [
        ServiceArea.objects.get_or_create(centre=centre, code=f"R{code}", defaults={"name": f"Trần {code}"})[0]
        for code in AREAS
    ]
    staff, _ = User.objects.get_or_create(username="bench.queue", defaults={"full_name": "Bench"})
    kiosk = Device.objects.create(
        centre=centre,
        kind=DeviceKind.TICKET_KIOSK,
        name="Máy lấy số (bench)",
        token_hash=secrets.token_hex(32),
        paired_by=staff,
        paired_at=timezone.now(),
    )
    return centre, kiosk, raw_areas


def _timed(threads: int, work) -> float:
    """Tickets per second: `work(n)` issues n tickets in the calling thread; each thread has its own connection."""
    return per_second(threads, range(TICKETS // threads * threads), lambda _i, chunk: work(len(chunk)))


def _issue(centre: Centre, kiosk: Device, n: int) -> None:
    for i in range(n):
        request = tickets.TicketRequest(area_code=AREAS[i % len(AREAS)])
        tickets.issue_ticket(centre=centre, request=request, device=kiosk)


def _raw(centre: Centre, areas: list[ServiceArea], n: int) -> None:
    ops = connection.ops
    sequence = (
        "INSERT INTO queue_ticketsequence (area_id, day, last) VALUES (%s, %s, 1) "
        "ON CONFLICT (area_id, day) DO UPDATE SET last = queue_ticketsequence.last + 1 RETURNING last"
    )
    ticket = (
        "INSERT INTO queue_ticket (area_id, centre_id, day, number, label, priority, rank, queued_at, issued_at, "
        "state, calls, token) VALUES (%s, %s, %s, %s, %s, '', 2, %s, %s, 'waiting', 0, %s) RETURNING id"
    )
    change = "INSERT INTO queue_boardchange (centre_id, kind, ticket_id, at) VALUES (%s, 'issued', %s, %s)"
    hour = (
        "INSERT INTO queue_queuehour (day, hour, centre_id, area_id, counter_key, officer_key, issued) "
        "VALUES (%s, %s, %s, %s, 0, 0, 1) ON CONFLICT (day, hour, centre_id, area_id, counter_key, officer_key) "
        "DO UPDATE SET issued = queue_queuehour.issued + excluded.issued"
    )
    for i in range(n):
        area = areas[i % len(areas)]
        now = timezone.now()
        local = timezone.localtime(now)
        day, at = ops.adapt_datefield_value(local.date()), ops.adapt_datetimefield_value(now)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sequence, [area.pk, day])
            number = cursor.fetchone()[0]
            label = f"{area.code}{number:03d}"
            cursor.execute(ticket, [area.pk, centre.pk, day, number, label, at, at, secrets.token_urlsafe(12)])
            ticket_id = cursor.fetchone()[0]
            cursor.execute(change, [centre.pk, ticket_id, at])
            cursor.execute(hour, [day, local.hour, centre.pk, area.pk])
