"""A rate limiter every server process shares: one row per key and window in the database, counted by a single
INSERT ... ON CONFLICT DO UPDATE ... RETURNING (atomic on PostgreSQL and SQLite: no read-then-write race)."""

from __future__ import annotations

import os
import time

from django.db import connection, transaction

WINDOW_SECONDS = 60
OLDEST_KEPT = 2 * 3600  # longer than the longest window in use (an hour, for ratings and feedback)


def per_minute() -> int:
    """Look-ups allowed per client address per minute (MOTCUA_LOOKUP_RATE_PER_MINUTE, default 30)."""
    return int(os.environ.get("MOTCUA_LOOKUP_RATE_PER_MINUTE", "30"))


def hit(key: str, *, window_seconds: int = WINDOW_SECONDS, now: float | None = None) -> int:
    """Count one request for `key` in its current window (`window_seconds` long); return how many it holds now.
    Windows are stored by their start time in seconds, so keys with different window lengths share the table."""
    moment = time.time() if now is None else now
    window = int(moment // window_seconds) * window_seconds
    from motcua.portal.lookup.models import RateLimit

    table = connection.ops.quote_name(RateLimit._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("key", "window", "count") VALUES (%s, %s, 1) '
            f'ON CONFLICT ("key", "window") DO UPDATE SET "count" = {table}."count" + 1 RETURNING "count"',
            [key[:120], window],
        )
        count = cursor.fetchone()[0]
        if count == 1:  # the key's first request in this window: forget every window over for a while
            RateLimit.objects.filter(window__lt=window - OLDEST_KEPT).delete()
    return count


def allowed(key: str, limit: int, *, window_seconds: int = WINDOW_SECONDS, now: float | None = None) -> bool:
    return hit(key, window_seconds=window_seconds, now=now) <= limit
