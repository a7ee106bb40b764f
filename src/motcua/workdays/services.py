"""Writes to the calendar data. Every write bumps the revision so cached calendars rebuild."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from motcua.core.models import Centre
from motcua.workdays.models import CalendarDay, CalendarRevision, DayKind, OfficialYear, WorkSchedule, parse_periods
from motcua.workdays.sources import YearSchedule


def bump_revision() -> None:
    CalendarRevision.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


@dataclass
class LoadReport:
    years: list[int] = field(default_factory=list)
    days_off: int = 0
    working_days: int = 0
    unconfirmed: list[date] = field(default_factory=list)


@transaction.atomic
def load_official_schedules(*, schedules: list[YearSchedule], source: str) -> LoadReport:
    """Record each year's official schedule; it replaces whatever that year had. Unconfirmed days are
    reported and kept aside, not applied."""
    report = LoadReport()
    for schedule in schedules:
        year = schedule.year
        CalendarDay.objects.filter(day__year=year).delete()
        rows = [
            CalendarDay(day=day, kind=DayKind.DAY_OFF, basis=basis, name=schedule.names.get(day, ""))
            for day, basis in sorted(schedule.days_off.items())
        ] + [
            CalendarDay(day=day, kind=DayKind.WORKING_DAY, basis=basis, name=schedule.names.get(day, ""))
            for day, basis in sorted(schedule.working_days.items())
        ]
        CalendarDay.objects.bulk_create(rows)
        OfficialYear.objects.update_or_create(
            year=year,
            defaults={"source": source, "unconfirmed": "\n".join(d.isoformat() for d in schedule.unconfirmed)},
        )
        report.years.append(year)
        report.days_off += len(schedule.days_off)
        report.working_days += len(schedule.working_days)
        report.unconfirmed += schedule.unconfirmed
    bump_revision()
    return report


@transaction.atomic
def save_calendar_day(*, day: date, kind: str, periods: str = "", name: str = "", basis: str = "") -> CalendarDay:
    parse_periods(periods)  # refuses malformed periods before anything is written
    row, _created = CalendarDay.objects.update_or_create(
        day=day, defaults={"kind": kind, "periods": periods, "name": name, "basis": basis}
    )
    bump_revision()
    return row


@transaction.atomic
def remove_calendar_day(*, day: date) -> None:
    CalendarDay.objects.filter(day=day).delete()
    bump_revision()


@transaction.atomic
def save_work_schedule(*, name: str, weekly: dict[str, str], centre: Centre | None = None) -> WorkSchedule:
    """Office hours (e.g. {"monday": "07:30-11:30, 13:30-17:00", ...}) for a centre, or the default."""
    for text in weekly.values():
        parse_periods(text)
    schedule, _created = WorkSchedule.objects.update_or_create(centre=centre, defaults={"name": name, **weekly})
    bump_revision()
    return schedule
