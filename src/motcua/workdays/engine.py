"""The working calendar: deadline arithmetic over office hours, holidays and swapped days. Pure Python.

A calendar is a weekly schedule of office periods, plus exceptions by date (a holiday, a weekday off, a
make-up Saturday, a half day), in one time zone. Everything is answered from a table built once per span of
years: for each day its periods and the working seconds elapsed before it ("cumulative working time"). A
working instant then maps to a number (working seconds since the table's first day) and back, so `due` and
`working_time_between` cost a conversion, a bisection and a few additions, whatever the span.

Rules (docs/domain.md, docs/calendar.md; Civil Code 2015 art. 147–148):
- working_hour / working_day: the earliest instant at which the amount of working time has elapsed since the
  start (a working day is the standard day: the length of a normal weekday's periods, 7.5 hours by default).
  Time before opening, at lunch, after closing or on a day off does not count, so a start outside office
  hours starts at the next opening, and a result is never "tomorrow 07:30" when "today 17:00" is as early.
- calendar_day / month: the period starts the day after reception (a reception outside office hours counts
  from the next opening); it ends at the close of office hours of the day `amount` days or months later (the
  last day of a shorter month), or of the next working day when that day is not a working day.
"""

from __future__ import annotations

import calendar as _calendar
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

WORKING_UNITS = ("working_hour", "working_day")
CALENDAR_UNITS = ("calendar_day", "month")
UNITS = WORKING_UNITS + CALENDAR_UNITS
FIRST_YEAR, LAST_YEAR = 2000, 2100
DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh"

Period = tuple[int, int]  # seconds from midnight, [start, end)
US = 1_000_000  # positions are counted in microseconds: every datetime maps to an exact integer


def hm(text: str) -> int:
    """ "07:30" → seconds from midnight."""
    hours, minutes = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60


# Monday–Friday 07:30–11:30 and 13:30–17:00 (days 0–4; Saturday and Sunday have no periods).
DEFAULT_DAY: tuple[Period, ...] = ((hm("07:30"), hm("11:30")), (hm("13:30"), hm("17:00")))
DEFAULT_WEEK: dict[int, tuple[Period, ...]] = {weekday: DEFAULT_DAY for weekday in range(5)}


class CalendarError(ValueError):
    """A question the calendar cannot answer (naive datetime, unknown unit, year out of range)."""


@dataclass(frozen=True)
class DayException:
    """What a given date is instead of its weekday: its own periods (empty = a day off) and why."""

    periods: tuple[Period, ...] = ()
    basis: str = ""  # the legal basis, e.g. "TB 9441/TB-BNV"
    name: str = ""  # e.g. "Tết Nguyên đán"

    @property
    def is_working(self) -> bool:
        return bool(self.periods)


ExceptionSource = Callable[[int], Mapping[date, DayException]]


def no_exceptions(_year: int) -> Mapping[date, DayException]:
    return {}


def standard_day(weekly: Mapping[int, Sequence[Period]]) -> tuple[Period, ...]:
    """The standard working day: a normal weekday's periods (the first weekday that has any)."""
    standard = next((tuple(p) for _d, p in sorted(weekly.items()) if p), ())
    if not standard:
        raise CalendarError("the weekly schedule has no office periods")
    return standard


def check_periods(periods: Iterable[Period]) -> tuple[Period, ...]:
    """Sorted, non-overlapping periods within a day; raises CalendarError otherwise."""
    result = tuple(sorted((int(s), int(e)) for s, e in periods))
    previous_end = 0
    for start, end in result:
        if not (0 <= start < end <= 86400) or start < previous_end:
            raise CalendarError(f"office periods must be ordered, non-overlapping times of one day: {result}")
        previous_end = end
    return result


