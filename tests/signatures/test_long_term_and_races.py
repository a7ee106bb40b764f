"""PAdES B-LT (revocation information embedded when signing), and two leaders approving at once: one signs, the
other is told someone acted first (PostgreSQL: SQLite's test database is one connection)."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from pyhanko.pdf_utils.reader import PdfFileReader

from motcua.dossiers.actions import ApproveInput
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Conflict
from motcua.dossiers.services.files import store_upload
from motcua.signatures.models import SignedDocument
from motcua.signatures.services import approve_with_signature
from motcua.signatures.signing import sign_pdf
from motcua.signatures.verdict import Overall
from motcua.signatures.verification import verify_pdf
from tests.dossiers.test_concurrency import in_threads
from tests.e2e.province import act, receive
from tests.factories import agency
from tests.signatures.documents import blank_pdf


@pytest.mark.django_db
def test_long_term_signatures_embed_the_revocation_answers(p12_key, settings, pki):
    settings.SIGNING_LONG_TERM = True
    signed = sign_pdf(pdf=blank_pdf(), key=p12_key(agency(), tsa=pki.tsa_url), reason="Kết quả")
    dss = PdfFileReader(io.BytesIO(signed)).root["/DSS"]
    assert "/OCSPs" in dss or "/CRLs" in dss  # the responder's answers travel with the document
    assert verify_pdf(signed).overall == Overall.VALID


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_sign_once(p12_key, signing_settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server with several connections (run with MOTCUA_DATABASE_URL=postgres://...)")
    from tests.e2e.province import build_province

    world = build_province()
    p12_key(world.justice)
    dossier = act(world, act(world, receive(world), "tuphap.chuyenvien", "assign"), "tuphap.chuyenvien", "forward")
    leader = world.user("tuphap.lanhdao")
    files = [store_upload(data=blank_pdf(), original_name=f"kq{i}.pdf", user=leader) for i in range(2)]

    def approve(i):
        return approve_with_signature(
            code=dossier.code, actor=leader, version=dossier.version, command=ApproveInput(result_file_id=files[i].pk)
        )

    results = in_threads(approve, 2)
    assert sorted(type(r).__name__ for r in results) == ["Approval", "Conflict"], results
    assert any(isinstance(r, Conflict) for r in results)
    assert SignedDocument.objects.count() == 1
    assert Dossier.objects.get(pk=dossier.pk).result_file_id == SignedDocument.objects.get().file_id
