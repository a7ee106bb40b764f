"""The public transparency page's figures (/cong-khai/): what a province publishes about how it serves, with no
personal data (agencies and procedures only, never a name or a dossier code).

`transparency(province_id=..., today=...)` returns frozen dataclasses of plain values (no model instance, no
translated text: names of the index are English source strings translated at display), so one cached copy serves
both languages. The cache key holds the day and a stamp of the published catalog: a new day or a procedure
published or withdrawn starts a new entry; within a day the figures are at most CACHE_SECONDS old."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache

from motcua.catalog.models import ProcedureChannel
from motcua.catalog.selectors import catalog_stamp
from motcua.core.models import Agency, AgencyLevel
from motcua.core.selectors import subtree_ids
from motcua.core.text import sort_key
from motcua.stats.index766 import IndexScore
from motcua.stats.selectors.figures import Scope, Summary, by_agency, summary
from motcua.stats.selectors.index import index_for, parse_period
from motcua.stats.selectors.procedures import CACHE_SECONDS, first_month, most_used_procedures

MONTHS = 12
PROCEDURES = 8


def percent(part: int, whole: int) -> Decimal | None:
    """A share in percent with one decimal (87.5), None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class AgencyLine:
    """One agency's results over the period: its own and those of the units below it."""

    code: str
    name: str
    level: str
    received: int
    resolved: int
    resolved_in_time: int  # early or on time
    resolved_late: int
    apologised: int  # resolved late with a written apology (Mẫu 04)
    ratings: int
    satisfied: int  # rated satisfied or very satisfied

    @property
    def on_time_percent(self) -> Decimal | None:
        return percent(self.resolved_in_time, self.resolved)

    @property
    def satisfied_percent(self) -> Decimal | None:
        return percent(self.satisfied, self.ratings)


@dataclass(frozen=True)
class Deadline:
    """A channel's legal time limit as the catalog publishes it, named as ProcedureChannel's fields so that the
    catalog's `channel_deadline` formats it (at display, in the reader's language)."""

    channel: str
    deadline_amount: Decimal | None
    deadline_unit: str
    deadline_text: str

    @property
    def has_deadline(self) -> bool:
        return self.deadline_amount is not None and bool(self.deadline_unit)


@dataclass(frozen=True)
class ProcedureLine:
    code: str
    name: str
    received: int  # dossiers submitted in the months counted (the home page's figure)
    resolved: int
    resolved_in_time: int
    average_working_days: float | None  # the actual average working time to the result
    deadlines: tuple[Deadline, ...]

    @property
    def on_time_percent(self) -> Decimal | None:
        return percent(self.resolved_in_time, self.resolved)


@dataclass(frozen=True)
class IndexPart:
    """The Decision 766 index of the province for one month."""

    period: str  # "2026-09"
    start: date
    end: date
    score: IndexScore


@dataclass(frozen=True)
class Transparency:
    province_code: str
    province_name: str
    start: date
    end: date
    total: AgencyLine  # the whole province
    agencies: tuple[AgencyLine, ...]  # province-level units first, then communes; Vietnamese order
    procedures: tuple[ProcedureLine, ...]  # most used first
    index: IndexPart | None


