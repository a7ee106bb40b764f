"""The ticket kiosk, the printed ticket and the ticket followed by phone."""

from __future__ import annotations

import pytest
from django.core.signing import get_cookie_signer

from motcua.portal.floor.kiosk import KIOSK_COOKIE, KIOSK_COOKIE_SALT
from motcua.portal.floor.scan import booking_of
from motcua.queue.models import Device, Ticket
from motcua.queue.services import calling
from tests.pdf import flat, page_size, pages_text
from tests.queue.floor import build_floor


@pytest.fixture
def floor(db):
    return build_floor()


@pytest.fixture
def kiosk(client, floor):
    """The test client as the hall's paired kiosk (its signed cookie)."""
    client.cookies[KIOSK_COOKIE] = client_cookie(floor.kiosk_token)
    return client


def client_cookie(token: str) -> str:
    return get_cookie_signer(salt=KIOSK_COOKIE + KIOSK_COOKIE_SALT).sign(token)


def test_an_unpaired_screen_issues_nothing_and_staff_pair_it(client, floor):
    url = f"/lay-so/{floor.centre.code}/"
    page = client.get(url)
    assert page.status_code == 403 and floor.centre.name in page.content.decode()
    assert client.post(url, {"area": "A"}).status_code == 403
    assert not Ticket.objects.exists()
    client.force_login(floor.world.user("giamsat"))
    paired = client.post(f"/lay-so/{floor.centre.code}/ghep-may/", {"name": "Máy sảnh 2"})
    assert paired.status_code == 302 and KIOSK_COOKIE in paired.cookies
    kept = paired.cookies[KIOSK_COOKIE].value
    client.logout()  # (the test client's log-out forgets every cookie: the kiosk keeps its own)
    client.cookies[KIOSK_COOKIE] = kept
    assert client.post(url, {"area": "A"}).status_code == 302  # the cookie alone issues now
    assert Device.objects.filter(name="Máy sảnh 2").exists() and Ticket.objects.count() == 1


def test_a_visitor_takes_a_number_and_the_ticket_says_how_many_wait(kiosk, floor):
    kiosk.post(f"/lay-so/{floor.centre.code}/", {"area": "A"})
    taken = kiosk.post(f"/lay-so/{floor.centre.code}/", {"area": "A"})
    ticket = Ticket.objects.get(label="A002")
    assert taken["Location"] == f"/so/{ticket.token}/ve/?moi=1"
    page = kiosk.get(taken["Location"]).content.decode()
    assert "A002" in page and "Tư pháp" in page and "data-print" in page and "<img" in page
    assert "1 " in page  # one person waits before


def test_the_ticket_prints_as_an_80_mm_pdf(kiosk, floor):
    kiosk.post(f"/lay-so/{floor.centre.code}/", {"area": "B", "priority": "elderly"})
    ticket = Ticket.objects.get()
    pdf = kiosk.get(f"/so/{ticket.token}/ve.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    width, _height = page_size(pdf.content)
    assert width == round(80 / 25.4 * 72)  # 80 mm in points
    text = flat(pages_text(pdf.content)[0])
    assert "B001" in text and "Xây dựng" in text


def test_a_bad_area_or_priority_is_refused_with_a_message(kiosk, floor):
    page = kiosk.post(f"/lay-so/{floor.centre.code}/", {"area": "Q"})
    assert page.status_code == 404 and not Ticket.objects.exists()
    page = kiosk.post(f"/lay-so/{floor.centre.code}/", {"area": "A", "priority": "x" * 500})
    assert page.status_code == 422 and not Ticket.objects.exists()
    page = kiosk.post(f"/lay-so/{floor.centre.code}/", {"scan": "not a booking"})
    assert page.status_code == 422 and "QR" in page.content.decode()


def test_the_phone_follows_the_ticket_to_its_counter_and_through_a_transfer(kiosk, client, floor):
    kiosk.post(f"/lay-so/{floor.centre.code}/", {"area": "A"})
    ticket = Ticket.objects.get()
    follow = f"/so/{ticket.token}/"
    assert "A001" in client.get(follow).content.decode()
    calling.call_next(officer=floor.officers[1], counter=floor.counters[1])
    assert "1" in client.get(follow).content.decode()  # go to counter 1
    calling.transfer(officer=floor.officers[1], counter=floor.counters[1], area_code="B")
    page = client.get(follow).content.decode()
    assert "Xây dựng" in page  # now waiting in area B
    assert client.get("/so/unknown-token/").status_code == 404


def test_a_scanner_reads_a_booking_from_its_qr_or_typed_code():
    assert booking_of("https://dvc.example.vn/dat-lich/LH4K7M2Q/?bi-mat=abc_123") == ("LH4K7M2Q", "abc_123")
    assert booking_of("lh4k7m2q abc_123") == ("LH4K7M2Q", "abc_123")
    assert booking_of("https://dvc.example.vn/tra-cuu/?ma=1") is None
    assert booking_of("x" * 10_000) is None
