"""motcua clean-uploads: remove uploads no dossier uses (left by an abandoned or failed reception)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from motcua.dossiers.services.files import clean_unused_uploads


class Command(BaseCommand):
    help = "Remove uploaded files that no dossier, result or applicant store uses, older than --hours."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours: int, **options):
        count = clean_unused_uploads(older_than=timedelta(hours=hours))
        self.stdout.write(f"{count} unused uploads removed")
