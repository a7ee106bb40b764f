"""The dossier state machine, checked the way a centre's staff see it: who may do what, in which state, and to what.

Pure tests, no database. The expected answers are written by hand from docs/domain.md (who does what at a
Public Administrative Service Centre), never derived from `RULES`.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.dossiers.states import (
    APPLICANT,
    COUNTER_OFFICER,
    LEADER,
    REASONS,
    RULES,
    SPECIALIST,
    SUPERVISOR,
    TERMINAL,
    Action,
    Context,
    Decision,
    State,
    allowed_actions,
    decide,
)

S, A = State, Action
ROLES = (COUNTER_OFFICER, SPECIALIST, LEADER, SUPERVISOR, APPLICANT)
MOVES = {"stay", "next", "previous"}
FINISHED_FOR_GOOD = (S.RETURNED, S.REFUSED, S.STOPPED, S.WITHDRAWN)
STILL_OPEN = (S.SUBMITTED, S.RECEIVED, S.IN_PROGRESS, S.AWAITING_SUPPLEMENT)


def who(*roles: str, **facts) -> Context:
    """Someone with these roles, and what the caller knows about the dossier's place in its process."""
    return Context(roles=frozenset(roles), **facts)


def allow(to: State, moves: str = "stay") -> Decision:
    return Decision(True, to, moves=moves)


def refuse(reason: str) -> Decision:
    return Decision(False, reason=reason)


# The people of a centre, in the situations they meet every day.
DESK = who(COUNTER_OFFICER, acts_on_step=True)
DESK_AWAY = who(COUNTER_OFFICER)
DESK_COLLEAGUE_TOOK_IT = who(COUNTER_OFFICER, acts_on_step=True, step_assigned=True)
DESK_ON_THE_SPOT = who(COUNTER_OFFICER, acts_on_step=True, is_last_step=True, on_the_spot=True)
SPECIALIST_FREE_STEP = who(SPECIALIST, acts_on_step=True)
SPECIALIST_HOLDING = who(SPECIALIST, acts_on_step=True, step_assigned=True, is_assignee=True)
SPECIALIST_HOLDING_AFTER_A_STEP = who(
    SPECIALIST, acts_on_step=True, step_assigned=True, is_assignee=True, has_previous_step=True
)
SPECIALIST_COLLEAGUE_HOLDS = who(SPECIALIST, acts_on_step=True, step_assigned=True, has_previous_step=True)
SPECIALIST_AWAY = who(SPECIALIST)
LEADER_LAST_STEP = who(LEADER, acts_on_step=True, is_last_step=True, has_previous_step=True)
LEADER_MIDDLE_STEP = who(LEADER, acts_on_step=True, has_previous_step=True)
LEADER_FIRST_STEP = who(LEADER, acts_on_step=True)
LEADER_SPECIALIST_HOLDS = who(LEADER, acts_on_step=True, step_assigned=True, has_previous_step=True)
LEADER_AWAY = who(LEADER)
LEADER_ALREADY_EXTENDED = who(LEADER, acts_on_step=True, extended=True)
SUPERVISOR_ = who(SUPERVISOR)
SUPERVISOR_ALREADY_EXTENDED = who(SUPERVISOR, extended=True)
CITIZEN = who(APPLICANT)
EVERYONE_EVERYTHING = who(
    *ROLES,
    acts_on_step=True,
    is_assignee=True,
    step_assigned=True,
    has_previous_step=True,
    is_last_step=True,
    on_the_spot=True,
)

