"""Each change the display boards must show is a row of the centre's feed, written in the change's transaction:
a board that reconnects resumes from the last row it saw, and a change that rolls back was never shown. On
PostgreSQL the boards' processes are also woken by a notification, which PostgreSQL delivers at commit only."""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from motcua.queue.models import BoardChange, Ticket

CHANNEL = "motcua_board"  # LISTENed to by queue.live


def note_change(*, ticket: Ticket, kind: str, now: datetime) -> BoardChange:
    change = BoardChange.objects.create(centre_id=ticket.centre_id, kind=kind, ticket=ticket, at=now)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, str(ticket.centre_id)])
    return change
