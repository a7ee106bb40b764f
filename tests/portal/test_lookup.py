# ruff: noqa: F811 (the dossier tests' fixtures, imported, are parameters here)
"""The public look-up page (/tra-cuu/): the receipt's QR opens the result; nothing personal; rate-limited."""

import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core import ratelimit
from motcua.core.models import Centre
from motcua.dossiers.forms.fill import lookup_url
from motcua.dossiers.models import Dossier
from motcua.portal.lookup import limiter
from tests.dossiers.conftest import Api, api, province  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
PRIVATE = ["001190012345", "0912345678", "Nguyễn Thị Hương", "Phường Hòa An", "tuphap.chuyenvien", "tuphap.lanhdao"]


@pytest.fixture(autouse=True)
def _generous_limit(monkeypatch):
    monkeypatch.setenv("MOTCUA_LOOKUP_RATE_PER_MINUTE", "1000")


def _page(client, code, secret, addr="127.0.0.1"):
    return client.get("/tra-cuu/", {"ma": code, "bi-mat": secret}, REMOTE_ADDR=addr)


def test_the_receipts_qr_link_opens_the_result(client, api: Api):
    code = api.receive().json()["code"]
    url = urlsplit(lookup_url(Dossier.objects.get(code=code)))
    response = client.get(f"{url.path}?{url.query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert code in html and "Cấp phiếu lý lịch tư pháp" in html
    assert "Đã tiếp nhận" in html or "Received, waiting to be handled" in html
    assert Dossier.objects.get(code=code).due_at.astimezone().strftime("%d/%m/%Y") in html


def test_the_empty_form_asks_for_code_and_secret(client, db):
    html = client.get("/tra-cuu/").content.decode()
    assert 'name="ma"' in html and 'name="bi-mat"' in html
    response = client.get("/tra-cuu/", {"ma": "000.00.03.H99-990101-0001", "bi-mat": ""})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()


def test_a_wrong_secret_looks_exactly_like_an_unknown_code(client, api: Api):
    created = api.receive().json()
    wrong = _page(client, created["code"], "WRONG123")
    unknown = _page(client, "000.00.03.H99-990101-0001", created["lookup_secret"])
    assert wrong.status_code == unknown.status_code == 404

    def message(response):
        html = response.content.decode()
        return html[html.index('role="alert"') :][:300]

    assert message(wrong) == message(unknown)
    assert created["code"] not in wrong.content.decode().split("</form>")[-1]  # only echoed back in the form


def test_the_secret_is_not_case_sensitive_and_spaces_are_ignored(client, api: Api):
    created = api.receive().json()
    assert _page(client, f" {created['code']} ", created["lookup_secret"].lower()).status_code == 200


def test_the_code_and_secret_are_taken_as_typed_from_paper(client, api: Api):
    """Lower case, a stray space inside or around: the page and the API find the dossier all the same."""
    created = api.receive().json()
    code, secret = created["code"], created["lookup_secret"]
    typed_code, typed_secret = f" {code.lower()} ", f"{secret[:4].lower()} {secret[4:]} "
    page = _page(client, typed_code, typed_secret)
    assert page.status_code == 200 and code in page.content.decode()
    answer = client.get("/api/v1/lookup", {"code": typed_code, "secret": typed_secret})
    assert answer.status_code == 200 and answer.json()["code"] == code


def test_nothing_personal_in_the_page(client, api: Api):
    created = api.receive().json()
    code, secret = created["code"], created["lookup_secret"]
    d = api.act("tuphap.chuyenvien", code, "assign", 1).json()
    api.act("tuphap.chuyenvien", code, "forward", d["version"])
    html = _page(client, code, secret).content.decode()
    assert code in html
    for private in PRIVATE:
        assert private not in html


def test_awaiting_supplement_lists_what_to_bring(client, api: Api):
    created = api.receive().json()
    code, secret = created["code"], created["lookup_secret"]
    api.act(
        "tuphap.chuyenvien",
        code,
        "request_supplement",
        1,
        reason="Thiếu giấy tờ của Nguyễn Thị Hương",
        items=["Bản sao Căn cước công dân", "Sơ yếu lý lịch"],
    )
    html = _page(client, code, secret).content.decode()
    assert "Bản sao Căn cước công dân" in html and "Sơ yếu lý lịch" in html
    assert "Thiếu giấy tờ" not in html  # the officer's note is not public
    for private in PRIVATE:
        assert private not in html


def test_result_ready_says_where_to_collect_it(client, api: Api, province):
    created = api.receive(resolve_now=True).json()
    code, secret = created["code"], created["lookup_secret"]
    centre = Centre.objects.create(
        code="TT-H99",
        name="Trung tâm Phục vụ hành chính công tỉnh Hòa An",
        agency=province.root,
        address="Số 1 Đường Trung tâm",
    )
    Dossier.objects.filter(code=code).update(centre=centre)
    html = _page(client, code, secret).content.decode()
    assert "Trung tâm Phục vụ hành chính công tỉnh Hòa An" in html and "Số 1 Đường Trung tâm" in html


def test_an_extension_shows_the_new_appointment(client, api: Api):
    created = api.receive().json()
    code, secret = created["code"], created["lookup_secret"]
    first = Dossier.objects.get(code=code).due_at
    later = first + timedelta(days=5)
    api.act("tuphap.lanhdao", code, "extend", 1, reason="Cần xác minh", apology="Xin lỗi", new_due_at=later.isoformat())
    html = _page(client, code, secret).content.decode()
    assert later.astimezone().strftime("%d/%m/%Y") in html and first.astimezone().strftime("%d/%m/%Y") in html


def test_after_30_failed_lookups_in_a_minute_an_address_is_refused_even_the_right_secret(client, api: Api, monkeypatch):
    monkeypatch.setenv("MOTCUA_LOOKUP_RATE_PER_MINUTE", "30")
    created = api.receive().json()
    if time.time() % limiter.WINDOW_SECONDS > limiter.WINDOW_SECONDS - 5:  # not across a window's edge
        time.sleep(limiter.WINDOW_SECONDS - time.time() % limiter.WINDOW_SECONDS + 0.1)
    for _ in range(29):
        assert _page(client, created["code"], "WRONG234", addr="10.1.2.3").status_code == 404
    for _ in range(40):  # right look-ups (a centre's kiosk, its Wi-Fi behind one address) are not counted
        assert _page(client, created["code"], created["lookup_secret"], addr="10.1.2.3").status_code == 200
    assert _page(client, created["code"], "WRONG234", addr="10.1.2.3").status_code == 404  # the 30th miss
    refused = _page(client, created["code"], created["lookup_secret"], addr="10.1.2.3")
    assert refused.status_code == 429
    assert created["code"] not in refused.content.decode().split("</form>")[-1]
    assert "phút" in refused.content.decode() or "minute" in refused.content.decode()
    assert _page(client, created["code"], created["lookup_secret"], addr="10.1.2.4").status_code == 200


def test_the_limiter_counts_atomically_per_key_and_window(db):
    now = 1_800_000_000.0
    assert [ratelimit.hit("k", window_seconds=limiter.WINDOW_SECONDS, now=now) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.hit("other", window_seconds=limiter.WINDOW_SECONDS, now=now) == 1
    assert (
        ratelimit.hit("k", window_seconds=limiter.WINDOW_SECONDS, now=now + limiter.WINDOW_SECONDS) == 1
    )  # a new window starts again


def test_the_page_costs_the_same_queries_whatever_the_history(client, api: Api):
    created = api.receive().json()
    code, secret = created["code"], created["lookup_secret"]
    _page(client, code, secret)
    with CaptureQueriesContext(connection) as short:
        _page(client, code, secret)
    version = 1
    for _ in range(3):
        version = api.act("tuphap.chuyenvien", code, "request_supplement", version, reason="x", items=["a"]).json()[
            "version"
        ]
        version = api.act("motcua", code, "complete_supplement", version).json()["version"]
    with CaptureQueriesContext(connection) as long:
        _page(client, code, secret)
    assert len(long) == len(short) <= 8


def test_a_returned_dossier_leads_to_its_rating(client, world):
    from tests.e2e.province import receive, returned, to_result_ready

    dossier = returned(world, to_result_ready(world, receive(world)))
    html = _page(client, dossier.code, dossier.lookup_secret).content.decode()
    assert f'href="/danh-gia/?ma={dossier.code}&amp;bi-mat={dossier.lookup_secret}"' in html
    assert "Đánh giá mức độ hài lòng" in html
