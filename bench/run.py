"""`make bench`: the project's benchmarks, each printing its figures beside the ceiling it is compared with.

Runs against a fresh SQLite file in a temporary folder; with MOTCUA_BENCH_DATABASE_URL=postgres://... it runs
against that PostgreSQL database instead (its tables are dropped and created again).
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="run only the benchmark with this name (e.g. catalog)")
    parser.add_argument(
        "--dossiers", type=int, default=None, help="dossiers in the database for the dossier reads (default 1M)"
    )
    parser.add_argument(
        "--minutes", type=float, default=10.0, help="length of the mixed load (default 10; 1-2 while developing)"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="PostgreSQL: keep the database's rows (grow 1M to 10M in steps) instead of emptying it first",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    os.environ["MOTCUA_VAR_DIR"] = str(workdir)
    if os.environ.get("MOTCUA_BENCH_DATABASE_URL"):
        os.environ["MOTCUA_DATABASE_URL"] = os.environ["MOTCUA_BENCH_DATABASE_URL"]
    else:
        os.environ["MOTCUA_DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings")
    os.environ.setdefault("MOTCUA_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(HERE.parent))

    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    if connection.vendor == "postgresql" and not args.keep:
        call_command("flush", interactive=False, verbosity=0) if _has_tables() else None
    call_command("migrate", verbosity=0)
    print(f"motcua benchmarks · database: {connection.vendor} ({connection.settings_dict['NAME']})")

    from bench import (
        catalog,
        desk,
        dossiers,
        lookup,
        mixed_load,
        pages,
        payments,
        queue_board,
        queue_tickets,
        signatures,
        stats,
        workdays,
    )

    size = args.dossiers or 1_000_000

    benchmarks = {
        "catalog": catalog.run,
        "workdays": workdays.run,
        "dossiers": functools.partial(dossiers.run, size=size),
        "desk": functools.partial(desk.run, size=size),
        "lookup": functools.partial(lookup.run, size=size),
        "stats": functools.partial(stats.run, size=size),
        "mixed": functools.partial(mixed_load.run, size=size, minutes=args.minutes),
        "boards": queue_board.run,
        "queue": queue_tickets.run,
        "payments": payments.run,
        "signatures": signatures.run,
        # The citizens' pages on a demo-sized province (20,000 dossiers) unless --dossiers says otherwise.
        "pages": functools.partial(pages.run, size=args.dossiers or pages.DEFAULT_SIZE),
    }
    for name, run in benchmarks.items():
        if args.only and args.only != name:
            continue
        print(f"\n== {name}")
        run()


def _has_tables() -> bool:
    from django.db import connection

    return "catalog_procedure" in connection.introspection.table_names()


if __name__ == "__main__":
    main()
