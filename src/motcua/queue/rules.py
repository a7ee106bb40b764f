"""The queue's hard rules, in pure Python: how a ticket is labelled, where it stands in the line, and when a booked
visit may take its ticket. No Django: the services and the tests use the same rules."""

from __future__ import annotations

from datetime import datetime, timedelta

# Ranks: who is called first. Those the law puts first, then booked visits at their slot, then walk-ins.
PRIORITY, BOOKED, WALK_IN = 0, 1, 2

# A booked visitor may take their ticket from this long before the slot; after the slot ends they are a walk-in.
EARLY_CHECK_IN = timedelta(minutes=15)


class TooEarly(Exception):
    """A booked visit scanned at the kiosk before its check-in opens."""

    def __init__(self, opens_at: datetime):
        super().__init__(opens_at.isoformat())
        self.opens_at = opens_at


def label(area_code: str, number: int) -> str:
    """What is printed and called: the area's letter and the number, three digits at least (A007, A023, A1024)."""
    return f"{area_code}{number:03d}"


def rank(*, priority: str, slot: tuple[datetime, datetime] | None, now: datetime) -> int:
    """The ticket's rank when it is issued. A booked visit comes ahead of walk-ins from EARLY_CHECK_IN before its
    slot until the slot ends; a priority visitor comes ahead of everyone. Raises TooEarly before check-in opens."""
    if priority:
        return PRIORITY
    if slot is None:
        return WALK_IN
    starts_at, ends_at = slot
    if now < starts_at - EARLY_CHECK_IN:
        raise TooEarly(starts_at - EARLY_CHECK_IN)
    return BOOKED if now < ends_at else WALK_IN


def line_key(rank: int, queued_at: datetime, ticket_id: int) -> tuple[int, datetime, int]:
    """The order tickets are called in (the database orders by the same three columns)."""
    return (rank, queued_at, ticket_id)
