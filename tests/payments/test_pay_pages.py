"""The citizen pays at the HTTP level: from the look-up page or the account, the Pay button, the live sandbox
gateway, the return page in every outcome; the VietQR transfer; who may see a dossier's fees."""

from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from motcua.dossiers.models import Dossier, DossierFee
from motcua.payments import vietqr, vnpay
from motcua.payments.models import Payment
from tests.citizens import make_citizen
from tests.payments.conftest import make_fee

pytestmark = pytest.mark.django_db(transaction=True)


def fees_url(fee, secret: str | None = None) -> str:
    dossier = fee.dossier
    url = f"/thanh-toan/{dossier.code}/"
    return url + (f"?bi-mat={secret if secret is not None else dossier.lookup_secret}" if secret != "" else "")


def pay(client, fee) -> str:
    """Press Pay online: the gateway URL the browser is sent to."""
    response = client.post(f"/thanh-toan/{fee.dossier.code}/phi/{fee.pk}/vnpay/")
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def back_from_gateway(client, returned: dict[str, str]):
    return client.get(f"/payments/vnpay/return?{urlencode(returned)}")


def test_the_look_up_page_offers_to_pay_an_unpaid_fee(client, fee):
    dossier = fee.dossier
    page = client.get(f"/tra-cuu/?ma={dossier.code}&bi-mat={dossier.lookup_secret}").content.decode()
    assert 'id="lookup-pay"' in page and f"/thanh-toan/{dossier.code}/?bi-mat=" in page
    DossierFee.objects.filter(pk=fee.pk).update(paid_at="2026-03-01T10:00:00Z", method="cash")
    page = client.get(f"/tra-cuu/?ma={dossier.code}&bi-mat={dossier.lookup_secret}").content.decode()
    assert 'id="lookup-pay"' not in page


