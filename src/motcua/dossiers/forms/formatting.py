"""How dates, times, counts and codes are written on the forms, as Vietnamese administrative documents do."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils import timezone

TIMELINESS_LABELS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}

# Blanks left for a person to fill in by hand when the value is not known when printing.
BLANK = "……"


def local(value: datetime) -> datetime:
    """The wall-clock time at the centre. The site's zone is used, not the request's: a form is the same
    document whoever prints it."""
    if timezone.is_naive(value):
        return value
    return timezone.localtime(value, timezone.get_default_timezone())


def _day(value: date | datetime) -> date:
    return local(value).date() if isinstance(value, datetime) else value


def long_date(value: date | datetime | None) -> str:
    """Written out: "ngày 05 tháng 02 năm 2026", "ngày 22 tháng 11 năm 2026". Decree 30/2020 (Phụ lục I):
    days below 10 and the months January and February take a leading zero, so no digit can be added by hand."""
    if value is None:
        return f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    day = _day(value)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(value: date | datetime | None) -> str:
    """Day, month and year in digits: "25/02/2026"."""
    if value is None:
        return ""
    return f"{_day(value):%d/%m/%Y}"


def time_and_date(value: datetime | None) -> str:
    """The appointment as the legal forms write it: "16 giờ 00 phút, ngày 25/02/2026"."""
    if value is None:
        return f"{BLANK} giờ {BLANK} phút, ngày {BLANK}/{BLANK}/{BLANK}"
    moment = local(value)
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d/%m/%Y}"


def clock(value: datetime | None) -> str:
    """The time alone, for narrow table cells: "08 giờ 15"."""
    if value is None:
        return ""
    moment = local(value)
    return f"{moment:%H} giờ {moment:%M}"


def count(value: int) -> str:
    """Counts of papers: an empty cell for none, two digits otherwise ("01"), as the forms are filled."""
    return f"{value:02d}" if value else ""


def timeliness(value: str) -> str:
    return TIMELINESS_LABELS.get(value, "")


def breakable(code: str) -> str:
    """Let a long dossier code wrap after its hyphens in narrow cells: line breaking rules forbid a break
    between a hyphen and a digit, so a zero-width space gives one."""
    return code.replace("-", "-\u200b")


# Where a long agency name breaks best: before the place it belongs to ("ỦY BAN NHÂN DÂN / TỈNH HÒA AN").
_PLACE_WORDS = re.compile(r"\s(?=(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu)\s)", re.IGNORECASE)
# About as many letters as one line of the letterhead's left column holds in 12 pt capitals.
_LETTERHEAD_LINE = 24


def letterhead_lines(name: str) -> list[str]:
    """The lines of an agency's name in the letterhead. A line break in the name is kept; a long name without
    one breaks before its place, the way the letterheads are set; otherwise the column wraps it."""
    if not name.strip():
        return []
    if "\n" in name:
        return [line.strip() for line in name.splitlines() if line.strip()]
    if len(name) > _LETTERHEAD_LINE:
        parts = _PLACE_WORDS.split(name, maxsplit=1)
        if len(parts) == 2 and parts[0]:
            return parts
    return [name]


def place_and_date(place: str, value: date | datetime | None) -> str:
    """The date line under the motto: "Hòa An, ngày 22 tháng 11 năm 2026"."""
    written = long_date(value)
    return f"{place}, {written}" if place else written[0].upper() + written[1:]
