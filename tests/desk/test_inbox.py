"""The inbox (/desk/ho-so/): my dossiers soonest due first, coloured by time left, filters, keyset pages, bulk
assignment by a leader, nothing of another agency's."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.models import AgencyProcedure
from motcua.core.models import Role
from motcua.core.services import upsert_staff
from motcua.desk.selectors.inbox import PAGE
from motcua.dossiers.models import Dossier
from motcua.workdays.selectors import calendar_for
from tests.e2e.province import PASSWORD, act, build_province, receive
from tests.factories import procedure_version

URL = reverse("desk:inbox")


@pytest.fixture
def world(db):
    world = build_province()
    world.users["tuphap.chuyenvien2"] = upsert_staff(
        username="tuphap.chuyenvien2",
        full_name="Đỗ Thị Hoa",
        password=PASSWORD,
        roles=[(Role.SPECIALIST, world.justice)],
    )
    return world


def login(client, world, username: str):
    """Reading English (the msgids), so that assertions do not depend on translations."""
    client.cookies["motcua_language"] = "en"
    client.force_login(world.user(username))
    return client


def codes(html: str) -> list[str]:
    """The dossier codes listed, in their order on the page."""
    return re.findall(r'<td class="nowrap"><a href="/desk/ho-so/([^/"]+)/">', html)


def row_class(html: str, code: str) -> str:
    row = html.split(f'<a href="/desk/ho-so/{code}/">')[0].rsplit("<tr", 1)[1]
    return re.search(r'class="([^"]*)"', row).group(1)


def due(dossier: Dossier, at) -> Dossier:
    Dossier.objects.filter(pk=dossier.pk).update(due_at=at)
    dossier.refresh_from_db()
    return dossier


def test_my_dossiers_come_soonest_due_first_coloured_by_the_working_time_left(client, world):
    now = timezone.now()
    on_track = due(receive(world), now + timedelta(days=20))
    late = due(receive(world), now - timedelta(hours=3))
    soon = due(receive(world), calendar_for().due(now, 0.5, "working_day"))
    html = login(client, world, "tuphap.chuyenvien").get(URL).content.decode()
    assert codes(html) == [late.code, soon.code, on_track.code]
    assert row_class(html, late.code) == "due-late"
    assert row_class(html, soon.code) == "due-soon"
    assert row_class(html, on_track.code) == "due-ok"
    assert "Late" in html and "Due within a working day" in html and "On track" in html


def test_only_dossiers_at_my_step_mine_or_my_units_and_free(client, world):
    free = receive(world)
    mine = act(world, receive(world), "tuphap.chuyenvien", "assign")
    colleagues = act(world, receive(world), "tuphap.chuyenvien2", "assign")
    at_leader = act(world, act(world, receive(world), "tuphap.chuyenvien", "assign"), "tuphap.chuyenvien", "forward")
    listed = codes(login(client, world, "tuphap.chuyenvien").get(URL).content.decode())
    assert free.code in listed and mine.code in listed
    assert colleagues.code not in listed and at_leader.code not in listed
    listed = codes(login(client, world, "tuphap.lanhdao").get(URL).content.decode())
    assert at_leader.code in listed and free.code in listed  # a leader also takes his unit's free specialist steps
    assert mine.code not in listed  # ... but not what a specialist already holds


def test_another_agencys_officer_sees_nothing_of_ours(client, world):
    ours = [receive(world), act(world, receive(world), "tuphap.chuyenvien", "assign")]
    theirs = receive(world, agency="construction", officer="xaydung.motcua")
    html = login(client, world, "xaydung.chuyenvien").get(URL).content.decode()
    assert codes(html) == [theirs.code]
    assert not any(f">{d.code}<" in html for d in ours)
    html = login(client, world, "xaydung.lanhdao").get(URL).content.decode()
    assert not any(f">{d.code}<" in html for d in ours) and "tuphap.chuyenvien" not in html  # nor in assignees


def test_filters_by_procedure_state_channel_and_received_date(client, world):
    version = procedure_version(code="1.000009", name="Chứng thực bản sao", agency=world.justice.name)
    AgencyProcedure.objects.create(agency=world.justice, procedure=version.procedure)
    plain = receive(world)
    world.procedures["justice"] = "1.000009"
    other_procedure = receive(world)
    world.procedures["justice"] = "1.000001"
    in_progress = act(world, receive(world), "tuphap.chuyenvien", "assign")
    by_post = receive(world)
    Dossier.objects.filter(pk=by_post.pk).update(channel="postal")
    old = receive(world, days_ago=10)
    client = login(client, world, "tuphap.chuyenvien")
    everything = codes(client.get(URL).content.decode())
    assert set(everything) == {d.code for d in (plain, other_procedure, in_progress, by_post, old)}
    html = client.get(URL, {"procedure": "1.000009"}).content.decode()
    assert codes(html) == [other_procedure.code] and "Chứng thực bản sao" in html  # offered in the list
    assert codes(client.get(URL, {"state": "in_progress"}).content.decode()) == [in_progress.code]
    assert codes(client.get(URL, {"channel": "postal"}).content.decode()) == [by_post.code]
    today = timezone.localdate()
    html = client.get(
        URL, {"from": (today - timedelta(days=12)).isoformat(), "to": (today - timedelta(days=8)).isoformat()}
    ).content.decode()
    assert codes(html) == [old.code]
    html = client.get(URL, {"state": "returned", "from": "not a date"}).content.decode()  # ignored, not an error
    assert len(codes(html)) == 5
    assert "No dossier of yours matches these filters." in client.get(URL, {"channel": "online"}).content.decode()


def test_a_leader_assigns_ticked_dossiers_and_hears_which_were_taken_meanwhile(client, world):
    first, second, third = receive(world), receive(world), receive(world)
    client = login(client, world, "tuphap.lanhdao")
    page = client.get(URL).content.decode()
    assert 'name="pick"' in page and "Đỗ Thị Hoa (tuphap.chuyenvien2)" in page
    stale = f"{third.code}@{third.version}"
    act(world, third, "tuphap.chuyenvien", "assign")  # a specialist takes it while the leader's page is open
    picks = [f"{first.code}@{first.version}", f"{second.code}@{second.version}", stale]
    response = client.post(URL, {"assignee": "tuphap.chuyenvien2", "pick": picks})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dossiers assigned: 2." in html
    assert third.code in html and "Someone acted on it after you opened this page" in html
    for dossier in (first, second):
        dossier.refresh_from_db()
        assert dossier.current_step.assignee.username == "tuphap.chuyenvien2" and dossier.state == "in_progress"
    listed = codes(login(client, world, "tuphap.chuyenvien2").get(URL).content.decode())
    assert first.code in listed and second.code in listed


def test_bulk_assignment_is_for_leaders_and_to_their_units_people(client, world):
    dossier = receive(world)
    pick = {"pick": [f"{dossier.code}@{dossier.version}"]}
    response = login(client, world, "tuphap.chuyenvien").post(URL, {"assignee": "tuphap.chuyenvien2", **pick})
    assert response.status_code == 422 and "Only leaders assign dossiers in bulk." in response.content.decode()
    response = login(client, world, "tuphap.lanhdao").post(URL, {"assignee": "xaydung.chuyenvien", **pick})
    assert response.status_code == 422 and "Choose the specialist" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.current_step.assignee is None


def test_more_dossiers_follow_by_a_cursor_without_repeating(client, world):
    made = [receive(world).code for _ in range(PAGE + 2)]
    client = login(client, world, "tuphap.chuyenvien")
    first = client.get(URL).content.decode()
    assert len(codes(first)) == PAGE and 'rel="next"' in first
    next_url = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = client.get(next_url).content.decode()
    assert len(codes(second)) == 2 and 'rel="next"' not in second
    assert set(codes(first)) | set(codes(second)) == set(made)
    assert client.get(URL, {"sau": "garbage"}).status_code == 200  # a mangled link shows the first page


def test_the_page_reads_a_fixed_number_of_queries(client, world):
    receive(world)
    client = login(client, world, "tuphap.lanhdao")
    client.get(URL)  # the site's name is read once, then cached
    with CaptureQueriesContext(connection) as one:
        assert len(codes(client.get(URL).content.decode())) == 1
    for i in range(PAGE - 1):
        dossier = receive(world, agency="justice")
        if i % 3 == 0:
            act(world, dossier, "tuphap.lanhdao", "assign", assignee="tuphap.lanhdao")
    with CaptureQueriesContext(connection) as many:
        assert len(codes(client.get(URL).content.decode())) == PAGE
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_someone_without_a_handling_role_is_told_where_to_go(client, world):
    receive(world)
    html = login(client, world, "giamsat").get(URL).content.decode()
    assert codes(html) == [] and "Open supervision" in html


def test_my_work_and_my_units_free_work_are_merged_in_due_order_across_pages(client, world):
    # Each source (assigned to me; free at my unit) is read in due order on its own and merged: interleaved due
    # times must come out interleaved, and the second page continue both where the first stopped.
    now = timezone.now()
    made = []
    for i in range(PAGE + 4):
        dossier = receive(world)
        if i % 2:
            dossier = act(world, dossier, "tuphap.lanhdao", "assign", assignee="tuphap.lanhdao")
        made.append(due(dossier, now + timedelta(hours=i + 1)).code)
    client = login(client, world, "tuphap.lanhdao")
    first = client.get(URL).content.decode()
    assert codes(first) == made[:PAGE]
    next_url = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert codes(client.get(next_url).content.decode()) == made[PAGE:]
