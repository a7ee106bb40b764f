"""Online payment of a dossier's fee through VNPay: start, the IPN (authoritative), the browser's return (shown,
never trusted to settle), and the periodic query that settles what no IPN did."""

from __future__ import annotations

import json
import logging
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.dossiers.models import PaymentMethod
from motcua.dossiers.services.fees import record_fee_paid
from motcua.payments import vnpay
from motcua.payments.errors import PaymentError
from motcua.payments.models import Payment, PaymentMessage, PaymentState
from motcua.payments.selectors import fee_to_pay

log = logging.getLogger(__name__)

PAYMENT_MINUTES = 15  # vnp_ExpireDate: how long the citizen has on the gateway's page
SETTLEABLE = (PaymentState.PENDING, PaymentState.EXPIRED)  # a late IPN for an expired attempt still counts


def merchant() -> vnpay.Merchant:
    return vnpay.Merchant(
        tmn_code=settings.VNPAY_TMN_CODE,
        secret=settings.VNPAY_HASH_SECRET,
        pay_url=settings.VNPAY_URL,
        api_url=settings.VNPAY_API_URL,
    )


def return_url() -> str:
    return f"{settings.PUBLIC_URL}/payments/vnpay/return"


def start_payment(*, fee_id: int, client_ip: str, now: datetime | None = None) -> str:
    """A new attempt at paying the fee; the gateway URL to send the browser to. Refuses a fee already paid."""
    now = now or timezone.now()
    with transaction.atomic():
        fee = fee_to_pay(fee_id, lock=True)
        if fee is None:
            raise PaymentError("no_fee")
        if fee.paid or Payment.objects.filter(fee_id=fee.id, state=PaymentState.PAID).exists():
            raise PaymentError("fee_paid")
        if fee.amount <= 0:
            raise PaymentError("nothing_to_pay")
        if fee.dossier_closed:
            raise PaymentError("dossier_closed")
        payment = Payment.objects.create(
            fee_id=fee.id,
            province_id=fee.province_id,
            amount=fee.amount,
            txn_ref=f"F{fee.id}T{secrets.token_hex(6).upper()}",  # VNPay: alphanumeric, unique per day at least
            client_ip=client_ip[:45],
            created_at=now,
            expires_at=now + timedelta(minutes=PAYMENT_MINUTES),
            updated_at=now,
        )
    log.info("payment %s started for fee %s", payment.txn_ref, fee.id)
    return vnpay.payment_url(
        merchant(),
        txn_ref=payment.txn_ref,
        amount=payment.amount,
        order_info=f"Thanh toan phi ho so {fee.dossier_code}",  # VNPay asks for no diacritics here
        return_url=return_url(),
        client_ip=client_ip or "127.0.0.1",
        created=now,
        expires=payment.expires_at,
    )


def _vnp(params: Any) -> dict[str, str]:
    """The vnp_ parameters of a query, bounded (anything else is not VNPay's and not kept)."""
    items = list(params.items())[: vnpay.MAX_PARAMS * 2]
    return {str(k)[:64]: str(v)[: vnpay.MAX_VALUE] for k, v in items if str(k).startswith("vnp_")}


def _record(
    kind: str, params: dict[str, Any], *, ok: bool, outcome: str, payment: Payment | None, now: datetime
) -> None:
    PaymentMessage.objects.create(
        payment=payment,
        txn_ref=str(params.get("vnp_TxnRef", ""))[:100],
        kind=kind,
        params=params,
        signature_ok=ok,
        outcome=outcome,
        received_at=now,
    )


