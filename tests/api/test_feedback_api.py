"""Ratings and feedback over the API (/api/v1/ratings, /api/v1/feedback), as the national portal or a mobile app
uses them: dossiers and feedback made through the real services, answers read as a client reads them."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from motcua.core.models import Centre
from motcua.feedback import limits, services
from motcua.feedback.models import Feedback, Rating
from motcua.workdays.selectors import calendar_for
from tests.e2e.province import build_province, receive, returned, to_result_ready

pytestmark = pytest.mark.django_db
RATINGS, FEEDBACK = "/api/v1/ratings", "/api/v1/feedback"
UNKNOWN_DOSSIER = "000.00.03.H99-990101-0001"


@pytest.fixture(autouse=True)
def _generous_limits(monkeypatch):
    monkeypatch.setenv("MOTCUA_RATING_RATE_PER_HOUR", "1000")
    monkeypatch.setenv("MOTCUA_FEEDBACK_RATE_PER_HOUR", "1000")


@pytest.fixture
def world(db):
    world = build_province()
    Centre.objects.create(code="TTPVHCC-H99", name="Trung tâm PVHCC tỉnh Hòa An", agency=world.root)
    return world


def done(world):
    return returned(world, to_result_ready(world, receive(world)))


def rate(client, dossier, level=5, *, secret=None, language="en", address="127.0.0.1", **extra):
    body = {"code": dossier.code, "secret": secret or dossier.lookup_secret, "level": level, **extra}
    return client.post(
        RATINGS, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language, REMOTE_ADDR=address
    )


def send(client, *, language="en", address="127.0.0.1", **fields):
    body = {"about": "other", "subject": "Chờ lâu", "text": "Tôi phải chờ hai giờ ở quầy.", **fields}
    return client.post(
        FEEDBACK, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language, REMOTE_ADDR=address
    )


def one_counting_window():
    """The limits count per hour: make sure a test's requests do not straddle two windows."""
    left = limits.WINDOW_SECONDS - time.time() % limits.WINDOW_SECONDS
    if left < 10:
        time.sleep(left + 0.1)


# Ratings ------------------------------------------------------------------------------------------------------


def test_a_returned_dossier_is_rated_201_then_changed_200_and_the_officer_is_never_shown(client, world):
    dossier = done(world)
    response = rate(client, dossier, 4, criteria={"attitude": 5, "total_time": 2}, comment="Nhanh gọn")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"code", "level", "criteria", "comment", "created_at", "updated_at", "editable_until"}
    assert body["code"] == dossier.code and body["level"] == 4 and body["comment"] == "Nhanh gọn"
    assert body["criteria"] == {"attitude": 5, "total_time": 2}
    created = parse_datetime(body["created_at"])
    assert parse_datetime(body["editable_until"]) == created + timedelta(days=7)
    officer = world.user("motcua")
    for private in (officer.username, officer.full_name, "officer", "counter"):
        assert private not in response.content.decode()
    assert Rating.objects.get(dossier=dossier).officer == officer  # kept for the supervisors' figures

    changed = rate(client, dossier, 2, criteria={"one_stop": 3})
    assert changed.status_code == 200
    assert changed.json()["level"] == 2 and changed.json()["criteria"] == {"one_stop": 3}
    assert changed.json()["created_at"] == body["created_at"] and changed.json()["updated_at"] > body["updated_at"]
    current = client.get(RATINGS, {"code": dossier.code, "secret": dossier.lookup_secret.lower()})
    assert current.status_code == 200 and current.json() == changed.json()
    assert Rating.objects.filter(dossier=dossier).count() == 1