# Representative contexts for the exhaustive check: every role, on and off its step, with each fact that
# changes an answer (assignment, extension, previous and last step, on the spot, the state before a supplement).
CONTEXTS: dict[str, Context] = {
    "desk officer on their step": DESK,
    "desk officer not on the step": DESK_AWAY,
    "desk officer, a colleague took the dossier": DESK_COLLEAGUE_TOOK_IT,
    "desk officer, on-the-spot procedure": DESK_ON_THE_SPOT,
    "desk officer, on-the-spot procedure, not the last step": who(COUNTER_OFFICER, acts_on_step=True, on_the_spot=True),
    "desk officer not on the step, on-the-spot procedure": who(COUNTER_OFFICER, on_the_spot=True, is_last_step=True),
    "specialist on a free step": SPECIALIST_FREE_STEP,
    "specialist holding the step, no previous step": SPECIALIST_HOLDING,
    "specialist holding the step, after a previous step": SPECIALIST_HOLDING_AFTER_A_STEP,
    "specialist holding the last step": who(
        SPECIALIST, acts_on_step=True, step_assigned=True, is_assignee=True, is_last_step=True
    ),
    "specialist, a colleague holds the step": SPECIALIST_COLLEAGUE_HOLDS,
    "specialist not on the step": SPECIALIST_AWAY,
    "specialist, on-the-spot procedure": who(SPECIALIST, acts_on_step=True, is_last_step=True, on_the_spot=True),
    "leader on the last step": LEADER_LAST_STEP,
    "leader on a middle step": LEADER_MIDDLE_STEP,
    "leader on the first step": LEADER_FIRST_STEP,
    "leader, a specialist holds the step": LEADER_SPECIALIST_HOLDS,
    "leader not on the step": LEADER_AWAY,
    "leader, already extended": LEADER_ALREADY_EXTENDED,
    "supervisor": SUPERVISOR_,
    "supervisor, already extended": SUPERVISOR_ALREADY_EXTENDED,
    "supervisor wrongly flagged on the step": who(SUPERVISOR, acts_on_step=True, is_last_step=True),
    "applicant": CITIZEN,
    "applicant, supplement asked during processing": who(APPLICANT, state_before_supplement=S.IN_PROGRESS),
    "applicant, supplement asked at the desk check": who(APPLICANT, state_before_supplement=S.SUBMITTED),
    "applicant wrongly flagged on the step": who(APPLICANT, acts_on_step=True, is_assignee=True, is_last_step=True),
    "nobody (no role)": who(),
    "no role, every other fact true": who(
        acts_on_step=True, is_assignee=True, step_assigned=True, has_previous_step=True, is_last_step=True
    ),
    "leader who is also a specialist": who(LEADER, SPECIALIST, acts_on_step=True, step_assigned=True),
    "every role, every fact true": EVERYONE_EVERYTHING,
}
EXHAUSTIVE = [
    pytest.param(state, action, context, id=f"{state}-{action}-{name}")
    for state, action, (name, context) in itertools.product(State, Action, CONTEXTS.items())
]


def assert_clear_answer(state: State, decision: Decision) -> None:
    """Allowed with a target state, or refused with a known reason; a finished dossier always says so."""
    assert isinstance(decision, Decision)
    if decision.allowed:
        assert isinstance(decision.to_state, State)
        assert decision.reason == ""
        assert decision.moves in MOVES
        assert state not in TERMINAL
    else:
        assert decision.to_state is None
        assert decision.reason in REASONS
        assert decision.moves == "stay"
        assert (decision.reason == "finished") == (state in TERMINAL)


# ---------------------------------------------------------------------------------------------------------
# 1. Every state, every action, every kind of user: a clear answer, never a crash.


@pytest.mark.parametrize(("state", "action", "context"), EXHAUSTIVE)
def test_every_state_and_action_gets_a_clear_yes_or_no_for_every_kind_of_user(state, action, context):
    assert_clear_answer(state, decide(state, action, context))


@pytest.mark.parametrize("context", CONTEXTS.values(), ids=CONTEXTS.keys())
@pytest.mark.parametrize("state", State, ids=str)
def test_the_buttons_shown_are_exactly_the_actions_allowed(state, context):
    assert allowed_actions(state, context) == [action for action in Action if decide(state, action, context).allowed]


@pytest.mark.parametrize(("state", "action"), list(itertools.product(State, Action)), ids=str)
def test_plain_names_from_the_api_get_the_same_answer_as_the_enums(state, action):
    for context in CONTEXTS.values():
        assert decide(str(state), str(action), context) == decide(state, action, context)


def test_the_state_and_action_names_other_systems_rely_on_do_not_change():
    assert {s.value for s in State} == {
        "submitted",
        "received",
        "in_progress",
        "awaiting_supplement",
        "result_ready",
        "returned",
        "refused",
        "stopped",
        "withdrawn",
    }
    assert {a.value for a in Action} == {
        "assign",
        "forward",
        "send_back",
        "request_supplement",
        "complete_supplement",
        "approve",
        "refuse",
        "extend",
        "stop",
        "withdraw",
        "return_result",
    }
    assert set(TERMINAL) == set(FINISHED_FOR_GOOD)
    assert set(RULES) == set(Action)


def test_the_representative_users_meet_every_refusal_reason_and_every_action():
    """Guards the exhaustive check itself: its contexts reach every branch of `decide`."""
    seen = [decide(s, a, c) for s, a, c in itertools.product(State, Action, CONTEXTS.values())]
    assert {d.reason for d in seen if not d.allowed} == set(REASONS)
    allowed_somewhere = {
        a for (s, a, c) in itertools.product(State, Action, CONTEXTS.values()) if decide(s, a, c).allowed
    }
    assert allowed_somewhere == set(Action)
    assert {d.moves for d in seen if d.allowed} == MOVES


# ---------------------------------------------------------------------------------------------------------
# 1b. The same invariants over random users and dossiers (hypothesis).

