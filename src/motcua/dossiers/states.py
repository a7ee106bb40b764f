"""The dossier state machine, in pure Python: which action may happen in which state, by whom, and to what.

States and actions are the stable names of docs/domain.md. `decide(state, action, context)` answers every pair:
either the action is allowed and yields a target state, or it is refused with a reason code (translated for
people by the services). The context says what only the caller knows: the actor's roles, whether the actor
may act on the current step, where the dossier is in its process, whether it was already extended.

Flow: a dossier received at the counter starts at its first processing step (state `received`, in the unit's
inbox); `assign` gives it to a specialist (`in_progress`); `forward` hands it to the next step; the leader's
`approve` on the last processing step makes the result ready; the counter returns it. An online dossier waits
in `submitted` until the desk checks it: `forward` accepts it (the reception step's hand-over), or the desk asks
for a supplement or refuses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class State(StrEnum):
    SUBMITTED = "submitted"
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    RESULT_READY = "result_ready"
    RETURNED = "returned"
    REFUSED = "refused"
    STOPPED = "stopped"
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    ASSIGN = "assign"
    FORWARD = "forward"
    SEND_BACK = "send_back"
    REQUEST_SUPPLEMENT = "request_supplement"
    COMPLETE_SUPPLEMENT = "complete_supplement"
    APPROVE = "approve"
    REFUSE = "refuse"
    EXTEND = "extend"
    STOP = "stop"
    WITHDRAW = "withdraw"
    RETURN_RESULT = "return_result"


TERMINAL = frozenset({State.RETURNED, State.REFUSED, State.STOPPED, State.WITHDRAWN})
FINISHED = TERMINAL | {State.RESULT_READY}
OPEN_PROCESSING = frozenset({State.RECEIVED, State.IN_PROGRESS})
RESUMABLE = frozenset({State.SUBMITTED, *OPEN_PROCESSING})

COUNTER_OFFICER, SPECIALIST, LEADER, SUPERVISOR = "counter_officer", "specialist", "leader", "supervisor"
APPLICANT = "applicant"  # the citizen, acting online (complete a supplement, withdraw)
SYSTEM = "system"  # motcua itself: delivers an electronic result to the applicant's account (trả kết quả trực tuyến)


@dataclass(frozen=True)
class Context:
    """What the caller knows about the actor and the dossier's place in its process."""

    roles: frozenset[str] = frozenset()
    acts_on_step: bool = False  # the actor's role and agency match the current step
    is_assignee: bool = False  # the current step is assigned to the actor
    step_assigned: bool = False  # the current step is assigned to someone
    has_previous_step: bool = False  # a processing step before the current one (for send_back)
    is_last_step: bool = False  # the current step is the last processing step (approve → result ready)
    extended: bool = False  # the one extension (Mẫu 04) was already given
    state_before_supplement: State | None = None  # where complete_supplement goes back to
    on_the_spot: bool = False  # a procedure resolved on the spot: the counter officer finishes it


@dataclass(frozen=True)
class Decision:
    allowed: bool
    to_state: State | None = None
    reason: str = ""  # a code from REASONS when refused
    moves: str = "stay"  # stay | next | previous: how the current step moves


# The codes of a refusal; what each says to people is written once, translated, in services.errors.
REASONS = frozenset({"finished", "state", "role", "step", "assigned", "extended", "no_previous_step", "last_step"})


@dataclass(frozen=True)
class Rule:
    states: frozenset[State]
    roles: frozenset[str]
    to: State | None  # None: stays in its state (or goes back: complete_supplement)
    step_bound: bool = True  # the actor must act on the current step
    moves: str = "stay"
    checks: tuple[str, ...] = field(default=())


def _rule(states: Iterable[State], roles: Iterable[str], to: State | None = None, **kwargs: Any) -> Rule:
    return Rule(frozenset(states), frozenset(roles), to, **kwargs)


