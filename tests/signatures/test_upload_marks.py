"""Scans received with a dossier are verified once it exists and marked signed / unsigned / broken; the desk's
dossier page shows the mark by each file."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.services.files import store_upload
from motcua.signatures.models import FileSignatureCheck
from motcua.signatures.signing import sign_pdf
from tests.signatures.documents import add_content_later, blank_pdf

pytestmark = pytest.mark.django_db


def test_received_scans_are_marked_and_the_desk_shows_the_marks(
    client, world, p12_key, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    key = p12_key(world.construction)  # a citizen's signed paper from another agency
    signed = sign_pdf(pdf=blank_pdf(), key=key, reason="Văn bản")
    officer = world.user("motcua")
    files = {
        name: store_upload(data=data, original_name=f"{name}.pdf", title=name, user=officer)
        for name, data in (
            ("signed", signed),
            ("unsigned", blank_pdf()),
            ("broken", add_content_later(signed)),
            ("damaged", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),  # passes the type check, unreadable
        )
    }
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.receive_dossier(
            officer=officer,
            procedure_code=world.procedures["justice"],
            agency_code=world.justice.code,
            channel="counter",
            applicant=services.ApplicantInput(name="Lê Thị Lan", id_number="036192000777", phone="0912345678"),
            documents=[services.DocumentInput(name="Giấy tờ", copies=1, file_ids=[f.pk for f in files.values()])],
            fees=[],
            now=timezone.now(),
        )
    marks = {c.file.title: (c.mark, c.trusted) for c in FileSignatureCheck.objects.select_related("file")}
    assert marks == {
        "signed": ("signed", True),
        "unsigned": ("unsigned", False),
        "broken": ("broken", False),
        "damaged": ("unreadable", False),  # a damaged file, not a broken signature
    }
    assert FileSignatureCheck.objects.get(file=files["signed"]).signer == "Sở Tư pháp tỉnh Hòa An"

    client.cookies["motcua_language"] = "en"
    client.force_login(world.user("tuphap.chuyenvien"))
    with django_assert_max_num_queries(40):
        html = client.get(reverse("desk:dossier", args=[dossier.code])).content.decode()
    assert html.count('class="badge online"') == 1 and ">Signed<" in html
    assert "Signature broken" in html and "Not signed" in html and "Unreadable PDF" in html


def test_a_citizens_online_upload_is_marked(world, p12_key, django_capture_on_commit_callbacks):
    from motcua.dossiers.services import submit_online
    from tests.citizens import make_citizen

    citizen = make_citizen()
    signed = sign_pdf(pdf=blank_pdf(), key=p12_key(world.construction), reason="Văn bản")
    mine = store_upload(data=signed, original_name="giay-phep.pdf", title="Giấy phép", owner=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        submit_online(
            citizen=citizen,
            procedure_code=world.procedures["justice"],
            applicant=services.ApplicantInput(name="Đỗ Minh Khoa", id_number="001090001234", phone="0987654321"),
            documents=[services.DocumentInput(name="Giấy phép", copies=1, file_ids=[mine.pk])],
        )
    assert FileSignatureCheck.objects.get(file=mine).mark == "signed"
