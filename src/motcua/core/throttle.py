"""Log-in throttling shared by every way a password comes in (the desk, the citizens' pages, the citizens' API,
the Django admin): failed attempts counted per account and per address in the database, so every server
process sees them, and a lock checked before the password so that a locked account cannot be guessed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from motcua.core.models import LoginThrottle
from motcua.core.views import client_address

MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20  # an office behind one address has many officers
LOCK_MINUTES = 15


def _account_key(account: str) -> str:
    # Within the key column (200): a longer "account" (an e-mail of 254 characters) is counted by its start.
    return f"user:{account.strip().lower()[:190]}"


def _keys(*, account: str, address: str) -> list[tuple[str, int]]:
    return [
        (_account_key(account), MAX_FAILURES_PER_ACCOUNT),
        (f"addr:{address}", MAX_FAILURES_PER_ADDRESS),
    ]


def locked_until(*, account: str, address: str, now: datetime | None = None) -> datetime | None:
    """When the account or the address may try again, if either is locked now."""
    now = now or timezone.now()
    keys = [key for key, _limit in _keys(account=account, address=address)]
    rows = LoginThrottle.objects.filter(key__in=keys, locked_until__gt=now).values_list("locked_until", flat=True)
    return max((until for until in rows if until is not None), default=None)


@transaction.atomic
def record_login_failure(*, account: str, address: str, now: datetime | None = None) -> datetime | None:
    """Count a failed log-in; lock the account (or the address) for LOCK_MINUTES at its limit. Returns the lock's
    end when this failure locked something."""
    now = now or timezone.now()
    locked = None
    for key, limit in _keys(account=account, address=address):
        row, _created = LoginThrottle.objects.select_for_update().get_or_create(key=key)
        if row.locked_until and row.locked_until <= now:  # a lock that ran out starts a new count
            row.failures, row.locked_until = 0, None
        row.failures += 1
        if row.failures >= limit:
            row.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            locked = max(locked or row.locked_until, row.locked_until)
        row.save()
    return locked


def record_login_success(*, account: str) -> None:
    """A right password clears the account's count (not the address's: that protects other accounts)."""
    LoginThrottle.objects.filter(key=_account_key(account)).delete()


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """What a log-in came to: the user when the password was right (and accepted), else when the caller may
    try again if the account or the address is locked (None: simply wrong); `password_checked` is False when a
    lock in force stopped the attempt before the password was looked at."""

    user: Any = None
    locked_until: datetime | None = None
    password_checked: bool = True


def authenticate_throttled(
    request: HttpRequest,
    *,
    account: str,
    accept: Callable[[Any], bool] | None = None,
    **credentials: str,
) -> LoginAttempt:
    """The one throttled log-in sequence: a lock is checked before the password; a wrong password (or a user that
    `accept` refuses, e.g. a citizen at the desk's admin) counts a failure; a right one clears the account's
    count. `account` is the name failures are counted under; `credentials` go to Django's authenticate()."""
    address = client_address(request)
    until = locked_until(account=account, address=address)
    if until is not None:
        return LoginAttempt(locked_until=until, password_checked=False)
    user = authenticate(request, **credentials)
    if user is None or (accept is not None and not accept(user)):
        return LoginAttempt(locked_until=record_login_failure(account=account, address=address))
    record_login_success(account=account)
    return LoginAttempt(user=user)


def lockout_message(until: datetime) -> str:
    """What a locked-out person reads, in their language, with the local time the lock ends."""
    return _("Too many failed log-ins. Try again after %(time)s.") % {
        "time": time_format(timezone.localtime(until), "H:i")
    }
