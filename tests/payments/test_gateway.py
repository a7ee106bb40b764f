"""Paying a fee for real over HTTP through the sandbox gateway: every order of messages, duplicates, forgeries,
wrong amounts and a missing IPN; the fee is paid once and only once."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from motcua.dossiers.models import DossierFee
from motcua.payments import services
from motcua.payments.models import Payment, PaymentMessage, PaymentState

pytestmark = pytest.mark.django_db(transaction=True)


def ref_of(url: str) -> str:
    return dict(parse_qsl(urlsplit(url).query))["vnp_TxnRef"]


def start(fee) -> str:
    return services.start_payment(fee_id=fee.pk, client_ip="10.1.2.3")


def test_the_amount_comes_from_the_fee_and_a_paid_fee_cannot_be_paid_again(fee, sandbox):
    url = start(fee)
    assert dict(parse_qsl(urlsplit(url).query))["vnp_Amount"] == "20000000"
    assert "200.000" in sandbox.open(url)
    sandbox.press(url, "pay")
    with pytest.raises(services.PaymentError):
        start(fee)


def test_success_ipn_first_then_the_return(fee, sandbox):
    url = start(fee)
    returned = sandbox.press(url, "pay")
    assert sandbox.state(ref_of(url))["ipn_answers"] == [{"RspCode": "00", "Message": "Confirm Success"}]
    payment = Payment.objects.get(txn_ref=ref_of(url))
    assert payment.state == PaymentState.PAID and payment.transaction_no and payment.bank_code == "NCB"
    fee.refresh_from_db()
    assert fee.paid_at is not None and fee.method == "online"
    assert services.handle_return(params=returned).status == "paid"


def test_success_return_first_shows_processing_until_the_ipn(fee, sandbox):
    url = start(fee)
    returned = sandbox.press(url, "pay", scenario="return_first")
    view = services.handle_return(params=returned)
    assert view.status == "processing"
    fee.refresh_from_db()
    assert fee.paid_at is None  # the browser's word settles nothing
    assert sandbox.release(ref_of(url))["ipn_answers"][0]["RspCode"] == "00"
    fee.refresh_from_db()
    assert fee.paid_at is not None
    assert services.handle_return(params=returned).status == "paid"


@pytest.mark.parametrize(("choice", "state"), [("fail", PaymentState.FAILED), ("cancel", PaymentState.CANCELLED)])
def test_failure_and_cancel_leave_the_fee_unpaid_and_payable(fee, sandbox, choice, state):
    url = start(fee)
    returned = sandbox.press(url, choice)
    assert Payment.objects.get(txn_ref=ref_of(url)).state == state
    assert services.handle_return(params=returned).status == state
    fee.refresh_from_db()
    assert fee.paid_at is None
    sandbox.press(start(fee), "pay")  # another attempt pays it
    fee.refresh_from_db()
    assert fee.paid_at is not None


def test_the_same_ipn_twice_pays_once_and_is_answered_already_confirmed(fee, sandbox):
    url = start(fee)
    sandbox.press(url, "pay", scenario="ipn_twice")
    answers = [a["RspCode"] for a in sandbox.state(ref_of(url))["ipn_answers"]]
    assert answers == ["00", "02"]
    assert Payment.objects.filter(fee=fee, state=PaymentState.PAID).count() == 1


def test_an_ipn_with_a_wrong_signature_is_refused_logged_and_changes_nothing(fee, sandbox, caplog):
    url = start(fee)
    sandbox.press(url, "pay", scenario="bad_signature")
    assert sandbox.state(ref_of(url))["ipn_answers"][0]["RspCode"] == "97"
    assert Payment.objects.get(txn_ref=ref_of(url)).state == PaymentState.PENDING
    fee.refresh_from_db()
    assert fee.paid_at is None
    message = PaymentMessage.objects.get(kind="ipn")
    assert not message.signature_ok and message.outcome == "invalid signature"
    assert any("invalid signature" in r.getMessage() for r in caplog.records)
    assert "sandbox-test-secret" not in caplog.text


def test_an_ipn_with_a_wrong_amount_is_refused(fee, sandbox):
    url = start(fee)
    sandbox.press(url, "pay", scenario="bad_amount")
    assert sandbox.state(ref_of(url))["ipn_answers"][0]["RspCode"] == "04"
    assert Payment.objects.get(txn_ref=ref_of(url)).state == PaymentState.PENDING
    assert DossierFee.objects.get(pk=fee.pk).paid_at is None


def test_no_ipn_at_all_is_settled_later_by_a_query(fee, sandbox):
    url = start(fee)
    sandbox.press(url, "pay", scenario="no_ipn")
    assert services.settle_pending() == 0  # not pending long enough yet
    assert services.settle_pending(older_than_minutes=0) == 1
    assert Payment.objects.get(txn_ref=ref_of(url)).state == PaymentState.PAID
    assert DossierFee.objects.get(pk=fee.pk).paid_at is not None
    assert PaymentMessage.objects.filter(kind="query", signature_ok=True, outcome="paid").count() == 1
    assert services.settle_pending(older_than_minutes=0) == 0


def test_a_payment_never_finished_stays_pending_while_the_gateway_has_no_result(fee, sandbox):
    url = start(fee)
    sandbox.open(url)  # the citizen closed the page
    assert services.settle_pending(older_than_minutes=0) == 0
    assert Payment.objects.get(txn_ref=ref_of(url)).state == PaymentState.PENDING


def test_an_ipn_for_an_unknown_order_is_answered_01(fee, sandbox):
    from motcua.payments import vnpay

    params = vnpay.sign_query(
        {"vnp_TxnRef": "NOSUCH", "vnp_Amount": "100", "vnp_ResponseCode": "00"}, "sandbox-test-secret"
    )
    assert services.handle_ipn(params=params)["RspCode"] == "01"
