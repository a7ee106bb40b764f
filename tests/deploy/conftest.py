"""Servers the deployment tests start on 127.0.0.1: the PostgreSQL hot standby (scripts/standby.sh), two
application servers behind haproxy."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
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
def replica(request, transactional_db, settings):
    """The `replica` alias on the real standby, routed by core.dbrouter (the test's django_db mark names it)."""
    if connection.vendor != "postgresql":
        pytest.skip("streaming replication is PostgreSQL's: run with MOTCUA_DATABASE_URL=postgresql://…")
    if connection.settings_dict["PORT"] and int(connection.settings_dict["PORT"]) != 5432:
        pytest.skip("the standby follows the primary at 127.0.0.1:5432 only")
    standby_port = request.getfixturevalue("standby_port")  # started only for a PostgreSQL run
    standby = connections["replica"]
    mirrored = standby.settings_dict  # the primary's own dict: never changed in place
    standby.close()
    standby.settings_dict = {**mirrored, "PORT": str(standby_port)}
    settings.DATABASE_ROUTERS = ["motcua.core.dbrouter.ReplicaRouter"]
    yield standby
    standby.close()
    standby.settings_dict = mirrored


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    for _ in range(600):  # gunicorn with its worker: ~2 s; a loaded CI machine: more
        if process.poll() is not None:
            pytest.fail(f"{url} exited at start: {log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"{url} did not answer within 30 seconds: {log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    """The process and its children (gunicorn's workers outlive a master that is stopped alone): each server runs
    in its own process group."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # a worker still running after its master is gone


HAPROXY_CONFIG = """\
global
    maxconn 200
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend web
    bind 127.0.0.1:{port}
    default_backend motcua
backend motcua
    balance roundrobin
    # Which server answered: the tests read it; in production it helps to follow a request in the logs.
    http-response set-header X-Served-By %s
{servers}
"""


@dataclass
class Cluster:
    url: str  # the balancer's
    servers: dict[str, str]  # name: its own URL
    media: Path


@pytest.fixture
def cluster(transactional_db, tmp_path) -> Iterator[Cluster]:
    """Two `motcua serve` processes on the test database, sharing Redis and one media folder, behind haproxy."""
    if connection.vendor != "postgresql":
        pytest.skip("the servers share the test database over the network: this test runs in the PostgreSQL pass")
    haproxy = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if haproxy is None:
        pytest.skip("haproxy is not installed (apt-get install haproxy; .ci/run installs it)")
    redis_url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(redis_url, socket_timeout=2).ping()
    except redis.RedisError:
        pytest.skip("Redis does not answer at 127.0.0.1:6379 (.ci/run starts redis-server)")
    db = connection.settings_dict
    env = {
        **os.environ,
        "MOTCUA_DATABASE_URL": f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "MOTCUA_REDIS_URL": redis_url,
        "MOTCUA_CACHE_PREFIX": f"test-{uuid.uuid4().hex}",  # this test's keys only, whoever else uses Redis
        "MOTCUA_SECRET_KEY": "cluster-test-" + uuid.uuid4().hex,  # one key for all: each signs, the other checks
        "MOTCUA_MEDIA_ROOT": str(tmp_path / "shared-media"),
        "MOTCUA_LOOKUP_RATE_PER_MINUTE": "4",
        "MOTCUA_DEMO_SOFTHSM_TOKEN": "0",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("MOTCUA_REPLICA_DATABASE_URL", None)
    processes: list[subprocess.Popen] = []
    servers: dict[str, str] = {}
    try:
        for name in ("app1", "app2"):
            port, log = free_port(), tmp_path / f"{name}.log"
            server_env = {**env, "MOTCUA_VAR_DIR": str(tmp_path / name)}  # nothing else shared by the servers
            command = [sys.executable, "-m", "motcua.cli", "serve", "--port", str(port), "--workers", "1"]
            with log.open("w") as out:
                processes.append(
                    subprocess.Popen(
                        command, env=server_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
                    )
                )
            servers[name] = f"http://127.0.0.1:{port}"
        for (name, url), process in zip(servers.items(), processes, strict=True):
            wait_until_up(url + "/healthz", process, tmp_path / f"{name}.log")
        port = free_port()
        lines = [f"    server {name} {url.removeprefix('http://')}" for name, url in servers.items()]
        config = tmp_path / "haproxy.cfg"
        config.write_text(HAPROXY_CONFIG.format(port=port, servers="\n".join(lines)))
        log = tmp_path / "haproxy.log"
        with log.open("w") as out:
            processes.append(
                subprocess.Popen(
                    [haproxy, "-db", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT, start_new_session=True
                )
            )
        wait_until_up(f"http://127.0.0.1:{port}/healthz", processes[-1], log)
        yield Cluster(url=f"http://127.0.0.1:{port}", servers=servers, media=tmp_path / "shared-media")
    finally:
        for process in processes:
            stop(process)
