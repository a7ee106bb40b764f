"""The VNPay merchant protocol, payment API version 2.1.0 (sources: docs/payments.md). Pure Python: the merchant
side (motcua.payments.services) and the local sandbox gateway both speak it through these functions only."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import quote_plus

VERSION = "2.1.0"
VN_TIME = timezone(timedelta(hours=7), "GMT+7")  # VNPay's dates are GMT+7 whatever the server's zone
DATE_FORMAT = "%Y%m%d%H%M%S"
HASH = "vnp_SecureHash"
HASH_TYPE = "vnp_SecureHashType"  # sent by versions before 2.1.0; never part of the signed data
MAX_PARAMS = 40  # a return or IPN carries about 13 vnp_ parameters: more is not VNPay
MAX_VALUE = 1000

# The merchant's answers to an IPN (the JSON body VNPay expects back).
IPN_CONFIRMED = "00"
IPN_ORDER_NOT_FOUND = "01"
IPN_ALREADY_CONFIRMED = "02"
IPN_INVALID_AMOUNT = "04"
IPN_INVALID_SIGNATURE = "97"
IPN_OTHER = "99"
_IPN_MESSAGES = {
    IPN_CONFIRMED: "Confirm Success",
    IPN_ORDER_NOT_FOUND: "Order not found",
    IPN_ALREADY_CONFIRMED: "Order already confirmed",
    IPN_INVALID_AMOUNT: "Invalid amount",
    IPN_INVALID_SIGNATURE: "Invalid signature",
    IPN_OTHER: "Unknown error",
}

# vnp_ResponseCode of a payment and vnp_TransactionStatus, as the gateway reports them.
SUCCESS = "00"
CUSTOMER_CANCELLED = "24"
STATUS_PENDING = "01"  # not finished: the citizen has not paid (yet)
STATUS_FAILED = "02"
# vnp_ResponseCode of the transaction API (querydr, refund).
API_OK = "00"
API_NOT_FOUND = "91"
API_BAD_CHECKSUM = "97"
API_INVALID_REQUEST = "03"
API_BAD_MERCHANT = "02"
API_REFUND_ALREADY_REQUESTED = "94"
API_ORIGINAL_FAILED = "95"
API_OTHER = "99"

# The pipe-joined fields each transaction API message is signed over, in this order.
QUERY_REQUEST_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)  # fmt: skip
QUERY_RESPONSE_FIELDS = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
    "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount",
)  # fmt: skip
REFUND_REQUEST_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TransactionType", "vnp_TxnRef",
    "vnp_Amount", "vnp_TransactionNo", "vnp_TransactionDate", "vnp_CreateBy", "vnp_CreateDate",
    "vnp_IpAddr", "vnp_OrderInfo",
)  # fmt: skip
REFUND_RESPONSE_FIELDS = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
    "vnp_TransactionStatus", "vnp_OrderInfo",
)  # fmt: skip
REFUND_FULL = "02"
REFUND_PARTIAL = "03"


@dataclass(frozen=True)
class Merchant:
    tmn_code: str
    secret: str = ""  # never logged, never in a repr
    pay_url: str = ""
    api_url: str = ""

    def __repr__(self) -> str:
        return f"Merchant(tmn_code={self.tmn_code!r}, pay_url={self.pay_url!r})"


def vn_date(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed: VNPay's dates are GMT+7")
    return moment.astimezone(VN_TIME).strftime(DATE_FORMAT)


def parse_vn_date(text: str) -> datetime:
    return datetime.strptime(text, DATE_FORMAT).replace(tzinfo=VN_TIME)


def hmac_sha512(data: str, secret: str) -> str:
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def canonical_query(params: Mapping[str, str]) -> str:
    """The signed data: vnp_ parameters but the hash itself, sorted by name, URL-encoded the way VNPay does
    (spaces as '+'), empty values left out."""
    items = sorted((k, v) for k, v in params.items() if k.startswith("vnp_") and k not in (HASH, HASH_TYPE) and v)
    return "&".join(f"{quote_plus(k)}={quote_plus(str(v))}" for k, v in items)


def sign_query(params: Mapping[str, str], secret: str) -> dict[str, str]:
    """The parameters with vnp_SecureHash added."""
    signed = {k: str(v) for k, v in params.items() if k not in (HASH, HASH_TYPE)}
    signed[HASH] = hmac_sha512(canonical_query(signed), secret)
    return signed


def verify_query(params: Mapping[str, str], secret: str) -> bool:
    """A return or IPN query is VNPay's when its hash matches the one recomputed over its other vnp_ parameters
    (compared in constant time)."""
    given = params.get(HASH, "")
    if not given or len(params) > MAX_PARAMS or any(len(str(v)) > MAX_VALUE for v in params.values()):
        return False
    return hmac.compare_digest(given.lower(), hmac_sha512(canonical_query(params), secret))


def payment_url(
    merchant: Merchant,
    *,
    txn_ref: str,
    amount: int,
    order_info: str,
    return_url: str,
    client_ip: str,
    created: datetime,
    expires: datetime,
    order_type: str = "other",
    locale: str = "vn",
) -> str:
    """The URL the citizen's browser is sent to; `amount` in đồng (VNPay wants it ×100)."""
    if amount <= 0:
        raise ValueError("a payment needs a positive amount")
    params = {
        "vnp_Version": VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": merchant.tmn_code,
        "vnp_Amount": str(amount * 100),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": txn_ref,
        "vnp_OrderInfo": order_info,
        "vnp_OrderType": order_type,
        "vnp_Locale": locale,
        "vnp_ReturnUrl": return_url,
        "vnp_IpAddr": client_ip,
        "vnp_CreateDate": vn_date(created),
        "vnp_ExpireDate": vn_date(expires),
    }
    signed = sign_query(params, merchant.secret)
    return f"{merchant.pay_url}?{canonical_query(signed)}&{HASH}={signed[HASH]}"


