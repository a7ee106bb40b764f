"""The public verify page (/xac-thuc/) and POST /api/v1/verify: anyone sends a PDF and reads the verdict."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.utils import timezone

from motcua.signatures.signing import sign_pdf
from tests.factories import agency
from tests.signatures.documents import blank_pdf, flip_signed_byte

pytestmark = pytest.mark.django_db


def _file(data: bytes, name: str = "van-ban.pdf") -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_the_page_says_valid_with_the_signer_and_the_time_in_vietnam(client, p12_key):
    signed = sign_pdf(pdf=blank_pdf(), key=p12_key(agency()), reason="Kết quả")
    client.cookies["motcua_language"] = "en"
    assert client.get("/xac-thuc/").status_code == 200
    response = client.post("/xac-thuc/", {"tep": _file(signed)})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-overall="valid"' in html
    assert "Sở Tư pháp tỉnh Hòa An" in html and "UBND tỉnh Hòa An" in html
    shown = re.search(r"(\d\d):(\d\d):\d\d \d\d/\d\d/\d{4} \(Vietnam time", html)
    assert shown is not None and int(shown[1]) == timezone.localtime(timezone.now()).hour


def test_the_page_reports_a_tampered_file_and_an_unsigned_one(client, p12_key):
    signed = sign_pdf(pdf=blank_pdf(), key=p12_key(agency()), reason="Kết quả")
    client.cookies["motcua_language"] = "en"
    html = client.post("/xac-thuc/", {"tep": _file(flip_signed_byte(signed))}).content.decode()
    assert 'data-overall="changed"' in html and "Changed after signing" in html
    html = client.post("/xac-thuc/", {"tep": _file(blank_pdf())}).content.decode()
    assert "This document is not signed" in html


def test_the_page_refuses_a_file_over_the_limit(client, settings):
    settings.VERIFY_MAX_MB = 1
    response = client.post("/xac-thuc/", {"tep": _file(b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))})
    assert response.status_code == 413


def test_the_api_answers_a_typed_verdict(client, p12_key):
    signed = sign_pdf(pdf=blank_pdf(), key=p12_key(agency(), "agency-revoked"), reason="Kết quả")
    response = client.post("/api/v1/verify", {"file": _file(signed)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["overall"] == "certificate_problem"
    (sig,) = body["signatures"]
    assert sig["certificate"] == "revoked" and sig["intact"] and sig["coverage"] == "whole"
    assert sig["signer"] == "Sở Xây dựng tỉnh Hòa An (bị thu hồi)" and sig["signed_at"].endswith("+07:00")
    assert sig["revoked_at"].startswith("2025-01-01")


def test_the_api_errors_are_typed(client, settings):
    assert client.post("/api/v1/verify", {"file": _file(b"no pdf here")}).json()["error"]["code"] == "not_pdf"
    settings.VERIFY_MAX_MB = 1
    response = client.post("/api/v1/verify", {"file": _file(b"%PDF" + b"0" * (1024 * 1024 + 10))})
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    assert client.post("/api/v1/verify", {}).status_code == 422


def test_the_openapi_document_describes_verify(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    operation = schema["paths"]["/api/v1/verify"]["post"]
    assert set(operation["responses"]) >= {"200", "413", "422", "429"}
    verdict = schema["components"]["schemas"]["VerdictOut"]
    assert set(verdict["properties"]["overall"]["enum"]) == {"valid", "unsigned", "changed", "certificate_problem"}
