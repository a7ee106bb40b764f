"""Timing work spread over threads, each with its own database connection (one per client, as in production)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from django.db import connection


def per_second(threads: int, items: Sequence, work: Callable[[int, Sequence], None]) -> float:
    """Items per second: thread i gets every threads-th item and calls `work(i, its items)` on its own
    connection (closed when it ends). One thread runs in the calling thread, on its connection."""
    chunks = [items[i::threads] for i in range(threads)]
    errors: list[BaseException] = []

    def body(i: int) -> None:
        try:
            work(i, chunks[i])
        except BaseException as error:  # reported below: a failed run must not print a figure
            errors.append(error)
        finally:
            if threads > 1:
                connection.close()

    started = time.perf_counter()
    if threads == 1:
        body(0)
    else:
        workers = [threading.Thread(target=body, args=(i,)) for i in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return len(items) / elapsed
