"""Reading the counters (small tables kept as dossiers move), for pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.stats.models import ProcedureMonth

CACHE_SECONDS = 300


@dataclass(frozen=True)
class UsedProcedure:
    version: ProcedureVersion  # the published version, with its procedure
    received: int  # dossiers submitted in the months counted


def first_month(*, today: date, months: int) -> date:
    """The first day of the earliest month counted: this month and the `months - 1` before it."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


def most_used_procedures(*, limit: int = 8, months: int = 12, today: date | None = None) -> list[UsedProcedure]:
    """The published procedures with the most dossiers over the last `months` months (this one included), most
    used first, ties in Vietnamese order; empty while nothing has been counted. Two queries on a cache miss,
    one otherwise."""
    today = today or timezone.localdate()
    # Only ids and counts are cached: names and labels are read and translated on every page, and a procedure
    # withdrawn since is left out at once.
    key = f"motcua:stats:most-used:{today:%Y-%m}:{months}:{limit}"
    top = cache.get(key)
    if top is None:
        top = list(
            ProcedureMonth.objects.filter(
                month__gte=first_month(today=today, months=months), procedure__published_version__isnull=False
            )
            .values_list("procedure_id")
            .annotate(n=Sum("received"))
            .order_by("-n", "procedure__published_version__name_sort", "procedure_id")
            .values_list("procedure_id", "n")[:limit]
        )
        cache.set(key, top, CACHE_SECONDS)
    if not top:
        return []
    versions = {
        v.procedure_id: v
        for v in ProcedureVersion.objects.filter(
            procedure_id__in=[pk for pk, _n in top], status=VersionStatus.PUBLISHED
        ).select_related("procedure")
    }
    return [UsedProcedure(versions[pk], n) for pk, n in top if pk in versions]
