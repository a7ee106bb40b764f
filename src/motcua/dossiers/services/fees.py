"""Paying a fee: one function for every way money comes in (the counter's cashier, an online gateway, a bank
transfer). The receipts app calls it when a cashier collects, the payments app when a gateway settles."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from motcua.core.events import publish
from motcua.dossiers.events import FeePaid
from motcua.dossiers.models import DossierFee, PaymentMethod


def record_fee_paid(*, fee_id: int, method: str, reference: str, now: datetime, actor_id: int | None = None) -> bool:
    """Mark the fee paid, once: True when this call paid it, False when it was paid already (a second call, a
    payment that raced another, a fee paid at the counter meanwhile). No history row: the dossier's history
    counts one row per state change and its version (services/history.py), and paying a fee changes neither.
    A `FeePaid` event is published in the same transaction, so a rolled-back payment announces nothing."""
    if method not in PaymentMethod.values:
        raise ValueError(f"unknown payment method: {method[:20]}")
    with transaction.atomic():
        fee = DossierFee.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=fee_id)
        if fee.paid_at is not None:
            return False
        fee.paid_at, fee.method, fee.reference = now, method, reference[:64]
        fee.save(update_fields=["paid_at", "method", "reference"])
        dossier = fee.dossier
        publish(
            FeePaid(
                fee_id=fee.pk,
                dossier_id=dossier.pk,
                code=dossier.code,
                agency_id=dossier.agency_id,
                province_id=dossier.province_id,
                centre_id=dossier.centre_id,
                amount=fee.amount,
                method=method,
                reference=fee.reference,
                at=now,
                actor_id=actor_id,
            )
        )
    return True


def set_fee_receipt_number(*, fee_id: int, receipt_number: str) -> None:
    """Write the e-receipt's "series-number" on the fee (the receipts app, when it issues or replaces one)."""
    DossierFee.objects.filter(pk=fee_id).update(receipt_number=receipt_number[:64])
