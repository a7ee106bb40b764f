"""Desk pages at 1 M and 10 M dossiers: the inbox, the dossier page, supervision, the return desk as staff open
them in the browser, and the desk API's list.

Server time through Django's test client with a logged-in session (no network), beside a bare endpoint
(/healthz) through the same client, with each page's queries and the time spent in them. The dossiers come from
`grow_to` (bench/dossiers.py): the demo's history generator, then on PostgreSQL clones of it (bench/bulk.py);
`--keep` grows the same database from 1 M to 10 M. Target (issue 17): p95 < 50 ms at 10 M on PostgreSQL.
"""

from __future__ import annotations

import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.dossiers import AGENCY, DEFAULT_SIZE, REQUESTS, _codes_with_history, _headers, _pct, grow_to
from motcua.core.models import User
from motcua.dossiers.models import Dossier

TARGET_MS = 50
PEOPLE = ("tuphap.chuyenvien", "tuphap.lanhdao", "giamsat", "motcua")


def run(size: int = DEFAULT_SIZE) -> None:
    if grow_to(size) and connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does after a load (bench/bulk.py does it on PostgreSQL)
    clients = {}
    for username in PEOPLE:
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    mine, anywhere = _codes_with_history(agency=AGENCY), _codes_with_history()
    cases = {
        "inbox, specialist": ("tuphap.chuyenvien", lambda i: "/desk/ho-so/"),
        "inbox, leader": ("tuphap.lanhdao", lambda i: "/desk/ho-so/"),
        "inbox, supervisor": ("giamsat", lambda i: "/desk/ho-so/"),
        "dossier page, specialist": ("tuphap.chuyenvien", lambda i: f"/desk/ho-so/{mine[i % len(mine)]}/"),
        "dossier page, supervisor": ("giamsat", lambda i: f"/desk/ho-so/{anywhere[i % len(anywhere)]}/"),
        "supervision, supervisor": ("giamsat", lambda i: "/desk/giam-sat/"),
        "supervision, all": ("giamsat", lambda i: "/desk/giam-sat/?xem=all"),
        "return desk, officer": ("motcua", lambda i: "/desk/tra-ket-qua/"),
        "API list, supervisor": ("giamsat", lambda i: "/api/v1/dossiers?limit=30"),
    }
    timings: dict[str, list[float]] = {name: [] for name in [*cases, "bare endpoint"]}
    api = {"HTTP_AUTHORIZATION": _headers("giamsat")["Authorization"]}
    bare = Client()
    for name, (who, url) in cases.items():
        for i in range(-5, REQUESTS):  # five to warm up
            started = time.perf_counter()
            response = clients[who].get(url(i), **(api if url(i).startswith("/api/") else {}))
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (name, url(i), response.status_code)
            if i >= 0:
                timings[name].append(elapsed)
        for _ in range(REQUESTS // len(cases)):
            started = time.perf_counter()
            bare.get("/healthz")
            timings["bare endpoint"].append((time.perf_counter() - started) * 1000)
    # One more request of each, its queries captured: how many, and the time spent in them (the part that could
    # grow with the database; the rest is Python and the template).
    sent: dict[str, tuple[int, float]] = {}
    for name, (who, url) in cases.items():
        with CaptureQueriesContext(connection) as captured:
            clients[who].get(url(0), **(api if url(0).startswith("/api/") else {}))
        sent[name] = (len(captured), sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    total = Dossier.objects.count()
    open_count = Dossier.objects.filter(finished_at__isnull=True).count()
    print(
        f"desk pages: {total:,} dossiers ({open_count:,} open), {REQUESTS} requests each, Django test client, "
        "session (the API: a bearer token)"
    )
    print("                              p50 ms   p95 ms   p95 / bare   queries   in them, ms")
    base = _pct(timings["bare endpoint"], 95)
    for name, values in timings.items():
        count, in_db = sent.get(name, (0, 0.0))
        print(
            f"  {name:<26} {_pct(values, 50):8.2f} {_pct(values, 95):8.2f} {_pct(values, 95) / base:8.1f}x"
            f"   {count:7d}   {in_db:11.1f}"
        )
    slow = [name for name, values in timings.items() if _pct(values, 95) >= TARGET_MS]
    print(
        f"  target (issue 17): p95 < {TARGET_MS} ms at 10 M dossiers on PostgreSQL"
        + (f"; over: {', '.join(slow)}" if slow else "; all pages within it")
    )