random_contexts = st.builds(
    Context,
    roles=st.frozensets(st.sampled_from(ROLES)),
    acts_on_step=st.booleans(),
    is_assignee=st.booleans(),
    step_assigned=st.booleans(),
    has_previous_step=st.booleans(),
    is_last_step=st.booleans(),
    extended=st.booleans(),
    state_before_supplement=st.none() | st.sampled_from(list(State)),
    on_the_spot=st.booleans(),
)
random_settings = settings(max_examples=400, deadline=None)


@random_settings
@given(random_contexts)
def test_any_user_in_any_situation_gets_a_clear_answer_and_the_right_buttons(context):
    for state in State:
        for action in Action:
            assert_clear_answer(state, decide(state, action, context))
        assert allowed_actions(state, context) == [a for a in Action if decide(state, a, context).allowed]


@random_settings
@given(random_contexts)
def test_a_finished_dossier_refuses_everything_to_anyone_because_it_is_finished(context):
    for state, action in itertools.product(TERMINAL, Action):
        assert decide(state, action, context) == refuse("finished")
    for state in TERMINAL:
        assert allowed_actions(state, context) == []


@random_settings
@given(random_contexts, st.sampled_from(list(State)), st.sampled_from(list(Action)))
def test_nothing_is_allowed_outside_the_states_and_roles_the_rules_list(context, state, action):
    decision = decide(state, action, context)
    if decision.allowed:
        rule = RULES[action]
        assert state in rule.states
        on_the_spot_desk = context.on_the_spot and action is A.APPROVE and COUNTER_OFFICER in context.roles
        assert context.roles & rule.roles or on_the_spot_desk


@random_settings
@given(random_contexts)
def test_each_user_without_a_staff_role_only_sees_their_own_buttons(context):
    for state in State:
        allowed = set(allowed_actions(state, context))
        if not context.roles:
            assert allowed == set()
        if context.roles == {SUPERVISOR}:
            assert allowed <= {A.EXTEND}
        if context.roles == {APPLICANT}:
            assert allowed <= {A.COMPLETE_SUPPLEMENT, A.WITHDRAW}


@random_settings
@given(random_contexts, st.sampled_from(ROLES))
def test_being_on_the_step_or_holding_one_more_role_never_takes_a_button_away(context, extra_role):
    on_step = replace(context, acts_on_step=True)
    more_roles = replace(context, roles=context.roles | {extra_role})
    for state in State:
        before = set(allowed_actions(state, context))
        assert before <= set(allowed_actions(state, on_step))
        assert before <= set(allowed_actions(state, more_roles))


@random_settings
@given(random_contexts)
def test_an_extension_already_given_only_removes_the_extend_button(context):
    fresh, spent = replace(context, extended=False), replace(context, extended=True)
    for state in State:
        assert set(allowed_actions(state, spent)) == set(allowed_actions(state, fresh)) - {A.EXTEND}
        assert decide(state, A.EXTEND, spent).reason in {"extended", "state", "role", "finished"}


# ---------------------------------------------------------------------------------------------------------
# 2. The main journey, answer by answer (written by hand).


def test_the_desk_accepts_an_online_dossier_into_the_first_processing_step():
    assert decide(S.SUBMITTED, A.FORWARD, DESK) == allow(S.RECEIVED, "next")


def test_the_desk_must_be_on_its_step_to_accept_an_online_dossier():
    assert decide(S.SUBMITTED, A.FORWARD, DESK_AWAY) == refuse("step")


@pytest.mark.parametrize(
    ("state", "context"),
    [
        pytest.param(S.RECEIVED, LEADER_FIRST_STEP, id="leader takes a received dossier"),
        pytest.param(S.RECEIVED, SPECIALIST_FREE_STEP, id="specialist takes a received dossier"),
        pytest.param(S.RECEIVED, SPECIALIST_HOLDING, id="specialist confirms the dossier they hold"),
        pytest.param(S.IN_PROGRESS, SPECIALIST_FREE_STEP, id="specialist takes a dossier arrived at their step"),
        pytest.param(S.IN_PROGRESS, LEADER_SPECIALIST_HOLDS, id="leader reassigns a specialist's dossier"),
    ],
)
def test_a_leader_or_specialist_takes_the_dossier_into_work(state, context):
    assert decide(state, A.ASSIGN, context) == allow(S.IN_PROGRESS)


@pytest.mark.parametrize(
    "context",
    [DESK, SUPERVISOR_, CITIZEN, who(SUPERVISOR, APPLICANT, acts_on_step=True)],
    ids=["desk officer", "supervisor", "applicant", "supervisor and applicant on the step"],
)
def test_only_leaders_and_specialists_hand_out_work(context):
    assert decide(S.RECEIVED, A.ASSIGN, context) == refuse("role")


def test_a_specialist_cannot_take_work_from_a_step_they_are_not_on():
    assert decide(S.RECEIVED, A.ASSIGN, SPECIALIST_AWAY) == refuse("step")


