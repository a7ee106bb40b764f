"""Dossier benchmarks: reception through the services, and reading dossiers with a million in the database.

Ceilings: reception (by 1 client, then by 8 at once on PostgreSQL, each a counter officer) is compared with raw
SQL inserting the same rows (day's number, applicant, dossier, steps, documents, fee, event, the applicant's SMS)
by as many clients, one transaction per reception as receptions happen, one statement per table (multi-row
VALUES), prepared by the driver on PostgreSQL. The API reads with a bare endpoint
(/healthz) through the same client. The million dossiers come from the demo's history generator (a year of a big
province: ~2,700 dossiers a working day), with full documents, fees and events for one dossier in ten.
"""

from __future__ import annotations

import itertools
import random
import statistics
import time
from collections.abc import Sequence

import psycopg
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench import bulk
from bench.threads import per_second
from motcua.catalog.models import AgencyProcedure, ChannelFee, RequiredDocument
from motcua.core.models import RoleAssignment, User
from motcua.core.services import issue_api_token, upsert_staff
from motcua.demo.build import build_demo
from motcua.demo.history import generate_history
from motcua.dossiers import services
from motcua.dossiers.models import DailySequence, Dossier, DossierEvent

DEFAULT_SIZE = 1_000_000
RECEPTIONS = 1_000  # per run, whatever the number of clients
THREADS = 8
REQUESTS = 200
HISTORY_EVERY = 10  # full documents, fees and history for one dossier in ten (all have their steps)
AGENCY = "000.00.03.H99"  # Sở Tư pháp: a department with many procedures and dossiers
SPECIALIST, SUPERVISOR, OFFICER = "tuphap.chuyenvien", "giamsat", "motcua"
# Written by a reception, in insertion order (the ceiling inserts them back in this order).
TABLES = [
    "dossiers_applicant",
    "dossiers_dossier",
    "dossiers_dossierstep",
    "dossiers_dossierdocument",
    "dossiers_dossierfee",
    "dossiers_dossierevent",
    "notifications_message",  # the applicant's "received" SMS, queued once the reception commits
    "queue_ticketrecord",  # the officer's called ticket records the dossier it became, once the reception commits
]
_serial = itertools.count(1)  # the benchmark's applicants: a new ID number for each reception


def run(size: int = DEFAULT_SIZE) -> None:
    _demo()
    procedure = _procedure()
    _reception(procedure, "empty database")
    _report_growth(size)
    _reception(procedure, f"{Dossier.objects.count():,} dossiers")
    _reads()


# --- setup ---------------------------------------------------------------------------------------------------


def grow_to(size: int) -> int:
    """The bench database holds at least `size` dossiers (the demo province first, then the generated history,
    not timed); how many were generated now. On PostgreSQL beyond `bulk.TEMPLATE` dossiers, the generator makes
    that many and bench/bulk.py clones them up to `size` (the generator alone would take hours for 10 M)."""
    have = Dossier.objects.count()
    if have >= size:
        return 0
    if not User.objects.filter(username="giamsat").exists():
        _demo()
    started = time.perf_counter()
    template = bulk.TEMPLATE if connection.vendor == "postgresql" and size > bulk.TEMPLATE else size
    made = 0
    if have < template:
        made = generate_history(count=template - have, history_every=HISTORY_EVERY, scans=False)
        print(f"build: {made:,} dossiers by the history generator in {time.perf_counter() - started:.0f} s")
    if size > template:  # PostgreSQL: the rest cloned from those with set-based SQL (bench/bulk.py)
        made += bulk.clone_to(size)
    return made


