from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.processes import check_budgets, default_steps, split_budget


def test_default_process_has_four_steps_that_add_up_to_the_limit():
    steps = default_steps(Decimal(15), "working_day")
    assert [s.role for s in steps] == ["counter_officer", "specialist", "leader", "counter_officer"]
    assert [s.amount for s in steps] == [Decimal("0.75"), Decimal("10.5"), Decimal(3), Decimal("0.75")]
    assert {s.unit for s in steps} == {"working_day"}


def test_one_day_is_split_in_quarters():
    assert split_budget(Decimal(1)) == [Decimal("0.25")] * 4


def test_a_limit_below_one_unit_is_split_equally():
    parts = split_budget(Decimal("0.5"))
    assert sum(parts) == Decimal("0.5") and all(p > 0 for p in parts)


def test_unknown_limit_gives_steps_without_budgets():
    steps = default_steps(None, None)
    assert len(steps) == 4 and all(s.amount is None for s in steps)


@given(st.decimals(min_value=Decimal("0.04"), max_value=Decimal(400), places=2))
def test_split_always_adds_up_exactly_and_every_step_gets_time(total):
    parts = split_budget(total)
    assert sum(parts) == total
    assert all(p > 0 for p in parts)


def test_budget_check_reports_sum_and_unit_problems_per_channel():
    limits = {"counter": (Decimal(10), "working_day"), "online": (Decimal(8), "working_day")}
    problems = check_budgets([(Decimal(2), "working_day"), (Decimal(8), "working_day")], limits)
    assert [(p.channel, p.message_key, p.steps_total) for p in problems] == [("online", "sum_mismatch", Decimal(10))]
    problems = check_budgets([(Decimal(10), "working_hour")], {"counter": (Decimal(10), "working_day")})
    assert problems[0].message_key == "unit_mismatch"
