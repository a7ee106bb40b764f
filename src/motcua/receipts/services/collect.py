"""Collecting a fee and issuing its e-receipt in one transaction; cancelling a receipt with its replacement."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.counters import increment
from motcua.dossiers.models import DossierFee, PaymentMethod
from motcua.dossiers.services.fees import record_fee_paid, set_fee_receipt_number
from motcua.receipts import access, rules
from motcua.receipts.models import Receipt, ReceiptCounter, ReceiptSeries, ReceiptState
from motcua.receipts.words import amount_in_words

log = logging.getLogger(__name__)

# The methods a cashier takes at the counter; "online" is only ever recorded by a gateway's notification.
COUNTER_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.TRANSFER, PaymentMethod.QR)
MAX_AMOUNT = 10**13  # no fee comes near ten thousand billion đồng; the words and the columns hold it


class ReceiptError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _series(agency_id: int, year: int) -> ReceiptSeries:
    """The agency's series for the year: the one an administrator registered, else one with the configured
    form symbol and the year's two digits before the configured letters (Circular 32/2025 scheme)."""
    found = ReceiptSeries.objects.filter(agency_id=agency_id, year=year).first()
    if found is not None:
        return found
    form_symbol = getattr(settings, "RECEIPT_FORM_SYMBOL", "EBL01")
    letters = getattr(settings, "RECEIPT_SYMBOL_LETTERS", "BL")
    try:
        with transaction.atomic():
            return ReceiptSeries.objects.create(
                agency_id=agency_id, year=year, form_symbol=form_symbol, symbol=f"{year % 100:02d}{letters}"
            )
    except IntegrityError:  # another cashier created it a moment ago
        return ReceiptSeries.objects.get(agency_id=agency_id, year=year)


def issue_receipt(
    *,
    fee: DossierFee,
    method: str,
    reference: str,
    payer_name: str,
    payer_address: str,
    payer_id_number: str,
    collector,
    now: datetime,
    replaces: Receipt | None = None,
) -> Receipt:
    """Write the receipt of a paid fee with the next number of its agency's series (inside the caller's
    transaction: the counter row stays locked until it commits, so a rollback leaves no gap)."""
    dossier = fee.dossier
    year = timezone.localtime(now).year
    series = _series(dossier.agency_id, year)
    key = {"series": series.pk, "year": year, "province": dossier.province_id}  # the series is the agency's
    number = increment(ReceiptCounter, key=key, field="last")
    receipt = Receipt.objects.create(
        series=series,
        year=year,
        number=number,
        code=rules.new_code(),
        fee=fee,
        dossier=dossier,
        province_id=dossier.province_id,
        agency_id=dossier.agency_id,
        centre_id=dossier.centre_id,
        payer_name=payer_name.strip()[: rules.MAX_NAME],
        payer_address=payer_address.strip()[:255],
        payer_id_number=payer_id_number.strip()[:20],
        fee_name=(fee.label or _("Fee"))[:255],
        amount=fee.amount,
        amount_in_words=amount_in_words(fee.amount),
        method=method,
        reference=reference[:64],
        collector=collector,
        collector_name=str(collector)[:255] if collector is not None else "",
        issued_at=now,
        replaces=replaces,
    )
    set_fee_receipt_number(fee_id=fee.pk, receipt_number=f"{series.symbol}-{number:07d}")
    # The payer's name and ID stay out of the log (core.logging masks numbers anyway).
    log.info("receipt %s-%07d issued for fee %s (%s)", series.symbol, number, fee.pk, method)
    return receipt


def collect_fee(
    *,
    fee_id: int,
    method: str,
    collector,
    payer_name: str,
    payer_address: str = "",
    payer_id_number: str = "",
    reference: str = "",
    now: datetime | None = None,
) -> Receipt:
    """A cashier (or the counter officer at reception) takes a fee: the fee is marked paid and its e-receipt
    issued in one transaction, or neither."""
    now = now or timezone.now()
    if method not in COUNTER_METHODS:
        raise ReceiptError("method", _("Choose how the fee is paid."))
    if not payer_name.strip():
        raise ReceiptError("payer", _("Write the payer's name."))
    if len(payer_name) > rules.MAX_NAME or len(payer_address) > 255 or len(payer_id_number) > 20:
        raise ReceiptError("payer", _("The payer's details are too long."))
    with transaction.atomic():
        fee = DossierFee.objects.select_for_update(of=("self",)).select_related("dossier").filter(pk=fee_id).first()
        if fee is None or not access.may_collect_for(collector, fee.dossier.agency_id):
            raise ReceiptError("forbidden", _("You do not collect fees for this dossier's agency."))
        if not 0 < fee.amount <= MAX_AMOUNT:
            raise ReceiptError("amount", _("This fee has no amount to collect."))
        if not record_fee_paid(
            fee_id=fee.pk, method=method, reference=reference, now=now, actor_id=getattr(collector, "pk", None)
        ):
            raise ReceiptError("paid", _("This fee has been paid already."))
        return issue_receipt(
            fee=fee,
            method=method,
            reference=reference,
            payer_name=payer_name,
            payer_address=payer_address,
            payer_id_number=payer_id_number,
            collector=collector,
            now=now,
        )


def cancel_and_replace(
    *,
    receipt_id: int,
    reason: str,
    actor,
    payer_name: str = "",
    payer_address: str | None = None,
    payer_id_number: str | None = None,
    now: datetime | None = None,
) -> Receipt:
    """Cancel a receipt with a reason and issue its replacement (the corrected payer, the same fee and money):
    the cancelled number stays used, the fee stays paid through the replacement."""
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise ReceiptError("reason", _("Write why the receipt is cancelled."))
    if len(reason) > rules.MAX_REASON:
        raise ReceiptError("reason", _("The reason is too long."))
    with transaction.atomic():
        old = (
            Receipt.objects.select_for_update(of=("self",)).select_related("fee__dossier").filter(pk=receipt_id).first()
        )
        if old is None:
            raise ReceiptError("not_found", _("No such receipt."))
        allowed = rules.may_cancel(
            is_supervisor=old.agency_id in access.supervised_agency_ids(actor),
            is_collector=old.collector_id is not None
            and old.collector_id == getattr(actor, "pk", None)
            and access.may_collect_for(actor, old.agency_id),
            issued_on=timezone.localtime(old.issued_at).date(),
            today=timezone.localtime(now).date(),
        )
        if not allowed:
            raise ReceiptError(
                "forbidden", _("Only a supervisor, or the cashier who issued it on the same day, may cancel it.")
            )
        if old.state != ReceiptState.ACTIVE:
            raise ReceiptError("cancelled", _("This receipt is cancelled already."))
        old.state, old.cancelled_at, old.cancelled_by, old.cancel_reason = ReceiptState.CANCELLED, now, actor, reason
        old.save(update_fields=["state", "cancelled_at", "cancelled_by", "cancel_reason"])
        replacement = issue_receipt(
            fee=old.fee,
            method=old.method,
            reference=old.reference,
            payer_name=payer_name.strip() or old.payer_name,
            payer_address=old.payer_address if payer_address is None else payer_address,
            payer_id_number=old.payer_id_number if payer_id_number is None else payer_id_number,
            collector=actor,
            now=now,
            replaces=old,
        )
    log.info("receipt %s cancelled, replaced by %s", old.full_number, replacement.full_number)
    return replacement
