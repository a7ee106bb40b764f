"""The figures kept event by event equal a brute-force count over the raw rows (dossiers, their history, ratings,
feedback), and the rebuild gives those same figures: on random histories, at random times, through the real
services (hypothesis)."""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.core.models import User
from motcua.dossiers import services
from motcua.dossiers.actions import INPUTS
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services.errors import DossierError
from motcua.dossiers.states import Action
from motcua.feedback import services as feedback_services
from motcua.feedback.models import Feedback, Rating
from motcua.stats import rules
from motcua.stats.models import (
    DayFigures,
    FeedbackDay,
    MonthFigures,
    OfficerDay,
    RatingDay,
    RatingMonth,
    StepMonth,
    StockTotal,
)
from motcua.stats.selectors.behind import FIGURES, dossiers_behind
from motcua.stats.selectors.figures import Scope, overview, summary
from motcua.stats.services.keeping import day_of, working_minutes
from motcua.stats.services.rebuild import rebuild_figures
from tests.e2e.province import APPLICANTS

pytestmark = pytest.mark.django_db(transaction=False)

# Every action, the path to a result more often (else few random histories would get that far).
ACTIONS = [a.value for a in Action] + ["assign", "forward", "approve", "return_result"] * 3
FIGURE_COLUMNS = rules.COLUMNS

script = st.tuples(
    st.sampled_from(["justice", "construction"]),
    st.sampled_from(["counter", "online"]),
    st.integers(min_value=0, max_value=60),  # days before today it arrives
    st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(min_value=1, max_value=240)), max_size=8),
    st.integers(min_value=0, max_value=5),  # rating level (0: no rating), when returned
    st.integers(min_value=0, max_value=5),  # a changed level (0: unchanged)
    st.booleans(),  # feedback about it, answered after the hours of the last step
)


class Clock:
    def __init__(self) -> None:
        self.at = timezone.now()

    def __call__(self) -> datetime:
        return self.at


@contextmanager
def clock_at(clock: Clock):
    with mock.patch("django.utils.timezone.now", clock):
        yield


def _command(action: str, dossier: Dossier, n: int):
    fields: dict[str, object] = {}
    if action in ("send_back", "request_supplement", "refuse", "stop", "extend"):
        fields["reason"] = "Lý do"
    if action == "request_supplement":
        fields["items"] = ("Bản sao giấy khai sinh",)
    if action == "extend":
        fields["new_due_at"] = (dossier.due_at or timezone.now()) + timedelta(days=1 + n % 5)
        fields["apology"] = "Xin lỗi"
    if action == "return_result":
        fields.update(method="counter", receiver="Nguyễn Thị Hương", receipt_number="BL-1")
    return INPUTS[Action(action)](**fields)


def _try(world, dossier: Dossier, action: str, n: int) -> None:
    unit = "tuphap" if dossier.agency_id == world.justice.pk else "xaydung"
    for who in ("motcua", f"{unit}.chuyenvien", f"{unit}.lanhdao"):
        dossier.refresh_from_db()
        try:
            services.perform_action(
                code=dossier.code, actor=world.user(who), version=dossier.version, command=_command(action, dossier, n)
            )
            return
        except DossierError:
            continue


def _play(world, scripts, clock: Clock) -> None:
    citizen = User.objects.create_user("citizen-prop", password="x")
    today = clock.at
    for i, (agency, channel, days_ago, steps, level, changed, feedback) in enumerate(scripts):
        clock.at = today - timedelta(days=days_ago, minutes=7 * i)
        name, number = APPLICANTS[i % len(APPLICANTS)]
        applicant = services.ApplicantInput(name=name, id_number=number, phone="0912345678")
        documents = [services.DocumentInput(name="Đơn đề nghị", originals=1)]
        code, agency_code = world.procedures[agency], getattr(world, agency).code
        if channel == "online":
            dossier = services.submit_online(
                citizen=citizen, procedure_code=code, agency_code=agency_code, applicant=applicant, documents=documents
            )
        else:
            fee = services.FeeInput(label="Lệ phí", amount=150000, receipt_number="BL-0001", method="cash")
            dossier = services.receive_dossier(
                officer=world.user("motcua"),
                procedure_code=code,
                agency_code=agency_code,
                channel="counter",
                applicant=applicant,
                documents=documents,
                fees=[fee],
            )
        for action, hours in steps:
            clock.at = min(clock.at + timedelta(hours=hours), today)  # nothing happens after now
            _try(world, dossier, action, hours)
        dossier.refresh_from_db()
        if level and dossier.state == "returned":
            feedback_services.rate_dossier(dossier=dossier, level=level, criteria={"attitude": level})
            if changed:
                clock.at = min(clock.at + timedelta(days=1), today)
                feedback_services.rate_dossier(dossier=dossier, level=changed, criteria={"attitude": changed})
        if feedback:
            item = feedback_services.submit_feedback(
                about="dossier", subject="Chậm", body="Hồ sơ chậm", dossier_code=dossier.code
            )
            clock.at = min(clock.at + timedelta(days=days_ago % 30), today)
            feedback_services.answer_feedback(
                feedback_id=item.pk,
                user=world.user(f"{'tuphap' if agency == 'justice' else 'xaydung'}.lanhdao"),
                answer="Đã xử lý",
            )


