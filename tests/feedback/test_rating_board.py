"""The hall's rating board (/bang-danh-gia/<centre>/): today's and this month's satisfaction per agency and per
counter of a centre, in Vietnam days and months; figures only, never who rated nor which officer served."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from motcua.core.models import Centre, Counter
from motcua.dossiers.models import Dossier
from motcua.feedback.models import Rating
from motcua.feedback.selectors import rating_board
from tests.e2e.province import STAFF, receive

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 15, 3, 0, tzinfo=UTC)  # 10:00 on 15/12 in Vietnam


@pytest.fixture
def hall(world):
    """The world's centre with a second counter (construction), and another centre with its own counter."""
    world.centre = world.counter.centre
    world.counter2 = Counter.objects.create(centre=world.centre, number=4, name="Xây dựng")
    world.counter2.agencies.add(world.construction)
    world.other = Centre.objects.create(code="TT-XA-01", name="Bộ phận một cửa xã An Phú", agency=world.root)
    world.other_counter = Counter.objects.create(centre=world.other, number=1, name="Tổng hợp")
    world.other_counter.agencies.add(world.root)  # served at the other centre only
    return world


def rated(world, *, at, level, counter=None, agency="justice", centre=None, comment=""):
    """A rating as the services record it (the dossier through the real intake; the moment set directly)."""
    dossier = receive(world, agency=agency)
    Dossier.objects.filter(pk=dossier.pk).update(centre=centre or world.centre)
    return Rating.objects.create(
        dossier=dossier,
        province=world.root,
        agency=getattr(world, agency),
        officer=world.user("tuphap.chuyenvien" if agency == "justice" else "xaydung.chuyenvien"),
        counter=counter,
        channel="tablet" if counter else "online",
        level=level,
        comment=comment,
        created_at=at,
        updated_at=at,
    )


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def month_of_ratings(hall):
    rated(hall, at=utc(2026, 12, 15, 2, 0), level=5, counter=hall.counter)  # 09:00 today
    rated(hall, at=utc(2026, 12, 14, 23, 30), level=2, counter=hall.counter)  # 06:30 today in Vietnam
    rated(hall, at=utc(2026, 12, 14, 16, 30), level=4, counter=hall.counter2, agency="construction")  # 23:30 yesterday
    rated(hall, at=utc(2026, 11, 30, 17, 0), level=1, counter=hall.counter2, agency="construction")  # 00:00 on 1/12
    rated(hall, at=utc(2026, 11, 30, 16, 59), level=5, counter=hall.counter2, agency="construction")  # last month
    rated(hall, at=utc(2026, 12, 10, 3, 0), level=4)  # online after the return: the dossier's centre
    rated(hall, at=utc(2026, 12, 10, 3, 0), level=1, centre=hall.other)  # online, another centre's dossier
    rated(hall, at=utc(2026, 12, 10, 3, 0), level=1, counter=hall.other_counter)  # another centre's counter


def test_today_and_this_month_per_agency_and_counter_in_vietnam_time(hall, django_assert_max_num_queries):
    month_of_ratings(hall)
    with django_assert_max_num_queries(3):
        board = rating_board(centre=hall.centre, now=NOW)
    assert board.today.isoformat() == "2026-12-15"
    overall = board.overall
    assert (overall.today.total, overall.today.satisfied, overall.today.share) == (2, 1, 50.0)
    assert (overall.month.total, overall.month.satisfied, overall.month.share) == (5, 3, 60.0)
    assert overall.month.levels == [1, 1, 0, 2, 1] and overall.month.average == Decimal("3.2")
    agencies = {line.label: line for line in board.agencies}
    assert list(agencies) == ["Sở Tư pháp", "Sở Xây dựng"]  # Vietnamese order
    assert (agencies["Sở Tư pháp"].today.total, agencies["Sở Tư pháp"].month.total) == (2, 3)
    assert agencies["Sở Tư pháp"].month.share == Decimal("66.7")
    assert agencies["Sở Xây dựng"].today.share is None and agencies["Sở Xây dựng"].month.share == 50.0
    counters = [(c.number, c.label, c.today.total, c.month.total, c.month.share) for c in board.counters]
    assert counters == [(3, "Tư pháp", 2, 2, 50.0), (4, "Xây dựng", 0, 2, 50.0)]
    assert (board.elsewhere.today.total, board.elsewhere.month.total, board.elsewhere.month.share) == (0, 1, 100.0)


