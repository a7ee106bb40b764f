# ruff: noqa: F811 (the dossier tests' fixtures, imported, are parameters here)
"""Every time a person or a client reads is Vietnam time (Asia/Ho_Chi_Minh), and the API's carry +07:00.

The dossier is received at 05:21 on 05/12 in Vietnam, which is 22:21 on 04/12 in UTC: a page or an API showing
UTC shows another day, so every date and hour below tells the two apart."""

import re
from datetime import UTC, datetime

import pytest

from motcua.core.models import User
from motcua.dossiers.models import Dossier, DossierEvent
from tests.citizens import make_citizen
from tests.dossiers.conftest import Api, api, province  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

RECEIVED = datetime(2026, 12, 4, 22, 21, tzinfo=UTC)  # 05:21 05/12/2026 in Vietnam
DUE = datetime(2026, 12, 10, 23, 30, tzinfo=UTC)  # 06:30 11/12/2026 in Vietnam
SHOWN = ["05:21 05/12/2026", "06:30 11/12/2026"]
UTC_SHOWN = ["22:21", "04/12/2026", "23:30", "10/12/2026"]
ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


@pytest.fixture(autouse=True)
def _generous_limit(monkeypatch):
    monkeypatch.setenv("MOTCUA_LOOKUP_RATE_PER_MINUTE", "1000")


@pytest.fixture
def dossier(api: Api) -> Dossier:
    """Received at the counter at 05:21 Vietnam time (a date UTC calls yesterday), due at 06:30 on 11/12."""
    code = api.receive().json()["code"]
    Dossier.objects.filter(code=code).update(submitted_at=RECEIVED, received_at=RECEIVED, due_at=DUE)
    DossierEvent.objects.filter(dossier__code=code).update(at=RECEIVED)
    return Dossier.objects.get(code=code)


def _vietnam_only(html: str, shown=SHOWN) -> None:
    for text in shown:
        assert text in html
    for text in UTC_SHOWN:
        assert text not in html, f"{text} (UTC) is shown"


def _times(value) -> list[str]:
    """Every time text in a JSON document."""
    if isinstance(value, dict):
        return [t for v in value.values() for t in _times(v)]
    if isinstance(value, list):
        return [t for v in value for t in _times(v)]
    return [value] if isinstance(value, str) and ISO_TIME.match(value) else []


def _all_vietnam_time(document) -> list[str]:
    times = _times(document)
    assert times
    for text in times:
        assert text.endswith("+07:00"), f"{text} is not written in Vietnam time"
    return times


def test_the_look_up_page_shows_vietnam_time(client, dossier):
    html = client.get("/tra-cuu/", {"ma": dossier.code, "bi-mat": dossier.lookup_secret}).content.decode()
    _vietnam_only(html)
    assert 'datetime="2026-12-05T05:21:00+07:00"' in html  # the timeline's machine-readable time too


def test_the_api_look_up_gives_vietnam_time_with_its_offset(client, dossier):
    body = client.get("/api/v1/lookup", {"code": dossier.code, "secret": dossier.lookup_secret}).json()
    times = _all_vietnam_time(body)
    assert body["received_at"] == "2026-12-05T05:21:00+07:00" and body["due_at"] == "2026-12-11T06:30:00+07:00"
    assert "2026-12-05T05:21:00+07:00" in times[2:]  # the timeline


def test_the_staff_api_gives_vietnam_time_with_its_offset(api: Api, dossier):
    body = api.get("motcua", f"/api/v1/dossiers/{dossier.code}").json()
    _all_vietnam_time(body)
    assert body["received_at"] == "2026-12-05T05:21:00+07:00"


def test_the_desk_dossier_page_shows_vietnam_time(client, province, dossier):
    client.force_login(User.objects.get(username="motcua"))
    html = client.get(f"/desk/ho-so/{dossier.code}/").content.decode()
    _vietnam_only(html)


def test_my_dossiers_show_vietnam_time(client, dossier):
    citizen = make_citizen(phone="0987654321")
    Dossier.objects.filter(pk=dossier.pk).update(submitted_by=citizen)
    client.force_login(citizen)
    html = client.get("/tai-khoan/").content.decode()
    _vietnam_only(html, shown=["05/12/2026", "06:30 11/12/2026"])
