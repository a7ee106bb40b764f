"""How dates, times, counts and codes are written on the forms, as Vietnamese administrative documents do."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

TIMELINESS_LABELS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}

# Blanks left for a person to fill in by hand when the value is not known when printing.
BLANK = "…………"


def local(value: datetime) -> datetime:
    """The wall-clock time at the centre. The site's zone is used, not the request's: a form is the same
    document whoever prints it."""
    if timezone.is_naive(value):
        return value
    return timezone.localtime(value, timezone.get_default_timezone())


def _day(value: date | datetime) -> date:
    return local(value).date() if isinstance(value, datetime) else value


def long_date(value: date | datetime | None) -> str:
    """ "ngày 05 tháng 02 năm 2026", "ngày 22 tháng 11 năm 2026". Decree 30/2020 (Phụ lục I): days below 10
    and the months January and February take a leading zero, so the date cannot be altered by hand."""
    if value is None:
        return f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    day = _day(value)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(value: date | datetime | None) -> str:
    """ "25/02/2026"."""
    if value is None:
        return ""
    return f"{_day(value):%d/%m/%Y}"


def time_and_date(value: datetime | None) -> str:
    """ "16 giờ 00 phút, ngày 25/02/2026": the appointment as the legal forms write it."""
    if value is None:
        return f"{BLANK} giờ {BLANK} phút, ngày {BLANK}/{BLANK}/{BLANK}"
    moment = local(value)
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d/%m/%Y}"


def clock(value: datetime | None) -> str:
    """ "08 giờ 15" — the time alone, for narrow table cells."""
    if value is None:
        return ""
    return f"{local(value):%H} giờ {local(value):%M}"


def count(value: int) -> str:
    """Counts of papers: an empty cell for none, two digits otherwise ("01"), as the forms are filled."""
    return f"{value:02d}" if value else ""


def timeliness(value: str) -> str:
    return TIMELINESS_LABELS.get(value, "")


def breakable(code: str) -> str:
    """Let a long dossier code wrap after its hyphens in narrow cells: line breaking rules forbid a break
    between a hyphen and a digit, so a zero-width space gives one."""
    return code.replace("-", "-\u200b")


def place_and_date(place: str, value: date | datetime | None) -> str:
    """ "Hòa An, ngày 22 tháng 11 năm 2026"."""
    written = long_date(value)
    return f"{place}, {written}" if place else written[0].upper() + written[1:]
