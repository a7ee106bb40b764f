"""The Decision 766/QĐ-TTg scorer, as a user of the index page would check it: plain functions, no database."""

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from motcua.stats import index766
from motcua.stats.index766 import INDICATORS, MEASURES, score

# A month where every measured indicator is at its best.
PERFECT = {
    "received": 100,
    "received_online": 100,
    "resolved": 80,
    "resolved_early": 50,
    "resolved_on_time": 30,
    "resolved_late": 0,
    "in_progress": 20,
    "in_progress_late": 0,
    "electronic_result": 80,
    "digitised": 100,
    "reused": 100,
    "with_fee": 40,
    "paid_online": 40,
    "ratings": 60,
    "ratings_satisfied": 60,
    "ratings_dissatisfied": 0,
    "feedback_received": 5,
    "feedback_answered": 5,
    "feedback_answered_on_time": 5,
    "procedures_published": 50,
    "procedures_complete": 50,
    "procedures_online": 50,
    "procedures_with_online_dossiers": 50,
    "procedures_with_fee": 30,
    "procedures_paid_online": 30,
}


def indicator(result, key):
    return next(s for g in result.groups for s in g.indicators if s.key == key)


def test_the_five_groups_weigh_18_20_22_22_18_out_of_100():
    result = score({})
    assert [(g.key, g.max) for g in result.groups] == [
        ("publicity", 18),
        ("progress", 20),
        ("online_service", 22),
        ("digitisation", 22),
        ("satisfaction", 18),
    ]
    assert result.max == 100
    for group in result.groups:
        assert sum(s.max for s in group.indicators) == group.max


def test_indicators_use_only_the_known_measures():
    for ind in INDICATORS:
        for term in ind.numerator + ind.denominator:
            assert term.removeprefix("-") in MEASURES, (ind.key, term)
        assert 0 < ind.threshold <= 1


def test_a_perfect_period_earns_full_points_on_every_measured_indicator():
    result = score(PERFECT)
    for group in result.groups:
        for s in group.indicators:
            if s.measured:
                assert s.points == s.max, s.key
    assert result.total == result.measured_max == 68


def test_unmeasured_indicators_have_no_points_and_stay_out_of_the_total():
    result = score(PERFECT)
    unmeasured = [s for g in result.groups for s in g.indicators if not s.measured]
    assert {s.key for s in unmeasured} >= {"dossiers_synced_national", "feedback_satisfaction", "population_data"}
    assert all(s.points is None and s.numerator is None and s.denominator is None for s in unmeasured)
    # Their max still counts in the index's 100, not in what is measured.
    assert result.max - result.measured_max == sum(s.max for s in unmeasured) == 32
    publicity = result.groups[0]
    assert publicity.points == 4  # only the completeness of the published procedures is measurable today


def test_on_time_partial_points_are_linear_the_documented_example():
    # docs/decision-766.md: 70 early or on time, 20 late, 10 open of which 0 late -> 80/100 -> 16 of 20 points.
    result = score(
        {"resolved": 90, "resolved_early": 40, "resolved_on_time": 30, "resolved_late": 20, "in_progress": 10}
    )
    on_time = indicator(result, "on_time")
    assert (on_time.numerator, on_time.denominator, on_time.points, on_time.max) == (80, 100, 16.0, 20)
    # An open dossier already past its appointment counts against it.
    late_open = score(
        {"resolved": 90, "resolved_early": 70, "resolved_late": 20, "in_progress": 10, "in_progress_late": 4}
    )
    assert indicator(late_open, "on_time").points == 15.2


def test_a_threshold_below_100_percent_earns_full_points_early():
    # Online dossiers: full points from 50%; 30% earns 30/50 of 6 points.
    assert indicator(score({"received": 100, "received_online": 30}), "online_dossiers").points == 3.6
    assert indicator(score({"received": 100, "received_online": 55}), "online_dossiers").points == 6


def test_numerator_and_denominator_are_reported():
    result = score(
        {
            "resolved": 40,
            "electronic_result": 10,
            "feedback_received": 9,
            "feedback_answered": 8,
            "feedback_answered_on_time": 6,
        }
    )
    electronic = indicator(result, "electronic_results")
    assert (electronic.numerator, electronic.denominator, electronic.points) == (10, 40, 1.5)
    feedback = indicator(result, "feedback_on_time")
    assert (feedback.numerator, feedback.denominator, feedback.points) == (6, 8, 4.5)


def test_an_empty_denominator_earns_nothing_as_the_portal_shows_it():
    result = score({})
    assert indicator(result, "on_time").points == 0
    assert indicator(result, "on_time").denominator == 0
    assert result.total == 0


@given(st.dictionaries(st.sampled_from(sorted(MEASURES)), st.integers(min_value=-10, max_value=10**7)))
def test_points_stay_between_0_and_max_for_any_measures(measures):
    result = score(measures)
    for group in result.groups:
        for s in group.indicators:
            if s.measured:
                assert s.points is not None and 0 <= s.points <= s.max
                assert s.numerator is not None and s.denominator is not None
                assert s.numerator >= 0 and s.denominator >= 0
        assert group.points is None or 0 <= group.points <= group.max
    assert 0 <= result.total <= result.measured_max <= result.max == 100


def test_the_module_is_pure_python():
    # The import-linter contract in pyproject.toml checks this too; this keeps it visible where it is tested.
    tree = ast.parse(Path(index766.__file__).read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imported <= {"__future__", "collections", "dataclasses", "typing"}
