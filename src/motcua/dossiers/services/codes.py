"""Dossier codes: <agency code>-<YYMMDD>-<NNNN>, a sequence per agency per day, race-free, never reused."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

from django.utils import timezone

from motcua.core.counters import increment
from motcua.core.models import Agency
from motcua.dossiers.models import DailySequence

# No 0/O, 1/I/L: the secret is read off paper and typed in by people.
SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def lookup_secret(length: int = 8) -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(length))


def normalise_code(text: str) -> str:
    """A dossier code as a citizen types it from paper: any case, spaces anywhere (codes have no letters in
    lower case and no spaces)."""
    return "".join(text.split()).upper()


def secret_matches(*, stored: str, given: str | None) -> bool:
    """Whether the secret typed in (any case, spaces anywhere) is the dossier's, in constant time."""
    typed = "".join((given or "").split()).upper()
    if not typed:
        return False
    return hmac.compare_digest(stored.encode(), typed.encode())


def next_code(*, agency: Agency, at: datetime) -> str:
    """Take the agency's next number for the local day of `at`, in one statement: the upsert creates the day's row
    or raises it and returns the new number, holding the row lock until the dossier's transaction ends, so
    concurrent receptions queue and a failed reception gives its number back."""
    day = timezone.localdate(at)
    key = {"agency": agency.pk, "day": day, "province": agency.province_id or agency.pk}
    number = increment(DailySequence, key=key, field="last")
    return f"{agency.code}-{day:%y%m%d}-{number:04d}"
