"""The small province of the dossier tests, with a cashier at the province's centre and a dossier whose fee is
unpaid; a commune with a centre of its own and its cashier (who must not collect for the province)."""

import pytest

from motcua.core.models import Centre, Role, User
from motcua.core.services import upsert_agency, upsert_staff
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import province  # noqa: F401 (a fixture)


@pytest.fixture
def cashier(province):  # noqa: F811
    Centre.objects.get_or_create(
        agency=province.root, defaults={"name": "Trung tâm PVHCC tỉnh Hòa An", "code": "TT-HOAAN"}
    )
    return upsert_staff(
        username="thuphi", full_name="Trần Thu Phí", password="pw-for-tests", roles=[(Role.CASHIER, province.root)]
    )


@pytest.fixture
def other_cashier(province):  # noqa: F811
    commune = upsert_agency(
        code="000.01.20.H99", name="UBND xã Hòa Bình", level="commune", kind="peoples_committee", parent=province.root
    )
    Centre.objects.get_or_create(agency=commune, defaults={"name": "Bộ phận một cửa xã Hòa Bình", "code": "TT-HOABINH"})
    return upsert_staff(
        username="xa.thuphi", full_name="Lê Xã", password="pw-for-tests", roles=[(Role.CASHIER, commune)]
    )


@pytest.fixture
def supervisor(province):  # noqa: F811
    return User.objects.get(username="giamsat")


def receive(amount: int = 1_250_000, name: str = "Nguyễn Văn A", i: int = 1) -> Dossier:
    return services.receive_dossier(
        officer=User.objects.get(username="motcua"),
        procedure_code="1.000001",
        channel="counter",
        applicant=services.ApplicantInput(name=name, id_number=f"0011900{i:05d}", address="12 Lê Lợi, Huế"),
        documents=[services.DocumentInput(name="Tờ khai", originals=1)],
        fees=[services.FeeInput(label="Lệ phí cấp phiếu lý lịch tư pháp", amount=amount)],
    )


@pytest.fixture
def dossier(cashier):
    return receive()
