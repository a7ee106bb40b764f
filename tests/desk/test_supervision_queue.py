"""The queue on the desk: today's figures and the hall right now on the supervision page, a period's figures in the
statistics dashboard's "Queue" panel; each for the areas of the viewer's agencies, in a fixed number of queries."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.queue.services import calling, tickets
from tests.queue.floor import build_floor

SUPERVISION = reverse("desk:supervision")
STATISTICS = reverse("desk:statistics")


@pytest.fixture
def floor(db):
    return build_floor()


def as_user(client, floor, username: str):
    client.cookies["motcua_language"] = "en"  # the msgids: assertions do not depend on translations
    client.force_login(floor.world.user(username))
    return client


def early_today() -> datetime:
    """Twenty minutes ago, or midnight if the day began less than that ago: a time of today, Vietnam time."""
    now = timezone.localtime()
    return max(now - timedelta(minutes=20), now.replace(hour=0, minute=0, second=0, microsecond=0))


def issue(floor, area: str, now: datetime | None = None):
    request = tickets.TicketRequest(area_code=area)
    return tickets.issue_ticket(centre=floor.centre, request=request, device=floor.kiosk, now=now).ticket


def section(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</section>", start)]


def tile(html: str, label: str) -> str:
    match = re.search(
        r'<span class="(?:sv|st)-number">([^<]*)</span><span(?: class="st-label")?>' + re.escape(label), html
    )
    assert match, label
    return match.group(1)


def area_row(html: str, label: str) -> list[str]:
    match = re.search(r"<tr><th scope=\"row\">" + re.escape(label) + r"</th>(.*?)</tr>", html)
    assert match, label
    return re.findall(r'<td class="num">([^<]*)</td>', match.group(1))


def test_the_supervisor_sees_today_and_the_hall_right_now(client, floor):
    start = early_today()
    issue(floor, "A", now=start)
    issue(floor, "A")
    issue(floor, "B")
    calling.call_next(officer=floor.officers[3], counter=floor.counters[3])
    html = section(as_user(client, floor, "giamsat").get(SUPERVISION).content.decode(), 'id="sv-queue-title"')
    assert "Queue today" in html
    assert tile(html, "waiting now") == "2" and tile(html, "tickets issued") == "3"
    assert int(tile(html, "longest wait now (minutes)")) == int((timezone.now() - start).total_seconds() // 60)
    now_table = html.split('class="table qf-now"')[1]
    assert area_row(now_table, "A – Tư pháp")[:2] == ["2", "0"]  # waiting, at a counter
    assert area_row(now_table, "B – Xây dựng")[:2] == ["0", "1"]
    by_officer = html.split("<summary>By officer</summary>")[1].split("</details>")[0]
    assert "Cán bộ quầy 3" in by_officer and "Cán bộ quầy 1" not in by_officer


def test_a_leader_sees_the_areas_of_their_unit_only(client, floor):
    issue(floor, "A")
    issue(floor, "B")
    html = section(as_user(client, floor, "tuphap.lanhdao").get(SUPERVISION).content.decode(), 'id="sv-queue-title"')
    assert "A – Tư pháp" in html and "B – Xây dựng" not in html
    assert tile(html, "tickets issued") == "1"


def test_the_supervision_page_reads_a_fixed_number_of_queries(client, floor):
    supervisor = as_user(client, floor, "giamsat")
    issue(floor, "A")
    calling.call_next(officer=floor.officers[1], counter=floor.counters[1])
    calling.skip(officer=floor.officers[1], counter=floor.counters[1])
    supervisor.get(SUPERVISION)  # the site's name is read once, then cached
    with CaptureQueriesContext(connection) as few:
        supervisor.get(SUPERVISION)
    for n in range(4):  # more tickets, every counter and officer, several hours and outcomes
        issue(floor, "A" if n % 2 else "B", now=early_today())
        issue(floor, "A")
    for number in (1, 3, 4, 2):
        calling.call_next(officer=floor.officers[number], counter=floor.counters[number])
    calling.skip(officer=floor.officers[1], counter=floor.counters[1])
    with CaptureQueriesContext(connection) as many:
        html = supervisor.get(SUPERVISION).content.decode()
    assert "Cán bộ quầy 4" in html
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_statistics_dashboard_has_a_queue_panel_for_its_period(client, floor, django_assert_max_num_queries):
    one = floor.officers[1]
    issue(floor, "A", now=early_today())
    calling.call_next(officer=one, counter=floor.counters[1])
    calling.skip(officer=one, counter=floor.counters[1])
    issue(floor, "A")
    calling.call_next(officer=one, counter=floor.counters[1])
    issue(floor, "B")
    as_user(client, floor, "giamsat")
    month = f"{timezone.localdate():%Y-%m}"
    client.get(f"{STATISTICS}?tu={month}&den={month}")
    with django_assert_max_num_queries(45):  # as the dashboard's own test allows
        html = client.get(f"{STATISTICS}?tu={month}&den={month}").content.decode()
    panel = section(html, 'id="st-queue-title"')
    assert "Queue at the centres" in panel
    assert tile(panel, "tickets issued") == "3" and tile(panel, "no-show rate") == "100%"
    assert area_row(panel, "A – Tư pháp")[:4] == ["2", "2", "0", "1"]  # issued, called, served, did not come
    assert area_row(panel, "B – Xây dựng")[:4] == ["1", "0", "0", "0"]
    last_year = f"{timezone.localdate().year - 1}"
    html = client.get(f"{STATISTICS}?tu={last_year}-01&den={last_year}-12").content.decode()
    assert tile(section(html, 'id="st-queue-title"'), "tickets issued") == "0"
