"""Supervision (/desk/giam-sat/): today's counts, late and due-soon work by agency, apologies owed, filters,
the tracking book (Mẫu 07)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from motcua.desk.selectors.supervision import PAGE, late_by
from motcua.dossiers.models import Dossier
from motcua.workdays.engine import WorkingCalendar
from tests.e2e.province import act, receive, returned, to_result_ready

URL = reverse("desk:supervision")


def as_user(client, world, username: str):
    client.cookies["motcua_language"] = "en"  # the msgids: assertions do not depend on translations
    client.force_login(world.user(username))
    return client


@pytest.fixture
def supervisor(client, world):
    return as_user(client, world, "giamsat")


def count(html: str, label: str) -> int:
    """The number on today's tile with this label."""
    match = re.search(r'<span class="sv-number">([\d.,]+)</span><span>' + re.escape(label), html)
    assert match, label
    return int(match.group(1).replace(".", "").replace(",", ""))


def listed(html: str, dossier: Dossier) -> bool:
    return f">{dossier.code}</a>" in html


def test_todays_counts_received_returned_late(supervisor, world):
    receive(world)
    receive(world, agency="construction", officer="xaydung.motcua")
    returned(world, to_result_ready(world, receive(world)))
    receive(world, days_ago=40)  # received long ago, now late
    html = supervisor.get(URL).content.decode()
    assert count(html, "received today") == 3
    assert count(html, "returned today") == 1
    assert count(html, "late now") == 1 and count(html, "owe an apology") == 1


def test_the_late_list_flags_the_apologies_owed(supervisor, world):
    late = receive(world, days_ago=40)
    extended = receive(world, days_ago=40, agency="construction", officer="xaydung.motcua")
    act(
        world,
        extended,
        "xaydung.lanhdao",
        "extend",
        reason="Cần xác minh thêm",
        new_due_at=(extended.due_at + timedelta(days=1)).isoformat(),
    )  # later, and still past
    on_track = receive(world)
    finished_late = to_result_ready(world, receive(world, days_ago=40))  # finished: no longer on the late list
    html = supervisor.get(URL).content.decode()
    assert listed(html, late) and listed(html, extended)
    assert not listed(html, on_track) and not listed(html, finished_late)
    row = html.split(f">{late.code}</a>")[1].split("</tr>")[0]
    assert "Apology owed (Mẫu 04)" in row and "late by" in row
    row = html.split(f">{extended.code}</a>")[1].split("</tr>")[0]
    assert "Extended once, still late" in row and "Apology owed" not in row
    by_agency = html.split('class="table sv-lines"')[1].split("</table>")[0]
    assert "Sở Tư pháp" in by_agency and "Sở Xây dựng" in by_agency


def test_due_soon_and_every_dossier(supervisor, world):
    soon = receive(world)
    Dossier.objects.filter(pk=soon.pk).update(due_at=timezone.now() + timedelta(minutes=30))
    later = receive(world)
    done = returned(world, to_result_ready(world, receive(world)))
    html = supervisor.get(URL, {"xem": "soon"}).content.decode()
    assert listed(html, soon) and not listed(html, later) and count(html, "due within a working day") == 1
    html = supervisor.get(URL, {"xem": "all"}).content.decode()
    assert listed(html, soon) and listed(html, later) and listed(html, done)
    html = supervisor.get(URL, {"xem": "all", "trang_thai": "returned"}).content.decode()
    assert listed(html, done) and not listed(html, soon)


def test_a_dossier_waiting_for_a_supplement_is_late_only_if_it_was_late_before(supervisor, world):
    waiting = receive(world)
    act(world, waiting, "tuphap.chuyenvien", "assign")
    act(world, waiting, "tuphap.chuyenvien", "request_supplement", reason="Thiếu giấy tờ", items=["Bản sao CCCD"])
    now = timezone.now()  # waiting since two hours ago; the appointment was an hour ago, but the clock stood still
    Dossier.objects.filter(pk=waiting.pk).update(paused_since=now - timedelta(hours=2), due_at=now - timedelta(hours=1))
    assert not listed(supervisor.get(URL).content.decode(), waiting)
    Dossier.objects.filter(pk=waiting.pk).update(paused_since=timezone.now())  # paused after the appointment
    assert listed(supervisor.get(URL).content.decode(), waiting)


def test_filters_by_agency_procedure_and_state(supervisor, world):
    justice = receive(world, days_ago=40)
    construction = receive(world, days_ago=40, agency="construction", officer="xaydung.motcua")
    html = supervisor.get(URL, {"co_quan": world.construction.code}).content.decode()
    assert listed(html, construction) and not listed(html, justice)
    html = supervisor.get(URL, {"thu_tuc": world.procedures["justice"]}).content.decode()
    assert listed(html, justice) and not listed(html, construction)
    act(world, justice, "tuphap.chuyenvien", "assign")
    html = supervisor.get(URL, {"trang_thai": "in_progress"}).content.decode()
    assert listed(html, justice) and not listed(html, construction)
    html = supervisor.get(URL, {"co_quan": "000.00.99.H99"}).content.decode()  # not one of theirs: nothing
    assert "No dossier is late." in html


