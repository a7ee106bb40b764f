"""8 deliveries of the same IPN at once, or statements imported at once: exactly one pays, the fee is paid
once. PostgreSQL only (SQLite's test database is one in-memory connection)."""

import json
import urllib.request
from urllib.parse import urlencode

import pytest

from motcua.dossiers.models import DossierFee
from motcua.payments import services, vietqr
from motcua.payments.models import Payment, PaymentMessage, PaymentState, StatementLine
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


def test_two_imports_of_the_same_statement_at_once_pay_the_fee_once(postgres_only, fee):  # noqa: F811
    ref = vietqr.reference(fee.pk)
    data = f"Ngày giao dịch;Số tham chiếu;Số tiền ghi có;Nội dung\n05/03/2026;FT1;200.000;{ref} le phi\n".encode()

    def run(i: int):
        return services.import_statement(data=data, filename=f"saoke{i}.csv", actor_name="ke toan")

    results = in_threads(run, 4)
    assert all(isinstance(r, services.ImportResult) for r in results), results
    assert sum(r.new for r in results) == 1 and sum(r.matched for r in results) == 1
    assert StatementLine.objects.filter(state="matched").count() == 1
    assert DossierFee.objects.get(pk=fee.pk).method == "transfer"


def test_two_statements_with_the_same_transfer_pay_the_fee_once(postgres_only, fee):  # noqa: F811
    """Two exports of the same day from different banks' formats (different line hashes) naming the same fee."""
    ref = vietqr.reference(fee.pk)
    files = [
        f"Ngày giao dịch;Số tham chiếu;Số tiền ghi có;Nội dung\n05/03/2026;FT{i};200.000;{ref}\n".encode()
        for i in range(4)
    ]
    results = in_threads(lambda i: services.import_statement(data=files[i], filename="s.csv", actor_name="x"), 4)
    assert all(isinstance(r, services.ImportResult) for r in results), [str(r) for r in results]
    assert sum(r.matched for r in results) == 1, results
    assert sorted(StatementLine.objects.values_list("reason", flat=True)) == ["", "fee_paid", "fee_paid", "fee_paid"]


def test_two_cashiers_refunding_at_once_send_one_refund(postgres_only, fee, sandbox):  # noqa: F811
    from motcua.payments.models import Refund

    sandbox.press(services.start_payment(fee_id=fee.pk, client_ip="10.1.2.3"), "pay")
    payment = Payment.objects.get(state=PaymentState.PAID)

    def refund(i: int):
        return services.refund_online(payment_id=payment.pk, amount=200_000, reason="x", actor_name=f"thu ngan {i}")

    results = in_threads(refund, 4)
    done = [r for r in results if isinstance(r, services.RefundResult) and r.status == "refunded"]
    assert len(done) == 1, results
    others = [r for r in results if r not in done]
    assert all(
        (isinstance(r, services.PaymentError) and r.code == "refund_running")
        or (isinstance(r, services.RefundResult) and r.status == "already_refunded")
        for r in others
    ), results
    assert PaymentMessage.objects.filter(kind="refund", outcome="refund requested").count() == 1
    assert Refund.objects.get().state == "done"
