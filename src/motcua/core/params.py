"""Numbers read from a request (ids, page numbers, versions): ASCII digits only, and never beyond what the
database holds, so that hostile input (`?tep=²`, a 30-digit id, `?page=10**20`) is refused, never a crash."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

MAX_ID = 2**63 - 1  # a 64-bit signed integer: PostgreSQL's bigint, SQLite's INTEGER
MAX_PAGE = 10_000
MAX_AMOUNT = (
    10**15
)  # đồng: far above any fee, far below the 64-bit limit  # beyond any real list: deeper pages are refused

# For request schemas (API): an id, a version, a page number.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=MAX_ID)]
PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGE)]


def parse_int(raw: object, *, maximum: int = MAX_ID) -> int | None:
    """The non-negative integer a request parameter spells in ASCII digits, or None (not digits, too big)."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not text or len(text) > len(str(maximum)) or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value <= maximum else None


def parse_id(raw: object) -> int | None:
    """A positive database id from a request parameter, or None."""
    value = parse_int(raw)
    return value if value else None


class IdConverter:
    """`<id:name>` in a URL: an id of at most 18 digits (always below MAX_ID); longer ones match no URL (404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
