"""Liên thông: hand-overs between agencies recorded with the action that makes them, taken by the receiving
agency when one of its people first acts on the dossier, and the several results of a group procedure.

A dossier whose steps all belong to one agency costs no query here: every check starts from its steps, which
the caller already holds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import Role, User
from motcua.dossiers.models import Dossier, DossierResult, DossierStep, Handover, HandoverKind, StoredFile
from motcua.dossiers.services.access import Access
from motcua.dossiers.services.errors import DossierError, Forbidden, NotFound
from motcua.dossiers.states import Action, State


def crosses_agencies(steps: list[DossierStep]) -> bool:
    return len({s.agency_id for s in steps}) > 1


def plan_results(*, dossier: Dossier, steps: list[DossierStep], names: list[str]) -> None:
    """One result part per step that issues one (a group procedure's process names them)."""
    parts = [(step, name) for step, name in zip(steps, names, strict=True) if name]
    if parts:
        DossierResult.objects.bulk_create(
            DossierResult(
                dossier=dossier,
                province_id=dossier.province_id,
                position=i,
                name=name,
                agency_id=step.agency_id,
                step=step,
            )
            for i, (step, name) in enumerate(parts, start=1)
        )


def take_handover(*, step: DossierStep, steps: list[DossierStep], actor: User, now: datetime) -> None:
    """Someone of the receiving agency acts on the step the dossier was handed to: the agency has received it."""
    if not crosses_agencies(steps):
        return
    Handover.objects.filter(step=step, received_at__isnull=True).update(
        received_at=now, received_by=actor, received_by_name=actor.full_name or actor.username
    )


def record_handover(
    *,
    dossier: Dossier,
    from_step: DossierStep,
    to_step: DossierStep | None,
    action: Action,
    actor: User | None,
    reason: str,
    now: datetime,
) -> dict[str, Any]:
    """When the action moved the dossier to a step of another agency, the hand-over row; returns what the
    history row adds about it (empty when the dossier stayed within one agency)."""
    if to_step is None or to_step is from_step or to_step.agency_id == from_step.agency_id:
        return {}
    kind = HandoverKind.SEND_BACK if action == Action.SEND_BACK else HandoverKind.FORWARD
    Handover.objects.create(
        dossier=dossier,
        province_id=dossier.province_id,
        step=to_step,
        kind=kind,
        from_agency_id=from_step.agency_id,
        to_agency_id=to_step.agency_id,
        from_step_name=from_step.name,
        sent_at=now,
        sent_by=actor,
        sent_by_name=(actor.full_name or actor.username) if actor else "",
        due_at=to_step.due_at,
        reason=reason if kind == HandoverKind.SEND_BACK else "",
    )
    return {
        "handover": {
            "kind": kind.value,
            "from_agency": from_step.agency.code,
            "from_agency_name": from_step.agency.name,
            "to_agency": to_step.agency.code,
            "to_agency_name": to_step.agency.name,
        }
    }


def check_results(
    *,
    dossier: Dossier,
    steps: list[DossierStep],
    step: DossierStep,
    to_state: State,
    result_file_id: int | None,
    actor: User | None,
    now: datetime,
) -> list[str]:
    """Before a step is finished (forward, approve): the result it issues must be there; before the dossier's
    result is ready, every part must be. An approval's result file is the part of the approving step. Returns
    the names of the parts issued by this step (for the history)."""
    if not crosses_agencies(steps):
        return []
    parts = list(DossierResult.objects.filter(dossier=dossier).select_related("step"))
    if not parts:
        return []
    issued = []
    for part in parts:
        if part.step_id == step.pk:
            if part.file_id is None and result_file_id is not None:
                part.file_id, part.issued_at, part.issued_by = result_file_id, now, actor
                part.save(update_fields=["file", "issued_at", "issued_by"])
            if part.file_id is None:
                raise DossierError(
                    "result_missing",
                    _("Attach the result “%(name)s” before finishing this step.") % {"name": part.name},
                )
            issued.append(part.name)
    if to_state == State.RESULT_READY:
        missing = [p.name for p in parts if p.file_id is None]
        if missing:
            raise DossierError(
                "result_missing", _("These results are not issued yet: %(names)s.") % {"names": ", ".join(missing)}
            )
    return issued


@transaction.atomic
def issue_result(*, code: str, actor: User, position: int, file_id: int) -> DossierResult:
    """The agency of a group procedure's part attaches the result it issued (its step must be the current one)."""
    dossier = Dossier.objects.select_for_update().filter(code=code.strip()).first()
    part = (
        DossierResult.objects.filter(dossier=dossier, position=position).select_related("step").first()
        if dossier is not None
        else None
    )
    if dossier is None or part is None:
        raise NotFound("not_found", _("No such result of dossier %(code)s.") % {"code": code})
    access = Access(actor)
    if part.step_id != dossier.current_step_id or dossier.state not in {State.RECEIVED, State.IN_PROGRESS}:
        raise DossierError("step", _("This result is issued at its own step, while the dossier is there."))
    if not access.roles_at(part.agency_id) & {Role.SPECIALIST, Role.LEADER}:
        raise Forbidden("step", _("You do not work for %(agency)s.") % {"agency": part.agency.name})
    stored = StoredFile.objects.filter(pk=file_id).first()
    if stored is None:
        raise DossierError("files", _("The result file %(id)s does not exist.") % {"id": file_id})
    part.file, part.issued_at, part.issued_by = stored, timezone.now(), actor
    part.save(update_fields=["file", "issued_at", "issued_by"])
    return part
