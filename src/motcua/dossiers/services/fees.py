"""A fee settled outside the counter's reception and return forms (an online payment)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from motcua.dossiers.models import DossierFee, PaymentMethod


def record_fee_paid(*, fee_id: int, method: str, reference: str, now: datetime) -> bool:
    """Mark the fee paid, once: True when this call paid it, False when it was paid already (a second call, a
    payment that raced another, a fee paid at the counter meanwhile). No history row: the dossier's history
    counts one row per state change and its version (services/history.py), and paying a fee changes neither."""
    if method not in PaymentMethod.values:
        raise ValueError(f"unknown payment method: {method[:20]}")
    with transaction.atomic():
        fee = DossierFee.objects.select_for_update().get(pk=fee_id)
        if fee.paid_at is not None:
            return False
        fee.paid_at, fee.method, fee.receipt_number = now, method, reference[:64]
        fee.save(update_fields=["paid_at", "method", "receipt_number"])
    return True