@pytest.mark.parametrize(
    ("state", "context"),
    [
        pytest.param(S.IN_PROGRESS, SPECIALIST_HOLDING, id="specialist holding the step"),
        pytest.param(S.RECEIVED, SPECIALIST_FREE_STEP, id="specialist on a free first step"),
        pytest.param(S.IN_PROGRESS, LEADER_MIDDLE_STEP, id="leader on a middle step"),
    ],
)
def test_forwarding_hands_the_dossier_to_the_next_step(state, context):
    assert decide(state, A.FORWARD, context) == allow(S.IN_PROGRESS, "next")


def test_a_specialist_not_on_the_step_cannot_forward():
    assert decide(S.IN_PROGRESS, A.FORWARD, SPECIALIST_AWAY) == refuse("step")


@pytest.mark.parametrize(
    ("state", "action"), [(S.RECEIVED, A.ASSIGN), (S.IN_PROGRESS, A.ASSIGN), (S.IN_PROGRESS, A.FORWARD)]
)
def test_a_specialist_cannot_take_or_forward_a_dossier_a_colleague_holds(state, action):
    assert decide(state, action, SPECIALIST_COLLEAGUE_HOLDS) == refuse("assigned")


@pytest.mark.parametrize(
    ("state", "action"), [(S.RECEIVED, A.ASSIGN), (S.IN_PROGRESS, A.ASSIGN), (S.IN_PROGRESS, A.FORWARD)]
)
def test_a_leader_may_take_over_or_forward_a_dossier_a_specialist_holds(state, action):
    assert decide(state, action, LEADER_SPECIALIST_HOLDS).allowed


def test_a_desk_officer_cannot_accept_an_online_dossier_another_desk_officer_took():
    assert decide(S.SUBMITTED, A.FORWARD, DESK_COLLEAGUE_TOOK_IT) == refuse("assigned")


@pytest.mark.parametrize("state", [S.RECEIVED, S.IN_PROGRESS])
def test_the_leaders_approval_on_the_last_step_makes_the_result_ready(state):
    assert decide(state, A.APPROVE, LEADER_LAST_STEP) == allow(S.RESULT_READY)


@pytest.mark.parametrize("state", [S.RECEIVED, S.IN_PROGRESS])
def test_the_leaders_approval_before_the_last_step_hands_the_dossier_on(state):
    assert decide(state, A.APPROVE, LEADER_MIDDLE_STEP) == allow(S.IN_PROGRESS, "next")


@pytest.mark.parametrize(
    "context",
    [
        who(SPECIALIST, acts_on_step=True, is_assignee=True, step_assigned=True, is_last_step=True),
        who(COUNTER_OFFICER, acts_on_step=True, is_last_step=True),
        who(SUPERVISOR, acts_on_step=True, is_last_step=True),
        who(APPLICANT, acts_on_step=True, is_last_step=True),
    ],
    ids=["specialist", "desk officer (not on the spot)", "supervisor", "applicant"],
)
def test_only_a_leader_approves_the_result(context):
    assert decide(S.IN_PROGRESS, A.APPROVE, context) == refuse("role")


def test_a_leader_not_on_the_step_cannot_approve():
    assert decide(S.IN_PROGRESS, A.APPROVE, who(LEADER, is_last_step=True)) == refuse("step")


@pytest.mark.parametrize("state", [S.SUBMITTED, S.AWAITING_SUPPLEMENT, S.RESULT_READY])
def test_nothing_is_approved_before_reception_while_waiting_for_papers_or_twice(state):
    assert decide(state, A.APPROVE, LEADER_LAST_STEP).allowed is False


@pytest.mark.parametrize(
    ("state", "context"),
    [
        pytest.param(S.IN_PROGRESS, LEADER_MIDDLE_STEP, id="leader"),
        pytest.param(S.IN_PROGRESS, SPECIALIST_HOLDING_AFTER_A_STEP, id="specialist holding the step"),
        pytest.param(S.RECEIVED, LEADER_MIDDLE_STEP, id="leader, dossier just arrived"),
    ],
)
def test_sending_back_returns_the_dossier_to_the_previous_step(state, context):
    assert decide(state, A.SEND_BACK, context) == allow(S.IN_PROGRESS, "previous")


@pytest.mark.parametrize("context", [LEADER_FIRST_STEP, SPECIALIST_HOLDING], ids=["leader", "specialist"])
def test_there_is_nothing_to_send_back_to_on_the_first_step(context):
    assert decide(S.IN_PROGRESS, A.SEND_BACK, context) == refuse("no_previous_step")


def test_the_desk_does_not_send_dossiers_back_between_processing_steps():
    assert decide(S.IN_PROGRESS, A.SEND_BACK, who(COUNTER_OFFICER, acts_on_step=True, has_previous_step=True)) == (
        refuse("role")
    )


