"""The return desk (/desk/tra-ket-qua/): results ready, a scanned code, recording how and to whom."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.core.models import Role
from motcua.core.services import upsert_staff
from motcua.desk.selectors.returns import PAGE
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.receipts.models import Receipt
from tests.e2e.province import act, receive, to_result_ready

URL = reverse("desk:returns")


@pytest.fixture
def desk(client, world):
    """The counter officer of the centre, reading English (the msgids) so that assertions do not depend on
    translations."""
    client.cookies["motcua_language"] = "en"
    client.force_login(world.user("motcua"))
    return client


def form(dossier: Dossier, **overrides) -> dict:
    data = {
        "code": dossier.code,
        "version": dossier.version,
        "method": "counter",
        "receiver": "Nguyễn Thị Hương",
        "tracking_number": "",
        "payment_method": "cash",
    }
    data.update(overrides)
    return data


def listed(html: str, dossier: Dossier) -> bool:
    return f">{dossier.code}</a>" in html


def test_the_list_shows_only_results_ready_at_the_officers_agencies(client, world):
    ready = to_result_ready(world, receive(world))
    still_handled = receive(world)
    elsewhere = to_result_ready(world, receive(world, agency="construction", officer="xaydung.motcua"))
    client.cookies["motcua_language"] = "en"
    client.force_login(world.user("xaydung.motcua"))  # receives and returns for the Department of Construction
    html = client.get(URL).content.decode()
    assert listed(html, elsewhere) and not listed(html, ready) and not listed(html, still_handled)
    client.force_login(world.user("motcua"))  # the centre's officer returns for the whole province
    html = client.get(URL).content.decode()
    assert listed(html, ready) and listed(html, elsewhere) and not listed(html, still_handled)
    assert "autofocus" in html and 'name="ma"' in html  # the scanner's field has the focus


def test_the_list_reads_a_fixed_number_of_queries(desk, world):
    to_result_ready(world, receive(world, fee_at_return=True))
    desk.get(URL)  # the site's name is read once, then cached
    with CaptureQueriesContext(connection) as one:
        assert desk.get(URL).status_code == 200
    for _ in range(4):
        to_result_ready(world, receive(world, fee_at_return=True, agency="construction", officer="xaydung.motcua"))
    with CaptureQueriesContext(connection) as five:
        html = desk.get(URL).content.decode()
    assert html.count('class="button" href="?ma=') == 5
    assert len(five) == len(one), [q["sql"] for q in five.captured_queries]


def test_pages_follow_each_other_without_repeating(desk, world):
    codes = [to_result_ready(world, receive(world)).code for _ in range(PAGE + 2)]
    first = desk.get(URL).content.decode()
    assert sum(f">{code}</a>" in first for code in codes) == PAGE and 'rel="next"' in first
    next_url = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = desk.get(URL + next_url).content.decode()
    assert sum(f">{code}</a>" in second for code in codes) == 2 and 'rel="next"' not in second
    assert desk.get(URL, {"sau": "not-a-cursor"}).status_code == 200  # a mangled link shows the first page


def test_a_scanned_code_opens_the_return_form_with_the_fee_due(desk, world):
    ready = to_result_ready(world, receive(world, fee_at_return=True))
    html = desk.get(URL, {"ma": ready.code.lower()}).content.decode()  # a scanner may type lower case
    assert f"Return dossier {ready.code}" in html
    assert "Fee due at return" in html and re.search(r"150[.,]000 VND", html) and 'name="payment_method"' in html
    assert 'name="receipt_number"' not in html  # nothing to type: the e-receipt is issued
    assert f'name="version" value="{ready.version}"' in html
    assert 'value="Nguyễn Thị Hương"' in html or ready.applicant_name in html  # the receiver starts as the applicant


def test_a_code_not_ready_or_unknown_says_why(desk, world):
    handled = receive(world)
    html = desk.get(URL, {"ma": handled.code}).content.decode()
    assert f"Dossier {handled.code} cannot be returned now" in html and "In progress" not in html
    assert "Received" in html  # its state, in words
    response = desk.get(URL, {"ma": "000.00.03.H99-200101-9999"})
    assert response.status_code == 404 and "No dossier of your agencies has the code 000.00.03.H99-200101-9999" in (
        response.content.decode()
    )
    other = receive(world, agency="construction", officer="xaydung.motcua")
    desk.force_login(world.user("xaydung.motcua"))
    assert desk.get(URL, {"ma": handled.code}).status_code == 404  # another agency's dossier is not found
    assert desk.get(URL, {"ma": other.code}).status_code == 200


def test_recording_a_return_at_the_counter_with_the_fee(desk, world):
    ready = to_result_ready(world, receive(world, fee_at_return=True))
    response = desk.post(
        URL + f"?ma={ready.code}", form(ready, receiver="Trần Văn Minh (ủy quyền)", payment_method="card")
    )
    assert response.status_code == 302 and response["Location"] == URL
    page = desk.get(URL).content.decode()
    assert f"Result of {ready.code} returned." in page and f'href="?ma={ready.code}"' not in page
    ready.refresh_from_db()
    assert ready.state == "returned" and ready.return_receiver == "Trần Văn Minh (ủy quyền)"
    fee = ready.fees.get()
    assert fee.paid_at and fee.method == "card"
    receipt = Receipt.objects.get(fee=fee)  # issued with the return, its number on the fee
    assert fee.receipt_number == f"{receipt.series.symbol}-{receipt.number:07d}"
    assert receipt.payer_name == "Trần Văn Minh (ủy quyền)" and receipt.amount == fee.amount
    event = DossierEvent.objects.filter(dossier=ready).order_by("-sequence").first()
    assert event.action == "return_result" and event.actor.username == "motcua"


def test_by_post_needs_a_tracking_number_and_nothing_typed_is_lost(desk, world):
    ready = to_result_ready(world, receive(world, fee_at_return=True))
    response = desk.post(URL, form(ready, method="post", receiver="Bưu điện Hòa An"))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Write the postal tracking number." in html
    assert not ready.fees.get().paid_at  # nothing collected for a return that did not happen
    assert 'value="Bưu điện Hòa An"' in html and re.search(r'value="post"[^>]*checked', html)  # kept
    ready.refresh_from_db()
    assert ready.state == "result_ready"
    response = desk.post(
        URL,
        form(ready, method="post", receiver="Bưu điện Hòa An", tracking_number="EE123456789VN"),
    )
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.return_method == "post" and ready.return_tracking == "EE123456789VN"


def test_online_return_needs_no_receiver(desk, world):
    ready = to_result_ready(world, receive(world))
    assert desk.post(URL, form(ready, method="online", receiver="")).status_code == 302
    ready.refresh_from_db()
    assert ready.state == "returned" and ready.return_method == "online" and ready.return_receiver == ""


def test_a_colleague_who_returned_it_first_is_explained(desk, world):
    world.users["motcua2"] = upsert_staff(
        username="motcua2", full_name="Võ Thị Lan", roles=[(Role.COUNTER_OFFICER, world.root)]
    )
    ready = to_result_ready(world, receive(world))
    stale = form(ready, receiver="Người nhận thay")
    act(world, ready, "motcua2", "return_result", method="counter", receiver="Nguyễn Thị Hương")  # the next counter
    response = desk.post(URL, stale)
    html = response.content.decode()
    ready.refresh_from_db()
    at = timezone.localtime(ready.returned_at).strftime("%H:%M %d/%m")
    assert response.status_code == 409
    assert f"The result of {ready.code} was already returned at {at} by Võ Thị Lan." in html
    assert f"Dossier {ready.code} cannot be returned now" in html and "Returned at" in html


def test_the_same_officer_posting_a_return_again_is_told_it_is_done_by_him(desk, world):
    ready = to_result_ready(world, receive(world))
    first = form(ready)
    assert desk.post(URL, first).status_code == 302
    again = desk.post(URL, first, follow=True)  # the back button, then "submit" again
    html = again.content.decode()
    ready.refresh_from_db()
    at = timezone.localtime(ready.returned_at).strftime("%H:%M %d/%m")
    assert again.status_code == 200
    assert f"The result of {ready.code} was already returned at {at} by you." in html
    assert "Someone acted" not in html
    assert DossierEvent.objects.filter(dossier=ready, action="return_result").count() == 1


def test_a_stale_version_keeps_what_was_typed_with_the_new_version(desk, world):
    ready = to_result_ready(world, receive(world))
    stale = form(ready, receiver="Người nhận thay", version=ready.version - 1)
    response = desk.post(URL, stale)
    html = response.content.decode()
    assert response.status_code == 409 and "Someone acted on this dossier first" in html
    assert 'value="Người nhận thay"' in html and f'name="version" value="{ready.version}"' in html
    assert desk.post(URL, form(ready, receiver="Người nhận thay")).status_code == 302


def test_someone_without_a_counter_role_is_told(client, world):
    client.cookies["motcua_language"] = "en"
    client.force_login(world.user("tuphap.chuyenvien"))
    html = client.get(URL).content.decode()
    assert "Results are returned by counter officers" in html
