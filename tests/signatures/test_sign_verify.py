"""Signing with a PKCS#12 file and with a PKCS#11 token, then verifying: what anyone checking the document reads."""

from __future__ import annotations

import pytest

from motcua.signatures.signing import sign_pdf
from motcua.signatures.verdict import Certificate, Coverage, Overall
from motcua.signatures.verification import verify_pdf
from tests.factories import agency
from tests.signatures.documents import add_content_later, blank_pdf, flip_signed_byte

pytestmark = pytest.mark.django_db


def test_signed_with_a_pkcs12_file_is_valid_with_the_signer_named(p12_key):
    key = p12_key(agency(code="000.00.03.H99", name="Sở Tư pháp"))
    signed = sign_pdf(pdf=blank_pdf(), key=key, reason="Kết quả", verify_url="https://motcua.example.vn/xac-thuc/abc/")
    verdict = verify_pdf(signed)
    assert verdict.overall == Overall.VALID
    (sig,) = verdict.signatures
    assert sig.signer_name == "Sở Tư pháp tỉnh Hòa An" and sig.signer_organisation == "UBND tỉnh Hòa An"
    assert sig.coverage == Coverage.WHOLE and sig.certificate == Certificate.VALID
    assert sig.signed_at is not None and not sig.timestamped


def test_signed_with_a_softhsm_token_is_valid(token_key):
    key = token_key(agency(code="000.00.03.H99", name="Sở Tư pháp"))
    signed = sign_pdf(pdf=blank_pdf(), key=key, reason="Kết quả", verify_url="https://motcua.example.vn/xac-thuc/t/")
    verdict = verify_pdf(signed)
    assert verdict.overall == Overall.VALID, verdict
    assert verdict.signatures[0].signer_name == "Sở Tư pháp tỉnh Hòa An"


def test_a_timestamp_authority_dates_the_signature(p12_key, pki):
    key = p12_key(agency(), tsa=pki.tsa_url)
    verdict = verify_pdf(sign_pdf(pdf=blank_pdf(), key=key, reason="Kết quả"))
    (sig,) = verdict.signatures
    assert sig.timestamped and sig.timestamp_valid and verdict.overall == Overall.VALID


def test_bytes_changed_inside_the_signed_range_are_reported(p12_key):
    signed = sign_pdf(pdf=blank_pdf(), key=p12_key(agency()), reason="Kết quả")
    verdict = verify_pdf(flip_signed_byte(signed))
    assert verdict.overall == Overall.CHANGED and verdict.mark == "broken"
    assert verdict.signatures[0].coverage == Coverage.BYTES_CHANGED


def test_content_added_after_signing_is_reported(p12_key):
    signed = sign_pdf(pdf=blank_pdf(), key=p12_key(agency()), reason="Kết quả")
    verdict = verify_pdf(add_content_later(signed))
    assert verdict.overall == Overall.CHANGED
    assert verdict.signatures[0].coverage == Coverage.LATER_CHANGES


def test_an_expired_certificate_is_reported(p12_key):
    verdict = verify_pdf(sign_pdf(pdf=blank_pdf(), key=p12_key(agency(), "agency-expired"), reason="Kết quả"))
    assert verdict.overall == Overall.CERTIFICATE_PROBLEM and verdict.mark == "signed"
    assert verdict.signatures[0].certificate == Certificate.EXPIRED


def test_a_revoked_certificate_is_reported_from_the_ocsp_responder(p12_key):
    verdict = verify_pdf(sign_pdf(pdf=blank_pdf(), key=p12_key(agency(), "agency-revoked"), reason="Kết quả"))
    (sig,) = verdict.signatures
    assert sig.certificate == Certificate.REVOKED and sig.revoked_at is not None
    assert sig.revoked_at.year == 2025


def test_an_untrusted_issuer_is_reported(p12_key, settings):
    signed = sign_pdf(pdf=blank_pdf(), key=p12_key(agency()), reason="Kết quả")
    settings.SIGNING_TRUST_ROOTS = []
    assert verify_pdf(signed).signatures[0].certificate == Certificate.UNTRUSTED


def test_an_unsigned_pdf_and_a_non_pdf():
    assert verify_pdf(blank_pdf()).overall == Overall.UNSIGNED
    assert verify_pdf(b"not a pdf at all").overall == Overall.NOT_PDF
