"""The filter every report shares: a period (a year, a quarter, a month, or two dates) and an agency among
those the user supervises. Bad input keeps what was typed and says what is wrong; the report then shows the
default period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import Agency
from motcua.core.selectors import subtree_ids
from motcua.dossiers.selectors import book_period_error
from motcua.stats.selectors.figures import Scope
from motcua.stats.selectors.index import BadPeriod, parse_period

MAX_DAYS = 366


@dataclass
class ReportFilter:
    scope: Scope
    period_text: str  # the report's period as the URL says it: "2026-Q3", "2026-09", "2026", or "" for dates
    label: str  # "Quý 3/2026 (01/07/2026 – 30/09/2026)"
    scope_label: str  # the chosen agency's name, or "every agency I supervise"
    agency_code: str
    agencies: list[Agency]
    raw: dict[str, str]  # what was typed, to show it again
    errors: list[str] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)  # periods to pick from

    @property
    def stem(self) -> str:
        """What the exported files are named after: 2026-Q3, or 2026-07-01_2026-07-15; and the agency."""
        period = self.period_text or f"{self.scope.start.isoformat()}_{self.scope.end.isoformat()}"
        return f"{period}-{self.agency_code}" if self.agency_code else period

    def query(self, **more: str) -> dict[str, str]:
        """The query string of this filter (for links to the exports and the pages)."""
        base = {k: v for k, v in self.raw.items() if v}
        return {**base, **more}


def _current_quarter(today: date) -> str:
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def period_label(text: str, start: date, end: date) -> str:
    dates = f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
    if not text:
        return _("From %(start)s to %(end)s") % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
    if "Q" in text:
        name = _("Quarter %(quarter)s/%(year)s") % {"quarter": text[-1], "year": text[:4]}
    elif "-" in text:
        name = _("Month %(month)s/%(year)s") % {"month": int(text[5:7]), "year": text[:4]}
    else:
        name = _("Year %(year)s") % {"year": text}
    return f"{name} ({dates})"


def period_choices(today: date) -> list[tuple[str, str]]:
    """The periods offered in the list: this year and the two before, the last four quarters, the last six months."""
    out: list[tuple[str, str]] = []
    quarter = (today.month - 1) // 3 + 1
    year = today.year
    for _n in range(4):
        text = f"{year}-Q{quarter}"
        out.append((text, period_label(text, *_bounds(text))))
        quarter, year = (quarter - 1, year) if quarter > 1 else (4, year - 1)
    month = today.replace(day=1)
    for _n in range(6):
        text = f"{month:%Y-%m}"
        out.append((text, period_label(text, *_bounds(text))))
        month = (month - timedelta(days=1)).replace(day=1)
    for year in (today.year, today.year - 1, today.year - 2):
        out.append((str(year), period_label(str(year), *_bounds(str(year)))))
    return out


def _bounds(text: str) -> tuple[date, date]:
    period = parse_period(text)
    return period.start, period.end


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def read_filter(params, supervised: set[int]) -> ReportFilter:
    """The filter from the query string (ky, tu, den, co_quan), within the agencies the user supervises."""
    today = timezone.localdate()
    raw = {name: str(params.get(name, ""))[:20].strip() for name in ("ky", "tu", "den", "co_quan")}
    errors: list[str] = []
    text = raw["ky"] or _current_quarter(today)
    start = end = None
    if raw["tu"] or raw["den"]:
        start, end = _date(raw["tu"]), _date(raw["den"])
        if start is None or end is None:
            errors.append(_("Enter both dates of the period, as day/month/year."))
        else:
            problem = book_period_error(start, end, max_days=MAX_DAYS)
            if problem:
                errors.append(problem)
        if errors:
            start = end = None
        else:
            text = ""
    if start is None or end is None:
        try:
            start, end = _bounds(text)
        except BadPeriod:
            errors.append(_("Choose a year (2026), a quarter (2026-Q3) or a month (2026-09)."))
            text = _current_quarter(today)
            start, end = _bounds(text)
    if start > today:
        errors.append(_("The period has not started yet."))
        text = _current_quarter(today)
        start, end = _bounds(text)
    label = period_label(text, start, end)
    if end > today:
        # Stocks at a day still to come would count appointments falling later today as already missed: a period
        # not over yet is read up to today.
        end = max(today, start)
        label = _("%(period)s, up to %(day)s") % {"period": label, "day": f"{end:%d/%m/%Y}"}
    agencies = list(Agency.objects.filter(pk__in=supervised).only("code", "name", "parent_id").order_by("name"))
    ids = frozenset(supervised)
    scope_label = _("Every agency I supervise")
    agency_code = ""
    if raw["co_quan"]:
        chosen = next((a for a in agencies if a.code == raw["co_quan"]), None)
        if chosen is None:
            errors.append(_("Choose one of your agencies."))
        else:
            ids = frozenset(subtree_ids({chosen.pk}) & supervised)
            scope_label, agency_code = chosen.name, chosen.code
    return ReportFilter(
        scope=Scope(start=start, end=end, agency_ids=ids),
        period_text=text,
        label=label,
        scope_label=scope_label,
        agency_code=agency_code,
        agencies=agencies,
        raw=raw,
        errors=errors,
        choices=period_choices(today),
    )
