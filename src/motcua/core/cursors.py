"""One codec for the keyset cursors of every list (catalog, inbox, return desk, supervision, the API): the last
row's sort key as a JSON list in URL-safe base64, read back with its types checked, so a mangled or forged
cursor is a BadCursor and never a server error or a query on strange values."""

from __future__ import annotations

import base64
import json
from datetime import datetime

Value = str | int | datetime | None


class BadCursor(ValueError):
    """A cursor this codec did not write, or wrote for another list."""


def encode(*values: Value) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, *kinds: type | tuple[type, ...]) -> list[Value]:
    """The values of `cursor`, one per kind (a type, or a tuple of types; `type(None)` admits None); datetimes
    come back as aware datetimes."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError) as exc:
        raise BadCursor("invalid cursor") from exc
    if not isinstance(values, list) or len(values) != len(kinds):
        raise BadCursor("invalid cursor")
    return [_typed(value, kind) for value, kind in zip(values, kinds, strict=True)]


def _typed(value: object, kind: type | tuple[type, ...]) -> Value:
    allowed = kind if isinstance(kind, tuple) else (kind,)
    if value is None and type(None) in allowed:
        return None
    if datetime in allowed and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError as exc:
            raise BadCursor("invalid cursor") from exc
        if moment.tzinfo is None:
            raise BadCursor("invalid cursor")
        return moment
    wanted = tuple(t for t in allowed if t not in (datetime, type(None)))
    # bool is an int to Python, never to a cursor
    if wanted and isinstance(value, wanted) and not isinstance(value, bool):
        return value  # type: ignore[return-value]
    raise BadCursor("invalid cursor")
