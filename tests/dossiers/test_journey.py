"""The whole journey of a dossier through the API: receive, handle, supplement, approve, return."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services.history import verify_dossier
from motcua.workdays.selectors import calendar_for

pytestmark = pytest.mark.django_db


def test_receive_gives_a_code_a_secret_and_an_appointment(api):
    response = api.receive()
    assert response.status_code == 201, response.content
    body = response.json()
    today = timezone.localdate()
    assert re.fullmatch(rf"000\.00\.03\.H99-{today:%y%m%d}-0001", body["code"])
    assert len(body["lookup_secret"]) == 8 and body["state"] == "received" and body["version"] == 1
    received = Dossier.objects.get(code=body["code"]).received_at
    assert Dossier.objects.get(code=body["code"]).due_at == calendar_for().due(received, 15, "working_day")
    step = body["current_step"]
    assert step["name"] == "Thẩm định, xử lý hồ sơ" and step["role"] == "specialist" and step["assignee"] is None
    assert set(step["candidates"]) == {"tuphap.chuyenvien", "tuphap.chuyenvien2", "tuphap.lanhdao"}
    assert [e["action"] for e in body["events"]] == ["receive"]
    assert body["fees"][0]["receipt_number"] == "BL-0001"
    assert api.receive().json()["code"].endswith("-0002")  # the next one that day


def test_the_whole_journey_with_a_supplement_and_a_send_back(api):
    code = api.receive().json()["code"]
    d = api.act("tuphap.chuyenvien", code, "assign", 1).json()
    assert d["state"] == "in_progress" and d["current_step"]["assignee"] == "tuphap.chuyenvien"
    due_before = Dossier.objects.get(code=code).due_at
    d = api.act(
        "tuphap.chuyenvien",
        code,
        "request_supplement",
        d["version"],
        reason="Thiếu bản sao CCCD",
        items=["Bản sao Căn cước công dân"],
    ).json()
    assert d["state"] == "awaiting_supplement" and d["paused_since"]
    Dossier.objects.filter(code=code).update(paused_since=timezone.now() - timedelta(days=2))  # two days pass
    d = api.act("motcua", code, "complete_supplement", d["version"]).json()
    assert d["state"] == "in_progress"
    assert Dossier.objects.get(code=code).due_at > due_before  # the clock stood still while waiting
    d = api.act("tuphap.chuyenvien", code, "forward", d["version"]).json()
    assert d["current_step"]["role"] == "leader" and d["current_step"]["candidates"] == ["tuphap.lanhdao"]
    d = api.act("tuphap.lanhdao", code, "send_back", d["version"], reason="Bổ sung ý kiến thẩm định").json()
    assert d["current_step"]["name"] == "Thẩm định, xử lý hồ sơ"
    assert d["current_step"]["assignee"] == "tuphap.chuyenvien"  # back to who handled it
    d = api.act("tuphap.chuyenvien", code, "forward", d["version"]).json()
    d = api.act("tuphap.lanhdao", code, "approve", d["version"]).json()
    assert d["state"] == "result_ready" and d["timeliness"] in {"early", "on_time"}
    assert d["current_step"]["name"] == "Trả kết quả"
    d = api.act("motcua", code, "return_result", d["version"], method="counter", receiver="Nguyễn Thị Hương").json()
    assert d["state"] == "returned" and d["returned_at"]
    assert [e["action"] for e in d["events"]] == [
        "receive",
        "assign",
        "request_supplement",
        "complete_supplement",
        "forward",
        "send_back",
        "forward",
        "approve",
        "return_result",
    ]
    assert d["events"][2]["note"] == "Thiếu bản sao CCCD" and d["events"][3]["due_after"] > d["events"][3]["due_before"]
    assert all(s["finished_at"] for s in d["steps"]) and all(s["timeliness"] for s in d["steps"])
    assert verify_dossier(Dossier.objects.get(code=code).pk) == []


def test_a_stale_version_is_a_conflict_and_nothing_changes(api):
    code = api.receive().json()["code"]
    assert api.act("tuphap.chuyenvien", code, "assign", 1).status_code == 200
    response = api.act("tuphap.chuyenvien2", code, "assign", 1)
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"
    assert api.get("motcua", f"/api/v1/dossiers/{code}").json()["current_step"]["assignee"] == "tuphap.chuyenvien"


def test_actions_not_possible_now_are_422_and_not_yours_are_403(api):
    code = api.receive().json()["code"]
    response = api.act("motcua", code, "return_result", 1, receiver="x")
    assert response.status_code == 422 and response.json()["error"]["code"] == "state"
    assert "trạng thái hiện tại" in response.json()["error"]["message"]
    response = api.act("tuphap.chuyenvien", code, "approve", 1)
    assert response.status_code == 403 and response.json()["error"]["code"] == "role"
    response = api.act("tuphap.chuyenvien", code, "fly", 1)
    assert response.status_code == 404


def test_officers_of_another_agency_cannot_see_the_dossier(api):
    code = api.receive().json()["code"]
    assert api.get("xaydung.chuyenvien", f"/api/v1/dossiers/{code}").status_code == 404
    assert api.act("xaydung.chuyenvien", code, "assign", 1).status_code == 404
    assert api.get("giamsat", f"/api/v1/dossiers/{code}").status_code == 200  # the supervisor sees the province
    assert api.get("xaydung.chuyenvien", "/api/v1/dossiers").json()["items"] == []


def test_refusal_stop_and_withdrawal_need_a_reason_and_end_the_dossier(api):
    refused, stopped, withdrawn = (api.receive().json()["code"] for _ in range(3))
    assert api.act("tuphap.lanhdao", refused, "refuse", 1).status_code == 422  # no reason
    assert api.act("tuphap.lanhdao", refused, "refuse", 1, reason="Không đủ điều kiện").json()["state"] == "refused"
    assert api.act("tuphap.chuyenvien", stopped, "stop", 1, reason="x").status_code == 403
    assert api.act("tuphap.lanhdao", stopped, "stop", 1, reason="Người nộp đề nghị dừng").json()["state"] == "stopped"
    assert api.act("motcua", withdrawn, "withdraw", 1).json()["state"] == "withdrawn"
    assert api.act("motcua", withdrawn, "return_result", 2, receiver="x").json()["error"]["code"] == "finished"


def test_a_refused_or_withdrawn_dossier_leaves_no_step_open(api):
    """The step it was at ends with it: nobody's work any more (nor in the inbox's open-step indexes)."""
    refused, withdrawn = (api.receive().json()["code"] for _ in range(2))
    api.act("tuphap.lanhdao", refused, "refuse", 1, reason="Không đủ điều kiện")
    api.act("motcua", withdrawn, "withdraw", 1)
    for code in (refused, withdrawn):
        dossier = api.get("giamsat", f"/api/v1/dossiers/{code}").json()
        started = [s for s in dossier["steps"] if s["started_at"]]
        assert started and all(s["finished_at"] for s in started)
        assert not any(s["finished_at"] for s in dossier["steps"] if not s["started_at"])  # later steps untouched


def test_extension_once_with_apology_and_a_later_appointment(api):
    created = api.receive().json()
    code, due = created["code"], created["due_at"]
    assert (
        api.act("tuphap.lanhdao", code, "extend", 1, reason="x", new_due_at="2020-01-01T10:00+07:00").status_code == 422
    )
    later = (Dossier.objects.get(code=code).due_at + timedelta(days=5)).isoformat()
    d = api.act(
        "tuphap.lanhdao", code, "extend", 1, reason="Cần xác minh thêm", apology="Xin lỗi ông/bà", new_due_at=later
    ).json()
    assert d["extended"] and d["due_at"] != due and d["original_due_at"] == due
    response = api.act("giamsat", code, "extend", d["version"], reason="x", new_due_at=later)
    assert response.status_code == 422 and response.json()["error"]["code"] == "extended"


def test_online_dossier_waits_for_the_desk_then_its_clock_starts(api):
    body = api.receive(channel="online").json()
    assert body["state"] == "submitted" and body["due_at"] is None
    assert api.act("tuphap.chuyenvien", body["code"], "forward", 1).status_code == 403  # the desk checks it
    d = api.act("motcua", body["code"], "forward", 1).json()
    assert d["state"] == "received" and d["due_at"] and d["current_step"]["role"] == "specialist"


def test_inbox_lists_soonest_due_first_with_a_cursor(api):
    codes = [api.receive().json()["code"] for _ in range(5)]
    Dossier.objects.filter(code=codes[0]).update(due_at=timezone.now() + timedelta(days=30))
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = api.get("tuphap.chuyenvien", "/api/v1/dossiers", **params).json()
        seen += [d["code"] for d in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == codes[1:] + codes[:1]
    found = api.get("motcua", "/api/v1/dossiers", q="nguyen thi huong").json()["items"]
    assert len(found) == 5
    assert api.get("motcua", "/api/v1/dossiers", state="returned").json()["items"] == []


def test_public_lookup_needs_the_secret_and_shows_nothing_personal(client, api):
    created = api.receive().json()
    code, secret = created["code"], created["lookup_secret"]
    api.act("tuphap.chuyenvien", code, "request_supplement", 1, reason="Thiếu giấy tờ", items=["Bản sao CCCD"])
    response = client.get("/api/v1/lookup", {"code": code, "secret": secret})
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "awaiting_supplement" and body["supplement_items"] == ["Bản sao CCCD"]
    flat = str(body)
    for private in ["001190012345", "0912345678", "Nguyễn Thị Hương", "tuphap.chuyenvien", "Phường Hòa An"]:
        assert private not in flat
    wrong = client.get("/api/v1/lookup", {"code": code, "secret": "WRONG123"})
    unknown = client.get("/api/v1/lookup", {"code": "000.00.03.H99-990101-0001", "secret": secret})
    assert wrong.status_code == unknown.status_code == 404 and wrong.json() == unknown.json()


def test_public_lookup_is_rate_limited(client, api):
    import time

    from motcua.portal.lookup import limiter

    if time.time() % limiter.WINDOW_SECONDS > limiter.WINDOW_SECONDS - 10:  # the 31 must fall in one window
        time.sleep(limiter.WINDOW_SECONDS - time.time() % limiter.WINDOW_SECONDS + 0.1)
    for _ in range(30):
        client.get("/api/v1/lookup", {"code": "x", "secret": "y"})
    assert client.get("/api/v1/lookup", {"code": "x", "secret": "y"}).status_code == 429


def test_history_verification_catches_an_edited_row(api):
    code = api.receive().json()["code"]
    api.act("tuphap.chuyenvien", code, "assign", 1)
    call_command("verify_history")
    DossierEvent.objects.filter(dossier__code=code, sequence=1).update(note="sửa lén")
    with pytest.raises(CommandError):
        call_command("verify_history")
    with pytest.raises(PermissionError):
        DossierEvent.objects.filter(dossier__code=code).first().save()


def test_staff_list_for_supervisors_only(api):
    rows = api.get("giamsat", "/api/v1/staff", role="specialist", agency="000.00.03.H99").json()
    assert {r["username"] for r in rows} == {"tuphap.chuyenvien", "tuphap.chuyenvien2"}
    assert api.get("tuphap.chuyenvien", "/api/v1/staff").status_code == 403


def test_bad_input_is_refused_with_a_clear_message_and_leaves_nothing(api):
    response = api.receive(procedure="9.999999")
    assert response.status_code == 422 and response.json()["error"]["code"] == "unknown_procedure"
    response = api.receive(applicant={"name": "", "id_number": "0011"})
    assert response.status_code == 422
    response = api.receive(documents=[{"name": "Tờ khai", "file_ids": [424242]}])
    assert response.status_code == 422 and response.json()["error"]["code"] == "files"
    assert not Dossier.objects.exists()
    assert api.receive().json()["code"].endswith("-0001")  # failed receptions gave their numbers back


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_scans_are_checked_by_content_stored_with_their_hash_and_attached(api, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    headers = api.headers("motcua")
    fake = SimpleUploadedFile("to-khai.pdf", b"MZ this is a program, not a scan", content_type="application/pdf")
    response = client.post("/api/v1/files", {"file": fake}, headers=headers)
    assert response.status_code == 422 and response.json()["error"]["code"] == "file_type"
    scan = SimpleUploadedFile("tờ khai.pdf", PDF, content_type="application/octet-stream")
    response = client.post("/api/v1/files", {"file": scan, "title": "Tờ khai"}, headers=headers)
    assert response.status_code == 201
    uploaded = response.json()
    assert len(uploaded["sha256"]) == 64 and uploaded["content_type"] == "application/pdf"
    from motcua.dossiers.models import StoredFile

    stored = StoredFile.objects.get(pk=uploaded["id"])
    assert "tờ khai" not in stored.file.name and stored.file.name.endswith(".pdf")  # a generated name
    body = api.receive(documents=[{"name": "Tờ khai", "originals": 1, "file_ids": [uploaded["id"]]}]).json()
    assert body["documents"][0]["files"][0]["sha256"] == uploaded["sha256"]
    assert StoredFile.objects.get(pk=uploaded["id"]).applicant.id_number == "001190012345"  # the applicant's store
    # Another applicant's papers cannot be attached by anyone; the same applicant's can, next time.
    stranger = dict(name="Lê Văn Khách", id_number="001090054321")
    refused = api.receive(applicant=stranger, documents=[{"name": "Tờ khai", "file_ids": [uploaded["id"]]}])
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "files"
    again = api.receive(documents=[{"name": "Tờ khai", "originals": 1, "file_ids": [uploaded["id"]]}])
    assert again.status_code == 201


def test_a_procedure_resolved_on_the_spot_is_ready_in_one_sitting(api):
    body = api.receive(resolve_now=True).json()
    assert body["state"] == "result_ready" and body["timeliness"] in {"early", "on_time"}
    assert [e["action"] for e in body["events"]] == ["receive", "approve"]
    assert body["current_step"]["name"] == "Trả kết quả"
    d = api.act("motcua", body["code"], "return_result", body["version"], receiver="Nguyễn Thị Hương").json()
    assert d["state"] == "returned"


def test_an_incomplete_dossier_is_guided_once_and_a_foreign_one_refused_without_a_code(province):
    from motcua.core.models import User
    from motcua.dossiers import services
    from motcua.dossiers.models import ReceptionNote

    officer = User.objects.get(username="motcua")
    applicant = services.ApplicantInput(name="Trần Văn An", id_number="001190099999")
    with pytest.raises(services.DossierError):
        services.record_visit(officer=officer, kind="guide", visit=services.VisitInput("1.000001", applicant, "x"))
    note = services.record_visit(
        officer=officer,
        kind="guide",
        visit=services.VisitInput("1.000001", applicant, "Thiếu giấy tờ", items=["Bản sao CCCD", "Sơ yếu lý lịch"]),
    )
    assert note.kind == "guide" and note.items == ["Bản sao CCCD", "Sơ yếu lý lịch"]
    refused = services.record_visit(
        officer=officer,
        kind="refuse",
        visit=services.VisitInput("9.999999", applicant, "Thủ tục không thuộc thẩm quyền của tỉnh"),
    )
    assert refused.agency.code == "000.00.00.H99" and ReceptionNote.objects.count() == 2
    assert not Dossier.objects.exists()
