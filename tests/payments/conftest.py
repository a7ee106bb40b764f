"""A dossier with an unpaid fee, and the sandbox gateway on a free port whose IPNs reach the live server."""

import http.client
import json
import threading
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import pytest

from motcua.core.models import User
from motcua.dossiers import services
from motcua.dossiers.models import DossierFee
from motcua.payments.sandbox import make_server
from tests.dossiers.conftest import province  # noqa: F401 (a fixture)

SECRET = "sandbox-test-secret"
TMN = "MOTCUA01"


@pytest.fixture
def fee(province) -> DossierFee:  # noqa: F811
    return make_fee()


def make_fee(amount: int = 200_000) -> DossierFee:
    """A dossier received at the counter with one fee to pay (the province fixture must be there)."""
    dossier = services.receive_dossier(
        officer=User.objects.get(username="motcua"),
        procedure_code="1.000001",
        channel="counter",
        applicant=services.ApplicantInput(name="Nguyễn Văn A", id_number="001190000001"),
        documents=[services.DocumentInput(name="Tờ khai", originals=1)],
        fees=[services.FeeInput(label="Lệ phí", amount=amount)],
    )
    return dossier.fees.get()


@dataclass
class Sandbox:
    host: str
    port: int

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=20)
        conn.request(method, path, body=body)
        response = conn.getresponse()
        result = response.status, dict(response.getheaders()), response.read()
        conn.close()
        return result

    def open(self, url: str) -> str:
        """The citizen's browser opens the payment URL: the page with its buttons."""
        parts = urlsplit(url)
        status, _, body = self.request("GET", f"{parts.path}?{parts.query}")
        assert status == 200, body
        return body.decode()

    def press(self, url: str, choice: str, scenario: str = "") -> dict[str, str]:
        """Open the payment page, press a button: the signed parameters the browser is sent back with."""
        ref = dict(parse_qsl(urlsplit(url).query))["vnp_TxnRef"]
        assert "Thanh toán" in self.open(url)
        extra = f"&scenario={scenario}" if scenario else ""
        status, headers, _ = self.request("GET", f"/paymentv2/choose?ref={ref}&choice={choice}{extra}")
        assert status == 302
        return dict(parse_qsl(urlsplit(headers["Location"]).query))

    def state(self, ref: str) -> dict:
        return json.loads(self.request("GET", f"/_sandbox/state?ref={ref}")[2])

    def refuse_refunds(self, code: str) -> dict:
        """From now on the gateway refuses refunds with this response code ("" accepts them again)."""
        return json.loads(self.request("POST", f"/_sandbox/refunds?refuse={code}")[2])

    def pay(self, url: str) -> str:
        """The citizen pays at the gateway (the IPN settles the payment); the payment's txn_ref."""
        self.press(url, "pay")
        return dict(parse_qsl(urlsplit(url).query))["vnp_TxnRef"]

    def release(self, ref: str) -> dict:
        return json.loads(self.request("POST", f"/_sandbox/release?ref={ref}")[2])


@pytest.fixture
def sandbox(live_server, settings):
    server = make_server(
        host="127.0.0.1", port=0, tmn_code=TMN, secret=SECRET, ipn_url=f"{live_server.url}/payments/vnpay/ipn"
    )
    host, port = server.server_address[:2]
    settings.VNPAY_URL = f"http://{host}:{port}/paymentv2/vpcpay.html"
    settings.VNPAY_API_URL = f"http://{host}:{port}/merchant_webapi/api/transaction"
    settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET = TMN, SECRET
    settings.PUBLIC_URL = live_server.url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Sandbox(host, port)
    server.shutdown()
    server.server_close()
