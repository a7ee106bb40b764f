"""Actions on a dossier: one transaction each, optimistic version check first, then the state machine."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import Role, User
from motcua.dossiers.actions import (
    ActionInput,
    ApproveInput,
    AssignInput,
    CompleteSupplementInput,
    ExtendInput,
    ForwardInput,
    RefuseInput,
    RequestSupplementInput,
    ReturnResultInput,
    SendBackInput,
    StopInput,
    WithdrawInput,
)
from motcua.dossiers.models import Dossier, DossierStep, ReturnMethod, StoredFile
from motcua.dossiers.services.access import Access
from motcua.dossiers.services.clock import begin_step, start_clock, timeliness
from motcua.dossiers.services.errors import FORBIDDEN_REASONS, REASON_TEXT, Conflict, DossierError, Forbidden, NotFound
from motcua.dossiers.services.history import append_event
from motcua.dossiers.services.lienthong import check_results, record_handover, take_handover
from motcua.dossiers.states import Action, Context, Decision, State, decide
from motcua.workdays.selectors import calendar_for


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


def _required(value: str, label: str) -> str:
    value = value.strip()
    if not value:
        raise DossierError("missing_field", _("%(field)s is required.") % {"field": label})
    return value


def _finish_step(dossier: Dossier, step: DossierStep, now: datetime) -> None:
    step.finished_at = now
    if step.due_at:
        step.timeliness = calendar_for(dossier.centre).classify(now, step.due_at)
    step.save()


def _next(steps: list[DossierStep], step: DossierStep) -> DossierStep | None:
    return next((s for s in steps if s.position > step.position), None)


# --- handlers: (dossier, steps, step, decision, actor, command, now) -> (note, data) ------------------------

_Input = TypeVar("_Input", bound=ActionInput)
# A handler takes the input of its own action (actions.INPUTS) and returns the history's note and data.
Handler = Callable[
    [Dossier, list[DossierStep], DossierStep | None, Decision, User | None, _Input, datetime],
    tuple[str, dict[str, Any]],
]


def _assign(
    dossier: Dossier,
    steps: list[DossierStep],
    step: DossierStep | None,
    decision: Decision,
    actor: User | None,
    command: AssignInput,
    now: datetime,
) -> tuple[str, dict[str, Any]]:
    assert step is not None  # step-bound: decide() allows it only to who acts on the current step
    assert actor is not None  # only people assign (the system's one action is returning a result online)
    username = command.assignee or actor.username
    assignee = User.objects.filter(username=username, is_active=True).first()
    if assignee is None:
        raise DossierError("assignee", _("No active user is called %(user)s.") % {"user": username})
    if username != actor.username:
        roles = Access(assignee).roles_at(step.agency_id)
        if not roles & {Role.SPECIALIST, Role.LEADER}:
            raise DossierError("assignee", _("%(user)s does not work on this step's unit.") % {"user": username})
    step.assignee = assignee
    step.save(update_fields=["assignee"])
    return "", {"assignee": assignee.username}


def _forward(
    dossier: Dossier,
    steps: list[DossierStep],
    step: DossierStep | None,
    decision: Decision,
    actor: User | None,
    command: ForwardInput,
    now: datetime,
) -> tuple[str, dict[str, Any]]:
    if dossier.state == State.SUBMITTED:  # the desk accepts an online dossier: its clock starts now
        start_clock(dossier=dossier, steps=steps, received_at=now, officer=actor)
        DossierStep.objects.bulk_update(
            steps, ["budget_amount", "budget_unit", "started_at", "finished_at", "assignee", "due_at", "timeliness"]
        )
        return command.note, {}
    assert step is not None  # step-bound: decide() allows it only to who acts on the current step
    _finish_step(dossier, step, now)
    following = _next(steps, step)
    if following is None:
        raise DossierError("no_next_step", _("This is the last step: approve the result instead."))
    begin_step(dossier=dossier, step=following, at=now, assignee=_user(command.assignee))
    # The finished step's timeliness is kept in the history: the step itself may start again (sent back).
    return command.note, {"to_step": following.name, "step_timeliness": step.timeliness}


def _send_back(
    dossier: Dossier,
    steps: list[DossierStep],
    step: DossierStep | None,
    decision: Decision,
    actor: User | None,
    command: SendBackInput,
    now: datetime,
) -> tuple[str, dict[str, Any]]:
    assert step is not None  # step-bound: decide() allows it only to who acts on the current step
    reason = _required(command.reason, _("The reason"))
    previous = [s for s in steps if 1 < s.position < step.position][-1]
    step.started_at, step.assignee = None, None
    step.save(update_fields=["started_at", "assignee"])
    begin_step(dossier=dossier, step=previous, at=now, assignee=previous.assignee)
    return reason, {"to_step": previous.name}


def _approve(
    dossier: Dossier,
    steps: list[DossierStep],
    step: DossierStep | None,
    decision: Decision,
    actor: User | None,
    command: ApproveInput,
    now: datetime,
) -> tuple[str, dict[str, Any]]:
    assert step is not None  # step-bound: decide() allows it only to who acts on the current step
    _finish_step(dossier, step, now)
    note = command.note
    if decision.to_state != State.RESULT_READY:  # a leader's approval mid-process hands it on
        following = _next(steps, step)
        assert following is not None  # not the last processing step (decide): a later one follows
        begin_step(dossier=dossier, step=following, at=now)
        return note, {"to_step": following.name, "step_timeliness": step.timeliness}
    result = command.result_file_id
    if result is not None:
        dossier.result_file = StoredFile.objects.filter(pk=result).first()
        if dossier.result_file is None:
            raise DossierError("files", _("The result file %(id)s does not exist.") % {"id": result})
    dossier.finished_at = now
    dossier.timeliness = timeliness(dossier=dossier, finished_at=now)
    returning = _next(steps, step)
    if returning is not None:
        begin_step(dossier=dossier, step=returning, at=now)
    return note, {"result_file_id": result, "step_timeliness": step.timeliness}


def _request_supplement(
    dossier: Dossier,
    steps: list[DossierStep],
    step: DossierStep | None,
    decision: Decision,
    actor: User | None,
    command: RequestSupplementInput,
    now: datetime,
) -> tuple[str, dict[str, Any]]:
    reason = _required(command.reason, _("The reason"))
    items = [i.strip() for i in command.items if i.strip()]
    if not items:
        raise DossierError("missing_field", _("List the documents to complete."))
    dossier.state_before_supplement = dossier.state
    dossier.paused_since = now
    dossier.supplement_count += 1
    return reason, {"items": items, "policy": dossier.pause_policy}


def _complete_supplement(
    dossier: Dossier,
    steps: list[DossierStep],
    step: DossierStep | None,
    decision: Decision,
    actor: User | None,
    command: CompleteSupplementInput,
    now: datetime,
) -> tuple[str, dict[str, Any]]:
    assert dossier.paused_since is not None  # awaiting its supplement: request_supplement set it
    pause = (dossier.paused_since, now)
    calendar = calendar_for(dossier.centre)
    if dossier.state_before_supplement == State.SUBMITTED:
        pass  # the clock had not started: nothing to move
    elif dossier.pause_policy == "restart" and dossier.limit_amount is not None and dossier.limit_unit:
        dossier.due_at = calendar.due(now, dossier.limit_amount, dossier.limit_unit)
    elif dossier.due_at is not None:
        dossier.due_at = calendar.due(dossier.due_at, 0, "working_hour", pauses=[pause])
    if step is not None and step.due_at is not None:
        step.due_at = calendar.due(step.due_at, 0, "working_hour", pauses=[pause])
        step.save(update_fields=["due_at"])
    dossier.paused_since = None
    dossier.state_before_supplement = ""
    return command.note, {"paused_from": pause[0].isoformat(), "policy": dossier.pause_policy}


def _close(
    dossier: Dossier,
    steps: list[DossierStep],
    step: DossierStep | None,
    decision: Decision,
    actor: User | None,
    command: RefuseInput | StopInput,
    now: datetime,
) -> tuple[str, dict[str, Any]]:
    reason = _required(command.reason, _("The reason"))
    dossier.finished_at = now
    dossier.paused_since = None
    _end_step(step, now)
    return reason, {}


def _withdraw(
    dossier: Dossier,
    steps: list[DossierStep],
    step: DossierStep | None,
    decision: Decision,
    actor: User | None,
    command: WithdrawInput,
    now: datetime,
) -> tuple[str, dict[str, Any]]:
    dossier.finished_at = now
    dossier.paused_since = None
    _end_step(step, now)
    return command.reason or _("At the applicant's request"), {}


def _end_step(step: DossierStep | None, now: datetime) -> None:
    """The step a refused, stopped or withdrawn dossier was at ends with it: left open, it would stay in the
    open steps' indexes the inbox reads (dossier_step_started_*) for ever, one more for every closed dossier."""
    if step is not None and step.finished_at is None:
        step.finished_at = now
        step.save(update_fields=["finished_at"])


