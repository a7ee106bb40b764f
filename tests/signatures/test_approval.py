"""A leader approves the last step with a result PDF: the desk and the API both sign it with the agency's key,
the signed file becomes the result, and its QR leads to the public verify page."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from motcua.dossiers.models import Dossier, DossierEvent, StoredFile
from motcua.dossiers.services.files import store_upload
from motcua.signatures.models import SignedDocument
from motcua.signatures.verdict import Overall
from motcua.signatures.verification import verify_pdf
from tests.e2e.province import act, receive
from tests.signatures.documents import blank_pdf

pytestmark = pytest.mark.django_db


def _links(pdf: bytes) -> list[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[-1]
    return [str(a.get_object().get("/A", {}).get("/URI", "")) for a in page.get("/Annots", [])]


def _at_leader(world) -> Dossier:
    return act(world, act(world, receive(world), "tuphap.chuyenvien", "assign"), "tuphap.chuyenvien", "forward")


def _desk_approve(client, world, dossier: Dossier, pdf: bytes):
    client.cookies["motcua_language"] = "en"
    client.force_login(world.user("tuphap.lanhdao"))
    dossier.refresh_from_db()
    upload = io.BytesIO(pdf)
    upload.name = "ket-qua.pdf"
    url = reverse("desk:dossier", args=[dossier.code])
    return client.post(url, {"action": "approve", "version": dossier.version, "result": upload}, follow=True)


def test_the_desk_approval_signs_the_result_and_the_qr_leads_to_its_verify_page(client, world, p12_key):
    p12_key(world.justice)
    dossier = _at_leader(world)
    response = _desk_approve(client, world, dossier, blank_pdf())
    html = response.content.decode()
    assert response.status_code == 200 and "The result was signed digitally by Sở Tư pháp" in html
    dossier.refresh_from_db()
    signed = SignedDocument.objects.get(dossier=dossier)
    assert dossier.state == "result_ready" and dossier.result_file_id == signed.file_id
    assert "Signed by the agency" in html  # the result's badge on the dossier page
    data = signed.file.file.read()
    verdict = verify_pdf(data)
    assert verdict.overall == Overall.VALID and verdict.signatures[0].signer_name == "Sở Tư pháp tỉnh Hòa An"
    assert signed.sha256 == verdict.sha256 and signed.signer_subject.startswith("Common Name: Sở Tư pháp")
    # The stamp on the last page: its QR code and its link lead to the document's verify page.
    assert f"https://motcua.example.vn/xac-thuc/{signed.token}/" in _links(data)
    history = DossierEvent.objects.filter(dossier=dossier, action="approve").get()
    assert history.data["result_file_id"] == signed.file_id  # the history names the signed file
    page = client.get(f"/xac-thuc/{signed.token}/")
    text = page.content.decode()
    assert page.status_code == 200 and dossier.code in text and "Valid signature" in text
    assert "Nguyễn" not in text.split("<main", 1)[-1]  # nothing personal: no applicant's name
    download = client.get(f"/xac-thuc/{signed.token}/tai-ve/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == data


def test_the_api_approval_signs_with_the_token(client, world, token_key):
    from motcua.core.services import issue_api_token

    token_key(world.justice)
    dossier = _at_leader(world)
    leader = world.user("tuphap.lanhdao")
    stored = store_upload(data=blank_pdf(), original_name="kq.pdf", title="Kết quả", user=leader)
    bearer = {"Authorization": f"Bearer {issue_api_token(user=leader, name='t')[1]}"}
    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/actions/approve",
        {"version": dossier.version, "result_file_id": stored.pk},
        content_type="application/json",
        headers=bearer,
    )
    assert response.status_code == 200, response.content
    dossier.refresh_from_db()
    signed = SignedDocument.objects.get(dossier=dossier)
    assert dossier.result_file_id == signed.file_id != stored.pk
    assert verify_pdf(signed.file.file.read()).overall == Overall.VALID


def test_a_wrong_pin_refuses_the_approval_and_changes_nothing(client, world, token_key):
    token_key(world.justice, pin="000000")
    dossier = _at_leader(world)
    before = (dossier.state, dossier.version)
    files_before = StoredFile.objects.count()
    response = _desk_approve(client, world, dossier, blank_pdf())
    assert response.status_code == 422
    assert "The signing token of Sở Tư pháp could not be opened" in response.content.decode()
    dossier.refresh_from_db()
    assert (dossier.state, dossier.version) == before and dossier.result_file_id is None
    assert not SignedDocument.objects.exists()
    assert StoredFile.objects.count() == files_before + 1  # only the upload, kept for the next try


def test_a_missing_pin_refuses_the_api_approval(client, world, p12_key, signing_settings):
    from motcua.core.services import issue_api_token

    p12_key(world.justice)
    (signing_settings / "p12-agency").unlink()
    dossier = _at_leader(world)
    leader = world.user("tuphap.lanhdao")
    stored = store_upload(data=blank_pdf(), original_name="kq.pdf", user=leader)
    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/actions/approve",
        {"version": dossier.version, "result_file_id": stored.pk},
        content_type="application/json",
        headers={"Authorization": f"Bearer {issue_api_token(user=leader, name='t')[1]}"},
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "signing_pin_missing"
    dossier.refresh_from_db()
    assert dossier.state != "result_ready"


def test_without_a_key_the_approval_goes_ahead_unsigned_and_says_so(client, world, signing_settings):
    dossier = _at_leader(world)
    response = _desk_approve(client, world, dossier, blank_pdf())
    assert "The result was not signed digitally: the agency has no signing key." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == "result_ready" and dossier.result_file_id and not SignedDocument.objects.exists()


def test_an_unknown_token_is_not_found(client, db):
    assert client.get("/xac-thuc/khong-co/").status_code == 404
