"""Millions of dossiers on PostgreSQL in minutes: clones of a generated template, written with set-based SQL.

The demo's history generator replays every dossier in Python (200-340 dossiers/s: ~10 hours for 10 M). Here it
makes a template (a year of the province, `TEMPLATE` dossiers with their steps, and documents, fees and events
for one in ten), and `grow_to` copies it with `INSERT ... SELECT` from the template joined with
`generate_series` (one statement per table per chunk of ~`CHUNK` dossiers):

* finished dossiers are copied into five yearly buckets: bucket b moves every time back by b x 371 days (53
  weeks: weekdays stay weekdays, and the buckets' days never overlap), so history spreads over ~5 years;
* open dossiers are copied unchanged in time (bucket 0) until `OPEN_SHARE` of all dossiers are open, the
  backlog of a province that receives this many a year;
* codes keep the app's format <agency>-<YYMMDD>-<NNNN>: the day is the moved day, the number the template's
  plus `step` x the copy's rank in its bucket (`step` = the template's largest daily number), so codes are
  unique; the agencies' daily sequences are raised to the numbers taken (a reception today continues after them);
* ids come from the tables' sequences (reserved by setval), so steps, events, documents and fees point at their
  own dossier's copy and each dossier's current_step at its own copy of the step.

Applicants are the template's (a copy is the same person coming again); look-up secrets are drawn anew.
During the load the tables' secondary indexes and unique constraints are dropped and the foreign-key triggers
skipped (session_replication_role = replica): both are put back before `grow_to` returns (the definitions are
kept in the table bench_bulk_index first, so a run killed half-way restores them on the next run), then ANALYZE.
"""

from __future__ import annotations

import time

from django.db import connection, transaction

TEMPLATE = 30_000  # dossiers made by the Python generator before cloning
CHUNK = 500_000  # dossiers per INSERT ... SELECT
OPEN_SHARE = 0.01  # open dossiers: ~2-3 weeks of a province's intake
BUCKETS = 5  # years of history
BUCKET_DAYS = 371
TIMES: dict[str, float] = {}  # seconds spent writing each table
TABLES = (
    "dossiers_dossier",
    "dossiers_dossierstep",
    "dossiers_dossierevent",
    "dossiers_dossierdocument",
    "dossiers_dossierfee",
)


