"""motcua stats rebuild [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--province CODE]: recount the figures."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.core.models import Agency
from motcua.dossiers.models import Dossier
from motcua.stats.services.procedures import rebuild_procedure_counts
from motcua.stats.services.rebuild import RebuildError, rebuild_figures


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {text[:20]}") from exc


class Command(BaseCommand):
    help = (
        "rebuild: recount the statistics (figures per day and month, officers, ratings, feedback) from the "
        "dossiers, their history, the ratings and the feedback, for whole months from --from to --to "
        "(default: the first dossier's month to this month)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"])
        parser.add_argument("--from", dest="start", type=_day, help="first day (its whole month is recounted)")
        parser.add_argument("--to", dest="end", type=_day, help="last day (its whole month is recounted)")
        parser.add_argument("--province", help="the province's agency code (default: every province)")

    def handle(self, *args, start=None, end=None, province=None, **options):
        province_id = None
        if province:
            province_id = Agency.objects.filter(code=province, parent__isnull=True).values_list("pk", flat=True).first()
            if province_id is None:
                raise CommandError(f"no province with the code {province[:20]}")
        if start is None:
            first = Dossier.objects.order_by("submitted_at").values_list("submitted_at", flat=True).first()
            start = timezone.localdate(first) if first else timezone.localdate()
        end = end or timezone.localdate()
        if end < start:
            raise CommandError("--to is before --from")
        try:
            period = rebuild_figures(start=start, end=end, province_id=province_id)
        except RebuildError as exc:
            raise CommandError(str(exc)) from exc
        rebuild_procedure_counts(province_id=province_id)  # the portal's "most used", over every month
        self.stdout.write(self.style.SUCCESS(f"figures recounted from {period.first} to {period.last}"))
