"""Statistics (/desk/thong-ke/): who sees what, numbers that agree with the dossiers made through the real services,
links to the dossiers behind each number, filters and bad input, bounded queries."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.core.services import upsert_agency
from motcua.stats.models import Target
from tests.e2e.province import receive, returned, to_result_ready

URL = reverse("desk:statistics")
LIST_URL = reverse("desk:statistics_dossiers")


def as_user(client, world, username: str, language: str = "en"):
    client.cookies["motcua_language"] = language  # English: the msgids, so assertions do not hang on translations
    client.force_login(world.user(username))
    return client


def period() -> str:
    """From two months back to this month: the dossiers received 40 days ago fall in it."""
    today = timezone.localdate()
    start = (today - timedelta(days=62)).replace(day=1)
    return f"tu={start:%Y-%m}&den={today:%Y-%m}"


def tile(html: str, label: str) -> tuple[int, str]:
    """The number on the tile with this label, and where it links ('' when it does not)."""
    match = re.search(
        r'<(?:a|span) class="st-number"(?: href="([^"]*)")?[^>]*>([\d.,]+)</(?:a|span)>\s*'
        r'<span class="st-label">' + re.escape(label) + "</span>",
        html,
    )
    assert match, label
    return int(match.group(2).replace(".", "").replace(",", "")), (match.group(1) or "").replace("&amp;", "&")


def listed_codes(client, href: str) -> list[str]:
    response = client.get(href)
    assert response.status_code == 200
    return re.findall(r'<a href="/desk/ho-so/([^/]+)/">', response.content.decode())


@pytest.fixture
def history(world, django_capture_on_commit_callbacks):
    """Justice: one resolved late (received 40 days ago), one resolved on time and returned, one in progress;
    construction: one in progress and one late in progress."""
    with django_capture_on_commit_callbacks(execute=True):
        late = to_result_ready(world, receive(world, days_ago=40))
    with django_capture_on_commit_callbacks(execute=True):
        on_time = returned(world, to_result_ready(world, receive(world)))
    with django_capture_on_commit_callbacks(execute=True):
        open_justice = receive(world)
    with django_capture_on_commit_callbacks(execute=True):
        open_construction = receive(world, agency="construction", officer="xaydung.motcua")
    with django_capture_on_commit_callbacks(execute=True):
        late_construction = receive(world, days_ago=35, agency="construction", officer="xaydung.motcua")
    return {
        "late": late,
        "on_time": on_time,
        "open_justice": open_justice,
        "open_construction": open_construction,
        "late_construction": late_construction,
    }


def test_anonymous_go_to_the_log_in_and_counter_officers_are_refused(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("desk:login") in response["Location"]
    as_user(client, world, "motcua")
    assert client.get(URL).status_code == 403
    assert client.get(f"{LIST_URL}?chi_so=received").status_code == 403


def test_a_supervisor_sees_the_province_and_each_number_opens_its_dossiers(client, world, history):
    html = as_user(client, world, "giamsat").get(f"{URL}?{period()}").content.decode()
    expected = {
        "Received in the period": {d.code for d in history.values()},
        "at the counter": {d.code for d in history.values()},
        "Resolved in the period": {history["late"].code, history["on_time"].code},
        "late": {history["late"].code},
        "within time": {history["open_justice"].code, history["open_construction"].code},
    }
    for label, codes in expected.items():
        number, href = tile(html, label)
        assert number == len(codes), label
        assert set(listed_codes(client, href)) == codes, label
    assert tile(html, "online")[0] == 0
    assert "Sở Tư pháp" in html and "Sở Xây dựng" in html  # the ranking


def test_in_progress_late_counts_the_overdue_open_dossier(client, world, history):
    html = as_user(client, world, "giamsat").get(f"{URL}?{period()}").content.decode()
    # The second "late" tile is of the dossiers in progress: find it after its section's title.
    section = html.split("In progress at the end of the period", 1)[1]
    number, href = tile(section, "late")
    assert number == 1
    assert listed_codes(client, href) == [history["late_construction"].code]


def test_a_leader_sees_only_their_unit(client, world, history):
    html = as_user(client, world, "xaydung.lanhdao").get(f"{URL}?{period()}").content.decode()
    number, href = tile(html, "Received in the period")
    assert number == 2
    assert set(listed_codes(client, href)) == {history["open_construction"].code, history["late_construction"].code}
    assert "Sở Tư pháp" not in html
    # Asking for another unit's agency falls back to their own, with a message.
    html = client.get(f"{URL}?{period()}&co_quan={world.justice.code}").content.decode()
    assert "is not one you supervise" in html
    assert tile(html, "Received in the period")[0] == 2
    # The list behind a number never shows another unit's dossiers, whatever the address says.
    codes = listed_codes(client, f"{LIST_URL}?chi_so=received&{period()}&co_quan={world.justice.code}")
    assert history["late"].code not in codes and len(codes) == 2


def test_the_agency_filter_narrows_the_figures(client, world, history):
    as_user(client, world, "giamsat")
    html = client.get(f"{URL}?{period()}&co_quan={world.justice.code}").content.decode()
    assert tile(html, "Received in the period")[0] == 3
    assert tile(html, "Resolved in the period")[0] == 2


def test_the_procedure_filter_and_unknown_values(client, world, history):
    as_user(client, world, "giamsat")
    html = client.get(f"{URL}?{period()}&thu_tuc=1.000002").content.decode()
    assert tile(html, "Received in the period")[0] == 2
    html = client.get(f"{URL}?{period()}&thu_tuc=9.999999").content.decode()
    assert "No procedure has the code 9.999999" in html
    assert tile(html, "Received in the period")[0] == 5
    html = client.get(f"{URL}?{period()}&thu_tuc={'9' * 400}&cap=galaxy&linh_vuc=%C2%B2").content.decode()
    assert "A filter was too long" in html and "Unknown agency level" in html and "Unknown field" in html
    assert tile(html, "Received in the period")[0] == 5


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("ky=2026-Q5", "Unknown period 2026-Q5"),
        ("ky=<script>", "Unknown period &lt;script&gt;"),
        ("ky=2099", "has not started yet"),
        ("tu=2026-06&den=2026-01", "comes after the last one"),
        ("tu=2020-01&den=2026-01", "At most 36 months"),
        ("tu=2026-13&den=2026-14", "Give both months as YYYY-MM"),
    ],
)
def test_a_bad_period_says_so_and_shows_this_year(client, world, query, message):
    response = as_user(client, world, "giamsat").get(f"{URL}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f"Year {timezone.localdate().year}" in html


def test_periods_read_as_a_year_a_quarter_a_month(client, world):
    as_user(client, world, "giamsat")
    assert "Quarter 1/2026" in client.get(f"{URL}?ky=2026-Q1").content.decode()
    assert "Month 2/2026" in client.get(f"{URL}?ky=2026-02").content.decode()
    html = client.get(f"{URL}?ky=2026-03").content.decode()
    assert html.count('<svg class="chart"') == 6  # on time, received, resolved, shares, satisfaction, index


def test_targets_set_on_the_province_hold_for_its_departments(client, world, history):
    Target.objects.create(agency=world.root, measure=Target.Measure.ON_THE_SPOT_OR_ONLINE, percent=Decimal("20"))
    Target.objects.create(agency=world.justice, measure=Target.Measure.ON_THE_SPOT_OR_ONLINE, percent=Decimal("35"))
    as_user(client, world, "giamsat")
    assert "target ≥ 20%" in client.get(f"{URL}?{period()}").content.decode()
    assert "target ≥ 35%" in client.get(f"{URL}?{period()}&co_quan={world.justice.code}").content.decode()
    assert "target ≥ 20%" in client.get(f"{URL}?{period()}&co_quan={world.construction.code}").content.decode()


def test_the_index_shows_its_groups_and_the_unmeasured_indicators(client, world, history):
    html = as_user(client, world, "giamsat").get(f"{URL}?{period()}").content.decode()
    for group in ("Publicity and transparency", "Progress of resolution", "Online public services"):
        assert group in html
    assert "not measured yet" in html
    assert "of the 100 points are measured here" in html
    index = html.split('id="st-index-title"', 1)[1]
    assert not re.search(r"\d[.,]\d{3,}", index)  # points read 19.33, never 19.329999999999998


def test_the_page_is_vietnamese(client, world, history):
    html = as_user(client, world, "giamsat", language="vi").get(f"{URL}?{period()}").content.decode()
    for english in ("Received in the period", "On-time rate by month", "not measured yet", "Headline figures"):
        assert english not in html
    assert "Thống kê" in html


def test_an_unknown_figure_is_a_404_with_a_message(client, world):
    response = as_user(client, world, "giamsat").get(f"{LIST_URL}?chi_so=ratings")
    assert response.status_code == 404
    assert "This figure has no list of dossiers" in response.content.decode()


def test_the_list_pages_with_a_cursor_and_survives_a_forged_one(client, world, history, monkeypatch):
    monkeypatch.setattr("motcua.desk.views.statistics.PAGE", 2)
    as_user(client, world, "giamsat")
    first = client.get(f"{LIST_URL}?chi_so=received&{period()}").content.decode()
    next_url = LIST_URL + re.search(r'<a href="([^"]+)" rel="next">', first).group(1).replace("&amp;", "&")
    second = listed_codes(client, next_url)
    third_url = re.search(r'<a href="([^"]+)" rel="next">', client.get(next_url).content.decode())
    codes = re.findall(r'<a href="/desk/ho-so/([^/]+)/">', first) + second
    if third_url:
        codes += listed_codes(client, LIST_URL + third_url.group(1).replace("&amp;", "&"))
    assert sorted(codes) == sorted(d.code for d in history.values())
    forged = client.get(f"{LIST_URL}?chi_so=received&{period()}&sau=not-a-cursor")
    assert forged.status_code == 200 and "page link is not valid" in forged.content.decode()


def test_the_list_reads_a_fixed_number_of_queries(client, world, history, django_assert_max_num_queries):
    as_user(client, world, "giamsat")
    with django_assert_max_num_queries(12):
        assert len(listed_codes(client, f"{LIST_URL}?chi_so=received&{period()}")) == 5


def test_the_dashboard_queries_do_not_grow_with_agencies_or_months(
    client, world, history, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    as_user(client, world, "giamsat")
    with django_assert_max_num_queries(45):
        client.get(f"{URL}?{period()}")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):  # more agencies with figures, and a longer period
            upsert_agency(
                code=f"000.00.{40 + n}.H99", name=f"Sở {n}", level="province", kind="department", parent=world.root
            )
        receive(world, days_ago=200)
    with django_assert_max_num_queries(45):
        response = client.get(
            f"{URL}?tu={(timezone.localdate() - timedelta(days=700)):%Y-%m}&den={timezone.localdate():%Y-%m}"
        )
    assert response.status_code == 200


def test_shares_read_with_one_decimal():
    from motcua.desk.views.statistics_page import percent, points

    assert percent(1 / 3) == "33.3%" or percent(1 / 3) == "33,3%"
    assert percent(0.968) in ("96.8%", "96,8%")
    assert percent(None) == "—"
    assert points(19.329999999999998) in ("19.33", "19,33")