def clone_to(size: int) -> int:
    """Copies template dossiers until the database holds `size` dossiers; returns how many were made."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")  # whole days in UTC = whole local days (Vietnam has no DST)
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET max_parallel_maintenance_workers = 2")
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET statement_timeout = 0")  # the app's 30 s would cancel a chunk or an index build
        _restore_indexes(cursor)
        _make_template(cursor)
        _skip_taken_numbers(cursor)
        have, open_now = _counts(cursor)
        if have >= size:
            return 0
        open_wanted = max(0, min(size - have, round(size * OPEN_SHARE) - open_now))
        plan = [("open", open_wanted), ("finished", size - have - open_wanted)]
        _drop_indexes(cursor)
        made = 0
        for kind, wanted in plan:
            made += _copy(cursor, kind, wanted, started)
        loaded = time.perf_counter()
        print(f"  bulk: {made:,} dossiers written in {loaded - started:.0f} s; indexes and constraints", flush=True)
        _restore_indexes(cursor)
        indexed = time.perf_counter()
        _raise_sequences(cursor)
        # As autovacuum would after a load: statistics, and the visibility map that index-only scans need.
        cursor.execute(f"VACUUM ANALYZE {', '.join(TABLES)}, dossiers_dailysequence")
        for setting in ("TIME ZONE", "statement_timeout", "synchronous_commit"):
            cursor.execute(f"RESET {setting}")
        cursor.execute("SELECT pg_database_size(current_database())")
        size_bytes = cursor.fetchone()[0]
    total = time.perf_counter() - started
    print(
        f"  bulk: {made:,} dossiers in {total:.0f} s ({made / total:,.0f}/s): load {loaded - started:.0f} s, "
        f"indexes {indexed - loaded:.0f} s, sequences and ANALYZE {total - (indexed - started):.0f} s; "
        f"database {size_bytes / 2**30:.1f} GiB"
    )
    print(
        "  bulk: writing, seconds per table: "
        + ", ".join(f"{t.removeprefix('dossiers_')} {s:.0f}" for t, s in TIMES.items())
    )
    return made


def _counts(cursor) -> tuple[int, int]:
    cursor.execute("SELECT COUNT(*), COUNT(*) FILTER (WHERE finished_at IS NULL) FROM dossiers_dossier")
    have, open_now = cursor.fetchone()
    return have, open_now


# --- the template ---------------------------------------------------------------------------------------------


def _make_template(cursor) -> None:
    """bench_t_<table>: copies of the generated dossiers and their rows (read by every chunk, so the load never
    reads the growing tables), numbered per kind (open, finished): t_ord a dossier's number, t_dord the number
    of the dossier a row belongs to, t_current the number of a dossier's current step. Kept across runs."""
    cursor.execute("SELECT to_regclass('bench_t_dossier') IS NOT NULL")
    if cursor.fetchone()[0]:
        return
    cursor.execute(
        r"""
        CREATE UNLOGGED TABLE bench_t_dossier AS
        SELECT d.*, CASE WHEN d.finished_at IS NULL THEN 'open' ELSE 'finished' END AS t_kind,
               row_number() OVER (PARTITION BY d.finished_at IS NULL ORDER BY d.id) - 1 AS t_ord,
               row_number() OVER (PARTITION BY d.finished_at IS NULL ORDER BY d.id) - 1 AS t_dord,
               substring(d.code FROM '^(.*)-\d{6}-\d+$') AS t_prefix,
               to_date(substring(d.code FROM '-(\d{6})-\d+$'), 'YYMMDD') AS t_day,
               substring(d.code FROM '(\d+)$')::int AS t_number,
               NULL::bigint AS t_current
        FROM dossiers_dossier d"""
    )
    cursor.execute("CREATE UNIQUE INDEX ON bench_t_dossier (id)")
    cursor.execute(
        """
        CREATE UNLOGGED TABLE bench_t_dossierstep AS
        SELECT s.*, d.t_kind, d.t_dord, row_number() OVER (PARTITION BY d.t_kind ORDER BY s.id) - 1 AS t_ord
        FROM dossiers_dossierstep s JOIN bench_t_dossier d ON d.id = s.dossier_id"""
    )
    cursor.execute(
        """UPDATE bench_t_dossier d SET t_current = s.t_ord FROM bench_t_dossierstep s
        WHERE s.id = d.current_step_id"""
    )
    for table in ("dossiers_dossierevent", "dossiers_dossierdocument", "dossiers_dossierfee"):
        short = table.removeprefix("dossiers_")
        cursor.execute(
            f"""CREATE UNLOGGED TABLE bench_t_{short} AS SELECT x.*, d.t_kind, d.t_dord
            FROM {table} x JOIN bench_t_dossier d ON d.id = x.dossier_id"""
        )
    # Each bucket's next copy rank (bucket 0 starts at 1: rank 0 is the template itself), and how many copies of
    # finished dossiers it holds (they are spread evenly over the years, whatever the open copies in bucket 0).
    cursor.execute(
        "CREATE TABLE bench_bulk_bucket (bucket int PRIMARY KEY, next_rank int NOT NULL, finished int DEFAULT 0)"
    )
    cursor.execute(
        "INSERT INTO bench_bulk_bucket SELECT b, CASE WHEN b = 0 THEN 1 ELSE 0 END FROM generate_series(0, %s) b",
        [BUCKETS - 1],
    )
    cursor.execute("ANALYZE " + ", ".join(f"bench_t_{t.removeprefix('dossiers_')}" for t in TABLES))


def _skip_taken_numbers(cursor) -> None:
    """Each bucket's next rank past the numbers already taken on its days: receptions made after a load (the
    reception bench, a person trying the desk) continue the daily sequences into the numbers the next copy rank
    would take (rank r writes t_number + step x r, t_number in 1..step)."""
    cursor.execute(
        """
        UPDATE bench_bulk_bucket b SET next_rank = GREATEST(b.next_rank, (
            SELECT COALESCE(CEIL(MAX(q.last)::numeric / t.step), 0) FROM dossiers_dailysequence q
            WHERE q.day BETWEEN t.first_day - b.bucket * %(days)s AND t.last_day - b.bucket * %(days)s))
        FROM (SELECT MAX(t_number) AS step, MIN(t_day) AS first_day, MAX(t_day) AS last_day FROM bench_t_dossier) t
        """,
        {"days": BUCKET_DAYS},
    )


# --- copying -----------------------------------------------------------------------------------------------------


