"""The dossier page (/desk/ho-so/<code>/): summary, documents inline, history, forms to print, and the actions the
user may take now, done through the page; conflicts explained with nothing lost; outsiders get a 404."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from motcua.core.models import User
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.services.files import store_upload
from tests.e2e.province import act, receive

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def login(client, world, username: str):
    client.cookies["motcua_language"] = "en"
    client.force_login(world.user(username))
    return client


def url(dossier: Dossier) -> str:
    return reverse("desk:dossier", args=[dossier.code])


def actions(html: str) -> list[str]:
    """The actions offered, by their form's hidden field."""
    return re.findall(r'<input type="hidden" name="action" value="([a-z_]+)">', html)


def post(client, dossier: Dossier, action: str, **fields):
    dossier.refresh_from_db()
    return client.post(url(dossier), {"action": action, "version": dossier.version, **fields})


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def attach(world, dossier: Dossier, data: bytes, name: str):
    stored = store_upload(data=data, original_name=name, title=name, user=world.user("motcua"))
    DossierDocument.objects.get(dossier=dossier).files.add(stored)
    return stored


def test_the_page_shows_summary_history_forms_and_my_actions(client, world):
    dossier = act(world, receive(world), "tuphap.chuyenvien", "assign")
    html = login(client, world, "tuphap.chuyenvien").get(url(dossier)).content.decode()
    assert f'<span class="code">{dossier.code}</span>' in html and "Cấp phiếu lý lịch tư pháp" in html
    assert dossier.applicant_name in html and dossier.applicant_id_number in html
    assert "Thẩm định, xử lý hồ sơ" in html and "Nguyễn Văn An" in html  # the current step and who holds it
    assert "In progress" in html  # the state in plain words
    assert "Received at the desk" in html and "Assigned" in html  # the history
    assert "Counter officer" in html and "Cán bộ một cửa Trung tâm" in html  # who and in which role
    assert f"/api/v1/dossiers/{dossier.code}/forms/06.pdf" in html  # the control slip
    assert f"/api/v1/dossiers/{dossier.code}/forms/01.pdf" in html
    assert "/forms/02.pdf" not in html and "/forms/04.pdf" not in html  # no supplement asked, never extended
    assert set(actions(html)) == {"assign", "forward", "request_supplement"}
    assert f'name="version" value="{dossier.version}"' in html


def test_forward_through_the_page_hands_it_to_the_leader(client, world):
    dossier = act(world, receive(world), "tuphap.chuyenvien", "assign")
    client = login(client, world, "tuphap.chuyenvien")
    response = post(client, dossier, "forward", note="Hồ sơ đầy đủ, đề nghị phê duyệt")
    assert response.status_code == 302 and response["Location"] == url(dossier)
    html = client.get(url(dossier)).content.decode()
    assert "Forward to the next step: done." in html
    assert "Hồ sơ đầy đủ, đề nghị phê duyệt" in html and "Forwarded" in html
    assert actions(html) == []  # the leader's step now
    dossier.refresh_from_db()
    assert dossier.current_step.role == "leader"


def test_a_supplement_request_lists_the_missing_documents_and_the_reason_is_required(client, world):
    dossier = act(world, receive(world), "tuphap.chuyenvien", "assign")
    client = login(client, world, "tuphap.chuyenvien")
    response = post(client, dossier, "request_supplement", missing=["Đơn đề nghị"], other_missing="Bản sao CCCD")
    html = response.content.decode()
    assert response.status_code == 422 and "The reason is required." in html
    assert 'value="Đơn đề nghị" checked' in html and "Bản sao CCCD</textarea>" in html  # nothing lost
    response = post(
        client,
        dossier,
        "request_supplement",
        missing=["Đơn đề nghị"],
        other_missing="Bản sao CCCD",
        reason="Đơn chưa ký",
    )
    assert response.status_code == 302
    html = client.get(url(dossier)).content.decode()
    dossier.refresh_from_db()
    assert dossier.state == "awaiting_supplement"
    assert "Awaiting a supplement" in html and "Clock paused since" in html
    assert "<li>Bản sao CCCD</li>" in html and "Đơn chưa ký" in html
    assert f"/api/v1/dossiers/{dossier.code}/forms/02.pdf" in html


