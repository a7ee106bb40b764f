"""The demo's national identity: the local provider started with the demo's people file logs the demo citizen
into their own account."""

from __future__ import annotations

import pytest
import requests

from motcua.accounts.models import CitizenProfile
from motcua.demo import province as p
from motcua.demo.identity import DEMO_ID_NUMBER, PEOPLE_FILE, set_up_national_identity
from tests.accounts.test_identity_login import CALLBACK, HOME, at_provider
from tests.citizens import make_citizen
from tests.identity_provider import CLIENT_ID, CLIENT_SECRET, running_provider

pytestmark = pytest.mark.django_db


def test_the_demo_citizen_logs_in_with_the_national_identity_into_their_account(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    citizen = make_citizen(phone=p.DEMO_CITIZEN_PHONE, name="Nguyễn Thị Hương")
    earlier = make_citizen(phone="0987000111")
    CitizenProfile.objects.filter(user=earlier).update(id_number=DEMO_ID_NUMBER)  # an earlier run's holder

    username, _role, where = set_up_national_identity(citizen_phone=p.DEMO_CITIZEN_PHONE)
    assert username == DEMO_ID_NUMBER and "/tai-khoan/dang-nhap/" in where
    assert list(CitizenProfile.objects.filter(id_number=DEMO_ID_NUMBER)) == [citizen.citizen]

    people = tmp_path / PEOPLE_FILE
    with running_provider(
        tmp_path / "idp", redirect_uris=[CALLBACK], post_logout_uris=[HOME], people_file=people
    ) as issuer:
        settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = issuer, CLIENT_ID, CLIENT_SECRET
        start = client.get("/tai-khoan/dinh-danh/")
        back = at_provider(requests.Session(), start["Location"], username=DEMO_ID_NUMBER, password=p.DEMO_PASSWORD)
        client.get(back.removeprefix("http://testserver"))
    assert client.get("/tai-khoan/").wsgi_request.user == citizen