def _demo() -> None:
    """The demo province with the real catalog when present (not timed). Staff passwords are hashed with a fast
    hasher: Argon2 for ~50 accounts would only slow the setup, and tokens do not use it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    started = time.perf_counter()
    result = build_demo()
    print(f"setup: demo province, catalog from {result.catalog_source} ({time.perf_counter() - started:.1f} s)")


def _procedure() -> tuple[str, list[services.DocumentInput], services.FeeInput]:
    """A Justice procedure received at the counter with a limit in working days, its first 3 documents and a fee."""
    links = AgencyProcedure.objects.filter(agency__code=AGENCY, procedure__published_version__isnull=False)
    for link in links.select_related("procedure__published_version").order_by("procedure__code"):
        version = link.procedure.published_version
        counter = version.channels.filter(channel="counter", deadline_unit="working_day", deadline_amount__gt=0).first()
        documents = list(RequiredDocument.objects.filter(version=version).order_by("position")[:3])
        fee = ChannelFee.objects.filter(channel=counter, amount__gt=0).first() if counter else None
        if counter and len(documents) == 3 and fee:
            print(
                f"reception: procedure {link.procedure.code} ({counter.deadline_amount:g} working days), "
                "3 documents, 1 fee, the default 4-step process"
            )
            inputs = [
                services.DocumentInput(name=d.name, originals=d.originals or 1, copies=d.copies or 0) for d in documents
            ]
            label = fee.label[:255] or "Lệ phí"
            return link.procedure.code, inputs, services.FeeInput(label=label, amount=fee.amount, method="cash")
    raise RuntimeError(f"no procedure of {AGENCY} has a counter limit in working days, 3 documents and a fee")


# --- reception -----------------------------------------------------------------------------------------------


def _reception(procedure: tuple, label: str) -> None:
    """RECEPTIONS receptions by 1 client, then by THREADS at once on PostgreSQL (SQLite runs one writing
    transaction at a time), each client a counter officer of its own; each run beside its raw-SQL ceiling."""
    code, documents, fee = procedure
    officers = _officers()
    statements = _statements(officers[0], code, documents, fee)
    print(f"  {label}: {statements} statements per reception, the deliveries after its commit included")
    for threads in [1, THREADS] if connection.vendor == "postgresql" else [1]:
        first = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        applicants = [_applicant() for _ in range(RECEPTIONS)]
        timings: list[float] = []

        def receive(i: int, chunk: Sequence[services.ApplicantInput]) -> list[float]:
            return [_timed(lambda a=applicant: _receive(officers[i], code, documents, fee, a)) for applicant in chunk]

        # Clients are processes, as a server's workers are (threads would hold the service's Python to one core).
        service = per_second(threads, applicants, receive, processes=True, collected=timings)
        ceiling = _raw_reinsert(first, threads)
        clients = f"{threads} client{'s' if threads > 1 else ' '}"
        print(
            f"  {clients}  service {service:5.0f}/s (p50 {_pct(timings, 50):6.2f} ms, p95 {_pct(timings, 95):6.2f} ms)"
            f"   ceiling, raw SQL one transaction per reception: {ceiling:5.0f}/s   ratio {service / ceiling:4.0%}"
        )
    print("  target: service >= 300/s with 8 clients and >= 25% of the ceiling")


def _officers() -> list[User]:
    """The demo's counter officer and THREADS - 1 more with the same roles (each client is one officer)."""
    first = User.objects.get(username=OFFICER)
    roles = list(RoleAssignment.objects.filter(user=first))
    officers = [first]
    for i in range(1, THREADS):
        officer = upsert_staff(username=f"bench.{OFFICER}{i}", full_name=f"Một cửa {i}", password="bench-only")
        for role in roles:
            RoleAssignment.objects.get_or_create(
                user=officer,
                role=role.role,
                agency=role.agency,
                defaults={"counter": role.counter, "include_subtree": role.include_subtree},
            )
        officers.append(officer)
    return officers


def _applicant() -> services.ApplicantInput:
    n = next(_serial)
    return services.ApplicantInput(
        name=f"Nguyễn Văn Thử {n}", id_number=f"0990{n:08d}", phone="0912345678", address="Phường Hòa An, tỉnh Hòa An"
    )


