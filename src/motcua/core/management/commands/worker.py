"""motcua worker: run the background jobs the apps registered (core.jobs): deliver pending events, send the queued
notifications with retries and backoff, forget expired one-time codes…; --once for cron."""

import time

from django.core.management.base import BaseCommand

from motcua.core.jobs import jobs


class Command(BaseCommand):
    help = "Run the background jobs (events, notifications, housekeeping); loops until stopped (or --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="do what is due now, then exit")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between polls (default 5)")
        parser.add_argument("--batch", type=int, default=20, help="messages claimed at a time (default 20)")

    def handle(self, *args, once: bool, interval: float, batch: int, **options):
        last_run: dict[str, float] = {}
        while True:
            worked = False  # a job that handled something may have more: poll again at once, sleep otherwise
            for job in jobs():
                if job.name in last_run and time.monotonic() - last_run[job.name] < job.every_seconds:
                    continue
                last_run[job.name] = time.monotonic()
                handled = job.run(batch=batch)
                worked = worked or bool(handled)
                if job.report and handled is not None and (handled or once):
                    self.stdout.write(job.report.format(n=handled))
            if once:
                return
            if worked:
                continue
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                return
