"""Returning a result with a fee still due (thu phí khi trả kết quả): the fee is collected through the cashier's
service (paid, its e-receipt issued) and the result returned, in one transaction, whoever records it (the return
desk, another system through the API). Nothing is handed over unpaid, and no receipt number is typed."""

from __future__ import annotations

from django.db import transaction

from motcua.core.models import User
from motcua.dossiers import services
from motcua.dossiers.actions import ReturnResultInput
from motcua.dossiers.models import Dossier, DossierFee, PaymentMethod
from motcua.dossiers.services.transitions import check_version, locked_dossier
from motcua.receipts.services.collect import collect_fee


def return_with_fees(*, code: str, actor: User, version: int, command: ReturnResultInput) -> Dossier:
    """Collect every unpaid fee of the dossier by `command.payment_method` (the payer: who receives the result,
    else the applicant), then return the result as `perform_action` does. A refusal of either changes nothing."""
    with transaction.atomic():
        dossier = locked_dossier(code)
        check_version(dossier=dossier, version=version)
        unpaid = DossierFee.objects.filter(dossier=dossier, paid_at__isnull=True, amount__gt=0).order_by("pk")
        for fee in unpaid:
            collect_fee(
                fee_id=fee.pk,
                method=command.payment_method or PaymentMethod.CASH,
                collector=actor,
                payer_name=command.receiver or dossier.applicant_name,
                payer_address=dossier.applicant_address,
                payer_id_number="" if command.receiver else dossier.applicant_id_number,
            )
        return services.perform_action(code=code, actor=actor, version=version, command=command)
