"""A citizen logs in with the national identity in the browser: from the portal's log-in page to the local OpenID
Connect provider (its own process), their ID number and password typed there, back in their account; log-out
ends the provider's session too."""

from __future__ import annotations

import copy
import re

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import CitizenProfile
from tests.identity_provider import CLIENT_ID, CLIENT_SECRET, PERSON_ID, PERSON_NAME, PERSON_PASSWORD, running_provider


@pytest.fixture
def provider(live_url, tmp_path, settings):
    with running_provider(
        tmp_path / "idp", redirect_uris=[f"{live_url}/tai-khoan/dinh-danh/ve/"], post_logout_uris=[f"{live_url}/"]
    ) as issuer:
        settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = issuer, CLIENT_ID, CLIENT_SECRET
        # As the settings do for a configured issuer: the log-out form is redirected to the provider.
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"] = ["'self'", issuer]
        settings.CONTENT_SECURITY_POLICY = policy
        yield issuer


def test_log_in_and_out_with_the_national_identity(page, transactional_db, provider, screenshot):
    page.goto("/tai-khoan/dang-nhap/")
    screenshot(page, "oidc-login-page")
    page.locator("#national-identity").click()
    page.wait_for_url(re.compile(rf"^{re.escape(provider)}/accounts/login/"))
    page.get_by_label("National ID number").fill(PERSON_ID)
    page.get_by_label("Password").fill(PERSON_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.locator("h1")).to_have_text(f"Xin chào, {PERSON_NAME}")
    assert CitizenProfile.objects.get().id_number == PERSON_ID
    screenshot(page, "oidc-logged-in")

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/$"))
    assert not page.url.startswith(provider)  # back on the portal's home page
    # The provider's session ended too: the next log-in asks for the password again.
    page.goto("/tai-khoan/dang-nhap/")
    page.locator("#national-identity").click()
    expect(page.get_by_label("National ID number")).to_be_visible()
