"""Where days off and make-up working days come from. Pure Python (no Django).

- The `holidays` package (pinned): Vietnam's public holidays from the lunar calendar, compensatory days and the
  swaps it knows; it is the default for any year.
- The official schedule an administrator records for a year (the government's announcement, with its legal
  basis): once a year has one, it alone defines that year's exceptions, so a wrong package entry (it already
  counts 24/11/2026, and misses the 2026 New Year swap) cannot leak in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import holidays
from holidays.countries.vietnam import VietnamStaticHolidays

from motcua.workdays.engine import DayException, Period

STATUTORY_BASIS = "Bộ luật Lao động 2019, Điều 112"
PACKAGE_BASIS = f"gói holidays {holidays.__version__}"
MAKEUP_NAME = "Làm bù"
SWAPPED_OFF_NAME = "Nghỉ hoán đổi"


@dataclass
class YearSchedule:
    """One year's official exceptions: weekdays off and make-up working days, each with its basis."""

    year: int
    days_off: dict[date, str] = field(default_factory=dict)  # date → legal basis
    working_days: dict[date, str] = field(default_factory=dict)
    unconfirmed: list[date] = field(default_factory=list)  # announced but not confirmed: reported, not loaded
    names: dict[date, str] = field(default_factory=dict)


@lru_cache(maxsize=256)
def package_holidays(year: int) -> dict[date, str]:
    """Vietnamese names of the package's days off for a year (weekends included)."""
    return dict(holidays.country_holidays("VN", years=year, language="vi"))


@lru_cache(maxsize=256)
def package_makeup_days(year: int) -> dict[date, str]:
    """The Saturdays the package knows were worked to make up a swapped day off, with what they replaced."""
    found: dict[date, str] = {}
    # Entries are keyed by the year of the day off: (off month, off day, work month, work day[, work year]).
    for key_year in (year - 1, year, year + 1):
        entries = VietnamStaticHolidays.special_public_holidays.get(key_year, ())
        if entries and not isinstance(entries[0], tuple):
            entries = (entries,)
        for entry in entries:
            off_month, off_day, work_month, work_day, *rest = entry
            work = date(rest[0] if rest else key_year, work_month, work_day)
            if work.year == year:
                found[work] = f"thay cho ngày {date(key_year, off_month, off_day):%d/%m/%Y}"
    return found


def package_exceptions(year: int, standard_day: tuple[Period, ...]) -> dict[date, DayException]:
    exceptions = {day: DayException((), basis=PACKAGE_BASIS, name=name) for day, name in package_holidays(year).items()}
    for day, replaced in package_makeup_days(year).items():
        exceptions[day] = DayException(standard_day, basis=PACKAGE_BASIS, name=f"{MAKEUP_NAME} ({replaced})")
    return exceptions


def official_exceptions(schedule: YearSchedule, standard_day: tuple[Period, ...]) -> dict[date, DayException]:
    exceptions = {
        day: DayException((), basis=basis, name=schedule.names.get(day, "")) for day, basis in schedule.days_off.items()
    }
    for day, basis in schedule.working_days.items():
        exceptions[day] = DayException(standard_day, basis=basis, name=schedule.names.get(day, MAKEUP_NAME))
    return exceptions


class CalendarData:
    """The exceptions of each year: the official schedule where one is recorded, else the package; plus any
    day an administrator recorded by hand (which wins over the package for that date)."""

    def __init__(
        self,
        *,
        official: Mapping[int, Mapping[date, DayException]] | None = None,
        manual: Mapping[date, DayException] | None = None,
        standard_day: tuple[Period, ...],
        use_package: bool = True,
    ) -> None:
        self.official = dict(official or {})
        self.manual = dict(manual or {})
        self.standard_day = standard_day
        self.use_package = use_package

    def __call__(self, year: int) -> dict[date, DayException]:
        if year in self.official:
            return dict(self.official[year])
        exceptions = package_exceptions(year, self.standard_day) if self.use_package else {}
        exceptions.update({day: ex for day, ex in self.manual.items() if day.year == year})
        return exceptions

    def source_of(self, year: int) -> str:
        return "official" if year in self.official else "package"


def parse_official(data: Mapping) -> list[YearSchedule]:
    """Read the shared format (vn-civil-service-2024-2026.json): per year `days_off` (weekdays),
    `makeup_saturdays`, `swaps` [{off, work, basis}] and `days_off_unconfirmed`."""
    schedules = []
    for key, value in sorted(data.items()):
        if not key.isdigit():
            continue  # "_note" and other comments
        year = int(key)
        if not isinstance(value, Mapping):
            raise ValueError(f"{key}: expected an object with days_off and makeup_saturdays")
        swaps = {}
        for swap in value.get("swaps", []):
            swaps[date.fromisoformat(swap["off"])] = swaps[date.fromisoformat(swap["work"])] = swap.get("basis", "")
        statutory = package_holidays(year)
        schedule = YearSchedule(year)
        for text in value.get("days_off", []):
            day = _day(text, year)
            schedule.days_off[day] = swaps.get(day) or STATUTORY_BASIS
            schedule.names[day] = SWAPPED_OFF_NAME if day in swaps else statutory.get(day, "Ngày nghỉ")
        for text in value.get("makeup_saturdays", []):
            day = _day(text, year)
            schedule.working_days[day] = swaps.get(day, "")
            schedule.names[day] = MAKEUP_NAME
        schedule.unconfirmed = [_day(text, year) for text in value.get("days_off_unconfirmed", [])]
        schedules.append(schedule)
    return schedules


def _day(text: str, year: int) -> date:
    day = date.fromisoformat(text)
    if day.year != year:
        raise ValueError(f"{text} is listed under {year}")
    return day