def test_a_rating_can_be_changed_for_seven_days_then_it_is_closed(client, world):
    dossier = done(world)
    services.rate_dossier(dossier=dossier, level=5, now=timezone.now() - timedelta(days=6, hours=23))
    assert rate(client, dossier, 3).status_code == 200
    Rating.objects.filter(dossier=dossier).update(created_at=timezone.now() - timedelta(days=7, minutes=1))
    response = rate(client, dossier, 1)
    assert response.status_code == 409
    assert response.json() == {
        "error": {
            "code": "closed",
            "message": "This rating was given more than 7 days ago and can no longer be changed.",
        }
    }
    assert Rating.objects.get(dossier=dossier).level == 3
    still = client.get(RATINGS, {"code": dossier.code, "secret": dossier.lookup_secret})
    assert still.status_code == 200 and still.json()["level"] == 3  # it can still be read


def test_a_dossier_not_yet_returned_cannot_be_rated(client, world):
    ready = to_result_ready(world, receive(world))
    response = rate(client, ready, language="vi")
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_returned"
    assert response.json()["error"]["message"] == "Chỉ đánh giá được hồ sơ sau khi đã trả kết quả."
    assert not Rating.objects.exists()


def test_a_wrong_secret_answers_exactly_like_an_unknown_code(client, world):
    dossier = done(world)
    services.rate_dossier(dossier=dossier, level=5)
    unknown = {"code": UNKNOWN_DOSSIER, "secret": dossier.lookup_secret}
    wrong = {"code": dossier.code, "secret": "WRONG234"}
    posted = [client.post(RATINGS, {**q, "level": 1}, content_type="application/json") for q in (wrong, unknown)]
    read = [client.get(RATINGS, q) for q in (wrong, unknown)]
    for pair in (posted, read):
        assert [r.status_code for r in pair] == [404, 404]
        assert pair[0].content == pair[1].content
        assert pair[0].json()["error"]["code"] == "not_found"
    assert Rating.objects.get(dossier=dossier).level == 5


def test_a_dossier_without_a_rating_is_a_404_of_its_own(client, world):
    dossier = done(world)
    response = client.get(RATINGS, {"code": dossier.code, "secret": dossier.lookup_secret}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json()["error"] == {"code": "not_rated", "message": "This dossier has not been rated yet."}


@pytest.mark.parametrize(
    ("extra", "fields"),
    [
        ({"level": 0}, {"level"}),
        ({"level": 6}, {"level"}),
        ({"level": "very"}, {"level"}),
        ({"criteria": {"attitude": 9}}, {"criteria.attitude"}),
        ({"criteria": {"speed": 5}}, {"criteria.speed.[key]"}),
        ({"comment": "x" * 2001}, {"comment"}),
    ],
)
def test_a_bad_level_or_criterion_is_a_422_naming_the_field(client, world, extra, fields):
    dossier = done(world)
    response = rate(client, dossier, **extra)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error" and {d["field"] for d in error["details"]} == fields
    assert not Rating.objects.exists()


def test_too_many_ratings_from_one_address_get_429(client, world, monkeypatch):
    dossier = done(world)
    monkeypatch.setenv("MOTCUA_RATING_RATE_PER_HOUR", "3")
    one_counting_window()
    assert rate(client, dossier).status_code == 201
    assert client.get(RATINGS, {"code": dossier.code, "secret": "WRONG234"}).status_code == 404  # counts too
    assert rate(client, dossier, 4).status_code == 200
    response = rate(client, dossier, 1)
    assert response.status_code == 429 and response.json()["error"]["code"] == "too_many_requests"
    assert "Too many requests" in response.json()["error"]["message"]
    assert client.get(RATINGS, {"code": dossier.code, "secret": dossier.lookup_secret}).status_code == 429
    assert Rating.objects.get().level == 4
    assert rate(client, dossier, 1, address="10.0.0.9").status_code == 200  # another address is not held back


def test_clients_without_a_session_or_csrf_cookie_can_post(world):
    strict = Client(enforce_csrf_checks=True)  # a mobile app or another server: no cookies at all
    assert rate(strict, done(world)).status_code == 201
    assert send(strict).status_code == 201


# Feedback -----------------------------------------------------------------------------------------------------


def test_feedback_about_a_dossier_goes_to_its_agency_with_a_code_a_secret_and_a_due_date(client, world):
    dossier = receive(world)
    response = send(client, about="dossier", dossier_code=dossier.code, email="huong@example.vn", publish_ok=True)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"code", "secret", "agency", "due_at"}
    assert body["code"].startswith("PA-") and len(body["secret"]) == 8
    assert body["agency"] == {"code": world.justice.code, "name": "Sở Tư pháp"}
    feedback = Feedback.objects.get(code=body["code"])
    assert parse_datetime(body["due_at"]) == feedback.due_at
    assert feedback.due_at == calendar_for().due(feedback.created_at, 15, "working_day")
    assert feedback.dossier == dossier and feedback.email == "huong@example.vn" and feedback.publish_ok


