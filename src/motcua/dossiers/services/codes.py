"""Dossier codes: <agency code>-<YYMMDD>-<NNNN>, a sequence per agency per day, race-free, never reused."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.core.models import Agency
from motcua.dossiers.models import DailySequence

# No 0/O, 1/I/L: the secret is read off paper and typed in by people.
SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def lookup_secret(length: int = 8) -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(length))


def next_code(*, agency: Agency, at: datetime) -> str:
    """Take the agency's next number for the local day of `at`. Must run inside the dossier's transaction:
    the row lock serialises concurrent receptions, and a failed reception gives its number back."""
    day = timezone.localdate(at)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                sequence, _created = DailySequence.objects.select_for_update().get_or_create(agency=agency, day=day)
                break
        except IntegrityError:  # another reception created today's row first: take the lock on it
            continue
    else:  # pragma: no cover - three creation races in a row
        raise RuntimeError("could not allocate a dossier code")
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{agency.code}-{day:%y%m%d}-{sequence.last:04d}"
