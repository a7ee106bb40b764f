"""The Decision 766 index of a scope and period: the kept figures and the catalog, scored by stats.index766."""

from __future__ import annotations

import calendar as month_calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from motcua.catalog.models import (
    AgencyProcedure,
    ChannelFee,
    LegalBasis,
    OnlineLevel,
    ProcedureChannel,
    ProcedureVersion,
    RequiredDocument,
    VersionStatus,
)
from motcua.catalog.selectors import catalog_stamp
from motcua.core.models import Agency
from motcua.stats.index766 import IndexScore, score
from motcua.stats.models import ProcedureMonth
from motcua.stats.selectors.figures import Scope, Summary, summary

PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")


class BadPeriod(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    """A year (2026), a quarter (2026-Q3) or a month (2026-09): the index's periods."""

    text: str
    start: date
    end: date

    @property
    def kind(self) -> str:
        return "month" if "-" in self.text and "Q" not in self.text else "quarter" if "Q" in self.text else "year"


def parse_period(text: str) -> Period:
    match = PERIOD.match(text.strip()[:10])
    if match is None:
        raise BadPeriod(text)
    year = int(match["year"])
    if not 2000 <= year <= 2100:
        raise BadPeriod(text)
    if match["month"]:
        first = last = int(match["month"])
    elif match["quarter"]:
        first = 3 * int(match["quarter"]) - 2
        last = first + 2
    else:
        first, last = 1, 12
    end = date(year, last, month_calendar.monthrange(year, last)[1])
    return Period(match.group(0), date(year, first, 1), end)


@dataclass(frozen=True)
class Index:
    scope: Scope
    figures: Summary
    catalog: dict[str, int]
    score: IndexScore


def index_for(scope: Scope, *, figures: Summary | None = None) -> Index:
    """The index of the scope's agencies over its period, with the figures behind every indicator (pass the
    scope's summary when the page has it already)."""
    figures = figures or summary(scope)
    catalog = catalog_measures(scope)
    return Index(scope, figures, catalog, score({**figures.as_dict(), **catalog}))


def _published(scope: Scope) -> QuerySet[ProcedureVersion]:
    versions = ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
    if scope.agency_ids is not None or scope.level:
        links = AgencyProcedure.objects.filter(procedure=OuterRef("procedure_id"), is_active=True)
        if scope.agency_ids is not None:
            links = links.filter(agency_id__in=scope.agency_ids)
        if scope.level:
            links = links.filter(agency__level=scope.level)
        versions = versions.filter(Exists(links))
    if scope.field_id is not None:
        versions = versions.filter(field_id=scope.field_id)
    if scope.procedure_id is not None:
        versions = versions.filter(procedure_id=scope.procedure_id)
    return versions


CATALOG_SECONDS = 300


def catalog_measures(scope: Scope) -> dict[str, int]:
    """What the index needs of the catalog: procedures published for the scope's agencies, offered online, and
    published with every part the rules require (steps, result, documents, legal basis, channels). These counts
    read the whole catalog: kept five minutes per scope, and recounted at once when the catalog changes."""
    # Keyed by the catalog's stamp and the day too: a publication counts at once, the online months daily.
    stamp = f"{catalog_stamp()}:{timezone.localdate()}:{scope!r}"
    key = "motcua:stats:catalog:" + hashlib.sha256(stamp.encode()).hexdigest()[:32]
    found = cache.get(key)
    if found is None:
        found = _catalog_measures(scope)
        cache.set(key, found, CATALOG_SECONDS)
    return found


def _catalog_measures(scope: Scope) -> dict[str, int]:
    versions = _published(scope)
    complete = versions.exclude(steps="").exclude(result="").exclude(implementing_agency="")
    for related in (RequiredDocument, LegalBasis, ProcedureChannel):
        complete = complete.filter(Exists(related.objects.filter(version=OuterRef("pk"))))
    counts: dict[str, Any] = versions.aggregate(
        published=_count(),
        online=_count(~Q(online_level=OnlineLevel.NONE)),
        full_online=_count(Q(online_level=OnlineLevel.FULL)),
        with_fee=_count(Exists(ChannelFee.objects.filter(channel__version=OuterRef("pk"), amount__gt=0))),
    )
    # Procedures of the scope that had an online dossier in the province in the period's months.
    months = scope.months()
    online_months = ProcedureMonth.objects.filter(
        month__gte=months[0],
        month__lte=months[-1],
        received_online__gt=0,
        procedure_id__in=versions.values("procedure_id"),
    )
    if scope.agency_ids is not None:  # the provinces of the scope's agencies (a province's root is its own)
        provinces = Agency.objects.filter(pk__in=scope.agency_ids).values("province_id")
        online_months = online_months.filter(Q(province_id__in=scope.agency_ids) | Q(province_id__in=provinces))
    with_fee = versions.filter(Exists(ChannelFee.objects.filter(channel__version=OuterRef("pk"), amount__gt=0)))
    paid_months = ProcedureMonth.objects.filter(
        month__gte=months[0], month__lte=months[-1], paid_online__gt=0, procedure_id__in=with_fee.values("procedure_id")
    )
    if scope.agency_ids is not None:
        paid_months = paid_months.filter(Q(province_id__in=scope.agency_ids) | Q(province_id__in=provinces))
    return {
        "procedures_published": counts["published"],
        "procedures_with_fee": counts["with_fee"],
        "procedures_paid_online": paid_months.values("procedure_id").distinct().count(),
        "procedures_online": counts["online"],
        "procedures_full_online": counts["full_online"],
        "procedures_complete": complete.count(),
        "procedures_with_online_dossiers": online_months.values("procedure_id").distinct().count(),
        "procedures_synced_national": 0,
    }


def _count(condition: Q | None = None) -> Count:
    return Count("pk", filter=condition)
