"""A local gateway that speaks VNPay's protocol (vnpay.py), so the demo and the tests pay for real over HTTP.
Stdlib only, state in memory. Scenario switches, per payment (`scenario=` on the payment URL or the Pay button)
or for the next payments (POST /_sandbox/scenario?name=...):
  ipn_first (default) the IPN, then the browser's return;   return_first  the return; IPN on /_sandbox/release
  ipn_twice           the same IPN twice;                    bad_signature an IPN with a wrong signature
  bad_amount          an IPN with a wrong amount;            no_ipn        none at all (querydr settles it)
Refunds (vnp_Command=refund) are accepted once per payment, unless POST /_sandbox/refunds?refuse=NN makes the
gateway refuse them all with response code NN (?refuse= accepts again)."""

from __future__ import annotations

import html
import json
import secrets
import threading
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from motcua.payments import vnpay

SCENARIOS = ("ipn_first", "return_first", "ipn_twice", "bad_signature", "bad_amount", "no_ipn")
CHOICES = {"pay": ("00", "00"), "fail": ("51", "02"), "cancel": ("24", "02")}  # response code, status
MAX_BODY = 16384
REFUND_PROCESSING = "05"  # vnp_TransactionStatus of a payment whose refund VNPay is processing


@dataclass
class Txn:
    params: dict[str, str]
    scenario: str
    transaction_no: str = ""
    response_code: str = ""
    status: str = vnpay.STATUS_PENDING
    pay_date: str = ""
    held_ipn: dict[str, str] | None = None
    ipn_answers: list[Any] = field(default_factory=list)
    refunded: int = 0


