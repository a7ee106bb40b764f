"""Events after commit (core.events): delivered only once the writer commits, a failing subscriber never undoes the
write nor loses its event, the worker redelivers it, subscribers are independent, events round-trip through JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

import motcua
from motcua.core import events
from motcua.core.events import deliver_due, event_type, publish, subscribe
from motcua.core.models import Agency, EventDelivery
from motcua.core.services import upsert_agency
from motcua.dossiers.events import ALL, DossierReceived, SupplementRequested
from motcua.dossiers.models import Dossier
from motcua.feedback.events import DossierRated
from motcua.feedback.services import rate_dossier
from motcua.notifications.models import Message
from motcua.stats.models import ProcedureMonth
from tests.e2e.province import act, receive, returned, to_result_ready

LATER = timedelta(minutes=5)  # past the grace the worker leaves to the after-commit delivery


@event_type("tests.thing_happened", stream="thing", key="thing_id")
@dataclass(frozen=True, slots=True, kw_only=True)
class ThingHappened:
    thing_id: int
    at: datetime
    day: date | None = None
    tags: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)


@pytest.fixture
def registry(monkeypatch):
    """Subscriptions made by a test last for that test only."""
    monkeypatch.setattr(events, "_HANDLERS", dict(events._HANDLERS))


class Recorder:
    def __init__(self, fail: bool = False):
        self.seen: list = []
        self.fail = fail

    def __call__(self, event):
        if self.fail:
            upsert_agency(code="000.00.00.H97", name="Written, then undone", level="province", kind="peoples_committee")
            raise RuntimeError("Nguyễn Văn A, 0912345678")  # a message that quotes personal data
        self.seen.append(event)


def thing(n: int = 1, **kwargs) -> ThingHappened:
    return ThingHappened(thing_id=n, at=datetime(2026, 3, 1, 8, 30, tzinfo=UTC), **kwargs)


def test_an_event_round_trips_through_json():
    event = thing(7, day=date(2026, 3, 2), tags=("a", "b"), extra={"n": 1, "when": "x"})
    payload = json.loads(json.dumps(events.encode(event)))
    assert payload["at"] == "2026-03-01T08:30:00+00:00"
    assert events.decode("tests.thing_happened", payload) == event
    # A field the reader no longer has is ignored; one it gained takes its default.
    del payload["tags"]
    assert events.decode("tests.thing_happened", {**payload, "gone": 1}) == thing(
        7, day=date(2026, 3, 2), extra=event.extra
    )


def test_an_event_carries_primitives_only():
    with pytest.raises(ValueError, match="aware"):
        events.encode(ThingHappened(thing_id=1, at=datetime(2026, 3, 1, 8, 30)))
    with pytest.raises(TypeError, match="primitive"):
        events.encode(thing(extra={"agency": object()}))


def test_every_dossier_event_round_trips():
    at = timezone.now()
    common = dict(
        dossier_id=1, code="000.00.04.H40-260301-0001", agency_id=2, province_id=3, procedure_id=4, channel="counter",
        history_id=5, sequence=6, at=at, actor_id=None, role="leader", acting_agency_id=2, from_state="received",
        to_state="in_progress", step_name="Thẩm định", note="", due_before=at, due_after=at + timedelta(days=3),
    )  # fmt: skip
    for cls in ALL:
        event = cls(**common)
        assert events.decode(events.type_name(cls), json.loads(json.dumps(events.encode(event)))) == event
    requested = SupplementRequested(**common, items=("Bản sao CCCD",), policy="pause")
    assert events.decode("dossier.supplement_requested", events.encode(requested)) == requested


@pytest.mark.django_db
def test_delivered_after_commit_only(registry, django_capture_on_commit_callbacks):
    seen = Recorder()
    subscribe(ThingHappened, seen, name="tests.recorder")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ZeroDivisionError), transaction.atomic():
        publish(thing(1))
        raise ZeroDivisionError
    assert seen.seen == [] and not EventDelivery.objects.exists()  # rolled back: owed to nobody

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        publish(thing(2))
        assert seen.seen == []  # not before the commit
        assert EventDelivery.objects.get().subscriber == "tests.recorder"
    assert len(callbacks) == 1
    assert seen.seen == [thing(2)] and not EventDelivery.objects.exists()


@pytest.mark.django_db
def test_an_event_nobody_subscribes_to_writes_nothing(registry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish(thing(3))
    assert callbacks == [] and not EventDelivery.objects.exists()


@pytest.mark.django_db
def test_a_failing_subscriber_keeps_its_event_and_the_others_get_theirs(registry, django_capture_on_commit_callbacks):
    failing, working = Recorder(fail=True), Recorder()
    subscribe(ThingHappened, failing, name="tests.failing")
    subscribe(ThingHappened, working, name="tests.working")
    with django_capture_on_commit_callbacks(execute=True):
        publish(thing(4))
    assert working.seen == [thing(4)]
    row = EventDelivery.objects.get()
    assert (row.subscriber, row.attempts, row.key, row.stream) == ("tests.failing", 1, 4, "thing")
    assert row.last_error.startswith("builtins.RuntimeError at ") and "0912345678" not in row.last_error
    assert row.next_attempt_at > timezone.now()
    assert not Agency.objects.filter(code="000.00.00.H97").exists()  # its own writes were undone

    assert deliver_due() == 0  # not due yet: backing off
    assert deliver_due(now=timezone.now() + LATER) == 0  # still failing: one more attempt, a longer wait
    row.refresh_from_db()
    assert row.attempts == 2 and row.next_attempt_at > timezone.now() + LATER

    failing.fail = False  # the subscriber is fixed
    assert deliver_due(now=timezone.now() + timedelta(hours=2)) == 1
    assert failing.seen == [thing(4)] and working.seen == [thing(4)]  # once each
    assert not EventDelivery.objects.exists()


@pytest.mark.django_db
def test_a_stream_reaches_a_subscriber_in_order(registry, django_capture_on_commit_callbacks):
    flaky = Recorder(fail=True)
    subscribe(ThingHappened, flaky, name="tests.flaky")
    with django_capture_on_commit_callbacks(execute=True):
        publish(thing(5, tags=("first",)))
    flaky.fail = False
    with django_capture_on_commit_callbacks(execute=True):
        publish(thing(5, tags=("second",)))
        publish(thing(6))  # another thing: not held up
    assert flaky.seen == [thing(6)]  # the second of thing 5 waits behind the first
    assert deliver_due(now=timezone.now() + timedelta(hours=2)) == 2
    assert [e.tags for e in flaky.seen] == [(), ("first",), ("second",)]


@pytest.mark.django_db(transaction=True)
def test_a_failing_subscriber_never_undoes_the_reception_and_the_worker_redelivers(registry, world):
    failing = Recorder(fail=True)
    subscribe(DossierReceived, failing, name="tests.failing")
    dossier = receive(world)  # a real commit: the after-commit delivery runs

    assert Dossier.objects.filter(pk=dossier.pk).exists()
    assert ProcedureMonth.objects.get().received == 1  # stats, another subscriber, got its event
    assert Message.objects.filter(dossier=dossier, kind="received").count() == 1  # and notifications
    row = EventDelivery.objects.get()
    assert (row.subscriber, row.event_type, row.key, row.attempts) == (
        "tests.failing",
        "dossier.received",
        dossier.pk,
        1,
    )
    assert dossier.applicant_name not in row.last_error and "0912345678" not in row.last_error

    failing.fail = False
    EventDelivery.objects.update(next_attempt_at=timezone.now())  # as if the backoff had passed
    call_command("worker", "--once")
    assert not EventDelivery.objects.exists()
    [event] = failing.seen
    assert (event.dossier_id, event.code, event.sequence, event.channel) == (dossier.pk, dossier.code, 1, "counter")
    assert event.due_after == dossier.due_at and event.at == dossier.submitted_at
    # Redelivered, the others did nothing twice.
    assert ProcedureMonth.objects.get().received == 1
    assert Message.objects.filter(dossier=dossier, kind="received").count() == 1


@pytest.mark.django_db
def test_each_history_row_publishes_its_typed_event(registry, world, django_capture_on_commit_callbacks):
    seen = Recorder()
    for cls in ALL:
        subscribe(cls, seen, name="tests.everything")
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(world)
        dossier = act(world, dossier, "tuphap.chuyenvien", "assign")
        dossier = act(world, dossier, "tuphap.chuyenvien", "request_supplement", reason="Thiếu", items=["Bản sao"])
        dossier = act(world, dossier, "motcua", "complete_supplement")
        due = dossier.due_at
        dossier = act(world, dossier, "tuphap.chuyenvien", "forward")
        dossier = act(world, dossier, "tuphap.lanhdao", "approve")
        dossier = act(world, dossier, "motcua", "return_result", method="counter", receiver="Nguyễn Thị Hương")
    names = [events.type_name(type(e)) for e in seen.seen]
    assert names == [
        "dossier.received",
        "dossier.step_assigned",
        "dossier.supplement_requested",
        "dossier.supplement_completed",
        "dossier.step_finished",
        "dossier.result_ready",
        "dossier.result_returned",
    ]
    assert [e.sequence for e in seen.seen] == list(range(1, 8))
    assert seen.seen[1].assignee == "tuphap.chuyenvien"
    assert seen.seen[2].items == ("Bản sao",) and seen.seen[2].note == "Thiếu"
    assert seen.seen[3].due_after == due and seen.seen[3].paused_from is not None
    finished, ready, back = seen.seen[4:]
    assert finished.step_name != finished.to_step and finished.step_timeliness in {"early", "on_time", "late"}
    assert (ready.to_state, ready.timeliness, ready.on_the_spot) == ("result_ready", dossier.timeliness, False)
    assert (back.method, back.to_state, back.timeliness) == ("counter", "returned", dossier.timeliness)


@pytest.mark.django_db
def test_a_rating_publishes_its_event(registry, world, django_capture_on_commit_callbacks):
    seen = Recorder()
    subscribe(DossierRated, seen, name="tests.ratings")
    dossier = returned(world, to_result_ready(world, receive(world)))
    with django_capture_on_commit_callbacks(execute=True):
        rate_dossier(dossier=dossier, level=4, criteria={"attitude": 5})
        rate_dossier(dossier=dossier, level=5)
    given, changed = seen.seen
    assert (given.dossier_id, given.level, given.scores, given.changed) == (dossier.pk, 4, {"attitude": 5}, False)
    assert (changed.rating_id, changed.level, changed.scores, changed.changed) == (given.rating_id, 5, {}, True)
    assert given.officer_id == world.user("motcua").pk and given.channel == "online"


def test_the_registries_and_the_worker_import_no_app_above_core_and_dossiers_none_of_its_subscribers():
    src = Path(motcua.__file__).parent
    above_core = re.compile(r"^\s*(from|import) motcua\.(?!core\b)", re.M)
    subscribers = re.compile(r"^\s*(from|import) motcua\.(notifications|stats|feedback|accounts)\b", re.M)
    core = ["events.py", "jobs.py", "apps.py", "management/commands/worker.py"]
    assert [name for name in core if above_core.search((src / "core" / name).read_text())] == []
    assert [p.name for p in (src / "dossiers").rglob("*.py") if subscribers.search(p.read_text())] == []


@pytest.mark.django_db
def test_stuck_deliveries_are_listed_read_only_in_the_admin(admin_client, registry, django_capture_on_commit_callbacks):
    subscribe(ThingHappened, Recorder(fail=True), name="tests.failing")
    with django_capture_on_commit_callbacks(execute=True):
        publish(thing(8))
    row = EventDelivery.objects.get()
    listed = admin_client.get(reverse("admin:core_eventdelivery_changelist")).content.decode()
    assert "tests.failing" in listed and "builtins.RuntimeError" in listed and "0912345678" not in listed
    shown = admin_client.get(reverse("admin:core_eventdelivery_change", args=[row.pk]))
    assert shown.status_code == 200 and 'name="_save"' not in shown.content.decode()
    assert admin_client.get(reverse("admin:core_eventdelivery_add")).status_code == 403
    assert admin_client.post(reverse("admin:core_eventdelivery_delete", args=[row.pk])).status_code == 403


@pytest.mark.django_db
def test_a_removed_subscriber_leaves_its_events_visible_and_retried(registry):
    subscribe(ThingHappened, Recorder(), name="tests.gone")
    publish(thing(9))  # the test's transaction never commits: the row waits for the worker
    events._HANDLERS.pop(("tests.thing_happened", "tests.gone"))
    EventDelivery.objects.update(attempts=100)  # failing for days: the backoff stays at its most
    assert deliver_due(now=timezone.now() + LATER) == 0
    row = EventDelivery.objects.get()
    assert row.last_error == "no subscriber tests.gone for tests.thing_happened in this process"
    assert row.attempts == 101 and row.next_attempt_at <= timezone.now() + LATER + timedelta(hours=1)
