"""Rate limits on ratings and feedback per client address, on the shared database counter (core/ratelimit.py)."""

from __future__ import annotations

import os

from motcua.core import ratelimit

WINDOW_SECONDS = 3600
DEFAULTS = {"rating": 60, "feedback": 10}  # per address per hour (a counter's tablet rates many citizens a day)


def per_hour(kind: str) -> int:
    """MOTCUA_RATING_RATE_PER_HOUR and MOTCUA_FEEDBACK_RATE_PER_HOUR."""
    return int(os.environ.get(f"MOTCUA_{kind.upper()}_RATE_PER_HOUR", DEFAULTS[kind]))


def allowed(kind: str, client: str, *, now: float | None = None) -> bool:
    return ratelimit.allowed(f"{kind}:{client}", per_hour(kind), window_seconds=WINDOW_SECONDS, now=now)
