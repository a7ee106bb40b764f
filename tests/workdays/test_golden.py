"""Golden cases on the official 2024–2026 calendar of state bodies: Tết, swaps, make-up Saturdays, year ends,
receptions at awkward times. Expected values worked out by hand from the announcements."""

import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.workdays.engine import DEFAULT_DAY, WorkingCalendar
from motcua.workdays.sources import CalendarData, official_exceptions, parse_official
from tests.conftest import SHARED_DATA

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# The official schedule (facts from the dispatches named in `basis`), as ../shared/data/calendar has it.
OFFICIAL = {
    "2024": {
        "days_off": [
            "2024-01-01",
            "2024-02-08",
            "2024-02-09",
            "2024-02-12",
            "2024-02-13",
            "2024-02-14",
            "2024-04-18",
            "2024-04-29",
            "2024-04-30",
            "2024-05-01",
            "2024-09-02",
            "2024-09-03",
        ],
        "makeup_saturdays": ["2024-05-04"],
        "swaps": [{"off": "2024-04-29", "work": "2024-05-04", "basis": "VPCP 2450/VPCP-KGVX 12/4/2024"}],
    },
    "2025": {
        "days_off": [
            "2025-01-01",
            "2025-01-27",
            "2025-01-28",
            "2025-01-29",
            "2025-01-30",
            "2025-01-31",
            "2025-04-07",
            "2025-04-30",
            "2025-05-01",
            "2025-05-02",
            "2025-09-01",
            "2025-09-02",
        ],
        "makeup_saturdays": ["2025-04-26"],
        "swaps": [{"off": "2025-05-02", "work": "2025-04-26", "basis": "TB 6150/TB-BLDTBXH"}],
    },
    "2026": {
        "days_off": [
            "2026-01-01",
            "2026-01-02",
            "2026-02-16",
            "2026-02-17",
            "2026-02-18",
            "2026-02-19",
            "2026-02-20",
            "2026-04-27",
            "2026-04-30",
            "2026-05-01",
            "2026-08-31",
            "2026-09-01",
            "2026-09-02",
        ],
        "days_off_unconfirmed": ["2026-11-24"],
        "makeup_saturdays": ["2026-01-10", "2026-08-22"],
        "swaps": [
            {"off": "2026-01-02", "work": "2026-01-10", "basis": "VPCP 12729/VPCP-KGVX 25/12/2025"},
            {"off": "2026-08-31", "work": "2026-08-22", "basis": "TB 9441/TB-BNV 16/10/2025"},
        ],
    },
}


def official_calendar(data=OFFICIAL) -> WorkingCalendar:
    schedules = parse_official(data)
    official = {s.year: official_exceptions(s, DEFAULT_DAY) for s in schedules}
    return WorkingCalendar(exceptions=CalendarData(official=official, standard_day=DEFAULT_DAY))


CAL = official_calendar()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        # The examples of the issue and docs/domain.md.
        ("2026-03-02 16:59", 1, "working_day", "2026-03-03 16:59"),  # Monday 16:59 + 1 day
        ("2026-03-06 17:30", 5, "working_day", "2026-03-13 17:00"),  # after closing on Friday: next Friday 17:00
        ("2026-02-13 16:00", 3, "working_day", "2026-02-25 16:00"),  # across Tết 2026 (16–20/2 off)
        # Tết
        ("2026-02-13 17:01", 1, "working_day", "2026-02-23 17:00"),
        ("2025-01-24 10:00", 2, "working_day", "2025-02-04 10:00"),  # Tết 2025: 27–31/1 off
        ("2024-02-07 15:00", 1, "working_day", "2024-02-15 15:00"),  # Tết 2024: 8–14/2 off
        # swaps and make-up Saturdays
        ("2026-01-09 16:00", 1, "working_day", "2026-01-10 16:00"),  # Saturday 10/1/2026 is worked
        ("2025-12-31 16:00", 2, "working_day", "2026-01-06 16:00"),  # 1/1 and the swapped 2/1/2026 off
        ("2026-08-21 16:59", 1, "working_day", "2026-08-22 16:59"),  # Saturday 22/8/2026 is worked
        ("2026-08-28 17:00", 1, "working_day", "2026-09-03 17:00"),  # 31/8, 1/9, 2/9 off
        ("2025-04-25 16:00", 1, "working_day", "2025-04-26 16:00"),  # Saturday 26/4/2025 is worked
        ("2025-04-29 16:00", 1, "working_day", "2025-05-05 16:00"),  # 30/4, 1/5, 2/5 off
        ("2024-05-03 16:00", 1, "working_day", "2024-05-04 16:00"),  # Saturday 4/5/2024 is worked
        ("2024-04-26 16:00", 1, "working_day", "2024-05-02 16:00"),  # 29/4 (swapped), 30/4, 1/5 off
        # year ends
        ("2024-12-31 15:00", 1, "working_day", "2025-01-02 15:00"),
        ("2025-12-31 08:00", 4, "working_hour", "2025-12-31 14:00"),  # 3.5 h before lunch, 0.5 h after
        # receptions at awkward times
        ("2026-03-02 07:29", 1, "working_hour", "2026-03-02 08:30"),
        ("2026-03-02 11:45", 1, "working_hour", "2026-03-02 14:30"),
        ("2026-03-02 16:59", 1, "working_hour", "2026-03-03 08:29"),
        ("2026-03-02 17:01", 1, "working_hour", "2026-03-03 08:30"),
        ("2026-03-07 10:00", 1, "working_day", "2026-03-09 17:00"),  # Saturday
        ("2026-03-08 10:00", 1, "working_day", "2026-03-09 17:00"),  # Sunday
        ("2026-03-02 16:00", 8, "working_hour", "2026-03-03 16:30"),
        ("2026-03-02 09:00", Decimal("0.5"), "working_day", "2026-03-02 14:45"),
        # 24/11/2026 is announced but unconfirmed: the official schedule keeps it a working day
        ("2026-11-23 16:00", 1, "working_day", "2026-11-24 16:00"),
        # calendar days and months (Civil Code art. 147–148)
        ("2026-02-13 10:00", 5, "calendar_day", "2026-02-23 17:00"),  # ends 18/2 in Tết → next working day
        ("2026-03-02 16:59", 10, "calendar_day", "2026-03-12 17:00"),
        ("2026-03-06 17:30", 1, "calendar_day", "2026-03-10 17:00"),  # received after closing: counts from Monday
        ("2026-01-30 09:00", 1, "month", "2026-03-02 17:00"),  # 28/2 is a Saturday
        ("2026-03-31 09:00", 1, "month", "2026-05-04 17:00"),  # 30/4, 1/5 off, then a weekend
        ("2024-01-31 09:00", 1, "month", "2024-02-29 17:00"),  # leap year: last day of February
        ("2025-12-15 09:00", 30, "calendar_day", "2026-01-14 17:00"),
    ],
)
def test_due_on_the_official_calendar(start, amount, unit, expected):
    assert CAL.due(at(start), amount, unit) == at(expected)


