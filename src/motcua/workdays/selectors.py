"""Reading the calendar: the working calendar of a centre, built from the data and cached per process."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import connection

from motcua.core.models import Centre
from motcua.workdays.engine import DEFAULT_WEEK, DayException, WorkingCalendar, standard_day
from motcua.workdays.models import CalendarDay, CalendarRevision, DayKind, OfficialYear, WorkSchedule, parse_periods
from motcua.workdays.sources import CalendarData

_cache: dict[int | None, tuple[str, WorkingCalendar]] = {}
_lock = threading.Lock()


def current_revision() -> str:
    # Asked before every deadline computation: plain SQL, a fraction of the ORM's cost for one value.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {connection.ops.quote_name(CalendarRevision._meta.db_table)} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else ""


def schedule_for(centre: Centre | None) -> WorkSchedule | None:
    if centre is not None:
        own = WorkSchedule.objects.filter(centre=centre).first()
        if own is not None:
            return own
    return WorkSchedule.objects.filter(centre__isnull=True).first()


def calendar_for(centre: Centre | None = None) -> WorkingCalendar:
    """The working calendar of a centre (its office hours, else the default), rebuilt when data changed."""
    key = centre.pk if centre is not None else None
    revision = current_revision()
    cached = _cache.get(key)
    if cached and cached[0] == revision:
        return cached[1]
    with _lock:
        calendar = build_calendar(schedule_for(centre))
        _cache[key] = (revision, calendar)
    return calendar


def build_calendar(schedule: WorkSchedule | None) -> WorkingCalendar:
    weekly = schedule.weekly() if schedule is not None else DEFAULT_WEEK
    standard = standard_day(weekly)
    official_years = set(OfficialYear.objects.values_list("year", flat=True))
    official: dict[int, dict[date, DayException]] = {year: {} for year in official_years}
    manual: dict[date, DayException] = {}
    for row in CalendarDay.objects.all():
        periods = parse_periods(row.periods)
        if row.kind == DayKind.WORKING_DAY and not periods:
            periods = standard
        if row.kind == DayKind.DAY_OFF and periods == standard:
            periods = ()
        exception = DayException(periods, basis=row.basis, name=row.name)
        (official[row.day.year] if row.day.year in official_years else manual)[row.day] = exception
    data = CalendarData(official=official, manual=manual, standard_day=standard)
    return WorkingCalendar(weekly=weekly, exceptions=data, time_zone=settings.TIME_ZONE)


@dataclass
class DayView:
    day: date
    is_working: bool
    periods: tuple
    name: str
    basis: str
    is_exception: bool  # differs from its weekday


def year_days(*, calendar: WorkingCalendar, year: int) -> list[DayView]:
    """Every day of a year as the calendar sees it, for the admin grid and `motcua workdays show`."""
    exceptions = calendar.exceptions(year)
    views, day = [], date(year, 1, 1)
    while day.year == year:
        exception = exceptions.get(day)
        periods = calendar.day(day)
        views.append(
            DayView(
                day=day,
                is_working=bool(periods),
                periods=periods,
                name=exception.name if exception else "",
                basis=exception.basis if exception else "",
                is_exception=periods != calendar.weekly[day.weekday()],
            )
        )
        day += timedelta(days=1)
    return views
