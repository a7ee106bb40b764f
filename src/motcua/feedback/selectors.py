"""Reading ratings (only as aggregates for staff) and feedback."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from motcua.core.models import Agency, Centre, Counter, Role, User
from motcua.core.selectors import agency_ids_for
from motcua.core.text import sort_key
from motcua.dossiers.models import Dossier
from motcua.feedback.models import SATISFIED_LEVELS, Criterion, Feedback, Level, Rating, RatingScore

PAGE = 20


def last_dossier_at_counter(*, counter: Counter, now: datetime) -> Dossier | None:
    """The dossier received or returned at this counter most recently today."""
    start = datetime.combine(timezone.localdate(now), time.min, tzinfo=timezone.get_current_timezone())
    base = Dossier.objects.filter(counter=counter).only("pk", "code", "state", "received_at", "returned_at")
    received = base.filter(received_at__gte=start, received_at__lte=now).order_by("-received_at").first()
    returned = base.filter(returned_at__gte=start, returned_at__lte=now).order_by("-returned_at").first()
    found = [(d.received_at if d is received else d.returned_at, d) for d in (received, returned) if d is not None]
    return max(found, key=lambda pair: pair[0])[1] if found else None


def rating_of(dossier: Dossier) -> Rating | None:
    return Rating.objects.prefetch_related("scores").filter(dossier=dossier).first()


def tablet_counters(user: User) -> list[Counter]:
    return list(
        Counter.objects.filter(officers__user=user, officers__role=Role.COUNTER_OFFICER)
        .select_related("centre")
        .distinct()
        .order_by("centre__name", "number")
    )


# Aggregates ---------------------------------------------------------------------------------------------------


@dataclass
class Line:
    label: str
    total: int
    satisfied: int

    @property
    def share(self) -> float:
        return round(100 * self.satisfied / self.total, 1) if self.total else 0.0


@dataclass
class Aggregates:
    total: int = 0
    levels: list[tuple[str, int]] = field(default_factory=list)
    satisfied: Line | None = None
    agencies: list[Line] = field(default_factory=list)
    officers: list[Line] = field(default_factory=list)
    criteria: list[Line] = field(default_factory=list)


def _counts():
    return {"total": Count("id"), "good": Count("id", filter=Q(level__in=SATISFIED_LEVELS))}


def aggregates(*, scope: set[int], start: date, end: date) -> Aggregates:
    """Counts per level and the share satisfied per agency, officer and criterion (four GROUP BY queries)."""
    tz = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    ratings = Rating.objects.filter(agency_id__in=scope, created_at__gte=since, created_at__lt=until).order_by()
    per_level = dict(ratings.values_list("level").annotate(n=Count("id")))
    total = sum(per_level.values())
    good = sum(per_level.get(level, 0) for level in SATISFIED_LEVELS)
    agencies = [
        Line(row["agency__name"], row["total"], row["good"])
        for row in ratings.values("agency_id", "agency__name").annotate(**_counts()).order_by("agency__name")
    ]
    officers = [
        Line(row["officer__full_name"] or row["officer__username"], row["total"], row["good"])
        for row in ratings.filter(officer__isnull=False)
        .values("officer_id", "officer__full_name", "officer__username")
        .annotate(**_counts())
        .order_by("officer__full_name", "officer__username")
    ]
    scores = RatingScore.objects.filter(rating__in=ratings).values("criterion").annotate(**_counts()).order_by()
    by_criterion = {row["criterion"]: row for row in scores}
    criteria = [
        Line(str(label), by_criterion.get(value, {}).get("total", 0), by_criterion.get(value, {}).get("good", 0))
        for value, label in Criterion.choices
    ]
    return Aggregates(
        total=total,
        levels=[(str(label), per_level.get(value, 0)) for value, label in Level.choices],
        satisfied=Line("", total, good),
        agencies=agencies,
        officers=officers,
        criteria=criteria,
    )


# The hall's rating board ---------------------------------------------------------------------------------------


@dataclass
class Figures:
    """Ratings of one period: how many, how many satisfied (levels 4-5), how many at each level (1 to 5)."""

    levels: list[int] = field(default_factory=lambda: [0] * 5)

    def add(self, level: int, n: int) -> None:
        self.levels[level - 1] += n

    @property
    def total(self) -> int:
        return sum(self.levels)

    @property
    def satisfied(self) -> int:
        return sum(self.levels[level - 1] for level in SATISFIED_LEVELS)

    @property
    def share(self) -> Decimal | None:
        """Percent satisfied to one decimal, None without a rating (a board shows a dash, not a misleading 0%)."""
        return _ratio(100 * self.satisfied, self.total, "0.1")

    @property
    def average(self) -> Decimal | None:
        return _ratio(sum(level * n for level, n in enumerate(self.levels, 1)), self.total, "0.1")


def _ratio(part: int, whole: int, places: str) -> Decimal | None:
    # Decimal, rounded half up as people round: a float would print 66.70000000000000284 through the number filter.
    return (Decimal(part) / Decimal(whole)).quantize(Decimal(places), ROUND_HALF_UP) if whole else None


@dataclass
class BoardLine:
    label: str
    today: Figures = field(default_factory=Figures)
    month: Figures = field(default_factory=Figures)
    number: int | None = None  # a counter's number


@dataclass
class Board:
    centre: str
    today: date
    updated_at: datetime
    overall: BoardLine
    agencies: list[BoardLine]
    counters: list[BoardLine]
    elsewhere: BoardLine  # ratings of the centre's dossiers given without a counter (online after the return)


def rating_board(*, centre: Centre, now: datetime) -> Board:
    """Today's and this month's ratings of a centre, in Vietnam time, per agency and per counter; never who rated
    nor which officer. A rating belongs to the centre through its counter, or, given without one, through its
    dossier's centre. Three queries: the month's ratings grouped by agency, counter and level (with today's part
    counted in the same pass), the centre's counters, and the agencies its active counters serve (shown even
    before their first rating, so that the board does not move as the day goes)."""
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    day_start = datetime.combine(today, time.min, tzinfo=tz)
    month_start = datetime.combine(today.replace(day=1), time.min, tzinfo=tz)
    day_end = day_start + timedelta(days=1)
    rows = (
        Rating.objects.filter(created_at__gte=month_start, created_at__lt=day_end)
        .filter(Q(counter__centre=centre) | Q(counter__isnull=True, dossier__centre=centre))
        .values("agency_id", "agency__name", "counter_id", "level")
        .annotate(month=Count("id"), today=Count("id", filter=Q(created_at__gte=day_start)))
        .order_by()
    )
    rows = list(rows)
    counted = {row["counter_id"] for row in rows}
    counters = {
        c.pk: BoardLine(c.name, number=c.number)
        for c in Counter.objects.filter(centre=centre).only("pk", "number", "name", "is_active").order_by("number")
        if c.is_active or c.pk in counted
    }
    overall, elsewhere = BoardLine(centre.name), BoardLine("")
    served = Agency.objects.filter(counters__centre=centre, counters__is_active=True).values_list("pk", "name")
    agencies = {pk: BoardLine(name) for pk, name in served.distinct().order_by()}
    for row in rows:
        agency = agencies.setdefault(row["agency_id"], BoardLine(row["agency__name"]))
        counter = counters.get(row["counter_id"], elsewhere) if row["counter_id"] else elsewhere
        for line in (overall, agency, counter):
            line.month.add(row["level"], row["month"])
            line.today.add(row["level"], row["today"])
    return Board(
        centre=centre.name,
        today=today,
        updated_at=timezone.localtime(now),
        overall=overall,
        agencies=sorted(agencies.values(), key=lambda line: sort_key(line.label)),
        counters=list(counters.values()),
        elsewhere=elsewhere,
    )


# Feedback -----------------------------------------------------------------------------------------------------


def feedback_for_citizen(*, code: str, secret: str) -> Feedback | None:
    """The feedback when code and secret match; None otherwise (the same answer for both)."""
    found = Feedback.objects.select_related("agency").filter(code=code.strip().upper()).first()
    given = secret.strip().upper().encode()
    if found is None or not given or not hmac.compare_digest(found.secret.encode(), given):
        return None
    return found


def open_feedback(user: User, *, limit: int = 100) -> list[Feedback]:
    """Unanswered feedback of the user's agencies, soonest due first."""
    ids = agency_ids_for(user)
    rows = Feedback.objects.filter(agency_id__in=ids, answered_at__isnull=True).select_related("agency")
    return list(rows.order_by("due_at", "id")[:limit])


def staff_feedback(*, user: User, code: str) -> Feedback | None:
    found = Feedback.objects.select_related("agency", "procedure", "answered_by").filter(code=code).first()
    if found is None or found.agency_id not in agency_ids_for(user):
        return None
    return found


def published(page: int) -> tuple[list[Feedback], bool]:
    """Published answers, newest first; only the fields without personal data are read."""
    rows = list(
        Feedback.objects.filter(published=True, publish_ok=True)
        .select_related("agency")
        .only("code", "subject", "text", "answer", "created_at", "answered_at", "agency__name")
        .order_by("-answered_at", "-id")[(page - 1) * PAGE : page * PAGE + 1]
    )
    return rows[:PAGE], len(rows) > PAGE
