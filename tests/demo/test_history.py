"""A year of generated dossier history: the spread a real centre has, and exactly what the services would write."""

import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from motcua.core.models import User
from motcua.core.services import issue_api_token
from motcua.demo.build import build_demo
from motcua.dossiers import services
from motcua.dossiers.actions import INPUTS, ActionInput
from motcua.dossiers.models import DailySequence, Dossier, DossierEvent
from motcua.dossiers.states import Action, State
from motcua.workdays.selectors import calendar_for

pytestmark = pytest.mark.django_db

END = datetime(2026, 3, 16, 10, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
COUNT = 300
OPEN = {State.SUBMITTED, State.RECEIVED, State.IN_PROGRESS, State.AWAITING_SUPPLEMENT, State.RESULT_READY}
CODE = re.compile(r"(?P<agency>\d{3}\.\d{2}\.\d{2}\.H99)-(?P<day>\d{6})-(?P<number>\d{4,})")


@pytest.fixture
def history(tmp_path):
    from motcua.demo.history import generate_history

    build_demo(catalog_dir=tmp_path / "absent")  # the built-in sample catalog: quick
    assert generate_history(count=COUNT, end=END) == COUNT
    return Dossier.objects.order_by("pk")


def test_a_year_of_dossiers_spread_like_a_real_centre(history):
    dossiers = list(history.select_related("agency"))
    states = Counter(d.state for d in dossiers)
    assert states[State.RETURNED] > 0.85 * COUNT  # most of a year's dossiers are long finished
    assert len(OPEN & set(states)) >= 2  # the recent ones are still being handled
    assert states[State.REFUSED] + states[State.STOPPED] + states[State.WITHDRAWN] >= 3
    channels = Counter(d.channel for d in dossiers)
    assert channels["counter"] > channels["online"] > channels["postal"] > 0
    agencies = Counter(d.agency.kind for d in dossiers)
    assert agencies["commune_committee"] > 0.3 * COUNT and agencies["department"] > 0.2 * COUNT
    calendar = calendar_for()
    for d in dossiers:
        assert END - timedelta(days=365) < d.submitted_at <= END
        if d.channel != "online":  # at the counter or from the post: office hours of working days
            assert d.received_at == d.submitted_at and calendar.is_working_time(d.received_at)
        if d.received_at:
            assert d.original_due_at == calendar.due(d.received_at, d.limit_amount, d.limit_unit)
        assert d.version == DossierEvent.objects.filter(dossier=d).count()
    finished = [d for d in dossiers if d.state in {State.RETURNED, State.RESULT_READY}]
    timeliness = Counter(d.timeliness for d in finished)
    assert set(timeliness) <= {"early", "on_time", "late"} and timeliness["early"] > timeliness["late"] > 0
    assert sum(d.supplement_count > 0 for d in dossiers) > 0.03 * COUNT
    assert len({d.applicant_id_number for d in dossiers}) < COUNT  # some applicants came back


def test_codes_are_unique_and_follow_each_agencys_daily_sequence(history):
    numbers = defaultdict(list)
    for code, agency_code, submitted_at in history.values_list("code", "agency__code", "submitted_at"):
        match = CODE.fullmatch(code)
        assert match and match["agency"] == agency_code
        assert match["day"] == f"{timezone.localdate(submitted_at):%y%m%d}"
        numbers[(agency_code, match["day"])].append(int(match["number"]))
    assert sum(len(n) for n in numbers.values()) == COUNT == len(set(history.values_list("code", flat=True)))
    sequences = {
        (a, f"{d:%y%m%d}"): last for a, d, last in DailySequence.objects.values_list("agency__code", "day", "last")
    }
    assert sequences == {key: max(n) for key, n in numbers.items()}
    assert all(sorted(n) == list(range(1, len(n) + 1)) for n in numbers.values())


def test_history_verifies_and_the_api_shows_a_generated_dossier_to_its_agency(history, client):
    call_command("verify_history")
    dossier = history.filter(agency__code="000.00.03.H99", state=State.RETURNED).first()
    token = issue_api_token(user=User.objects.get(username="tuphap.chuyenvien"), name="tests")[1]
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get(f"/api/v1/dossiers/{dossier.code}", headers=headers).json()
    assert body["state"] == "returned" and body["version"] == len(body["events"]) >= 5
    assert [e["action"] for e in body["events"]][-2:] == ["approve", "return_result"]
    assert body["events"][0]["action"] in {"receive", "submit"} and all(s["finished_at"] for s in body["steps"])
    inbox = client.get("/api/v1/dossiers", {"limit": 30}, headers=headers).json()["items"]
    assert inbox and {d["agency"] for d in inbox} == {"000.00.03.H99"}
    other = issue_api_token(user=User.objects.get(username="xaydung.chuyenvien"), name="tests")[1]
    assert (
        client.get(f"/api/v1/dossiers/{dossier.code}", headers={"Authorization": f"Bearer {other}"}).status_code == 404
    )


def test_the_same_seed_gives_the_same_dossiers(tmp_path):
    from motcua.demo.history import generate_history

    build_demo(catalog_dir=tmp_path / "absent")
    runs = []
    for _ in range(2):
        with transaction.atomic():
            generate_history(count=120, end=END)
            runs.append(list(Dossier.objects.order_by("code").values_list("code", "state", "due_at", "lookup_secret")))
            transaction.set_rollback(True)
    assert runs[0] == runs[1] and len(runs[0]) == 120


def test_running_the_demo_again_adds_nothing_and_a_bigger_demo_continues_the_codes(tmp_path):
    first = build_demo(catalog_dir=tmp_path / "absent", dossiers=150)
    assert (first.dossiers_before, first.dossiers_generated) == (0, 150)
    again = build_demo(catalog_dir=tmp_path / "absent", dossiers=150)
    assert (again.dossiers_before, again.dossiers_generated) == (150, 0)
    more = build_demo(catalog_dir=tmp_path / "absent", dossiers=200)
    assert (more.dossiers_before, more.dossiers_generated) == (150, 50)
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 200
    last = defaultdict(int)
    for code in codes:
        match = CODE.fullmatch(code)
        last[(match["agency"], match["day"])] = max(last[(match["agency"], match["day"])], int(match["number"]))
    sequences = DailySequence.objects.values_list("agency__code", "day", "last")
    assert dict(last) == {(a, f"{d:%y%m%d}"): n for a, d, n in sequences}
    call_command("verify_history")


# --- the strongest check: replaying generated dossiers through the real services gives the same rows ---------

DOSSIER_FIELDS = [
    "state",
    "version",
    "submitted_at",
    "received_at",
    "due_at",
    "original_due_at",
    "limit_amount",
    "limit_unit",
    "paused_since",
    "state_before_supplement",
    "supplement_count",
    "extended",
    "finished_at",
    "timeliness",
    "return_method",
    "return_address",
    "returned_at",
    "return_receiver",
    "return_tracking",
    "received_by_id",
    "result_file_id",
    "province_id",
    "agency_id",
    "centre_id",
    "counter_id",
    "procedure_version_id",
    "channel",
    "applicant_id",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
]
STEP_FIELDS = [
    "position",
    "name",
    "role",
    "agency_id",
    "budget_amount",
    "budget_unit",
    "started_at",
    "due_at",
    "finished_at",
    "assignee_id",
    "timeliness",
]
EVENT_FIELDS = [
    "sequence",
    "at",
    "actor_id",
    "actor_name",
    "role",
    "agency_id",
    "action",
    "from_state",
    "to_state",
    "step_name",
    "note",
    "data",
    "due_before",
    "due_after",
]


def test_generated_dossiers_are_what_the_services_make_of_the_same_actions(history, monkeypatch):
    sample = _varied_sample(history)
    for original in sample:
        replayed = _replay(original, monkeypatch)
        assert _dossier(replayed) == _dossier(original), original.code
        assert replayed.search_text.split(" ", 1)[1] == original.search_text.split(" ", 1)[1]
        assert _rows(replayed.steps, STEP_FIELDS) == _rows(original.steps, STEP_FIELDS), original.code
        assert _position(replayed) == _position(original)
        assert _rows(replayed.documents, ["position", "name", "originals", "copies"]) == _rows(
            original.documents, ["position", "name", "originals", "copies"]
        )
        assert _files(replayed) == _files(original)
        fee_fields = ["label", "amount", "currency", "due_at_stage", "paid_at", "receipt_number", "method"]
        assert _rows(replayed.fees.order_by("pk"), fee_fields) == _rows(original.fees.order_by("pk"), fee_fields)
        assert _rows(replayed.events, EVENT_FIELDS) == _rows(original.events, EVENT_FIELDS), original.code


def _varied_sample(history) -> list[Dossier]:
    """A few dossiers of every kind: each action, each channel, each end."""
    picked: dict[int, Dossier] = {}
    for action in [
        "submit",
        "assign",
        "request_supplement",
        "complete_supplement",
        "extend",
        "send_back",
        "refuse",
        "stop",
        "withdraw",
        "return_result",
    ]:
        for dossier in history.filter(events__action=action).distinct()[:2]:
            picked[dossier.pk] = dossier
    for state in OPEN:
        for dossier in history.filter(state=state)[:1]:
            picked[dossier.pk] = dossier
    for dossier in history.filter(channel="postal", state=State.RETURNED)[:1]:  # returned by post
        picked[dossier.pk] = dossier
    for dossier in [
        *history.filter(events__data__on_the_spot=True)[:2],  # resolved on the spot
        *history.filter(result_file__isnull=False)[:2],  # with an electronic result
        *history.filter(documents__files__isnull=False).distinct()[:2],  # digitised
    ]:
        picked[dossier.pk] = dossier
    for unit in ("calendar_day", "month"):  # limits whose step shares become working days
        for dossier in history.filter(limit_unit=unit, events__action="return_result")[:1]:
            picked[dossier.pk] = dossier
    assert {"calendar_day", "working_day"} <= {d.limit_unit for d in picked.values()}
    assert len(picked) >= 15
    return list(picked.values())


def _replay(original: Dossier, monkeypatch) -> Dossier:
    """Receive the same dossier through receive_dossier, then take every later action through perform_action,
    each at the time the history says."""
    events = list(original.events.order_by("sequence"))
    first, fees = events[0], list(original.fees.order_by("pk"))
    on_the_spot = len(events) > 1 and events[1].data.get("on_the_spot") is True
    if on_the_spot:  # received and resolved in one sitting: one call of the service
        events = events[:1] + events[2:]
    monkeypatch.setattr(timezone, "now", lambda: first.at)
    dossier = services.receive_dossier(
        officer=first.actor,
        procedure_code=original.procedure.code,
        channel=original.channel,
        agency_code=original.agency.code,
        return_method="post" if original.channel == "postal" else "counter",
        return_address=original.return_address if original.channel == "postal" else "",
        now=first.at,
        applicant=services.ApplicantInput(
            name=original.applicant_name,
            id_number=original.applicant_id_number,
            kind=original.applicant.kind,
            phone=original.applicant_phone,
            email=original.applicant_email,
            address=original.applicant_address,
        ),
        documents=[
            services.DocumentInput(
                name=d.name,
                originals=d.originals,
                copies=d.copies,
                file_ids=sorted(d.files.values_list("pk", flat=True)),
            )
            for d in original.documents.order_by("position")
        ],
        resolve_now=on_the_spot,
        fees=[
            services.FeeInput(
                label=f.label,
                amount=f.amount,
                currency=f.currency,
                receipt_number=f.receipt_number if f.due_at_stage == "reception" else "",
                method=f.method if f.due_at_stage == "reception" else "",
            )
            for f in fees
        ],
    )
    for event in events[1:]:
        monkeypatch.setattr(timezone, "now", lambda at=event.at: at)
        dossier = services.perform_action(
            code=dossier.code,
            actor=event.actor,
            version=dossier.version,
            command=_command(event, fees),
        )
    return Dossier.objects.get(pk=dossier.pk)


def _command(event: DossierEvent, fees) -> ActionInput:
    """What the officer typed for this action, read back from the event."""
    data = event.data
    kind = INPUTS[Action(event.action)]
    written = "reason" if "reason" in kind.model_fields else "note" if "note" in kind.model_fields else ""
    fields = {
        "assign": {"assignee": data.get("assignee")},
        "request_supplement": {"reason": event.note, "items": data.get("items")},
        "extend": {"reason": event.note, "apology": data.get("apology"), "new_due_at": data.get("new_due_at")},
        "approve": {"note": event.note, "result_file_id": data.get("result_file_id")},
        "return_result": {
            "method": data.get("method"),
            "receiver": data.get("receiver"),
            "tracking_number": data.get("tracking_number"),
            "receipt_number": next((f.receipt_number for f in fees if f.due_at_stage == "return"), ""),
        },
    }.get(event.action, {written: event.note} if event.note and written else {})
    return kind(**fields)


def _dossier(dossier: Dossier) -> dict:
    return {name: getattr(dossier, name) for name in DOSSIER_FIELDS}


def _rows(rows, fields: list[str]) -> list[tuple]:
    return [tuple(getattr(row, name) for name in fields) for row in rows.all()]


def _files(dossier: Dossier) -> list[list[int]]:
    return [sorted(d.files.values_list("pk", flat=True)) for d in dossier.documents.order_by("position")]


def _position(dossier: Dossier) -> int | None:
    return dossier.current_step.position if dossier.current_step else None