def ipn_answer(code: str) -> dict[str, str]:
    return {"RspCode": code, "Message": _IPN_MESSAGES.get(code, _IPN_MESSAGES[IPN_OTHER])}


def pipe_checksum(body: Mapping[str, object], fields: Iterable[str], secret: str) -> str:
    return hmac_sha512("|".join(str(body.get(f, "")) for f in fields), secret)


def sign_body(body: Mapping[str, object], fields: Iterable[str], secret: str) -> dict[str, object]:
    return {**body, HASH: pipe_checksum(body, fields, secret)}


def verify_body(body: Mapping[str, object], fields: Iterable[str], secret: str) -> bool:
    given = body.get(HASH)
    if not isinstance(given, str) or not given:
        return False
    return hmac.compare_digest(given.lower(), pipe_checksum(body, fields, secret))


def query_request(
    merchant: Merchant,
    *,
    request_id: str,
    txn_ref: str,
    transaction_date: datetime,
    created: datetime,
    client_ip: str,
    order_info: str,
) -> dict[str, object]:
    """The JSON body of a querydr (the payment's result at VNPay), signed."""
    body = {
        "vnp_RequestId": request_id,
        "vnp_Version": VERSION,
        "vnp_Command": "querydr",
        "vnp_TmnCode": merchant.tmn_code,
        "vnp_TxnRef": txn_ref,
        "vnp_OrderInfo": order_info,
        "vnp_TransactionDate": vn_date(transaction_date),
        "vnp_CreateDate": vn_date(created),
        "vnp_IpAddr": client_ip,
    }
    return sign_body(body, QUERY_REQUEST_FIELDS, merchant.secret)


def refund_request(
    merchant: Merchant,
    *,
    request_id: str,
    txn_ref: str,
    amount: int,
    transaction_no: str,
    transaction_date: datetime,
    created_by: str,
    created: datetime,
    client_ip: str,
    order_info: str,
    full: bool = True,
) -> dict[str, object]:
    """The JSON body of a refund request, signed; `amount` in đồng."""
    body = {
        "vnp_RequestId": request_id,
        "vnp_Version": VERSION,
        "vnp_Command": "refund",
        "vnp_TmnCode": merchant.tmn_code,
        "vnp_TransactionType": REFUND_FULL if full else REFUND_PARTIAL,
        "vnp_TxnRef": txn_ref,
        "vnp_Amount": str(amount * 100),
        "vnp_OrderInfo": order_info,
        "vnp_TransactionNo": transaction_no,
        "vnp_TransactionDate": vn_date(transaction_date),
        "vnp_CreateBy": created_by,
        "vnp_CreateDate": vn_date(created),
        "vnp_IpAddr": client_ip,
    }
    return sign_body(body, REFUND_REQUEST_FIELDS, merchant.secret)
