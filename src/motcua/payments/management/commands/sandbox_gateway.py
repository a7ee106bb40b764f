"""motcua sandbox-gateway: a local VNPay-speaking gateway for the demo and the tests (payments/sandbox.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.payments.sandbox import make_server


class Command(BaseCommand):
    help = (
        "Run a local payment gateway speaking VNPay's protocol on 127.0.0.1 (pay, fail, cancel; scenarios for the "
        "IPN's order, duplicates, bad signatures, bad amounts, none at all). State is kept in memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--tmn-code", default=settings.VNPAY_TMN_CODE)
        parser.add_argument("--ipn-url", default=f"{settings.PUBLIC_URL}/payments/vnpay/ipn")

    def handle(self, *args, port, tmn_code, ipn_url, **options):
        # The secret comes from the settings (MOTCUA_VNPAY_HASH_SECRET) only: never on a command line or in output.
        server = make_server(
            host="127.0.0.1", port=port, tmn_code=tmn_code, secret=settings.VNPAY_HASH_SECRET, ipn_url=ipn_url
        )
        self.stdout.write(f"sandbox gateway on http://127.0.0.1:{port}/paymentv2/vpcpay.html (IPN to {ipn_url})")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
