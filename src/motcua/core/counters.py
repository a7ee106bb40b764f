"""One counter statement for every counter we keep: a single INSERT ... ON CONFLICT DO UPDATE ... RETURNING.

It creates the row or raises it and returns the new value in one statement, atomic on PostgreSQL and SQLite:
no read-then-write race, and the row stays locked until the caller's transaction ends, so a failed write gives
its number back. Used by the daily dossier and feedback codes, the statistics and the rate limiter.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models


def increment(model: type[models.Model], *, key: dict[str, Any], field: str, by: int = 1) -> int:
    """Add `by` to `field` of the row of `model` whose unique `key` columns hold these values (creating it at
    `by`), and return the new value. `key` must be exactly the columns of a unique constraint of the model."""
    return add(model, key=key, amounts={field: by})[0]


def add(model: type[models.Model], *, key: dict[str, Any], amounts: dict[str, int]) -> list[int]:
    """Add each of `amounts` to its column of the row of `model` with this unique `key` (creating the row with
    them, the other columns at their database default), in one statement; returns the new values in order."""
    quote = connection.ops.quote_name
    opts = model._meta
    table = quote(opts.db_table)
    key_columns = [quote(_column(model, name)) for name in key]
    columns = [quote(_column(model, name)) for name in amounts]
    placeholders = ", ".join(["%s"] * (len(key) + len(amounts)))
    updates = ", ".join(f"{c} = {table}.{c} + %s" for c in columns)
    sql = (
        f"INSERT INTO {table} ({', '.join([*key_columns, *columns])}) VALUES ({placeholders}) "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {updates} "
        f"RETURNING {', '.join(columns)}"
    )
    values = list(amounts.values())
    with connection.cursor() as cursor:
        cursor.execute(sql, [*key.values(), *values, *values])
        return [int(v) for v in cursor.fetchone()]


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field.column
