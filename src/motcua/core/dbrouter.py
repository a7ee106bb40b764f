"""Reads that may be a few seconds stale go to a PostgreSQL hot standby (ADR 0012).

Nothing goes to the replica unless the code asks: a view or selector whose answer may lag the primary (the
catalog, public pages, statistics) runs inside `stale_ok()`. Even there the primary answers when
- no replica is configured (SQLite, one machine: the router is a no-op),
- the person wrote recently (the `ReadYourWritesMiddleware` pins their requests to the primary for a few
  seconds after a POST, and the POST itself),
- the read is inside a transaction on the primary (select_for_update, a read before a write in one atomic block).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"

_stale_ok: contextvars.ContextVar[bool] = contextvars.ContextVar("motcua_stale_ok", default=False)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("motcua_pinned_to_primary", default=False)

P = ParamSpec("P")
R = TypeVar("R")


def replica_configured() -> bool:
    """Settings define the alias and install the router together (MOTCUA_REPLICA_DATABASE_URL)."""
    return bool(settings.DATABASE_ROUTERS) and REPLICA in connections.settings


@contextlib.contextmanager
def stale_ok() -> Iterator[None]:
    """Reads inside may be served by the replica (a few seconds behind the primary)."""
    token = _stale_ok.set(True)
    try:
        yield
    finally:
        _stale_ok.reset(token)


def stale_ok_view(view: Callable[P, R]) -> Callable[P, R]:
    """A view whose reads may all be a few seconds stale (a public page); its writes still go to the primary."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with stale_ok():
            return view(*args, **kwargs)

    return wrapped


@contextlib.contextmanager
def pinned_to_primary() -> Iterator[None]:
    """Every read inside goes to the primary, stale_ok or not (a person who just wrote)."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def read_alias() -> str:
    """Where a read made now goes."""
    if not _stale_ok.get() or _pinned.get() or not replica_configured():
        return PRIMARY
    if connections[PRIMARY].in_atomic_block:  # a transaction reads what it (or a lock) depends on: the primary
        return PRIMARY
    return REPLICA


class ReplicaRouter:
    """Django's router: reads per `read_alias()`, every write and migration on the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: type, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY
