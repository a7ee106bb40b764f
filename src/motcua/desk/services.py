"""Writes of the desk itself (the dossier work goes through `motcua.dossiers.services`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from motcua.desk.models import LoginThrottle

MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20  # an office behind one address has many officers
LOCK_MINUTES = 15


def throttle_keys(*, username: str, address: str) -> list[tuple[str, int]]:
    return [
        (f"user:{username.strip().lower()}", MAX_FAILURES_PER_ACCOUNT),
        (f"addr:{address}", MAX_FAILURES_PER_ADDRESS),
    ]


def locked_until(*, username: str, address: str, now: datetime | None = None) -> datetime | None:
    """When the account or the address may try again, if either is locked now."""
    now = now or timezone.now()
    keys = [key for key, _limit in throttle_keys(username=username, address=address)]
    until = LoginThrottle.objects.filter(key__in=keys, locked_until__gt=now).values_list("locked_until", flat=True)
    return max(until, default=None)


@transaction.atomic
def record_login_failure(*, username: str, address: str, now: datetime | None = None) -> datetime | None:
    """Count a failed log-in; lock the account (or the address) for LOCK_MINUTES at its limit. Returns the lock's
    end when this failure locked something."""
    now = now or timezone.now()
    locked = None
    for key, limit in throttle_keys(username=username, address=address):
        row, _created = LoginThrottle.objects.select_for_update().get_or_create(key=key)
        if row.locked_until and row.locked_until <= now:  # a lock that ran out starts a new count
            row.failures, row.locked_until = 0, None
        row.failures += 1
        if row.failures >= limit:
            row.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            locked = max(locked or row.locked_until, row.locked_until)
        row.save()
    return locked


def record_login_success(*, username: str) -> None:
    """A right password clears the account's count (not the address's: that protects other accounts)."""
    LoginThrottle.objects.filter(key=f"user:{username.strip().lower()}").delete()
