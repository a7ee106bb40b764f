"""motcua import-statement FILE: import the centre's bank statement (CSV or xlsx) and match its transfers, as the
staff page /payments/sao-ke/ does (for a scheduled download from the bank, or by hand)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.payments import statement
from motcua.payments.errors import PaymentError
from motcua.payments.services import import_statement


class Command(BaseCommand):
    help = "Import a bank statement export (CSV or xlsx) and match its transfers to fees by their payment codes."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--by", default="import-statement", help="who imports it (kept with the lines)")

    def handle(self, *args, file: Path, by: str, **options):
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        if file.stat().st_size > statement.MAX_BYTES:
            raise CommandError(PaymentError("file_too_large").message)
        try:
            result = import_statement(data=file.read_bytes(), filename=file.name, actor_name=by)
        except PaymentError as error:
            raise CommandError(f"{error.code}: {error.message}") from error
        self.stdout.write(
            f"{result.lines} credit lines, {result.new} new, {result.matched} matched, {result.unmatched} unmatched"
        )
