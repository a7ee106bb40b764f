"""The pages every citizen opens first, over HTTP with the production server (`motcua serve`, gunicorn).

Requests per second and p50/p99 latency, from 8 keep-alive wrk connections, of: the home page, a catalog search,
a procedure's page, the procedures API search, the look-up page and the look-up API, each beside a bare endpoint
(/healthz) measured in the same run on the same server (the ratio is the figure to compare between machines).
The database is the demo province with the real catalog (/work/shared/data when present) and, by default, 20,000
dossiers from the demo's history generator. The clients share the machine with the server: the figures are a
floor.
"""

from __future__ import annotations

import random
import shutil
from urllib.parse import urlencode

from bench.dossiers import _demo, grow_to
from bench.lookup import CLIENTS, SECONDS, _free_port, _load, _lookup_pairs, _serve, _wait_until_up, _workers, _wrk
from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.core.models import User
from motcua.dossiers.models import Dossier

DEFAULT_SIZE = 20_000
PROCEDURES = 200  # procedure pages visited, in turn: a few hundred pages a day are what citizens open


def run(size: int = DEFAULT_SIZE, clients: int = CLIENTS, seconds: float = SECONDS) -> None:
    if not User.objects.filter(username="giamsat").exists():
        _demo()
    grow_to(size)
    pairs = _lookup_pairs()
    codes = list(
        ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("procedure__code")
        .values_list("procedure__code", flat=True)
    )
    random.Random(2026).shuffle(codes)
    targets = {
        "bare /healthz": ["/healthz"],
        "home /": ["/"],
        "catalog search": ["/thu-tuc/?q=dang+ky"],
        "procedure page": [f"/thu-tuc/{code}/" for code in codes[:PROCEDURES]],
        "API procedures?q=": ["/api/v1/procedures?q=khai+sinh"],
        "look-up page": [f"/tra-cuu/?{urlencode({'ma': c, 'bi-mat': s})}" for c, s in pairs],
        "look-up API": [f"/api/v1/lookup?{urlencode({'code': c, 'secret': s})}" for c, s in pairs],
    }
    load = _wrk if shutil.which("wrk") else _load
    port = _free_port()
    server = _serve(port)
    try:
        _wait_until_up(port)
        figures = {name: load(port, paths, clients, seconds) for name, paths in targets.items()}
        # The bare endpoint again at the end: the machine is shared, its load changes during the run.
        again = load(port, ["/healthz"], clients, seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    procedures = ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED).count()
    print(
        f"pages over HTTP: {procedures:,} published procedures, {Dossier.objects.count():,} dossiers, motcua serve "
        f"(gunicorn, {_workers()} workers), {clients} keep-alive connections from wrk, {seconds:.0f} s each"
    )
    bare = (figures["bare /healthz"][0] + again[0]) / 2
    print(f"  bare /healthz: {figures['bare /healthz'][0]:,.0f} req/s first, {again[0]:,.0f} last; ratios to the mean")
    print("                         requests/s  of bare   p50 ms   p99 ms")
    for name, (rate, p50, p99) in figures.items():
        print(f"  {name:<24} {rate:10,.0f} {rate / bare:8.0%} {p50:8.2f} {p99:8.2f}")
    print("  targets: home, search, procedure >= 30% of bare and p99 < 50 ms; look-up page and API >= 50%")
