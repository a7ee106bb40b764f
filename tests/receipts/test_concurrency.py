"""Eight cashiers collecting at once on PostgreSQL: receipt numbers 1..N, no gap, no duplicate; one of them
failing after its number was taken gives the number back. (SQLite's test database is one connection.)"""

import pytest

from motcua.receipts.models import Receipt
from motcua.receipts.services import collect_fee
from tests.dossiers.test_concurrency import in_threads, postgres_only  # noqa: F401 (a fixture)
from tests.receipts.conftest import receive

pytestmark = pytest.mark.django_db(transaction=True)


def test_eight_cashiers_at_once_get_numbers_one_to_eight(postgres_only, cashier):  # noqa: F811
    fees = [receive(i=i, amount=10_000 * (i + 1)).fees.get().pk for i in range(8)]

    def collect(i: int) -> int:
        return collect_fee(fee_id=fees[i], method="cash", collector=cashier, payer_name=f"Người nộp {i}").number

    numbers = in_threads(collect, 8)
    assert sorted(numbers) == list(range(1, 9)), numbers
    assert Receipt.objects.count() == 8


def test_a_collection_that_fails_among_others_leaves_no_gap(postgres_only, cashier, monkeypatch):  # noqa: F811
    fees = [receive(i=i).fees.get().pk for i in range(8)]
    from motcua.receipts.services import collect as module

    real = module.set_fee_receipt_number

    def sometimes_fails(*, fee_id, receipt_number):
        if fee_id in (fees[2], fees[5]):
            raise RuntimeError("the database said no")
        real(fee_id=fee_id, receipt_number=receipt_number)

    monkeypatch.setattr(module, "set_fee_receipt_number", sometimes_fails)

    def collect(i: int):
        return collect_fee(fee_id=fees[i], method="cash", collector=cashier, payer_name="A").number

    results = in_threads(collect, 8)
    assert sum(isinstance(r, RuntimeError) for r in results) == 2
    assert sorted(Receipt.objects.values_list("number", flat=True)) == list(range(1, 7))
