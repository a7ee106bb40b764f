"""Servers the deployment tests start on 127.0.0.1: the PostgreSQL hot standby (scripts/standby.sh)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections

ROOT = Path(__file__).resolve().parents[2]
STANDBY_PORT = 5433

# On PostgreSQL the suite has a `replica` alias, a test mirror of the primary (as production settings make it when
# MOTCUA_REPLICA_DATABASE_URL is set): tests may then name it, and the test run never flushes it. Without the
# router (installed by the `replica` fixture only) nothing reads from it.
_primary = django_settings.DATABASES["default"]
if _primary["ENGINE"] == "django.db.backends.postgresql" and "replica" not in django_settings.DATABASES:
    django_settings.DATABASES["replica"] = {**_primary, "TEST": {"MIRROR": "default"}}
    connections.__dict__.pop("settings", None)  # computed again from DATABASES
# django_db(databases=…) of a test that reads from the standby (on SQLite the `replica` fixture skips it).
REPLICA_TESTS = [alias for alias in ("default", "replica") if alias in django_settings.DATABASES]


@pytest.fixture(scope="session")
def standby_port() -> int:
    """The standby of the primary the suite runs on, started (made by pg_basebackup) when it is not running."""
    done = subprocess.run([ROOT / "scripts" / "standby.sh"], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.fail(f"scripts/standby.sh could not start the standby on {STANDBY_PORT}: {done.stderr[-2000:]}")
    return STANDBY_PORT


@pytest.fixture
def replica(transactional_db, settings, standby_port):
    """The `replica` alias on the real standby, routed by core.dbrouter (the test's django_db mark names it)."""
    if connection.vendor != "postgresql":
        pytest.skip("streaming replication is PostgreSQL's: run with MOTCUA_DATABASE_URL=postgresql://…")
    if connection.settings_dict["PORT"] and int(connection.settings_dict["PORT"]) != 5432:
        pytest.skip("the standby follows the primary at 127.0.0.1:5432 only")
    standby = connections["replica"]
    mirrored = standby.settings_dict  # the primary's own dict: never changed in place
    standby.close()
    standby.settings_dict = {**mirrored, "PORT": str(standby_port)}
    settings.DATABASE_ROUTERS = ["motcua.core.dbrouter.ReplicaRouter"]
    yield standby
    standby.close()
    standby.settings_dict = mirrored
