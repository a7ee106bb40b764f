"""Refunding an online payment for real over HTTP through the sandbox gateway: full and partial, a refusal by the
gateway, a second call that sends nothing, a gateway that cannot be reached; the day's refunds as the cashier's
reconciliation reads them."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from motcua.payments import selectors, services, vnpay
from motcua.payments.models import Payment, PaymentMessage, Refund

pytestmark = pytest.mark.django_db(transaction=True)


def paid_payment(fee, sandbox) -> Payment:
    ref = sandbox.pay(services.start_payment(fee_id=fee.pk, client_ip="10.1.2.3"))
    return Payment.objects.get(txn_ref=ref, state="paid")


def refund(payment, amount=200_000, reason="Hồ sơ bị từ chối"):
    return services.refund_online(payment_id=payment.pk, amount=amount, reason=reason, actor_name="Trần Thu Ngân")


def test_a_full_refund_is_accepted_recorded_and_not_sent_twice(fee, sandbox):
    payment = paid_payment(fee, sandbox)
    result = refund(payment)
    assert result.status == "refunded" and result.response_code == "00"
    done = Refund.objects.get(payment=payment)
    assert (done.state, done.amount, done.full, done.actor_name) == ("done", 200_000, True, "Trần Thu Ngân")
    sent, answer = PaymentMessage.objects.filter(kind="refund", payment=payment).order_by("pk")
    assert sent.params["vnp_Command"] == "refund" and sent.params["vnp_TransactionType"] == vnpay.REFUND_FULL
    assert sent.params["vnp_Amount"] == "20000000" and sent.params["vnp_CreateBy"] == "tran thu ngan"
    assert answer.signature_ok and answer.params["vnp_ResponseCode"] == "00"
    assert sandbox.state(payment.txn_ref)["status"] == "05"  # VNPay: the refund is being processed

    again = refund(payment)
    assert again.status == "already_refunded" and again.message
    assert PaymentMessage.objects.filter(kind="refund").count() == 2  # nothing more was sent

    [row] = selectors.online_refunds(day=timezone.localdate())
    assert (row.payment_id, row.amount, row.state, row.dossier_code) == (payment.pk, 200_000, "done", fee.dossier.code)
    assert selectors.online_refunds(day=timezone.localdate(), agency_ids=[fee.dossier.agency_id + 999]) == []


def test_a_partial_refund_says_so_to_the_gateway(fee, sandbox):
    payment = paid_payment(fee, sandbox)
    result = refund(payment, amount=50_000)
    assert result.status == "refunded"
    sent = PaymentMessage.objects.filter(kind="refund").order_by("pk").first()
    assert sent.params["vnp_TransactionType"] == vnpay.REFUND_PARTIAL and sent.params["vnp_Amount"] == "5000000"
    assert not Refund.objects.get().full


def test_a_refusal_by_the_gateway_is_reported_and_may_be_tried_again(fee, sandbox):
    payment = paid_payment(fee, sandbox)
    sandbox.refuse_refunds("95")
    result = refund(payment)
    assert result.status == "refused" and result.response_code == "95"
    assert result.message  # the cashier reads what VNPay's code means
    assert Refund.objects.get().state == "refused"
    sandbox.refuse_refunds("")
    assert refund(payment).status == "refunded"
    assert Refund.objects.get().state == "done"


@pytest.mark.parametrize("amount", [0, -1, 200_001])
def test_an_amount_beyond_the_payment_is_refused_before_anything_is_sent(fee, sandbox, amount):
    payment = paid_payment(fee, sandbox)
    with pytest.raises(services.PaymentError) as error:
        refund(payment, amount=amount)
    assert error.value.code == "bad_amount"
    assert not PaymentMessage.objects.filter(kind="refund").exists()


def test_only_a_payment_that_went_through_can_be_refunded(fee, sandbox):
    url = services.start_payment(fee_id=fee.pk, client_ip="10.1.2.3")
    sandbox.press(url, "fail")
    payment = Payment.objects.get()
    with pytest.raises(services.PaymentError) as error:
        refund(payment)
    assert error.value.code == "not_paid"
    with pytest.raises(services.PaymentError) as error:
        refund(payment, reason="  ")
    assert error.value.code == "no_reason"


def test_a_gateway_out_of_reach_leaves_the_refund_to_try_again(fee, sandbox, settings):
    payment = paid_payment(fee, sandbox)
    settings.VNPAY_API_URL = "http://127.0.0.1:9/merchant_webapi/api/transaction"  # nothing listens on port 9
    result = refund(payment)
    assert result.status == "error" and Refund.objects.get().state == "error"
    settings.VNPAY_API_URL = f"http://{sandbox.host}:{sandbox.port}/merchant_webapi/api/transaction"
    assert refund(payment).status == "refunded"


def test_a_refund_request_with_a_wrong_signature_is_refused_by_the_sandbox(fee, sandbox):
    payment = paid_payment(fee, sandbox)
    body = vnpay.refund_request(
        vnpay.Merchant(tmn_code="MOTCUA01", secret="not-the-secret"),
        request_id="r1",
        txn_ref=payment.txn_ref,
        amount=200_000,
        transaction_no=payment.transaction_no,
        transaction_date=payment.created_at,
        created_by="x",
        created=timezone.now(),
        client_ip="127.0.0.1",
        order_info="x",
    )
    _status, _, raw = sandbox.request("POST", "/merchant_webapi/api/transaction", json.dumps(body).encode())
    assert json.loads(raw)["vnp_ResponseCode"] == vnpay.API_BAD_CHECKSUM


def test_the_days_gateway_settlements_list_each_paid_fee(fee, sandbox):
    payment = paid_payment(fee, sandbox)
    [row] = selectors.gateway_settlements(day=timezone.localdate())
    assert (row.fee_id, row.amount, row.gateway, row.txn_ref) == (fee.pk, 200_000, "vnpay", payment.txn_ref)
    assert row.transaction_no == payment.transaction_no and row.dossier_code == fee.dossier.code
    assert selectors.gateway_settlements(day=timezone.localdate() - timedelta(days=1)) == []
    assert selectors.paid_payment_for_fee(fee.pk) == payment


def test_a_vietnam_day_runs_from_midnight_to_midnight_vietnam_time(fee, sandbox):
    payment = paid_payment(fee, sandbox)
    Payment.objects.filter(pk=payment.pk).update(paid_at=datetime(2026, 3, 1, 16, 59, tzinfo=UTC))  # 23:59 in VN
    assert [s.fee_id for s in selectors.gateway_settlements(day=date(2026, 3, 1))] == [fee.pk]
    Payment.objects.filter(pk=payment.pk).update(paid_at=datetime(2026, 3, 1, 17, 0, tzinfo=UTC))  # 00:00 next day
    assert selectors.gateway_settlements(day=date(2026, 3, 1)) == []
    assert len(selectors.gateway_settlements(day=date(2026, 3, 2))) == 1


def test_money_taken_for_a_fee_paid_meanwhile_is_refunded_and_no_longer_flagged(fee, sandbox):
    from motcua.dossiers.models import DossierFee

    url = services.start_payment(fee_id=fee.pk, client_ip="10.1.2.3")
    DossierFee.objects.filter(pk=fee.pk).update(paid_at=timezone.now(), method="cash")  # paid at the counter
    sandbox.press(url, "pay")
    payment = Payment.objects.get()
    assert payment.state == "failed" and payment.needs_refund
    assert refund(payment).status == "refunded"
    payment.refresh_from_db()
    assert not payment.needs_refund


def test_a_refund_being_sent_blocks_a_second_one_until_it_is_stale(fee, sandbox):
    payment = paid_payment(fee, sandbox)
    Refund.objects.create(
        payment=payment,
        province_id=payment.province_id,
        amount=200_000,
        full=True,
        reason="x",
        actor_name="x",
        state="sending",
        request_id="r",
        requested_at=timezone.now(),
    )
    with pytest.raises(services.PaymentError) as error:
        refund(payment)
    assert error.value.code == "refund_running"
    Refund.objects.update(requested_at=timezone.now() - timedelta(minutes=11))
    assert refund(payment).status == "refunded"