def test_a_leader_apologises_with_a_new_appointment(client, world):
    dossier = receive(world, days_ago=40)
    client = login(client, world, "tuphap.lanhdao")
    later = timezone.localtime(dossier.due_at + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = post(
        client,
        dossier,
        "extend",
        new_due_at=later,
        reason="Cần xác minh thêm",
        apology="Sở Tư pháp xin lỗi ông/bà vì sự chậm trễ.",
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.extended and timezone.localtime(dossier.due_at).strftime("%Y-%m-%dT%H:%M") == later
    html = client.get(url(dossier)).content.decode()
    assert "Apology and new appointment" in html and "Sở Tư pháp xin lỗi" in html
    assert f"/api/v1/dossiers/{dossier.code}/forms/04.pdf" in html
    assert "extend" not in actions(html)  # only once
    earlier = timezone.localtime(dossier.due_at - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    other = receive(world, days_ago=40)
    response = post(client, other, "extend", new_due_at=earlier[:4] + "-01-01T08:00", reason="x")
    assert response.status_code == 422 and "must be later than the current one" in response.content.decode()


def test_approve_with_the_result_file_then_return_it_at_the_counter(client, world):
    dossier = act(world, act(world, receive(world), "tuphap.chuyenvien", "assign"), "tuphap.chuyenvien", "forward")
    leader = login(client, world, "tuphap.lanhdao")
    page = leader.get(url(dossier)).content.decode()
    assert 'name="result"' in page and 'enctype="multipart/form-data"' in page
    result = io.BytesIO(PDF)
    result.name = "ket-qua.pdf"
    response = post(leader, dossier, "approve", result=result, note="Đồng ý")
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "result_ready" and dossier.result_file is not None
    html = leader.get(url(dossier)).content.decode()
    assert f"?tep={dossier.result_file.pk}" in html and "Result ready" in html
    officer = login(client, world, "motcua")
    assert "return_result" in actions(officer.get(url(dossier)).content.decode())
    response = post(officer, dossier, "return_result", method="post", receiver="Nguyễn Thị Hương")
    assert response.status_code == 422 and "The postal tracking number is required." in response.content.decode()
    response = post(officer, dossier, "return_result", method="counter", receiver="Nguyễn Thị Hương")
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "returned" and dossier.return_receiver == "Nguyễn Thị Hương"
    html = officer.get(url(dossier)).content.decode()
    assert "Result returned" in html and "Nothing more to do: the dossier is finished." in html


def test_a_stale_page_explains_the_conflict_and_keeps_the_typed_reason(client, world):
    dossier = act(world, receive(world), "tuphap.chuyenvien", "assign")
    seen_version = dossier.version
    act(world, dossier, "tuphap.lanhdao", "assign", assignee="tuphap.chuyenvien")  # the leader acts meanwhile
    client = login(client, world, "tuphap.chuyenvien")
    typed = {"reason": "Thiếu chữ ký của người nộp", "missing": ["Đơn đề nghị"]}
    response = client.post(url(dossier), {"action": "request_supplement", "version": seen_version, **typed})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone acted first" in html and "your action was not recorded" in html
    assert "Thiếu chữ ký của người nộp</textarea>" in html and 'value="Đơn đề nghị" checked' in html
    dossier.refresh_from_db()
    assert f'name="version" value="{dossier.version}"' in html  # the fresh dossier: submitting again works
    assert dossier.state == "in_progress"


def test_a_conflict_on_an_action_no_longer_possible_still_shows_what_was_typed(client, world):
    dossier = act(world, receive(world), "tuphap.chuyenvien", "assign")
    seen_version = dossier.version
    act(world, dossier, "tuphap.chuyenvien", "forward")
    client = login(client, world, "tuphap.chuyenvien")
    response = client.post(url(dossier), {"action": "send_back", "version": seen_version, "reason": "Sai mẫu đơn"})
    html = response.content.decode()
    assert response.status_code == 409 and "is no longer possible" in html and "Sai mẫu đơn" in html


def test_another_agencys_officer_gets_a_404_for_the_page_its_files_and_its_actions(client, world):
    dossier = receive(world)
    stored = attach(world, dossier, PDF, "don.pdf")
    client = login(client, world, "xaydung.chuyenvien")
    assert client.get(url(dossier)).status_code == 404
    assert client.get(url(dossier), {"tep": stored.pk}).status_code == 404
    assert post(client, dossier, "assign", assignee="xaydung.chuyenvien").status_code == 404
    dossier.refresh_from_db()
    assert dossier.current_step.assignee is None


def test_scans_are_shown_inline_to_those_who_may_see_the_dossier(client, world):
    dossier = receive(world)
    pdf, image = attach(world, dossier, PDF, "don.pdf"), attach(world, dossier, png(), "anh.png")
    other = receive(world, agency="construction", officer="xaydung.motcua")
    foreign = attach(world, other, PDF, "khac.pdf")
    client = login(client, world, "tuphap.chuyenvien")
    html = client.get(url(dossier)).content.decode()
    assert f'<iframe class="dx-pdf" src="{url(dossier)}?tep={pdf.pk}"' in html
    assert f'<img class="dx-image" src="{url(dossier)}?tep={image.pk}"' in html
    response = client.get(url(dossier), {"tep": pdf.pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("inline") and response["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get(url(dossier), {"tep": image.pk})["Content-Type"] == "image/png"
    assert client.get(url(dossier), {"tep": foreign.pk}).status_code == 404  # not this dossier's file
    assert client.get(url(dossier), {"tep": "x"}).status_code == 404


def test_the_page_reads_a_fixed_number_of_queries(client, world):
    few = act(world, receive(world), "tuphap.chuyenvien", "assign")
    many = act(world, receive(world), "tuphap.chuyenvien", "assign")
    for _ in range(18):
        act(world, many, "tuphap.chuyenvien", "assign")
    assert many.events.count() == 20 and few.events.count() == 2
    client = login(client, world, "tuphap.chuyenvien")
    client.get(url(few))  # warm the calendar's cache
    with CaptureQueriesContext(connection) as one:
        assert client.get(url(few)).status_code == 200
    with CaptureQueriesContext(connection) as twenty:
        html = client.get(url(many)).content.decode()
    assert html.count('class="dx-event ') == 20
    assert len(twenty) == len(one), [q["sql"] for q in twenty.captured_queries]


def test_what_the_typed_input_refuses_is_said_by_field_in_vietnamese_and_kept(client, world):
    dossier = receive(world, days_ago=40)
    client = login(client, world, "tuphap.lanhdao")
    client.cookies["motcua_language"] = "vi"
    response = post(client, dossier, "extend", new_due_at="", reason="Cần xác minh thêm", apology="Xin lỗi ông/bà")
    html = response.content.decode()
    assert response.status_code == 422 and "Cần nhập ngày hẹn mới." in html
    assert "Cần xác minh thêm" in html and "Xin lỗi ông/bà" in html  # nothing typed is lost
    response = post(client, dossier, "extend", new_due_at="mai", reason="Cần xác minh thêm")
    assert response.status_code == 422 and "Ngày hẹn mới không phải ngày giờ hợp lệ." in response.content.decode()
    long_reason = "Lý do " * 400
    response = post(client, dossier, "refuse", reason=long_reason)
    html = response.content.decode()
    assert response.status_code == 422 and "Nội dung lý do quá dài: tối đa 2000 ký tự." in html
    assert long_reason.strip() in html
    dossier.refresh_from_db()
    assert dossier.version == 1 and dossier.state == "received" and not dossier.extended


def submitted_online(world) -> Dossier:
    from motcua.dossiers import services

    citizen = User.objects.create_user("citizen-0912", password="x")
    return services.submit_online(
        citizen=citizen,
        procedure_code=world.procedures["justice"],
        agency_code=world.justice.code,
        applicant=services.ApplicantInput(name="Nguyễn Thị Hương", id_number="001190012345", phone="0912345678"),
        documents=[services.DocumentInput(name="Đơn đề nghị", originals=1)],
    )


def test_accepting_an_online_dossier_is_its_reception_and_offers_the_receipt(client, world):
    dossier = submitted_online(world)
    assert dossier.state == "submitted"
    client.cookies["motcua_language"] = "vi"
    client.force_login(world.user("motcua"))
    html = client.get(url(dossier)).content.decode()
    assert re.search(r'value="forward">.*?<button type="submit" class="button primary">Tiếp nhận</button>', html, re.S)
    assert "Chuyển bước tiếp theo" not in html
    response = post(client, dossier, "forward")
    assert response.status_code == 302
    shown = client.get(url(dossier)).content.decode()
    assert f"Đã tiếp nhận hồ sơ {dossier.code}." in shown
    assert f'href="/api/v1/dossiers/{dossier.code}/forms/01.pdf" target="_blank"' in shown
    dossier.refresh_from_db()
    assert dossier.state == "received" and dossier.received_at is not None
    assert client.get(f"/api/v1/dossiers/{dossier.code}/forms/01.pdf").status_code == 200
