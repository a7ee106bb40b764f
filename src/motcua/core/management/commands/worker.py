"""motcua worker: send the queued notifications (e-mail, SMS), with retries and backoff; --once for cron. It also
forgets one-time codes past their time, once a minute."""

import time

from django.core.management.base import BaseCommand

from motcua.accounts.services import forget_expired_codes
from motcua.notifications.sending import run_once

HOUSEKEEPING_EVERY = 60.0  # seconds


class Command(BaseCommand):
    help = "Send queued notifications; loops until stopped (or --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="send what is due now, then exit")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between polls (default 5)")
        parser.add_argument("--batch", type=int, default=20, help="messages claimed at a time (default 20)")

    def handle(self, *args, once: bool, interval: float, batch: int, **options):
        last_housekeeping = 0.0
        while True:
            if time.monotonic() - last_housekeeping >= HOUSEKEEPING_EVERY:
                forget_expired_codes()
                last_housekeeping = time.monotonic()
            handled = run_once(batch=batch)
            if handled or once:
                self.stdout.write(f"{handled} messages handled")
            if once:
                return
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                return
