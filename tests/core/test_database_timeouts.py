"""A database that stops answering costs a request seconds, not minutes (connect and statement timeouts on
PostgreSQL), and /healthz tells an anonymous caller only that it failed: no driver error, no host."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import OperationalError, connection

SRC = Path(__file__).resolve().parents[2] / "src"
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement timeout")


def test_healthz_hides_the_database_error_from_anonymous_callers(client, db):
    def unreachable(execute, sql, params, many, context):
        raise OperationalError('connection to server at "10.1.2.3", port 5432 failed: timeout expired')

    with connection.execute_wrapper(unreachable):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json() == {"status": "error"}
    assert client.get("/healthz").json()["status"] == "ok"


@on_postgresql
def test_postgresql_connections_have_the_configured_timeouts(db, settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"
    assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] == 5


@on_postgresql
def test_a_statement_that_never_ends_is_cancelled(db):
    # A fresh process with a half-second limit, as an operator would set MOTCUA_DB_STATEMENT_TIMEOUT.
    code = (
        "import django, os, time; os.environ['DJANGO_SETTINGS_MODULE'] = 'motcua.config.settings'; django.setup()\n"
        "from django.db import connection, OperationalError\n"
        "start = time.monotonic()\n"
        "try:\n"
        "    connection.cursor().execute('SELECT pg_sleep(20)')\n"
        "except OperationalError as error:\n"
        "    print(type(error.__cause__).__name__, error)\n"
    )
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "MOTCUA_DATABASE_URL": url, "MOTCUA_DB_STATEMENT_TIMEOUT": "0.5", "PYTHONPATH": str(SRC)}
    started = time.monotonic()
    answer = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert answer.stdout.startswith("QueryCanceled"), answer.stderr[-2000:]
    assert time.monotonic() - started < 15
