"""The look-up's own limit: failed look-ups per client address per minute, on the shared counter of
core/ratelimit.py.

Only a wrong code or secret is counted: guessing secrets is what the limit stops, and a right answer needs no
guess. A centre's hall (its kiosks, its Wi-Fi behind one address) makes hundreds of right look-ups an hour, and
a right look-up then costs one read instead of a write every server process waits on. Once an address has used
its budget, every look-up from it is refused until the minute ends, the right ones too: an answer must never
tell a guess apart. Two guesses sent at the same moment may both pass the read of the last unit of budget: the
limit can be passed by as many requests as the caller has in flight, which changes nothing for a guesser.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest

from motcua.core import ratelimit
from motcua.core.views import client_address

WINDOW_SECONDS = 60
Found = TypeVar("Found")


class TooMany(Exception):
    """The caller's address has used its failed look-ups for this minute."""


def per_minute() -> int:
    """Failed look-ups allowed per client address per minute (MOTCUA_LOOKUP_RATE_PER_MINUTE, default 30)."""
    return int(os.environ.get("MOTCUA_LOOKUP_RATE_PER_MINUTE", "30"))


def _key(request: HttpRequest) -> str:
    # The one key every look-up counts under: the page, the kiosk, the API, the result and the supplement page.
    return f"lookup:{client_address(request)}"


def look_up(request: HttpRequest, find: Callable[[], Found | None]) -> Found | None:
    """`find()`, unless the caller's address has no failed look-ups left this minute (TooMany); a None from it
    (no dossier with this code and secret) is counted as a failed look-up."""
    key = _key(request)
    if ratelimit.used(key, window_seconds=WINDOW_SECONDS) >= per_minute():
        raise TooMany
    found = find()
    if found is None:
        ratelimit.hit(key, window_seconds=WINDOW_SECONDS)
    return found
