"""The script of a dossier: what will happen to it (its fate) and when each action happens."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import accumulate

from motcua.catalog.models import Channel
from motcua.core.models import Role
from motcua.demo.history.story import Story
from motcua.demo.history.vocabulary import (
    ABANDONED_REASON,
    ABANDONED_SUPPLEMENT,
    DESK_REFUSAL,
    DESK_REFUSED,
    EXTENDED,
    EXTENSION_REASONS,
    LATE,
    LEADER_ASSIGNS,
    ON_THE_SPOT,
    REFUSAL_REASONS,
    REFUSED,
    RESULT_FILE,
    SECOND_SUPPLEMENT,
    SEND_BACK,
    SEND_BACK_REASONS,
    STILL_LATE,
    STOP_REASONS,
    STOPPED,
    SUPPLEMENT,
    SUPPLEMENT_REASONS,
    WITHDRAW_REASONS,
    WITHDRAWN,
)
from motcua.demo.history.world import Staff, World, last_processing
from motcua.dossiers.models import (
    ReturnMethod,
)
from motcua.workdays.engine import WorkingCalendar


@dataclass
class Fate:
    """What will happen to a dossier, decided up front; the clock of `end` decides how much of it has."""

    end: str = "returned"  # returned | refused | stopped | withdrawn | desk_refused | abandoned
    late: bool = False
    extended: bool = False
    still_late: bool = False
    supplements: int = 0
    send_back: bool = False
    leader_assigns: bool = False


def draw_fate(rng: random.Random, online: bool) -> Fate:
    fate = Fate()
    roll = rng.random()
    if online and roll < DESK_REFUSED:
        fate.end = "desk_refused"
        return fate
    roll = rng.random()
    if roll < REFUSED:
        fate.end = "refused"
    elif roll < REFUSED + STOPPED:
        fate.end = "stopped"
    elif roll < REFUSED + STOPPED + WITHDRAWN:
        fate.end = "withdrawn"
    if rng.random() < SUPPLEMENT:
        fate.supplements = 2 if rng.random() < SECOND_SUPPLEMENT else 1
        if fate.end == "returned" and rng.random() < ABANDONED_SUPPLEMENT:
            fate.end, fate.supplements = "abandoned", 1
    fate.late = fate.end == "returned" and rng.random() < LATE
    fate.extended = fate.late and rng.random() < EXTENDED
    fate.still_late = fate.extended and rng.random() < STILL_LATE
    fate.send_back = rng.random() < SEND_BACK
    fate.leader_assigns = rng.random() < LEADER_ASSIGNS
    return fate


Action = Callable[[datetime], None]


@dataclass
class Cast:
    """Who does what on one dossier."""

    officer: Staff  # the desk: receives, completes supplements, returns
    worker: Staff  # works the first processing step (the specialist)
    assigner: Staff  # gives the first processing step to the worker (the worker, or the leader)
    leader: Staff  # approves, sends back, extends, refuses, stops
    processing: list  # the processing steps, between reception and return


def script(story: Story, fate: Fate, rng: random.Random, world: World) -> Iterator[tuple[datetime, Action]]:
    """(when, action) pairs in time order. Later times may depend on what earlier actions did (a supplement moves
    the appointment), so the caller runs each action before asking for the next one."""
    cal, d, officer = story.cal, story.d, story.desk.officer
    day = cal.standard_day_seconds / 60
    received = d["submitted_at"]
    if d["channel"] == Channel.ONLINE:
        received = _after(cal, received, rng.uniform(10, 1.5 * day))  # the desk checks it within a day or so
        if fate.end == "desk_refused":
            yield received, lambda at: story.close(at, officer, "refuse", DESK_REFUSAL)
            return
        yield received, lambda at: story.accept(at, officer)
    elif _resolved_on_the_spot(story, fate, rng):
        yield received, lambda at: story.resolve_on_the_spot(at, officer)
        yield from _return(story, received, rng, day, d["return_method"], wait=rng.uniform(3, 30))
        return
    cast = _cast(story, fate, world)
    limit = cal.working_time_between(received, d["due_at"])  # minutes
    if fate.late:
        total = limit + rng.uniform(0.2, 4.0) * day
    else:
        total = limit * min(0.98, max(0.12, rng.betavariate(2.2, 1.8)))
    paused = 0.0  # working minutes spent waiting for supplements so far
    for offset, what in _plan(fate, rng, cast, total, limit, day):
        at = _after(cal, received, offset + paused)
        if what == "supplement":
            wait = yield from _supplement(story, fate, rng, cast, at, day)
            if wait is None:
                return  # never completed: the dossier was stopped
            paused += wait
        elif what == "approve":
            method = _return_method(story, rng)
            electronic = rng.random() < _result_file_share(story, method)
            yield at, lambda at, electronic=electronic: story.approve(at, cast.leader, electronic=electronic)
            yield from _return(story, at, rng, day, method)
        elif what in {"refused", "stopped", "withdrawn"}:
            yield at, _closing(story, rng, cast, what)
            return
        else:
            yield at, _act(story, fate, rng, cast, what, total, limit, day)


def _after(cal: WorkingCalendar, at: datetime, minutes: float) -> datetime:
    """The instant `minutes` working minutes after `at` (at least one: actions never share a timestamp)."""
    return cal.due(at, round(max(minutes, 1.0) / 60, 6), "working_hour")


def _cast(story: Story, fate: Fate, world: World) -> Cast:
    processing = story.steps[1 : last_processing([s.spec for s in story.steps]) + 1]
    first = processing[0].spec
    worker = world.workers[(first.role, first.agency_id)]
    leader = world.leaders[processing[-1].spec.agency_id]
    assigner = world.workers.get((Role.LEADER, first.agency_id), worker) if fate.leader_assigns else worker
    return Cast(story.desk.officer, worker, assigner, leader, processing)


def _plan(
    fate: Fate, rng: random.Random, cast: Cast, total: float, limit: float, day: float
) -> list[tuple[float, str]]:
    """The actions after reception, at their offsets in working minutes of handling (supplement waits excluded)."""
    plan: list[tuple[float, str]] = []
    assign_at = min(total * 0.2, 2 + rng.expovariate(1 / (0.6 * day)))  # picked up within a day or so
    if cast.processing[0].spec.role in (Role.SPECIALIST, Role.LEADER):  # who may be assigned a step
        plan.append((assign_at, "assign"))
    hand_over = [total * w for w in _splits(rng, cast.processing)]  # when each processing step hands on
    plan += [(at, f"forward:{i}") for i, at in enumerate(hand_over[:-1])]
    plan.append((total, "approve"))
    if fate.send_back and len(cast.processing) == 2:  # the leader sends it back once, the specialist redoes it
        plan.append((hand_over[0] + (hand_over[1] - hand_over[0]) * 0.4, "send_back"))
        plan.append((hand_over[0] + (hand_over[1] - hand_over[0]) * 0.6, "forward:0"))
    for n in range(fate.supplements):  # asked for during the appraisal
        share = rng.uniform(0.1, 0.45) if n == 0 else rng.uniform(0.55, 0.9)
        plan.append((assign_at + (hand_over[0] - assign_at) * share, "supplement"))
    if fate.end in {"refused", "stopped", "withdrawn"}:
        closing = rng.uniform(0.0 if fate.end == "withdrawn" else assign_at, hand_over[0])
        plan = [item for item in plan if item[0] < closing] + [(closing, fate.end)]
    if fate.extended:  # the apology comes before the first appointment passes
        plan.append((max(assign_at + 1, limit - rng.uniform(30, 300)), "extend"))
    return sorted(plan, key=lambda item: item[0])


def _act(
    story: Story, fate: Fate, rng: random.Random, cast: Cast, what: str, total: float, limit: float, day: float
) -> Action:
    if what == "assign":
        return lambda at: story.assign(at, cast.assigner, cast.worker)
    if what.startswith("forward:"):
        step = cast.processing[int(what.split(":")[1])].spec
        actor = cast.worker if step is cast.processing[0].spec else story.world.workers[(step.role, step.agency_id)]
        return lambda at: story.forward(at, actor)
    if what == "send_back":
        return lambda at: story.send_back(at, cast.leader, rng.choice(SEND_BACK_REASONS))
    if what == "extend":
        return lambda at: story.extend(
            at, cast.leader, rng.choice(EXTENSION_REASONS), _new_due(story, fate, total, limit, day)
        )
    raise ValueError(what)


def _closing(story: Story, rng: random.Random, cast: Cast, what: str) -> Action:
    action = {"refused": "refuse", "stopped": "stop", "withdrawn": "withdraw"}[what]
    reasons = {"refuse": REFUSAL_REASONS, "stop": STOP_REASONS, "withdraw": WITHDRAW_REASONS}[action]
    actor = cast.officer if action == "withdraw" else cast.leader  # the applicant withdraws at the desk
    return lambda at: story.close(at, actor, action, rng.choice(reasons))


def _supplement(story: Story, fate: Fate, rng: random.Random, cast: Cast, at: datetime, day: float):
    """Request a supplement, then the applicant brings it some days later (the pause, in working minutes, is
    returned), or never does and the leader stops the dossier (None)."""
    items = [name for name, _o, _c in story.documents[:2]] or ["Tờ khai"]
    yield at, lambda at: story.request_supplement(at, cast.worker, rng.choice(SUPPLEMENT_REASONS), items)
    if fate.end == "abandoned":
        stop = _after(story.cal, at, rng.uniform(25, 50) * day)
        yield stop, lambda at: story.close(at, cast.leader, "stop", ABANDONED_REASON)
        return None
    wait = rng.uniform(0.5, 8) * day
    yield _after(story.cal, at, wait), lambda at: story.complete_supplement(at, cast.officer)
    return wait


def _splits(rng: random.Random, processing: list) -> list[float]:
    """Cumulative shares of the processing time at which each processing step is done, by its time budget."""
    weights = [float(s.spec.budget_amount or 1) * rng.uniform(0.7, 1.3) for s in processing]
    total = sum(weights)
    return [w / total for w in accumulate(weights)]


def _new_due(story: Story, fate: Fate, total: float, limit: float, day: float) -> datetime:
    """The new appointment of an apology letter: after the expected finish, or (still late) not quite."""
    overrun_days = (total - limit) / day
    days = max(1, math.floor(overrun_days)) if fate.still_late else math.ceil(overrun_days) + 1
    return story.cal.due(story.d["due_at"], days, "working_day").replace(microsecond=0)


def _resolved_on_the_spot(story: Story, fate: Fate, rng: random.Random) -> bool:
    """At the counter, for a procedure of a day or less, an ordinary dossier is often resolved in the sitting."""
    d = story.d
    quick = (d["limit_unit"] == "working_hour" and d["limit_amount"] <= 8) or (
        d["limit_unit"] in {"working_day", "calendar_day"} and d["limit_amount"] <= 1
    )
    ordinary = fate.end == "returned" and not fate.supplements
    return d["channel"] == Channel.COUNTER and quick and ordinary and rng.random() < ON_THE_SPOT


def _return_method(story: Story, rng: random.Random) -> str:
    """How the result goes back: as asked at reception; some online applicants take it online."""
    if story.d["channel"] == Channel.ONLINE and rng.random() < 0.4:
        return ReturnMethod.ONLINE
    return story.d["return_method"]


def _result_file_share(story: Story, method: str) -> float:
    if method == ReturnMethod.ONLINE:
        return RESULT_FILE["online_return"]
    return RESULT_FILE["online" if story.d["channel"] == Channel.ONLINE else "other"]


def _return(story: Story, ready: datetime, rng: random.Random, day: float, method: str, wait: float | None = None):
    """The result goes back: picked up at the counter some days later, posted, or sent online; `wait` (working
    minutes): when the applicant is still there."""
    if wait is None and method == ReturnMethod.ONLINE:
        wait = rng.uniform(5, 120)
    elif wait is None and method == ReturnMethod.POST:
        wait = rng.uniform(0.3, 2) * day
    elif wait is None:
        wait = min(20 * day, 5 + rng.expovariate(1 / (1.5 * day)))
    receipt = f"BL{story.d['id'] % 10**7:07d}"
    officer = story.desk.officer
    yield _after(story.cal, ready, wait), lambda at: story.return_result(at, officer, method, receipt)
