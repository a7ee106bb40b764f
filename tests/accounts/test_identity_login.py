"""Log-in with the national identity through OpenID Connect, against the local provider running in its own process
(`motcua identity-provider`): every redirect is followed for real, the code exchanged over HTTP, the ID token's
signature checked against the provider's JWKS."""

from __future__ import annotations

import logging
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.db import connection

from motcua.accounts import identity
from motcua.accounts.models import CitizenProfile, IdentityLink
from motcua.core.models import User
from tests.citizens import make_citizen
from tests.identity_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    PERSON_ID,
    PERSON_NAME,
    PERSON_PASSWORD,
    running_provider,
)

CALLBACK = "http://testserver/tai-khoan/dinh-danh/ve/"
HOME = "http://testserver/"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    data = tmp_path_factory.mktemp("idp") / "data"
    with running_provider(data, redirect_uris=[CALLBACK], post_logout_uris=[HOME]) as issuer:
        yield issuer


@pytest.fixture
def configured(settings, provider):
    settings.OIDC_ISSUER = provider
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ID_CLAIM = "national_id"
    return provider


def at_provider(browser: requests.Session, url: str, *, username=PERSON_ID, password=PERSON_PASSWORD) -> str:
    """Follows the provider's redirects, logging in on its form when asked; the URL it sends back to motcua."""
    for _hop in range(10):
        if url.startswith("http://testserver"):
            return url
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (301, 302, 303):
            url = requests.compat.urljoin(url, response.headers["Location"])
            continue
        assert response.status_code == 200, response.text[:500]
        assert 'name="password"' in response.text  # the provider's log-in form
        form = {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["idp_csrftoken"],
            "next": parse_qs(urlsplit(url).query)["next"][0],
        }
        response = browser.post(url, data=form, allow_redirects=False, timeout=10, headers={"Referer": url})
        assert response.status_code == 302, "the provider refused the password"
        url = requests.compat.urljoin(url, response.headers["Location"])
    raise AssertionError("too many redirects")


def log_in(client, browser: requests.Session, **person):
    start = client.get("/tai-khoan/dinh-danh/?next=/tai-khoan/tai-lieu/")
    assert start.status_code == 302
    back = at_provider(browser, start["Location"], **person)
    return client.get(back.removeprefix("http://testserver"))


@pytest.mark.django_db
def test_the_log_in_page_offers_the_national_identity_only_when_a_provider_is_configured(client, settings):
    settings.OIDC_ISSUER = ""
    assert "national-identity" not in client.get("/tai-khoan/dang-nhap/").content.decode()
    assert client.get("/tai-khoan/dinh-danh/").status_code == 404
    settings.OIDC_ISSUER = "http://127.0.0.1:9"
    page = client.get("/tai-khoan/dang-nhap/?next=/tai-khoan/").content.decode()
    assert 'href="/tai-khoan/dinh-danh/?next=/tai-khoan/"' in page


@pytest.mark.django_db
def test_the_first_log_in_creates_one_account_with_the_verified_id_number_and_the_next_finds_it(client, configured):
    browser = requests.Session()
    start = client.get("/tai-khoan/dinh-danh/")
    query = parse_qs(urlsplit(start["Location"]).query)
    # Authorization code flow with PKCE, state and nonce.
    assert query["response_type"] == ["code"] and query["code_challenge_method"] == ["S256"]
    assert query["state"] and query["nonce"] and "openid" in query["scope"][0]

    response = client.get(at_provider(browser, start["Location"]).removeprefix("http://testserver"))
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/"
    home = client.get("/tai-khoan/")
    assert home.status_code == 200 and PERSON_NAME in home.content.decode()
    profile = CitizenProfile.objects.get()
    assert profile.id_number == PERSON_ID and profile.identified and profile.phone is None
    assert not profile.user.has_usable_password()

    # Logged out here, logged in again through the provider (still logged in there): the same account.
    client.post("/tai-khoan/dang-xuat/")
    client.logout()
    response = log_in(client, browser)
    assert response["Location"] == "/tai-khoan/tai-lieu/"
    assert User.objects.count() == 1 and IdentityLink.objects.get().user == profile.user


