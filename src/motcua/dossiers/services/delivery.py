"""An electronic result delivered without a counter (trả kết quả trực tuyến, Decree 42/2022 "toàn trình"): when
a dossier whose applicant chose to receive the result online has its result file and owes no fee, motcua itself
returns it, so the result reaches the applicant's account and the "returned" message carries its link."""

from __future__ import annotations

from django.db import transaction

from motcua.dossiers.actions import ReturnResultInput
from motcua.dossiers.models import Dossier, ReturnMethod
from motcua.dossiers.services.transitions import apply_action, steps_of
from motcua.dossiers.states import SYSTEM, Context, State


def deliver_result_online(*, dossier_id: int) -> bool:
    """Return the result online if the dossier is ready for it; True when this call returned it. Safe to call
    any number of times, from any event (the result became ready, a fee got paid): the row lock and the state
    make the second call a no-op."""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().filter(pk=dossier_id).first()
        if not _deliverable(dossier):
            return False
        assert dossier is not None  # _deliverable
        steps, step = steps_of(dossier)
        apply_action(
            dossier=dossier,
            steps=steps,
            step=step,
            context=Context(roles=frozenset({SYSTEM}), acts_on_step=True),
            actor=None,
            role=SYSTEM,
            command=ReturnResultInput.model_validate({"method": "online"}),
            extra_data={"electronic": True},
        )
    return True


def _deliverable(dossier: Dossier | None) -> bool:
    return (
        dossier is not None
        and dossier.state == State.RESULT_READY
        and dossier.return_method == ReturnMethod.ONLINE
        and dossier.result_file_id is not None
        # A fee due at return is paid first (online, or it waits for the counter): nothing is handed over unpaid.
        and not dossier.fees.filter(paid_at__isnull=True, amount__gt=0).exists()
    )