@pytest.mark.parametrize(
    ("state", "context"),
    [
        pytest.param(S.SUBMITTED, DESK, id="desk checking an online dossier"),
        pytest.param(S.RECEIVED, SPECIALIST_FREE_STEP, id="specialist on a received dossier"),
        pytest.param(S.IN_PROGRESS, SPECIALIST_HOLDING, id="specialist appraising"),
        pytest.param(S.IN_PROGRESS, LEADER_MIDDLE_STEP, id="leader"),
        pytest.param(S.RECEIVED, DESK, id="desk on its own step"),
    ],
)
def test_a_supplement_is_asked_at_the_desk_check_or_during_processing(state, context):
    assert decide(state, A.REQUEST_SUPPLEMENT, context) == allow(S.AWAITING_SUPPLEMENT)


@pytest.mark.parametrize(
    ("state", "reason"),
    [(S.AWAITING_SUPPLEMENT, "state"), (S.RESULT_READY, "state"), (S.RETURNED, "finished")],
)
def test_no_supplement_is_asked_while_one_is_awaited_or_once_the_result_is_ready(state, reason):
    assert decide(state, A.REQUEST_SUPPLEMENT, EVERYONE_EVERYTHING) == refuse(reason)


@pytest.mark.parametrize("context", [SUPERVISOR_, CITIZEN, who(SUPERVISOR, APPLICANT, acts_on_step=True)])
def test_supervisors_and_applicants_do_not_ask_for_supplements(context):
    assert decide(S.IN_PROGRESS, A.REQUEST_SUPPLEMENT, context) == refuse("role")


def test_a_specialist_not_on_the_step_cannot_ask_for_a_supplement():
    assert decide(S.IN_PROGRESS, A.REQUEST_SUPPLEMENT, SPECIALIST_AWAY) == refuse("step")


@pytest.mark.parametrize(
    ("role", "before", "back_to"),
    [
        pytest.param(APPLICANT, S.IN_PROGRESS, S.IN_PROGRESS, id="applicant, asked during appraisal"),
        pytest.param(APPLICANT, S.RECEIVED, S.RECEIVED, id="applicant, asked before anyone took it"),
        pytest.param(APPLICANT, S.SUBMITTED, S.SUBMITTED, id="applicant, asked at the desk check"),
        pytest.param(APPLICANT, None, S.RECEIVED, id="applicant, origin unknown"),
        pytest.param(COUNTER_OFFICER, S.IN_PROGRESS, S.IN_PROGRESS, id="desk, papers brought to the counter"),
        pytest.param(COUNTER_OFFICER, None, S.RECEIVED, id="desk, origin unknown"),
    ],
)
def test_a_completed_supplement_sends_the_dossier_back_where_it_was(role, before, back_to):
    # Neither the applicant nor the desk officer receiving the papers needs to be on a processing step.
    assert decide(S.AWAITING_SUPPLEMENT, A.COMPLETE_SUPPLEMENT, who(role, state_before_supplement=before)) == (
        allow(back_to)
    )


@pytest.mark.parametrize(
    "context", [SPECIALIST_HOLDING, LEADER_LAST_STEP, SUPERVISOR_], ids=["specialist", "leader", "supervisor"]
)
def test_department_staff_do_not_complete_a_supplement_for_the_applicant(context):
    assert decide(S.AWAITING_SUPPLEMENT, A.COMPLETE_SUPPLEMENT, context) == refuse("role")


@pytest.mark.parametrize("state", [S.SUBMITTED, S.RECEIVED, S.IN_PROGRESS, S.RESULT_READY])
def test_a_supplement_is_completed_only_while_one_is_awaited(state):
    assert decide(state, A.COMPLETE_SUPPLEMENT, CITIZEN) == refuse("state")


def test_the_desk_refuses_an_online_dossier_that_fails_its_check():
    assert decide(S.SUBMITTED, A.REFUSE, DESK) == allow(S.REFUSED)


@pytest.mark.parametrize("action", Action, ids=str)
def test_a_leader_cannot_act_on_an_online_dossier_before_the_desk_has_checked_it(action):
    leader_with_every_fact = who(
        LEADER, acts_on_step=True, is_assignee=True, step_assigned=True, has_previous_step=True, is_last_step=True
    )
    decision = decide(S.SUBMITTED, action, leader_with_every_fact)
    assert decision.allowed is False
    assert decision.reason in {"role", "state"}


@pytest.mark.parametrize("action", [A.FORWARD, A.REQUEST_SUPPLEMENT, A.REFUSE])
def test_a_specialist_cannot_check_online_dossiers_in_place_of_the_desk(action):
    assert decide(S.SUBMITTED, action, SPECIALIST_FREE_STEP) == refuse("role")


