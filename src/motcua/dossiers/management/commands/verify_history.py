"""motcua verify-history: check every dossier's hash-chained history; exit 1 when anything was tampered with."""

from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.models import Dossier
from motcua.dossiers.services.history import verify_dossier


class Command(BaseCommand):
    help = "Verify the append-only history of every dossier (or those given by code)."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="dossier codes (default: all)")

    def handle(self, *args, codes: list[str], **options):
        dossiers = Dossier.objects.order_by("pk").values_list("pk", "code")
        if codes:
            dossiers = dossiers.filter(code__in=codes)
        checked = broken = 0
        for pk, code in dossiers.iterator(chunk_size=2000):
            checked += 1
            for problem in verify_dossier(pk):
                broken += 1
                self.stdout.write(self.style.ERROR(f"{code}: {problem}"))
        self.stdout.write(f"{checked} dossiers checked, {broken} problems")
        if broken:
            raise CommandError("the history of some dossiers was changed")
