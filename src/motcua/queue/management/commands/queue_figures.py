"""motcua queue-figures rebuild [--day YYYY-MM-DD]: recount the queue's figures from the tickets."""

import argparse
from datetime import date

from django.core.management.base import BaseCommand

from motcua.queue.services.figures import rebuild


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:  # argparse's own error: a clear message and the usage, not a traceback
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text[:20]}") from exc


class Command(BaseCommand):
    help = (
        "rebuild: recount the queue's figures per hour, area, counter and officer from the tickets, for one "
        "Vietnam day (--day) or for every day."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"])
        parser.add_argument("--day", type=_day, help="the Vietnam day to recount (default: every day)")

    def handle(self, *args, day=None, **options):
        rows = rebuild(day=day)
        where = day.isoformat() if day else "every day"
        self.stdout.write(self.style.SUCCESS(f"queue figures recounted ({where}): {rows} rows"))