def _settle(
    payment: Payment, *, response_code: str, status: str, transaction_no: str, bank_code: str, now: datetime
) -> str:
    """Under the payment's row lock: paid (and the fee with it, once), failed or cancelled. The outcome."""
    payment.response_code, payment.transaction_no, payment.bank_code = response_code, transaction_no, bank_code
    payment.updated_at = now
    if response_code == vnpay.SUCCESS and status == vnpay.SUCCESS:
        reference = f"VNPAY {transaction_no}".strip()
        if record_fee_paid(fee_id=payment.fee_id, method=PaymentMethod.ONLINE, reference=reference, now=now):
            payment.state, payment.paid_at = PaymentState.PAID, now
            outcome = "paid"
        else:  # the money came, but the fee was settled by something else: it goes back to the citizen
            payment.state, payment.needs_refund = PaymentState.FAILED, True
            outcome = "paid twice: to refund"
            log.warning("payment %s paid a fee already paid: to refund", payment.txn_ref)
    elif response_code == vnpay.CUSTOMER_CANCELLED:
        payment.state, outcome = PaymentState.CANCELLED, "cancelled"
    else:
        payment.state, outcome = PaymentState.FAILED, f"failed {response_code}"
    payment.save()
    return outcome


def handle_ipn(*, params: Any, now: datetime | None = None) -> dict[str, str]:
    """VNPay's notification of a payment's result (server to server): the one message that settles a payment.
    Answers with the RspCode VNPay expects; a message refused is logged and changes nothing."""
    now = now or timezone.now()
    vnp = _vnp(params)
    ref = vnp.get("vnp_TxnRef", "")[:100]
    try:
        if not vnpay.verify_query(vnp, settings.VNPAY_HASH_SECRET):
            log.warning("IPN for %s refused: invalid signature", ref)
            _record("ipn", vnp, ok=False, outcome="invalid signature", payment=None, now=now)
            return vnpay.ipn_answer(vnpay.IPN_INVALID_SIGNATURE)
        payment = Payment.objects.filter(txn_ref=ref).first()
        if payment is None:
            _record("ipn", vnp, ok=True, outcome="order not found", payment=None, now=now)
            return vnpay.ipn_answer(vnpay.IPN_ORDER_NOT_FOUND)
        if vnp.get("vnp_Amount") != str(payment.amount * 100):
            log.warning("IPN for %s refused: amount %s", ref, vnp.get("vnp_Amount", "")[:20])
            _record("ipn", vnp, ok=True, outcome="invalid amount", payment=payment, now=now)
            return vnpay.ipn_answer(vnpay.IPN_INVALID_AMOUNT)
        with transaction.atomic():
            payment = Payment.objects.select_for_update().get(pk=payment.pk)
            if payment.state not in SETTLEABLE:
                _record("ipn", vnp, ok=True, outcome="already confirmed", payment=payment, now=now)
                return vnpay.ipn_answer(vnpay.IPN_ALREADY_CONFIRMED)
            outcome = _settle(
                payment,
                response_code=vnp.get("vnp_ResponseCode", "")[:8],
                status=vnp.get("vnp_TransactionStatus", "")[:8],
                transaction_no=vnp.get("vnp_TransactionNo", "")[:64],
                bank_code=vnp.get("vnp_BankCode", "")[:32],
                now=now,
            )
            _record("ipn", vnp, ok=True, outcome=outcome, payment=payment, now=now)
        log.info("IPN for %s: %s", ref, outcome)
        return vnpay.ipn_answer(vnpay.IPN_CONFIRMED)
    except Exception:  # VNPay retries on 99; the cause stays in our log
        log.exception("IPN for %s failed", ref)
        return vnpay.ipn_answer(vnpay.IPN_OTHER)


@dataclass(frozen=True)
class ReturnView:
    """What the citizen's browser is shown after the gateway: invalid, processing, paid, failed, cancelled."""

    status: str
    payment_id: int | None = None
    fee_id: int | None = None


