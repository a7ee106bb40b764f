"""An electronic result reaches an applicant who chose to receive it online, without a counter: returned by
motcua itself once nothing is owed, linked from the "returned" message, downloadable with the code and secret."""

from urllib.parse import urlparse

import pytest
from django.utils import timezone

from motcua.dossiers.models import DossierFee
from motcua.dossiers.services.delivery import deliver_result_online
from motcua.dossiers.services.fees import record_fee_paid
from motcua.notifications.models import Message
from motcua.receipts.models import Receipt
from tests.dossiers.conftest import Api, province  # noqa: F401 - the fixture
from tests.results.approving import PDF, Delivering, approved


@pytest.fixture
def api(client, province, django_capture_on_commit_callbacks) -> Api:  # noqa: F811
    return Delivering(client, province, django_capture_on_commit_callbacks)


def test_an_online_result_is_returned_by_motcua_and_the_message_links_to_it(api, client):
    dossier = approved(api, return_method="online")
    assert dossier.state == "returned" and dossier.return_method == "online" and dossier.returned_at
    last = dossier.events.order_by("-sequence").first()
    assert (last.action, last.role, last.actor_id) == ("return_result", "system", None)
    message = Message.objects.filter(dossier=dossier, kind="returned", channel="sms").get()
    assert "/tra-cuu/ket-qua/?ma=" in message.body and "ket qua dien tu" in message.body  # SMS go without diacritics
    link = next(w for w in message.body.split() if "/tra-cuu/ket-qua/" in w)
    response = client.get(f"{urlparse(link).path}?{urlparse(link).query}")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]  # personal data, never kept by a shared cache
    page = client.get("/tra-cuu/", {"ma": dossier.code, "bi-mat": dossier.lookup_secret}).content.decode()
    assert 'id="lookup-result"' in page and "/tra-cuu/ket-qua/?ma=" in page  # the look-up offers it too


def test_a_wrong_secret_downloads_nothing(api, client):
    dossier = approved(api, return_method="online")
    assert client.get("/tra-cuu/ket-qua/", {"ma": dossier.code, "bi-mat": "WRONG123"}).status_code == 404
    assert client.get("/tra-cuu/ket-qua/", {"ma": "nope"}).status_code == 404


def test_a_result_collected_at_the_counter_waits_for_the_counter(api, client):
    dossier = approved(api, return_method="counter")
    assert dossier.state == "result_ready"
    assert client.get("/tra-cuu/ket-qua/", {"ma": dossier.code, "bi-mat": dossier.lookup_secret}).status_code == 404
    assert not Message.objects.filter(dossier=dossier, kind="returned").exists()


def test_a_fee_due_at_return_is_paid_before_the_result_goes_out(api):
    dossier = approved(api, return_method="online", fees=[{"label": "Lệ phí", "amount": 50000}])  # due at return
    assert dossier.state == "result_ready"  # nothing is handed over unpaid
    unpaid = DossierFee.objects.get(dossier=dossier, paid_at__isnull=True)
    record_fee_paid(fee_id=unpaid.pk, method="online", reference="T1", now=timezone.now())
    assert deliver_result_online(dossier_id=dossier.pk) is True
    dossier.refresh_from_db()
    assert dossier.state == "returned" and dossier.fees.get().method == "online"  # paid online, not at return
    assert deliver_result_online(dossier_id=dossier.pk) is False  # once
    assert dossier.events.filter(action="return_result").count() == 1


def test_a_system_returning_a_result_through_the_api_collects_the_fee_due_with_an_e_receipt(api):
    dossier = approved(api, return_method="counter", fees=[{"label": "Lệ phí", "amount": 50000}])  # due at return
    answer = api.act(
        "motcua",
        dossier.code,
        "return_result",
        dossier.version,
        receiver="Nguyễn Thị Hương",
        payment_method="card",
        receipt_number="BL-typed",
    )
    assert answer.status_code == 200 and answer.json()["state"] == "returned"
    fee = dossier.fees.get()
    receipt = Receipt.objects.get(fee=fee)
    assert fee.method == "card" and fee.receipt_number == receipt.full_number != "BL-typed"
    assert receipt.payer_name == "Nguyễn Thị Hương" and receipt.amount == 50000
    wrong = approved(api, return_method="counter", fees=[{"label": "Lệ phí", "amount": 50000}])
    refused = api.act("motcua", wrong.code, "return_result", wrong.version, receiver="X", payment_method="online")
    assert refused.status_code == 422 and not wrong.fees.get().paid_at  # nothing handed over, nothing collected
    wrong.refresh_from_db()
    assert wrong.state == "result_ready"
