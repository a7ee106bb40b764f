"""Timing work spread over clients, each with its own database connection (one per client, as in production):
threads in this process, or processes (forked), as a server's workers are, so that the service's Python is not
held to one core by the interpreter's lock."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Sequence

from django.db import connection, connections

Work = Callable[[int, Sequence], list[float] | None]


def per_second(
    clients: int, items: Sequence, work: Work, *, processes: bool = False, collected: list[float] | None = None
) -> float:
    """Items per second: client i gets every clients-th item and calls `work(i, its items)` on its own
    connection (closed when it ends). One thread runs in the calling thread, on its connection; `processes`:
    each client is a forked process instead. What each `work` returns (say, its timings) is added to
    `collected`."""
    chunks = [items[i::clients] for i in range(clients)]
    if processes and clients > 1:
        started, results = time.perf_counter(), _in_processes(clients, chunks, work)
    else:
        started, results = time.perf_counter(), _in_threads(clients, chunks, work)
    elapsed = time.perf_counter() - started
    for result in results:
        if isinstance(result, BaseException):
            raise result  # a failed run must not print a figure
        if collected is not None and result:
            collected.extend(result)
    return len(items) / elapsed


def _in_threads(clients: int, chunks: list[Sequence], work: Work) -> list:
    results: list = [None] * clients

    def body(i: int) -> None:
        try:
            results[i] = work(i, chunks[i])
        except BaseException as error:
            results[i] = error
        finally:
            if clients > 1:
                connection.close()

    if clients == 1:
        body(0)
        return results
    workers = [threading.Thread(target=body, args=(i,)) for i in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def _in_processes(clients: int, chunks: list[Sequence], work: Work) -> list:
    context = multiprocessing.get_context("fork")  # the closures and Django's set-up are inherited, not pickled
    answers = context.SimpleQueue()

    def body(i: int) -> None:
        try:
            answers.put((i, work(i, chunks[i])))
        except BaseException as error:
            answers.put((i, RuntimeError(f"client {i}: {type(error).__name__}: {error}")))
        finally:
            connection.close()

    connections.close_all()  # a forked child must not share its parent's socket
    workers = [context.Process(target=body, args=(i,)) for i in range(clients)]
    for worker in workers:
        worker.start()
    results: list = [None] * clients
    for _ in workers:
        i, result = answers.get()
        results[i] = result
    for worker in workers:
        worker.join()
    return results
