"""What a hall scanner types: a booked visit's QR (its page's address) or its code and secret typed by hand."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

_BOOKING_PATH = re.compile(r"/dat-lich/([A-Za-z0-9]{4,16})/?$")
MAX_SCAN = 300


def booking_of(scanned: str) -> tuple[str, str] | None:
    """(code, secret) from `https://…/dat-lich/LH4K7M2Q/?bi-mat=…` or from `LH4K7M2Q <secret>`; None otherwise."""
    text = scanned.strip()[:MAX_SCAN]
    if "/" in text:
        parts = urlsplit(text)
        match = _BOOKING_PATH.search(parts.path)
        secret = parse_qs(parts.query).get("bi-mat", [""])[0]
        return (match.group(1).upper(), secret) if match and secret else None
    words = text.split()
    return (words[0].upper(), words[1]) if len(words) == 2 else None
