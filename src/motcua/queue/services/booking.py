"""Booked visits (đặt lịch hẹn): the slots an area offers from the centre's working calendar, booking one, cancelling
it, and the reminder the day before. A slot's places are counted in SlotCount and only ever changed by one
conditional UPDATE, so that no slot takes more visitors than its area's capacity, whatever the concurrency."""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.notifications.services import enqueue
from motcua.notifications.sms import mask
from motcua.queue.models import Booking, BookingState, ServiceArea, SlotCount
from motcua.queue.services.errors import QueueConflict, QueueError, QueueNotFound
from motcua.workdays.selectors import calendar_for

log = logging.getLogger(__name__)

HORIZON_DAYS = 30  # how far ahead a visit may be booked
CODE_PREFIX = "LH"  # lịch hẹn
CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B: read aloud or typed without doubt
CODE_LENGTH = 6
REMIND_FROM = time(8, 0)  # reminders go out from this Vietnam time the day before, never at night
MAX_NAME, MAX_PROCEDURE = 120, 40
PHONE = re.compile(r"^\+?[0-9][0-9 .-]{7,19}$")
PROCEDURE = re.compile(r"^[0-9A-Za-z.\-]*$")


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime
    left: int  # places left (0: full)

    @property
    def is_full(self) -> bool:
        return self.left <= 0


@dataclass(frozen=True)
class BookingInput:
    """What a citizen gives: the area, the slot's start, a name and a phone or an e-mail to receive the code."""

    area_id: int
    starts_at: datetime
    name: str
    phone: str = ""
    email: str = ""
    procedure_code: str = ""
    language: str = "vi"  # of the confirmation


def bookable_areas() -> list[ServiceArea]:
    """The active areas that take bookings, with their centre, by centre then code (one query)."""
    return list(
        ServiceArea.objects.filter(is_active=True, slot_capacity__gt=0, centre__is_active=True)
        .select_related("centre")
        .order_by("centre__name", "centre__code", "code")
    )