def test_feedback_is_routed_by_agency_code_procedure_code_or_to_the_centre(client, world):
    by_agency = send(client, about="agency", agency=world.construction.code).json()["agency"]
    by_procedure = send(client, about="procedure", procedure_code="1.000002").json()["agency"]
    by_officer = send(client, about="officer", officer_text="Quầy 3", agency=world.justice.code).json()["agency"]
    other = send(client).json()["agency"]
    assert [by_agency["code"], by_procedure["code"], by_officer["code"], other["code"]] == [
        world.construction.code,
        world.construction.code,
        world.justice.code,
        world.root.code,
    ]


@pytest.mark.parametrize(
    ("fields", "field", "english", "vietnamese"),
    [
        ({"about": "dossier"}, "dossier_code", "Enter the dossier code.", "Hãy nhập mã hồ sơ."),
        ({"about": "agency"}, "agency", "Choose the agency.", "Hãy chọn cơ quan."),
        (
            {"about": "officer"},
            "officer_text",
            "Enter the officer's name or the counter.",
            "Hãy nhập tên cán bộ hoặc quầy.",
        ),
        ({"about": "procedure"}, "procedure_code", "Enter the procedure code.", "Hãy nhập mã thủ tục."),
        (
            {"agency": "999.99.99.X00"},
            "agency",
            "No agency has the code 999.99.99.X00.",
            "Không có cơ quan nào có mã 999.99.99.X00.",
        ),
        ({"email": "huong@"}, "email", "Enter a valid email address.", "Nhập địa chỉ email."),
        ({"phone": "09 abc 123"}, "phone", "Enter a phone number of digits.", "Hãy nhập số điện thoại bằng chữ số."),
        ({"subject": "   "}, "subject", "This field is required.", "Trường này là bắt buộc."),
    ],
)
def test_feedback_is_checked_like_the_web_form_in_the_callers_language(
    client, world, fields, field, english, vietnamese
):
    for language, message in (("en", english), ("vi", vietnamese)):
        response = send(client, **fields, language=language)
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "validation_error"
        assert error["details"] == [{"field": field, "message": message}] and error["message"] == message
    assert not Feedback.objects.exists()


def test_feedback_without_its_text_or_with_an_unknown_subject_is_a_422(client, world):
    response = client.post(FEEDBACK, {"about": "galaxy", "subject": "x"}, content_type="application/json")
    assert response.status_code == 422
    assert {d["field"] for d in response.json()["error"]["details"]} == {"about", "text"}
    assert not Feedback.objects.exists()


def test_the_citizen_reads_the_answer_with_the_code_and_secret(client, world):
    created = send(client, about="agency", agency=world.justice.code).json()
    url = f"{FEEDBACK}/{created['code']}"
    waiting = client.get(url, {"secret": created["secret"].lower()})
    assert waiting.status_code == 200
    body = waiting.json()
    assert body == {
        "code": created["code"],
        "subject": "Chờ lâu",
        "created_at": body["created_at"],
        "due_at": created["due_at"],
        "state": "open",
        "answer": None,
        "answered_at": None,
    }
    feedback = Feedback.objects.get(code=created["code"])
    services.answer_feedback(feedback_id=feedback.pk, user=world.user("tuphap.chuyenvien"), answer="Đã xử lý.")
    answered = client.get(url, {"secret": created["secret"]}).json()
    assert answered["state"] == "answered" and answered["answer"] == "Đã xử lý." and answered["answered_at"]
    assert "tuphap" not in client.get(url, {"secret": created["secret"]}).content.decode()