def handle_return(*, params: Any, now: datetime | None = None) -> ReturnView:
    """The browser's return never settles anything (VNPay: the IPN is authoritative, and a browser can replay or
    forge a return). It shows the payment's own state; while that is pending, a signed success reads
    "processing" until the IPN or a query settles it, and a signed failure reads as that failure."""
    now = now or timezone.now()
    vnp = _vnp(params)
    ok = vnpay.verify_query(vnp, settings.VNPAY_HASH_SECRET)
    payment = Payment.objects.filter(txn_ref=vnp.get("vnp_TxnRef", "")[:100]).first() if ok else None
    if payment is None:
        _record("return", vnp, ok=ok, outcome="invalid" if not ok else "order not found", payment=None, now=now)
        return ReturnView("invalid")
    status = payment.state
    if status in SETTLEABLE:
        code = vnp.get("vnp_ResponseCode", "")
        status = {vnpay.SUCCESS: "processing", vnpay.CUSTOMER_CANCELLED: "cancelled"}.get(code, "failed")
    _record("return", vnp, ok=True, outcome=f"shown {status}", payment=payment, now=now)
    return ReturnView(status, payment.pk, payment.fee_id)


def post_json(url: str, body: dict[str, object], timeout: float = 10) -> dict[str, Any]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # the configured gateway URL
        answer = json.loads(response.read(65536))
    return answer if isinstance(answer, dict) else {}


def settle_pending(*, batch: int = 50, now: datetime | None = None, older_than_minutes: int | None = None) -> int:
    """Ask VNPay (querydr) about the payments pending for a while and settle them: the IPN that never came. A
    payment VNPay does not know, past its expiry, expires. How many payments this settled."""
    now = now or timezone.now()
    minutes = settings.VNPAY_SETTLE_AFTER_MINUTES if older_than_minutes is None else older_than_minutes
    pending = Payment.objects.filter(state=PaymentState.PENDING, created_at__lte=now - timedelta(minutes=minutes))
    settled = 0
    for payment in pending.order_by("created_at")[:batch]:
        try:
            settled += _query_and_settle(payment, now)
        except (OSError, ValueError) as exc:  # the gateway is down or talks nonsense: the next run asks again
            log.warning("query for %s failed: %s", payment.txn_ref, type(exc).__name__)
    return settled


def _query_and_settle(payment: Payment, now: datetime) -> int:
    m = merchant()
    body = vnpay.query_request(
        m,
        request_id=secrets.token_hex(8),
        txn_ref=payment.txn_ref,
        transaction_date=payment.created_at,
        created=now,
        client_ip="127.0.0.1",
        order_info=f"Truy van {payment.txn_ref}",
    )
    answer = post_json(m.api_url, body)
    ok = vnpay.verify_body(answer, vnpay.QUERY_RESPONSE_FIELDS, m.secret)
    code, status = str(answer.get("vnp_ResponseCode", "")), str(answer.get("vnp_TransactionStatus", ""))
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if not ok or locked.state not in SETTLEABLE:
            outcome = "invalid signature" if not ok else "already settled"
        elif code == vnpay.API_NOT_FOUND and locked.expires_at < now:
            locked.state, locked.updated_at, outcome = PaymentState.EXPIRED, now, "expired"
            locked.save(update_fields=["state", "updated_at"])
        elif code != vnpay.API_OK or status == vnpay.STATUS_PENDING:
            outcome = f"still pending {code}/{status}"
        elif str(answer.get("vnp_Amount")) != str(locked.amount * 100):
            outcome = "invalid amount"
        else:
            outcome = _settle(
                locked,
                response_code=status,  # querydr: the payment's outcome is its transaction status
                status=status,
                transaction_no=str(answer.get("vnp_TransactionNo", ""))[:64],
                bank_code=str(answer.get("vnp_BankCode", ""))[:32],
                now=now,
            )
        _record("query", {k: str(v)[:1000] for k, v in answer.items()}, ok=ok, outcome=outcome, payment=locked, now=now)
    log.info("query for %s: %s", payment.txn_ref, outcome)
    return 1 if outcome in ("paid", "cancelled", "expired") or outcome.startswith(("failed", "paid twice")) else 0
