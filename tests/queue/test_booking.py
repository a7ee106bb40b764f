"""Booked visits through the real services: slots from the working calendar, places per slot, cancelling, the
reminder the day before, and the booked visitor's ticket ahead of walk-ins at their slot."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import translation

from motcua.notifications.models import Message
from motcua.queue.models import Booking, BookingState, SlotCount
from motcua.queue.selectors import waiting_before
from motcua.queue.services import booking as booking_service
from motcua.queue.services import calling, tickets
from motcua.queue.services.errors import QueueConflict, QueueError, QueueNotFound
from motcua.workdays.models import DayKind
from motcua.workdays.services import save_calendar_day
from tests.dossiers.test_concurrency import in_threads, postgres_only  # noqa: F401 (a fixture)
from tests.queue.floor import build_floor

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = date(2026, 12, 7)
SATURDAY = date(2026, 12, 12)
OUTSIDE = "This time is not a slot within the centre's office hours."


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=VN)


EARLY_MONDAY = at(MONDAY, 6, 0)  # before the office opens


@pytest.fixture
def floor(db):
    return build_floor()


def book(floor, starts_at, *, phone="0912345678", email="", name="Nguyễn Văn An", area="A", now=EARLY_MONDAY):
    return booking_service.book(
        booking=booking_service.BookingInput(
            area_id=floor.areas[area].pk, starts_at=starts_at, name=name, phone=phone, email=email
        ),
        now=now,
    )


def starts(slots) -> list[str]:
    return [s.starts_at.astimezone(VN).strftime("%H:%M") for s in slots]


def test_slots_follow_the_office_periods_of_the_calendar(floor):
    area = floor.areas["A"]  # 30-minute slots, 3 places each
    monday = booking_service.open_slots(area, MONDAY, EARLY_MONDAY)
    assert starts(monday) == [
        "07:30", "08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00",  # 07:30–11:30
        "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30",  # 13:30–17:00: none at lunch
    ]  # fmt: skip
    assert all(s.left == 3 and s.ends_at - s.starts_at == timedelta(minutes=30) for s in monday)
    assert booking_service.open_slots(area, SATURDAY, EARLY_MONDAY) == []  # the weekend has none
    # Slots already started are not offered.
    assert starts(booking_service.open_slots(area, MONDAY, at(MONDAY, 10, 5)))[:2] == ["10:30", "11:00"]
    # Nothing beyond the booking horizon, nothing in the past.
    assert booking_service.open_slots(area, MONDAY + timedelta(days=31), EARLY_MONDAY) == []
    assert booking_service.open_slots(area, MONDAY - timedelta(days=1), EARLY_MONDAY) == []


def test_official_days_off_and_make_up_days_change_the_slots(floor):
    area = floor.areas["A"]
    tuesday = MONDAY + timedelta(days=1)
    save_calendar_day(day=tuesday, kind=DayKind.DAY_OFF, name="Nghỉ bù")
    save_calendar_day(day=SATURDAY, kind=DayKind.WORKING_DAY, name="Làm bù", periods="07:30-11:30")
    assert booking_service.open_slots(area, tuesday, EARLY_MONDAY) == []
    assert starts(booking_service.open_slots(area, SATURDAY, EARLY_MONDAY))[-1] == "11:00"
    days = booking_service.booking_days(area, EARLY_MONDAY, limit=6)
    assert days == [MONDAY, MONDAY + timedelta(days=2), MONDAY + timedelta(days=3), MONDAY + timedelta(days=4),
                    SATURDAY, MONDAY + timedelta(days=7)]  # fmt: skip
    # Late on Monday afternoon, Monday has no slot to come: it is not offered.
    assert booking_service.booking_days(area, at(MONDAY, 16, 45), limit=1) == [MONDAY + timedelta(days=2)]


def test_a_slot_takes_its_capacity_then_is_full_and_a_cancel_frees_a_place(floor):
    nine = at(MONDAY, 9)
    made = [book(floor, nine, phone=f"09123456{i:02d}") for i in range(3)]
    assert all(b.code.startswith("LH") and len(b.code) == 8 for b in made)
    with translation.override("en"), pytest.raises(QueueConflict) as full:
        book(floor, nine, phone="0987654321")
    assert full.value.message == "This slot is full. Choose another time."
    slot = next(s for s in booking_service.day_slots(floor.areas["A"], MONDAY, EARLY_MONDAY) if s.starts_at == nine)
    assert slot.is_full and nine not in [s.starts_at for s in booking_service.open_slots(floor.areas["A"], MONDAY)]
    # Area B's slot at the same time is counted apart.
    assert book(floor, nine, phone="0987654321", area="B").area.code == "B"

    cancelled = booking_service.cancel(code=made[0].code.lower(), secret=made[0].secret, now=EARLY_MONDAY)
    assert cancelled.state == BookingState.CANCELLED
    assert SlotCount.objects.get(area=floor.areas["A"], starts_at=nine).booked == 2
    assert book(floor, nine, phone="0987654321").state == BookingState.BOOKED
    with pytest.raises(QueueConflict):
        booking_service.cancel(code=made[0].code, secret=made[0].secret, now=EARLY_MONDAY)  # cancelled already
    with pytest.raises(QueueNotFound):
        booking_service.cancel(code=made[1].code, secret="guess", now=EARLY_MONDAY)


def test_one_booking_per_phone_or_email_per_area_and_day(floor):
    first = book(floor, at(MONDAY, 9), email="an@example.vn")
    with translation.override("en"), pytest.raises(QueueConflict) as twice:
        book(floor, at(MONDAY, 14), phone="0900000000", email="AN@example.vn")
    assert "already has a booked visit" in twice.value.message
    assert book(floor, at(MONDAY + timedelta(days=1), 9), email="an@example.vn")  # another day is fine
    booking_service.cancel(code=first.code, secret=first.secret, now=EARLY_MONDAY)
    assert book(floor, at(MONDAY, 14), email="an@example.vn")  # after cancelling, another time that day


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        ({"area_id": 0}, "unknown_area", "This service area takes no booked visits."),
        ({"starts_at": at(MONDAY, 12)}, "outside_hours", OUTSIDE),
        ({"starts_at": at(MONDAY, 9, 10)}, "outside_hours", OUTSIDE),
        ({"starts_at": at(SATURDAY, 9)}, "outside_hours", OUTSIDE),
        ({"starts_at": at(MONDAY, 5)}, "past", "This time has passed. Choose a later slot."),
        ({"starts_at": at(MONDAY + timedelta(days=45), 9)}, "too_far", "Visits can be booked up to 30 days ahead."),
        ({"name": "x" * 121}, "name", "Your name is too long (at most 120 characters)."),
        ({"name": "   "}, "name", "Enter your name."),
        ({"phone": ""}, "contact", "Enter a phone number or an e-mail address to receive your code."),
        ({"phone": "call me"}, "phone", "Enter a phone number of digits."),
        ({"phone": "", "email": "not-an-address"}, "email", "Enter a valid e-mail address."),
        ({"procedure_code": "<script>"}, "procedure", "Enter the procedure's code as published, e.g. 1.001234."),
    ],
)
def test_bad_input_gets_a_clear_message_and_books_nothing(floor, change, code, message):
    fields = {"area_id": floor.areas["A"].pk, "starts_at": at(MONDAY, 9), "name": "Trần Thị Bình"}
    fields["phone"] = "0912000111"
    with translation.override("en"), pytest.raises(QueueError) as refused:  # the msgids: the same once translated
        booking_service.book(booking=booking_service.BookingInput(**{**fields, **change}), now=EARLY_MONDAY)
    assert (refused.value.code, refused.value.message) == (code, message)
    assert not Booking.objects.exists() and not SlotCount.objects.filter(booked__gt=0).exists()


def test_an_area_without_capacity_takes_no_bookings(floor):
    floor.areas["B"].slot_capacity = 0
    floor.areas["B"].save()
    assert booking_service.open_slots(floor.areas["B"], MONDAY, EARLY_MONDAY) == []
    with pytest.raises(QueueNotFound):
        book(floor, at(MONDAY, 9), area="B")


@override_settings(PUBLIC_URL="https://dichvucong.example.vn")
def test_the_confirmation_carries_the_code_and_the_link_whose_qr_the_kiosk_reads(floor):
    made = book(floor, at(MONDAY, 9, 30), email="binh@example.vn")
    url = f"https://dichvucong.example.vn/dat-lich/{made.code}/?bi-mat={made.secret}"
    assert booking_service.booking_url(made) == url
    sms = Message.objects.get(kind="booking_confirmed", channel="sms")
    email = Message.objects.get(kind="booking_confirmed", channel="email")
    assert sms.recipient == "0912345678" and email.recipient == "binh@example.vn"
    assert made.code in sms.body and url in sms.body and "09:30 07/12/2026" in sms.body
    assert email.subject == f"Lịch hẹn {made.code} đã được đặt" and url in email.body
    assert "Trung tâm PVHCC tỉnh Hòa An" in email.body


def test_the_reminder_goes_the_day_before_once(floor):
    wednesday = MONDAY + timedelta(days=2)
    kept = book(floor, at(wednesday, 9))
    dropped = book(floor, at(wednesday, 10), phone="0911111111")
    booking_service.cancel(code=dropped.code, secret=dropped.secret, now=EARLY_MONDAY)
    soon = book(floor, at(MONDAY + timedelta(days=1), 9), phone="0922222222")  # tomorrow: the confirmation will do
    assert booking_service.remind_bookings(now=at(MONDAY, 10)) == 0  # Monday: nothing is for tomorrow but `soon`
    tuesday = MONDAY + timedelta(days=1)
    assert booking_service.remind_bookings(now=at(tuesday, 6)) == 0  # not at night
    assert booking_service.remind_bookings(now=at(tuesday, 9)) == 1
    assert booking_service.remind_bookings(now=at(tuesday, 9, 5)) == 0  # once
    reminders = Message.objects.filter(kind="booking_reminder")
    assert [m.recipient for m in reminders] == [kept.phone]
    assert kept.code in reminders[0].body and "09:00 09/12/2026" in reminders[0].body
    assert Booking.objects.get(pk=soon.pk).reminded_at is not None


def test_a_booked_visitor_at_their_slot_is_called_before_an_earlier_walk_in(floor):
    nine = at(MONDAY, 9)
    made = book(floor, nine)
    walk_in = tickets.issue_ticket(
        centre=floor.centre, request=tickets.TicketRequest(area_code="A"), device=floor.kiosk, now=at(MONDAY, 8, 40)
    ).ticket
    scan = tickets.TicketRequest(booking_code=made.code, booking_secret=made.secret)
    with pytest.raises(QueueError) as early:  # 20 minutes before the slot: too early
        tickets.issue_ticket(centre=floor.centre, request=scan, device=floor.kiosk, now=at(MONDAY, 8, 40))
    assert early.value.code == "too_early"
    issued = tickets.issue_ticket(centre=floor.centre, request=scan, device=floor.kiosk, now=at(MONDAY, 8, 50))
    assert issued.waiting_before == 0 and waiting_before(walk_in) == 1
    called = calling.call_next(officer=floor.officers[1], counter=floor.counters[1], now=at(MONDAY, 8, 55))
    assert called.pk == issued.ticket.pk and called.booking_id == made.pk
    assert Booking.objects.get(pk=made.pk).state == BookingState.ARRIVED
    with pytest.raises(QueueConflict):  # checked in: it can no longer be cancelled
        booking_service.cancel(code=made.code, secret=made.secret, now=at(MONDAY, 8, 56))


# --- on a database server with several connections (PostgreSQL) --------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("postgres_only")
def test_eight_people_taking_the_last_three_places_at_once_three_get_one():
    floor = build_floor()
    area = floor.areas["A"]
    area.slot_capacity = 5
    area.save()
    nine = at(MONDAY, 9)
    for i in range(2):
        book(floor, nine, phone=f"090000000{i}")
    results = in_threads(lambda i: book(floor, nine, phone=f"09111111{i:02d}"), 8)
    made = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if isinstance(r, QueueConflict)]
    assert len(made) == 3 and len(refused) == 5, results
    assert {r.code for r in refused} == {"full"}
    assert SlotCount.objects.get(area=area, starts_at=nine).booked == 5
    assert Booking.objects.filter(starts_at=nine, state=BookingState.BOOKED).count() == 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("postgres_only")
def test_one_phone_booking_four_slots_of_a_day_at_once_gets_one():
    floor = build_floor()
    slots = [at(MONDAY, 8), at(MONDAY, 8, 30), at(MONDAY, 9), at(MONDAY, 9, 30)]
    results = in_threads(lambda i: book(floor, slots[i], phone="0933333333"), 4)
    made = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if isinstance(r, QueueConflict)]
    assert len(made) == 1 and {r.code for r in refused} == {"one_per_day"} and len(refused) == 3, results
    assert sum(SlotCount.objects.filter(area=floor.areas["A"]).values_list("booked", flat=True)) == 1  # places back


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("postgres_only")
def test_two_workers_reminding_at_once_send_one_reminder_per_booking():
    floor = build_floor()
    wednesday = MONDAY + timedelta(days=2)
    made = [book(floor, at(wednesday, 7 + i // 3, 30), phone=f"09222222{i:02d}") for i in range(12)]
    counts = in_threads(lambda _i: booking_service.remind_bookings(now=at(wednesday - timedelta(days=1), 9)), 2)
    assert sum(counts) == 12, counts
    reminded = sorted(Message.objects.filter(kind="booking_reminder").values_list("recipient", flat=True))
    assert reminded == sorted(b.phone for b in made)


def test_operators_read_bookings_in_the_admin_without_the_secret(floor, admin_client):
    made = book(floor, at(MONDAY, 9))
    page = admin_client.get("/admin/queue/booking/").content.decode()
    assert made.code in page
    detail = admin_client.get(f"/admin/queue/booking/{made.pk}/change/").content.decode()
    assert made.code in detail and made.secret not in detail
