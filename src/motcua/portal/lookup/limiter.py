"""The look-up's own limit: requests per client address per minute, on the shared counter of core/ratelimit.py."""

from __future__ import annotations

import os

from motcua.core import ratelimit

WINDOW_SECONDS = 60


def per_minute() -> int:
    """Look-ups allowed per client address per minute (MOTCUA_LOOKUP_RATE_PER_MINUTE, default 30)."""
    return int(os.environ.get("MOTCUA_LOOKUP_RATE_PER_MINUTE", "30"))


def hit(key: str, *, window_seconds: int = WINDOW_SECONDS, now: float | None = None) -> int:
    return ratelimit.hit(key, window_seconds=window_seconds, now=now)


def allowed(key: str, limit: int, *, window_seconds: int = WINDOW_SECONDS, now: float | None = None) -> bool:
    return ratelimit.allowed(key, limit, window_seconds=window_seconds, now=now)
