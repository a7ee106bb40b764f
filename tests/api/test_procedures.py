import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.catalog.models import AgencyProcedure, Procedure
from motcua.core.services import issue_api_token, revoke_api_token
from tests.factories import agency, procedure_version, staff_user

pytestmark = pytest.mark.django_db
OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


@pytest.fixture
def catalog():
    procedure_version(code="1.000001", name="Cấp giấy phép xây dựng nhà ở riêng lẻ")
    procedure_version(
        code="1.000002", name="Đăng ký khai sinh", field="Hộ tịch", levels=["commune"], online_level="full"
    )
    procedure_version(code="1.000003", name="Bản nháp chưa công bố", publish=False)


def test_search_without_diacritics(client, catalog):
    body = client.get("/api/v1/procedures", {"q": "dang ky khai sinh"}).json()
    assert [p["code"] for p in body["items"]] == ["1.000002"]
    item = body["items"][0]
    assert item["field"]["name"] == "Hộ tịch" and item["levels"] == ["commune"] and item["online_level"] == "full"
    assert item["channels"][0] == {
        "channel": "counter",
        "deadline": {"amount": 15.0, "unit": "working_day", "text": "15 Ngày làm việc"},
    }
    assert item["url"] == "/thu-tuc/1.000002/"


def test_filters_by_level_online_level_and_agency(client, catalog):
    assert [p["code"] for p in client.get("/api/v1/procedures", {"level": "commune"}).json()["items"]] == ["1.000002"]
    assert [p["code"] for p in client.get("/api/v1/procedures", {"online_level": "partial"}).json()["items"]] == [
        "1.000001"
    ]
    construction = agency()
    AgencyProcedure.objects.create(agency=construction, procedure=Procedure.objects.get(code="1.000001"))
    body = client.get("/api/v1/procedures", {"agency": construction.code}).json()
    assert [p["code"] for p in body["items"]] == ["1.000001"]


def test_cursor_pagination_walks_everything_once_with_a_constant_number_of_queries(client):
    for i in range(7):
        procedure_version(code=f"1.00010{i}", name=f"Thủ tục {i}")
    seen, cursor, query_counts = [], None, []
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        with CaptureQueriesContext(connection) as queries:
            body = client.get("/api/v1/procedures", params).json()
        # Not counted: the catalog's version (the cache key of the anonymous answer), read when its memo expired.
        query_counts.append(sum('MAX("catalog_procedureversion"' not in q["sql"] for q in queries.captured_queries))
        seen += [p["code"] for p in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [f"1.00010{i}" for i in range(7)]
    assert len(set(query_counts)) == 1
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


def test_detail_has_channels_fees_documents_legal_basis_agencies_and_process(client, catalog):
    construction = agency()
    AgencyProcedure.objects.create(agency=construction, procedure=Procedure.objects.get(code="1.000001"))
    body = client.get("/api/v1/procedures/1.000001").json()
    assert body["channels"][0]["fees"] == [
        {"label": "Lệ phí", "amount": 150000, "currency": "VND", "note": "", "free": False}
    ]
    assert body["documents"][0] == {
        "position": 1,
        "optional": False,
        "name": "Đơn đề nghị cấp giấy phép xây dựng",
        "originals": 1,
        "copies": 0,
        "form": "Mẫu số 01.docx",
        "form_url": None,
        "note": "",
    }
    assert body["legal_basis"][0]["code"] == "50/2014/QH13"
    assert body["agencies"] == [{"code": construction.code, "name": "Sở Xây dựng"}]
    process = body["processes"][0]
    assert process["is_default"] and [s["role"] for s in process["steps"]] == [
        "counter_officer",
        "specialist",
        "leader",
        "counter_officer",
    ]
    assert sum(s["budget"]["amount"] for s in process["steps"]) == 15


def test_unknown_procedure_is_a_json_404(client, catalog):
    response = client.get("/api/v1/procedures/9.999999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_bad_parameters_get_a_clear_422(client, catalog):
    response = client.get("/api/v1/procedures", {"limit": 1000, "level": "galaxy"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error" and {d["field"] for d in error["details"]} == {"limit", "level"}


def test_a_bad_cursor_is_a_400(client, catalog):
    response = client.get("/api/v1/procedures", {"cursor": "not-a-cursor"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_cursor"


def test_drafts_only_with_a_staff_token_or_session(client, catalog):
    assert client.get("/api/v1/procedures/1.000003").status_code == 404
    user = staff_user()
    token, raw = issue_api_token(user=user, name="tests")
    response = client.get("/api/v1/procedures/1.000003", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.json()["status"] == "draft"
    revoke_api_token(token=token)
    response = client.get("/api/v1/procedures/1.000003", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"
    client.force_login(user)
    assert client.get("/api/v1/procedures", {"q": "ban nhap"}).json()["items"][0]["code"] == "1.000003"


def test_a_wrong_token_is_refused_not_treated_as_anonymous(client, catalog):
    response = client.get("/api/v1/procedures", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_errors_speak_english_when_asked(client, catalog):
    response = client.get("/api/v1/procedures/9.999999", headers={"Accept-Language": "en"})
    assert "No published procedure" in response.json()["error"]["message"]
    response = client.get("/api/v1/procedures/9.999999", headers={"Accept-Language": "vi"})
    assert "Không có thủ tục" in response.json()["error"]["message"]


def test_fields_list(client, catalog):
    body = client.get("/api/v1/fields").json()
    assert [(f["name"], f["procedure_count"]) for f in body] == [("Hoạt động xây dựng", 1), ("Hộ tịch", 1)]


def test_committed_openapi_document_is_up_to_date(client):
    served = client.get("/api/v1/openapi.json").json()
    assert json.loads(OPENAPI.read_text(encoding="utf-8")) == served, "run `make openapi` and commit docs/openapi.json"
