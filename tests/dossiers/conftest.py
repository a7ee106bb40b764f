"""A small province for dossier tests: the Department of Justice with its staff, a published procedure."""

from dataclasses import dataclass

import pytest

from motcua.catalog.models import AgencyProcedure
from motcua.core.models import Role
from motcua.core.services import issue_api_token, upsert_agency, upsert_staff
from tests.factories import procedure_version


@dataclass
class Province:
    root: object
    justice: object
    construction: object
    procedure: object
    tokens: dict


@pytest.fixture
def province(db) -> Province:
    root = upsert_agency(code="000.00.00.H99", name="UBND tỉnh Hòa An", level="province", kind="peoples_committee")
    justice = upsert_agency(code="000.00.03.H99", name="Sở Tư pháp", level="province", kind="department", parent=root)
    construction = upsert_agency(
        code="000.00.06.H99", name="Sở Xây dựng", level="province", kind="department", parent=root
    )
    version = procedure_version(code="1.000001", name="Cấp phiếu lý lịch tư pháp", agency="Sở Tư pháp")
    AgencyProcedure.objects.create(agency=justice, procedure=version.procedure)
    people = {
        "motcua": [(Role.COUNTER_OFFICER, root)],
        "tuphap.chuyenvien": [(Role.SPECIALIST, justice)],
        "tuphap.chuyenvien2": [(Role.SPECIALIST, justice)],
        "tuphap.lanhdao": [(Role.LEADER, justice)],
        "xaydung.chuyenvien": [(Role.SPECIALIST, construction)],
        "giamsat": [(Role.SUPERVISOR, root)],
    }
    tokens = {}
    for username, roles in people.items():
        user = upsert_staff(username=username, full_name=username, password="pw-for-tests", roles=roles)
        tokens[username] = issue_api_token(user=user, name="tests")[1]
    return Province(root, justice, construction, version.procedure, tokens)


class Api:
    """Calls the API as one of the province's staff."""

    def __init__(self, client, province: Province):
        self.client, self.province = client, province

    def headers(self, who: str) -> dict:
        return {"Authorization": f"Bearer {self.province.tokens[who]}"}

    def get(self, who: str, url: str, **params):
        return self.client.get(url, params, headers=self.headers(who))

    def post(self, who: str, url: str, body: dict):
        return self.client.post(url, body, content_type="application/json", headers=self.headers(who))

    def act(self, who: str, code: str, action: str, version: int, **fields):
        return self.post(who, f"/api/v1/dossiers/{code}/actions/{action}", {"version": version, **fields})

    def receive(self, who: str = "motcua", **overrides):
        body = {
            "procedure": "1.000001",
            "channel": "counter",
            "applicant": {
                "name": "Nguyễn Thị Hương",
                "id_number": "001190012345",
                "phone": "0912345678",
                "address": "Phường Hòa An",
            },
            "documents": [{"name": "Tờ khai yêu cầu cấp phiếu lý lịch tư pháp", "originals": 1}],
            "fees": [{"label": "Phí", "amount": 200000, "receipt_number": "BL-0001", "method": "cash"}],
        }
        body.update(overrides)
        return self.post(who, "/api/v1/dossiers", body)


@pytest.fixture
def api(client, province) -> Api:
    return Api(client, province)
