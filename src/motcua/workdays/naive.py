"""A slow reference for the working-unit arithmetic: walks forward day by day and period by period.

Obviously right rather than fast; the tests compare the engine with it on random calendars, and the
benchmark prints the engine's speed beside it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from motcua.workdays.engine import WorkingCalendar


def naive_due(calendar: WorkingCalendar, start: datetime, seconds: float) -> datetime:
    """The earliest instant at which `seconds` of working time have elapsed since `start`."""
    local = start.astimezone(calendar.tz)
    day = local.date()
    midnight = datetime(day.year, day.month, day.day, tzinfo=calendar.tz)
    remaining = timedelta(seconds=seconds)
    cursor = local
    while True:
        for begin, end in calendar.day(day):
            period_start = midnight + timedelta(seconds=begin)
            period_end = midnight + timedelta(seconds=end)
            if cursor >= period_end:
                continue
            available = period_end - max(cursor, period_start)
            if remaining <= available:
                return max(cursor, period_start) + remaining
            remaining -= available
        day += timedelta(days=1)
        midnight = datetime(day.year, day.month, day.day, tzinfo=calendar.tz)
        cursor = midnight


def naive_between(calendar: WorkingCalendar, a: datetime, b: datetime) -> float:
    """Working minutes from a to b (a <= b), summing period overlaps day by day."""
    a, b = a.astimezone(calendar.tz), b.astimezone(calendar.tz)
    total = timedelta()
    day = a.date()
    while day <= b.date():
        midnight = datetime(day.year, day.month, day.day, tzinfo=calendar.tz)
        for begin, end in calendar.day(day):
            lo = max(a, midnight + timedelta(seconds=begin))
            hi = min(b, midnight + timedelta(seconds=end))
            if hi > lo:
                total += hi - lo
        day += timedelta(days=1)
    return total.total_seconds() / 60
