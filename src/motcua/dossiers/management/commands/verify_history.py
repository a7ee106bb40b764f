"""motcua verify-history: check every dossier's keyed, hash-chained history against the dossier; exit 1 when
anything was tampered with. `--rekey` first re-chains, with the key, the histories written before it (plain
SHA-256) whose old chain is intact (ADR 0002)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from motcua.dossiers.models import Dossier
from motcua.dossiers.services.history import rekey_dossier, verify_dossier


class Command(BaseCommand):
    help = "Verify the append-only history of every dossier (or those given by code)."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="dossier codes (default: all)")
        parser.add_argument(
            "--rekey",
            action="store_true",
            help="re-chain with the history key the histories written before it, when their old chain is intact",
        )

    def handle(self, *args, codes: list[str], rekey: bool = False, **options):
        dossiers = Dossier.objects.order_by("pk").values_list("pk", "code")
        if codes:
            dossiers = dossiers.filter(code__in=codes)
        if rekey:
            rekeyed = 0
            for pk, code in dossiers.iterator(chunk_size=2000):
                with transaction.atomic():
                    Dossier.objects.select_for_update().filter(pk=pk).first()  # the history's row lock
                    done = rekey_dossier(pk)
                rekeyed += bool(done)
                if done is False:
                    self.stdout.write(self.style.ERROR(f"{code}: not rekeyed, its old chain is broken"))
            self.stdout.write(f"{rekeyed} histories rekeyed")
        checked = broken = 0
        for pk, code in dossiers.iterator(chunk_size=2000):
            checked += 1
            for problem in verify_dossier(pk):
                broken += 1
                self.stdout.write(self.style.ERROR(f"{code}: {problem}"))
        self.stdout.write(f"{checked} dossiers checked, {broken} problems")
        if broken:
            raise CommandError("the history of some dossiers was changed")
