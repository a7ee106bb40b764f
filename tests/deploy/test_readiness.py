"""/readyz: whether a server may take traffic (every database and the cache answer); /healthz stays the liveness
check (ADR 0011)."""

from __future__ import annotations

import pytest

from tests.deploy.conftest import REPLICA_TESTS


@pytest.mark.django_db(databases=REPLICA_TESTS)  # /readyz checks every alias (the suite's replica on PostgreSQL)
def test_ready_when_the_database_and_the_cache_answer(client):
    answer = client.get("/readyz")
    assert answer.status_code == 200 and answer["Cache-Control"].startswith("max-age=0")
    body = answer.json()
    assert body["status"] == "ok" and body["default"] == "ok" and body["cache"] == "ok"


@pytest.mark.django_db(databases=REPLICA_TESTS)  # /readyz checks every alias (the suite's replica on PostgreSQL)
def test_not_ready_when_the_cache_does_not_answer(client, settings):
    # A Redis nobody listens on (port 9 on 127.0.0.1: discard, closed here): the balancer must take the server out.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json()["cache"] == "error"
