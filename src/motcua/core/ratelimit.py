"""A rate limiter every server process shares: one row per key and window in the database, counted by the one
counter statement of core/counters.py. Windows are stored by their start time in seconds, so keys with
different window lengths (a minute for look-ups, an hour for ratings) share the table."""

from __future__ import annotations

import time

from django.db import connection, transaction

from motcua.core.counters import increment
from motcua.core.models import RateLimit

OLDEST_KEPT = 2 * 3600  # longer than the longest window in use (an hour, for ratings and feedback)
_USED_SQL = (
    f"SELECT {connection.ops.quote_name('count')} FROM {connection.ops.quote_name(RateLimit._meta.db_table)} "
    f"WHERE {connection.ops.quote_name('key')} = %s AND {connection.ops.quote_name('window')} = %s"
)


def _window(window_seconds: int, now: float | None) -> tuple[float, int]:
    """The moment (now, unless given) and when its window started, in seconds since the epoch."""
    moment = time.time() if now is None else now
    return moment, int(moment // window_seconds) * window_seconds


def hit(key: str, *, window_seconds: int, now: float | None = None) -> int:
    """Count one request for `key` in its current window; return how many the window holds now."""
    _moment, window = _window(window_seconds, now)
    with transaction.atomic():
        count = increment(RateLimit, key={"key": key[:120], "window": window}, field="count")
        if count == 1:  # the key's first request in this window: forget every window over for a while
            RateLimit.objects.filter(window__lt=window - OLDEST_KEPT).delete()
    return count


def used(key: str, *, window_seconds: int, now: float | None = None) -> int:
    """How many requests `key` has counted in its current window (a read: nothing is counted)."""
    _moment, window = _window(window_seconds, now)
    # One raw statement: the ORM's building of this query (`.first()` orders and copies expressions) took more
    # time than a whole look-up's three statements, on the look-up's hot path.
    with connection.cursor() as cursor:
        cursor.execute(_USED_SQL, [key[:120], window])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def allowed(key: str, limit: int, *, window_seconds: int, now: float | None = None) -> bool:
    """Count this request; whether `key` is still within `limit` requests in its window."""
    return hit(key, window_seconds=window_seconds, now=now) <= limit


def wait_seconds(key: str, limit: int, *, window_seconds: int, now: float | None = None) -> int:
    """Count this request for `key`; 0 when it is within `limit` in its window, else the seconds until the next
    window opens (for a Retry-After header). One statement on the hot path (the counter's upsert, atomic by
    itself): no transaction around it, so a request pays one query for its budget."""
    moment, window = _window(window_seconds, now)
    count = increment(RateLimit, key={"key": key[:120], "window": window}, field="count")
    if count == 1:
        RateLimit.objects.filter(window__lt=window - OLDEST_KEPT).delete()
    if count <= limit:
        return 0
    return max(1, int(window + window_seconds - moment + 0.999))