def test_reading_feedback_with_a_wrong_secret_answers_like_an_unknown_code(client, world):
    created = send(client).json()
    wrong = client.get(f"{FEEDBACK}/{created['code']}", {"secret": "WRONG234"})
    unknown = client.get(f"{FEEDBACK}/PA-990101-0001", {"secret": created["secret"]})
    assert wrong.status_code == unknown.status_code == 404 and wrong.content == unknown.content
    assert wrong.json()["error"]["code"] == "not_found"


def test_too_many_feedback_or_readings_from_one_address_get_429(client, world, monkeypatch):
    monkeypatch.setenv("MOTCUA_FEEDBACK_RATE_PER_HOUR", "2")
    monkeypatch.setenv("MOTCUA_RATING_RATE_PER_HOUR", "2")
    one_counting_window()
    first = send(client).json()
    send(client, about="dossier")  # a rejected submission counts as well: it is still a request to send
    response = send(client)
    assert response.status_code == 429 and response.json()["error"]["code"] == "too_many_requests"
    assert Feedback.objects.count() == 1
    assert send(client, address="10.0.0.9").status_code == 201  # another address is not held back
    url = f"{FEEDBACK}/{first['code']}"
    assert [client.get(url, {"secret": first["secret"]}).status_code for _ in range(3)] == [200, 200, 429]


def test_published_answers_carry_no_personal_data_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    def published(subject, answer, *, consent=True, publish=True, **contact):
        code = send(client, subject=subject, publish_ok=consent, **contact).json()["code"]
        feedback = Feedback.objects.get(code=code)
        services.answer_feedback(feedback_id=feedback.pk, user=world.user("giamsat"), answer=answer, publish=publish)

    published(
        "Thiếu ghế chờ",
        "Đã bổ sung ghế.",
        about="officer",
        officer_text="Lê Văn Tâm quầy 3",
        name="Nguyễn Thị Hương",
        email="huong@example.vn",
        phone="0912345678",
    )
    published("Riêng tư", "Cảm ơn.", consent=False, name="Trần Văn Minh")  # no consent: never published
    published("Chưa công bố", "Đang xem xét.", publish=False)
    with django_assert_max_num_queries(1):
        response = client.get(f"{FEEDBACK}/published")
    assert response.status_code == 200
    body = response.json()
    assert body["page"] == 1 and body["next_page"] is None
    assert [item["subject"] for item in body["items"]] == ["Thiếu ghế chờ"]
    item = body["items"][0]
    assert set(item) == {"code", "subject", "text", "answer", "created_at", "answered_at", "agency"}
    assert item["answer"] == "Đã bổ sung ghế." and item["agency"] == {"name": "UBND tỉnh Hòa An"}
    for private in ("Nguyễn Thị Hương", "huong@example.vn", "0912345678", "Lê Văn Tâm", "giamsat", "secret"):
        assert private not in response.content.decode()

    for n in range(20):
        published(f"Bãi xe {n}", "Đã mở rộng.")
    with django_assert_max_num_queries(1):
        first = client.get(f"{FEEDBACK}/published").json()
    assert len(first["items"]) == 20 and first["next_page"] == 2 and first["items"][0]["subject"] == "Bãi xe 19"
    last = client.get(f"{FEEDBACK}/published", {"page": 2}).json()
    assert [i["subject"] for i in last["items"]] == ["Thiếu ghế chờ"] and last["next_page"] is None
    assert client.get(f"{FEEDBACK}/published", {"page": 0}).status_code == 422
