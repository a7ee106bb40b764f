"""The forms printed from real dossiers through the API: what the applicant and the officers read on them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.dossiers.models import Dossier
from tests.pdf import flat, has_barcode_and_qr, pages_text

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return flat(" ".join(pages_text(response.content)))


def test_the_receipt_carries_the_code_secret_appointment_and_documents(api):
    body = api.receive().json()
    response = api.get("motcua", f"/api/v1/dossiers/{body['code']}/forms/01.pdf")
    text = pdf_text(response)
    due = timezone.localtime(Dossier.objects.get(code=body["code"]).due_at)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert body["code"] in text and body["lookup_secret"] in text
    assert "Nguyễn Thị Hương" in text and "Cấp phiếu lý lịch tư pháp" in text
    assert "Tờ khai yêu cầu cấp phiếu lý lịch tư pháp" in text
    assert f"{due:%d/%m/%Y}" in text and "15 ngày làm việc" in text
    assert has_barcode_and_qr(response.content)
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_supplement_apology_and_control_slip_follow_the_history(api):
    code = api.receive().json()["code"]
    version = api.act("tuphap.chuyenvien", code, "assign", 1).json()["version"]
    assert api.get("motcua", f"/api/v1/dossiers/{code}/forms/02.pdf").status_code == 404  # nothing asked yet
    version = api.act(
        "tuphap.chuyenvien",
        code,
        "request_supplement",
        version,
        reason="Thiếu giấy tờ",
        items=["Bản sao Căn cước công dân"],
    ).json()["version"]
    text = pdf_text(api.get("motcua", f"/api/v1/dossiers/{code}/forms/02.pdf"))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Bản sao Căn cước công dân" in text and "Thiếu giấy tờ" in text
    version = api.act("motcua", code, "complete_supplement", version).json()["version"]
    version = api.act("tuphap.chuyenvien", code, "forward", version).json()["version"]
    new_due = (timezone.localtime() + timedelta(days=30)).replace(hour=16, minute=0, second=0, microsecond=0)
    response = api.act(
        "tuphap.lanhdao",
        code,
        "extend",
        version,
        reason="Cần xác minh thêm tại địa phương",
        apology="Sở Tư pháp xin lỗi ông/bà.",
        new_due_at=new_due.isoformat(),
    )
    assert response.status_code == 200, response.content
    text = pdf_text(api.get("tuphap.lanhdao", f"/api/v1/dossiers/{code}/forms/04.pdf"))
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN" in text and "Cần xác minh thêm tại địa phương" in text
    assert f"{new_due:%d/%m/%Y}" in text and "GIÁM ĐỐC" in text
    slip = pdf_text(api.get("motcua", f"/api/v1/dossiers/{code}/forms/06.pdf"))
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in slip and code in slip
    assert "Thẩm định, xử lý hồ sơ" in slip and "Phê duyệt kết quả" in slip and "Sở Tư pháp" in slip
    assert "tuphap.chuyenvien" in slip  # who took the dossier at the specialist's step


def test_refusal_and_stop_notices_give_the_reason(api):
    refused = api.receive().json()["code"]
    api.act("tuphap.lanhdao", refused, "refuse", 1, reason="Hồ sơ không thuộc thẩm quyền giải quyết")
    text = pdf_text(api.get("motcua", f"/api/v1/dossiers/{refused}/forms/03.pdf"))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and "không thuộc thẩm quyền" in text
    stopped = api.receive().json()["code"]
    response = api.act("tuphap.lanhdao", stopped, "stop", 1, reason="Người nộp đề nghị dừng giải quyết")
    assert response.status_code == 200, response.content
    text = pdf_text(api.get("tuphap.lanhdao", f"/api/v1/dossiers/{stopped}/forms/05.pdf"))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text and "Người nộp đề nghị dừng giải quyết" in text
    assert api.get("motcua", f"/api/v1/dossiers/{stopped}/forms/04.pdf").json()["error"]["code"] == "no_such_form"


def test_forms_are_only_for_those_who_may_see_the_dossier(api):
    code = api.receive().json()["code"]
    assert api.get("xaydung.chuyenvien", f"/api/v1/dossiers/{code}/forms/01.pdf").status_code == 404
    assert api.client.get(f"/api/v1/dossiers/{code}/forms/01.pdf").status_code == 401
    assert api.get("motcua", f"/api/v1/dossiers/{code}/forms/09.pdf").status_code == 422


def test_the_tracking_book_lists_an_agencys_dossiers_of_the_period(api):
    codes = [api.receive().json()["code"] for _ in range(3)]
    today = timezone.localdate()
    url = "/api/v1/agencies/000.00.03.H99/forms/07.pdf"
    text = pdf_text(api.get("giamsat", url, **{"from": today - timedelta(days=7), "to": today}))
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert all(code in text.replace(" ", "") for code in codes)  # a long code wraps in its narrow column
    assert "Cấp phiếu lý lịch tư pháp" in text
    earlier = pdf_text(api.get("giamsat", url, **{"from": today - timedelta(days=7), "to": today - timedelta(days=1)}))
    assert not any(code in earlier.replace(" ", "") for code in codes)
    backwards = api.get("giamsat", url, **{"from": today, "to": today - timedelta(days=1)})
    assert backwards.status_code == 422 and backwards.json()["error"]["code"] == "period"
    assert api.get("xaydung.chuyenvien", url, **{"from": today, "to": today}).status_code == 404


def test_a_visit_is_guided_or_refused_with_its_form(api):
    body = {
        "kind": "guide",
        "procedure": "1.000001",
        "reason": "Hồ sơ chưa đủ thành phần",
        "items": ["Bản sao Giấy khai sinh"],
        "applicant": {"name": "Trần Văn Nam", "id_number": "001099012345"},
    }
    response = api.post("motcua", "/api/v1/visits", body)
    assert response.status_code == 201, response.content
    text = pdf_text(api.get("motcua", response.json()["form"]))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text and "Bản sao Giấy khai sinh" in text
    assert "Trần Văn Nam" in text
    refused = api.post(
        "motcua",
        "/api/v1/visits",
        body | {"kind": "refuse", "procedure": "9.999999", "reason": "Không thuộc thẩm quyền của tỉnh"},
    )
    assert refused.status_code == 201, refused.content
    assert refused.json()["form"].endswith("/forms/03.pdf")
    assert "Không thuộc thẩm quyền của tỉnh" in pdf_text(api.get("motcua", refused.json()["form"]))
    assert api.get("xaydung.chuyenvien", refused.json()["form"]).status_code == 404
    missing = api.post("motcua", "/api/v1/visits", body | {"reason": ""})
    assert missing.status_code == 422


def test_a_visit_with_an_overlong_reason_or_list_is_refused(api):
    # Once accepted (a 5 MB reason, 20,000 items), and the Mẫu 02 then took minutes to print.
    body = {
        "kind": "guide",
        "procedure": "1.000001",
        "reason": "Hồ sơ chưa đủ thành phần",
        "items": ["Bản sao Giấy khai sinh"],
        "applicant": {"name": "Trần Văn Nam", "id_number": "001099012345"},
    }
    for overlong in ({"reason": "x" * 2001}, {"items": ["Giấy tờ"] * 101}, {"items": ["x" * 2001]}):
        response = api.post("motcua", "/api/v1/visits", body | overlong)
        assert response.status_code == 422 and response.json()["error"]["code"] == "validation_error"
    assert api.post("motcua", "/api/v1/visits", body).status_code == 201