@pytest.mark.parametrize("action", [A.REFUSE, A.STOP])
@pytest.mark.parametrize("state", [S.RECEIVED, S.IN_PROGRESS, S.AWAITING_SUPPLEMENT])
def test_a_specialist_may_propose_but_not_decide_a_refusal_or_a_stop(state, action):
    assert decide(state, action, SPECIALIST_HOLDING) == refuse("role")


@pytest.mark.parametrize("state", [S.RECEIVED, S.IN_PROGRESS, S.AWAITING_SUPPLEMENT])
def test_a_leader_refuses_a_dossier_in_processing_even_from_another_step(state):
    assert decide(state, A.REFUSE, LEADER_AWAY) == allow(S.REFUSED)


def test_the_desk_refuses_a_dossier_in_processing_only_from_its_own_step():
    assert decide(S.RECEIVED, A.REFUSE, DESK) == allow(S.REFUSED)
    assert decide(S.IN_PROGRESS, A.REFUSE, DESK_AWAY) == refuse("step")


@pytest.mark.parametrize("action", [A.REFUSE, A.STOP, A.WITHDRAW])
def test_a_ready_result_is_no_longer_refused_stopped_or_withdrawn(action):
    assert decide(S.RESULT_READY, action, EVERYONE_EVERYTHING) == refuse("state")


@pytest.mark.parametrize("state", [S.RECEIVED, S.IN_PROGRESS, S.AWAITING_SUPPLEMENT])
def test_a_leader_on_the_step_stops_the_handling(state):
    assert decide(state, A.STOP, LEADER_FIRST_STEP) == allow(S.STOPPED)


@pytest.mark.parametrize(
    "context",
    [DESK, SPECIALIST_HOLDING, who(SUPERVISOR, acts_on_step=True), who(APPLICANT, acts_on_step=True)],
    ids=["desk officer", "specialist", "supervisor", "applicant"],
)
def test_only_a_leader_stops_the_handling(context):
    assert decide(S.IN_PROGRESS, A.STOP, context) == refuse("role")


def test_a_leader_not_on_the_step_cannot_stop_the_handling():
    assert decide(S.IN_PROGRESS, A.STOP, LEADER_AWAY) == refuse("step")


def test_an_online_dossier_not_yet_received_cannot_be_stopped_only_refused():
    assert decide(S.SUBMITTED, A.STOP, EVERYONE_EVERYTHING) == refuse("state")


@pytest.mark.parametrize("state", STILL_OPEN, ids=str)
@pytest.mark.parametrize("context", [CITIZEN, DESK_AWAY], ids=["applicant online", "desk officer at the counter"])
def test_the_applicant_may_withdraw_until_the_result_is_ready(state, context):
    assert decide(state, A.WITHDRAW, context) == allow(S.WITHDRAWN)


@pytest.mark.parametrize(
    "context", [SPECIALIST_HOLDING, LEADER_LAST_STEP, SUPERVISOR_], ids=["specialist", "leader", "supervisor"]
)
def test_only_the_applicant_or_the_desk_withdraws_a_dossier(context):
    assert decide(S.IN_PROGRESS, A.WITHDRAW, context) == refuse("role")


@pytest.mark.parametrize("state", [S.RECEIVED, S.IN_PROGRESS, S.AWAITING_SUPPLEMENT])
@pytest.mark.parametrize(
    "context", [LEADER_AWAY, LEADER_FIRST_STEP, SUPERVISOR_], ids=["leader of another step", "leader", "supervisor"]
)
def test_a_leader_or_the_supervisor_extends_once_and_the_dossier_stays_where_it_is(state, context):
    assert decide(state, A.EXTEND, context) == allow(state)


@pytest.mark.parametrize(
    "context", [LEADER_ALREADY_EXTENDED, SUPERVISOR_ALREADY_EXTENDED], ids=["leader", "supervisor"]
)
@pytest.mark.parametrize("state", [S.RECEIVED, S.IN_PROGRESS, S.AWAITING_SUPPLEMENT])
def test_a_second_extension_is_refused(state, context):
    assert decide(state, A.EXTEND, context) == refuse("extended")


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        (S.SUBMITTED, "state"),
        (S.RESULT_READY, "state"),
        (S.RETURNED, "finished"),
        (S.REFUSED, "finished"),
        (S.STOPPED, "finished"),
        (S.WITHDRAWN, "finished"),
    ],
)
def test_no_extension_before_reception_once_the_result_is_ready_or_after_the_end(state, reason):
    assert decide(state, A.EXTEND, LEADER_FIRST_STEP) == refuse(reason)
    assert decide(state, A.EXTEND, SUPERVISOR_) == refuse(reason)


@pytest.mark.parametrize(
    "context", [SPECIALIST_HOLDING, DESK, CITIZEN], ids=["specialist", "desk officer", "applicant"]
)
def test_specialists_the_desk_and_applicants_do_not_extend(context):
    assert decide(S.IN_PROGRESS, A.EXTEND, context) == refuse("role")