def _receive(officer: User, code: str, documents: list, fee: services.FeeInput, applicant: services.ApplicantInput):
    return services.receive_dossier(
        officer=officer,
        procedure_code=code,
        channel="counter",
        agency_code=AGENCY,
        applicant=applicant,
        documents=documents,
        fees=[fee],
    )


def _statements(officer: User, code: str, documents: list, fee: services.FeeInput) -> int:
    """Statements one reception sends (after one to fill the caches), BEGIN and COMMIT included."""
    _receive(officer, code, documents, fee, _applicant())
    with CaptureQueriesContext(connection) as sent:
        _receive(officer, code, documents, fee, _applicant())
    return len(sent.captured_queries) + 2  # the BEGIN and COMMIT of atomic() are not captured


def _raw_reinsert(after_pk: int, threads: int) -> float:
    """Read back every row the receptions wrote, delete them, and time writing them again with raw SQL as
    receptions: one transaction each with the day's number taken by an upsert, as the service does, and one
    statement per table (multi-row VALUES), prepared on PostgreSQL; by `threads` clients at once. Returns
    receptions per second."""
    ids = list(Dossier.objects.filter(pk__gt=after_pk).order_by("pk").values_list("pk", flat=True))
    applicants = list(Dossier.objects.filter(pk__in=ids).order_by("pk").values_list("applicant_id", flat=True))
    keys = {"dossiers_applicant": ("id", applicants), "dossiers_dossier": ("id", ids)}
    data = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            column, values = keys.get(table, ("dossier_id", ids))
            cursor.execute(f"SELECT * FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(values))})", values)
            columns = [c[0] for c in cursor.description]
            data[table] = (column, values, columns, cursor.fetchall())
        sequence = DailySequence.objects.get(agency__code=AGENCY, day=timezone.localdate())
    # the rows of each dossier, in the order the service writes them
    by_dossier: dict[int, dict[str, list]] = {pk: {t: [] for t in TABLES} for pk in ids}
    owner = dict(zip(applicants, ids, strict=True))
    for table in TABLES:
        column, _values, columns, rows = data[table]
        at = columns.index(column)
        for row in rows:
            key = owner[row[at]] if table == "dossiers_applicant" else row[at]
            by_dossier[key][table].append(row)
    with transaction.atomic(), connection.cursor() as cursor:
        for table in reversed(TABLES):
            column, values, _columns, _rows = data[table]
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(values))})", values)
    DailySequence.objects.filter(pk=sequence.pk).update(last=sequence.last - len(ids))
    upsert = (
        "INSERT INTO dossiers_dailysequence (agency_id, day, province_id, last) VALUES (%s, %s, %s, 1) "
        "ON CONFLICT (agency_id, day, province_id) DO UPDATE SET last = dossiers_dailysequence.last + 1 RETURNING last"
    )

    def insert(table: str, rows: int) -> str:
        columns = data[table][2]
        values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * rows)
        return f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values}"

    def work(_i: int, chunk: Sequence[int]) -> None:
        connection.ensure_connection()
        if connection.vendor == "postgresql":  # a server-side binding cursor: Django's binds on the client
            raw = connection.connection
            with psycopg.Cursor(raw) as cursor:
                for pk in chunk:
                    with raw.transaction():
                        _reception_rows(cursor, upsert, sequence, by_dossier[pk], insert, prepare=True)
        else:
            for pk in chunk:
                with transaction.atomic(), connection.cursor() as cursor:
                    _reception_rows(cursor, upsert, sequence, by_dossier[pk], insert, prepare=False)

    return per_second(threads, ids, work, processes=True)


def _reception_rows(cursor, upsert: str, sequence: DailySequence, rows: dict, insert, *, prepare: bool) -> None:
    options = {"prepare": True} if prepare else {}
    cursor.execute(upsert, [sequence.agency_id, sequence.day, sequence.province_id], **options)
    cursor.fetchone()
    for table in TABLES:
        if rows[table]:
            cursor.execute(insert(table, len(rows[table])), [v for row in rows[table] for v in row], **options)


# --- a million dossiers ----------------------------------------------------------------------------------------


