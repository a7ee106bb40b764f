"""Decision 766's "procedures with a fee paid online at least once": counted per procedure and month when a
dossier whose every fee was paid online gets its result; the same figure kept one by one and rebuilt."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from motcua.catalog.models import ChannelFee, ProcedureChannel
from motcua.dossiers.services.fees import record_fee_paid
from motcua.stats.models import ProcedureMonth
from motcua.stats.selectors.figures import Scope
from motcua.stats.selectors.index import catalog_measures
from motcua.stats.services import rebuild_procedure_counts
from tests.dossiers.conftest import Api, province  # noqa: F401 - the fixture
from tests.results.approving import Delivering, approved


@pytest.fixture
def api(client, province, django_capture_on_commit_callbacks) -> Api:  # noqa: F811
    return Delivering(client, province, django_capture_on_commit_callbacks)


def kept() -> dict:
    return {(c.procedure_id, c.month): c.paid_online for c in ProcedureMonth.objects.all()}


def test_a_result_whose_fees_were_paid_online_counts_its_procedure(api, province):  # noqa: F811
    version = province.procedure.versions.get()
    ChannelFee.objects.create(channel=ProcedureChannel.objects.create(version=version), label="Lệ phí", amount=200000)
    today = timezone.localdate()
    scope = Scope(start=today, end=today)

    approved(api, return_method="counter")  # its fee was paid in cash at reception: not online
    assert sum(kept().values()) == 0
    assert catalog_measures(scope)["procedures_with_fee"] == 1
    assert catalog_measures(scope)["procedures_paid_online"] == 0

    paid_first = {"label": "Lệ phí", "amount": 200000}  # due, then paid online before the result
    approved(
        api,
        return_method="online",
        fees=[paid_first],
        pay=lambda fee: record_fee_paid(fee_id=fee.pk, method="online", reference="T1", now=timezone.now()),
    )
    assert sum(kept().values()) == 1
    cache.clear()  # the catalog's measures are kept five minutes
    assert catalog_measures(scope)["procedures_paid_online"] == 1

    one_by_one = kept()
    rebuild_procedure_counts()
    assert kept() == one_by_one
