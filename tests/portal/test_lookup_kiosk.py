# ruff: noqa: F811 (the dossier tests' fixtures, imported, are parameters here)
"""The hall's look-up kiosk (/tra-cuu/kiosk/): what a scanner types in (the receipt's QR address, the barcode's code
then the secret, or "CODE SECRET") shows the state, the appointment and what to do next; nothing personal."""

import time

import pytest
from django.utils import timezone

from motcua.core.models import Centre
from motcua.dossiers.forms.fill import lookup_url
from motcua.dossiers.models import Dossier
from motcua.portal.lookup import limiter
from motcua.portal.lookup.kiosk import Scan, read_scan
from tests.dossiers.conftest import Api, api, province  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
URL = "/tra-cuu/kiosk/"
PRIVATE = ["001190012345", "0912345678", "Nguyễn Thị Hương", "Phường Hòa An", "tuphap.chuyenvien", "Nguyễn Văn An"]


@pytest.fixture(autouse=True)
def _generous_limit(monkeypatch):
    monkeypatch.setenv("MOTCUA_LOOKUP_RATE_PER_MINUTE", "1000")


@pytest.fixture
def english(client):
    client.cookies["motcua_language"] = "en"
    return client


def scan(client, text, addr="127.0.0.1", **extra):
    return client.get(URL, {"q": text, **extra}, REMOTE_ADDR=addr)


def test_scanning_the_receipts_qr_shows_state_appointment_and_what_next_without_the_applicant(english, api: Api):
    created = api.receive().json()
    dossier = Dossier.objects.get(code=created["code"])
    response = scan(english, lookup_url(dossier))  # the scanner types the whole address the QR carries
    html = response.content.decode()
    assert response.status_code == 200
    assert created["code"] in html and "Received, waiting to be handled" in html
    due = timezone.localtime(dossier.due_at)
    assert f"{due:%H:%M}" in html and f"{due:%d/%m/%Y}" in html  # Vietnam time
    assert "Being handled by Sở Tư pháp." in html and "come back on the appointment date" in html
    for private in PRIVATE:
        assert private not in html
    assert created["lookup_secret"] not in html  # nothing on screen lets a passer-by look it up again


def test_code_and_secret_typed_on_the_keypad_in_one_go(english, api: Api):
    created = api.receive().json()
    typed = f"{created['code'].lower()} {created['lookup_secret'][:4].lower()} {created['lookup_secret'][4:]}"
    response = scan(english, typed)
    assert response.status_code == 200 and "Received, waiting to be handled" in response.content.decode()


def test_the_barcode_gives_the_code_then_the_secret_beside_it_is_asked_for(english, api: Api):
    created = api.receive().json()
    first = scan(english, created["code"])  # the barcode encodes the code alone (dossiers/forms/symbols.py)
    html = first.content.decode()
    assert first.status_code == 200 and "Now type the look-up secret" in html
    assert f'name="ma" value="{created["code"]}"' in html
    second = scan(english, created["lookup_secret"], ma=created["code"])
    assert second.status_code == 200 and "Received, waiting to be handled" in second.content.decode()


def test_a_wrong_secret_says_so_clearly_and_leaks_nothing(english, api: Api):
    created = api.receive().json()
    wrong = scan(english, f"{created['code']} WRONG234")
    unknown = scan(english, f"000.00.03.H99-990101-0001 {created['lookup_secret']}")
    assert wrong.status_code == unknown.status_code == 404
    html = wrong.content.decode()
    assert "No dossier matches this code and secret." in html
    assert created["code"] not in html and "Cấp phiếu lý lịch tư pháp" not in html
    assert html.replace(created["code"], "") == unknown.content.decode().replace("000.00.03.H99-990101-0001", "")


