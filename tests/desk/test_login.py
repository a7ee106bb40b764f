"""Logging in to the desk: the right password opens it, repeated failures lock the account for a while."""

import pytest

from motcua.core.models import Role
from motcua.core.throttle import MAX_FAILURES_PER_ACCOUNT
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


def test_a_counter_officer_logs_in_and_sees_the_reception(client):
    staff_user("motcua", Role.COUNTER_OFFICER)
    response = client.post("/desk/dang-nhap/", {"username": "motcua", "password": "pw-for-tests"})
    assert response.status_code == 302 and response["Location"] == "/desk/"
    home = client.get("/desk/")
    assert 'href="/desk/tiep-nhan/"' in home.content.decode()


def test_a_wrong_password_says_so_and_five_lock_the_account(client):
    staff_user("motcua", Role.COUNTER_OFFICER)
    response = client.post("/desk/dang-nhap/", {"username": "motcua", "password": "wrong"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    for _ in range(MAX_FAILURES_PER_ACCOUNT - 1):
        response = client.post("/desk/dang-nhap/", {"username": "motcua", "password": "wrong"})
    assert response.status_code == 429 and "Đăng nhập sai quá nhiều lần" in response.content.decode()
    # even the right password is refused while the lock lasts
    response = client.post("/desk/dang-nhap/", {"username": "MOTCUA", "password": "pw-for-tests"})
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_the_desk_asks_for_a_log_in_and_comes_back(client):
    staff_user("motcua", Role.COUNTER_OFFICER)
    response = client.get("/desk/ho-so/")
    assert response.status_code == 302 and response["Location"] == "/desk/dang-nhap/?next=/desk/ho-so/"
    response = client.post(
        "/desk/dang-nhap/", {"username": "motcua", "password": "pw-for-tests", "next": "/desk/ho-so/"}
    )
    assert response["Location"] == "/desk/ho-so/"
    evil = client.post(
        "/desk/dang-nhap/", {"username": "motcua", "password": "pw-for-tests", "next": "https://evil.example/"}
    )
    assert evil["Location"] == "/desk/"


def test_a_megabyte_password_is_refused_before_any_hashing(client):
    staff_user("motcua", Role.COUNTER_OFFICER)
    response = client.post("/desk/dang-nhap/", {"username": "motcua", "password": "x" * 1_000_000})
    html = response.content.decode()
    assert "_auth_user_id" not in client.session and "field-error" in html and "200" in html
