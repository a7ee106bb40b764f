"""A province's dossiers played through the services until nearly every distributed table has rows (received,
moved across agencies, paid online and at the cashier, returned, rated, refunded), and a second province whose
id a row of the first must never carry."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from motcua.core.models import Centre, Role
from motcua.core.services import upsert_agency, upsert_staff
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.visits import VisitInput, record_visit
from motcua.feedback.services import rate_dossier
from motcua.payments.services import start_payment
from motcua.receipts.models import Refund
from motcua.receipts.services import collect_fee, open_refunds, pay_refund
from tests.e2e.province import (
    World,
    act,
    add_lienthong,
    build_province,
    receive,
    receive_at_commune,
    returned,
    to_result_ready,
)


@dataclass
class Journey:
    world: World
    dossiers: list[Dossier]
    other_province_id: int


@pytest.fixture
def journey(db) -> Journey:
    world = build_province()
    lienthong = add_lienthong(world)
    Centre.objects.get_or_create(agency=world.root, defaults={"name": "Trung tâm PVHCC", "code": "TT-HOAAN"})
    cashier = upsert_staff(
        username="thuphi", full_name="Trần Thu Phí", password="pw", roles=[(Role.CASHIER, world.root)]
    )

    land = receive_at_commune(world, lienthong)  # hand-overs: commune -> department -> province -> commune
    act(world, land, "tuphap.chuyenvien", "assign")
    act(world, land, "tuphap.chuyenvien", "forward")
    group = receive_at_commune(world, lienthong, procedure="commune_group")  # two result parts

    paid = to_result_ready(world, receive(world, fee_at_return=True))
    fee = paid.fees.get()
    start_payment(fee_id=fee.pk, client_ip="127.0.0.1")  # an online attempt, left pending
    collect_fee(fee_id=fee.pk, method="cash", collector=cashier, payer_name="Nguyễn Thị Hương")
    rate_dossier(dossier=returned(world, paid), level=5, criteria={"attitude": 5, "total_time": 4})

    withdrawn = receive(world)  # its fee paid at reception, then withdrawn: the fee is owed back
    act(world, withdrawn, "motcua", "withdraw")
    open_refunds(dossier_id=withdrawn.pk, cause="withdrawn", now=timezone.now())
    pay_refund(refund_id=Refund.objects.get(dossier=withdrawn).pk, actor=cashier)

    record_visit(
        officer=world.user("motcua"),
        kind="guide",
        visit=VisitInput(
            procedure_code=world.procedures["justice"],
            applicant=services.ApplicantInput(name="Lê Văn Nam", id_number="001190055555"),
            reason="Thiếu bản sao",
            items=["Bản sao giấy khai sinh"],
        ),
    )
    other = upsert_agency(code="000.00.00.H98", name="UBND tỉnh Bình An", level="province", kind="peoples_committee")
    return Journey(world, [land, group, paid, withdrawn], other.pk)