def test_awaiting_supplement_lists_what_to_bring(english, api: Api):
    created = api.receive().json()
    code = created["code"]
    items = ["Bản sao Căn cước công dân", "Sơ yếu lý lịch"]
    api.act("tuphap.chuyenvien", code, "request_supplement", 1, reason="Thiếu giấy tờ", items=items)
    html = scan(english, f"{code} {created['lookup_secret']}").content.decode()
    assert "Bring these documents to the reception counter" in html and all(item in html for item in items)
    assert "Thiếu giấy tờ" not in html


def test_a_ready_result_sends_to_the_return_counter(english, api: Api, province):
    created = api.receive(resolve_now=True).json()
    centre = Centre.objects.create(code="TT-H99", name="Trung tâm PVHCC tỉnh Hòa An", agency=province.root)
    Dossier.objects.filter(code=created["code"]).update(centre=centre)
    html = scan(english, f"{created['code']} {created['lookup_secret']}").content.decode()
    assert "Come to the return counter with your receipt" in html and "Trung tâm PVHCC tỉnh Hòa An" in html


def test_the_page_goes_back_to_its_start_when_idle_and_works_offline(client, db, monkeypatch):
    html = client.get(URL).content.decode()
    assert 'data-idle-seconds="30"' in html and 'data-start-url="/tra-cuu/kiosk/"' in html
    assert 'id="kiosk-input" name="q"' in html and "autofocus" in html
    assert 'data-key="A"' in html and 'data-key="backspace"' in html  # the on-screen keypad
    assert "http://" not in html and "https://" not in html  # no asset from outside: the hall may be offline
    assert "<script>" not in html  # the CSP runs no inline script
    monkeypatch.setenv("MOTCUA_KIOSK_IDLE_SECONDS", "8")
    assert 'data-idle-seconds="8"' in client.get(URL).content.decode()


def test_the_kiosk_s_failed_look_ups_count_against_the_look_up_limit(english, api: Api, monkeypatch):
    monkeypatch.setenv("MOTCUA_LOOKUP_RATE_PER_MINUTE", "5")
    created = api.receive().json()
    if time.time() % limiter.WINDOW_SECONDS > limiter.WINDOW_SECONDS - 5:  # not across a window's edge
        time.sleep(limiter.WINDOW_SECONDS - time.time() % limiter.WINDOW_SECONDS + 0.1)
    typed = f"{created['code']} {created['lookup_secret']}"
    for _ in range(4):
        assert scan(english, f"{created['code']} WRONG234", addr="10.9.9.9").status_code == 404
        assert scan(english, typed, addr="10.9.9.9").status_code == 200  # a right one is not counted
    assert english.get("/tra-cuu/", {"ma": created["code"], "bi-mat": "x"}, REMOTE_ADDR="10.9.9.9").status_code == 404
    refused = scan(english, typed, addr="10.9.9.9")
    assert refused.status_code == 429 and "Too many look-ups" in refused.content.decode()
    assert created["code"] not in refused.content.decode()
    assert scan(english, typed, addr="10.9.9.10").status_code == 200


def test_what_a_scanner_or_a_person_types_is_read_as_code_and_secret():
    code = "000.00.04.H40-230414-0002"
    assert read_scan(f"https://motcua.example.vn/tra-cuu/?ma={code}&bi-mat=ABCD2345\n") == Scan(code, "ABCD2345")
    assert read_scan(f"/tra-cuu/?bi-mat=ABCD2345&ma={code}") == Scan(code, "ABCD2345")
    assert read_scan(f"  {code}   abcd 2345 ") == Scan(code, "abcd2345")
    assert read_scan(code) == Scan(code, "")
    assert read_scan("ABCD 2345", code_before=code) == Scan(code, "ABCD2345")
    assert read_scan("ABCD2345") == Scan("", "ABCD2345")
    assert read_scan("x" * 5000).secret == "x" * 300  # cut to the input's size before anything else


def test_an_empty_or_code_less_scan_asks_again(english, db):
    assert scan(english, "   ").status_code == 200
    html = scan(english, "ABCD2345").content.decode()
    assert "The dossier code is missing." in html
