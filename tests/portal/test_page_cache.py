"""The anonymous home, catalog and procedure pages are kept rendered (core.page_cache) until the catalog changes."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from motcua.catalog.models import Procedure
from motcua.catalog.services import publish_version, withdraw_procedure
from motcua.core.page_cache import CSRF_PLACEHOLDER
from tests.citizens import make_citizen
from tests.factories import procedure_version, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    procedure_version(code="1.000001", name="Cấp giấy phép xây dựng nhà ở riêng lẻ")
    procedure_version(code="1.000002", name="Đăng ký khai sinh", field="Hộ tịch", levels=["commune"])


def stored_pages() -> list[bytes]:
    keys = [k for k in cache._cache if ":motcua:page:" in k]  # type: ignore[attr-defined]  # local-memory cache
    return [cache.get(k.split(":", 2)[2])[0] for k in keys]


PAGES = [("/", {}), ("/thu-tuc/", {"q": "dang ky"}), ("/thu-tuc/1.000002/", {})]


@pytest.mark.parametrize(("url", "params"), PAGES)
def test_a_kept_page_is_served_with_at_most_one_query(client, catalog, url, params, django_assert_max_num_queries):
    first = client.get(url, params)
    with django_assert_max_num_queries(1):  # the catalog's version, when this process's memo of it has expired
        again = client.get(url, params)
    assert again.status_code == 200 and again.content.count(b"csrfmiddlewaretoken") == 1
    assert CSRF_PLACEHOLDER.encode() not in again.content
    assert first.content.split(b"csrfmiddlewaretoken")[0] == again.content.split(b"csrfmiddlewaretoken")[0]


def test_the_kept_copy_holds_no_token_session_or_cookie(client, catalog):
    response = client.get(reverse("portal:catalog"), {"q": "khai sinh"})
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    [page] = stored_pages()
    assert CSRF_PLACEHOLDER.encode() in page and token.encode() not in page
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    # Another visitor gets their own token in the same page.
    other = client.__class__().get(reverse("portal:catalog"), {"q": "khai sinh"})
    assert "Đăng ký khai sinh" in other.content.decode() and token.encode() not in other.content


def test_publishing_and_withdrawing_are_seen_on_the_next_request(client, catalog):
    search, page = reverse("portal:catalog"), reverse("portal:procedure", args=["1.000003"])
    assert "Cấp phiếu lý lịch tư pháp" not in client.get(search, {"q": "ly lich"}).content.decode()
    assert client.get(page).status_code == 404
    draft = procedure_version(code="1.000003", name="Cấp phiếu lý lịch tư pháp", publish=False)
    publish_version(version=draft)
    assert "Cấp phiếu lý lịch tư pháp" in client.get(search, {"q": "ly lich"}).content.decode()
    assert client.get(page).status_code == 200
    home = client.get(reverse("portal:home")).content
    withdraw_procedure(procedure=Procedure.objects.get(code="1.000003"))
    assert client.get(page).status_code == 404
    assert "Cấp phiếu lý lịch tư pháp" not in client.get(search, {"q": "ly lich"}).content.decode()
    assert client.get(reverse("portal:home")).content != home  # one procedure fewer in its field


def test_a_logged_in_user_never_gets_nor_writes_the_anonymous_copy(client, catalog):
    client.force_login(staff_user(username="canbo_mot_cua"))
    desk_logout = reverse("desk:logout")
    assert desk_logout in client.get(reverse("portal:home")).content.decode()
    assert stored_pages() == []  # not written by a logged-in user
    assert desk_logout not in client.__class__().get(reverse("portal:home")).content.decode()
    assert len(stored_pages()) == 1
    assert desk_logout in client.get(reverse("portal:home")).content.decode()  # not served the anonymous copy
    client.force_login(make_citizen(phone="0987654321"))
    citizen_logout = reverse("accounts:logout")
    assert citizen_logout in client.get(reverse("portal:home")).content.decode()
    [page] = stored_pages()
    assert citizen_logout not in page.decode() and desk_logout not in page.decode()


def test_vietnamese_and_english_copies_are_kept_apart(client, catalog):
    url = reverse("portal:procedure", args=["1.000001"])
    assert "Chuyển đến nội dung" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "Skip to content" in english and "Chuyển đến nội dung" not in english
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert "Chuyển đến nội dung" in client.get(url).content.decode()
    assert len(stored_pages()) == 2


def test_the_procedures_api_search_is_kept_until_the_catalog_changes(client, catalog, django_assert_max_num_queries):
    def codes():
        return [item["code"] for item in client.get("/api/v1/procedures", {"q": "ly lich"}).json()["items"]]

    assert codes() == []
    with django_assert_max_num_queries(1):
        assert codes() == []
    publish_version(version=procedure_version(code="1.000003", name="Cấp phiếu lý lịch tư pháp", publish=False))
    assert codes() == ["1.000003"]
    client.force_login(staff_user())
    procedure_version(code="1.000004", name="Lý lịch tư pháp, bản nháp", publish=False)
    assert codes() == ["1.000004", "1.000003"] or sorted(codes()) == ["1.000003", "1.000004"]  # staff: drafts too


def test_the_language_switch_of_a_kept_page_passes_the_csrf_check(catalog):
    Client().get("/")  # stored by another visitor
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = visitor.post(reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "Skip to content" in visitor.get("/").content.decode()
