"""Rate limits on ratings and feedback per client address: one row per key and window, counted by a single
INSERT ... ON CONFLICT DO UPDATE ... RETURNING (atomic on PostgreSQL and SQLite: no read-then-write race)."""

from __future__ import annotations

import os
import time

from django.db import connection, transaction

from motcua.feedback.models import SubmitCounter

WINDOW_SECONDS = 3600
DEFAULTS = {"rating": 60, "feedback": 10}  # per address per hour (a counter's tablet rates many citizens a day)


def per_hour(kind: str) -> int:
    """MOTCUA_RATING_RATE_PER_HOUR and MOTCUA_FEEDBACK_RATE_PER_HOUR."""
    return int(os.environ.get(f"MOTCUA_{kind.upper()}_RATE_PER_HOUR", DEFAULTS[kind]))


def allowed(kind: str, client: str, *, now: float | None = None) -> bool:
    window = int((time.time() if now is None else now) // WINDOW_SECONDS)
    table = connection.ops.quote_name(SubmitCounter._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("key", "window", "count") VALUES (%s, %s, 1) '
            f'ON CONFLICT ("key", "window") DO UPDATE SET "count" = {table}."count" + 1 RETURNING "count"',
            [f"{kind}:{client}"[:120], window],
        )
        count = cursor.fetchone()[0]
        if count == 1:  # the first request of this key in the window: forget windows that are over
            SubmitCounter.objects.filter(window__lt=window - 1).delete()
    return count <= per_hour(kind)
