"""The demo centres' floor: service areas over their counters, and a morning of tickets at the provincial centre
played through the queue's services (issued, called, served as dossiers of the day or visits, a few no-shows and
a transfer; some still waiting, some at the counters)."""

from __future__ import annotations

import random
import string
from datetime import datetime, timedelta

from django.utils import timezone

from motcua.catalog.models import AgencyProcedure
from motcua.core.models import Centre, Counter, Role, RoleAssignment, User
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ApplicantInput
from motcua.dossiers.services.visits import VisitInput, record_visit
from motcua.queue import selectors
from motcua.queue.models import Booking, Priority, ServiceArea, Ticket
from motcua.queue.services import booking as booking_service
from motcua.queue.services import calling, tickets
from motcua.queue.services.errors import QueueError

# The general counters' areas at the provincial centre (their counters' names in demo/province.py).
GENERAL_AREAS = {
    "Hướng dẫn, tiếp nhận chung": ("A", "Tiếp nhận chung, hướng dẫn"),
    "Hỗ trợ nộp hồ sơ trực tuyến": ("A", "Tiếp nhận chung, hướng dẫn"),
    "Trả kết quả": ("B", "Trả kết quả"),
    "Thu phí, lệ phí": ("C", "Thu phí, lệ phí"),
}
VISITORS = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quốc Bảo", "Phạm Thị Thu", "Hoàng Văn Nam", "Vũ Thị Hạnh"]
SLOT_CAPACITY = 4  # bookings per half hour and area


def build_areas(centre: Centre) -> list[ServiceArea]:
    """An area per kind of visitor: the general counters' areas, then one per agency with counters here (D, E…);
    the areas are the agencies' own, so that booking and the kiosk speak the visitor's language."""
    counters = list(Counter.objects.filter(centre=centre).prefetch_related("agencies").order_by("number"))
    letters = iter(c for c in string.ascii_uppercase[3:] if c not in "IO")  # I and O read as 1 and 0
    by_name: dict[str, ServiceArea] = {}
    for counter in counters:
        code, name = GENERAL_AREAS.get(counter.name, ("", counter.name))
        if not code:
            code = _code_for(by_name, counter.name, letters)
        area = by_name.get(name)
        if area is None:
            area, _ = ServiceArea.objects.get_or_create(
                centre=centre, code=code, defaults={"name": name, "slot_capacity": SLOT_CAPACITY}
            )
            by_name[name] = area
        area.counters.add(counter)
        if code not in "BC":  # returns and fees serve everyone
            area.agencies.add(*counter.agencies.all())
    return list(by_name.values())


def _code_for(by_name: dict[str, ServiceArea], name: str, letters) -> str:
    if name in by_name:
        return by_name[name].code
    return next(letters, "Z")


