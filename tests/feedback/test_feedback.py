"""Feedback (/phan-anh/): anyone sends it, it is routed and due in 15 working days, the agency answers,
the citizen reads the answer with the secret, published answers carry no personal data."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.feedback.models import Feedback
from motcua.notifications.models import Message
from motcua.workdays.selectors import calendar_for
from tests.e2e.province import receive

pytestmark = pytest.mark.django_db
URL = "/phan-anh/"


def send(client, **fields):
    data = {"about": "other", "subject": "Chờ lâu", "body": "Tôi phải chờ hai giờ ở quầy.", **fields}
    return client.post(URL, data)


def created(response) -> tuple[str, str]:
    html = response.content.decode()
    code, secret = re.findall(r'<dd class="code">([^<]+)</dd>', html)
    return code, secret


def answer(client, world, code, text="Trung tâm đã bố trí thêm quầy.", publish=False, who="tuphap.chuyenvien"):
    client.force_login(world.user(who))
    response = client.post(f"/desk/phan-anh/{code}/", {"answer": text, **({"publish": "on"} if publish else {})})
    client.logout()
    client.cookies["motcua_language"] = "en"
    return response


def test_anonymous_feedback_about_a_dossier_gets_a_code_a_secret_and_goes_to_its_agency(english, world):
    dossier = receive(world)
    before = timezone.now()
    response = send(english, about="dossier", dossier_code=dossier.code)
    assert response.status_code == 200
    code, secret = created(response)
    assert re.fullmatch(r"PA-\d{6}-0001", code) and len(secret) == 8
    feedback = Feedback.objects.get(code=code)
    assert feedback.agency == world.justice and feedback.name == "" and feedback.email == ""
    assert feedback.due_at == calendar_for().due(feedback.created_at, 15, "working_day")
    # 15 working days: three working weeks; sent on a Sunday evening, due on the third Friday, 18 days and some hours on
    assert (feedback.due_at - before).days >= 18
    assert "Sở Tư pháp" in response.content.decode()
    assert created(send(english))[0].endswith("-0002")  # the next number of the day


def test_routing_by_agency_procedure_or_to_the_centre(english, world):
    send(english, about="agency", agency=str(world.construction.pk))
    send(english, about="procedure", procedure_code="1.000002")
    send(english)
    agencies = list(Feedback.objects.order_by("id").values_list("agency__name", flat=True))
    assert agencies == ["Sở Xây dựng", "Sở Xây dựng", "UBND tỉnh Hòa An"]


def test_a_missing_dossier_code_is_asked_for(english, world):
    response = send(english, about="dossier")
    assert response.status_code == 422 and "Enter the dossier code." in response.content.decode()
    assert not Feedback.objects.exists()


def test_only_the_agencys_staff_see_it_and_answer_it_then_the_citizen_reads_it(
    english, world, django_capture_on_commit_callbacks
):
    code, secret = created(send(english, about="dossier", dossier_code=receive(world).code, email="huong@example.vn"))
    english.force_login(world.user("xaydung.chuyenvien"))  # another agency
    assert code not in english.get("/desk/phan-anh/").content.decode()
    assert english.get(f"/desk/phan-anh/{code}/").status_code == 404
    assert answer(english, world, code, who="xaydung.chuyenvien").status_code == 404
    english.force_login(world.user("tuphap.chuyenvien"))
    assert code in english.get("/desk/phan-anh/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert answer(english, world, code, text="<script>x</script> Đã xử lý.").status_code == 302
    feedback = Feedback.objects.get(code=code)
    assert feedback.answered_by == world.user("tuphap.chuyenvien") and not feedback.published
    english.force_login(world.user("tuphap.chuyenvien"))
    assert code not in english.get("/desk/phan-anh/").content.decode()  # answered: off the open list
    english.logout()
    english.cookies["motcua_language"] = "en"
    page = english.get(f"{URL}{code}/", {"bi-mat": secret.lower()})
    html = page.content.decode()
    assert page.status_code == 200 and "&lt;script&gt;x&lt;/script&gt; Đã xử lý." in html and "<script>x" not in html
    wrong = english.get(f"{URL}{code}/", {"bi-mat": "WRONG234"})
    unknown = english.get(f"{URL}PA-990101-0001/", {"bi-mat": secret})
    assert wrong.status_code == unknown.status_code == 404
    assert "No feedback matches this code and secret." in wrong.content.decode()
    assert "Đã xử lý" not in wrong.content.decode()
    message = Message.objects.get(kind="feedback_answered", recipient="huong@example.vn")
    assert f"/phan-anh/{code}/?bi-mat={secret}" in message.body  # the citizen is told where to read it


def test_the_open_list_is_soonest_due_first_with_late_flagged_in_fixed_queries(english, world):
    codes = [created(send(english, about="agency", agency=str(world.justice.pk)))[0] for _ in range(2)]
    Feedback.objects.filter(code=codes[1]).update(due_at=timezone.now() - timezone.timedelta(days=1))
    english.force_login(world.user("giamsat"))
    with CaptureQueriesContext(connection) as few:
        html = english.get("/desk/phan-anh/").content.decode()
    assert html.index(codes[1]) < html.index(codes[0]) and html.count(">late<") == 1
    for _ in range(3):
        send(english, about="agency", agency=str(world.construction.pk))
    with CaptureQueriesContext(connection) as many:
        english.get("/desk/phan-anh/")
    assert len(many) == len(few)


def test_published_answers_are_listed_without_personal_data(english, world):
    agreed, _secret = created(
        send(
            english,
            subject="Thiếu ghế chờ",
            name="Nguyễn Thị Hương",
            phone="0912345678",
            email="huong@example.vn",
            publish_ok="on",
        )
    )
    refused, _secret = created(send(english, subject="Riêng tư", name="Trần Văn Minh", email="minh@example.vn"))
    answer(english, world, agreed, text="Đã bổ sung ghế.", publish=True, who="giamsat")
    answer(english, world, refused, text="Cảm ơn.", publish=True, who="giamsat")  # not agreed: never published
    with CaptureQueriesContext(connection) as few:
        html = english.get(f"{URL}cong-khai/").content.decode()
    assert "Thiếu ghế chờ" in html and "Đã bổ sung ghế." in html and "Riêng tư" not in html
    for private in ("Nguyễn Thị Hương", "0912345678", "huong@example.vn"):
        assert private not in html
    more, _secret = created(send(english, subject="Bãi xe", publish_ok="on"))
    answer(english, world, more, text="Đã mở rộng.", publish=True, who="giamsat")
    with CaptureQueriesContext(connection) as many:
        assert "Bãi xe" in english.get(f"{URL}cong-khai/").content.decode()
    assert len(many) == len(few)


def test_too_many_submissions_from_one_address_get_429(english, world, monkeypatch):
    monkeypatch.setenv("MOTCUA_FEEDBACK_RATE_PER_HOUR", "2")
    send(english)
    send(english)
    response = send(english)
    assert response.status_code == 429 and "Too many requests" in response.content.decode()
    assert Feedback.objects.count() == 2
    other = english.post(URL, {"about": "other", "subject": "x", "body": "y"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200  # another address is not held back


def test_forms_need_the_csrf_token(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, {"about": "other", "subject": "x", "body": "y"}).status_code == 403
    assert strict.post("/danh-gia/", {"ma": "x", "bi-mat": "y", "level": "5"}).status_code == 403
