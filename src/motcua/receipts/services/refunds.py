"""Refunds of fees paid for a dossier that was refused or withdrawn: opened by the subscriber, paid back once
by a cashier (cash, with a numbered slip) or through the gateway (an online payment), or declined with the
reason (a fee whose own rule keeps it, e.g. an appraisal already done)."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.counters import increment
from motcua.dossiers.models import DossierFee, PaymentMethod
from motcua.payments import selectors as payment_selectors
from motcua.payments.services import PaymentError, refund_online
from motcua.receipts import access, rules
from motcua.receipts.models import Receipt, ReceiptState, Refund, RefundSlipCounter, RefundState
from motcua.receipts.services.collect import ReceiptError

log = logging.getLogger(__name__)


def open_refunds(*, dossier_id: int, cause: str, now: datetime) -> int:
    """A refund due for each paid fee of the dossier that has none yet; how many were opened."""
    opened = 0
    with transaction.atomic():
        fees = DossierFee.objects.select_for_update().filter(dossier_id=dossier_id, paid_at__isnull=False)
        for fee in fees.select_related("dossier"):
            if Refund.objects.filter(fee=fee).exists():
                continue
            receipt = Receipt.objects.filter(fee=fee, state=ReceiptState.ACTIVE).first()
            Refund.objects.create(
                fee=fee,
                receipt=receipt,
                dossier_id=dossier_id,
                province_id=fee.dossier.province_id,
                agency_id=fee.dossier.agency_id,
                amount=fee.amount,
                cause=cause[:16],
                due_since=now,
            )
            opened += 1
    return opened


def _locked_due(refund_id: int, actor) -> Refund:
    refund = Refund.objects.select_for_update(of=("self",)).select_related("fee").filter(pk=refund_id).first()
    if refund is None or not (
        access.may_collect_for(actor, refund.agency_id) or refund.agency_id in access.supervised_agency_ids(actor)
    ):
        raise ReceiptError("forbidden", _("You do not handle refunds for this agency."))
    if refund.state != RefundState.DUE:
        raise ReceiptError("settled", _("This refund has been settled already."))
    return refund


def pay_refund(*, refund_id: int, actor, now: datetime | None = None) -> Refund:
    """Pay the refund back once: through the gateway when the fee was paid online, else in cash with a slip."""
    now = now or timezone.now()
    with transaction.atomic():
        refund = _locked_due(refund_id, actor)
        payment = payment_selectors.paid_payment_for_fee(refund.fee_id)
        if payment is None or refund.fee.method != PaymentMethod.ONLINE:
            return _pay_cash(refund, actor, now)
    # Online: the gateway is called outside our transaction, so that the payments app's record of the request
    # and its answer is kept whatever happens here; refund_online sends at most one refund per payment, so a
    # second click (or a retry after an error) never pays twice.
    try:
        result = refund_online(
            payment_id=payment.pk,
            amount=refund.amount,
            reason=f"Hoan phi ho so {refund.fee.dossier_id} ({refund.cause})",
            actor_name=str(actor),
            now=now,
        )
    except PaymentError as error:
        raise ReceiptError("gateway", error.message) from error
    if result.status not in ("refunded", "already_refunded"):
        raise ReceiptError("gateway", result.message)
    with transaction.atomic():
        refund = _locked_due(refund_id, actor)
        refund.method, refund.gateway_reference = PaymentMethod.ONLINE, payment.txn_ref[:64]
        _settle(refund, actor, now)
    log.info("refund %s paid through the gateway for fee %s", refund.pk, refund.fee_id)
    return refund


def _pay_cash(refund: Refund, actor, now: datetime) -> Refund:
    year = timezone.localtime(now).year
    key = {"agency": refund.agency_id, "year": year, "province": refund.province_id}  # the dossier's agency
    number = increment(RefundSlipCounter, key=key, field="last")
    refund.method, refund.slip_number = PaymentMethod.CASH, f"HT{year % 100:02d}-{number:06d}"
    _settle(refund, actor, now)
    log.info("refund %s paid in cash for fee %s", refund.pk, refund.fee_id)
    return refund


def _settle(refund: Refund, actor, now: datetime) -> None:
    refund.state, refund.settled_at, refund.settled_by = RefundState.PAID, now, actor
    refund.settled_by_name = str(actor)[:255]
    refund.save()


def decline_refund(*, refund_id: int, actor, note: str, now: datetime | None = None) -> Refund:
    """Close a refund without paying: the fee's own rule keeps it (the reason is kept)."""
    now = now or timezone.now()
    note = note.strip()
    if not note or len(note) > rules.MAX_REASON:
        raise ReceiptError("reason", _("Write why this fee is not refunded (at most 500 characters)."))
    with transaction.atomic():
        refund = _locked_due(refund_id, actor)
        refund.state, refund.note, refund.settled_at, refund.settled_by = RefundState.DECLINED, note, now, actor
        refund.settled_by_name = str(actor)[:255]
        refund.save()
    return refund