def test_the_desk_returns_a_ready_result():
    assert decide(S.RESULT_READY, A.RETURN_RESULT, DESK) == allow(S.RETURNED)


@pytest.mark.parametrize("state", [s for s in State if s is not S.RESULT_READY], ids=str)
def test_a_result_is_returned_only_once_it_is_ready(state):
    expected = refuse("finished") if state in FINISHED_FOR_GOOD else refuse("state")
    assert decide(state, A.RETURN_RESULT, DESK) == expected


@pytest.mark.parametrize(
    "context",
    [LEADER_LAST_STEP, SPECIALIST_HOLDING, who(SUPERVISOR, acts_on_step=True), who(APPLICANT, acts_on_step=True)],
    ids=["leader", "specialist", "supervisor", "applicant"],
)
def test_only_the_desk_returns_results(context):
    assert decide(S.RESULT_READY, A.RETURN_RESULT, context) == refuse("role")


def test_the_desk_returns_results_only_from_its_own_step():
    assert decide(S.RESULT_READY, A.RETURN_RESULT, DESK_AWAY) == refuse("step")


def test_a_ready_result_can_only_be_returned_whoever_asks():
    assert allowed_actions(S.RESULT_READY, EVERYONE_EVERYTHING) == [A.RETURN_RESULT]


@pytest.mark.parametrize(("state", "action"), list(itertools.product(FINISHED_FOR_GOOD, Action)), ids=str)
def test_a_returned_refused_stopped_or_withdrawn_dossier_cannot_be_touched(state, action):
    for context in (EVERYONE_EVERYTHING, DESK, LEADER_LAST_STEP, SUPERVISOR_, CITIZEN):
        assert decide(state, action, context) == refuse("finished")


# On the spot (giải quyết ngay): the desk officer receives and resolves in one sitting.


@pytest.mark.parametrize("state", [S.RECEIVED, S.IN_PROGRESS])
def test_the_desk_resolves_an_on_the_spot_procedure_in_one_sitting(state):
    assert decide(state, A.APPROVE, DESK_ON_THE_SPOT) == allow(S.RESULT_READY)


def test_the_desk_cannot_approve_a_procedure_that_is_not_resolved_on_the_spot():
    assert decide(S.RECEIVED, A.APPROVE, who(COUNTER_OFFICER, acts_on_step=True, is_last_step=True)) == refuse("role")


def test_the_desk_must_be_on_its_step_to_resolve_on_the_spot():
    assert decide(S.RECEIVED, A.APPROVE, who(COUNTER_OFFICER, is_last_step=True, on_the_spot=True)) == refuse("step")


@pytest.mark.parametrize("action", [A.ASSIGN, A.SEND_BACK, A.STOP, A.EXTEND])
def test_on_the_spot_does_not_make_the_desk_a_leader_for_anything_else(action):
    desk = who(COUNTER_OFFICER, acts_on_step=True, has_previous_step=True, is_last_step=True, on_the_spot=True)
    assert decide(S.IN_PROGRESS, action, desk) == refuse("role")


def test_on_the_spot_the_desk_still_refuses_only_from_its_own_step():
    assert decide(S.IN_PROGRESS, A.REFUSE, who(COUNTER_OFFICER, on_the_spot=True)) == refuse("step")


def test_on_the_spot_does_not_let_a_specialist_approve():
    specialist = who(SPECIALIST, acts_on_step=True, is_last_step=True, on_the_spot=True)
    assert decide(S.RECEIVED, A.APPROVE, specialist) == refuse("role")


# The buttons each person sees, written out by hand (in the order of docs/domain.md, "Stable names").


@pytest.mark.parametrize(
    ("state", "context", "buttons"),
    [
        pytest.param(
            S.SUBMITTED,
            DESK,
            [A.FORWARD, A.REQUEST_SUPPLEMENT, A.REFUSE, A.WITHDRAW],
            id="desk officer checking an online dossier",
        ),
        pytest.param(
            S.RECEIVED,
            SPECIALIST_FREE_STEP,
            [A.ASSIGN, A.FORWARD, A.REQUEST_SUPPLEMENT],
            id="specialist seeing a new dossier in the unit inbox",
        ),
        pytest.param(
            S.IN_PROGRESS,
            LEADER_SPECIALIST_HOLDS,
            [A.ASSIGN, A.FORWARD, A.SEND_BACK, A.REQUEST_SUPPLEMENT, A.APPROVE, A.REFUSE, A.EXTEND, A.STOP],
            id="leader on a middle step held by a specialist",
        ),
        pytest.param(
            S.AWAITING_SUPPLEMENT,
            CITIZEN,
            [A.COMPLETE_SUPPLEMENT, A.WITHDRAW],
            id="applicant asked for a supplement",
        ),
        pytest.param(S.IN_PROGRESS, SUPERVISOR_, [A.EXTEND], id="supervisor watching a dossier"),
        pytest.param(S.IN_PROGRESS, SUPERVISOR_ALREADY_EXTENDED, [], id="supervisor, extension already given"),
        pytest.param(S.RESULT_READY, DESK, [A.RETURN_RESULT], id="desk officer with a ready result"),
        pytest.param(S.RETURNED, EVERYONE_EVERYTHING, [], id="anyone, dossier returned"),
    ],
)
def test_each_person_sees_the_buttons_of_their_job(state, context, buttons):
    assert allowed_actions(state, context) == buttons


