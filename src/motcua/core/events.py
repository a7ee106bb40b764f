"""Typed events, published inside the writer's transaction and delivered to their subscribers after it commits.

An event type is a frozen dataclass of primitive fields registered by name (`event_type`). Apps subscribe in
their AppConfig.ready() (`subscribe`). `publish` writes one EventDelivery row per subscriber in the caller's
transaction, so a rolled-back write owes nobody anything and a committed one owes every subscriber its event,
and asks for delivery right after the commit. The rows a commit owes are delivered in one transaction: lock
them, call each handler in its own savepoint, delete the delivered rows; a handler whose writes go to this
database therefore sees each event effectively once. A handler that raises leaves its row with attempts + 1,
its error and a backoff; the worker's job (`deliver_due`) tries again, for ever, so nothing is lost (at least
once). docs/events.md says more.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import traceback
import types
import typing
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any, ClassVar, Protocol, TypeVar

from django.db import transaction
from django.utils import timezone

from motcua.core.models import EventDelivery

log = logging.getLogger(__name__)

# The worker leaves a fresh row to the after-commit delivery for this long (it only takes over after a crash).
GRACE = timedelta(seconds=30)
BACKOFF_FIRST, BACKOFF_MOST = timedelta(seconds=30), timedelta(hours=1)

Handler = Callable[[typing.Any], None]


class Event(Protocol):
    """What every event type is: a dataclass (the same protocol as typeshed's DataclassInstance)."""

    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]


_T = TypeVar("_T")


@dataclasses.dataclass(frozen=True)
class _Type:
    name: str
    cls: type
    stream: str
    key_field: str


_TYPES: dict[str, _Type] = {}
_BY_CLASS: dict[type, _Type] = {}
_HANDLERS: dict[tuple[str, str], Handler] = {}  # (event type name, subscriber name) → handler


def event_type(name: str, *, stream: str = "", key: str = "") -> Callable[[type[_T]], type[_T]]:
    """Class decorator: register a frozen dataclass as the event type `name`. Events sharing a `stream` and the
    value of their `key` field (e.g. "dossier", "dossier_id") reach each subscriber in the order published."""

    def register(cls: type[_T]) -> type[_T]:
        # __dataclass_params__ is set on every dataclass but is not part of typeshed's DataclassInstance.
        if not dataclasses.is_dataclass(cls) or not typing.cast(Any, cls).__dataclass_params__.frozen:
            raise TypeError(f"{cls.__name__}: an event is a frozen dataclass")
        known = _TYPES.get(name)
        if known is not None and known.cls.__qualname__ != cls.__qualname__:
            raise ValueError(f"event type {name} is already {known.cls.__qualname__}")
        if key and key not in {f.name for f in dataclasses.fields(cls)}:
            raise TypeError(f"{cls.__name__} has no field {key}")
        _TYPES[name] = _BY_CLASS[cls] = _Type(name, cls, stream, key)
        return cls

    return register


def type_name(cls: type) -> str:
    return _BY_CLASS[cls].name


def subscribe(event_cls: type, handler: Handler, *, name: str) -> None:
    """Deliver every published `event_cls` to `handler`, as the subscriber `name` (stable: it is stored with
    each pending delivery, so renaming it orphans them). Call it from AppConfig.ready()."""
    if event_cls not in _BY_CLASS:
        raise TypeError(f"{event_cls.__name__} is not a registered event type")
    slot = (_BY_CLASS[event_cls].name, name)
    if _HANDLERS.get(slot, handler) is not handler:
        raise ValueError(f"{name} already subscribes another handler to {slot[0]}")
    _HANDLERS[slot] = handler


def subscribers(event_cls: type) -> list[str]:
    wanted = _BY_CLASS[event_cls].name
    return [subscriber for event_name, subscriber in _HANDLERS if event_name == wanted]


def publish(event: Event) -> None:
    """Owe `event` to each of its subscribers: call it inside the transaction that makes it true."""
    kind = _BY_CLASS.get(type(event))
    if kind is None:
        raise TypeError(f"{type(event).__name__} is not a registered event type")
    names = subscribers(kind.cls)
    if not names:
        return
    payload = encode(event)
    now = timezone.now()
    rows = EventDelivery.objects.bulk_create(
        [
            EventDelivery(
                subscriber=subscriber,
                event_type=kind.name,
                stream=kind.stream,
                key=getattr(event, kind.key_field) if kind.key_field else None,
                payload=payload,
                next_attempt_at=now + GRACE,
            )
            for subscriber in names
        ]
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: deliver(ids), robust=True)


