"""Keeping the counters: raised by the dossier events after the reception commits (effectively once: the raise and
the removal of the event's delivery row commit together), rebuilt from the dossiers on demand."""

from __future__ import annotations

from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from motcua.core.counters import add
from motcua.core.events import type_name
from motcua.core.selectors import pending_event_keys
from motcua.dossiers.events import DossierReceived, DossierResultReady, DossierSubmittedOnline
from motcua.dossiers.models import Dossier, DossierFee
from motcua.stats import rules
from motcua.stats.models import ProcedureMonth

# The subscriber of the dossier events that keeps every figure, these counters included (stats.services.keeping):
# its name is stored with each pending delivery, never rename it.
FIGURES = "stats.figures"


def month_of(at: datetime) -> date:
    """The first day of the local month of `at` (settings.TIME_ZONE): a dossier submitted on 31 January at
    23:30 in Hà Nội counts for January, whatever the hour in UTC."""
    return timezone.localdate(at, timezone.get_default_timezone()).replace(day=1)


def count_received(*, procedure_id: int, province_id: int, at: datetime, online: bool = False) -> None:
    """Count one more dossier (online or not) for the procedure in the local month of `at`. The upsert is one
    statement (no lost update between two receptions); run from an event's delivery, it commits with the
    delivery row's removal, so a redelivery after a failure never counts twice."""
    add(
        ProcedureMonth,
        key={"province": province_id, "procedure": procedure_id, "month": month_of(at)},
        amounts={"received": 1, "received_online": int(online)},
    )


def count_paid_online(*, procedure_id: int, province_id: int, at: datetime) -> None:
    """Count one more dossier resolved (at `at`) whose fees were all paid online, in its result's local month."""
    add(
        ProcedureMonth,
        key={"province": province_id, "procedure": procedure_id, "month": month_of(at)},
        amounts={"paid_online": 1},
    )


@transaction.atomic
def rebuild_procedure_counts(*, province_id: int | None = None) -> int:
    """Recount the province's (or every province's) counters from its dossiers, by local month of submission, in
    one GROUP BY; returns how many dossiers were counted. This reads the whole dossier table: it is for the
    demo's bulk history and for operators, never for a page."""
    if connection.vendor == "postgresql":
        # Receptions made while we count wait for the new counters instead of being lost by the delete below or
        # counted twice. (SQLite's immediate transactions already make every other writer wait.)
        table = connection.ops.quote_name(ProcedureMonth._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
    # A dossier whose reception event is still owed to the counter is left to that event (or it would count
    # twice). Its delivery row commits with the dossier, so one statement sees both or neither; a delivery
    # running now waits on the lock above with its row still there.
    receptions = (type_name(DossierReceived), type_name(DossierSubmittedOnline))
    pending = pending_event_keys(subscriber=FIGURES, stream="dossier", event_types=receptions)
    dossiers = Dossier.objects.filter(submitted_at__isnull=False).exclude(pk__in=pending)
    results_pending = pending_event_keys(
        subscriber=FIGURES, stream="dossier", event_types=(type_name(DossierResultReady),)
    )
    paid = _paid_online_by_month(Dossier.objects.exclude(pk__in=results_pending), province_id)
    counters = ProcedureMonth.objects.all()
    if province_id is not None:
        dossiers = dossiers.filter(province_id=province_id)
        counters = counters.filter(province_id=province_id)
    local = timezone.get_default_timezone()
    rows = (
        dossiers.annotate(month=TruncMonth("submitted_at", tzinfo=local))
        .values_list("province_id", "procedure_id", "month")
        .annotate(n=Count("id"), online=Count("id", filter=Q(channel="online")))
        .order_by()
    )
    # TruncMonth gives the local midnight of the month's first day, as an aware datetime.
    counts = [
        ProcedureMonth(
            province_id=province,
            procedure_id=procedure,
            month=month.astimezone(local).date(),
            received=n,
            received_online=online,
        )
        for province, procedure, month, n, online in rows
    ]
    by_key = {(c.province_id, c.procedure_id, c.month): c for c in counts}
    for key, n in paid.items():
        counter = by_key.get(key)
        if counter is None:  # resolved in a month it was not submitted in
            counter = by_key[key] = ProcedureMonth(province_id=key[0], procedure_id=key[1], month=key[2], received=0)
            counts.append(counter)
        counter.paid_online = n
    counters.delete()
    ProcedureMonth.objects.bulk_create(counts, batch_size=1000)
    return sum(c.received for c in counts)


def _paid_online_by_month(dossiers: QuerySet[Dossier], province_id: int | None) -> dict[tuple[int, int, date], int]:
    """Dossiers resolved with a fee, every fee paid online, per province, procedure and local month of the result
    (as the keeping counts them when the result is ready: stats.rules says which methods are online)."""
    fees = DossierFee.objects.filter(dossier=OuterRef("pk"), amount__gt=0)
    not_online = fees.exclude(paid_at__isnull=False, method__in=rules.ONLINE_PAYMENT_METHODS)
    resolved = dossiers.filter(state__in=rules.RESOLVED_STATES, finished_at__isnull=False)
    resolved = resolved.filter(Exists(fees)).exclude(Exists(not_online))
    if province_id is not None:
        resolved = resolved.filter(province_id=province_id)
    local = timezone.get_default_timezone()
    rows = (
        resolved.annotate(month=TruncMonth("finished_at", tzinfo=local))
        .values_list("province_id", "procedure_id", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(p, proc, month.astimezone(local).date()): n for p, proc, month, n in rows}
