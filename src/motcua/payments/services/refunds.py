"""Money of an online payment sent back through VNPay's refund API (vnp_Command=refund; vnp_TransactionType 02
full, 03 partial). One refund per payment: a second call for a payment refunded already sends nothing."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.text import clean, fold
from motcua.payments import vnpay
from motcua.payments.errors import PaymentError
from motcua.payments.models import Payment, PaymentMessage, PaymentState, Refund
from motcua.payments.services.online import merchant, post_json

log = logging.getLogger(__name__)

# A refund still "sending" after this was cut off (the process stopped before the answer came): it may be sent
# again; VNPay answers 94 (asked already) if the first request did reach it.
STALE_SENDING = timedelta(minutes=10)

# What the gateway's refusal codes mean, as the cashier reads them.
REFUSALS = {
    vnpay.API_BAD_MERCHANT: lambda: _("The gateway does not know our merchant code."),
    vnpay.API_INVALID_REQUEST: lambda: _("The gateway found the request malformed."),
    vnpay.API_NOT_FOUND: lambda: _("The gateway does not know this payment."),
    vnpay.API_REFUND_ALREADY_REQUESTED: lambda: _("A refund of this payment was already asked of the gateway."),
    vnpay.API_ORIGINAL_FAILED: lambda: _("The gateway says the payment itself did not go through."),
    vnpay.API_BAD_CHECKSUM: lambda: _("The gateway refused our signature."),
}


@dataclass(frozen=True)
class RefundResult:
    """status: "refunded", "refused" (by the gateway; it may be tried again), "already_refunded" (nothing sent),
    or "error" (the gateway was not reached or its answer could not be trusted; it may be tried again)."""

    status: str
    refund_id: int | None
    response_code: str
    message: str


def refund_online(
    *, payment_id: int, amount: int, reason: str, actor_name: str, now: datetime | None = None
) -> RefundResult:
    """Ask VNPay to give back `amount` đồng of the payment (all of it: a full refund, less: a partial one).
    The request and the answer are kept as PaymentMessage rows of kind "refund"."""
    now = now or timezone.now()
    reason, actor_name = clean(reason, keep_newlines=False)[:500], clean(actor_name, keep_newlines=False)[:255]
    if not reason:
        raise PaymentError("no_reason")
    with transaction.atomic():
        # The payment's row lock orders two cashiers pressing "refund" at once: the second sees the first's row.
        payment = Payment.objects.select_for_update().filter(pk=payment_id).first()
        if payment is None:
            raise PaymentError("no_payment")
        refund = Refund.objects.filter(payment=payment).first()
        if refund is not None and refund.state == Refund.State.DONE:
            message = _("This payment was refunded already; nothing was sent again.")
            return RefundResult("already_refunded", refund.pk, refund.response_code, message)
        if refund is not None and refund.state == Refund.State.SENDING and refund.requested_at > now - STALE_SENDING:
            raise PaymentError("refund_running")
        if not (payment.state == PaymentState.PAID or payment.needs_refund) or not payment.transaction_no:
            raise PaymentError("not_paid")
        if not 0 < amount <= payment.amount:
            raise PaymentError("bad_amount")
        fields = {
            "amount": amount,
            "full": amount == payment.amount,
            "reason": reason,
            "actor_name": actor_name,
            "state": Refund.State.SENDING,
            "request_id": secrets.token_hex(16),  # VNPay: unique per day, at most 32 characters
            "response_code": "",
            "requested_at": now,
            "answered_at": None,
        }
        if refund is None:
            refund = Refund.objects.create(payment=payment, province_id=payment.province_id, **fields)
        else:  # refused or not reached before: a new request
            for name, value in fields.items():
                setattr(refund, name, value)
            refund.save()
    m = merchant()
    body = vnpay.refund_request(
        m,
        request_id=refund.request_id,
        txn_ref=payment.txn_ref,
        amount=amount,
        transaction_no=payment.transaction_no,
        transaction_date=payment.created_at,
        created_by=fold(actor_name)[:100] or "motcua",  # VNPay's fields take no diacritics
        created=now,
        client_ip="127.0.0.1",
        order_info=f"Hoan tien {payment.txn_ref}",
        full=refund.full,
    )
    _keep(payment, body, ok=True, outcome="refund requested", now=now)
    try:
        answer = post_json(m.api_url, body)
    except (OSError, ValueError) as exc:  # not reached, or no JSON: whether it was done is unknown; querydr tells
        log.warning("refund of %s: gateway not reached (%s)", payment.txn_ref, type(exc).__name__)
        return _answered(refund, payment, {}, ok=False, state=Refund.State.ERROR, now=now)
    ok = vnpay.verify_body(answer, vnpay.REFUND_RESPONSE_FIELDS, m.secret)
    code = str(answer.get("vnp_ResponseCode", ""))[:8]
    if not ok or str(answer.get("vnp_TxnRef", payment.txn_ref)) != payment.txn_ref:
        state = Refund.State.ERROR
    else:
        state = Refund.State.DONE if code == vnpay.API_OK else Refund.State.REFUSED
    return _answered(refund, payment, answer, ok=ok, state=state, now=now)


def _keep(payment: Payment, params: dict[str, Any], *, ok: bool, outcome: str, now: datetime) -> None:
    PaymentMessage.objects.create(
        payment=payment,
        txn_ref=payment.txn_ref,
        kind=PaymentMessage.Kind.REFUND,
        params={str(k)[:64]: str(v)[:1000] for k, v in list(params.items())[:60]},
        signature_ok=ok,
        outcome=outcome,
        received_at=now,
    )


def _answered(
    refund: Refund, payment: Payment, answer: dict[str, Any], *, ok: bool, state: str, now: datetime
) -> RefundResult:
    code = str(answer.get("vnp_ResponseCode", ""))[:8]
    with transaction.atomic():
        locked = Refund.objects.select_for_update().get(pk=refund.pk)
        locked.state, locked.response_code, locked.answered_at = state, code, now
        locked.save(update_fields=["state", "response_code", "answered_at"])
        if state == Refund.State.DONE and payment.needs_refund:
            Payment.objects.filter(pk=payment.pk).update(needs_refund=False, updated_at=now)
        _keep(payment, answer, ok=ok, outcome=f"refund {state} {code}".strip(), now=now)
    log.info("refund of %s: %s %s", payment.txn_ref, state, code)
    if state == Refund.State.DONE:
        message = _("The refund was accepted by the gateway; the money goes back to the citizen's account.")
        return RefundResult("refunded", refund.pk, code, message)
    if state == Refund.State.REFUSED:
        text = REFUSALS.get(code, lambda: _("The gateway refused the refund (code %(code)s).") % {"code": code})()
        return RefundResult("refused", refund.pk, code, text)
    return RefundResult("error", refund.pk, code, PaymentError("gateway_down").message)
