"""Concurrency on a real server: simultaneous receptions get distinct consecutive codes; a double action gets
one success and one conflict. PostgreSQL only: SQLite's test database is one in-memory connection."""

import threading

import pytest
from django.db import connection, connections

from motcua.core.models import User
from motcua.dossiers import services
from motcua.dossiers.actions import AssignInput
from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db(transaction=True)


def in_threads(work, count: int) -> list:
    results, barrier = [None] * count, threading.Barrier(count)

    def run(i):
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # collected and asserted by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server with several connections (run with MOTCUA_DATABASE_URL=postgres://...)")


def receive(officer, i):
    return services.receive_dossier(
        officer=officer,
        procedure_code="1.000001",
        channel="counter",
        applicant=services.ApplicantInput(name=f"Người nộp {i}", id_number=f"0011900{i:05d}"),
        documents=[services.DocumentInput(name="Tờ khai", originals=1)],
    ).code


def test_simultaneous_receptions_get_distinct_consecutive_codes(postgres_only, province):
    officer = User.objects.get(username="motcua")
    codes = in_threads(lambda i: receive(officer, i), 8)
    assert all(isinstance(c, str) for c in codes), codes
    assert sorted(int(c[-4:]) for c in codes) == list(range(1, 9))


def test_two_officers_acting_at_once_one_wins_one_gets_a_conflict(postgres_only, province):
    code = receive(User.objects.get(username="motcua"), 0)
    people = [User.objects.get(username="tuphap.chuyenvien"), User.objects.get(username="tuphap.chuyenvien2")]
    results = in_threads(
        lambda i: services.perform_action(code=code, actor=people[i], version=1, command=AssignInput()).version, 2
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "int"]
    assert Dossier.objects.get(code=code).version == 2
