"""Citizens' accounts: registration verified by a one-time code, log-in by phone or e-mail, a forgotten password,
with nothing that tells a stranger which phone numbers or e-mails have an account."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from motcua.accounts.models import CitizenProfile, OneTimeCode
from motcua.notifications.models import Message
from tests.citizens import PASSWORD, last_code, make_citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["motcua_language"] = "en"
    return client


def register(client, contact="0987 654 321", name="Đỗ Minh Khoa", password=PASSWORD, capture=None):
    data = {"name": name, "contact": contact, "password": password, "password2": password}
    if capture is None:
        return client.post("/tai-khoan/dang-ky/", data)
    with capture(execute=True):
        return client.post("/tai-khoan/dang-ky/", data)


def test_a_phone_is_verified_by_the_code_sent_to_it_before_the_account_exists(
    client, django_capture_on_commit_callbacks
):
    response = register(client, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302 and "/tai-khoan/xac-minh/" in response["Location"]
    assert not CitizenProfile.objects.exists()  # nothing is held until the code is typed
    sms = Message.objects.get(kind="one_time_code")
    assert sms.channel == "sms" and sms.recipient == "0987654321"  # "0987 654 321" as stored
    page = client.get(response["Location"]).content.decode()
    assert "098****321" in page and "0987654321" not in page

    wrong = client.post(response["Location"], {"code": "000000" if last_code("0987654321") != "000000" else "111111"})
    assert wrong.status_code == 422
    assert "Mã không đúng. Số lần thử còn lại: 4." in wrong.content.decode()

    done = client.post(response["Location"], {"code": last_code("0987654321")})
    assert done.status_code == 302 and done["Location"] == "/tai-khoan/"
    profile = CitizenProfile.objects.select_related("user").get()
    assert profile.phone == "0987654321" and profile.user.full_name == "Đỗ Minh Khoa"
    home = client.get("/tai-khoan/").content.decode()
    assert "Xin chào, Đỗ Minh Khoa" in home


def test_five_wrong_codes_end_the_code(client, django_capture_on_commit_callbacks):
    page = register(client, capture=django_capture_on_commit_callbacks)["Location"]
    right = last_code("0987654321")
    wrong = "123456" if right != "123456" else "654321"
    for _ in range(5):
        client.post(page, {"code": wrong})
    last = client.post(page, {"code": right})
    assert last.status_code == 422
    assert "Mã đã hết hạn hoặc đã được dùng" in last.content.decode()
    assert not CitizenProfile.objects.exists()


def test_registering_a_phone_that_has_an_account_looks_the_same_and_tells_its_owner(
    client, django_capture_on_commit_callbacks
):
    make_citizen(phone="0987654321")
    before = get_user_model().objects.count()
    response = register(client, contact="+84 987 654 321", name="Kẻ Lạ", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302 and "/tai-khoan/xac-minh/" in response["Location"]
    assert Message.objects.filter(kind="one_time_code").count() == 1  # only the owner's own registration code
    notice = Message.objects.get(kind="account_exists")
    assert notice.recipient == "0987654321"
    page = client.get(response["Location"]).content.decode()
    assert "098****321" in page  # the same page as for a new number
    for code in ("000000", last_code("0987654321")):
        assert client.post(response["Location"], {"code": code}).status_code == 422
    assert get_user_model().objects.count() == before


def test_log_in_with_the_phone_in_any_form_or_the_email(client):
    make_citizen(phone="0987654321")
    make_citizen(email="Lan.Le@Example.vn", name="Lê Thị Lan", client="10.0.0.2")
    for contact in ("0987.654.321", "+84987654321"):
        response = client.post("/tai-khoan/dang-nhap/", {"contact": contact, "password": PASSWORD})
        assert response.status_code == 302, contact
        client.post("/tai-khoan/dang-xuat/")
    response = client.post(
        "/tai-khoan/dang-nhap/?next=/nop-ho-so/",
        {"contact": "lan.le@example.vn", "password": PASSWORD, "next": "/nop-ho-so/"},
    )
    assert response["Location"] == "/nop-ho-so/"


def test_a_wrong_password_and_an_unknown_phone_answer_alike_then_lock(english):
    make_citizen(phone="0987654321")
    unknown = english.post("/tai-khoan/dang-nhap/", {"contact": "0911111111", "password": PASSWORD})
    wrong = english.post("/tai-khoan/dang-nhap/", {"contact": "0987654321", "password": "not-the-password"})
    assert unknown.status_code == wrong.status_code == 422
    assert "The phone, e-mail or password is wrong." in unknown.content.decode()
    assert "The phone, e-mail or password is wrong." in wrong.content.decode()
    for _ in range(4):
        last = english.post("/tai-khoan/dang-nhap/", {"contact": "0987654321", "password": "not-the-password"})
    assert last.status_code == 429 and "Too many failed log-ins" in last.content.decode()
    locked = english.post("/tai-khoan/dang-nhap/", {"contact": "0987654321", "password": PASSWORD})
    assert locked.status_code == 429  # even the right password waits for the lock to end


def test_a_forgotten_password_is_reset_with_a_code(client, django_capture_on_commit_callbacks):
    user = make_citizen(phone="0987654321")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tai-khoan/quen-mat-khau/", {"contact": "0987654321"})
    assert response.status_code == 302
    code = last_code("0987654321")  # the newest: the reset's
    new = "mat-khau-moi-2026"
    done = client.post(response["Location"], {"code": code, "password": new, "password2": new})
    assert done.status_code == 302 and done["Location"] == "/tai-khoan/dang-nhap/"
    user.refresh_from_db()
    assert user.check_password(new)
    assert client.post("/tai-khoan/dang-nhap/", {"contact": "0987654321", "password": new}).status_code == 302


def test_a_reset_for_an_unknown_contact_answers_the_same_and_sends_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tai-khoan/quen-mat-khau/", {"contact": "chua.co@example.vn"})
    assert response.status_code == 302 and "/tai-khoan/dat-lai-mat-khau/" in response["Location"]
    assert not Message.objects.exists()
    assert "c***@example.vn" in client.get(response["Location"]).content.decode()


def test_codes_are_limited_per_phone(client, django_capture_on_commit_callbacks):
    for _ in range(3):
        assert register(client, capture=django_capture_on_commit_callbacks).status_code == 302
    fourth = register(client, capture=django_capture_on_commit_callbacks)
    assert fourth.status_code == 429
    assert "Quá nhiều mã" in fourth.content.decode()
    assert fourth.context["form"]["name"].value() == "Đỗ Minh Khoa"  # what was typed is still there


def test_a_bad_registration_keeps_what_was_typed_and_says_why(english):
    response = english.post(
        "/tai-khoan/dang-ky/",
        {"name": "Đỗ Minh Khoa", "contact": "12345", "password": "12345678", "password2": "12345679"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    # Every problem at once, each by its field.
    assert "Enter a phone number (10 digits) or an e-mail address." in html
    assert "This password is entirely numeric." in html
    assert "The two passwords are not the same." in html
    assert 'value="Đỗ Minh Khoa"' in html
    assert not OneTimeCode.objects.exists()


def test_a_second_contact_is_added_once_its_code_is_typed(client, django_capture_on_commit_callbacks):
    user = make_citizen(phone="0987654321")
    client.force_login(user, backend="motcua.accounts.backends.CitizenBackend")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tai-khoan/thong-tin/", {"add_contact": "1", "contact": "khoa@example.vn"})
    assert response.status_code == 302
    client.post(response["Location"], {"code": last_code("khoa@example.vn")})
    assert CitizenProfile.objects.get(user=user).email == "khoa@example.vn"
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert client.post("/tai-khoan/dang-nhap/", {"contact": "khoa@example.vn", "password": PASSWORD}).status_code == 302


def test_staff_are_not_citizens(client):
    from tests.factories import staff_user

    officer = staff_user("motcua.test")
    client.force_login(officer)
    response = client.get("/tai-khoan/")
    assert response.status_code == 302 and response["Location"].startswith("/tai-khoan/dang-nhap/")


def test_a_code_is_wiped_from_the_outbox_once_sent_and_never_shown_to_operators(
    client, django_capture_on_commit_callbacks
):
    from motcua.notifications.admin import MessageAdmin
    from motcua.notifications.sending import run_once
    from motcua.notifications.sms import ConsoleSms

    register(client, capture=django_capture_on_commit_callbacks)
    queued = Message.objects.get(kind="one_time_code")
    assert str(MessageAdmin(Message, None).text(queued)) == "(mã xác thực: không hiển thị)"
    assert run_once(sms=ConsoleSms()) == 1
    sent = Message.objects.get(pk=queued.pk)
    assert sent.status == "sent" and sent.body == ""


def test_my_documents_keep_uploads_refuse_what_is_not_a_scan_and_read_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.citizens import PDF

    user = make_citizen(phone="0987654321")
    client.force_login(user, backend="motcua.accounts.backends.CitizenBackend")
    bad = client.post("/tai-khoan/tai-lieu/", {"title": "CCCD", "file": SimpleUploadedFile("cccd.txt", b"hello")})
    assert bad.status_code == 422
    assert "Chỉ được đính kèm tệp PDF hoặc ảnh" in bad.content.decode()
    for n in range(3):
        client.post("/tai-khoan/tai-lieu/", {"title": f"Giấy tờ {n}", "file": SimpleUploadedFile(f"{n}.pdf", PDF)})
    client.get("/tai-khoan/tai-lieu/")
    with django_assert_max_num_queries(8):
        html = client.get("/tai-khoan/tai-lieu/").content.decode()
    assert all(f"Giấy tờ {n}" in html for n in range(3))
    from motcua.dossiers.models import StoredFile

    first = StoredFile.objects.filter(owner=user).order_by("pk").first()
    assert client.get(f"/tai-khoan/tai-lieu/{first.pk}/")["Cache-Control"] == "private, no-store"
    client.post("/tai-khoan/tai-lieu/", {"remove": str(first.pk)})
    assert not StoredFile.objects.filter(pk=first.pk).exists()
    assert client.get(f"/tai-khoan/tai-lieu/{first.pk}/").status_code == 404
