"""Numbers typed into a URL by someone probing the site (superscript digits, 30-digit ids, page 10**20, the year
9999) get a clear refusal, never a server error; an API error of any kind keeps the JSON error shape."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from motcua.core.params import MAX_ID, parse_id, parse_int
from tests.e2e.province import receive

pytestmark = pytest.mark.django_db
HUGE = "9" * 30
STAFF_PAGES_WITH_IDS = ("?tep=²", "?tep=" + HUGE, "?tep=٣")


def as_staff(world, username="motcua") -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def test_only_ascii_digits_within_64_bits_are_numbers():
    assert parse_int("²") is None and parse_int("٣") is None and parse_int("1_000") is None
    assert parse_int(" 42 ") == 42 and parse_int(str(MAX_ID)) == MAX_ID
    assert parse_int(str(MAX_ID + 1)) is None and parse_id(HUGE) is None and parse_id("0") is None


@pytest.mark.parametrize("query", STAFF_PAGES_WITH_IDS)
def test_a_strange_file_number_on_the_dossier_page_is_a_404(world, query):
    dossier = receive(world)
    response = as_staff(world).get(reverse("desk:dossier", args=[dossier.code]) + query)
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["²", HUGE])
def test_a_strange_visit_number_at_reception_goes_back_to_the_counter(world, value):
    response = as_staff(world).get(reverse("desk:reception"), {"luot": value}, follow=True)
    assert response.status_code == 200
    assert "Không có phiếu" in response.content.decode()


@pytest.mark.parametrize("value", ["²", HUGE])
def test_a_strange_version_number_shows_the_published_procedure(world, value):
    code = world.procedures["justice"]
    response = as_staff(world).get(reverse("portal:procedure", args=[code]), {"phien_ban": value})
    assert response.status_code == 200


def test_a_huge_page_of_published_feedback_is_refused(client, db):
    assert client.get(reverse("feedback:public"), {"trang": "1" + "0" * 20}).status_code == 404
    assert client.get(reverse("feedback:public"), {"trang": "²"}).status_code == 404
    response = client.get("/api/v1/feedback/published", {"page": "1" + "0" * 20})
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize(("start", "end"), [("9999-12-30", "9999-12-31"), ("0001-01-01", "0001-01-02")])
def test_a_tracking_book_far_in_time_is_explained(world, start, end):
    supervisor = as_staff(world, "giamsat")
    response = supervisor.get("/api/v1/agencies/000.00.03.H99/forms/07.pdf", {"from": start, "to": end})
    assert response.status_code == 422
    assert response.json()["error"] == {"code": "period", "message": "Hãy chọn ngày từ 01/01/1900 đến 31/12/2999."}
    page = supervisor.get(reverse("desk:supervision"), {"so": "000.00.03.H99", "tu": start, "den": end})
    assert page.status_code == 422 and "Hãy chọn ngày từ 01/01/1900 đến 31/12/2999." in page.content.decode()


def test_ids_beyond_64_bits_are_refused_not_crashed(world):
    staff = as_staff(world)
    assert staff.get(f"/api/v1/visits/{HUGE}/forms/02.pdf").status_code == 422
    assert staff.get(f"/desk/danh-gia/quay/{HUGE}/").status_code == 404
    assert Client().get(f"/danh-gia/quay/{HUGE}/").status_code == 404
    body = {
        "procedure": world.procedures["justice"],
        "channel": "counter",
        "applicant": {"name": "Nguyễn Thị Hương", "id_number": "001190012345"},
        "documents": [{"name": "Tờ khai", "file_ids": [int(HUGE)]}],
    }
    response = staff.post("/api/v1/dossiers", body, content_type="application/json")
    assert response.status_code == 422


def test_an_unexpected_api_error_keeps_the_json_shape_and_leaks_nothing(client, db, monkeypatch, caplog):
    from motcua.feedback import selectors

    def broken(page):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "published", broken)
    with caplog.at_level(logging.ERROR, logger="motcua.api"):
        response = client.get("/api/v1/feedback/published")
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "server_error" and "secret internals" not in response.content.decode()
    assert "Đã có lỗi" in error["message"]
    assert "secret internals" in caplog.text  # for us, in the log


def test_a_body_over_the_upload_limit_is_a_413_in_the_json_shape(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post("/api/v1/feedback", {"text": "x" * 5000}, content_type="application/json")
    assert response.status_code == 413 and response.json()["error"]["message"] == "Yêu cầu quá lớn."


def test_a_nul_character_is_refused_before_the_database_sees_it(client, db):
    # PostgreSQL cannot store or compare one: the rating and the look-up answered 500 there.
    response = client.post(
        "/api/v1/ratings", {"code": "H99\x00", "secret": "x", "level": 5}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_request"
    assert client.get("/api/v1/lookup", {"code": "H99\x00", "secret": "x"}).status_code == 400
    assert client.get("/tra-cuu/", {"ma": "H99\x00"}).status_code == 400


def test_a_very_long_contact_is_a_wrong_log_in_not_a_crash(client, db):
    body = {"contact": "a" * 240 + "@example.vn", "password": "x"}
    response = client.post("/api/v1/citizens/token", body, content_type="application/json")
    assert response.status_code == 401
