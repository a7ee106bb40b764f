"""Local (Vietnam) days in SQL, for GROUP BY over many rows.

Django's TruncDate(tzinfo=...) is native on PostgreSQL (AT TIME ZONE) but on SQLite calls back into Python for
every row, which dominates a recount of a million dossiers. Vietnam's offset has been +07:00 since 1975, with
no daylight saving, so on SQLite a zone whose offset does not change over the rows' years is a plain shift."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from django.db import connection
from django.db.models import DateField, Func, Value
from django.db.models.functions import TruncDate
from django.utils import timezone


class _ShiftedDate(Func):
    """SQLite: date(<UTC text>, '+N minutes')."""

    function = "date"
    output_field = DateField()


def fixed_offset(zone: tzinfo, years: range) -> timedelta | None:
    """The zone's offset if it is the same in January and July of every one of these years, else None."""
    offsets = {
        zone.utcoffset(datetime(year, month, 1, tzinfo=UTC).replace(tzinfo=None)) for year in years for month in (1, 7)
    }
    return offsets.pop() if len(offsets) == 1 and None not in offsets else None


def local_date(column: str, *, zone: tzinfo | None = None, years: range = range(2000, 2101)) -> Any:
    """An expression for the local date of a datetime column (settings.TIME_ZONE by default)."""
    zone = zone or timezone.get_default_timezone()
    offset = fixed_offset(zone, years) if connection.vendor == "sqlite" else None
    if offset is None:
        return TruncDate(column, tzinfo=zone)
    minutes = int(offset.total_seconds() // 60)
    return _ShiftedDate(column, _modifier(minutes))


def _modifier(minutes: int) -> Value:
    return Value(f"{minutes:+d} minutes")
