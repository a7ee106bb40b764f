"""Ratings (/danh-gia/): the applicant rates a returned dossier with its secret; supervisors see only figures."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.dossiers.forms.fill import lookup_url
from motcua.feedback.models import Rating, RatingScore
from tests.e2e.province import receive, returned, to_result_ready

pytestmark = pytest.mark.django_db
URL = "/danh-gia/"


def done(world, **kwargs):
    return returned(world, to_result_ready(world, receive(world, **kwargs)))


def rate(client, dossier, level="5", secret=None, **extra):
    data = {"ma": dossier.code, "bi-mat": secret or dossier.lookup_secret, "level": level, "comment": "", **extra}
    return client.post(URL, data)


def test_the_receipts_qr_parameters_open_the_rating_of_a_returned_dossier(english, world):
    dossier = done(world)
    query = lookup_url(dossier).split("?", 1)[1]
    html = english.get(f"{URL}?{query}").content.decode()
    assert dossier.code in html and 'name="level"' in html
    assert "Very satisfied" in html and "The officers&#x27; attitude" in html  # the nine criteria offered
    response = rate(english, dossier, "4", c_attitude="5", c_total_time="2", comment="<b>Nhanh</b> gọn")
    assert response.status_code == 200 and "Your rating has been recorded" in response.content.decode()
    rating = Rating.objects.get(dossier=dossier)
    assert rating.level == 4 and rating.comment == "<b>Nhanh</b> gọn" and rating.channel == "online"
    assert dict(RatingScore.objects.values_list("criterion", "level")) == {"attitude": 5, "total_time": 2}
    assert rating.officer == world.user("motcua")  # the officer who received it


def test_only_a_returned_dossier_with_its_secret_can_be_rated(english, world):
    ready = to_result_ready(world, receive(world))
    response = rate(english, ready)
    assert "once its result has been returned" in response.content.decode()
    dossier = done(world)
    wrong, unknown = (
        rate(english, dossier, secret="WRONG234"),
        english.post(URL, {"ma": "000.00.03.H99-990101-0001", "bi-mat": dossier.lookup_secret, "level": "5"}),
    )
    assert wrong.status_code == unknown.status_code == 404
    assert "No dossier matches this code and secret" in wrong.content.decode()
    assert not Rating.objects.exists()


def test_one_rating_per_dossier_changeable_for_seven_days(english, world):
    dossier = done(world)
    rate(english, dossier, "2")
    html = english.get(URL, {"ma": dossier.code, "bi-mat": dossier.lookup_secret}).content.decode()
    assert "you may change your rating for 7 days" in html and 'value="2" id="id_level_3" required checked' in html
    rate(english, dossier, "5")
    assert Rating.objects.filter(dossier=dossier).count() == 1 and Rating.objects.get().level == 5
    Rating.objects.update(created_at=timezone.now() - timedelta(days=8))
    response = rate(english, dossier, "1")
    assert "can no longer be changed" in response.content.decode() and 'name="level"' not in response.content.decode()
    assert Rating.objects.get().level == 5


def pair(client, world, officer="motcua"):
    """An officer of the counter logs in on the tablet, pairs it, and logs out: the tablet keeps the pairing."""
    client.force_login(world.user(officer))
    response = client.post(f"/desk/danh-gia/quay/{world.counter.pk}/ghep-may/")
    log_out(client)
    return response


def log_out(client):
    """Logging out ends the session, not the tablet's pairing (the test client would drop every cookie)."""
    kept = {name: morsel.value for name, morsel in client.cookies.items() if name != "sessionid"}
    client.logout()
    for name, value in kept.items():
        client.cookies[name] = value


def test_the_counter_tablet_rates_the_officer_who_served(english, world):
    dossier = receive(world)  # just received at counter 3 by the centre's officer
    tablet = f"{URL}quay/{world.counter.pk}/"
    pair(english, world)
    response = english.post(tablet, {"level": "5"})
    assert response.status_code == 409 and "ask the officer to show the rating" in response.content.decode()
    english.force_login(world.user("motcua"))
    english.post(f"/desk/danh-gia/quay/{world.counter.pk}/")
    log_out(english)
    assert 'name="level"' in english.get(tablet).content.decode()
    response = english.post(tablet, {"level": "4", "c_attitude": "5"})
    assert "Thank you for your rating" in response.content.decode()
    rating = Rating.objects.get(dossier=dossier)
    assert rating.officer == world.user("motcua") and rating.counter == world.counter and rating.channel == "tablet"
    assert english.post(tablet, {"level": "1"}).status_code == 409  # one rating per showing