# Whole stories, step by step.


def test_an_online_dossier_goes_from_submission_to_the_returned_result():
    journey = [
        (S.SUBMITTED, A.FORWARD, DESK, S.RECEIVED, "next"),
        (S.RECEIVED, A.ASSIGN, SPECIALIST_FREE_STEP, S.IN_PROGRESS, "stay"),
        (S.IN_PROGRESS, A.REQUEST_SUPPLEMENT, SPECIALIST_HOLDING, S.AWAITING_SUPPLEMENT, "stay"),
        (
            S.AWAITING_SUPPLEMENT,
            A.COMPLETE_SUPPLEMENT,
            who(APPLICANT, state_before_supplement=S.IN_PROGRESS),
            S.IN_PROGRESS,
            "stay",
        ),
        (S.IN_PROGRESS, A.EXTEND, SUPERVISOR_, S.IN_PROGRESS, "stay"),
        (S.IN_PROGRESS, A.FORWARD, SPECIALIST_HOLDING, S.IN_PROGRESS, "next"),
        (S.IN_PROGRESS, A.SEND_BACK, LEADER_MIDDLE_STEP, S.IN_PROGRESS, "previous"),
        (S.IN_PROGRESS, A.FORWARD, SPECIALIST_HOLDING_AFTER_A_STEP, S.IN_PROGRESS, "next"),
        (S.IN_PROGRESS, A.APPROVE, LEADER_LAST_STEP, S.RESULT_READY, "stay"),
        (S.RESULT_READY, A.RETURN_RESULT, DESK, S.RETURNED, "stay"),
    ]
    state = S.SUBMITTED
    for at, action, context, to, moves in journey:
        assert state is at
        decision = decide(state, action, context)
        assert decision == allow(to, moves), (state, action)
        state = decision.to_state
    assert state is S.RETURNED
    assert allowed_actions(state, EVERYONE_EVERYTHING) == []


def test_an_on_the_spot_dossier_goes_from_reception_to_the_returned_result_at_one_counter():
    state = decide(S.RECEIVED, A.APPROVE, DESK_ON_THE_SPOT).to_state
    assert state is S.RESULT_READY
    assert decide(state, A.RETURN_RESULT, DESK_ON_THE_SPOT) == allow(S.RETURNED)


# ---------------------------------------------------------------------------------------------------------
# 3. What a centre expects beyond the table: held steps, a safe return from a supplement, the last step.


@pytest.mark.parametrize(
    ("state", "action"),
    [(S.IN_PROGRESS, A.SEND_BACK), (S.IN_PROGRESS, A.REQUEST_SUPPLEMENT), (S.RECEIVED, A.REQUEST_SUPPLEMENT)],
)
def test_a_specialist_cannot_send_back_or_ask_a_supplement_on_a_dossier_a_colleague_holds(state, action):
    assert decide(state, action, SPECIALIST_COLLEAGUE_HOLDS) == refuse("assigned")


@pytest.mark.parametrize("action", [A.REFUSE, A.REQUEST_SUPPLEMENT])
def test_a_desk_officer_cannot_refuse_or_ask_a_supplement_on_an_online_dossier_a_colleague_took(action):
    assert decide(S.SUBMITTED, action, DESK_COLLEAGUE_TOOK_IT) == refuse("assigned")


@pytest.mark.parametrize("before", [S.AWAITING_SUPPLEMENT, S.RESULT_READY, *FINISHED_FOR_GOOD], ids=str)
def test_completing_a_supplement_never_finishes_the_dossier_or_leaves_it_waiting(before):
    decision = decide(S.AWAITING_SUPPLEMENT, A.COMPLETE_SUPPLEMENT, who(APPLICANT, state_before_supplement=before))
    assert not decision.allowed or decision.to_state in {S.SUBMITTED, S.RECEIVED, S.IN_PROGRESS}


@pytest.mark.parametrize(
    "context",
    [
        who(SPECIALIST, acts_on_step=True, step_assigned=True, is_assignee=True, is_last_step=True),
        LEADER_LAST_STEP,
    ],
    ids=["specialist holding the last step", "leader on the last step"],
)
def test_a_dossier_cannot_be_forwarded_past_the_last_step(context):
    assert decide(S.IN_PROGRESS, A.FORWARD, context).allowed is False