def test_the_first_minute_of_a_month_starts_a_new_month(hall):
    month_of_ratings(hall)
    board = rating_board(centre=hall.centre, now=utc(2026, 11, 30, 17, 0, 30))  # 00:00:30 on 1/12 in Vietnam
    assert (board.overall.today.total, board.overall.month.total) == (1, 1)
    board = rating_board(centre=hall.centre, now=utc(2026, 11, 30, 16, 59, 59))  # still 30/11
    assert board.overall.today.total == 1 and board.overall.today.levels == [0, 0, 0, 0, 1]


def test_the_query_count_does_not_grow_with_agencies_counters_or_ratings(hall, django_assert_max_num_queries):
    rated(hall, at=utc(2026, 12, 15, 1, 0), level=5, counter=hall.counter)
    with django_assert_max_num_queries(3):
        rating_board(centre=hall.centre, now=NOW)
    month_of_ratings(hall)
    for number in range(5, 9):
        Counter.objects.create(centre=hall.centre, number=number, name=f"Quầy {number}").agencies.add(
            hall.justice, hall.construction
        )
    with django_assert_max_num_queries(3):
        board = rating_board(centre=hall.centre, now=NOW)
    assert [c.number for c in board.counters] == [3, 4, 5, 6, 7, 8]
    assert [a.label for a in board.agencies] == ["Sở Tư pháp", "Sở Xây dựng"]


def test_an_agency_served_at_the_centre_shows_before_its_first_rating(hall):
    rated(hall, at=utc(2026, 12, 15, 1, 0), level=5, counter=hall.counter)
    board = rating_board(centre=hall.centre, now=NOW)
    construction = next(line for line in board.agencies if line.label == "Sở Xây dựng")
    assert construction.month.total == 0 and construction.month.share is None
    assert "UBND tỉnh Hòa An" not in [line.label for line in board.agencies]  # served at the other centre only


def test_the_page_shows_figures_and_never_who_rated_or_served(client, hall, django_assert_max_num_queries):
    client.cookies["motcua_language"] = "en"
    now = timezone.now()
    rated(hall, at=now, level=5, counter=hall.counter, comment="Chị Nguyễn Thị Hương được cán bộ An giúp")
    rated(hall, at=now, level=2, counter=hall.counter2, agency="construction", comment="Chậm")
    rated(hall, at=now, level=4, counter=hall.counter2, agency="construction")
    with django_assert_max_num_queries(5):
        response = client.get(f"/bang-danh-gia/{hall.centre.code}/")
    html = response.content.decode()
    assert response.status_code == 200 and '<meta http-equiv="refresh" content="60">' in html
    assert "Trung tâm PVHCC tỉnh Hòa An" in html and "Satisfaction with our service" in html
    assert "66.7%" in html and "100%" in html and "50%" in html  # the centre, justice / counter 03, construction
    assert "Sở Tư pháp" in html and "Sở Xây dựng" in html and "Tư pháp" in html and ">03<" in html and ">04<" in html
    for private in ["Nguyễn Thị Hương", "Chậm", *[name for name, _role, _where in STAFF.values()]]:
        assert private not in html
    for username in [name for name in STAFF if "." in name]:  # "motcua" alone is in every static file's path
        assert username not in html
    assert "<script" not in html  # a screen nobody touches: no script to break


def test_an_unknown_or_closed_centre_is_not_found(client, hall):
    assert client.get("/bang-danh-gia/NO-SUCH/").status_code == 404
    Centre.objects.filter(pk=hall.other.pk).update(is_active=False)
    assert client.get(f"/bang-danh-gia/{hall.other.code}/").status_code == 404