def _copy(cursor, kind: str, wanted: int, started: float) -> int:
    """`wanted` copies of the template's `kind` dossiers, whole template copies then a part of one."""
    cursor.execute("SELECT COUNT(*) FROM bench_t_dossier WHERE t_kind = %s", [kind])
    per_copy = cursor.fetchone()[0]
    cursor.execute("SELECT COALESCE(MAX(t_number), 0) FROM bench_t_dossier")
    step = cursor.fetchone()[0]
    cursor.execute("SELECT COUNT(*) FROM bench_t_dossierstep WHERE t_kind = %s", [kind])
    steps_per_copy = cursor.fetchone()[0]
    if not per_copy or wanted <= 0:
        return 0
    made = 0
    copies_per_chunk = max(1, CHUNK // per_copy)
    while made < wanted:
        copies = min(copies_per_chunk, -(-(wanted - made) // per_copy))
        limit = min(wanted - made, copies * per_copy)  # the last chunk takes the first `limit` of its copies
        with transaction.atomic():  # a chunk is written whole or not at all, its buckets' ranks with it
            _chunk(cursor, kind, copies, per_copy, steps_per_copy, step, limit)
        made += limit
        print(f"  bulk: {kind} {made:,}/{wanted:,} ({time.perf_counter() - started:.0f} s)", flush=True)
    return made


def _chunk(cursor, kind: str, copies: int, per_copy: int, steps_per_copy: int, step: int, limit: int) -> None:
    """One chunk: `copies` copies (the last maybe cut at `limit` dossiers), each in its bucket at its rank."""
    cursor.execute("SELECT bucket, next_rank, finished FROM bench_bulk_bucket ORDER BY bucket")
    rows = cursor.fetchall()
    ranks, finished = {b: r for b, r, _f in rows}, {b: f for b, _r, f in rows}
    slots = []
    for _ in range(copies):  # open: this year; finished: round robin over the years
        bucket = 0 if kind == "open" else min(finished, key=lambda b: (finished[b], b))
        slots.append((bucket, ranks[bucket]))
        ranks[bucket] += 1
        finished[bucket] += kind == "finished"
    for bucket, rank in ranks.items():
        cursor.execute(
            "UPDATE bench_bulk_bucket SET next_rank = %s, finished = %s WHERE bucket = %s",
            [rank, finished[bucket], bucket],
        )
    cursor.execute("DROP TABLE IF EXISTS bench_copy")
    cursor.execute("CREATE TEMP TABLE bench_copy (c int PRIMARY KEY, shift int, rank int)")
    cursor.execute(
        "INSERT INTO bench_copy SELECT * FROM unnest(%s::int[], %s::int[], %s::int[])",
        [list(range(copies)), [b * BUCKET_DAYS for b, _r in slots], [r for _b, r in slots]],
    )
    params = {
        "kind": kind,
        "n": per_copy,
        "ns": steps_per_copy,
        "db": _reserve(cursor, "dossiers_dossier", copies * per_copy),
        "sb": _reserve(cursor, "dossiers_dossierstep", copies * steps_per_copy),
        "step": step,
        "limit": limit,
    }
    for table in TABLES:
        at = time.perf_counter()
        _insert(cursor, table, params)
        TIMES[table] = TIMES.get(table, 0.0) + time.perf_counter() - at


def _reserve(cursor, table: str, n: int) -> int:
    """The first of `n` consecutive ids nobody else will take (the sequence moved past them)."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute(
        "SELECT setval(%s, GREATEST((SELECT COALESCE(MAX(id), 0) FROM " + table + "), "
        "(SELECT last_value FROM " + sequence + ")) + %s)",
        [sequence, n],
    )
    return cursor.fetchone()[0] - n + 1


def _columns(cursor, table: str) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return cursor.fetchall()


def _shifted(columns: list[tuple[str, str]], alias: str, overrides: dict[str, str]) -> tuple[str, str]:
    """The column list and the SELECT list copying a row: times moved back by the copy's shift, some replaced."""
    names, values = [], []
    for name, kind in columns:
        names.append(name)
        if name in overrides:
            values.append(overrides[name])
        elif kind.startswith("timestamp"):
            values.append(f"{alias}.{name} - make_interval(days => k.shift)")
        else:
            values.append(f"{alias}.{name}")
    return ", ".join(names), ", ".join(values)


def _insert(cursor, table: str, p: dict) -> None:
    """One chunk's copies of a table's template rows: ids and links moved to the copy's, times moved back."""
    from motcua.dossiers.services.codes import SECRET_ALPHABET

    dossier = "%(db)s + k.c * %(n)s + x.t_dord"
    if table == "dossiers_dossier":
        code = (
            "x.t_prefix || '-' || to_char(x.t_day - k.shift, 'YYMMDD') || '-' || "
            # 4 digits or more, as the app writes them (lpad alone would cut a fifth digit)
            "lpad((x.t_number + %(step)s * k.rank)::text, "
            "GREATEST(4, length((x.t_number + %(step)s * k.rank)::text)), '0')"
        )
        secret = " || ".join([f"substr(%(alphabet)s, 1 + floor(random() * {len(SECRET_ALPHABET)})::int, 1)"] * 8)
        overrides = {
            "id": dossier,
            "code": code,
            "lookup_secret": secret,
            "current_step_id": "%(sb)s + k.c * %(ns)s + x.t_current",
            "search_text": f"lower({code}) || substr(x.search_text, length(x.code) + 1)",
        }
    elif table == "dossiers_dossierstep":
        overrides = {"id": "%(sb)s + k.c * %(ns)s + x.t_ord", "dossier_id": dossier}
    else:
        overrides = {"dossier_id": dossier}
    columns = [(n, k) for n, k in _columns(cursor, table) if n != "id" or "id" in overrides]
    names, values = _shifted(columns, "x", overrides)
    cursor.execute(
        f"""INSERT INTO {table} ({names}) SELECT {values}
        FROM bench_copy k CROSS JOIN bench_t_{table.removeprefix("dossiers_")} x
        WHERE x.t_kind = %(kind)s AND k.c * %(n)s + x.t_dord < %(limit)s""",
        p | {"alphabet": SECRET_ALPHABET},
    )


def _raise_sequences(cursor) -> None:
    """Each agency's daily sequence at least the largest number its copies took that day."""
    cursor.execute(
        """
        INSERT INTO dossiers_dailysequence (agency_id, province_id, day, last)
        SELECT q.agency_id, q.province_id, q.day - b.bucket * %s, q.last + t.step * (b.next_rank - 1)
        FROM dossiers_dailysequence q
        CROSS JOIN bench_bulk_bucket b
        CROSS JOIN (SELECT MAX(t_number) AS step FROM bench_t_dossier) t
        WHERE b.next_rank > 0 AND q.day >= (SELECT MIN(t_day) FROM bench_t_dossier)
        ON CONFLICT (agency_id, day, province_id)
        DO UPDATE SET last = GREATEST(dossiers_dailysequence.last, EXCLUDED.last)
        """,
        [BUCKET_DAYS],
    )


# --- indexes -----------------------------------------------------------------------------------------------------


def _drop_indexes(cursor) -> None:
    """Secondary indexes and unique constraints off for the load (kept in bench_bulk_index), foreign-key
    triggers skipped for this session: writing 10 M rows through ~15 indexes each is the slow part."""
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS bench_bulk_index (position serial, tbl text, name text, kind text, def text)"
    )
    cursor.execute(
        """
        INSERT INTO bench_bulk_index (tbl, name, kind, def)
        SELECT c.conrelid::regclass::text, c.conname, 'foreign', pg_get_constraintdef(c.oid)
        FROM pg_constraint c WHERE c.contype = 'f' AND c.conname LIKE '%%province_fk'
        AND c.confrelid::regclass::text = ANY(%(tables)s)
        UNION ALL
        SELECT c.conrelid::regclass::text, c.conname, 'constraint', pg_get_constraintdef(c.oid)
        FROM pg_constraint c WHERE c.contype = 'u' AND c.conrelid::regclass::text = ANY(%(tables)s)
        UNION ALL
        SELECT i.tablename, i.indexname, 'index', i.indexdef FROM pg_indexes i
        WHERE i.tablename = ANY(%(tables)s) AND i.schemaname = 'public' AND NOT EXISTS (
            SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)
        """,
        {"tables": list(TABLES)},
    )
    cursor.execute("SELECT tbl, name, kind FROM bench_bulk_index ORDER BY position")
    for table, name, kind in cursor.fetchall():
        if kind in ("constraint", "foreign"):  # the composite keys to the province first: they use the unique keys
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        else:
            cursor.execute(f'DROP INDEX "{name}"')
    cursor.execute("SET session_replication_role = replica")


def _restore_indexes(cursor) -> None:
    cursor.execute("SET session_replication_role = DEFAULT")
    cursor.execute("SELECT to_regclass('bench_bulk_index') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return
    # The composite keys to the province last: they need the unique keys they point to.
    cursor.execute("SELECT position, tbl, name, kind, def FROM bench_bulk_index ORDER BY kind = 'foreign', position")
    for position, table, name, kind, definition in cursor.fetchall():
        if kind in ("constraint", "foreign"):
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        else:
            cursor.execute(definition)
        cursor.execute("DELETE FROM bench_bulk_index WHERE position = %s", [position])
