"""Stale-OK reads go to the real hot standby; writes, transactions and a person who just wrote stay on the primary;
without a replica the router is a no-op (ADR 0012)."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from motcua.core.dbrouter import pinned_to_primary, read_alias, stale_ok
from motcua.core.middleware import PRIMARY_COOKIE
from motcua.core.models import RateLimit
from tests.deploy.conftest import REPLICA_TESTS


def wait_for_replay(replica) -> None:
    """Until the standby has replayed everything the primary committed so far (a few ms on one machine)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        [lsn] = cursor.fetchone()
    for _ in range(500):
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)
    pytest.fail("the standby did not replay the primary's last commit within 10 seconds")


def test_without_a_replica_the_router_sends_everything_to_the_primary(db, client):
    with stale_ok():
        assert read_alias() == "default"
    response = client.post("/i18n/setlang/", {"language": "vi"})
    assert PRIMARY_COOKIE not in response.cookies


@pytest.mark.django_db(transaction=True, databases=REPLICA_TESTS)
def test_the_standby_is_a_real_standby_that_receives_the_primarys_rows(replica):
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), inet_server_port()")
        assert cursor.fetchone() == (True, 5433)
    RateLimit.objects.create(key="replicated", window=60, count=3)
    wait_for_replay(replica)
    with replica.cursor() as cursor:
        cursor.execute("SELECT count FROM core_ratelimit WHERE key = 'replicated'")
        assert cursor.fetchone() == (3,)


@pytest.mark.django_db(transaction=True, databases=REPLICA_TESTS)
def test_stale_ok_reads_go_to_the_standby_and_the_rest_to_the_primary(replica):
    RateLimit.objects.create(key="routed", window=60, count=1)
    wait_for_replay(replica)
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connection) as on_primary:
        assert RateLimit.objects.get(key="routed")._state.db == "default"  # not asked: the primary
        with stale_ok():
            row = RateLimit.objects.get(key="routed")
            assert row._state.db == "replica"
            row.count = 2
            row.save()  # a write inside stale_ok(): the primary
            with transaction.atomic():  # a transaction, a lock: the primary
                assert RateLimit.objects.select_for_update().get(key="routed").count == 2
            with pinned_to_primary():
                assert RateLimit.objects.get(key="routed")._state.db == "default"
    assert len(on_replica.captured_queries) == 1 and "core_ratelimit" in on_replica.captured_queries[0]["sql"]
    assert sum("core_ratelimit" in query["sql"] for query in on_primary.captured_queries) == 4


@pytest.mark.django_db(transaction=True, databases=REPLICA_TESTS)
def test_a_person_who_just_posted_reads_the_public_pages_from_the_primary(replica, client):
    cache.clear()  # the home page rendered, not served from the page cache (core.page_cache)
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get("/").status_code == 200  # the catalog's home page is stale-OK
    assert on_replica.captured_queries, "the home page read nothing from the replica"

    response = client.post("/i18n/setlang/", {"language": "vi"})
    assert response.cookies[PRIMARY_COOKIE]["max-age"] == 5
    cache.clear()
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connection) as on_primary:
        assert client.get("/").status_code == 200  # the browser sends the cookie back for 5 seconds
    assert not on_replica.captured_queries and on_primary.captured_queries
    assert connections["replica"].vendor == "postgresql"
