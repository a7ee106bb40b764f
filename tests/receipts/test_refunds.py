"""Refunds: a withdrawn or refused dossier with a paid fee owes it back; the cashier pays once, with a slip."""

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.core.models import User
from motcua.dossiers.actions import RefuseInput, WithdrawInput
from motcua.dossiers.services import perform_action
from motcua.receipts.models import Refund, RefundState
from motcua.receipts.services import ReceiptError, collect_fee, decline_refund, pay_refund
from tests.receipts.conftest import receive


def withdraw(dossier, captured):
    with captured(execute=True):
        perform_action(
            code=dossier.code,
            actor=User.objects.get(username="motcua"),
            version=dossier.version,
            command=WithdrawInput(),
        )


def test_withdrawn_dossier_owes_its_fee_back_once(dossier, cashier, django_capture_on_commit_callbacks):
    receipt = collect_fee(fee_id=dossier.fees.get().pk, method="cash", collector=cashier, payer_name="A")
    withdraw(dossier, django_capture_on_commit_callbacks)
    refund = Refund.objects.get()
    assert (refund.state, refund.amount, refund.cause, refund.receipt) == ("due", 1_250_000, "withdrawn", receipt)
    paid = pay_refund(refund_id=refund.pk, actor=cashier)
    assert paid.state == RefundState.PAID and paid.method == "cash"
    assert paid.slip_number == f"HT{timezone.localdate().year % 100:02d}-000001"
    with pytest.raises(ReceiptError) as error:
        pay_refund(refund_id=refund.pk, actor=cashier)
    assert error.value.code == "settled"


def test_an_unpaid_fee_owes_nothing(dossier, django_capture_on_commit_callbacks):
    withdraw(dossier, django_capture_on_commit_callbacks)
    assert not Refund.objects.exists()


def test_refused_dossier_refund_declined_with_a_reason(cashier, django_capture_on_commit_callbacks):
    dossier = receive()
    collect_fee(fee_id=dossier.fees.get().pk, method="cash", collector=cashier, payer_name="A")
    leader = User.objects.get(username="tuphap.lanhdao")
    with django_capture_on_commit_callbacks(execute=True):
        perform_action(code=dossier.code, actor=leader, version=dossier.version, command=RefuseInput(reason="Thiếu"))
    refund = Refund.objects.get()
    assert refund.cause == "refused"
    with pytest.raises(ReceiptError):
        decline_refund(refund_id=refund.pk, actor=cashier, note=" ")
    declined = decline_refund(refund_id=refund.pk, actor=cashier, note="Phí thẩm định đã thẩm định xong")
    assert declined.state == RefundState.DECLINED


def test_another_centre_cannot_pay_a_refund(dossier, cashier, other_cashier, django_capture_on_commit_callbacks):
    collect_fee(fee_id=dossier.fees.get().pk, method="cash", collector=cashier, payer_name="A")
    withdraw(dossier, django_capture_on_commit_callbacks)
    with pytest.raises(ReceiptError) as error:
        pay_refund(refund_id=Refund.objects.get().pk, actor=other_cashier)
    assert error.value.code == "forbidden"


def test_the_refund_page_lists_and_pays(
    client, cashier, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    for i in range(4):
        dossier = receive(i=i)
        collect_fee(fee_id=dossier.fees.get().pk, method="cash", collector=cashier, payer_name="A")
        withdraw(dossier, django_capture_on_commit_callbacks)
    client.force_login(cashier)
    with django_assert_max_num_queries(14):  # the same for 4 or 400 rows: one query lists them with their joins
        page = client.get(reverse("desk:cashier_refunds"))
    assert page.content.decode().count('name="action" value="pay"') == 4
    first = Refund.objects.order_by("pk").first()
    assert client.post(reverse("desk:cashier_refunds"), {"refund": first.pk, "action": "pay"}).status_code == 302
    again = client.post(reverse("desk:cashier_refunds"), {"refund": first.pk, "action": "pay"})
    assert again.status_code == 409
    assert Refund.objects.filter(state="paid").count() == 1
