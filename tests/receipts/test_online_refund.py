"""An online payment, for real over HTTP through the sandbox gateway: its receipt issued by the gateway's IPN; the
dossier withdrawn; the refund sent back through the gateway once, a refusal leaving it due."""

import pytest

from motcua.core.models import User
from motcua.dossiers.actions import WithdrawInput
from motcua.dossiers.services import perform_action
from motcua.payments import services as payments
from motcua.payments.models import PaymentMessage
from motcua.receipts.models import Receipt, Refund, RefundState
from motcua.receipts.services import ReceiptError, pay_refund
from tests.payments.conftest import sandbox  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_paid_online_then_withdrawn_refunded_through_the_gateway_once(dossier, cashier, sandbox):  # noqa: F811
    fee = dossier.fees.get()
    sandbox.pay(payments.start_payment(fee_id=fee.pk, client_ip="10.1.2.3"))
    receipt = Receipt.objects.get(fee=fee)  # issued by the receipts.online subscriber after the IPN's commit
    assert receipt.method == "online" and receipt.collector is None and receipt.payer_name == "Nguyễn Văn A"
    assert receipt.reference.startswith("VNPAY")

    perform_action(code=dossier.code, actor=User.objects.get(username="motcua"), version=1, command=WithdrawInput())
    refund = Refund.objects.get(fee=fee)
    assert refund.state == RefundState.DUE and refund.receipt == receipt

    sandbox.refuse_refunds("95")
    with pytest.raises(ReceiptError) as error:
        pay_refund(refund_id=refund.pk, actor=cashier)
    assert error.value.code == "gateway"
    refund.refresh_from_db()
    assert refund.state == RefundState.DUE  # nothing paid: it may be tried again

    sandbox.refuse_refunds("")
    paid = pay_refund(refund_id=refund.pk, actor=cashier)
    assert paid.state == RefundState.PAID and paid.method == "online" and paid.slip_number == ""
    with pytest.raises(ReceiptError) as again:
        pay_refund(refund_id=refund.pk, actor=cashier)
    assert again.value.code == "settled"
    sent = PaymentMessage.objects.filter(kind="refund", outcome="refund requested")
    assert sent.count() == 2  # the refused request and the accepted one; nothing after