def deliver(ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Deliver these pending rows (those another worker holds or already delivered are skipped); how many.
    One transaction for them all (one commit, however many subscribers). The handlers first run one after the
    other with no savepoint each (two round trips fewer per subscriber: most of an action's cost after its
    commit); if one raises, that whole try is undone and they run again each in its own savepoint, so that a
    subscriber that fails neither undoes the others nor loses its row. A handler may thus be called twice for
    one event, its first call's writes undone: delivery is at least once, and effectively once for writes to
    this database."""
    moment = now or timezone.now()
    wanted = list(ids)
    try:
        return _deliver_rows(wanted, moment, isolated=False)
    except _TryAlone:
        return _deliver_rows(wanted, moment, isolated=True)


class _TryAlone(Exception):
    """A handler raised during the try without savepoints: deliver again, each handler in its own savepoint."""


def _deliver_rows(ids: list[int], moment: datetime, *, isolated: bool) -> int:
    with transaction.atomic():
        # PostgreSQL: rows another worker is delivering are skipped; SQLite's IMMEDIATE transactions take turns.
        rows = list(EventDelivery.objects.select_for_update(skip_locked=True).filter(pk__in=ids).order_by("pk"))
        held_back = _streams_owed_earlier(rows)
        delivered = []
        for row in rows:
            stream = (row.subscriber, row.stream, row.key) if row.stream and row.key is not None else None
            if stream in held_back:
                continue  # an earlier event of the same stream is still owed to this subscriber: it goes first
            if not isolated:
                _call(row)
                delivered.append(row.pk)
            elif _deliver_one(row, moment):
                delivered.append(row.pk)
            elif stream is not None:
                held_back.add(stream)
        if delivered:
            EventDelivery.objects.filter(pk__in=delivered).delete()
    return len(delivered)


def deliver_due(*, batch: int = 100, now: datetime | None = None) -> int:
    """The worker's job: deliver every row whose time has come, oldest first; how many were delivered."""
    now = now or timezone.now()
    delivered, after = 0, 0
    while ids := list(
        EventDelivery.objects.filter(next_attempt_at__lte=now, pk__gt=after)
        .order_by("pk")
        .values_list("pk", flat=True)[:batch]
    ):
        delivered += deliver(ids, now=now)
        after = ids[-1]
    return delivered


def _streams_owed_earlier(rows: list[EventDelivery]) -> set[tuple[str, str, int] | None]:
    """The (subscriber, stream, key) of these rows that have an older row still pending outside this batch (one
    query): those wait for it."""
    streamed = [row for row in rows if row.stream and row.key is not None]
    if not streamed:
        return set()
    first_of: dict[tuple[str, str, int], int] = {}
    for row in streamed:
        assert row.key is not None
        first_of.setdefault((row.subscriber, row.stream, row.key), row.pk)
    older = EventDelivery.objects.filter(
        subscriber__in={s for s, _, _ in first_of},
        stream__in={st for _, st, _ in first_of},
        key__in={k for _, _, k in first_of},
        pk__lt=max(first_of.values()),
    ).exclude(pk__in=[row.pk for row in rows])
    held: set[tuple[str, str, int] | None] = set()
    for subscriber, stream, key, pk in older.values_list("subscriber", "stream", "key", "pk"):
        if key is not None and pk < first_of.get((subscriber, stream, key), 0):
            held.add((subscriber, stream, key))
    return held


def _handler_of(row: EventDelivery) -> Handler | None:
    """The row's handler in this process; None for a subscriber removed or renamed by a deploy."""
    return _HANDLERS.get((row.event_type, row.subscriber)) if row.event_type in _TYPES else None


def _call(row: EventDelivery) -> None:
    """Call the row's handler with no savepoint of its own; _TryAlone if it has none or it raised (the try in
    savepoints then records which)."""
    handler = _handler_of(row)
    if handler is None:
        raise _TryAlone
    try:
        handler(decode(row.event_type, row.payload))
    except Exception as exc:
        raise _TryAlone from exc


def _deliver_one(row: EventDelivery, now: datetime) -> bool:
    """Call the row's handler in a savepoint; False (the row kept, its failure recorded) if it raised."""
    handler = _handler_of(row)
    if handler is None:
        _failed(row, now, f"no subscriber {row.subscriber} for {row.event_type} in this process")
        return False
    try:
        event = decode(row.event_type, row.payload)
        with transaction.atomic():  # a failing handler's writes are undone; the row records the failure
            handler(event)
    except Exception as exc:
        _failed(row, now, describe(exc), exc_info=True)
        return False
    return True


def _failed(row: EventDelivery, now: datetime, error: str, *, exc_info: bool = False) -> None:
    row.attempts += 1
    row.last_error = error
    # 30 s, 1 min, 2 min, … at most an hour (the exponent is bounded: attempts may grow for days).
    row.next_attempt_at = now + min(BACKOFF_FIRST * 2 ** min(row.attempts - 1, 8), BACKOFF_MOST)
    row.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    log.error(
        "event %s #%s to %s failed (attempt %s): %s",
        row.event_type,
        row.pk,
        row.subscriber,
        row.attempts,
        error,
        exc_info=exc_info,
    )


def describe(exc: BaseException) -> str:
    """The exception's type and where it was raised, without its message (which may quote personal data)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {frames[-1].filename.rsplit('/motcua/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__module__}.{type(exc).__qualname__}{where}"


# --- codec: event ⇄ JSON-ready dict ------------------------------------------------------------------------


def encode(event: Event) -> dict[str, Any]:
    """The event's fields as JSON values; datetimes (aware) as ISO 8601 with their offset, dates as ISO."""
    return {f.name: _dump(getattr(event, f.name), f.name) for f in dataclasses.fields(event)}


def decode(name: str, payload: dict[str, Any]) -> object:
    """The event back from `encode`'s dict; keys it no longer has are ignored, missing ones take defaults."""
    cls = _TYPES[name].cls
    hints = _hints(cls)
    return cls(**{f.name: _load(hints[f.name], payload[f.name]) for f in dataclasses.fields(cls) if f.name in payload})


def _dump(value: Any, where: str) -> Any:
    if value is None or isinstance(value, bool):
        return value
    for plain in (str, int, float):  # an enum member is stored as its plain value
        if isinstance(value, plain):
            return plain(value)
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            raise ValueError(f"{where}: an event's datetime must be aware")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_dump(item, where) for item in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _dump(v, f"{where}.{k}") for k, v in value.items()}
    raise TypeError(f"{where}: {type(value).__name__} is not a primitive an event may carry")


def _load(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        hint = next((a for a in args if a is not type(None)), hint)
        origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if origin is tuple:
        item = args[0] if args else typing.Any
        return tuple(_load(item, v) for v in value)
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The resolved field types of an event class (resolving them costs more than decoding an event)."""
    return typing.get_type_hints(cls)
