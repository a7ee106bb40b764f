"""The citizen's API: a token for the account, my documents, online submission, supplement, withdrawal, my
dossiers; each only ever the account's own."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Dossier
from tests.citizens import PASSWORD, PDF, make_citizen
from tests.e2e.province import act

pytestmark = pytest.mark.django_db


class Citizen:
    def __init__(self, client, token: str):
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def get(self, url, **params):
        return self.client.get(url, params, headers=self.headers)

    def post(self, url, body: dict):
        return self.client.post(url, body, content_type="application/json", headers=self.headers)

    def upload(self, name="scan.pdf", data=PDF, title=""):
        return self.client.post(
            "/api/v1/me/files", {"file": SimpleUploadedFile(name, data), "title": title}, headers=self.headers
        )


def token_for(client, contact="0987654321", password=PASSWORD):
    return client.post(
        "/api/v1/citizens/token", {"contact": contact, "password": password}, content_type="application/json"
    )


@pytest.fixture
def citizen(client, world) -> Citizen:
    make_citizen(phone="0987654321", name="Đỗ Minh Khoa")
    response = token_for(client, contact="+84 987 654 321")
    assert response.status_code == 201
    return Citizen(client, response.json()["token"])


def body(files: list[int], **overrides) -> dict:
    data = {
        "procedure": "1.000001",
        "applicant": {"name": "Đỗ Minh Khoa", "id_number": "001199012399", "phone": "0987654321"},
        "documents": [{"position": i, "file_ids": [f]} for i, f in enumerate(files, start=1)],
        "return_method": "post",
        "return_address": "12 Lê Lợi, Phường Hòa An",
    }
    data.update(overrides)
    return data


def test_a_wrong_password_gets_no_token_and_repeated_ones_lock(client, world):
    make_citizen(phone="0987654321")
    assert token_for(client, password="wrong-one").status_code == 401
    assert token_for(client, contact="0900000000").json()["error"]["code"] == "unauthorized"
    for _ in range(4):
        token_for(client, password="wrong-one")
    assert token_for(client).status_code == 429


def test_submit_online_through_the_api(citizen, django_capture_on_commit_callbacks):
    files = [citizen.upload(f"giay-to-{i}.pdf").json()["id"] for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen.post("/api/v1/me/dossiers", body(files))
    assert response.status_code == 201, response.json()
    created = response.json()
    dossier = Dossier.objects.get(code=created["code"])
    assert created["secret"] == dossier.lookup_secret and created["state"] == "submitted"
    assert dossier.return_method == "post" and dossier.return_address == "12 Lê Lợi, Phường Hòa An"
    listed = citizen.get("/api/v1/me/dossiers").json()["items"]
    assert [d["code"] for d in listed] == [dossier.code]
    detail = citizen.get(f"/api/v1/me/dossiers/{dossier.code}").json()
    assert detail["timeline"][0]["text"] == "Nộp trực tuyến"


def test_an_incomplete_dossier_is_refused_with_what_is_missing(citizen):
    one = citizen.upload().json()["id"]
    response = citizen.post(
        "/api/v1/me/dossiers",
        body([one], applicant={"name": "Khoa", "id_number": "12345678901", "email": "khoa@example.vn"}),
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "incomplete"
    assert {d["field"] for d in error["details"]} == {"id_number", "doc-2", "doc-3"}
    assert not Dossier.objects.exists()


def test_files_of_someone_else_cannot_be_attached(client, citizen):
    make_citizen(phone="0911222333", name="Người Khác", client="10.0.0.9")
    other = Citizen(client, token_for(client, contact="0911222333").json()["token"])
    theirs = other.upload().json()["id"]
    mine = [citizen.upload().json()["id"] for _ in range(2)]
    response = citizen.post("/api/v1/me/dossiers", body([theirs, *mine]))
    assert response.status_code == 422 and response.json()["error"]["code"] == "incomplete"
    assert not Dossier.objects.exists()
    assert citizen.get("/api/v1/me/files").json()[0]["id"] in mine


def test_a_supplement_and_a_withdrawal_through_the_api(citizen, world):
    files = [citizen.upload().json()["id"] for _ in range(3)]
    code = citizen.post("/api/v1/me/dossiers", body(files)).json()["code"]
    dossier = Dossier.objects.get(code=code)
    act(world, dossier, "motcua", "request_supplement", reason="Thiếu chữ ký", items=["Đơn có chữ ký"])
    detail = citizen.get(f"/api/v1/me/dossiers/{code}").json()
    assert detail["state"] == "awaiting_supplement" and detail["supplement_items"] == ["Đơn có chữ ký"]
    signed = citizen.upload("don-ky.pdf").json()["id"]
    asked = {"version": detail["version"], "documents": [{"name": "Đơn có chữ ký", "file_ids": [signed]}]}
    response = citizen.post(f"/api/v1/me/dossiers/{code}/supplement", asked)
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    stale = citizen.post(f"/api/v1/me/dossiers/{code}/withdraw", {"version": detail["version"]})
    assert stale.status_code == 409
    done = citizen.post(
        f"/api/v1/me/dossiers/{code}/withdraw", {"version": response.json()["version"], "reason": "Nộp nhầm"}
    )
    assert done.status_code == 200 and done.json()["state"] == "withdrawn"


def test_a_staff_token_is_not_a_citizen_and_a_citizen_token_reaches_no_staff_data(client, citizen, world):
    from motcua.core.services import issue_api_token

    _token, raw = issue_api_token(user=world.user("motcua"), name="tests")
    staff = client.get("/api/v1/me/dossiers", headers={"Authorization": f"Bearer {raw}"})
    assert staff.status_code == 403 and staff.json()["error"]["code"] == "not_a_citizen"
    from tests.e2e.province import receive

    theirs = receive(world)
    assert citizen.get(f"/api/v1/dossiers/{theirs.code}").status_code == 404
    assert citizen.get(f"/api/v1/me/dossiers/{theirs.code}").status_code == 404
    assert citizen.get("/api/v1/dossiers").json()["items"] == []
    refused = client.post(
        "/api/v1/files",
        {"file": SimpleUploadedFile("a.pdf", PDF), "applicant": "001190012345"},
        headers=citizen.headers,
    )
    assert refused.status_code == 403


def test_bad_uploads_are_refused_in_the_users_language(client, citizen):
    response = client.post(
        "/api/v1/me/files",
        {"file": SimpleUploadedFile("x.pdf", b"not a pdf")},
        headers={**citizen.headers, "Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Only PDF files and images (JPEG, PNG, TIFF, WebP) can be attached."
