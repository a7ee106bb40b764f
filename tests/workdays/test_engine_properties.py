"""Properties of the engine over random calendars and starts (hypothesis), checked against a naive walk."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from motcua.workdays.engine import CalendarError, DayException, WorkingCalendar
from motcua.workdays.naive import naive_between, naive_due

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
QUARTER_HOURS = st.integers(min_value=0, max_value=95).map(lambda q: q * 900)


@st.composite
def day_periods(draw, max_periods=3):
    """Up to three ordered, non-overlapping periods of a day, on quarter hours."""
    points = sorted(set(draw(st.lists(QUARTER_HOURS, min_size=2, max_size=2 * max_periods))))
    if len(points) % 2:
        points = points[:-1]
    return tuple((points[i], points[i + 1]) for i in range(0, len(points), 2))


@st.composite
def calendars(draw):
    weekly = {weekday: draw(day_periods()) for weekday in range(7)}
    assume(any(weekly.values()))
    exceptions = draw(
        st.dictionaries(
            st.dates(min_value=date(2025, 12, 1), max_value=date(2027, 2, 28)),
            day_periods(),
            max_size=40,
        )
    )
    by_year: dict[int, dict] = {}
    for day, periods in exceptions.items():
        by_year.setdefault(day.year, {})[day] = DayException(periods, basis="test")
    return WorkingCalendar(weekly=weekly, exceptions=lambda year: by_year.get(year, {}))


starts = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)).map(
    lambda d: d.replace(tzinfo=TZ)
)
amounts = st.decimals(min_value=0, max_value=60, places=2)
units = st.sampled_from(["working_hour", "working_day", "calendar_day", "month"])
working_units = st.sampled_from(["working_hour", "working_day"])
settings.register_profile("calendar", deadline=None, max_examples=150)
settings.load_profile("calendar")


@given(calendars(), starts, starts, amounts, units)
def test_due_is_monotonic_in_start(calendar, a, b, amount, unit):
    if unit in ("calendar_day", "month"):
        amount = amount.to_integral_value()
    first, second = sorted([a, b])
    assert calendar.due(first, amount, unit) <= calendar.due(second, amount, unit)


@given(calendars(), starts, amounts, amounts, units)
def test_due_is_monotonic_in_amount(calendar, start, x, y, unit):
    if unit in ("calendar_day", "month"):
        x, y = x.to_integral_value(), y.to_integral_value()
    small, large = sorted([x, y])
    assert calendar.due(start, small, unit) <= calendar.due(start, large, unit)


@given(calendars(), starts, amounts, amounts, working_units)
def test_due_is_additive_in_working_units(calendar, start, a, b, unit):
    assert calendar.due(calendar.due(start, a, unit), b, unit) == calendar.due(start, a + b, unit)


@given(calendars(), starts, st.integers(min_value=0, max_value=200))
def test_n_working_hours_are_exactly_n_hours_of_working_time(calendar, start, hours):
    assert calendar.working_time_between(start, calendar.due(start, hours, "working_hour")) == hours * 60


@given(calendars(), starts, amounts, working_units)
def test_working_results_lie_at_a_working_instant_or_a_period_end(calendar, start, amount, unit):
    result = calendar.due(start, amount, unit)
    local = result.astimezone(TZ)
    second = local.hour * 3600 + local.minute * 60 + local.second
    ends = [end for _s, end in calendar.day(local.date())]
    assert calendar.is_working_time(result) or (second in ends and local.microsecond == 0)
    assert result >= start or (amount == 0 and result == calendar.next_opening(start))


@given(calendars(), starts, st.decimals(min_value=0, max_value=20, places=2), working_units)
def test_due_agrees_with_a_naive_walk(calendar, start, amount, unit):
    seconds = float(amount) * (3600 if unit == "working_hour" else calendar.standard_day_seconds)
    assume(amount > 0)
    assert calendar.due(start, amount, unit) == naive_due(calendar, start, seconds)


@given(calendars(), starts, starts)
def test_working_time_between_agrees_with_a_naive_walk(calendar, a, b):
    first, second = sorted([a, b])
    assume(second - first < timedelta(days=120))
    assert calendar.working_time_between(first, second) == pytest.approx(naive_between(calendar, first, second))
    assert calendar.working_time_between(second, first) == -calendar.working_time_between(first, second)


@given(calendars(), starts, st.integers(min_value=0, max_value=90), st.sampled_from(["calendar_day", "month"]))
def test_calendar_units_end_at_the_close_of_the_day_or_the_next_working_day(calendar, start, amount, unit):
    """Civil Code art. 147–148, checked the slow way."""
    received = calendar.next_opening(start).astimezone(TZ).date()
    if unit == "calendar_day":
        last = received + timedelta(days=amount)
    else:
        month_index = received.month - 1 + amount
        year, month = received.year + month_index // 12, month_index % 12 + 1
        day = received.day
        while True:
            try:
                last = date(year, month, day)
                break
            except ValueError:
                day -= 1
    while not calendar.day(last):
        last += timedelta(days=1)
    close = calendar.day(last)[-1][1]
    expected = datetime(last.year, last.month, last.day, tzinfo=TZ) + timedelta(seconds=close)
    assert calendar.due(start, amount, unit) == expected


@given(
    calendars(),
    starts,
    amounts,
    working_units,
    st.lists(st.tuples(starts, st.integers(min_value=0, max_value=30 * 24 * 3600)), max_size=3),
)
def test_pauses_add_exactly_the_paused_working_time(calendar, start, amount, unit, raw_pauses):
    pauses = [(a, a + timedelta(seconds=length)) for a, length in raw_pauses]
    plain = calendar.due(start, amount, unit)
    paused = calendar.due(start, amount, unit, pauses=pauses)
    merged = []
    for a, b in sorted(pauses):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    paused_minutes = sum(calendar.working_time_between(a, b) for a, b in merged)
    assert calendar.working_time_between(plain, paused) == pytest.approx(paused_minutes)
    if merged and amount > 0:
        restarted = calendar.due(start, amount, unit, pauses=pauses, policy="restart")
        assert restarted == calendar.due(max(start, merged[-1][1]), amount, unit)


@given(calendars(), starts)
def test_inputs_in_other_time_zones_mean_the_same_instant(calendar, start):
    assert calendar.due(start.astimezone(UTC), 3, "working_day") == calendar.due(start, 3, "working_day")


def test_a_naive_datetime_is_refused_with_a_clear_error():
    with pytest.raises(CalendarError, match="no time zone"):
        WorkingCalendar().due(datetime(2026, 3, 2, 9, 0), 1, "working_day")


def test_unknown_units_and_negative_amounts_are_refused():
    start = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
    with pytest.raises(CalendarError, match="unknown unit"):
        WorkingCalendar().due(start, 1, "fortnight")
    with pytest.raises(CalendarError, match="negative"):
        WorkingCalendar().due(start, Decimal(-1), "working_day")


def test_any_year_from_2000_to_2100_works_and_others_are_refused():
    calendar = WorkingCalendar()
    assert calendar.due(datetime(2000, 1, 3, 8, 0, tzinfo=TZ), 1, "working_day").year == 2000
    assert calendar.due(datetime(2100, 12, 1, 8, 0, tzinfo=TZ), 1, "working_day").year == 2100
    with pytest.raises(CalendarError, match="2000–2100"):
        calendar.due(datetime(2101, 1, 3, 8, 0, tzinfo=TZ), 1, "working_day")


quarter_starts = st.builds(
    lambda day, quarter: datetime(day.year, day.month, day.day, tzinfo=TZ) + timedelta(seconds=quarter),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
    QUARTER_HOURS,
)


@given(calendars(), quarter_starts, st.integers(min_value=1, max_value=60), working_units)
def test_a_limit_ending_at_a_boundary_is_met_at_the_close_not_at_the_next_opening(calendar, start, amount, unit):
    """Starts and periods on quarter hours make results land on period boundaries often."""
    result = calendar.due(start, amount, unit)
    local = result.astimezone(TZ)
    second = local.hour * 3600 + local.minute * 60 + local.second
    assert second not in [begin for begin, _end in calendar.day(local.date())]
    seconds = amount * (3600 if unit == "working_hour" else calendar.standard_day_seconds)
    assert result == naive_due(calendar, start, seconds)


def test_a_pause_on_the_first_day_of_the_table_when_that_day_is_a_holiday():
    """Found by the property above: a dossier received on New Year's Day (a day off, the first day of the table)
    with an empty pause crashed; the appointment is the first opening, pause or no pause."""
    holiday = {2026: {date(2026, 1, 1): DayException((), name="Tết Dương lịch")}}
    calendar = WorkingCalendar(exceptions=lambda year: holiday.get(year, {}))
    start = datetime(2026, 1, 1, tzinfo=TZ)
    expected = datetime(2026, 1, 2, 7, 30, tzinfo=TZ)
    assert calendar.due(start, 0, "working_hour") == expected
    assert calendar.due(start, 0, "working_hour", pauses=[(start, start)]) == expected
    night = (datetime(2026, 1, 5, 18, tzinfo=TZ), datetime(2026, 1, 6, 6, tzinfo=TZ))  # outside office hours
    monday_close = datetime(2026, 1, 5, 17, tzinfo=TZ)
    assert calendar.due(monday_close, 0, "working_hour", pauses=[night]) == calendar.due(
        monday_close, 0, "working_hour"
    )