def test_paying_online_from_the_pay_page_to_the_return_page(client, fee, sandbox, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = client.get(fees_url(fee))
    html = page.content.decode()
    assert page.status_code == 200 and "200.000" in html and f'id="pay-online-{fee.pk}"' in html
    # the browser may follow the Pay form's redirect to the gateway (CSP form-action)
    assert f"form-action 'self' http://{sandbox.host}:{sandbox.port}" in page["Content-Security-Policy"]
    url = pay(client, fee)
    assert url.startswith(f"http://{sandbox.host}:{sandbox.port}/paymentv2/vpcpay.html?")
    assert dict(parse_qsl(urlsplit(url).query))["vnp_Amount"] == "20000000"  # the fee's amount, ×100
    returned = sandbox.press(url, "pay")
    result = back_from_gateway(client, returned)
    html = result.content.decode()
    assert result.status_code == 200 and 'data-outcome="paid"' in html and fee.dossier.code in html
    assert f'href="/thanh-toan/{fee.dossier.code}/"' in html  # back to the dossier's fees
    after = client.get(f"/thanh-toan/{fee.dossier.code}/").content.decode()  # this browser may come back
    assert 'id="pay-nothing"' in after and f'id="pay-online-{fee.pk}"' not in after


def test_while_the_gateway_has_not_confirmed_the_return_page_says_processing_and_reloads(client, fee, sandbox):
    client.get(fees_url(fee))
    url = pay(client, fee)
    returned = sandbox.press(url, "pay", scenario="return_first")
    html = back_from_gateway(client, returned).content.decode()
    assert 'data-outcome="processing"' in html and 'http-equiv="refresh"' in html and "lan=1" in html
    assert DossierFee.objects.get(pk=fee.pk).paid_at is None
    sandbox.release(returned["vnp_TxnRef"])
    html = client.get(f"/payments/vnpay/return?{urlencode({**returned, 'lan': '1'})}").content.decode()
    assert 'data-outcome="paid"' in html and 'http-equiv="refresh"' not in html
    gave_up = client.get(f"/payments/vnpay/return?{urlencode({**returned, 'lan': '30'})}").content.decode()
    assert 'http-equiv="refresh"' not in gave_up


@pytest.mark.parametrize(("choice", "outcome"), [("fail", "failed"), ("cancel", "cancelled")])
def test_a_failure_or_a_cancel_says_so_and_offers_to_try_again(client, fee, sandbox, choice, outcome):
    client.get(fees_url(fee))
    returned = sandbox.press(pay(client, fee), choice)
    html = back_from_gateway(client, returned).content.decode()
    assert f'data-outcome="{outcome}"' in html and 'id="pay-back"' in html
    again = pay(client, fee)  # trying again is another attempt
    assert Payment.objects.filter(fee=fee).count() == 2 and again


def test_a_forged_return_is_not_believed(client, fee, sandbox):
    client.get(fees_url(fee))
    returned = sandbox.press(pay(client, fee), "fail")
    forged = {**returned, "vnp_ResponseCode": "00", "vnp_TransactionStatus": "00"}
    html = back_from_gateway(client, forged).content.decode()
    assert 'data-outcome="invalid"' in html
    assert DossierFee.objects.get(pk=fee.pk).paid_at is None


def test_a_paid_fee_cannot_be_paid_again_and_the_page_says_why(client, fee, sandbox):
    client.get(fees_url(fee))
    sandbox.press(pay(client, fee), "pay")
    response = client.post(f"/thanh-toan/{fee.dossier.code}/phi/{fee.pk}/vnpay/")
    assert response.status_code == 409 and 'id="pay-alert"' in response.content.decode()


def test_only_the_secret_holder_or_the_owner_sees_the_fees(client, fee):
    code = fee.dossier.code
    assert client.get(f"/thanh-toan/{code}/").status_code == 404
    assert client.get(fees_url(fee, "WRONG")).status_code == 404
    assert client.post(f"/thanh-toan/{code}/phi/{fee.pk}/vnpay/").status_code == 404
    assert client.get(f"/thanh-toan/{code}/phi/{fee.pk}/vietqr.svg").status_code == 404
    assert not Payment.objects.exists()
    owner = make_citizen(phone="0912345678")
    Dossier.objects.filter(pk=fee.dossier_id).update(submitted_by=owner)
    client.force_login(owner, backend="motcua.accounts.backends.CitizenBackend")
    home = client.get("/tai-khoan/").content.decode()
    assert f'href="/thanh-toan/{code}/"' in home
    assert client.get(f"/thanh-toan/{code}/").status_code == 200


def test_a_fee_of_another_dossier_cannot_be_paid_through_this_one(client, fee):
    other = make_fee(50_000)
    client.get(fees_url(fee))
    response = client.post(f"/thanh-toan/{fee.dossier.code}/phi/{other.pk}/vnpay/")
    assert response.status_code == 404 and not Payment.objects.exists()
    assert client.get(f"/thanh-toan/{fee.dossier.code}/phi/{other.pk}/vietqr.svg").status_code == 404


def test_the_transfer_shows_the_account_the_amount_the_content_and_a_vietqr_code(client, fee, settings):
    html = client.get(fees_url(fee)).content.decode()
    ref = vietqr.reference(fee.pk)
    assert f'id="pay-content-{fee.pk}">{ref}<' in html
    assert settings.VIETQR_ACCOUNT_NUMBER in html and settings.VIETQR_ACCOUNT_NAME in html
    image = client.get(f"/thanh-toan/{fee.dossier.code}/phi/{fee.pk}/vietqr.svg")
    assert image.status_code == 200 and image["Content-Type"] == "image/svg+xml"
    assert b"<svg" in image.content and b"<script" not in image.content


def test_the_return_page_of_an_unknown_payment_is_invalid(client):
    params = vnpay.sign_query({"vnp_TxnRef": "NOSUCH", "vnp_ResponseCode": "00"}, "whatever")
    html = client.get(f"/payments/vnpay/return?{urlencode(params)}").content.decode()
    assert 'data-outcome="invalid"' in html and 'href="/tra-cuu/"' in html
