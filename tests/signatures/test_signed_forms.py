"""The receipt (Mẫu 01) carries the centre's signature when the centre has a key: signed once, the same file on
every later print."""

from __future__ import annotations

import pytest

from motcua.core.models import Centre
from motcua.signatures.models import SignedDocument
from motcua.signatures.verdict import Overall
from motcua.signatures.verification import verify_pdf
from tests.e2e.province import receive

pytestmark = pytest.mark.django_db


def _receipt(client, world, dossier) -> bytes:
    client.force_login(world.user("motcua"))
    response = client.get(f"/api/v1/dossiers/{dossier.code}/forms/01.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_the_receipt_is_signed_by_the_centre_once(client, world, p12_key):
    dossier = receive(world)
    dossier.centre = Centre.objects.create(
        code="TTHCC-H99", name="Trung tâm Phục vụ hành chính công", agency=world.root
    )
    dossier.save(update_fields=["centre"])
    p12_key(world.root)
    first = _receipt(client, world, dossier)
    verdict = verify_pdf(first)
    assert verdict.overall == Overall.VALID
    assert SignedDocument.objects.filter(dossier=dossier, purpose="form-01").count() == 1
    assert _receipt(client, world, dossier) == first  # printed again: the same signed file


def test_without_a_centre_key_the_receipt_is_unsigned(client, world, signing_settings):
    assert verify_pdf(_receipt(client, world, receive(world))).overall == Overall.UNSIGNED
