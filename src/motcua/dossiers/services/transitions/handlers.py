"""What each action changes on the dossier and its steps: (dossier, steps, step, decision, actor, command, now)
-> (the history's note, its data). `apply.apply_action` calls the one its action names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

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
from motcua.dossiers.services.clock import begin_step, point_at, start_clock, timeliness
from motcua.dossiers.services.errors import DossierError
from motcua.dossiers.states import Action, Decision, State
from motcua.workdays.selectors import calendar_for


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
    point_at(dossier, step)  # the current step (step-bound): the dossier now waits on its assignee
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
    """The step a refused, stopped or withdrawn dossier was at ends with it: a closed dossier has no open step
    (its page, the handovers and the statistics read the steps' times)."""
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
