"""Statistics benchmarks: what keeping the figures adds to a reception, the rebuild of a year, and a province-year
dashboard and index read from the kept figures, beside a direct GROUP BY over the dossiers (the naive way).

The dossiers come from the demo's history generator with their full history (one year of a big province).
Bigger histories (2 M, 5 M) are made by copying the year's kept figures into earlier years, which is what those
years' figures would be for a province of the same size: the dashboard reads only the kept tables, so this
shows how its cost grows with history; the direct GROUP BY is timed on the dossiers that really exist.
"""

from __future__ import annotations

import statistics
import time
from datetime import date, datetime, timedelta
from datetime import time as day_time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from motcua.core import events as core_events
from motcua.core.models import User
from motcua.demo.build import build_demo
from motcua.demo.history import generate_history
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.stats.models import DayFigures, MonthFigures, RatingMonth, StepMonth
from motcua.stats.selectors.figures import Scope, by_month, late_steps, overview
from motcua.stats.selectors.index import index_for
from motcua.stats.selectors.opinions import rating_criteria
from motcua.stats.services.keeping import FIGURES
from motcua.stats.services.rebuild import rebuild_figures

RECEPTIONS = 300  # per round; four rounds alternate with and without the figures
REPEAT = 40


def run(size: int = 1_000_000) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    build_demo()
    _reception_overhead()
    _build(size)
    year = _rebuild()
    _dashboards(year, size)


# --- keeping the figures at reception ---------------------------------------------------------------------------


def _reception_overhead() -> None:
    from bench.dossiers import _procedure  # the same reception as the dossier benchmark

    code, documents, fee = _procedure()
    officer = User.objects.get(username="motcua")
    serial = iter(range(10**7))

    def receive_many() -> float:
        started = time.perf_counter()
        for _ in range(RECEPTIONS):
            applicant = services.ApplicantInput(
                name="Nguyễn Văn Thử", id_number=f"0980{next(serial):08d}", phone="0912345678", address="Hòa An"
            )
            services.receive_dossier(
                officer=officer,
                procedure_code=code,
                channel="counter",
                agency_code="000.00.03.H99",
                applicant=applicant,
                documents=documents,
                fees=[fee],
            )
        return RECEPTIONS / (time.perf_counter() - started)

    kept = [name for name in core_events._HANDLERS if name[1] == FIGURES]
    handlers = {name: core_events._HANDLERS[name] for name in kept}
    with_figures, without = [], []
    for _round in range(2):
        with_figures.append(receive_many())
        for name in kept:  # the figures' subscriber left out: what a reception costs without it
            del core_events._HANDLERS[name]
        without.append(receive_many())
        core_events._HANDLERS.update(handlers)
    a, b = statistics.median(with_figures), statistics.median(without)
    print(
        f"reception (counter, delivered after commit): {a:5.0f}/s keeping the figures, {b:5.0f}/s without them: "
        f"keeping them costs {b / a - 1:+.1%} per reception (target: at most +10%)"
    )


# --- a year of dossiers and its rebuild ---------------------------------------------------------------------------


def _build(size: int) -> None:
    have = Dossier.objects.count()
    started = time.perf_counter()
    made = generate_history(count=max(0, size - have), scans=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"build: {made:,} dossiers with their full history (no scan files) in {time.perf_counter() - started:.0f} s")


def _rebuild() -> tuple[date, date]:
    first = Dossier.objects.order_by("submitted_at").values_list("submitted_at", flat=True).first()
    start, end = timezone.localdate(first), timezone.localdate()
    started = time.perf_counter()
    period = rebuild_figures(start=start, end=end)
    seconds = time.perf_counter() - started
    print(
        f"rebuild: {Dossier.objects.count():,} dossiers, {period.first} to {period.last}, in {seconds:.1f} s "
        f"(target: a year at 1 M under 60 s); {MonthFigures.objects.count():,} month rows, "
        f"{DayFigures.objects.count():,} day rows"
    )
    return period.first, period.last


# --- reading --------------------------------------------------------------------------------------------------------


def dashboard(scope: Scope) -> None:
    """What the desk's dashboard reads for a scope (summary, months, agencies, ratings, late steps, the index)."""
    figures, _agencies = overview(scope)
    by_month(scope)
    rating_criteria(scope)
    late_steps(scope)
    index_for(scope, figures=figures)


def direct_group_by(scope: Scope) -> None:
    """The naive way: the same headline counts by GROUP BY over the dossiers."""
    zone = timezone.get_default_timezone()
    a = datetime.combine(scope.start, day_time.min, tzinfo=zone)
    b = datetime.combine(scope.end + timedelta(days=1), day_time.min, tzinfo=zone)
    list(
        Dossier.objects.filter(submitted_at__gte=a, submitted_at__lt=b)
        .values("agency_id", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    list(
        Dossier.objects.filter(finished_at__gte=a, finished_at__lt=b)
        .values("agency_id", "state", "timeliness")
        .annotate(n=Count("pk"))
        .order_by()
    )
    open_at_end = Q(submitted_at__lt=b) & (Q(finished_at__isnull=True) | Q(finished_at__gte=b))
    list(
        Dossier.objects.filter(open_at_end)
        .values("agency_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_at__lt=b)))
        .order_by()
    )


def _timings(fn, scope: Scope, repeat: int = REPEAT) -> tuple[float, float]:
    fn(scope)  # warm
    values = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn(scope)
        values.append((time.perf_counter() - started) * 1000)
    return statistics.median(values), statistics.quantiles(values, n=20)[18]


def _dashboards(year: tuple[date, date], size: int) -> None:
    today = timezone.localdate()
    province_year = Scope(start=max(year[0], today - timedelta(days=364)).replace(day=1), end=today)
    naive = _timings(direct_group_by, province_year, repeat=5)
    print(f"dashboard of the province over 12 months ({province_year.start} to {province_year.end}):")
    print("  dossiers in history   kept figures p50 / p95 ms   direct GROUP BY over the dossiers p50 / p95 ms")
    first = _timings(dashboard, province_year)
    kept, direct = f"{first[0]:10.1f} / {first[1]:6.1f}", f"{naive[0]:10.1f} / {naive[1]:6.1f}"
    print(f"  {size:>17,}   {kept}   {direct} (headline counts only)")
    for years in (2, 5):
        _copy_years(years)
        p50, p95 = _timings(dashboard, province_year)
        print(f"  {size * years:>17,}   {p50:10.1f} / {p95:6.1f}   ({years} years of the same province: copies)")
    print("  target: p95 < 50 ms at 1 M, at most 20% slower at 5 M")


def _copy_years(years: int) -> None:
    """Give the kept tables `years` years of history: copies of the real year's rows, moved back whole years."""
    have = MonthFigures.objects.order_by("month").values_list("month", flat=True).first()
    real = MonthFigures.objects.order_by("-month").values_list("month", flat=True).first()
    held = (real.year - have.year) + 1 if have and real else 1
    with transaction.atomic():
        for back in range(held, years):
            for model, column in (
                (MonthFigures, "month"),
                (DayFigures, "day"),
                (RatingMonth, "month"),
                (StepMonth, "month"),
            ):
                rows = [r for r in model.objects.filter(**{f"{column}__gt": real.replace(year=real.year - 1)})]
                for r in rows:
                    r.pk = None
                    moved = getattr(r, column)
                    setattr(r, column, moved.replace(year=moved.year - back, day=min(moved.day, 28)))
                model.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