def test_working_minutes_across_tet():
    assert CAL.working_time_between(at("2026-02-13 16:00"), at("2026-02-25 16:00")) == 3 * 7.5 * 60
    assert CAL.working_time_between(at("2026-02-16 08:00"), at("2026-02-20 17:00")) == 0


def test_pause_and_restart_policies():
    received = at("2026-03-02 08:00")
    supplement = [(at("2026-03-03 10:00"), at("2026-03-05 10:00"))]  # 5 h + 7.5 h + 2.5 h = 2 working days
    assert CAL.due(received, 5, "working_day") == at("2026-03-09 08:00")
    assert CAL.due(received, 5, "working_day", pauses=supplement) == at("2026-03-11 08:00")
    assert CAL.due(received, 5, "working_day", pauses=supplement, policy="restart") == at("2026-03-12 10:00")


def test_classification_against_the_appointment():
    appointment = at("2026-02-25 16:00")
    assert CAL.classify(at("2026-02-24 16:30"), appointment) == "early"
    assert CAL.classify(at("2026-02-25 09:00"), appointment) == "on_time"
    assert CAL.classify(at("2026-02-25 16:00"), appointment) == "on_time"
    assert CAL.classify(at("2026-02-25 16:01"), appointment) == "late"


def test_is_working_time_and_next_opening():
    assert CAL.is_working_time(at("2026-03-02 07:30")) and not CAL.is_working_time(at("2026-03-02 11:30"))
    assert CAL.next_opening(at("2026-03-02 11:45")) == at("2026-03-02 13:30")
    assert CAL.next_opening(at("2026-02-13 17:00")) == at("2026-02-23 07:30")
    assert CAL.next_opening(at("2026-01-09 17:30")) == at("2026-01-10 07:30")  # a make-up Saturday


def test_the_official_schedule_overrides_the_package_for_its_year():
    # The package counts 24/11/2026 as a day off and misses the 2026 New Year swap.
    package_only = WorkingCalendar(exceptions=CalendarData(standard_day=DEFAULT_DAY))
    assert not package_only.is_working_day(date(2026, 11, 24))
    assert package_only.is_working_day(date(2026, 1, 2))
    assert CAL.is_working_day(date(2026, 11, 24))
    assert not CAL.is_working_day(date(2026, 1, 2)) and CAL.is_working_day(date(2026, 1, 10))
    # Years without an official schedule still get Tết from the lunar calendar.
    assert not CAL.is_working_day(date(2027, 2, 8)) and not CAL.is_working_day(date(2027, 2, 9))
    assert package_only.is_working_day(date(2025, 4, 26))  # the package knows the 2025 swap's Saturday


def test_the_shared_calendar_file_says_what_these_tests_say():
    path = SHARED_DATA / "calendar" / "vn-civil-service-2024-2026.json"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    shared = json.loads(path.read_text(encoding="utf-8"))
    for year, expected in OFFICIAL.items():
        assert shared[year]["days_off"] == expected["days_off"]
        assert shared[year]["makeup_saturdays"] == expected["makeup_saturdays"]
