"""8 deliveries of the same IPN at once: exactly one pays, the fee is paid once. PostgreSQL only (SQLite's test
database is one in-memory connection)."""

import json
import urllib.request
from urllib.parse import urlencode

import pytest

from motcua.payments import services
from motcua.payments.models import Payment, PaymentMessage, PaymentState
from tests.dossiers.test_concurrency import in_threads, postgres_only  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_eight_identical_ipns_at_once_pay_the_fee_once(postgres_only, fee, sandbox, live_server):  # noqa: F811
    url = services.start_payment(fee_id=fee.pk, client_ip="10.1.2.3")
    signed = sandbox.press(url, "pay", scenario="no_ipn")  # the return carries what the IPN would
    ipn_url = f"{live_server.url}/payments/vnpay/ipn?{urlencode(signed)}"

    def deliver(_i: int) -> str:
        with urllib.request.urlopen(ipn_url, timeout=30) as response:
            return json.loads(response.read())["RspCode"]

    answers = in_threads(deliver, 8)
    assert sorted(answers) == ["00"] + ["02"] * 7, answers
    assert Payment.objects.filter(fee=fee, state=PaymentState.PAID).count() == 1
    fee.refresh_from_db()
    assert fee.paid_at is not None and fee.method == "online"
    assert PaymentMessage.objects.filter(kind="ipn", outcome="paid").count() == 1
