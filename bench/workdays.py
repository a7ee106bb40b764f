"""Working-calendar benchmark: `due` and `working_time_between` per second on one core, over spans of up to
five years, beside the naive day-by-day walk (motcua.workdays.naive). Target: 200,000 of each per second."""

from __future__ import annotations

import json
import random
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from motcua.workdays.engine import DEFAULT_DAY, WorkingCalendar
from motcua.workdays.naive import naive_between, naive_due
from motcua.workdays.sources import CalendarData, official_exceptions, parse_official

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
N = 100_000
NAIVE_N = 300


def run() -> None:
    calendar, source = _calendar()
    rng = random.Random(2026)
    first = datetime(2024, 1, 1, tzinfo=TZ)
    starts = [
        first + timedelta(seconds=rng.randrange(3 * 365 * 86400), microseconds=rng.randrange(10**6)) for _ in range(N)
    ]
    # Limits from one hour to 1,250 working days (five years); pairs of instants up to five years apart.
    jobs = [
        (s, rng.choice([rng.randint(1, 60), rng.randint(1, 1250)]), rng.choice(["working_day", "working_hour"]))
        for s in starts
    ]
    pairs = [(s, s + timedelta(seconds=rng.randrange(5 * 365 * 86400))) for s in starts]
    calendar.due(first, 1300, "working_day")  # build the table once, as a long-running process has it
    calendar.working_time_between(first, first + timedelta(days=9 * 365))

    due_rate = _rate(lambda: [calendar.due(s, a, u) for s, a, u in jobs], N)
    between_rate = _rate(lambda: [calendar.working_time_between(a, b) for a, b in pairs], N)
    naive_due_rate = _rate(
        lambda: [naive_due(calendar, s, a * (3600 if u == "working_hour" else 27000)) for s, a, u in jobs[:NAIVE_N]],
        NAIVE_N,
    )
    naive_between_rate = _rate(lambda: [naive_between(calendar, a, b) for a, b in pairs[:NAIVE_N]], NAIVE_N)
    mismatches = sum(
        calendar.due(s, a, u) != naive_due(calendar, s, a * (3600 if u == "working_hour" else 27000))
        for s, a, u in jobs[:NAIVE_N]
    )
    print(f"calendar: {source}; {N:,} random starts in 2024–2026, limits 1 h … 1,250 working days,")
    print("          intervals up to 5 years; one core")
    print("                          per second   naive walk/s    ratio   target")
    ratio = due_rate / naive_due_rate
    print(f"  due                   {due_rate:12,.0f}   {naive_due_rate:12,.0f}  {ratio:7.0f}x   200,000")
    print(
        f"  working_time_between  {between_rate:12,.0f}   {naive_between_rate:12,.0f}  "
        f"{between_rate / naive_between_rate:7.0f}x   200,000"
    )
    print(f"  engine and naive walk disagree on {mismatches} of {NAIVE_N} due times")


def _calendar() -> tuple[WorkingCalendar, str]:
    path = settings.SHARED_DATA_DIR / "calendar" / "vn-civil-service-2024-2026.json"
    official = {}
    if path.exists():
        schedules = parse_official(json.loads(path.read_text(encoding="utf-8")))
        official = {s.year: official_exceptions(s, DEFAULT_DAY) for s in schedules}
    source = f"official 2024–2026 ({path.name}) + holidays package" if official else "holidays package"
    return WorkingCalendar(exceptions=CalendarData(official=official, standard_day=DEFAULT_DAY)), source


def _rate(work, count: int) -> float:
    started = time.perf_counter()
    work()
    return count / (time.perf_counter() - started)