def test_leaders_see_their_unit_and_others_are_refused(client, world):
    justice = receive(world, days_ago=40)
    construction = receive(world, days_ago=40, agency="construction", officer="xaydung.motcua")
    html = as_user(client, world, "tuphap.lanhdao").get(URL).content.decode()
    assert listed(html, justice) and not listed(html, construction) and count(html, "late now") == 1
    assert "Sở Xây dựng" not in html.split('id="sv-book-agency"')[1].split("</select>")[0]
    response = as_user(client, world, "motcua").get(URL)
    assert response.status_code == 403 and "Supervision is for supervisors" in response.content.decode()


def test_the_page_reads_a_fixed_number_of_queries(supervisor, world):
    receive(world, days_ago=40)
    supervisor.get(URL)  # the site's name is read once, then cached
    queries = {}
    for view in ("late", "all"):
        with CaptureQueriesContext(connection) as one:
            supervisor.get(URL, {"xem": view})
        queries[view] = len(one)
    for i in range(5):
        dossier = receive(
            world,
            days_ago=40,
            agency="construction" if i % 2 else "justice",
            officer="xaydung.motcua" if i % 2 else "motcua",
        )
        if i == 0:
            to_result_ready(world, dossier)
    for view in ("late", "all"):
        with CaptureQueriesContext(connection) as many:
            html = supervisor.get(URL, {"xem": view}).content.decode()
        assert html.count("<tr class=") >= 5
        assert len(many) == queries[view], [q["sql"] for q in many.captured_queries]


def test_pages_follow_each_other(supervisor, world):
    codes = [receive(world, days_ago=40).code for _ in range(PAGE + 1)]
    first = supervisor.get(URL).content.decode()
    assert sum(f">{code}</a>" in first for code in codes) == PAGE
    next_url = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = supervisor.get(URL + next_url).content.decode()
    assert sum(f">{code}</a>" in second for code in codes) == 1 and "First page" in second
    first = supervisor.get(URL, {"xem": "all"}).content.decode()  # every dossier: newest first
    assert first.index(f">{codes[-1]}</a>") < first.index(f">{codes[-2]}</a>") and f">{codes[0]}</a>" not in first
    next_url = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = supervisor.get(URL + next_url).content.decode()
    assert f">{codes[0]}</a>" in second and f">{codes[-1]}</a>" not in second
    assert supervisor.get(URL, {"sau": "bad"}).status_code == 200


def test_the_tracking_book_opens_the_pdf_of_the_period(supervisor, world):
    receive(world)
    today = timezone.localdate()
    html = supervisor.get(URL).content.decode()
    assert 'name="so"' in html and f'value="{today.replace(day=1):%Y-%m-%d}"' in html
    response = supervisor.get(
        URL, {"so": world.justice.code, "tu": f"{today.replace(day=1):%Y-%m-%d}", "den": f"{today:%Y-%m-%d}"}
    )
    location = response["Location"]
    assert response.status_code == 302
    assert location == f"/api/v1/agencies/{world.justice.code}/forms/07.pdf?from={today.replace(day=1)}&to={today}"
    pdf = supervisor.get(location)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_tracking_book_form_says_what_is_wrong(client, world):
    leader = as_user(client, world, "tuphap.lanhdao")
    response = leader.get(URL, {"so": world.justice.code, "tu": "2026-05-01", "den": "2026-04-01"})
    assert response.status_code == 422 and "The period ends before it starts." in response.content.decode()
    response = leader.get(URL, {"so": world.justice.code, "tu": "2024-01-01", "den": "2026-04-01"})
    assert "Choose a period of at most a year." in response.content.decode()
    response = leader.get(URL, {"so": world.construction.code, "tu": "2026-04-01", "den": "2026-04-02"})
    assert response.status_code == 422 and "Select a valid choice" in response.content.decode()


def test_late_by_is_counted_in_working_time_and_written_in_vietnamese():
    """Due Friday 16:00, seen Monday 09:00: two and a half working hours late (a weekend adds nothing), not
    "2 days, 17 hours"; over a working day, whole working days (7.5 hours each) then hours."""
    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    calendar = WorkingCalendar()  # Monday-Friday 07:30-11:30, 13:30-17:00
    friday, monday = datetime(2026, 12, 4, 16, 0, tzinfo=vn), datetime(2026, 12, 7, 9, 0, tzinfo=vn)
    thursday = datetime(2026, 12, 10, 10, 0, tzinfo=vn)  # Fri 1 h + Mon-Wed 3 days + Thu 2.5 h: 3 days 3.5 h
    with translation.override("vi"):
        assert late_by(calendar=calendar, due_at=friday, now=monday) == "2 giờ 30 phút"
        assert late_by(calendar=calendar, due_at=friday, now=thursday) == "3 ngày làm việc 3 giờ"
        assert late_by(calendar=calendar, due_at=friday, now=friday + timedelta(minutes=5)) == "5 phút"
    with translation.override("en"):
        assert late_by(calendar=calendar, due_at=friday, now=thursday) == "3 working days 3 hours"


def test_the_late_list_says_how_late_in_vietnamese(client, world):
    late = receive(world, days_ago=40)
    client.force_login(world.user("giamsat"))
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    row = html.split(f">{late.code}</a>")[1].split("</tr>")[0]
    late_text = re.search(r"quá hạn ([^<]*)<", row).group(1)
    assert "ngày làm việc" in late_text
    assert not re.search(r"[a-z]*day|hour|minute|week|month", late_text), late_text
