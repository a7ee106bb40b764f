"""Recounting the figures from the raw rows (dossiers, their history, ratings, feedback) for whole months:
`motcua stats rebuild [--from --to]`. The same rules as the figures kept event by event (stats.rules), read in
a few GROUP BY queries instead of one event at a time; the tests check that both give the same figures."""

from __future__ import annotations

import calendar as month_calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, F, Field, Model, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from motcua.core.dates import local_date
from motcua.core.events import deliver
from motcua.core.models import EventDelivery
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, DossierFee
from motcua.feedback.models import Feedback, Rating, RatingScore
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
from motcua.stats.services.keeping import FEEDBACK, FIGURES, RATINGS, day_of, working_minutes
from motcua.stats.services.recount import Recount
from motcua.workdays.selectors import calendar_for

RESOLVED_STATES = rules.RESOLVED_STATES
TABLES = (DayFigures, MonthFigures, OfficerDay, StepMonth, RatingDay, RatingMonth, FeedbackDay)  # dated rows


class RebuildError(Exception):
    pass


@dataclass(frozen=True)
class Period:
    """Whole local months, from the first day of `first` to the last day of `last`."""

    first: date
    last: date

    @classmethod
    def covering(cls, start: date, end: date) -> Period:
        last_day = month_calendar.monthrange(end.year, end.month)[1]
        return cls(start.replace(day=1), end.replace(day=last_day))

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_default_timezone()
        start = datetime.combine(self.first, time.min, tzinfo=zone)
        return start, datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=zone)

    def __contains__(self, day: date) -> bool:
        return self.first <= day <= self.last


@transaction.atomic
def rebuild_figures(*, start: date, end: date, province_id: int | None = None) -> Period:
    """Recount every figure of the months from `start` to `end` (whole months), for one province or all."""
    period = Period.covering(start, end)
    _quiesce()
    for model in TABLES:
        rows = model.objects.filter(**_in_period(model, period))
        if province_id is not None:
            rows = rows.filter(province_id=province_id)
        rows.delete()
    dossiers = Dossier.objects.all() if province_id is None else Dossier.objects.filter(province_id=province_id)
    sums = Recount(period.first, period.last)
    _count_arrivals(sums, dossiers, period)
    _count_endings(sums, dossiers, period)
    _count_history(sums, dossiers, period)
    _count_late(sums, dossiers, period)
    sums.save()
    _total_stocks(province_id)
    _count_officers(dossiers, period)
    _count_steps(dossiers, period)
    _count_ratings(province_id, period)
    _count_feedback(province_id, period)
    return period


