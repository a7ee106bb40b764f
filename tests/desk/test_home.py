"""The desk's home: per role, what waits (online to check, due today, late, results to return), each a link to the
list, counted in a fixed number of queries whatever the number of dossiers."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.core.models import User
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.e2e.province import receive, to_result_ready

HOME = reverse("desk:home")
pytestmark = pytest.mark.django_db


def submitted_online(world, n: int = 0) -> Dossier:
    citizen, _ = User.objects.get_or_create(username=f"citizen-{n}")
    return services.submit_online(
        citizen=citizen,
        procedure_code=world.procedures["justice"],
        agency_code=world.justice.code,
        applicant=services.ApplicantInput(name="Nguyễn Thị Hương", id_number="001190012345", phone="0912345678"),
        documents=[services.DocumentInput(name="Đơn đề nghị", originals=1)],
    )


def counts(html: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-waiting="(\w+)"><strong>(\d+)</strong>', html)}


def later_today() -> datetime:
    now = timezone.localtime()
    midnight = datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=now.tzinfo)
    return now + (midnight - now) / 2


def test_the_desk_officer_sees_online_dossiers_and_results_to_return_with_links(client, world):
    submitted_online(world)
    submitted_online(world, 1)
    to_result_ready(world, receive(world))
    client.force_login(world.user("motcua"))
    html = client.get(HOME).content.decode()
    assert counts(html) == {"online": 2, "due_today": 0, "late": 0, "to_return": 1}
    assert 'href="/desk/ho-so/?state=submitted" data-waiting="online"' in html
    assert 'href="/desk/tra-ket-qua/" data-waiting="to_return"' in html
    listed = client.get(reverse("desk:inbox"), {"state": "submitted"}).content.decode()
    assert listed.count('href="/desk/ho-so/') >= 2


def test_a_specialist_sees_what_is_late_and_due_today_at_his_step_and_the_links_filter_the_list(client, world):
    late = [receive(world, days_ago=40), receive(world, days_ago=40)]
    today = receive(world)
    Dossier.objects.filter(pk=today.pk).update(due_at=later_today())
    receive(world)  # due later: counted nowhere
    receive(world, agency="construction", days_ago=40)  # another unit's
    client.force_login(world.user("tuphap.chuyenvien"))
    html = client.get(HOME).content.decode()
    assert counts(html) == {"due_today": 1, "late": 2}  # no desk counts for a specialist
    listed = client.get(reverse("desk:inbox"), {"due": "late"}).content.decode()
    assert all(d.code in listed for d in late) and today.code not in listed
    listed = client.get(reverse("desk:inbox"), {"due": "today"}).content.decode()
    assert today.code in listed and late[0].code not in listed


def test_the_counts_take_a_fixed_number_of_queries(client, world):
    client.force_login(world.user("motcua"))
    submitted_online(world)
    client.get(HOME)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for n in range(1, 6):
        submitted_online(world, n)
        to_result_ready(world, receive(world, days_ago=n))
    with CaptureQueriesContext(connection) as many:
        html = client.get(HOME).content.decode()
    assert counts(html)["online"] == 6 and counts(html)["to_return"] == 5
    assert len(many) == len(few) <= 10