def _report_growth(size: int) -> None:
    """Grow the database to `size` dossiers (grow_to: the generator, then bulk copies on PostgreSQL) and say how."""
    started = time.perf_counter()
    made = grow_to(size)
    analyzed = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does on PostgreSQL after a load; SQLite needs it asked
    print(
        f"build: {made:,} dossiers in {analyzed - started:.0f} s, {_count('dossiers_dossier'):,} in all, "
        f"{_count('dossiers_dossierstep'):,} steps, {_count('dossiers_dossierevent'):,} events "
        f"(full history for 1 in {HISTORY_EVERY}); ANALYZE {time.perf_counter() - analyzed:.1f} s"
    )


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]


# --- reading -------------------------------------------------------------------------------------------------


def _reads() -> None:
    client = Client()
    tokens = {who: _headers(who) for who in (SPECIALIST, SUPERVISOR)}
    mine = _codes_with_history(agency=AGENCY)
    anywhere = _codes_with_history()
    open_states = {"state": ["received", "in_progress"], "limit": 30}
    cases = {
        "detail, specialist": (SPECIALIST, lambda i: (f"/api/v1/dossiers/{mine[i % len(mine)]}", {})),
        "detail, supervisor": (SUPERVISOR, lambda i: (f"/api/v1/dossiers/{anywhere[i % len(anywhere)]}", {})),
        "inbox, specialist": (SPECIALIST, lambda i: ("/api/v1/dossiers", {"limit": 30})),
        "inbox, supervisor": (SUPERVISOR, lambda i: ("/api/v1/dossiers", {"limit": 30})),
        "open work, specialist": (SPECIALIST, lambda i: ("/api/v1/dossiers", open_states)),
        "open work, supervisor": (SUPERVISOR, lambda i: ("/api/v1/dossiers", open_states)),
    }
    timings = {name: [] for name in [*cases, "bare endpoint"]}
    for name, (who, request) in cases.items():
        for i in range(-5, REQUESTS):  # five to warm up
            url, params = request(i)
            elapsed, response = _timed_response(lambda u=url, p=params, w=who: client.get(u, p, headers=tokens[w]))
            assert response.status_code == 200, (name, response.status_code, response.content[:200])
            if i >= 0:
                timings[name].append(elapsed)
        for _ in range(REQUESTS // len(cases)):
            timings["bare endpoint"].append(_timed(lambda: client.get("/healthz")))
    total = Dossier.objects.count()
    open_count = Dossier.objects.filter(state__in=["received", "in_progress", "awaiting_supplement"]).count()
    print(
        f"reads: {total:,} dossiers ({open_count:,} open), {REQUESTS} requests each, Django test client, bearer token"
    )
    print("  (detail = one dossier with steps and events; inbox = GET /api/v1/dossiers?limit=30; open work = the")
    print("   same with state=received&state=in_progress)")
    print("                            p50 ms   p95 ms   p95 / bare")
    bare = _pct(timings["bare endpoint"], 95)
    for name, values in timings.items():
        print(f"  {name:<24} {_pct(values, 50):8.2f} {_pct(values, 95):8.2f} {_pct(values, 95) / bare:8.1f}x")
    print("  target: p95 < 20 ms")


def _headers(username: str) -> dict:
    return {"Authorization": f"Bearer {issue_api_token(user=User.objects.get(username=username), name='bench')[1]}"}


def _codes_with_history(agency: str | None = None) -> list[str]:
    """Codes of dossiers that have their full history (the generator keeps it for one in ten), in random order."""
    events = DossierEvent.objects.filter(sequence=1)
    if agency:
        events = events.filter(dossier__agency__code=agency)
    codes = list(events.order_by("-dossier_id").values_list("dossier__code", flat=True)[:5000])
    random.Random(2026).shuffle(codes)
    return codes[:REQUESTS]


def _timed(fn) -> float:
    return _timed_response(fn)[0]


def _timed_response(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def _pct(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1] if len(values) > 1 else values[0]