def test_only_the_paired_tablet_can_rate_at_a_counter(english, world):
    """Counter ids are small numbers: anyone could post ratings to any counter's tablet once it was opened."""
    client = Client()  # someone else, anywhere
    receive(world)
    tablet = f"{URL}quay/{world.counter.pk}/"
    english.force_login(world.user("motcua"))
    english.post(f"/desk/danh-gia/quay/{world.counter.pk}/")  # the rating is shown on the tablet
    english.logout()
    response = client.post(tablet, {"level": "1"})
    assert response.status_code == 403
    assert "Máy tính bảng này chưa được ghép với quầy" in response.content.decode()
    client.cookies[f"motcua_tablet_{world.counter.pk}"] = "forged-token"
    assert client.post(tablet, {"level": "1"}).status_code == 403
    assert client.get(tablet).status_code == 403
    assert not Rating.objects.exists()
    pair(english, world)
    assert english.post(tablet, {"level": "5"}).status_code == 200
    assert Rating.objects.get().level == 5
    pair(client, world)  # a new tablet paired with the counter: the old one no longer rates
    assert english.get(tablet).status_code == 403 and client.get(tablet).status_code == 200


def test_an_officer_of_another_counter_cannot_open_or_pair_its_tablet(english, world):
    receive(world)
    pair(english, world, officer="xaydung.motcua")
    english.force_login(world.user("xaydung.motcua"))
    english.post(f"/desk/danh-gia/quay/{world.counter.pk}/")
    log_out(english)
    assert english.post(f"{URL}quay/{world.counter.pk}/", {"level": "1"}).status_code == 403
    pair(english, world)
    assert english.post(f"{URL}quay/{world.counter.pk}/", {"level": "1"}).status_code == 409


def test_supervisors_see_figures_per_agency_officer_and_criterion_never_who_rated(english, world):
    codes = []
    for level in ("5", "4", "2"):
        dossier = done(world)
        codes.append(dossier.code)
        rate(english, dossier, level, c_attitude=level, comment="Chị Hương rất hài lòng")
    rate(english, done(world, agency="construction", officer="xaydung.motcua"), "1")
    english.force_login(world.user("giamsat"))
    html = english.get("/desk/danh-gia/").content.decode().split("<h1>", 1)[1]  # the page, not the scan field
    assert "4 ratings from" in html and "Satisfied: 50.0%" in html
    assert "Sở Tư pháp</td><td>3</td><td>2</td><td>66.7%" in html
    assert "Sở Xây dựng</td><td>1</td><td>0</td><td>0.0%" in html
    assert "Cán bộ một cửa Trung tâm</td><td>3</td><td>2</td><td>66.7%" in html
    assert "The officers&#x27; attitude</td><td>3</td><td>2</td><td>66.7%" in html
    for private in ("Nguyễn Thị Hương", "Trần Văn Minh", "001190012345", "0912345678", "Chị Hương", *codes):
        assert private not in html
    english.force_login(world.user("xaydung.lanhdao"))  # a leader sees their unit only
    html = english.get("/desk/danh-gia/").content.decode()
    assert "1 ratings from" in html and "Sở Tư pháp" not in html
    english.force_login(world.user("tuphap.chuyenvien"))  # an officer sees no figures and no raters
    response = english.get("/desk/danh-gia/")
    assert response.status_code == 403 and "Cán bộ" not in response.content.decode().split("</h1>", 1)[1]


def test_the_figures_take_the_same_number_of_queries_however_many_ratings(english, world):
    english.force_login(world.user("giamsat"))
    rate(english, done(world), "5", c_attitude="5")
    with CaptureQueriesContext(connection) as few:
        english.get("/desk/danh-gia/")
    for level in ("4", "3", "1"):
        rate(english, done(world, agency="construction", officer="xaydung.motcua"), level, c_publicity=level)
    with CaptureQueriesContext(connection) as many:
        english.get("/desk/danh-gia/")
    assert len(many) == len(few)


def test_too_many_ratings_from_one_address_get_429(english, world, monkeypatch):
    monkeypatch.setenv("MOTCUA_RATING_RATE_PER_HOUR", "2")
    dossier = done(world)
    assert rate(english, dossier, "5", secret="WRONG234").status_code == 404
    assert rate(english, dossier, "5", secret="WRONG235").status_code == 404
    response = rate(english, dossier, "5")
    assert response.status_code == 429 and "Too many requests" in response.content.decode()
    assert not Rating.objects.exists()


def test_the_levels_are_shown_in_vietnamese_by_default(client, world):
    dossier = done(world)
    html = client.get(URL, {"ma": dossier.code, "bi-mat": dossier.lookup_secret}).content.decode()
    for level in ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"):
        assert f"<span>{level}</span>" in html
