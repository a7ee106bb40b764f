"""The VNPay protocol, pure: signing, verifying, the transaction API's checksums."""

import hashlib
import hmac
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

from motcua.payments import vnpay

SECRET = "TESTSECRET0123456789"
MERCHANT = vnpay.Merchant(tmn_code="DEMOV210", secret=SECRET, pay_url="https://gw.example/paymentv2/vpcpay.html")


def test_a_known_vector_is_hmac_sha512_of_the_sorted_encoded_query():
    params = {"vnp_TxnRef": "5", "vnp_Amount": "1806000", "vnp_OrderInfo": "Thanh toan don hang :5"}
    expected_data = "vnp_Amount=1806000&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_TxnRef=5"
    expected = hmac.new(SECRET.encode(), expected_data.encode(), hashlib.sha512).hexdigest()
    assert vnpay.canonical_query(params) == expected_data
    assert vnpay.sign_query(params, SECRET)["vnp_SecureHash"] == expected


def test_the_payment_url_carries_every_parameter_and_verifies():
    created = datetime(2026, 12, 6, 2, 0, 0, tzinfo=UTC)  # 09:00 in Vietnam
    url = vnpay.payment_url(
        MERCHANT, txn_ref="F1TABC", amount=50_000, order_info="Phi ho so", return_url="https://m.example/return",
        client_ip="10.0.0.1", created=created, expires=created.replace(minute=15),
    )  # fmt: skip
    parts = urlsplit(url)
    assert parts.path == "/paymentv2/vpcpay.html"
    params = dict(parse_qsl(parts.query))
    assert params["vnp_Amount"] == "5000000"
    assert params["vnp_CreateDate"] == "20261206090000"
    assert params["vnp_ExpireDate"] == "20261206091500"
    assert params["vnp_Version"] == "2.1.0" and params["vnp_Command"] == "pay" and params["vnp_CurrCode"] == "VND"
    assert vnpay.verify_query(params, SECRET)
    assert not vnpay.verify_query(params, "another secret")


def test_a_tampered_parameter_or_a_missing_hash_is_invalid():
    signed = vnpay.sign_query({"vnp_Amount": "100000", "vnp_TxnRef": "A1", "vnp_ResponseCode": "00"}, SECRET)
    assert vnpay.verify_query(signed, SECRET)
    assert not vnpay.verify_query({**signed, "vnp_Amount": "100100"}, SECRET)
    assert not vnpay.verify_query({k: v for k, v in signed.items() if k != "vnp_SecureHash"}, SECRET)
    # The hash type is not signed data (version 2.1.0): its presence changes nothing.
    assert vnpay.verify_query({**signed, "vnp_SecureHashType": "HmacSHA512"}, SECRET)


def test_querydr_is_signed_over_its_fields_joined_by_pipes_in_order():
    now = datetime(2026, 12, 6, 2, 0, 0, tzinfo=UTC)
    body = vnpay.query_request(
        MERCHANT, request_id="R1", txn_ref="F1TABC", transaction_date=now, created=now, client_ip="127.0.0.1",
        order_info="Truy van",
    )  # fmt: skip
    data = "R1|2.1.0|querydr|DEMOV210|F1TABC|20261206090000|20261206090000|127.0.0.1|Truy van"
    assert body["vnp_SecureHash"] == hmac.new(SECRET.encode(), data.encode(), hashlib.sha512).hexdigest()
    assert vnpay.verify_body(body, vnpay.QUERY_REQUEST_FIELDS, SECRET)
    assert not vnpay.verify_body({**body, "vnp_TxnRef": "F2"}, vnpay.QUERY_REQUEST_FIELDS, SECRET)


def test_refund_request_and_ipn_answers():
    now = datetime(2026, 12, 6, 2, 0, 0, tzinfo=UTC)
    body = vnpay.refund_request(
        MERCHANT, request_id="R2", txn_ref="F1", amount=20_000, transaction_no="14000001", transaction_date=now,
        created_by="ketoan", created=now, client_ip="127.0.0.1", order_info="Hoan tien",
    )  # fmt: skip
    assert body["vnp_Amount"] == "2000000" and body["vnp_TransactionType"] == vnpay.REFUND_FULL
    assert vnpay.verify_body(body, vnpay.REFUND_REQUEST_FIELDS, SECRET)
    assert vnpay.ipn_answer("97") == {"RspCode": "97", "Message": "Invalid signature"}
    assert vnpay.ipn_answer("02")["Message"] == "Order already confirmed"
    assert SECRET not in repr(MERCHANT)
