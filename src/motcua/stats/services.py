"""Keeping the counters: raised in the transaction that writes the dossier, rebuilt from the dossiers on demand."""

from __future__ import annotations

from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.stats.models import ProcedureMonth


def month_of(at: datetime) -> date:
    """The first day of the local month of `at` (settings.TIME_ZONE): a dossier submitted on 31 January at
    23:30 in Hà Nội counts for January, whatever the hour in UTC."""
    return timezone.localdate(at, timezone.get_default_timezone()).replace(day=1)


def count_received(*, procedure_id: int, province_id: int, at: datetime) -> None:
    """Count one more dossier for the procedure in the local month of `at`. Call it inside the transaction that
    creates the dossier: the upsert is one statement (no lost update between two receptions), and a reception
    that fails takes its count back with it."""
    table = connection.ops.quote_name(ProcedureMonth._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (province_id, procedure_id, month, received) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (province_id, procedure_id, month) DO UPDATE SET received = {table}.received + 1",
            [province_id, procedure_id, month_of(at)],
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
    dossiers = Dossier.objects.filter(submitted_at__isnull=False)
    counters = ProcedureMonth.objects.all()
    if province_id is not None:
        dossiers = dossiers.filter(province_id=province_id)
        counters = counters.filter(province_id=province_id)
    local = timezone.get_default_timezone()
    rows = (
        dossiers.annotate(month=TruncMonth("submitted_at", tzinfo=local))
        .values_list("province_id", "procedure_id", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    # TruncMonth gives the local midnight of the month's first day, as an aware datetime.
    counts = [
        ProcedureMonth(province_id=province, procedure_id=procedure, month=month.astimezone(local).date(), received=n)
        for province, procedure, month, n in rows
    ]
    counters.delete()
    ProcedureMonth.objects.bulk_create(counts, batch_size=1000)
    return sum(c.received for c in counts)