def kept() -> dict[str, dict]:
    """Every table of figures as {key: {column: value}}, rows of zeros left out."""

    def rows(model, key, columns):
        out = {}
        for row in model.objects.values(*key, *columns):
            values = {c: row[c] for c in columns if row[c]}
            if values:
                out[tuple(row[k] for k in key)] = values
        return out

    return {
        "day": rows(
            DayFigures, ("day", "agency_id", "centre_key", "procedure_id", "field_key", "channel"), FIGURE_COLUMNS
        ),
        "month": rows(MonthFigures, ("month", "agency_id", "field_key", "channel"), FIGURE_COLUMNS),
        "officer": rows(
            OfficerDay,
            ("day", "agency_id", "officer_id"),
            rules.OFFICER_FIGURES,
        ),
        "stock": rows(
            StockTotal, ("agency_id", "procedure_id", "field_key", "channel"), ("open_change", "late_change")
        ),
        "step": rows(StepMonth, ("month", "agency_id", "step_name"), ("finished", "late")),
        "rating_month": rows(RatingMonth, ("month", "agency_id", "criterion", "level"), ("ratings",)),
        "rating": rows(
            RatingDay, ("day", "agency_id", "counter_key", "officer_key", "criterion", "level"), ("ratings",)
        ),
        "feedback": rows(FeedbackDay, ("day", "agency_id"), ("received", "answered", "answered_on_time")),
    }


def brute_force() -> dict[str, dict]:
    """The same figures, one raw row at a time, written the plainest way."""
    day: dict = defaultdict(lambda: defaultdict(int))
    month: dict = defaultdict(lambda: defaultdict(int))
    officer: dict = defaultdict(lambda: defaultdict(int))
    step: dict = defaultdict(lambda: defaultdict(int))

    def count(d: Dossier, on: date, name: str, n: int = 1) -> None:
        field = d.procedure_version.field_id or 0
        day[on, d.agency_id, d.centre_id or 0, d.procedure_id, field, d.channel][name] += n
        month[on.replace(day=1), d.agency_id, field, d.channel][name] += n

    for d in Dossier.objects.select_related("procedure_version"):
        history = list(DossierEvent.objects.filter(dossier=d).order_by("sequence"))
        arrived = day_of(d.submitted_at)
        count(d, arrived, "received")
        count(d, arrived, "open_change")
        if d.channel == "online" and d.procedure_version.online_level == "full":
            count(d, arrived, "received_full_online")
        documents = list(d.documents.all())
        if documents and all(doc.files.exists() for doc in documents):
            count(d, arrived, "digitised")
        ending = next((e for e in history if e.to_state in rules.ENDINGS and e.from_state not in rules.FINISHED), None)
        if ending is not None:
            ended = day_of(ending.at)
            count(d, ended, "open_change", -1)
            if ending.to_state == "result_ready":
                count(d, ended, "resolved")
                count(d, ended, f"resolved_{d.timeliness or 'on_time'}")
                if d.timeliness == "late" and d.extended:
                    count(d, ended, "resolved_late_apologised")
                if ending.data.get("on_the_spot"):
                    count(d, ended, "on_the_spot")
                if d.result_file_id:
                    count(d, ended, "electronic_result")
                fees = [f for f in d.fees.all() if f.amount > 0]
                if fees:
                    count(d, ended, "with_fee")
                    if all(f.paid_at and f.method in rules.ONLINE_PAYMENT_METHODS for f in fees):
                        count(d, ended, "paid_online")
                count(d, ended, "working_minutes", working_minutes(d.received_at, ending.at))
            else:
                count(d, ended, rules.ENDINGS[ending.to_state])
            clock_due = (
                day_of(ending.due_before) if ending.from_state in rules.CLOCK_RUNNING and ending.due_before else None
            )
        else:
            ended = None
            clock_due = day_of(d.due_at) if d.state in rules.CLOCK_RUNNING and d.due_at else None
        if clock_due is not None:  # the late stock's changes: +1 the day it is due, -1 the day it stops being late
            count(d, clock_due, "late_change")
            if ended is not None:
                count(d, max(clock_due, ended), "late_change", -1)
        for e in history:
            on = day_of(e.at)
            if e.data.get("step_timeliness"):
                row = step[on.replace(day=1), e.agency_id or d.agency_id, e.step_name]
                row["finished"] += 1
                row["late"] += int(e.data["step_timeliness"] == "late")
            if e.action == "return_result":
                count(d, on, "returned")
            if e.action == "request_supplement":
                count(d, on, "supplement_requested")
            if e.action == "extend":
                count(d, on, "extended")
            if e.actor_id is None:
                continue
            mine = officer[on, e.agency_id or d.agency_id, e.actor_id]
            if e.action == "receive":
                mine["received"] += 1
            elif (e.action == "forward" and e.from_state != "submitted") or (
                e.action == "approve" and e.to_state != "result_ready"
            ):
                mine["steps_finished"] += 1
                if e.data.get("step_timeliness"):
                    mine[f"steps_{e.data['step_timeliness']}"] += 1
            elif e.action == "approve":
                mine["approved"] += 1
            elif e.action == "request_supplement":
                mine["supplement_requested"] += 1
            elif e.action == "return_result":
                mine["returned"] += 1
    rating: dict = defaultdict(lambda: defaultdict(int))
    for r in Rating.objects.all():
        key = (day_of(r.created_at), r.agency_id, r.counter_id or 0, r.officer_id or 0)
        rating[(*key, "", r.level)]["ratings"] += 1
        for s in r.scores.all() if hasattr(r, "scores") else r.ratingscore_set.all():
            rating[(*key, s.criterion, s.level)]["ratings"] += 1
    stock: dict = defaultdict(lambda: defaultdict(int))
    for (_on, agency, _centre, procedure, field, channel), v in day.items():
        for name in rules.STOCK_CHANGES:
            stock[agency, procedure, field, channel][name] += v.get(name, 0)
    rating_month: dict = defaultdict(lambda: defaultdict(int))
    for (on, agency, _counter, _officer, criterion, level), v in rating.items():
        rating_month[on.replace(day=1), agency, criterion, level]["ratings"] += v["ratings"]
    feedback: dict = defaultdict(lambda: defaultdict(int))
    for f in Feedback.objects.all():
        feedback[day_of(f.created_at), f.agency_id]["received"] += 1
        if f.answered_at:
            feedback[day_of(f.answered_at), f.agency_id]["answered"] += 1
            feedback[day_of(f.answered_at), f.agency_id]["answered_on_time"] += int(f.answered_at <= f.due_at)

    def plain(table):
        return {k: {c: n for c, n in v.items() if n} for k, v in table.items() if any(v.values())}

    return {
        "day": plain(day),
        "month": plain(month),
        "officer": plain(officer),
        "step": plain(step),
        "stock": plain(stock),
        "rating": plain(rating),
        "rating_month": plain(rating_month),
        "feedback": plain(feedback),
    }