def _quiesce() -> None:
    """Lock the tables of figures and deliver what is still owed to them, so that no event is counted both by
    its delivery and by this recount. Events committed from now on wait for the lock, and (PostgreSQL: the
    snapshot is taken after the lock) are not seen by the recount: their delivery counts them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if len(connection.atomic_blocks) == 1:  # our own transaction (not inside a caller's): nothing read yet
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (*TABLES, StockTotal))
            cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
    owed = EventDelivery.objects.filter(subscriber__in=(FIGURES, RATINGS, FEEDBACK))
    deliver(list(owed.values_list("pk", flat=True)))
    if owed.exists():
        raise RebuildError("some events fail to be counted: see the pending deliveries of the statistics")


def _in_period(model: type, period: Period) -> dict[str, Any]:
    if model in (MonthFigures, StepMonth, RatingMonth):
        return {"month__gte": period.first, "month__lte": period.last}
    return {"day__gte": period.first, "day__lte": period.last}


def insert(
    model: type[Model], keys: tuple[str, ...], columns: tuple[str, ...], rows: dict[tuple[Any, ...], dict[str, int]]
) -> None:
    """Write the recounted rows with one prepared INSERT run many times: bulk_create spends most of its time
    preparing each of these many integer fields one by one."""
    quote = connection.ops.quote_name
    names = [_column(model, k.removesuffix("_id")) for k in keys] + list(columns)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    values = [(*key, *(v.get(c, 0) for c in columns)) for key, v in rows.items() if any(v.values())]
    with connection.cursor() as cursor:
        for at in range(0, len(values), 5000):
            cursor.executemany(sql, values[at : at + 5000])


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column  # a concrete column of these tables
    return field.column


def _total_stocks(province_id: int | None) -> None:
    """StockTotal again from every day row (the whole history: this is a recount, not a page)."""
    days = DayFigures.objects.all() if province_id is None else DayFigures.objects.filter(province_id=province_id)
    totals = StockTotal.objects.all() if province_id is None else StockTotal.objects.filter(province_id=province_id)
    totals.delete()
    keys = ("province_id", "agency_id", "procedure_id", "field_key", "channel")
    grouped = days.values(*keys).annotate(o=Sum("open_change"), lt=Sum("late_change")).order_by()
    rows = {tuple(r[k] for k in keys): {"open_change": r["o"] or 0, "late_change": r["lt"] or 0} for r in grouped}
    insert(StockTotal, keys, rules.STOCK_CHANGES, rows)


def _count_arrivals(sums: Recount, dossiers: QuerySet[Dossier], period: Period) -> None:
    start, end = period.bounds()
    documents = DossierDocument.objects.filter(dossier=OuterRef("pk"))
    links = DossierDocument.files.through.objects
    earlier = links.filter(
        dossierdocument__dossier=OuterRef("pk"),
        storedfile__dossier_documents__dossier_id__lt=OuterRef("pk"),
    )
    arrived = dossiers.filter(submitted_at__gte=start, submitted_at__lt=end).annotate(
        has_documents=Exists(documents),
        lacks_files=Exists(documents.filter(files__isnull=True)),
        reuses=Exists(earlier),
    )
    sums.add_grouped(
        arrived,
        "submitted_at",
        {
            "received": Count("pk"),
            "received_full_online": Count("pk", filter=Q(channel="online", procedure_version__online_level="full")),
            "digitised": Count("pk", filter=Q(has_documents=True, lacks_files=False)),
            "reused": Count("pk", filter=Q(reuses=True)),
            "open_change": Count("pk"),
        },
    )


def _count_endings(sums: Recount, dossiers: QuerySet[Dossier], period: Period) -> None:
    start, end = period.bounds()
    ended = dossiers.filter(finished_at__gte=start, finished_at__lt=end)
    fees = DossierFee.objects.filter(dossier=OuterRef("pk"), amount__gt=0)
    not_online = fees.exclude(paid_at__isnull=False, method__in=rules.ONLINE_PAYMENT_METHODS)
    resolved = ended.filter(state__in=RESOLVED_STATES).annotate(has_fee=Exists(fees), unpaid_online=Exists(not_online))
    sums.add_grouped(
        resolved,
        "finished_at",
        {
            "resolved": Count("pk"),
            "resolved_early": Count("pk", filter=Q(timeliness="early")),
            "resolved_on_time": Count("pk", filter=Q(timeliness="on_time") | Q(timeliness="")),
            "resolved_late": Count("pk", filter=Q(timeliness="late")),
            "resolved_late_apologised": Count("pk", filter=Q(timeliness="late", extended=True)),
            "electronic_result": Count("pk", filter=Q(result_file__isnull=False)),
            "with_fee": Count("pk", filter=Q(has_fee=True)),
            "paid_online": Count("pk", filter=Q(has_fee=True, unpaid_online=False)),
            "open_change": Count("pk") * Value(-1),
        },
    )
    # On the spot: read from the approvals that say so (the history row of the result, at its finishing time).
    spot = DossierEvent.objects.filter(
        dossier__in=dossiers, at__gte=start, at__lt=end, action="approve", data__on_the_spot=True
    )
    sums.add_grouped(spot, "at", {"on_the_spot": Count("pk")}, via="dossier__")
    calendar = calendar_for()
    keys = ("province_id", "agency_id", "centre_id", "procedure_id", "procedure_version__field_id", "channel")
    rows = resolved.filter(received_at__isnull=False).values_list("received_at", "finished_at", *keys)
    minutes = [
        (
            day_of(end),
            *(province, agency, centre or 0, procedure, field or 0, channel),
            working_minutes(start, end, calendar=calendar),
        )
        for start, end, province, agency, centre, procedure, field, channel in rows
    ]
    sums.add_rows(minutes, "working_minutes")
    for state, name in rules.ENDINGS.items():
        if state != "result_ready":
            sums.add_grouped(
                ended.filter(state=state), "finished_at", {name: Count("pk"), "open_change": Count("pk") * Value(-1)}
            )
    returned = dossiers.filter(returned_at__gte=start, returned_at__lt=end)
    sums.add_grouped(returned, "returned_at", {"returned": Count("pk")})


def _count_history(sums: Recount, dossiers: QuerySet[Dossier], period: Period) -> None:
    start, end = period.bounds()
    events = DossierEvent.objects.filter(
        dossier__in=dossiers, at__gte=start, at__lt=end, action__in=("request_supplement", "extend")
    )
    for action, name in (("request_supplement", "supplement_requested"), ("extend", "extended")):
        sums.add_grouped(events.filter(action=action), "at", {name: Count("pk")}, via="dossier__")


def _count_late(sums: Recount, dossiers: QuerySet[Dossier], period: Period) -> None:
    """The late stock's changes dated in the period (stats.rules): +1 on the day of the appointment of each
    dossier whose clock runs (now, or when it ended), −1 on the day it ended or of its appointment if later."""
    # Clocks running now: +1 on the day of the appointment.
    running = dossiers.filter(state__in=rules.CLOCK_RUNNING, due_at__isnull=False)
    sums.add_query(sums.keyed(running, local_date("due_at")), {"late_change": Count("pk")})
    # Dossiers that ended while their clock ran: read from their ending history row (one per dossier) rather
    # than asking, dossier by dossier, whether one exists: +1 on the appointment's day, -1 on the later of it and
    # the day it ended.
    endings = DossierEvent.objects.filter(
        dossier__in=dossiers,
        from_state__in=rules.CLOCK_RUNNING,
        to_state__in=rules.ENDINGS,
        dossier__due_at__isnull=False,
        dossier__finished_at__isnull=False,
    )
    due = local_date("dossier__due_at")
    sums.add_query(sums.keyed(endings, due, via="dossier__"), {"late_change": Count("pk")})
    leaving = sums.keyed(endings, Greatest(due, local_date("dossier__finished_at")), via="dossier__")
    sums.add_query(leaving, {"late_change": Count("pk") * Value(-1)})


def _count_officers(dossiers: QuerySet[Dossier], period: Period) -> None:
    """OfficerDay rows of the period, grouped and written by the database (INSERT … SELECT)."""
    start, end = period.bounds()
    events = DossierEvent.objects.filter(dossier__in=dossiers, at__gte=start, at__lt=end, actor__isnull=False)
    is_step = (Q(action="forward") & ~Q(from_state="submitted")) | (Q(action="approve") & ~Q(to_state="result_ready"))
    figures = {
        "received": Count("pk", filter=Q(action="receive")),
        "steps_finished": Count("pk", filter=is_step),
        "steps_early": Count("pk", filter=is_step & Q(data__step_timeliness="early")),
        "steps_on_time": Count("pk", filter=is_step & Q(data__step_timeliness="on_time")),
        "steps_late": Count("pk", filter=is_step & Q(data__step_timeliness="late")),
        "approved": Count("pk", filter=Q(action="approve", to_state="result_ready")),
        "supplement_requested": Count("pk", filter=Q(action="request_supplement")),
        "returned": Count("pk", filter=Q(action="return_result")),
    }
    assert tuple(figures) == rules.OFFICER_FIGURES
    some = Q()
    for name in figures:
        some |= Q(**{f"m_{name}__gt": 0})
    grouped = (
        events.annotate(
            k_day=local_date("at"),
            k_province=F("dossier__province_id"),
            k_agency=Coalesce(F("agency_id"), F("dossier__agency_id")),
            k_officer=F("actor_id"),
        )
        .values("k_day", "k_province", "k_agency", "k_officer")
        .annotate(**{f"m_{name}": value for name, value in figures.items()})
        .filter(some)
        .order_by()
    )
    inner, params = grouped.query.sql_with_params()
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in ("day", "province_id", "agency_id", "officer_id", *figures))
    chosen = ", ".join(q(c) for c in ("k_day", "k_province", "k_agency", "k_officer", *(f"m_{n}" for n in figures)))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(OfficerDay._meta.db_table)} ({columns}) SELECT {chosen} FROM ({inner}) sub", params
        )


def _count_steps(dossiers: QuerySet[Dossier], period: Period) -> None:
    start, end = period.bounds()
    rows = (
        DossierEvent.objects.filter(dossier__in=dossiers, at__gte=start, at__lt=end)
        .exclude(data__step_timeliness__isnull=True)
        .exclude(data__step_timeliness="")
        .annotate(local_day=local_date("at"))
        .values("local_day", "dossier__province_id", "agency_id", "dossier__agency_id", "step_name")
        .annotate(finished=Count("pk"), late=Count("pk", filter=Q(data__step_timeliness="late")))
        .order_by()
    )
    steps: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        month = rules.month_start(r["local_day"])
        key = (month, r["dossier__province_id"], r["agency_id"] or r["dossier__agency_id"], r["step_name"])
        steps[key][0] += r["finished"]
        steps[key][1] += r["late"]
    StepMonth.objects.bulk_create(
        StepMonth(month=m, province_id=p, agency_id=a, step_name=n, finished=f, late=lt)
        for (m, p, a, n), (f, lt) in steps.items()
    )


def _count_ratings(province_id: int | None, period: Period) -> None:
    start, end = period.bounds()
    ratings = Rating.objects.filter(created_at__gte=start, created_at__lt=end)
    if province_id is not None:
        ratings = ratings.filter(province_id=province_id)
    place = ("province_id", "agency_id", "dossier__procedure_id", "counter_id", "officer_id")
    overall = ratings.annotate(local_day=local_date("created_at")).values("local_day", *place, "level")
    scores = (
        RatingScore.objects.filter(rating__in=ratings)
        .annotate(local_day=local_date("rating__created_at"))
        .values("local_day", *(f"rating__{p}" for p in place), "criterion", "level")
    )
    rows = [
        RatingDay(
            day=r["local_day"],
            province_id=r["province_id"],
            agency_id=r["agency_id"],
            procedure_id=r["dossier__procedure_id"],
            counter_key=r["counter_id"] or 0,
            officer_key=r["officer_id"] or 0,
            criterion="",
            level=r["level"],
            ratings=r["n"],
        )
        for r in overall.annotate(n=Count("pk")).order_by()
    ]
    rows += [
        RatingDay(
            day=r["local_day"],
            province_id=r["rating__province_id"],
            agency_id=r["rating__agency_id"],
            procedure_id=r["rating__dossier__procedure_id"],
            counter_key=r["rating__counter_id"] or 0,
            officer_key=r["rating__officer_id"] or 0,
            criterion=r["criterion"],
            level=r["level"],
            ratings=r["n"],
        )
        for r in scores.annotate(n=Count("pk")).order_by()
    ]
    RatingDay.objects.bulk_create(rows, batch_size=1000)
    months: dict[tuple[Any, ...], int] = defaultdict(int)
    for r in rows:
        months[rules.month_start(r.day), r.province_id, r.agency_id, r.criterion, r.level] += r.ratings
    RatingMonth.objects.bulk_create(
        (
            RatingMonth(month=m, province_id=p, agency_id=a, criterion=c, level=lv, ratings=n)
            for (m, p, a, c, lv), n in months.items()
        ),
        batch_size=1000,
    )


def _count_feedback(province_id: int | None, period: Period) -> None:
    start, end = period.bounds()
    feedback = Feedback.objects.all() if province_id is None else Feedback.objects.filter(province_id=province_id)
    days: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    received = feedback.filter(created_at__gte=start, created_at__lt=end).annotate(local_day=local_date("created_at"))
    for r in received.values("local_day", "province_id", "agency_id").annotate(n=Count("pk")).order_by():
        days[r["local_day"], r["province_id"] or r["agency_id"], r["agency_id"]]["received"] += r["n"]
    answered = feedback.filter(answered_at__gte=start, answered_at__lt=end).annotate(
        local_day=local_date("answered_at")
    )
    for r in (
        answered.values("local_day", "province_id", "agency_id")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(answered_at__lte=F("due_at"))))
        .order_by()
    ):
        row = days[r["local_day"], r["province_id"] or r["agency_id"], r["agency_id"]]
        row["answered"] += r["n"]
        row["answered_on_time"] += r["on_time"]
    FeedbackDay.objects.bulk_create(
        FeedbackDay(day=d, province_id=p, agency_id=a, **v) for (d, p, a), v in days.items()
    )
