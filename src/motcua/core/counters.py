"""One counter statement for every counter we keep: a single INSERT ... ON CONFLICT DO UPDATE ... RETURNING.

It creates the row or raises it and returns the new value in one statement, atomic on PostgreSQL and SQLite:
no read-then-write race, and the row stays locked until the caller's transaction ends, so a failed write gives
its number back. Used by the daily dossier and feedback codes, the statistics and the rate limiter.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def increment(model: type[models.Model], *, key: dict[str, Any], field: str, by: int = 1) -> int:
    """Add `by` to `field` of the row of `model` whose unique `key` columns hold these values (creating it at
    `by`), and return the new value. `key` must be exactly the columns of a unique constraint of the model."""
    return add(model, key=key, amounts={field: by})[0]


def add(model: type[models.Model], *, key: dict[str, Any], amounts: dict[str, int]) -> list[int]:
    """Add each of `amounts` to its column of the row of `model` with this unique `key` (creating the row with
    them, the other columns at their database default), in one statement; returns the new values in order."""
    sql = _upsert(connection.vendor, model, tuple(key), tuple(amounts), 1, returning=True)
    values = list(amounts.values())
    with connection.cursor() as cursor:
        cursor.execute(sql, [*key.values(), *values])
        return [int(v) for v in cursor.fetchone()]


def add_many(model: type[models.Model], rows: Sequence[tuple[dict[str, Any], dict[str, int]]]) -> None:
    """`add` for several rows of one table (the same key columns), in one statement. Rows with the same key are
    summed first: one statement may not touch a row twice."""
    if not rows:
        return
    key_names = tuple(rows[0][0])
    merged: dict[tuple[Any, ...], dict[str, int]] = {}
    for key, amounts in rows:
        into = merged.setdefault(tuple(key[name] for name in key_names), {})
        for name, n in amounts.items():
            into[name] = into.get(name, 0) + n
    names = tuple(sorted({name for amounts in merged.values() for name in amounts}))
    sql = _upsert(connection.vendor, model, key_names, names, len(merged), returning=False)
    params = [v for key, amounts in merged.items() for v in (*key, *(amounts.get(n, 0) for n in names))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@functools.lru_cache(maxsize=256)
def _upsert(
    vendor: str,
    model: type[models.Model],
    key: tuple[str, ...],
    amounts: tuple[str, ...],
    rows: int,
    *,
    returning: bool,
) -> str:
    """The statement, built once per shape (`vendor` keys the cache: the quoting is the connection's)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    key_columns = [quote(_column(model, name)) for name in key]
    columns = [quote(_column(model, name)) for name in amounts]
    row = f"({', '.join(['%s'] * (len(key) + len(amounts)))})"
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns)
    sql = (
        f"INSERT INTO {table} ({', '.join([*key_columns, *columns])}) VALUES {', '.join([row] * rows)} "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {updates}"
    )
    return sql + (f" RETURNING {', '.join(columns)}" if returning else "")


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field.column
