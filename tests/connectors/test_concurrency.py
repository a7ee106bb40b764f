"""Two workers delivering at once send each message once (PostgreSQL: FOR UPDATE SKIP LOCKED)."""

import pytest

from motcua.connectors.services import outbox
from tests.connectors.conftest import portal  # noqa: F401
from tests.dossiers.test_concurrency import in_threads, postgres_only  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_send_each_message_once(postgres_only, portal):  # noqa: F811
    for i in range(40):
        outbox.enqueue(
            connector="national_portal",
            idempotency_key=f"T-{i}:1",
            payload={"MaHoSo": f"T-{i}", "TrangThaiHoSo": 1},
        )
    handled = in_threads(lambda _i: outbox.deliver_due(batch=5), 2)
    assert sum(handled) == 40, handled
    deliveries = portal.state()["deliveries"]
    assert sorted(deliveries) == sorted(f"T-{i}:1" for i in range(40))  # each once, none twice
