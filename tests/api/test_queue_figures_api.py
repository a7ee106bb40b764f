"""GET /api/v1/queue/figures: the kept figures of a centre and a period, typed; each caller sees the areas of their
agencies only; bad questions get a clear 4xx; a bounded number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.core.services import issue_api_token
from motcua.queue.services import calling, tickets
from tests.queue.floor import build_floor

pytestmark = [pytest.mark.django_db]
URL = "/api/v1/queue/figures"


@pytest.fixture
def floor(db):
    floor = build_floor()
    for area in ("A", "A", "B"):
        request = tickets.TicketRequest(area_code=area)
        tickets.issue_ticket(centre=floor.centre, request=request, device=floor.kiosk)
    calling.call_next(officer=floor.officers[1], counter=floor.counters[1])
    calling.skip(officer=floor.officers[1], counter=floor.counters[1])
    return floor


def get(client, floor, who: str, **params):
    token = issue_api_token(user=floor.world.user(who), name="tests")[1]
    return client.get(URL, params, headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})


def test_a_supervisor_gets_the_centres_figures_of_today_with_the_hall_now(client, floor):
    answer = get(client, floor, "giamsat", centre=floor.centre.code)
    assert answer.status_code == 200 and answer.headers["Cache-Control"].startswith("max-age=0")
    body = answer.json()
    today = timezone.localdate().isoformat()
    assert (body["centre"]["code"], body["from"], body["to"]) == (floor.centre.code, today, today)
    total = body["total"]
    assert (total["issued"], total["called"], total["no_show"], total["no_show_rate"]) == (3, 1, 1, 1.0)
    assert [(a["key"], a["issued"]) for a in body["by_area"]] == [("A", 2), ("B", 1)]
    assert [(c["key"], c["no_show"]) for c in body["by_counter"]] == [("1", 1)]
    assert [o["key"] for o in body["by_officer"]] == ["quay1"]
    assert [(a["key"], a["waiting"], a["at_counters"]) for a in body["now"]] == [("A", 1, 0), ("B", 1, 0)]
    assert total["average_service_minutes"] is None  # nobody served yet: no average, not 0


def test_a_past_period_has_no_hall_now_and_no_figures_of_today(client, floor):
    yesterday = timezone.localdate() - timedelta(days=1)
    body = get(client, floor, "giamsat", **{"from": "2026-01-01", "to": yesterday.isoformat()}).json()
    assert body["now"] is None and body["total"]["issued"] == 0 and body["centre"] is None


def test_a_leader_sees_the_areas_of_their_unit_only(client, floor):
    body = get(client, floor, "tuphap.lanhdao", centre=floor.centre.code).json()
    assert [a["key"] for a in body["by_area"]] == ["A"] and body["total"]["issued"] == 2
    assert [a["key"] for a in get(client, floor, "xaydung.lanhdao").json()["by_area"]] == ["B"]


@pytest.mark.parametrize(
    "who, params, status, words",
    [
        ("motcua", {}, 403, "supervisors"),
        ("giamsat", {"centre": "NO-SUCH"}, 404, "No centre"),
        ("giamsat", {"from": "2026-13-01"}, 422, "YYYY-MM-DD"),
        ("giamsat", {"from": "2026-02-01", "to": "2026-01-01"}, 422, "ends before it starts"),
        ("giamsat", {"from": "2024-01-01", "to": "2026-01-01"}, 422, "366"),
        ("giamsat", {"centre": "X" * 41}, 422, "centre"),
    ],
)
def test_bad_questions_get_a_clear_error(client, floor, who, params, status, words):
    answer = get(client, floor, who, **params)
    assert answer.status_code == status and words in answer.json()["error"]["message"], answer.json()


def test_strangers_are_refused(client, floor):
    assert client.get(URL).status_code == 401
    assert client.get(URL, headers={"Authorization": "Bearer nope"}).status_code == 401


def test_the_answer_takes_a_bounded_number_of_queries(client, floor, django_assert_max_num_queries):
    token = issue_api_token(user=floor.world.user("giamsat"), name="tests")[1]
    headers = {"Authorization": f"Bearer {token}"}
    with django_assert_max_num_queries(12):
        assert client.get(URL, {"centre": floor.centre.code}, headers=headers).status_code == 200
