"""Fees the source gives that cannot be right: "50 VNĐ" where the note says 25.000 đồng (1.002398), "20 VNĐ" for a
20 USD fee (2.001895), an extra "1 đồng" (1.013836). They are kept, flagged, never offered at a counter, and listed
for an administrator to confirm."""

from decimal import Decimal

import pytest
from django.urls import reverse

from motcua.catalog.importers.fees import amount_in_note, is_doubtful
from motcua.catalog.importers.records import ChannelRecord, Deadline, Fee
from motcua.catalog.models import AgencyProcedure, ChannelFee
from motcua.core.models import Role, User
from motcua.core.services import upsert_agency, upsert_staff
from tests.factories import procedure_version

NOTE = "(áp dụng mức phí 25.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026)"


def test_an_amount_of_dong_under_a_thousand_cannot_be_a_fee():
    assert is_doubtful(50, "VND") and is_doubtful(1, "VND") and is_doubtful(999, "VND")
    assert not is_doubtful(1000, "VND") and not is_doubtful(0, "VND") and not is_doubtful(None, "VND")
    assert not is_doubtful(20, "USD")
    assert amount_in_note(NOTE) == 25000 and amount_in_note("hồ sơ") is None


def doubtful_procedure():
    deadline = Deadline(Decimal(5), "working_day", "5 Ngày làm việc")
    return procedure_version(
        code="1.002398",
        name="Cấp lại thẻ",
        channels=[ChannelRecord("counter", deadline, [Fee(50, "VND", NOTE, "Phí"), Fee(150000, "VND", "", "Lệ phí")])],
    )


@pytest.mark.django_db
def test_an_imported_impossible_amount_is_flagged_and_not_offered_at_the_counter(client):
    version = doubtful_procedure()
    fees = {f.amount: f.needs_review for f in ChannelFee.objects.filter(channel__version=version)}
    assert fees == {50: True, 150000: False}
    province = upsert_agency(code="000.00.00.H99", name="UBND tỉnh Hòa An", level="province", kind="peoples_committee")
    department = upsert_agency(
        code="000.00.06.H99", name="Sở Xây dựng", level="province", kind="department", parent=province
    )
    AgencyProcedure.objects.create(agency=department, procedure=version.procedure)
    officer = upsert_staff(
        username="motcua", full_name="Lê Tâm", password="pw", roles=[(Role.COUNTER_OFFICER, department)]
    )
    client.force_login(officer)
    html = client.get(reverse("desk:reception"), {"thu_tuc": "1.002398"}).content.decode()
    assert 'value="150000"' in html and 'value="50"' not in html
    assert "Danh mục ghi 50 đồng, mức này không thể đúng" in html


@pytest.mark.django_db
def test_the_administrator_lists_and_confirms_the_fees_to_check(client):
    version = doubtful_procedure()
    client.force_login(User.objects.create_superuser("quantri", password="pw"))
    url = reverse("admin:catalog_feetoconfirm_changelist")
    html = client.get(url).content.decode()
    assert "1.002398" in html and "25.000" in html  # the amount the note quotes, beside the one given
    fee = ChannelFee.objects.get(channel__version=version, amount=50)
    response = client.post(url, {"action": "confirm", "_selected_action": [fee.pk]}, follow=True)
    assert "Đã xác nhận 1 mức phí." in response.content.decode()
    fee.refresh_from_db()
    assert fee.needs_review is False
    assert "1.002398" not in client.get(url).content.decode()
