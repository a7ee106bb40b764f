"""An action from request to history: the dossier locked, its version checked, the state machine asked, the
action's handler called, the history written."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import Role, User
from motcua.dossiers.actions import (
    ActionInput,
)
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.services.access import Access
from motcua.dossiers.services.errors import FORBIDDEN_REASONS, REASON_TEXT, Conflict, DossierError, Forbidden, NotFound
from motcua.dossiers.services.history import append_event
from motcua.dossiers.services.lienthong import check_results, record_handover, take_handover
from motcua.dossiers.services.transitions.handlers import HANDLERS
from motcua.dossiers.states import Action, Context, State, decide


@transaction.atomic
def perform_action(*, code: str, actor: User, version: int, command: ActionInput) -> Dossier:
    """Do the action `command` is for on the dossier if it is still at `version` and the rules allow it; record
    it in history."""
    dossier = locked_dossier(code)
    access = Access(actor)
    steps, step = steps_of(dossier)
    if not access.can_see(dossier, step):
        raise NotFound("not_found", _("No dossier has the code %(code)s.") % {"code": code})
    check_version(dossier=dossier, version=version)
    context = access.context(dossier, step, steps)
    return apply_action(
        dossier=dossier,
        steps=steps,
        step=step,
        context=context,
        actor=actor,
        role=_acting_role(command.action, context.roles),
        command=command,
    )


def steps_of(dossier: Dossier) -> tuple[list[DossierStep], DossierStep | None]:
    """The dossier's steps in order, and the one it is at (None once it has left its process)."""
    steps = list(dossier.steps.select_related("agency", "assignee").order_by("position"))
    return steps, next((s for s in steps if s.pk == dossier.current_step_id), None)


def parse_action(action: str) -> Action:
    try:
        return Action(action)
    except ValueError as exc:
        raise NotFound("unknown_action", _("Unknown action %(action)s.") % {"action": action}) from exc


def locked_dossier(code: str) -> Dossier:
    """The dossier, its row locked until the transaction ends: two people acting at once take turns."""
    dossier = Dossier.objects.select_for_update().filter(code=code.strip()).first()
    if dossier is None:
        raise NotFound("not_found", _("No dossier has the code %(code)s.") % {"code": code})
    return dossier


def check_version(*, dossier: Dossier, version: int) -> None:
    if dossier.version != version:
        raise Conflict(
            "conflict",
            _("Someone acted on this dossier first (it is now at version %(version)d); reload it and try again.")
            % {"version": dossier.version},
        )


def apply_action(
    *,
    dossier: Dossier,
    steps: list[DossierStep],
    step: DossierStep | None,
    context: Context,
    actor: User | None,
    role: str,
    command: ActionInput,
    extra_data: dict[str, Any] | None = None,
) -> Dossier:
    """The state machine decides; the action's handler changes the dossier; the history records it. The caller
    holds the dossier's row lock and has checked who the actor is."""
    action = command.action
    decision = decide(dossier.state, action, context)
    if not decision.allowed:
        error = Forbidden if decision.reason in FORBIDDEN_REASONS else DossierError
        raise error(decision.reason, REASON_TEXT[decision.reason]())
    now = timezone.now()
    before_state, before_due = dossier.state, dossier.due_at
    assert decision.to_state is not None  # an allowed decision always names its state
    issued: list[str] = []
    if step is not None and actor is not None and context.acts_on_step:
        take_handover(step=step, steps=steps, actor=actor, now=now)
    if step is not None and action in {Action.FORWARD, Action.APPROVE} and before_state != State.SUBMITTED:
        issued = check_results(
            dossier=dossier,
            steps=steps,
            step=step,
            to_state=decision.to_state,
            result_file_id=getattr(command, "result_file_id", None),
            actor=actor,
            now=now,
        )
    note, data = HANDLERS[action](dossier, steps, step, decision, actor, command, now)
    if step is not None:
        data |= record_handover(
            dossier=dossier,
            from_step=step,
            to_step=dossier.current_step,
            action=action,
            actor=actor,
            reason=note,
            now=now,
        )
    if issued:
        data["results_issued"] = issued
    dossier.state = decision.to_state
    dossier.version += 1
    dossier.save()
    append_event(
        dossier=dossier,
        action=action,
        actor=actor,
        role=role,
        agency=step.agency if step else dossier.agency,
        from_state=before_state,
        to_state=dossier.state,
        step_name=step.name if step else "",
        note=note,
        data={**data, **(extra_data or {})},
        due_before=before_due,
        due_after=dossier.due_at,
        at=now,
    )
    return dossier


def _acting_role(action: Action, roles: frozenset[str]) -> str:
    for role in (Role.LEADER, Role.SPECIALIST, Role.COUNTER_OFFICER, Role.SUPERVISOR):
        if role in roles:
            return role
    return ""
