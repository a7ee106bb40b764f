"""The look-up's own limit: requests per client address per minute, on the shared counter of core/ratelimit.py."""

from __future__ import annotations

import os

from django.http import HttpRequest

from motcua.core import ratelimit
from motcua.core.views import client_address

WINDOW_SECONDS = 60


def per_minute() -> int:
    """Look-ups allowed per client address per minute (MOTCUA_LOOKUP_RATE_PER_MINUTE, default 30)."""
    return int(os.environ.get("MOTCUA_LOOKUP_RATE_PER_MINUTE", "30"))


def allowed(request: HttpRequest) -> bool:
    """Count this look-up against its caller's address; whether the caller is still within the minute's limit.
    The one key every look-up counts under: the page, the API and the supplement page share it."""
    return ratelimit.allowed(f"lookup:{client_address(request)}", per_minute(), window_seconds=WINDOW_SECONDS)
