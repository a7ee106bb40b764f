"""motcua clean-uploads: remove uploads no dossier uses (left by an abandoned or failed reception), and files in
the uploads folder with no row at all (left by a crash between writing the file and its row)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from motcua.dossiers.services.files import clean_orphan_files, clean_unused_uploads


class Command(BaseCommand):
    help = (
        "Remove uploaded files that no dossier, result or applicant store uses, and files in the uploads folder "
        "with no row, older than --hours."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours: int, **options):
        count = clean_unused_uploads(older_than=timedelta(hours=hours))
        orphans = clean_orphan_files(older_than=timedelta(hours=hours))
        self.stdout.write(f"{count} unused uploads removed, {orphans} files without a row removed")
