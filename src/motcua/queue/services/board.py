"""Each change the display boards must show is a row of the centre's feed, written in the change's transaction:
a board that reconnects resumes from the last row it saw, and a change that rolls back was never shown."""

from __future__ import annotations

from datetime import datetime

from motcua.queue.models import BoardChange, Ticket


def note_change(*, ticket: Ticket, kind: str, now: datetime) -> BoardChange:
    return BoardChange.objects.create(centre_id=ticket.centre_id, kind=kind, ticket=ticket, at=now)
