"""The outbox every connector shares: write a message in the caller's transaction, deliver it from the worker.

Delivery is at least once with an idempotency key: the receiver (the national portal, a webhook) is sent the
key in the `Idempotency-Key` header and takes a repeat as a no-op. A claim locks due rows (PostgreSQL: FOR
UPDATE SKIP LOCKED, so two workers take different rows; SQLite: the IMMEDIATE transaction serialises claims),
counts the attempt and moves next_attempt_at a lease ahead, then commits: no transaction is held open while
the HTTP call runs, and a worker that dies mid-call leaves a message that becomes due again when its lease
ends. The outcome is then written: sent; or failed, tried again after 30 s, 1 min, 2 min, … at most an hour;
or dead after CONNECTORS_MAX_ATTEMPTS attempts, for an administrator to replay."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from motcua.connectors.models import ConnectorMessage, State

log = logging.getLogger(__name__)
OWED = (State.PENDING, State.FAILED)

BACKOFF_FIRST, BACKOFF_MOST = timedelta(seconds=30), timedelta(hours=1)
LEASE = timedelta(minutes=5)  # longer than any HTTP timeout: a live worker always finishes first
MAX_RESPONSE = 65536


@dataclass(frozen=True)
class Request:
    url: str
    body: bytes
    headers: dict[str, str]


# connector name → how one of its messages becomes an HTTP request (registered by each adapter's module)
_ADAPTERS: dict[str, Callable[[ConnectorMessage], Request]] = {}


def register(connector: str, build: Callable[[ConnectorMessage], Request]) -> None:
    _ADAPTERS[connector] = build


def connectors() -> list[str]:
    return sorted(_ADAPTERS)


def max_attempts() -> int:
    return int(settings.CONNECTORS_MAX_ATTEMPTS)


def backoff(attempts: int) -> timedelta:
    wait: timedelta = BACKOFF_FIRST * 2 ** min(max(attempts - 1, 0), 8)
    return min(wait, BACKOFF_MOST)


def enqueue(
    *,
    connector: str,
    idempotency_key: str,
    payload: dict[str, Any],
    ordering_key: str = "",
    subscription_id: int | None = None,
    now: datetime | None = None,
) -> None:
    """Owe `payload` to `connector`, in the caller's transaction; a key already owed is left as it is (a
    redelivered event adds nothing). Behind an older message of its ordering key it waits, undated."""
    waits = bool(ordering_key) and _owed(connector, [ordering_key[:100]]).exists()
    ConnectorMessage.objects.bulk_create(
        [
            ConnectorMessage(
                connector=connector,
                idempotency_key=idempotency_key[:200],
                ordering_key=ordering_key[:100],
                subscription_id=subscription_id,
                payload=payload,
                next_attempt_at=None if waits else now or timezone.now(),
            )
        ],
        ignore_conflicts=True,
    )


def enqueue_many(*, connector: str, messages: list[tuple[str, str, dict[str, Any]]]) -> None:
    """Owe many (idempotency key, ordering key, payload) at once, each key's in the order given: its first is
    due now unless an older one is owed, the others wait behind it; keys already owed are left as they are."""
    keys = {ordering_key for _, ordering_key, _ in messages if ordering_key}
    busy = set(_owed(connector, list(keys)).values_list("ordering_key", flat=True)) if keys else set()
    now, rows = timezone.now(), []
    for idempotency_key, ordering_key, payload in messages:
        waits = ordering_key in busy
        if ordering_key:
            busy.add(ordering_key)
        rows.append(
            ConnectorMessage(
                connector=connector,
                idempotency_key=idempotency_key[:200],
                ordering_key=ordering_key[:100],
                payload=payload,
                next_attempt_at=None if waits else now,
            )
        )
    ConnectorMessage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)


def claim(*, batch: int = 20, now: datetime | None = None) -> list[ConnectorMessage]:
    """Take up to `batch` due messages for this worker, the longest due first: a range scan of the due index,
    since messages waiting behind an older one of their ordering key carry no date. One still found behind
    an older owed message (written by a concurrent transaction) is put back to wait."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            ConnectorMessage.objects.select_for_update(skip_locked=True)
            .filter(next_attempt_at__lte=now, state__in=OWED)
            .order_by("next_attempt_at", "id")
            .only("pk", "connector", "ordering_key")[:batch]
        )
        if not due:
            return []
        first_owed: dict[tuple[str, str], int] = {}
        for connector in {m.connector for m in due if m.ordering_key}:
            keys = [m.ordering_key for m in due if m.connector == connector and m.ordering_key]
            for key, pk in _owed(connector, keys).values_list("ordering_key", "pk"):
                first_owed[(connector, key)] = min(pk, first_owed.get((connector, key), pk))
        taken = [m.pk for m in due if not m.ordering_key or first_owed[(m.connector, m.ordering_key)] == m.pk]
        held = [m.pk for m in due if m.pk not in taken]
        if held:
            ConnectorMessage.objects.filter(pk__in=held).update(next_attempt_at=None)
        ConnectorMessage.objects.filter(pk__in=taken).update(attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
    return list(ConnectorMessage.objects.filter(pk__in=taken).order_by("id"))


def deliver(message: ConnectorMessage, *, now: datetime | None = None) -> bool:
    """POST one claimed message; record the outcome (never raises for the receiver's failure). True if sent."""
    try:
        request = _ADAPTERS[message.connector](message)
        status = _post(request)
    except urllib.error.HTTPError as exc:
        error = f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:  # refused, reset, timed out: the exception's type only, never its text
        error = type(exc).__name__
    except KeyError:
        error = f"no adapter for {message.connector}"
    else:
        if 200 <= status < 300:
            with transaction.atomic():
                ConnectorMessage.objects.filter(pk=message.pk).update(
                    state=State.SENT, sent_at=now or timezone.now(), last_error="", next_attempt_at=None
                )
                _free_next(message, now=now or timezone.now())
            return True
        error = f"HTTP {status}"
    _failed(message, error, now=now or timezone.now())
    return False


def _post(request: Request) -> int:
    headers = {"Content-Type": "application/json; charset=utf-8", **request.headers}
    http = urllib.request.Request(request.url, data=request.body, headers=headers, method="POST")
    with urllib.request.urlopen(http, timeout=float(settings.CONNECTORS_TIMEOUT)) as response:
        response.read(MAX_RESPONSE)
        return int(response.status)


def _failed(message: ConnectorMessage, error: str, *, now: datetime) -> None:
    attempts = ConnectorMessage.objects.values_list("attempts", flat=True).get(pk=message.pk)
    dead = attempts >= max_attempts()
    with transaction.atomic():
        ConnectorMessage.objects.filter(pk=message.pk).update(
            state=State.DEAD if dead else State.FAILED,
            last_error=error[:300],
            next_attempt_at=None if dead else now + backoff(attempts),
        )
        if dead:  # a dead message no longer holds its key back: an administrator replays it on its own
            _free_next(message, now=now)
    log.warning(
        "connector %s message %s failed (attempt %s%s): %s",
        message.connector,
        message.pk,
        attempts,
        ", dead" if dead else "",
        error,
    )


def _owed(connector: str, ordering_keys: list[str]) -> QuerySet[ConnectorMessage]:
    return ConnectorMessage.objects.filter(connector=connector, ordering_key__in=ordering_keys, state__in=OWED)


def _free_next(message: ConnectorMessage, *, now: datetime) -> None:
    """The message has left its key's queue (sent or dead): the next one waiting becomes due."""
    if not message.ordering_key:
        return
    following = _owed(message.connector, [message.ordering_key]).filter(pk__gt=message.pk).order_by("pk")[:1]
    ConnectorMessage.objects.filter(pk__in=list(following.values_list("pk", flat=True)), next_attempt_at=None).update(
        next_attempt_at=now
    )


def deliver_due(*, batch: int = 20, now: datetime | None = None, most: int = 500) -> int:
    """The worker's job: claim and deliver until nothing is due or `most` were tried (the worker's other jobs
    take their turn, then it comes back at once); how many messages were tried."""
    handled = 0
    while handled < most and (claimed := claim(batch=min(batch, most - handled), now=now)):
        for message in claimed:
            deliver(message, now=now)
        handled += len(claimed)
        if now is not None:  # a test's fixed clock: one round (the retries are not due at the same instant)
            break
    return handled


@transaction.atomic
def replay(*, message_ids: list[int], now: datetime | None = None) -> int:
    """An administrator sends dead messages again: they start afresh (attempts 0), due now; how many."""
    return (
        ConnectorMessage.objects.select_for_update()
        .filter(pk__in=message_ids, state=State.DEAD)
        .update(state=State.PENDING, attempts=0, next_attempt_at=now or timezone.now(), last_error="")
    )


def body_of(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
