"""The booking pages (/dat-lich/): choose an area, a day and a slot, book, see the QR, cancel; full slots shown as
full, bad input explained with everything typed kept, bookings per client limited, queries bounded."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from motcua.core.models import Centre
from motcua.notifications.models import Message
from motcua.queue.models import Booking, BookingState, ServiceArea, SlotCount
from motcua.queue.services import booking as booking_service
from motcua.workdays.selectors import calendar_for
from tests.queue.floor import build_floor

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor():
    return build_floor()


@pytest.fixture
def en(client):
    # The msgids are checked: the Vietnamese translations are merged by the lead (TRANSLATIONS-booking.tsv).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def _generous_limit(monkeypatch):
    monkeypatch.setenv("MOTCUA_BOOKING_RATE_PER_HOUR", "1000")


def a_day(floor):
    """A working day after today with its slots (tomorrow or later: none has started)."""
    return booking_service.booking_days(floor.areas["A"])[1]


def slot_on(floor, day, index=0):
    return booking_service.day_slots(floor.areas["A"], day)[index]


def form(floor, day, chosen, **fields):
    return {
        "trung-tam": floor.centre.code,
        "khu": "A",
        "ngay": day.isoformat(),
        "slot": chosen.starts_at.isoformat(),
        "name": "Phạm Thị Cúc",
        "phone": "0912 345 678",
        "email": "",
        "procedure_code": "",
        "consent": "on",
        **fields,
    }


def test_the_steps_lead_to_the_slots_of_a_day_in_bounded_queries(en, floor, django_assert_max_num_queries):
    page = en.get("/dat-lich/").content.decode()  # one centre: its areas straight away
    assert (
        floor.centre.name in page
        and "?trung-tam=TTHCC-H99&amp;khu=A" in page
        and "?trung-tam=TTHCC-H99&amp;khu=B" in page
    )
    page = en.get("/dat-lich/", {"khu": "A"}).content.decode()
    day = a_day(floor)
    assert f"ngay={day.isoformat()}" in page
    calendar_for(floor.centre)  # the calendar is built once per process, not per page
    with django_assert_max_num_queries(8):
        response = en.get("/dat-lich/", {"khu": "A", "ngay": day.isoformat()})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('type="radio" name="slot"') == 15 and "07:30–08:00" in page and "16:30–17:00" in page
    assert "12:00–12:30" not in page and "3 left" in page


def test_a_full_slot_is_shown_full_and_cannot_be_chosen(en, floor):
    day = a_day(floor)
    nine = next(s for s in booking_service.day_slots(floor.areas["A"], day) if s.starts_at.astimezone().hour == 9)
    for i in range(3):
        en.post("/dat-lich/", form(floor, day, nine, phone=f"09000000{i:02d}"))
    page = en.get("/dat-lich/", {"khu": "A", "ngay": day.isoformat()}).content.decode()
    assert f'value="{nine.starts_at.isoformat()}" disabled' in page and "Full" in page
    response = en.post("/dat-lich/", form(floor, day, nine, phone="0987654321", name="Người thứ tư"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "This slot is full. Choose another time." in page
    assert 'value="Người thứ tư"' in page and 'value="0987654321"' in page  # nothing typed is lost
    assert SlotCount.objects.get(starts_at=nine.starts_at).booked == 3


@override_settings(PUBLIC_URL="https://dichvucong.example.vn")
def test_booking_shows_the_code_the_qr_and_cancel_frees_the_place(en, floor):
    day = a_day(floor)
    slot = slot_on(floor, day, 2)
    response = en.post("/dat-lich/", form(floor, day, slot, email="cuc@example.vn"))
    assert response.status_code == 302
    made = Booking.objects.get()
    assert response["Location"] == f"/dat-lich/{made.code}/?bi-mat={made.secret}"
    assert made.phone == "0912 345 678" and made.starts_at == slot.starts_at
    assert Message.objects.filter(kind="booking_confirmed").count() == 2  # SMS and e-mail
    page = en.get(response["Location"]).content.decode()
    assert made.code in page and 'src="data:image/svg+xml;base64,' in page and "Your visit is booked" in page
    assert timezone.localtime(slot.starts_at).strftime("%H:%M") in page and "Trung tâm PVHCC tỉnh Hòa An" in page
    assert "Cancel the booking" in page

    response = en.post(f"/dat-lich/{made.code}/", {"bi-mat": made.secret})
    assert response.status_code == 302
    page = en.get(response["Location"]).content.decode()
    assert (
        "Your booked visit is cancelled" in page and "data:image/svg" not in page and "Cancel the booking" not in page
    )
    assert Booking.objects.get().state == BookingState.CANCELLED
    assert SlotCount.objects.get(starts_at=slot.starts_at).booked == 0


def test_the_booking_page_needs_its_secret(en, floor):
    day = a_day(floor)
    en.post("/dat-lich/", form(floor, day, slot_on(floor, day)))
    made = Booking.objects.get()
    assert en.get(f"/dat-lich/{made.code}/").status_code == 404
    assert en.get(f"/dat-lich/{made.code}/", {"bi-mat": "guess"}).status_code == 404
    assert en.post(f"/dat-lich/{made.code}/", {"bi-mat": "guess"}).status_code == 404
    assert Booking.objects.get().state == BookingState.BOOKED


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "Tên " * 40}, "Your name is too long (at most 120 characters)."),
        ({"phone": "", "email": ""}, "Enter a phone number or an e-mail address to receive your code."),
        ({"consent": ""}, "Tick the box to agree, or the visit cannot be booked."),
        ({"slot": "mai"}, "Choose a time."),
        ({"khu": "Z"}, "This day can no longer be booked. Choose the area and the day again."),
    ],
)
def test_bad_input_is_explained_and_books_nothing(en, floor, fields, message):
    day = a_day(floor)
    response = en.post("/dat-lich/", form(floor, day, slot_on(floor, day), **fields))
    assert response.status_code in (200, 422)
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_a_time_outside_the_office_hours_is_refused(en, floor):
    day = a_day(floor)
    noon = slot_on(floor, day).starts_at.replace(hour=5, minute=0)  # 12:00 in Hà Nội
    response = en.post("/dat-lich/", form(floor, day, slot_on(floor, day), slot=noon.isoformat()))
    assert response.status_code == 409
    assert "This time is not a slot within the centre&#x27;s office hours." in response.content.decode()


def test_bookings_per_client_are_limited(en, floor, monkeypatch):
    monkeypatch.setenv("MOTCUA_BOOKING_RATE_PER_HOUR", "2")
    day = a_day(floor)
    for i in range(2):
        assert en.post("/dat-lich/", form(floor, day, slot_on(floor, day, i), phone=f"091000000{i}")).status_code == 302
    response = en.post("/dat-lich/", form(floor, day, slot_on(floor, day, 3), phone="0910000003"))
    assert response.status_code == 429 and "Too many bookings" in response.content.decode()
    assert Booking.objects.count() == 2


def test_several_centres_are_chosen_first_and_areas_without_capacity_are_hidden(en, floor):
    other = Centre.objects.create(code="TTHCC-X1", name="Trung tâm huyện Bình Sơn", agency=floor.world.root)
    ServiceArea.objects.create(centre=other, code="A", name="Đất đai", slot_capacity=2)
    ServiceArea.objects.filter(pk=floor.areas["B"].pk).update(slot_capacity=0)
    page = en.get("/dat-lich/").content.decode()
    assert "?trung-tam=TTHCC-X1" in page and "?trung-tam=TTHCC-H99" in page and "khu=" not in page
    page = en.get("/dat-lich/", {"trung-tam": "TTHCC-H99"}).content.decode()
    assert "khu=A" in page and "khu=B" not in page


def test_the_home_page_links_to_booking(client, floor):
    assert 'href="/dat-lich/"' in client.get("/").content.decode()


def test_the_qr_holds_the_booking_page_the_kiosk_reads(floor):
    day = a_day(floor)
    made = booking_service.book(
        booking=booking_service.BookingInput(
            area_id=floor.areas["A"].pk, starts_at=slot_on(floor, day).starts_at, name="Lê Văn Dũng", phone="0912121212"
        )
    )
    url = urlsplit(booking_service.booking_url(made))
    assert url.path == f"/dat-lich/{made.code}/" and url.query == f"bi-mat={made.secret}"
    assert made.reminded_at is None or day <= timezone.localdate() + timedelta(days=1)
