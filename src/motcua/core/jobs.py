"""The worker's periodic jobs, registered by each app in its AppConfig.ready(), so that `motcua worker` (in core)
runs them without importing the apps above core."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[..., int | None]  # run(batch=...) → how many things it handled (None: nothing to report)
    every_seconds: float  # 0: at every poll of the worker
    report: str  # e.g. "{n} messages handled": the worker prints it (empty: the job is silent)


_JOBS: dict[str, Job] = {}


def register_job(name: str, fn: Callable[..., int | None], every_seconds: float, *, report: str = "") -> None:
    """Run `fn(batch=...)` at most once every `every_seconds`; jobs run in the order registered (INSTALLED_APPS
    order: core's event deliveries before the messages they queue are sent). A name registered again is replaced."""
    _JOBS[name] = Job(name, fn, every_seconds, report)


def jobs() -> list[Job]:
    return list(_JOBS.values())