@pytest.mark.django_db
def test_the_first_log_in_links_the_account_that_already_has_the_id_number(client, configured):
    citizen = make_citizen(phone="0912345678")
    CitizenProfile.objects.filter(user=citizen).update(id_number=PERSON_ID)
    log_in(client, requests.Session())
    assert client.get("/tai-khoan/").wsgi_request.user == citizen
    assert User.objects.count() == 1 and IdentityLink.objects.get().user == citizen


@pytest.mark.django_db
def test_an_answer_whose_state_is_not_ours_or_used_twice_is_refused(client, configured):
    client.cookies["motcua_language"] = "en"
    back = at_provider(requests.Session(), client.get("/tai-khoan/dinh-danh/")["Location"])
    forged = back.replace("state=", "state=x")
    response = client.get(forged.removeprefix("http://testserver"), follow=True)
    assert "Log-in with the national identity failed" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated and not User.objects.exists()
    assert client.get(back.removeprefix("http://testserver"))["Location"] == "/tai-khoan/"
    client.logout()
    replay = client.get(back.removeprefix("http://testserver"))  # the same state and code again
    assert replay["Location"] == "/tai-khoan/dang-nhap/" and User.objects.count() == 1


@pytest.mark.django_db
def test_a_cancelled_log_in_at_the_provider_comes_back_to_the_log_in_page(client, configured):
    client.cookies["motcua_language"] = "en"
    response = client.get("/tai-khoan/dinh-danh/ve/?error=access_denied&state=abc", follow=True)
    assert "Log-in with the national identity was cancelled." in response.content.decode()


@pytest.mark.django_db
def test_an_account_the_centre_closed_does_not_open_with_the_national_identity(client, configured):
    client.cookies["motcua_language"] = "en"
    citizen = make_citizen(phone="0912345678")
    CitizenProfile.objects.filter(user=citizen).update(id_number=PERSON_ID)
    User.objects.filter(pk=citizen.pk).update(is_active=False)
    response = log_in(client, requests.Session())
    assert response["Location"] == "/tai-khoan/dang-nhap/"
    assert "This account is closed." in client.get(response["Location"]).content.decode()
    assert not client.get("/tai-khoan/").wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_log_out_ends_the_session_at_the_provider_too(client, configured):
    browser = requests.Session()
    log_in(client, browser)
    response = client.post("/tai-khoan/dang-xuat/")
    end_session = response["Location"]
    assert end_session.startswith(f"{configured}/logout/?") and "id_token_hint=" in end_session
    assert not client.get("/tai-khoan/").wsgi_request.user.is_authenticated
    back = browser.get(end_session, allow_redirects=False, timeout=10)
    assert back.status_code == 302 and back.headers["Location"] == HOME
    # The provider asks for the password again: its session is over.
    again = browser.get(client.get("/tai-khoan/dinh-danh/")["Location"], allow_redirects=True, timeout=10)
    assert 'name="password"' in again.text


@pytest.mark.django_db
def test_id_numbers_never_reach_the_logs(client, configured, caplog):
    caplog.set_level(logging.DEBUG)
    log_in(client, requests.Session())
    client.post("/tai-khoan/dang-xuat/")
    assert PERSON_ID not in caplog.text


def test_a_token_without_a_well_formed_id_number_is_refused():
    for claims in ({"sub": "a"}, {"sub": "a", "national_id": "12345"}, {"national_id": PERSON_ID}):
        with pytest.raises(identity.IdentityError):
            identity.identity_from_claims(claims, issuer="http://idp", id_claim="national_id")
    found = identity.identity_from_claims(
        {"sub": "a", "cccd": "0010 8501 2345", "phone_number": "0912345678"}, issuer="http://idp", id_claim="cccd"
    )
    assert found.id_number == PERSON_ID and found.phone == ""  # a phone the provider did not verify is not taken


@pytest.mark.django_db(transaction=True)
def test_two_first_log_ins_at_the_same_moment_make_one_account():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite serialises writers)")
    person = identity.Identity(issuer="http://idp", subject="sub-1", id_number=PERSON_ID, name=PERSON_NAME)
    barrier, users, errors = threading.Barrier(4), [], []

    def sign_in():
        try:
            barrier.wait()
            users.append(identity.sign_in(identity=person).pk)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_in) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(set(users)) == 1
    assert User.objects.count() == 1 and CitizenProfile.objects.count() == 1 and IdentityLink.objects.count() == 1
