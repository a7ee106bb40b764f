"""The rebuild's adding up, done by the database: every source (arrivals, endings, history rows, appointments) is
grouped by local day and the figures' keys in SQL and inserted into a temporary table, which one GROUP BY then
turns into the day rows and another into the month rows. Python only sees what SQL cannot compute (working time
on the calendar). A million dossiers are never read into Python one by one."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce

from motcua.core.dates import local_date
from motcua.stats import rules
from motcua.stats.models import DayFigures, MonthFigures

TABLE = "stats_recount"
KEYS = ("day", "province_id", "agency_id", "centre_key", "procedure_id", "field_key", "channel")
MONTH_KEYS = ("province_id", "agency_id", "field_key", "channel")


class Recount:
    """A temporary table of (day, keys, figures) rows, summed into DayFigures and MonthFigures by `save`."""

    def __init__(self, first: date, last: date) -> None:
        self.first, self.last = first, last
        q = connection.ops.quote_name
        figures = ", ".join(f"{q(c)} bigint NOT NULL DEFAULT 0" for c in rules.COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {TABLE} (day date NOT NULL, province_id bigint NOT NULL, "
                f"agency_id bigint NOT NULL, centre_key bigint NOT NULL, procedure_id bigint NOT NULL, "
                f"field_key bigint NOT NULL, channel varchar(8) NOT NULL, {figures})"
            )

    def keyed(self, rows: QuerySet[Any], day: Any, *, via: str = "") -> QuerySet[Any]:
        """`rows` (dossiers, or rows that reach their dossier `via` a relation, e.g. "dossier__") with the
        figures' keys, the local `day` expression in the period, ready to be grouped."""
        keyed: QuerySet[Any] = (
            rows.annotate(
                k_day=day,
                k_province=F(f"{via}province_id"),
                k_agency=F(f"{via}agency_id"),
                k_centre=Coalesce(F(f"{via}centre_id"), Value(0)),
                k_procedure=F(f"{via}procedure_id"),
                k_field=Coalesce(F(f"{via}procedure_version__field_id"), Value(0)),
                k_channel=F(f"{via}channel"),
            )
            .filter(k_day__gte=self.first, k_day__lte=self.last)
            .values("k_day", "k_province", "k_agency", "k_centre", "k_procedure", "k_field", "k_channel")
        )
        return keyed

    def add_grouped(self, rows: QuerySet[Any], column: str, figures: dict[str, Any], *, via: str = "") -> None:
        """Group `rows` by the local day of `column` (a datetime column) and the keys, and add these figures."""
        self.add_query(self.keyed(rows, local_date(column), via=via), figures)

    def add_query(self, keyed: QuerySet[Any], figures: dict[str, Any]) -> None:
        """Add the figures of rows already `keyed`, grouped in SQL."""
        grouped = keyed.annotate(**{f"m_{name}": value for name, value in figures.items()}).order_by()
        inner, params = grouped.query.sql_with_params()
        q = connection.ops.quote_name
        keys = ", ".join(q(k) for k in ("k_day", "k_province", "k_agency", "k_centre", "k_procedure", "k_field"))
        chosen = ", ".join(q(f"m_{name}") for name in figures)
        columns = ", ".join(q(c) for c in (*KEYS, *figures))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TABLE} ({columns}) SELECT {keys}, {q('k_channel')}, {chosen} FROM ({inner}) sub",
                params,
            )

    def add_rows(self, rows: list[tuple[Any, ...]], figure: str) -> None:
        """Add rows (day, province, agency, centre, procedure, field, channel, amount) computed in Python."""
        q = connection.ops.quote_name
        columns = ", ".join(q(c) for c in (*KEYS, figure))
        sql = f"INSERT INTO {TABLE} ({columns}) VALUES ({', '.join(['%s'] * (len(KEYS) + 1))})"
        kept = [r for r in rows if self.first <= r[0] <= self.last and r[-1]]
        with connection.cursor() as cursor:
            for at in range(0, len(kept), 5000):
                cursor.executemany(sql, kept[at : at + 5000])

    def save(self) -> None:
        """Sum the table into the day rows and the month rows (any row with a figure), then drop it."""
        q = connection.ops.quote_name
        sums = ", ".join(f"SUM({q(c)})" for c in rules.COLUMNS)
        some = " OR ".join(f"SUM({q(c)}) <> 0" for c in rules.COLUMNS)
        figures = ", ".join(q(c) for c in rules.COLUMNS)
        day_keys = ", ".join(q(k) for k in KEYS)
        month_keys = ", ".join(q(k) for k in MONTH_KEYS)
        month = (
            f"date({q('day')}, 'start of month')"
            if connection.vendor == "sqlite"
            else f"CAST(date_trunc('month', {q('day')}) AS date)"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {q(DayFigures._meta.db_table)} ({day_keys}, {figures}) "
                f"SELECT {day_keys}, {sums} FROM {TABLE} GROUP BY {day_keys} HAVING {some}"
            )
            cursor.execute(
                f"INSERT INTO {q(MonthFigures._meta.db_table)} ({q('month')}, {month_keys}, {figures}) "
                f"SELECT {month}, {month_keys}, {sums} FROM {TABLE} GROUP BY {month}, {month_keys} HAVING {some}"
            )
            cursor.execute(f"DROP TABLE {TABLE}")