RULES: dict[Action, Rule] = {
    Action.ASSIGN: _rule(OPEN_PROCESSING, {LEADER, SPECIALIST}, State.IN_PROGRESS),
    Action.FORWARD: _rule(
        {State.SUBMITTED, *OPEN_PROCESSING},
        {COUNTER_OFFICER, SPECIALIST, LEADER},
        State.IN_PROGRESS,
        moves="next",
        checks=("free_or_own",),
    ),
    Action.SEND_BACK: _rule(
        OPEN_PROCESSING, {SPECIALIST, LEADER}, State.IN_PROGRESS, moves="previous", checks=("previous_step",)
    ),
    Action.APPROVE: _rule(OPEN_PROCESSING, {LEADER}, State.RESULT_READY, checks=("last_step",)),
    Action.REQUEST_SUPPLEMENT: _rule(
        {State.SUBMITTED, *OPEN_PROCESSING},
        {COUNTER_OFFICER, SPECIALIST, LEADER},
        State.AWAITING_SUPPLEMENT,
    ),
    Action.COMPLETE_SUPPLEMENT: _rule(
        {State.AWAITING_SUPPLEMENT}, {COUNTER_OFFICER, APPLICANT}, None, step_bound=False
    ),
    Action.REFUSE: _rule(
        {State.SUBMITTED, *OPEN_PROCESSING, State.AWAITING_SUPPLEMENT}, {COUNTER_OFFICER, LEADER}, State.REFUSED
    ),
    Action.STOP: _rule({*OPEN_PROCESSING, State.AWAITING_SUPPLEMENT}, {LEADER}, State.STOPPED),
    Action.WITHDRAW: _rule(
        {State.SUBMITTED, *OPEN_PROCESSING, State.AWAITING_SUPPLEMENT},
        {COUNTER_OFFICER, APPLICANT},
        State.WITHDRAWN,
        step_bound=False,
    ),
    Action.EXTEND: _rule(
        {*OPEN_PROCESSING, State.AWAITING_SUPPLEMENT},
        {LEADER, SUPERVISOR},
        None,
        step_bound=False,
        checks=("not_extended",),
    ),
    Action.RETURN_RESULT: _rule({State.RESULT_READY}, {COUNTER_OFFICER, SYSTEM}, State.RETURNED),
}


# Where an applicant may still withdraw (their account offers the button only there).
WITHDRAWABLE = RULES[Action.WITHDRAW].states


def decide(state: State | str, action: Action | str, context: Context) -> Decision:
    """Whether `action` may happen now, and to which state; every (state, action) pair has an answer."""
    state, action = State(state), Action(action)
    rule = RULES[action]
    if state in TERMINAL:
        return Decision(False, reason="finished")
    if state not in rule.states:
        return Decision(False, reason="state")
    roles = set(context.roles)
    if context.on_the_spot and action is Action.APPROVE and COUNTER_OFFICER in roles:
        roles.add(LEADER)  # giải quyết ngay: the counter officer resolves it in one sitting
    if not roles & rule.roles:
        return Decision(False, reason="role")
    desk_check = action in {Action.REFUSE, Action.REQUEST_SUPPLEMENT, Action.FORWARD}
    if state is State.SUBMITTED and desk_check and COUNTER_OFFICER not in roles:
        return Decision(False, reason="role")  # the desk checks online dossiers
    # A leader may refuse from wherever the dossier is; other step-bound actions need the current step.
    if rule.step_bound and not context.acts_on_step and not (action is Action.REFUSE and LEADER in roles):
        return Decision(False, reason="step")
    # Rõ người, rõ việc: a step someone holds is theirs (or their leader's) to act on.
    if rule.step_bound and context.step_assigned and not context.is_assignee and LEADER not in roles:
        return Decision(False, reason="assigned")
    if action is Action.FORWARD and state is not State.SUBMITTED and context.is_last_step:
        return Decision(False, reason="last_step")
    if "previous_step" in rule.checks and not context.has_previous_step:
        return Decision(False, reason="no_previous_step")
    if "not_extended" in rule.checks and context.extended:
        return Decision(False, reason="extended")
    if "last_step" in rule.checks and not context.is_last_step:
        return Decision(True, State.IN_PROGRESS, moves="next")  # a leader's approval mid-process hands it on
    if action is Action.COMPLETE_SUPPLEMENT:  # back where it was; only a waiting state makes sense there
        back = context.state_before_supplement
        return Decision(True, back if back in RESUMABLE else State.RECEIVED)
    if action is Action.FORWARD and state is State.SUBMITTED:
        return Decision(True, State.RECEIVED, moves="next")  # the desk accepts an online dossier
    return Decision(True, rule.to if rule.to is not None else state, moves=rule.moves)


def allowed_actions(state: State | str, context: Context) -> list[Action]:
    """The actions this actor may take now, in a stable order (for the desk's buttons and the API)."""
    return [action for action in Action if decide(state, action, context).allowed]
