"""Keeping the figures as the work happens: the subscribers of the dossier, rating and feedback events.

Each handler runs after the event's transaction commits, in the delivery's own savepoint (core.events): its
upserts and the removal of the delivery row commit together, so a redelivery never counts twice. The rules of
what counts when are in stats.rules (shared with the rebuild and the tests' brute-force count)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.db.models import Count, Q
from django.utils import timezone

from motcua.core.counters import add, add_many
from motcua.dossiers import events as dossier_events
from motcua.dossiers.models import Dossier, DossierFee
from motcua.feedback.events import DossierRated, FeedbackAnswered, FeedbackSubmitted
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
from motcua.stats.services.facts import Facts, read_facts
from motcua.stats.services.procedures import FIGURES as FIGURES  # the one subscriber of the dossier events
from motcua.stats.services.procedures import count_paid_online, count_received
from motcua.workdays.engine import WorkingCalendar
from motcua.workdays.selectors import calendar_for

# The subscribers' names in core.events (stored with each pending delivery: never rename them).
RATINGS = "stats.ratings"
FEEDBACK = "stats.feedback"


def day_of(moment: datetime) -> date:
    return rules.local_day(moment, timezone.get_default_timezone())


def on_dossier_event(event: dossier_events.BaseDossierEvent) -> None:
    """Subscriber of every dossier event (see StatsConfig.ready)."""
    starts = isinstance(event, dossier_events.DossierReceived | dossier_events.DossierSubmittedOnline)
    facts = read_facts(event.dossier_id, inputs=starts)
    today = day_of(event.at)
    flows = flows_of(event, facts)
    changes: dict[date, dict[str, int]] = defaultdict(dict)
    if flows:
        changes[today].update(flows)
    if starts:
        changes[today]["open_change"] = 1
        online = event.channel == "online"
        count_received(procedure_id=event.procedure_id, province_id=event.province_id, at=event.at, online=online)
    elif event.to_state in rules.FINISHED and event.from_state not in rules.FINISHED:
        changes[today]["open_change"] = -1
    if flows.get("paid_online"):
        count_paid_online(procedure_id=event.procedure_id, province_id=event.province_id, at=event.at)
    for move in rules.late_moves(
        today=today,
        from_state=event.from_state,
        to_state=event.to_state,
        due_before=day_of(event.due_before) if event.due_before else None,
        due_after=day_of(event.due_after) if event.due_after else None,
    ):
        row = changes[move.day]
        row["late_change"] = row.get("late_change", 0) + move.change
    stock: dict[str, int] = {}
    place = {"province": event.province_id, "agency": event.agency_id}
    days, months = [], []
    for day, amounts in changes.items():
        amounts = {name: n for name, n in amounts.items() if n}
        if amounts:
            row = {"centre_key": facts.centre_key, "procedure": event.procedure_id, "field_key": facts.field_key}
            days.append(({"day": day, **place, **row, "channel": event.channel}, amounts))
            month = {"month": rules.month_start(day), **place, "field_key": facts.field_key}
            months.append(({**month, "channel": event.channel}, amounts))
        for name in rules.STOCK_CHANGES:
            stock[name] = stock.get(name, 0) + amounts.get(name, 0)
    add_many(DayFigures, days)  # the event's day and the day its appointment falls: one statement a table
    add_many(MonthFigures, months)
    if any(stock.values()):
        key: dict[str, object] = {"province": event.province_id, "agency": event.agency_id}
        key |= {"procedure": event.procedure_id, "field_key": facts.field_key, "channel": event.channel}
        add(StockTotal, key=key, amounts=stock)
    _count_officer(event)
    _count_step(event)


def flows_of(event: dossier_events.BaseDossierEvent, facts: Facts) -> dict[str, int]:
    """The flows one event adds on its day."""
    e = dossier_events
    if isinstance(event, e.DossierReceived | e.DossierSubmittedOnline):
        return {
            "received": 1,
            "received_full_online": int(event.channel == "online" and facts.full_online),
            "digitised": int(facts.digitised),
            "reused": int(facts.reused),
        }
    if isinstance(event, e.DossierResultReady):
        with_fee, paid_online = fees_of(event.dossier_id)
        extended, received_at = Dossier.objects.filter(pk=event.dossier_id).values_list("extended", "received_at")[0]
        late = event.timeliness == "late"
        return {
            "resolved": 1,
            f"resolved_{event.timeliness or 'on_time'}": 1,
            "resolved_late_apologised": int(late and extended),
            "on_the_spot": int(event.on_the_spot),
            "electronic_result": int(event.result_file_id is not None),
            "with_fee": int(with_fee),
            "paid_online": int(paid_online),
            "working_minutes": working_minutes(received_at, event.at),
        }
    if isinstance(event, e.DossierRefused | e.DossierStopped | e.DossierWithdrawn):
        return {rules.ENDINGS[event.to_state]: 1}
    if isinstance(event, e.ResultReturned):
        return {"returned": 1}
    if isinstance(event, e.SupplementRequested):
        return {"supplement_requested": 1}
    if isinstance(event, e.DossierExtended):
        return {"extended": 1}
    return {}


def fees_of(dossier_id: int) -> tuple[bool, bool]:
    """(the dossier has a fee to pay, every such fee was paid through an online method)."""
    row = DossierFee.objects.filter(dossier_id=dossier_id, amount__gt=0).aggregate(
        fees=Count("pk"),
        online=Count("pk", filter=Q(paid_at__isnull=False, method__in=rules.ONLINE_PAYMENT_METHODS)),
    )
    return bool(row["fees"]), bool(row["fees"] and row["fees"] == row["online"])


def working_minutes(start: datetime | None, end: datetime, *, calendar: WorkingCalendar | None = None) -> int:
    """Working time from the start of the clock to the result, on the default calendar (pass it when counting
    many: reading it checks the calendar's revision in the database)."""
    if start is None or end <= start:
        return 0
    return round((calendar or calendar_for()).working_time_between(start, end))


def _count_step(event: dossier_events.BaseDossierEvent) -> None:
    timeliness = getattr(event, "step_timeliness", "")  # StepFinished, DossierResultReady
    if not timeliness:
        return
    key = {
        "month": rules.month_start(day_of(event.at)),
        "province": event.province_id,
        "agency": event.acting_agency_id or event.agency_id,
        "step_name": event.step_name,
    }
    add(StepMonth, key=key, amounts={"finished": 1, "late": int(timeliness == "late")})


def _count_officer(event: dossier_events.BaseDossierEvent) -> None:
    e = dossier_events
    if event.actor_id is None:
        return
    amounts: dict[str, int] = {}
    if isinstance(event, e.DossierReceived):
        amounts = {"received": 1}
    elif isinstance(event, e.StepFinished):
        amounts = {"steps_finished": 1}
        if event.step_timeliness:
            amounts[f"steps_{event.step_timeliness}"] = 1
    elif isinstance(event, e.DossierResultReady):
        amounts = {"approved": 1}
    elif isinstance(event, e.SupplementRequested):
        amounts = {"supplement_requested": 1}
    elif isinstance(event, e.ResultReturned):
        amounts = {"returned": 1}
    if amounts:
        key = {
            "day": day_of(event.at),
            "province": event.province_id,
            "agency": event.acting_agency_id or event.agency_id,
            "officer": event.actor_id,
        }
        add(OfficerDay, key=key, amounts=amounts)


def on_rating(event: DossierRated) -> None:
    """Subscriber of the ratings: a rating counts on the day it was given, at its latest levels; a change
    within its 7 days moves it from its old levels to the new ones on that same day."""
    base = {
        "day": day_of(event.given_at or event.at),
        "province": event.province_id,
        "agency": event.agency_id,
        "procedure": event.procedure_id,
        "counter_key": event.counter_id or 0,
        "officer_key": event.officer_id or 0,
    }
    levels: dict[tuple[str, int], int] = defaultdict(int)
    if event.changed:
        levels["", event.previous_level] -= 1
        for criterion, level in event.previous_scores.items():
            levels[criterion, level] -= 1
    levels["", event.level] += 1
    for criterion, level in event.scores.items():
        levels[criterion, level] += 1
    given = day_of(event.given_at or event.at)
    month = {"month": rules.month_start(given), "province": event.province_id, "agency": event.agency_id}
    for (criterion, level), n in levels.items():
        if n and level:
            add(RatingDay, key={**base, "criterion": criterion, "level": level}, amounts={"ratings": n})
            add(RatingMonth, key={**month, "criterion": criterion, "level": level}, amounts={"ratings": n})


def on_feedback(event: FeedbackSubmitted | FeedbackAnswered) -> None:
    """Subscriber of feedback: received on its day; answered (the first answer) on its day, in time or not."""
    place = {"province": event.province_id, "agency": event.agency_id}
    if isinstance(event, FeedbackSubmitted):
        add(FeedbackDay, key={"day": day_of(event.at), **place}, amounts={"received": 1})
    else:
        on_time = int(event.at <= event.due_at)
        amounts = {"answered": 1, "answered_on_time": on_time}
        add(FeedbackDay, key={"day": day_of(event.at), **place}, amounts=amounts)
