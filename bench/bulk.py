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

from django.db import connection

TEMPLATE = 30_000  # dossiers made by the Python generator before cloning
CHUNK = 500_000  # dossiers per INSERT ... SELECT
OPEN_SHARE = 0.01  # open dossiers: ~2-3 weeks of a province's intake
BUCKETS = 5  # years of history
BUCKET_DAYS = 371
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
        _restore_indexes(cursor)
        _make_template(cursor)
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
        cursor.execute(f"ANALYZE {', '.join(TABLES)}, dossiers_dailysequence")
        cursor.execute("SET TIME ZONE DEFAULT")
        cursor.execute("SELECT pg_database_size(current_database())")
        size_bytes = cursor.fetchone()[0]
    total = time.perf_counter() - started
    print(
        f"  bulk: {made:,} dossiers in {total:.0f} s ({made / total:,.0f}/s): load {loaded - started:.0f} s, "
        f"indexes {indexed - loaded:.0f} s, sequences and ANALYZE {total - (indexed - started):.0f} s; "
        f"database {size_bytes / 2**30:.1f} GiB"
    )
    return made


def _counts(cursor) -> tuple[int, int]:
    cursor.execute("SELECT COUNT(*), COUNT(*) FILTER (WHERE finished_at IS NULL) FROM dossiers_dossier")
    have, open_now = cursor.fetchone()
    return have, open_now


# --- the template ---------------------------------------------------------------------------------------------


def _make_template(cursor) -> None:
    """bench_template_dossier/_step: the generated dossiers (ids below the first clone's), numbered per kind
    (open, finished), with the parts of their code and their current step's number. Kept across runs."""
    cursor.execute("SELECT to_regclass('bench_template_dossier') IS NOT NULL")
    if cursor.fetchone()[0]:
        return
    cursor.execute(
        r"""
        CREATE UNLOGGED TABLE bench_template_dossier AS
        SELECT id, CASE WHEN finished_at IS NULL THEN 'open' ELSE 'finished' END AS kind,
               row_number() OVER (PARTITION BY finished_at IS NULL ORDER BY id) - 1 AS ord,
               substring(code FROM '^(.*)-\d{6}-\d+$') AS prefix,
               to_date(substring(code FROM '-(\d{6})-\d+$'), 'YYMMDD') AS day,
               substring(code FROM '(\d+)$')::int AS number
        FROM dossiers_dossier"""
    )
    cursor.execute("CREATE UNIQUE INDEX ON bench_template_dossier (id)")
    cursor.execute(
        """
        CREATE UNLOGGED TABLE bench_template_step AS
        SELECT s.id, s.dossier_id, d.kind,
               row_number() OVER (PARTITION BY d.kind ORDER BY s.id) - 1 AS ord
        FROM dossiers_dossierstep s JOIN bench_template_dossier d ON d.id = s.dossier_id"""
    )
    cursor.execute("CREATE UNIQUE INDEX ON bench_template_step (id)")
    cursor.execute("ALTER TABLE bench_template_dossier ADD COLUMN current_ord bigint")
    cursor.execute(
        """UPDATE bench_template_dossier t SET current_ord = s.ord FROM dossiers_dossier d, bench_template_step s
        WHERE d.id = t.id AND s.id = d.current_step_id"""
    )
    # Each bucket's next copy rank (bucket 0 starts at 1: rank 0 is the template itself).
    cursor.execute("CREATE TABLE bench_bulk_bucket (bucket int PRIMARY KEY, next_rank int NOT NULL)")
    cursor.execute(
        "INSERT INTO bench_bulk_bucket SELECT b, CASE WHEN b = 0 THEN 1 ELSE 0 END FROM generate_series(0, %s) b",
        [BUCKETS - 1],
    )
    cursor.execute("ANALYZE bench_template_dossier, bench_template_step")


# --- copying -----------------------------------------------------------------------------------------------------


