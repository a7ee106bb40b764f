"""The catalog's version, for the keys of pages kept rendered: it changes when the catalog does.

It is the catalog's stamp (the last publication and withdrawal: one query) with a generation number kept in the
shared cache (bumped by the catalog's other writes: agencies, processes, fees), remembered by each process for
MEMO_SECONDS so that a cached page costs no query. The process that writes forgets it at once; the others see the
change within MEMO_SECONDS (with a local-memory cache, the generation is only this process's: the pages'
time-out covers what the stamp does not show).
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

from motcua.catalog.selectors import catalog_stamp

MEMO_SECONDS = 2.0
GENERATION_KEY = "motcua:catalog:generation"

_memo: dict[str, object] = {"version": None, "until": 0.0}


def catalog_version() -> str:
    now = time.monotonic()
    version = _memo["version"]
    if version is None or now >= _memo["until"]:  # type: ignore[operator]
        version = f"{catalog_stamp()}.{cache.get(GENERATION_KEY, 0)}"
        _memo["version"], _memo["until"] = version, now + MEMO_SECONDS
    return str(version)


def catalog_changed() -> None:
    """Called by the catalog's writes: the pages kept rendered from it are stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): any new value is a new version
        cache.set(GENERATION_KEY, time.time_ns(), None)
    _forget()
    # Forgotten again once the write is committed: a request of this process may have read the old stamp meanwhile.
    transaction.on_commit(_forget)


def _forget() -> None:
    _memo["version"] = None
