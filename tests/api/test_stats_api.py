"""GET /api/v1/stats/summary and /api/v1/stats/index: the counts agree with the dossiers made through the real
services; each caller sees their own agencies only; bad questions get a clear 4xx; a bounded number of queries."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.core.services import issue_api_token
from motcua.dossiers.models import Dossier
from motcua.stats.selectors.figures import Summary
from tests.e2e.province import World
from tests.stats.public_history import make_history

pytestmark = pytest.mark.django_db
SUMMARY, INDEX = "/api/v1/stats/summary", "/api/v1/stats/index"


@pytest.fixture
def history(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_history(world)


def _get(client, world: World, who: str, url: str, **params):
    token = issue_api_token(user=world.user(who), name="tests")[1]
    return client.get(url, params, headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})


def _brute(agencies, start, end) -> dict[str, int]:
    """What the summary should say, counted over the dossiers themselves."""
    rows = Dossier.objects.filter(agency__in=agencies)
    finished = rows.filter(state__in=["result_ready", "returned"], finished_at__date__range=(start, end))
    return {
        "received": rows.filter(received_at__date__range=(start, end)).count(),
        "received_counter": rows.filter(received_at__date__range=(start, end), channel="counter").count(),
        "received_online": 0,
        "received_postal": 0,
        "resolved": finished.count(),
        "resolved_early": finished.filter(timeliness="early").count(),
        "resolved_on_time": finished.filter(timeliness="on_time").count(),
        "resolved_late": finished.filter(timeliness="late").count(),
        "returned": rows.filter(returned_at__date__range=(start, end)).count(),
        "in_progress": rows.filter(state__in=["received", "in_progress", "awaiting_supplement"]).count(),
        "in_progress_late": rows.filter(state__in=["received", "in_progress"], due_at__lt=timezone.now()).count(),
        "on_the_spot": 0,
    }


def test_the_summary_agrees_with_the_dossiers_for_the_whole_province_and_one_agency(client, world, history):
    today = timezone.localdate()
    start = today - timedelta(days=60)
    response = _get(client, world, "giamsat", SUMMARY, **{"from": start.isoformat(), "to": today.isoformat()})
    assert response.status_code == 200, response.content
    body = response.json()
    expected = _brute([world.justice, world.construction, world.root], start, today)
    assert {key: body[key] for key in expected} == expected
    assert expected["received"] == 6 and expected["resolved"] == 4 and expected["resolved_late"] == 1
    assert body["agency"] is None and body["from"] == start.isoformat() and body["to"] == today.isoformat()
    assert body["ratings"] == body["ratings_satisfied"] == 1
    assert body["rates"]["on_time_rate"] == pytest.approx(3 / 4)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+07:00", body["generated_at"]), body["generated_at"]

    one = _get(client, world, "giamsat", SUMMARY, agency=world.construction.code, **{"from": start.isoformat()})
    assert one.status_code == 200
    assert one.json()["agency"] == {"code": world.construction.code, "name": "Sở Xây dựng"}
    assert one.json()["received"] == 2 and one.json()["resolved"] == 1 and one.json()["in_progress"] == 1

    # A period that leaves out the dossier received 40 days ago still counts its result, today.
    recent = _get(client, world, "giamsat", SUMMARY, **{"from": (today - timedelta(days=10)).isoformat()})
    assert recent.json()["received"] == 5 and recent.json()["resolved"] == 4


def test_the_summary_has_every_count_of_the_selectors_summary(client, world, history):
    body = _get(client, world, "giamsat", SUMMARY).json()
    assert {f.name for f in fields(Summary)} <= set(body)
    assert body["from"] == timezone.localdate().replace(month=1, day=1).isoformat()  # default: this year


def test_a_leader_sees_their_unit_only(client, world, history):
    mine = _get(client, world, "tuphap.lanhdao", SUMMARY, **{"from": "2022-01-01"})
    assert mine.status_code == 200
    assert mine.json()["received"] == 4 and mine.json()["resolved"] == 3  # justice only

    other = _get(client, world, "tuphap.lanhdao", SUMMARY, agency=world.construction.code)
    assert other.status_code == 403
    assert other.json()["error"]["code"] == "forbidden"
    assert "Sở Xây dựng" in other.json()["error"]["message"]
    assert _get(client, world, "tuphap.lanhdao", INDEX, agency=world.construction.code).status_code == 403
    assert _get(client, world, "giamsat", SUMMARY, agency=world.construction.code).status_code == 200


def test_staff_who_neither_supervise_nor_lead_and_strangers_are_refused(client, world, history):
    refused = _get(client, world, "motcua", SUMMARY)  # a counter officer
    assert refused.status_code == 403
    assert "supervisors" in refused.json()["error"]["message"]
    assert client.get(SUMMARY).status_code == 401
    assert client.get(INDEX, headers={"Authorization": "Bearer nope"}).status_code == 401


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"agency": "000.00.99.H99"}, 404, "No agency has the code 000.00.99.H99"),
        ({"agency": "0" * 21}, 422, "agency"),
        ({"from": "2026-02-30"}, 422, "YYYY-MM-DD"),
        ({"from": "20260101"}, 422, "YYYY-MM-DD"),
        ({"from": "2026-01-01x"}, 422, "from"),
        ({"from": "1999-12-31"}, 422, "between 2000-01-01 and 2100-12-31"),
        ({"from": "2026-05-01", "to": "2026-04-30"}, 422, "ends before it starts"),
        ({"from": "2020-01-01", "to": "2025-12-31"}, 422, "at most 5 years"),
    ],
)
def test_bad_questions_about_the_summary_get_a_clear_error(client, world, params, status, words):
    response = _get(client, world, "giamsat", SUMMARY, **params)
    assert response.status_code == status, response.content
    assert words in response.json()["error"]["message"]


@pytest.mark.parametrize("period", ["2026-13", "2026-Q5", "26", "2026-9", "1999", "2026-Q3-x"])
def test_a_bad_period_of_the_index_is_a_422(client, world, period):
    response = _get(client, world, "giamsat", INDEX, period=period)
    assert response.status_code == 422
    assert "period" in response.json()["error"]["message"]


def test_the_index_has_five_groups_with_their_indicators_in_the_language_asked(client, world, history):
    month = f"{timezone.localdate():%Y-%m}"
    body = _get(client, world, "giamsat", INDEX, period=month).json()
    assert body["period"] == month and body["max"] == 100
    keys = ["publicity", "progress", "online_service", "digitisation", "satisfaction"]
    assert [g["key"] for g in body["groups"]] == keys
    assert sum(g["max"] for g in body["groups"]) == 100
    assert 0 < body["total"] <= body["measured_max"] < 100
    assert body["groups"][1]["name"] == "Progress of resolution"
    indicator = body["groups"][1]["indicators"][0]
    assert set(indicator) == {"key", "name", "numerator", "denominator", "points", "max", "measured"}
    assert body["generated_at"].endswith("+07:00")

    token = issue_api_token(user=world.user("giamsat"), name="vi")[1]
    vietnamese = client.get(INDEX, {"period": month}, headers={"Authorization": f"Bearer {token}"}).json()
    assert vietnamese["groups"][1]["name"] == "Tiến độ, kết quả giải quyết"
    year = _get(client, world, "tuphap.lanhdao", INDEX, period=month[:4], agency=world.justice.code).json()
    assert year["from"].endswith("-01-01") and year["to"].endswith("-12-31")
    assert year["agency"]["code"] == world.justice.code


def test_the_answers_take_a_bounded_number_of_queries(client, world, history, django_assert_max_num_queries):
    token = issue_api_token(user=world.user("giamsat"), name="tests")[1]
    headers = {"Authorization": f"Bearer {token}"}
    with django_assert_max_num_queries(20):
        assert client.get(SUMMARY, {"from": "2025-01-15", "to": "2026-11-20"}, headers=headers).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(INDEX, {"period": "2026"}, headers=headers).status_code == 200