def _extend(
    dossier: Dossier,
    steps: list[DossierStep],
    step: DossierStep | None,
    decision: Decision,
    actor: User | None,
    command: ExtendInput,
    now: datetime,
) -> tuple[str, dict[str, Any]]:
    reason = _required(command.reason, _("The reason"))
    new_due = command.new_due_at
    if timezone.is_naive(new_due):
        new_due = timezone.make_aware(new_due)
    if dossier.due_at is not None and new_due <= dossier.due_at:
        raise DossierError("new_due_at", _("The new appointment must be later than the current one."))
    dossier.due_at = new_due
    dossier.extended = True
    return reason, {"apology": command.apology, "new_due_at": new_due.isoformat()}


def _return_result(
    dossier: Dossier,
    steps: list[DossierStep],
    step: DossierStep | None,
    decision: Decision,
    actor: User | None,
    command: ReturnResultInput,
    now: datetime,
) -> tuple[str, dict[str, Any]]:
    method = command.method
    if method not in ReturnMethod.values:
        raise DossierError("method", _("The result is returned at the counter, by post or online."))
    receiver = _required(command.receiver, _("Who received the result")) if method != "online" else ""
    tracking = _required(command.tracking_number, _("The postal tracking number")) if method == "post" else ""
    if step is not None and step.finished_at is None:
        _finish_step(dossier, step, now)
    dossier.return_method, dossier.return_receiver, dossier.return_tracking = method, receiver, tracking
    dossier.returned_at = now
    fees = []
    for fee in dossier.fees.filter(paid_at__isnull=True):
        fee.paid_at, fee.receipt_number = now, command.receipt_number
        fee.method = command.payment_method
        fee.save(update_fields=["paid_at", "receipt_number", "method"])
        fees.append(fee.amount)
    return "", {"method": method, "receiver": receiver, "tracking_number": tracking, "fees_paid": fees}


def _user(username: str | None) -> User | None:
    return User.objects.filter(username=username, is_active=True).first() if username else None


# Each handler is called with its own action's input (`command.action` picks it), hence Handler[Any].
HANDLERS: dict[Action, Handler[Any]] = {
    Action.ASSIGN: _assign,
    Action.FORWARD: _forward,
    Action.SEND_BACK: _send_back,
    Action.APPROVE: _approve,
    Action.REQUEST_SUPPLEMENT: _request_supplement,
    Action.COMPLETE_SUPPLEMENT: _complete_supplement,
    Action.REFUSE: _close,
    Action.STOP: _close,
    Action.WITHDRAW: _withdraw,
    Action.EXTEND: _extend,
    Action.RETURN_RESULT: _return_result,
}


__all__ = ["Decision", "perform_action"]