def default_province_id() -> int | None:
    """The province the portal serves: the first root of the organisation tree (cached a few minutes)."""
    key = "motcua:stats:public:province"
    found = cache.get(key)
    if found is None:
        found = (
            Agency.objects.filter(parent__isnull=True, level=AgencyLevel.PROVINCE, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        ) or 0
        cache.set(key, found, CACHE_SECONDS)
    return found or None


def transparency(*, province_id: int, today: date) -> Transparency:
    """The page's figures, from the cache when fresh (one query: the catalog's stamp), else computed."""
    key = f"motcua:stats:public:v1:{province_id}:{today.isoformat()}:{catalog_stamp()}"
    found = cache.get(key)
    if found is None:
        found = compute(province_id=province_id, today=today)
        cache.set(key, found, CACHE_SECONDS)
    return found


def compute(*, province_id: int, today: date) -> Transparency:
    """The whole page from the kept figures: a few dozen small queries whatever the number of dossiers."""
    tree = {row["pk"]: row for row in Agency.objects.order_by().values("pk", "parent_id", "code", "name", "level")}
    province = tree[province_id]
    ids = frozenset(subtree_ids({province_id}))
    scope = Scope(start=first_month(today=today, months=MONTHS), end=today, agency_ids=ids)
    agencies = _agency_lines(scope, tree, province_id)
    return Transparency(
        province_code=province["code"],
        province_name=province["name"],
        start=scope.start,
        end=scope.end,
        total=_sum_lines(province, agencies),
        agencies=tuple(agencies),
        procedures=tuple(_procedure_lines(scope, today)),
        index=_index(ids, today),
    )


def _top_unit(agency_id: int, tree: dict[int, dict], province_id: int) -> int:
    """The unit directly under the province that an agency belongs to (a division counts for its department)."""
    current, seen = agency_id, set()
    while current in tree and current not in seen:
        seen.add(current)
        parent = tree[current]["parent_id"]
        if current == province_id or parent == province_id or parent is None:
            return current
        current = parent
    return agency_id


def _line(agency: dict, s: Summary) -> AgencyLine:
    return AgencyLine(
        code=agency["code"],
        name=agency["name"],
        level=agency["level"],
        received=s.received,
        resolved=s.resolved,
        resolved_in_time=s.resolved_early + s.resolved_on_time,
        resolved_late=s.resolved_late,
        apologised=s.resolved_late_apologised,
        ratings=s.ratings,
        satisfied=s.ratings_satisfied,
    )


def _agency_lines(scope: Scope, tree: dict[int, dict], province_id: int) -> list[AgencyLine]:
    rolled: dict[int, Summary] = defaultdict(Summary)
    for agency_id, s in by_agency(scope).items():
        into = rolled[_top_unit(agency_id, tree, province_id)]
        for name in ("received", "resolved", "resolved_early", "resolved_on_time", "resolved_late"):
            setattr(into, name, getattr(into, name) + getattr(s, name))
        into.resolved_late_apologised += s.resolved_late_apologised
        into.ratings += s.ratings
        into.ratings_satisfied += s.ratings_satisfied
    lines = [_line(tree[pk], s) for pk, s in rolled.items() if s.received or s.resolved or s.ratings]
    # Sorted as people read: province-level units, then communes, each in Vietnamese alphabetical order.
    order = {AgencyLevel.MINISTRY: 0, AgencyLevel.PROVINCE: 1, AgencyLevel.COMMUNE: 2}
    return sorted(lines, key=lambda line: (order.get(line.level, 3), sort_key(line.name)))


def _sum_lines(province: dict, lines: list[AgencyLine]) -> AgencyLine:
    def total(name: str) -> int:
        return sum(getattr(line, name) for line in lines)

    return AgencyLine(
        code=province["code"],
        name=province["name"],
        level=province["level"],
        received=total("received"),
        resolved=total("resolved"),
        resolved_in_time=total("resolved_in_time"),
        resolved_late=total("resolved_late"),
        apologised=total("apologised"),
        ratings=total("ratings"),
        satisfied=total("satisfied"),
    )


def _procedure_lines(scope: Scope, today: date) -> list[ProcedureLine]:
    used_ones = most_used_procedures(limit=PROCEDURES, months=MONTHS, today=today)
    channels: dict[int, list[ProcedureChannel]] = defaultdict(list)
    for channel in ProcedureChannel.objects.filter(version__in=[u.version for u in used_ones]).order_by("id"):
        channels[channel.version_id].append(channel)
    lines = []
    for used in used_ones:
        version = used.version
        s = summary(
            Scope(start=scope.start, end=scope.end, agency_ids=scope.agency_ids, procedure_id=version.procedure_id)
        )
        lines.append(
            ProcedureLine(
                code=version.procedure.code,
                name=version.name,
                received=used.received,
                resolved=s.resolved,
                resolved_in_time=s.resolved_in_time,
                average_working_days=s.average_working_days,
                deadlines=tuple(
                    Deadline(c.channel, c.deadline_amount, c.deadline_unit, c.deadline_text)
                    for c in channels[version.pk]
                ),
            )
        )
    return lines


def _index(ids: frozenset[int], today: date) -> IndexPart | None:
    """This month's index, or last month's when this month has nothing yet (its first days)."""
    last_month = today.replace(day=1) - timedelta(days=1)
    for month in (today, last_month):
        period = parse_period(f"{month:%Y-%m}")
        found = index_for(Scope(start=period.start, end=period.end, agency_ids=ids))
        if found.figures.received or found.figures.resolved:
            return IndexPart(period.text, period.start, period.end, found.score)
    return None
