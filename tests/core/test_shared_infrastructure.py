"""Shared infrastructure in core: the admin's log-in is throttled like every other, the one counter statement,
and the tables that moved into core (and into accounts) kept their rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from motcua.accounts.models import Draft
from motcua.core.counters import increment
from motcua.core.models import LoginThrottle, RateLimit, User
from motcua.core.throttle import MAX_FAILURES_PER_ACCOUNT
from tests.factories import procedure_version


@pytest.mark.django_db
def test_the_admin_log_in_locks_an_account_after_repeated_failures(client):
    User.objects.create_superuser("quantri", password="right-password")
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        response = client.post("/admin/login/", {"username": "quantri", "password": "wrong"})
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    # the right password no longer opens it while the lock lasts, and the administrator is told why
    response = client.post("/admin/login/", {"username": "quantri", "password": "right-password"})
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_admin_log_in_lets_an_administrator_in_and_forgets_earlier_failures(client):
    User.objects.create_superuser("quantri", password="right-password")
    client.post("/admin/login/", {"username": "quantri", "password": "wrong"})
    assert LoginThrottle.objects.get(key="user:quantri").failures == 1
    response = client.post("/admin/login/", {"username": "quantri", "password": "right-password"})
    assert response.status_code == 302 and client.session["_auth_user_id"]
    assert not LoginThrottle.objects.filter(key="user:quantri").exists()


@pytest.mark.django_db
def test_a_right_password_of_someone_who_may_not_administer_counts_as_a_failure(client):
    User.objects.create_user("chuyenvien", password="right-password")  # no staff flag
    response = client.post("/admin/login/", {"username": "chuyenvien", "password": "right-password"})
    assert "_auth_user_id" not in client.session and response.status_code == 200
    assert LoginThrottle.objects.get(key="user:chuyenvien").failures == 1


@pytest.mark.django_db
def test_the_counter_statement_creates_then_raises_each_key_on_its_own():
    assert [increment(RateLimit, key={"key": "a", "window": 60}, field="count") for _ in range(3)] == [1, 2, 3]
    assert increment(RateLimit, key={"key": "a", "window": 120}, field="count") == 1
    assert increment(RateLimit, key={"key": "a", "window": 60}, field="count", by=5) == 8
    assert RateLimit.objects.get(key="a", window=60).count == 8


MOVES = [("lookup", "0001_initial"), ("desk", "0001_initial"), ("submission", "0001_initial")]


def _write_old_rows(citizen_id: int, procedure_id: int) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {quote("lookup_ratelimit")} ("key", "window", "count") VALUES (%s, 60, 7)',
            ["lookup:1.2.3.4"],
        )
        cursor.execute(
            f'INSERT INTO {quote("desk_loginthrottle")} ("key", failures, updated_at) VALUES (%s, 3, %s)',
            ["user:motcua", timezone.now()],
        )
        cursor.execute(
            f"INSERT INTO {quote('submission_draft')} (citizen_id, procedure_id, data, files, created_at, updated_at) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            [citizen_id, procedure_id, '{"name": "Nguyễn Văn A"}', "{}", timezone.now(), timezone.now()],
        )


@pytest.mark.django_db(transaction=True)
def test_the_tables_that_moved_keep_their_rows(django_user_model):
    """Rows written under the old apps' tables are there, in the new apps' models, after migrating."""
    procedure = procedure_version().procedure
    citizen = django_user_model.objects.create_user("citizen-1")
    executor = MigrationExecutor(connection)
    executor.migrate([*MOVES, ("core", "0001_initial"), ("accounts", "0001_initial")])
    try:
        _write_old_rows(citizen.pk, procedure.pk)
    finally:  # back to today's tables whatever happens, for the tests after this one
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert RateLimit.objects.get(key="lookup:1.2.3.4").count == 7
    assert LoginThrottle.objects.get(key="user:motcua").failures == 3
    draft = Draft.objects.get(citizen=citizen)
    assert draft.procedure_id == procedure.pk and draft.data == {"name": "Nguyễn Văn A"}
    assert increment(RateLimit, key={"key": "lookup:1.2.3.4", "window": 60}, field="count") == 8