def periods(today: date) -> list[tuple[date, date]]:
    """Periods that start and end inside months and on their edges: months rows and day rows both read."""
    first = today.replace(day=1)
    last_month = (first - timedelta(days=1)).replace(day=1)
    return [
        (today - timedelta(days=50), today),
        (last_month + timedelta(days=3), today - timedelta(days=1)),
        (last_month, first - timedelta(days=1)),
        (first, today + timedelta(days=40)),
        (today, today),
    ]


def assert_summary_counts(scope: Scope, days: dict) -> None:
    """The summary of a period equals the brute-force rows of its days (flows) and before its ends (stocks)."""
    expected: dict[str, int] = defaultdict(int)
    for (on, _agency, _centre, _procedure, _field, channel), values in days.items():
        if scope.start <= on <= scope.end:
            for name in rules.FLOWS:
                expected[name] += values.get(name, 0)
            expected[f"received_{channel}"] += values.get("received", 0)
        if on <= min(scope.end, timezone.localdate()):  # stocks at the end of today while the period runs
            expected["in_progress"] += values.get("open_change", 0)
            expected["in_progress_late"] += values.get("late_change", 0)
        if on < scope.start:
            expected["carried_over"] += values.get("open_change", 0)
    kept_summary = summary(scope)
    assert overview(scope)[0] == kept_summary  # the summary is the sum of its agencies'
    got = kept_summary.as_dict()
    assert {k: got[k] for k in expected} == dict(expected), scope
    # Every number links to its dossiers: the list behind each figure holds as many as the figure counts.
    for figure in FIGURES:
        assert dossiers_behind(scope, figure).count() == getattr(kept_summary, figure), (figure, scope)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scripts=st.lists(script, min_size=1, max_size=6))
def test_kept_figures_equal_a_brute_force_count_and_the_rebuild(world, django_capture_on_commit_callbacks, scripts):
    clock = Clock()
    with transaction.atomic():
        with clock_at(clock), django_capture_on_commit_callbacks(execute=True):
            _play(world, scripts, clock)
        one_by_one = kept()
        counted = brute_force()
        assert one_by_one == counted
        for start, end in periods(timezone.localdate()):
            assert_summary_counts(Scope(start=start, end=end), counted["day"])
        clock.at = timezone.now()
        rebuild_figures(start=clock.at.date() - timedelta(days=60), end=clock.at.date() + timedelta(days=60))
        assert kept() == one_by_one
        transaction.set_rollback(True)
