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
    quote = connection.ops.quote_name
    opts = model._meta
    table = quote(opts.db_table)
    key_columns = [quote(_column(model, name)) for name in key]
    column = quote(_column(model, field))
    columns = ", ".join([*key_columns, column])
    placeholders = ", ".join(["%s"] * (len(key) + 1))
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {column} = {table}.{column} + %s "
        f"RETURNING {column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*key.values(), by, by])
        return int(cursor.fetchone()[0])


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field.column