class Gateway:
    def __init__(self, *, tmn_code: str, secret: str, ipn_url: str):
        self.tmn_code, self.secret, self.ipn_url = tmn_code, secret, ipn_url
        self.txns: dict[str, Txn] = {}
        self.next_scenario = "ipn_first"
        self.refuse_refunds = ""  # a VNPay response code to refuse every refund with (POST /_sandbox/refunds)
        self.lock = threading.Lock()

    def result_params(self, txn: Txn) -> dict[str, str]:
        p = txn.params
        params = {
            "vnp_Amount": p["vnp_Amount"],
            "vnp_BankCode": "NCB",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": p.get("vnp_OrderInfo", ""),
            "vnp_PayDate": txn.pay_date,
            "vnp_ResponseCode": txn.response_code,
            "vnp_TmnCode": self.tmn_code,
            "vnp_TransactionNo": txn.transaction_no,
            "vnp_TransactionStatus": txn.status,
            "vnp_TxnRef": p["vnp_TxnRef"],
        }
        return vnpay.sign_query(params, self.secret)

    def send_ipn(self, params: dict[str, str]) -> Any:
        try:
            url = f"{self.ipn_url}?{urlencode(params)}"
            with urllib.request.urlopen(url, timeout=10) as response:  # the configured merchant
                return json.loads(response.read(4096))
        except (OSError, ValueError) as exc:  # VNPay would retry; the sandbox records the failure
            return {"error": type(exc).__name__}

    def choose(self, ref: str, choice: str) -> str:
        """The citizen pressed a button: settle the transaction, deliver the IPN as the scenario says, and give
        the return URL the browser goes to."""
        txn = self.txns[ref]
        with self.lock:
            if not txn.response_code:
                txn.response_code, txn.status = CHOICES[choice]
                txn.transaction_no = str(14000000 + secrets.randbelow(999999)) if choice != "cancel" else "0"
                txn.pay_date = vnpay.vn_date(datetime.now(vnpay.VN_TIME))
        params = self.result_params(txn)
        ipn = dict(params)
        if txn.scenario == "bad_signature":
            ipn[vnpay.HASH] = "0" * 128
        elif txn.scenario == "bad_amount":
            ipn = vnpay.sign_query({**ipn, "vnp_Amount": str(int(ipn["vnp_Amount"]) + 100)}, self.secret)
        if txn.scenario == "return_first":
            txn.held_ipn = ipn
        elif txn.scenario != "no_ipn":
            for _ in range(2 if txn.scenario == "ipn_twice" else 1):
                txn.ipn_answers.append(self.send_ipn(ipn))
        return f"{txn.params['vnp_ReturnUrl']}?{urlencode(params)}"

    def refund_refusal(self, txn: Txn, body: dict[str, Any]) -> str:
        """The code a refund request is refused with, or "" (VNPay's codes: 94 asked already, 95 the payment
        did not go through, 03 a malformed request such as more than was paid)."""
        if self.refuse_refunds:
            return self.refuse_refunds
        if txn.status in (REFUND_PROCESSING, "06"):
            return vnpay.API_REFUND_ALREADY_REQUESTED
        if txn.status != vnpay.SUCCESS:
            return vnpay.API_ORIGINAL_FAILED
        asked = str(body.get("vnp_Amount", ""))
        if not asked.isdigit() or not 0 < int(asked) <= int(txn.params["vnp_Amount"]):
            return vnpay.API_INVALID_REQUEST
        kind = body.get("vnp_TransactionType")
        if kind not in (vnpay.REFUND_FULL, vnpay.REFUND_PARTIAL) or (kind == vnpay.REFUND_FULL) != (
            int(asked) == int(txn.params["vnp_Amount"])
        ):
            return vnpay.API_INVALID_REQUEST
        return ""

    def query(self, body: dict[str, Any]) -> dict[str, Any]:
        command = body.get("vnp_Command")
        fields = vnpay.REFUND_REQUEST_FIELDS if command == "refund" else vnpay.QUERY_REQUEST_FIELDS
        answer: dict[str, Any] = {"vnp_ResponseId": secrets.token_hex(8), "vnp_Command": command}
        answer["vnp_TmnCode"] = self.tmn_code
        txn = self.txns.get(str(body.get("vnp_TxnRef", "")))
        if command not in ("querydr", "refund"):
            answer.update(vnp_ResponseCode=vnpay.API_INVALID_REQUEST, vnp_Message="Invalid request")
        elif body.get("vnp_TmnCode") != self.tmn_code or not vnpay.verify_body(body, fields, self.secret):
            answer.update(vnp_ResponseCode=vnpay.API_BAD_CHECKSUM, vnp_Message="Invalid checksum")
        elif txn is None:
            answer.update(vnp_ResponseCode=vnpay.API_NOT_FOUND, vnp_Message="Transaction not found")
        elif command == "refund" and (refusal := self.refund_refusal(txn, body)):
            answer.update(vnp_ResponseCode=refusal, vnp_Message="Refund refused", vnp_TxnRef=txn.params["vnp_TxnRef"])
        else:
            if command == "refund":
                txn.refunded, txn.status = int(str(body.get("vnp_Amount", "0"))), REFUND_PROCESSING
            answer.update(
                vnp_ResponseCode=vnpay.API_OK,
                vnp_Message="Success",
                vnp_TxnRef=txn.params["vnp_TxnRef"],
                vnp_Amount=txn.params["vnp_Amount"],
                vnp_BankCode="NCB",
                vnp_PayDate=txn.pay_date,
                vnp_TransactionNo=txn.transaction_no,
                vnp_TransactionType=str(body.get("vnp_TransactionType", "")) if command == "refund" else "01",
                vnp_TransactionStatus=txn.status,
                vnp_OrderInfo=txn.params.get("vnp_OrderInfo", ""),
            )
        out = vnpay.REFUND_RESPONSE_FIELDS if command == "refund" else vnpay.QUERY_RESPONSE_FIELDS
        return vnpay.sign_body(answer, out, self.secret)


PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thanh toán thử nghiệm</title></head>
<body><h1>Cổng thanh toán thử nghiệm (VNPay sandbox)</h1><p>{info}</p><p>Số tiền: <strong>{amount} đ</strong></p>
<form action="/paymentv2/choose" method="get"><input type="hidden" name="ref" value="{ref}">
<button name="choice" value="pay">Thanh toán</button> <button name="choice" value="fail">Thanh toán thất bại</button>
<button name="choice" value="cancel">Hủy giao dịch</button></form></body></html>"""


class Handler(BaseHTTPRequestHandler):
    gateway: Gateway

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read the state, not the log
        pass

    def _send(self, status: int, body: str, ctype: str = "text/html; charset=utf-8", location: str = "") -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(data)

    def _json(self, obj: Any, status: int = 200) -> None:
        self._send(status, json.dumps(obj, ensure_ascii=False), "application/json")

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query, keep_blank_values=True, max_num_fields=60))
        gw = self.gateway
        if url.path == "/paymentv2/vpcpay.html":
            if query.get("vnp_TmnCode") != gw.tmn_code or not vnpay.verify_query(query, gw.secret):
                return self._send(400, "<p>Sai chữ ký hoặc mã website (vnp_TmnCode).</p>")
            ref = query["vnp_TxnRef"]
            scenario = query.get("scenario") or gw.next_scenario
            gw.txns.setdefault(ref, Txn(params=query, scenario=scenario))
            amount = f"{int(query['vnp_Amount']) // 100:,}".replace(",", ".")
            info = html.escape(query.get("vnp_OrderInfo", ""))
            return self._send(200, PAGE.format(info=info, amount=amount, ref=html.escape(ref)))
        if url.path == "/paymentv2/choose":
            ref, choice = query.get("ref", ""), query.get("choice", "")
            if ref not in gw.txns or choice not in CHOICES:
                return self._send(404, "<p>Không tìm thấy giao dịch.</p>")
            if query.get("scenario") in SCENARIOS:
                gw.txns[ref].scenario = query["scenario"]
            return self._send(302, "", location=gw.choose(ref, choice))
        if url.path == "/_sandbox/state":
            txn = gw.txns.get(query.get("ref", ""))
            if txn is None:
                return self._json({"error": "not found"}, 404)
            return self._json({"status": txn.status, "scenario": txn.scenario, "ipn_answers": txn.ipn_answers})
        self._send(404, "<p>Không tìm thấy.</p>")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query))
        gw = self.gateway
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._json({"error": "too large"}, 413)
        raw = self.rfile.read(length)
        if url.path == "/merchant_webapi/api/transaction":
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = None
            if not isinstance(body, dict):
                return self._json({"vnp_ResponseCode": vnpay.API_INVALID_REQUEST, "vnp_Message": "Invalid JSON"})
            return self._json(gw.query(body))
        if url.path == "/_sandbox/scenario" and query.get("name") in SCENARIOS:
            gw.next_scenario = query["name"]
            return self._json({"scenario": gw.next_scenario})
        if url.path == "/_sandbox/refunds":  # ?refuse=99 refuses every refund with that code; ?refuse= accepts
            code = query.get("refuse", "")
            gw.refuse_refunds = code if code.isdigit() and len(code) == 2 else ""
            return self._json({"refuse_refunds": gw.refuse_refunds})
        if url.path == "/_sandbox/release":  # return_first: the IPN held back goes now
            txn = gw.txns.get(query.get("ref", ""))
            if txn is None or txn.held_ipn is None:
                return self._json({"error": "nothing held"}, 404)
            ipn, txn.held_ipn = txn.held_ipn, None
            txn.ipn_answers.append(gw.send_ipn(ipn))
            return self._json({"ipn_answers": txn.ipn_answers})
        self._json({"error": "not found"}, 404)


def make_server(*, host: str, port: int, tmn_code: str, secret: str, ipn_url: str) -> ThreadingHTTPServer:
    gateway = Gateway(tmn_code=tmn_code, secret=secret, ipn_url=ipn_url)
    handler = type("SandboxHandler", (Handler,), {"gateway": gateway})
    return ThreadingHTTPServer((host, port), handler)