def _copy(cursor, kind: str, wanted: int, started: float) -> int:
    """`wanted` copies of the template's `kind` dossiers, whole template copies then a part of one."""
    cursor.execute("SELECT COUNT(*), COALESCE(MAX(number), 0) FROM bench_template_dossier WHERE kind = %s", [kind])
    per_copy, _top = cursor.fetchone()
    cursor.execute("SELECT COALESCE(MAX(number), 0) FROM bench_template_dossier")
    step = cursor.fetchone()[0]
    cursor.execute("SELECT COUNT(*) FROM bench_template_step WHERE kind = %s", [kind])
    steps_per_copy = cursor.fetchone()[0]
    if not per_copy or wanted <= 0:
        return 0
    made = 0
    copies_per_chunk = max(1, CHUNK // per_copy)
    while made < wanted:
        copies = min(copies_per_chunk, -(-(wanted - made) // per_copy))
        limit = min(wanted - made, copies * per_copy)  # the last chunk takes the first `limit` of its copies
        # each copy: its bucket and its rank there (finished: round robin over the years; open: this year)
        cursor.execute("SELECT bucket, next_rank FROM bench_bulk_bucket ORDER BY bucket")
        ranks = dict(cursor.fetchall())
        slots = []
        for _ in range(copies):
            bucket = 0 if kind == "open" else min(ranks, key=lambda b: (ranks[b] - (b == 0), b))
            slots.append((bucket, ranks[bucket]))
            ranks[bucket] += 1
        for bucket, rank in ranks.items():
            cursor.execute("UPDATE bench_bulk_bucket SET next_rank = %s WHERE bucket = %s", [rank, bucket])
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute("CREATE TEMP TABLE bench_copy (c int PRIMARY KEY, shift int, rank int)")
        cursor.execute(
            "INSERT INTO bench_copy SELECT * FROM unnest(%s::int[], %s::int[], %s::int[])",
            [list(range(copies)), [b * BUCKET_DAYS for b, _r in slots], [r for _b, r in slots]],
        )
        dossier_base = _reserve(cursor, "dossiers_dossier", copies * per_copy)
        step_base = _reserve(cursor, "dossiers_dossierstep", copies * steps_per_copy)
        params = {
            "kind": kind,
            "n": per_copy,
            "ns": steps_per_copy,
            "db": dossier_base,
            "sb": step_base,
            "step": step,
            "limit": limit,
        }
        _insert_dossiers(cursor, params)
        _insert_children(cursor, params)
        made += limit
        print(f"  bulk: {kind} {made:,}/{wanted:,} ({time.perf_counter() - started:.0f} s)", flush=True)
    return made


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


def _insert_dossiers(cursor, p: dict) -> None:
    from motcua.dossiers.services.codes import SECRET_ALPHABET

    code = (
        "t.prefix || '-' || to_char(t.day - k.shift, 'YYMMDD') || '-' || "
        "lpad((t.number + %(step)s * k.rank)::text, 4, '0')"
    )
    secret = " || ".join([f"substr(%(alphabet)s, 1 + floor(random() * {len(SECRET_ALPHABET)})::int, 1)"] * 8)
    names, values = _shifted(
        _columns(cursor, "dossiers_dossier"),
        "d",
        {
            "id": "%(db)s + k.c * %(n)s + t.ord",
            "code": code,
            "lookup_secret": secret,
            "current_step_id": "%(sb)s + k.c * %(ns)s + t.current_ord",
            "search_text": f"lower({code}) || substr(d.search_text, length(d.code) + 1)",
        },
    )
    cursor.execute(
        f"""INSERT INTO dossiers_dossier ({names})
        SELECT {values} FROM bench_copy k CROSS JOIN bench_template_dossier t JOIN dossiers_dossier d ON d.id = t.id
        WHERE t.kind = %(kind)s AND k.c * %(n)s + t.ord < %(limit)s""",
        p | {"alphabet": SECRET_ALPHABET},
    )


def _insert_children(cursor, p: dict) -> None:
    """Steps (their ids reserved: the dossiers point at them), then events, documents and fees (ids by default)."""
    dossier = "%(db)s + k.c * %(n)s + t.ord"
    names, values = _shifted(
        _columns(cursor, "dossiers_dossierstep"), "x", {"id": "%(sb)s + k.c * %(ns)s + s.ord", "dossier_id": dossier}
    )
    cursor.execute(
        f"""INSERT INTO dossiers_dossierstep ({names})
        SELECT {values} FROM bench_copy k CROSS JOIN bench_template_step s
        JOIN bench_template_dossier t ON t.id = s.dossier_id JOIN dossiers_dossierstep x ON x.id = s.id
        WHERE s.kind = %(kind)s AND k.c * %(n)s + t.ord < %(limit)s""",
        p,
    )
    for table in ("dossiers_dossierevent", "dossiers_dossierdocument", "dossiers_dossierfee"):
        columns = [(n, k) for n, k in _columns(cursor, table) if n != "id"]
        names, values = _shifted(columns, "x", {"dossier_id": dossier})
        cursor.execute(
            f"""INSERT INTO {table} ({names})
            SELECT {values} FROM bench_copy k CROSS JOIN bench_template_dossier t JOIN {table} x ON x.dossier_id = t.id
            WHERE t.kind = %(kind)s AND k.c * %(n)s + t.ord < %(limit)s""",
            p,
        )


def _raise_sequences(cursor) -> None:
    """Each agency's daily sequence at least the largest number its copies took that day."""
    cursor.execute(
        """
        INSERT INTO dossiers_dailysequence (agency_id, day, last)
        SELECT q.agency_id, q.day - b.bucket * %s, q.last + t.step * (b.next_rank - 1)
        FROM dossiers_dailysequence q
        CROSS JOIN bench_bulk_bucket b
        CROSS JOIN (SELECT MAX(number) AS step FROM bench_template_dossier) t
        WHERE b.next_rank > 0 AND q.day >= (SELECT MIN(day) FROM bench_template_dossier)
        ON CONFLICT (agency_id, day) DO UPDATE SET last = GREATEST(dossiers_dailysequence.last, EXCLUDED.last)
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
        if kind == "constraint":
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        else:
            cursor.execute(f'DROP INDEX "{name}"')
    cursor.execute("SET session_replication_role = replica")


def _restore_indexes(cursor) -> None:
    cursor.execute("SET session_replication_role = DEFAULT")
    cursor.execute("SELECT to_regclass('bench_bulk_index') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return
    cursor.execute("SELECT position, tbl, name, kind, def FROM bench_bulk_index ORDER BY position")
    for position, table, name, kind, definition in cursor.fetchall():
        if kind == "constraint":
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        else:
            cursor.execute(definition)
        cursor.execute("DELETE FROM bench_bulk_index WHERE position = %s", [position])
