"""The queue's pure rules: labels, ranks, and when a booked visit may take its number."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.queue import rules

NINE = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
SLOT = (NINE, NINE + timedelta(minutes=30))


def test_labels_keep_three_digits_at_least():
    assert [rules.label("A", n) for n in (1, 23, 999, 1024)] == ["A001", "A023", "A999", "A1024"]


def test_a_booked_visit_ranks_ahead_of_walk_ins_only_at_its_slot():
    assert rules.rank(priority="", slot=SLOT, now=NINE - timedelta(minutes=15)) == rules.BOOKED
    assert rules.rank(priority="", slot=SLOT, now=NINE + timedelta(minutes=29)) == rules.BOOKED
    assert rules.rank(priority="", slot=SLOT, now=NINE + timedelta(minutes=30)) == rules.WALK_IN  # late: a walk-in
    with pytest.raises(rules.TooEarly) as early:
        rules.rank(priority="", slot=SLOT, now=NINE - timedelta(minutes=16))
    assert early.value.opens_at == NINE - rules.EARLY_CHECK_IN


@given(
    priority=st.sampled_from(["", "elderly"]),
    booked=st.booleans(),
    minutes=st.integers(min_value=-15, max_value=600),
)
def test_priority_always_comes_first_and_walk_ins_last(priority, booked, minutes):
    now = NINE + timedelta(minutes=minutes)
    rank = rules.rank(priority=priority, slot=SLOT if booked else None, now=now)
    if priority:
        assert rank == rules.PRIORITY
    elif not booked:
        assert rank == rules.WALK_IN
    else:
        assert rank in (rules.BOOKED, rules.WALK_IN)
    assert rules.PRIORITY < rules.BOOKED < rules.WALK_IN