def slot_times(area: ServiceArea, day: date) -> list[tuple[datetime, datetime]]:
    """Every slot of the day: slot_minutes each, inside the office periods of the centre's calendar (none on a
    day off; a make-up working day has its own)."""
    calendar = calendar_for(area.centre)
    length = area.slot_minutes * 60
    result = []
    for start, end in calendar.day(day):
        at = start
        while at + length <= end:
            begins = datetime.combine(day, time(at // 3600, at % 3600 // 60), tzinfo=calendar.tz)
            result.append((begins, begins + timedelta(seconds=length)))
            at += length
    return result


def day_slots(area: ServiceArea, day: date, now: datetime | None = None) -> list[Slot]:
    """The slots of a day still to come, with their places left (full ones included, to be shown as full)."""
    now = now or timezone.now()
    if area.slot_capacity <= 0 or not _bookable_day(day, now):
        return []
    times = [(s, e) for s, e in slot_times(area, day) if s > now]
    if not times:
        return []
    booked = dict(
        SlotCount.objects.filter(area=area, starts_at__gte=times[0][0], starts_at__lte=times[-1][0]).values_list(
            "starts_at", "booked"
        )
    )
    return [Slot(s, e, max(area.slot_capacity - booked.get(s, 0), 0)) for s, e in times]


def open_slots(area: ServiceArea, day: date, now: datetime | None = None) -> list[Slot]:
    """The slots of a day that can still be booked."""
    return [slot for slot in day_slots(area, day, now) if not slot.is_full]


def booking_days(area: ServiceArea, now: datetime | None = None, *, limit: int = 10) -> list[date]:
    """The next working days (today included while it has slots to come) within the booking horizon."""
    now = now or timezone.now()
    if area.slot_capacity <= 0:
        return []
    calendar, today, days = calendar_for(area.centre), timezone.localdate(now), []
    for offset in range(HORIZON_DAYS + 1):
        day = today + timedelta(days=offset)
        if calendar.day(day) and (offset or any(s > now for s, _e in slot_times(area, day))):
            days.append(day)
            if len(days) == limit:
                break
    return days


def book(*, booking: BookingInput, now: datetime | None = None) -> Booking:
    """Book a place in a slot; the confirmation (code, time, link whose QR the kiosk reads) is queued by SMS and
    e-mail in the same transaction. Raises QueueError with a message for the citizen."""
    now = now or timezone.now()
    name, phone, email = " ".join(booking.name.split()), booking.phone.strip(), booking.email.strip().lower()
    procedure = booking.procedure_code.strip()
    _check_person(name, phone, email, procedure)
    area = ServiceArea.objects.filter(pk=booking.area_id, is_active=True, slot_capacity__gt=0).first()
    if area is None:
        raise QueueNotFound("unknown_area", _("This service area takes no booked visits."))
    starts_at, ends_at = _check_slot(area, booking.starts_at, now)
    day = timezone.localdate(starts_at)
    with transaction.atomic():
        # One booking per phone or e-mail per area and day: a few people cannot take a whole morning.
        # (The unique constraints hold it for bookings made at the same instant.)
        if _holds_a_booking(area, day, phone, email):
            raise _one_per_day()
        _take_place(area, starts_at)
        made = _create(area, day, starts_at, ends_at, name, phone, email, procedure, now)
        _tell(made, "booking_confirmed", language=booking.language)
    log.info("booking %s for %s at %s", made.code, mask(phone or email), starts_at.isoformat())
    return made


def _holds_a_booking(area: ServiceArea, day: date, phone: str, email: str) -> bool:
    contact = (Q(phone=phone) if phone else Q(pk__in=[])) | (Q(email=email) if email else Q(pk__in=[]))
    return Booking.objects.filter(contact, area=area, day=day).exclude(state=BookingState.CANCELLED).exists()


def _one_per_day() -> QueueConflict:
    return QueueConflict(
        "one_per_day", _("This phone number or e-mail already has a booked visit in this area on that day.")
    )


def cancel(*, code: str, secret: str, now: datetime | None = None) -> Booking:
    """The holder cancels (code and secret, as in the QR): the place is given back to the slot."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = find(code=code, secret=secret, lock=True)
        if booking is None:
            raise QueueNotFound("unknown_booking", _("No booked visit has this code and secret."))
        if booking.state == BookingState.CANCELLED:
            raise QueueConflict("cancelled_booking", _("This booked visit was already cancelled."))
        if booking.state == BookingState.ARRIVED:
            raise QueueConflict("used_booking", _("This booked visit already took its number at the kiosk."))
        if booking.ends_at <= now:
            raise QueueError("over", _("The time of this booked visit is over."))
        booking.state, booking.cancelled_at = BookingState.CANCELLED, now
        booking.save(update_fields=["state", "cancelled_at"])
        SlotCount.objects.filter(area_id=booking.area_id, starts_at=booking.starts_at, booked__gt=0).update(
            booked=F("booked") - 1
        )
    log.info("booking %s cancelled", booking.code)
    return booking


def find(*, code: str, secret: str, lock: bool = False) -> Booking | None:
    """The booking with this code, if the secret is its own."""
    rows = Booking.objects.select_related("area", "area__centre")
    if lock:
        rows = rows.select_for_update(of=("self",))
    booking = rows.filter(code=code.strip().upper()[:16]).first()
    if booking is None or not secrets.compare_digest(booking.secret, secret.strip()[:24]):
        return None
    return booking


def booking_url(booking: Booking) -> str:
    """The booking's page, also what its QR holds: the kiosk's reader types it and the kiosk reads the code and
    the secret from it. Keep this shape: <PUBLIC_URL>/dat-lich/<code>/?bi-mat=<secret>."""
    return f"{settings.PUBLIC_URL}/dat-lich/{booking.code}/?bi-mat={booking.secret}"


def remind_bookings(*, batch: int = 100, now: datetime | None = None) -> int:
    """The periodic job "queue.remind_bookings": remind each visit booked for tomorrow (Vietnam day), once. Two
    workers may run it at once: a booking is claimed by a conditional UPDATE of reminded_at, and only the worker
    whose UPDATE changed the row queues the reminder (in the same transaction)."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.time() < REMIND_FROM:
        return 0
    tomorrow = local.date() + timedelta(days=1)
    due = list(
        Booking.objects.filter(day=tomorrow, state=BookingState.BOOKED, reminded_at__isnull=True)
        .order_by("starts_at", "id")
        .values_list("id", flat=True)[:batch]
    )
    sent = 0
    for booking_id in due:
        with transaction.atomic():
            claimed = Booking.objects.filter(pk=booking_id, state=BookingState.BOOKED, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue  # another worker took it, or it was cancelled meanwhile
            booking = Booking.objects.select_related("area", "area__centre").get(pk=booking_id)
            _tell(booking, "booking_reminder")
            sent += 1
    return sent


def _bookable_day(day: date, now: datetime) -> bool:
    today = timezone.localdate(now)
    return today <= day <= today + timedelta(days=HORIZON_DAYS)


def _check_person(name: str, phone: str, email: str, procedure: str) -> None:
    if not name:
        raise QueueError("name", _("Enter your name."))
    if len(name) > MAX_NAME:
        raise QueueError("name", _("Your name is too long (at most %(n)s characters).") % {"n": MAX_NAME})
    if not phone and not email:
        raise QueueError("contact", _("Enter a phone number or an e-mail address to receive your code."))
    if phone and not PHONE.match(phone):
        raise QueueError("phone", _("Enter a phone number of digits."))
    if email:
        try:
            validate_email(email[:254])
        except ValidationError:
            raise QueueError("email", _("Enter a valid e-mail address.")) from None
        if len(email) > 254:
            raise QueueError("email", _("Enter a valid e-mail address."))
    if len(procedure) > MAX_PROCEDURE or not PROCEDURE.match(procedure):
        raise QueueError("procedure", _("Enter the procedure's code as published, e.g. 1.001234."))


def _check_slot(area: ServiceArea, starts_at: datetime, now: datetime) -> tuple[datetime, datetime]:
    if timezone.is_naive(starts_at):
        raise QueueError("slot", _("Choose a time among the slots offered."))
    if starts_at <= now:
        raise QueueError("past", _("This time has passed. Choose a later slot."))
    day = timezone.localdate(starts_at)
    if not _bookable_day(day, now):
        raise QueueError("too_far", _("Visits can be booked up to %(n)s days ahead.") % {"n": HORIZON_DAYS})
    for begins, ends in slot_times(area, day):
        if begins == starts_at:
            return begins, ends
    raise QueueError("outside_hours", _("This time is not a slot within the centre's office hours."))


def _take_place(area: ServiceArea, starts_at: datetime) -> None:
    # The slot's row exists first (INSERT ... ON CONFLICT DO NOTHING), then ONE conditional UPDATE takes a place:
    # concurrent bookings queue on the row and each sees the count the previous one left.
    SlotCount.objects.bulk_create([SlotCount(area=area, starts_at=starts_at, booked=0)], ignore_conflicts=True)
    taken = SlotCount.objects.filter(area=area, starts_at=starts_at, booked__lt=area.slot_capacity).update(
        booked=F("booked") + 1
    )
    if not taken:
        raise QueueConflict("full", _("This slot is full. Choose another time."))


def _create(
    area: ServiceArea,
    day: date,
    starts_at: datetime,
    ends_at: datetime,
    name: str,
    phone: str,
    email: str,
    procedure: str,
    now: datetime,
) -> Booking:
    # A booking made for today or tomorrow needs no reminder: the confirmation has just been sent.
    reminded = now if day <= timezone.localdate(now) + timedelta(days=1) else None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Booking.objects.create(
                    area=area,
                    day=day,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    code=new_code(),
                    secret=secrets.token_urlsafe(12),
                    name=name,
                    phone=phone,
                    email=email,
                    procedure_code=procedure,
                    created_at=now,
                    reminded_at=reminded,
                )
        except IntegrityError:
            if _holds_a_booking(area, day, phone, email):  # booked by the same contact at the same instant
                raise _one_per_day() from None
            continue  # the code was taken: draw another one
    raise QueueConflict("busy", _("Please try again."))


def new_code() -> str:
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def _tell(booking: Booking, kind: str, *, language: str = "vi") -> None:
    centre = booking.area.centre
    enqueue(
        kind,
        to_email=booking.email,
        to_phone=booking.phone,
        language=language,
        context={
            "code": booking.code,
            "name": booking.name,
            "when": timezone.localtime(booking.starts_at).strftime("%H:%M %d/%m/%Y"),
            "area": f"{booking.area.code} - {booking.area.name}",  # a plain hyphen: an SMS stays in GSM 7-bit
            "centre": centre.name,
            "address": centre.address,
            "booking_url": booking_url(booking),
        },
    )
