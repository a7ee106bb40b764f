"""What the receipts app does when it hears: a fee paid online gets its receipt; a dossier refused or
withdrawn with fees paid gets its refunds. Each runs after the commit (core.events), possibly again: each is
idempotent (one active receipt per fee, one refund per fee)."""

from __future__ import annotations

from django.db import transaction

from motcua.dossiers.events import DossierRefused, DossierWithdrawn, FeePaid
from motcua.dossiers.models import DossierFee, PaymentMethod
from motcua.receipts.models import Receipt, ReceiptState
from motcua.receipts.services.collect import issue_receipt
from motcua.receipts.services.refunds import open_refunds

# Paid without a cashier: the gateway's notification, or a bank statement line matched to the fee.
SYSTEM_METHODS = {PaymentMethod.ONLINE, PaymentMethod.TRANSFER, PaymentMethod.QR}


def issue_online_receipt(event: FeePaid) -> None:
    if event.method not in SYSTEM_METHODS or event.actor_id is not None:
        return  # a cashier's collection issued its receipt in its own transaction
    with transaction.atomic():
        fee = DossierFee.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=event.fee_id)
        if Receipt.objects.filter(fee=fee, state=ReceiptState.ACTIVE).exists():
            return
        dossier = fee.dossier
        issue_receipt(
            fee=fee,
            method=event.method,
            reference=event.reference,
            payer_name=dossier.applicant_name,
            payer_address=dossier.applicant_address,
            payer_id_number=dossier.applicant_id_number,
            collector=None,
            now=event.at,
        )


def refund_due(event: DossierRefused | DossierWithdrawn) -> None:
    cause = "refused" if isinstance(event, DossierRefused) else "withdrawn"
    open_refunds(dossier_id=event.dossier_id, cause=cause, now=event.at)