def play_morning(centre: Centre, *, tickets_wanted: int = 80, now: datetime | None = None, seed: int = 14) -> int:
    """A morning of tickets up to now, unless the centre already has tickets today. Returns the tickets issued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if Ticket.objects.filter(centre=centre, day=today).exists():
        return 0
    rng = random.Random(seed)
    areas = list(
        ServiceArea.objects.filter(centre=centre, is_active=True).prefetch_related("counters").order_by("code")
    )
    staffed = _staffed_counters(centre)
    counters_of = {area.pk: {c.pk for c in area.counters.all()} for area in areas}
    opening = timezone.make_aware(datetime.combine(today, datetime.min.time())) + timedelta(hours=7, minutes=30)
    start = opening if now - opening > timedelta(hours=1) else now - timedelta(hours=1)
    span = (now - start).total_seconds()
    moments = sorted(start + timedelta(seconds=rng.uniform(0, span * 0.97)) for _ in range(tickets_wanted))
    weights = [6 if a.code == "A" else 3 if a.code == "B" else 1 for a in areas]
    dossiers = list(Dossier.objects.filter(centre=centre, submitted_at__date=today).order_by("submitted_at")[:200])
    issued = 0
    for at in moments:
        area = rng.choices(areas, weights)[0]
        priority = rng.choice([Priority.ELDERLY, Priority.DISABILITY, Priority.PREGNANT]) if rng.random() < 0.06 else ""
        request = tickets.TicketRequest(area_code=area.code, priority=priority)
        tickets.issue_ticket(centre=centre, request=request, officer=staffed[0][1], now=at)
        issued += 1
        # The area's counters act on the arrival (most of the time), and another counter now and then: a few
        # calls per ticket, not one per counter of the centre.
        serving = [desk for desk in staffed if desk[0].pk in counters_of[area.pk]]
        acting = ([rng.choice(serving)] if serving and rng.random() < 0.85 else []) + [rng.choice(staffed)]
        _serve_some(acting, dossiers, rng, at)
    return issued


def _staffed_counters(centre: Centre) -> list[tuple[Counter, User, set[int]]]:
    """(counter, its officer, the agencies it serves) for the counters with a counter officer assigned."""
    assignments = (
        RoleAssignment.objects.filter(role=Role.COUNTER_OFFICER, counter__centre=centre, counter__is_active=True)
        .select_related("counter", "user")
        .order_by("counter__number")
    )
    found: dict[int, tuple[Counter, User, set[int]]] = {}
    for a in assignments:
        if a.counter is not None and a.counter_id not in found:
            found[a.counter.pk] = (a.counter, a.user, set(a.counter.agencies.values_list("pk", flat=True)))
    return list(found.values())


def _serve_some(staffed, dossiers: list[Dossier], rng: random.Random, at: datetime) -> None:
    """Each of these counters finishes its number (a little later) and calls the next."""
    for counter, officer, agencies in staffed:
        when = at + timedelta(seconds=rng.uniform(5, 60))
        if when > timezone.now():
            continue
        current = selectors.serving_at(counter)
        try:
            if current is not None:
                _finish(current, (counter, officer, agencies), dossiers, rng, when)
            calling.call_next(officer=officer, counter=counter, now=when + timedelta(seconds=20))
        except QueueError:
            continue


def _finish(ticket: Ticket, desk: tuple[Counter, User, set[int]], dossiers: list[Dossier], rng, at: datetime):
    """A no-show now and then; else the number became one of the day's dossiers of the counter's agencies, or a
    visit guided once in writing (Mẫu 02) through the dossiers' own service."""
    counter, officer, agencies = desk
    roll = rng.random()
    if roll < 0.07:
        calling.skip(officer=officer, counter=counter, now=at)
        return
    mine = next((d for d in dossiers if d.agency_id in agencies), None)
    if mine is not None and roll < 0.8:
        dossiers.remove(mine)
        calling.record(officer=officer, ticket_id=ticket.pk, dossier=mine, now=at)
    else:
        procedure = AgencyProcedure.objects.filter(agency_id__in=agencies).values_list("procedure__code", flat=True)
        code = procedure.order_by("procedure__code").first()
        applicant = ApplicantInput(name=rng.choice(VISITORS), id_number=f"0010{rng.randrange(10**8):08d}")
        if code is None:  # an agency without procedures of its own here: the visitor came to the wrong counter
            wanted = VisitInput(
                procedure_code="", applicant=applicant, reason="Thủ tục không thuộc thẩm quyền giải quyết"
            )
            kind = "refuse"
        else:
            kind = "guide"
            wanted = VisitInput(
                procedure_code=code,
                applicant=applicant,
                reason="Hồ sơ chưa đủ thành phần theo quy định",
                items=["Tờ khai theo mẫu", "Bản sao giấy tờ tùy thân"],
            )
        visit = record_visit(officer=officer, kind=kind, visit=wanted, now=at)
        calling.record(officer=officer, ticket_id=ticket.pk, visit=visit, now=at)
    calling.serve(officer=officer, ticket_id=ticket.pk, now=at)


def book_visits(centre: Centre, *, now: datetime | None = None) -> int:
    """A few visits booked online for the next working days in two areas, through the booking service (their
    confirmations go to the outbox), unless the centre has bookings already. Returns how many were booked."""
    if Booking.objects.filter(area__centre=centre).exists():
        return 0
    booked = 0
    areas = [a for a in booking_service.bookable_areas() if a.centre_id == centre.pk][:2]
    for a_index, area in enumerate(areas):
        for day in booking_service.booking_days(area, now)[:2]:
            for s_index, slot in enumerate(booking_service.open_slots(area, day, now)[:3]):
                name = VISITORS[(a_index * 3 + s_index) % len(VISITORS)]
                wanted = booking_service.BookingInput(
                    area_id=area.pk,
                    starts_at=slot.starts_at,
                    name=name,
                    phone=f"09{12 + a_index}{day.day:02d}{s_index:04d}",
                )
                try:
                    booking_service.book(booking=wanted, now=now)
                except QueueError:
                    continue
                booked += 1
    return booked