class WorkingCalendar:
    def __init__(
        self,
        *,
        weekly: Mapping[int, Sequence[Period]] | None = None,
        exceptions: ExceptionSource = no_exceptions,
        time_zone: str | tzinfo = DEFAULT_TIME_ZONE,
    ) -> None:
        week = DEFAULT_WEEK if weekly is None else weekly
        self.weekly = {weekday: check_periods(week.get(weekday, ())) for weekday in range(7)}
        self.standard_day = standard_day(self.weekly)
        self.standard_day_seconds = sum(end - start for start, end in self.standard_day)
        self.exceptions = exceptions
        self.tz = ZoneInfo(time_zone) if isinstance(time_zone, str) else time_zone
        self._first_year = self._last_year = 0
        self._ordinal0 = 0
        self._periods: list[tuple[Period, ...]] = []
        self._cum: list[int] = [0]

    # --- the table -------------------------------------------------------------------------------

    def _build(self, first_year: int, last_year: int) -> None:
        if first_year < FIRST_YEAR or last_year > LAST_YEAR:
            raise CalendarError(f"the working calendar covers {FIRST_YEAR}–{LAST_YEAR}")
        periods: list[tuple[Period, ...]] = []
        for year in range(first_year, last_year + 1):
            exceptions = self.exceptions(year)
            day = date(year, 1, 1)
            for _ in range(366 if _calendar.isleap(year) else 365):
                exception = exceptions.get(day)
                periods.append(check_periods(exception.periods) if exception else self.weekly[day.weekday()])
                day += timedelta(days=1)
        cum = [0]  # microseconds, so that every datetime maps to an exact integer position
        for day_periods in periods:
            cum.append(cum[-1] + sum(end - start for start, end in day_periods) * US)
        self._first_year, self._last_year = first_year, last_year
        self._ordinal0 = date(first_year, 1, 1).toordinal()
        self._periods, self._cum = periods, cum

    def _index(self, ordinal: int) -> int:
        """The table index of a day, extending the table to that day's year when needed."""
        index = ordinal - self._ordinal0
        if 0 <= index < len(self._periods):
            return index
        year = date.fromordinal(ordinal).year
        if not self._periods:  # first question: build around it (a deadline rarely runs past next year)
            self._build(year, year + 1)
        else:
            self._build(min(year, self._first_year), max(year, self._last_year))
        return ordinal - self._ordinal0

    # --- instants <-> working position -----------------------------------------------------------

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise CalendarError(f"{moment.isoformat()} has no time zone: give one, e.g. 2026-02-13T16:00+07:00")
        return moment.astimezone(self.tz)

    def _position(self, moment: datetime) -> int:
        """Working microseconds elapsed from the table's first day to this instant."""
        local = self._local(moment)
        index = self._index(local.toordinal())
        now = (local.hour * 3600 + local.minute * 60 + local.second) * US + local.microsecond
        within = 0
        for start, end in self._periods[index]:
            start_us = start * US
            if now <= start_us:
                break
            end_us = end * US
            within += (now if now < end_us else end_us) - start_us
        return self._cum[index] + within

    def _instant(self, position: int) -> datetime:
        """The earliest instant at which `position` working microseconds have elapsed."""
        index = bisect_left(self._cum, position) - 1
        while index >= len(self._periods):  # beyond the table: extend it a year forward
            self._build(self._first_year, self._last_year + 1)
            index = bisect_left(self._cum, position) - 1
        if index < 0:  # nothing has elapsed yet: the first opening of the table
            index = 0
            while not self._periods[index]:
                index += 1
            return self._at(index, self._periods[index][0][0] * US)
        remaining = position - self._cum[index]
        for start, end in self._periods[index]:
            length = (end - start) * US
            if remaining <= length:
                return self._at(index, start * US + remaining)
            remaining -= length
        raise AssertionError("cumulative table out of step with periods")  # pragma: no cover

    def _at(self, index: int, microseconds: int) -> datetime:
        day = date.fromordinal(self._ordinal0 + index)
        seconds, micro = divmod(microseconds, US)
        if seconds >= 86400:  # a period ending at midnight
            return datetime.combine(day + timedelta(days=1), time(), tzinfo=self.tz)
        hours, rest = divmod(seconds, 3600)
        return datetime(day.year, day.month, day.day, hours, rest // 60, rest % 60, micro, tzinfo=self.tz)

    # --- questions -------------------------------------------------------------------------------

    def due(
        self,
        start: datetime,
        amount: Decimal | float | int,
        unit: str,
        *,
        pauses: Iterable[tuple[datetime, datetime]] = (),
        policy: str = "pause",
    ) -> datetime:
        """When a limit of `amount` `unit`s counted from `start` ends.

        `pauses` are closed intervals during which the clock stood still (supplement requests). With the
        "pause" policy the result moves later by exactly the working time paused; with "restart" the limit
        is counted again in full from the end of the last pause (the dossier became complete then).
        """
        if unit not in UNITS:
            raise CalendarError(f"unknown unit {unit!r}; one of {', '.join(UNITS)}")
        if amount < 0:
            raise CalendarError("a time limit cannot be negative")
        merged = merge_intervals(pauses)
        if merged and policy == "restart":
            return self.due(max(start, merged[-1][1]), amount, unit)
        if policy not in {"pause", "restart"}:
            raise CalendarError(f"unknown pause policy {policy!r}; pause or restart")
        if unit in WORKING_UNITS and amount == 0:
            result = self.next_opening(start)  # nothing to count: the limit is met when the office opens
        elif unit in WORKING_UNITS:
            unit_seconds = 3600 if unit == "working_hour" else self.standard_day_seconds
            result = self._instant(self._position(start) + int(Decimal(str(amount)) * unit_seconds * US))
        else:
            result = self._calendar_due(start, int(amount) if amount == int(amount) else amount, unit)
        if merged:
            paused = sum(self._position(b) - self._position(a) for a, b in merged if b > a)
            if paused:  # a pause outside office hours changes nothing, not even which side of a night we name
                result = self._instant(self._position(result) + paused)
        return result

    def _calendar_due(self, start: datetime, amount: Decimal | int | float, unit: str) -> datetime:
        if amount != int(amount):
            raise CalendarError("calendar days and months are whole numbers")
        received = self.next_opening(start).astimezone(self.tz).date()
        if unit == "calendar_day":
            last = received + timedelta(days=int(amount))
        else:
            month_index = received.month - 1 + int(amount)
            year, month = received.year + month_index // 12, month_index % 12 + 1
            last = date(year, month, min(received.day, _calendar.monthrange(year, month)[1]))
        index = self._index(last.toordinal())
        while not self._periods[index]:  # art. 148: a day off moves the end to the next working day
            index = self._index(self._ordinal0 + index + 1)
        return self._at(index, self._periods[index][-1][1] * US)

    def working_time_between(self, a: datetime, b: datetime) -> float:
        """Working minutes from a to b (negative when b is before a)."""
        return (self._position(b) - self._position(a)) / (60 * US)

    def is_working_time(self, moment: datetime) -> bool:
        local = self._local(moment)
        second = local.hour * 3600 + local.minute * 60 + local.second
        index = self._index(local.toordinal())  # first: it may rebuild the table
        return any(start <= second < end for start, end in self._periods[index])

    def next_opening(self, moment: datetime) -> datetime:
        """The moment itself when it is working time, else the start of the next office period."""
        if self.is_working_time(moment):
            return moment
        local = self._local(moment)
        index = self._index(local.toordinal())
        second = local.hour * 3600 + local.minute * 60 + local.second + (local.microsecond > 0)
        while True:
            for start, _end in self._periods[index]:
                if second <= start:
                    return self._at(index, start * US)
            index = self._index(self._ordinal0 + index + 1)
            second = 0

    def day(self, day: date) -> tuple[Period, ...]:
        """The office periods of a date (empty on a day off)."""
        index = self._index(day.toordinal())  # first: it may rebuild the table
        return self._periods[index]

    def is_working_day(self, day: date) -> bool:
        return bool(self.day(day))

    def classify(self, finished_at: datetime, appointment: datetime) -> str:
        """early (an earlier day), on_time (the appointment's day, at or before it) or late."""
        if finished_at > appointment:
            return "late"
        if self._local(finished_at).date() < self._local(appointment).date():
            return "early"
        return "on_time"


def merge_intervals(intervals: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Sorted, non-overlapping intervals (overlapping supplement periods count once)."""
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(intervals):
        if end < start:
            raise CalendarError("a pause ends before it starts")
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
