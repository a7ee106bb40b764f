"""The rules of receipts that need no database (pure Python): who may cancel, the verification code, the day."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta, tzinfo

# Crockford's base 32 without I, L, O, U: read aloud or typed from paper without confusion.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 60 bits: not guessable, short enough for a QR of a small size
MAX_REASON = 500
MAX_NAME = 255


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(text: str) -> str:
    """A code as typed: upper case, without spaces or dashes, O read as 0 and I/L as 1."""
    cleaned = "".join(text.split()).replace("-", "").upper()[: CODE_LENGTH + 4]
    return cleaned.translate(str.maketrans("OIL", "011"))


def day_bounds(day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The local day as [start, end) instants."""
    start = datetime.combine(day, time(0), tzinfo=zone)
    return start, start + timedelta(days=1)


def may_cancel(*, is_supervisor: bool, is_collector: bool, issued_on: date, today: date) -> bool:
    """A receipt is cancelled by a supervisor at any time, or by the one who issued it on the same day: after the
    day is closed (the cash handed over, the day's report made) only a supervisor may change it."""
    return is_supervisor or (is_collector and issued_on == today)


def mask_id(id_number: str) -> str:
    """An ID number as a log or a public page may show it: the last three digits only."""
    return "*" * max(len(id_number) - 3, 0) + id_number[-3:] if id_number else ""
