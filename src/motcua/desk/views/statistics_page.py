"""What the statistics dashboard shows for a scope, read only through the stats selectors (the kept figures, never
a count over dossiers): headline numbers with the link to the dossiers behind each, the charts (stats.charts),
the ranking of agencies, the late steps and the Decision 766 index. A bounded number of queries whatever the
number of agencies, months or dossiers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from motcua.core.templatetags.motcua import number
from motcua.desk.views import queue_panel
from motcua.desk.views.statistics_filters import Filters
from motcua.feedback.models import Level
from motcua.stats import charts
from motcua.stats.index766 import INDICATORS, score
from motcua.stats.models import Target
from motcua.stats.selectors.behind import FIGURES
from motcua.stats.selectors.figures import Summary, by_month, late_steps, overview
from motcua.stats.selectors.index import catalog_measures
from motcua.stats.selectors.opinions import rating_levels
from motcua.stats.selectors.targets import targets_for

NOTES = {i.key: i.note for i in INDICATORS}
SINGLE_TERMS = {i.key: (i.numerator, i.denominator) for i in INDICATORS}


def points(value: float | None) -> str:
    """Points of the index, at most two decimals (the scorer's floats carry binary noise: 19.329999…)."""
    return "" if value is None else number(Decimal(str(round(value, 2))))


def percent(ratio: float | None) -> str:
    return "—" if ratio is None else f"{number(Decimal(str(round(ratio * 100, 1))))}%"


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    href: str = ""
    tone: str = ""  # "late", "good": the tile's accent
    note: str = ""


class Links:
    """The address of the list of dossiers behind a figure, with the dashboard's filters."""

    def __init__(self, filters: Filters) -> None:
        self.base = reverse("desk:statistics_dossiers")
        self.filters = filters

    def __call__(self, figure: str, **changes: str) -> str:
        if figure not in FIGURES:
            return ""
        return f"{self.base}?{self.filters.query_with(chi_so=figure, **changes)}"


def _tile(links: Links, label: str, value: int, figure: str = "", tone: str = "") -> Tile:
    return Tile(label, number(value), links(figure) if figure else "", tone)


def _sections(s: Summary, links: Links, targets: dict[str, Decimal]) -> list[tuple[str, list[Tile]]]:
    def target_note(measure: str) -> str:
        return _("target ≥ %(percent)s%%") % {"percent": number(targets[measure])} if measure in targets else ""

    def tone(measure: str, ratio: float | None) -> str:
        if measure not in targets or ratio is None:
            return ""
        return "good" if ratio * 100 >= targets[measure] else "late"

    # Of the answers given in the period (some to feedback received before it): never above 100%.
    feedback = s.feedback_answered_on_time / s.feedback_answered if s.feedback_answered else None
    return [
        (
            _("Received"),
            [
                _tile(links, _("Received in the period"), s.received, "received"),
                _tile(links, _("at the counter"), s.received_counter, "received_counter"),
                _tile(links, _("online"), s.received_online, "received_online"),
                _tile(links, _("by post"), s.received_postal, "received_postal"),
                _tile(links, _("carried over from before"), s.carried_over, "carried_over"),
            ],
        ),
        (
            _("Resolved"),
            [
                _tile(links, _("Resolved in the period"), s.resolved, "resolved"),
                _tile(links, _("early"), s.resolved_early, "resolved_early", "good"),
                _tile(links, _("on time"), s.resolved_on_time, "resolved_on_time", "good"),
                _tile(links, _("late"), s.resolved_late, "resolved_late", "late"),
                Tile(
                    _("on-time rate"),
                    percent(s.on_time_rate),
                    "",
                    tone("on_time", s.on_time_rate),
                    target_note("on_time"),
                ),
            ],
        ),
        (
            _("In progress at the end of the period"),
            [
                _tile(links, _("within time"), s.in_progress_on_time, "in_progress_on_time", "good"),
                _tile(links, _("late"), s.in_progress_late, "in_progress_late", "late"),
            ],
        ),
        (
            _("On the spot and online"),
            [
                _tile(links, _("resolved on the spot"), s.on_the_spot, "on_the_spot"),
                Tile(
                    _("online share"),
                    percent(s.online_share),
                    "",
                    tone("online", s.online_share),
                    target_note("online"),
                ),
                Tile(
                    _("on the spot or online"),
                    percent(s.spot_or_online_share),
                    "",
                    tone("spot_or_online", s.spot_or_online_share),
                    target_note("spot_or_online"),
                ),
            ],
        ),
        (
            _("Satisfaction and feedback"),
            [
                Tile(_("ratings"), number(s.ratings)),
                Tile(
                    _("satisfied"),
                    percent(s.satisfied_share),
                    "",
                    tone("satisfied", s.satisfied_share),
                    target_note("satisfied"),
                ),
                Tile(_("feedback received"), number(s.feedback_received)),
                Tile(
                    _("feedback answered in time"),
                    number(s.feedback_answered_on_time),
                    "",
                    "",
                    _("%(share)s of the %(answered)s answered")
                    % {"share": percent(feedback), "answered": number(s.feedback_answered)},
                ),
            ],
        ),
    ]


def _month_label(month, many_years: bool) -> str:
    if many_years:
        return f"{month.month}/{month:%y}"
    return pgettext("a short month label on a chart", "M%(month)d") % {"month": month.month}


def _charts(filters: Filters, s: Summary, months, targets: dict[str, Decimal], levels: dict[int, int], index) -> dict:
    many = len({m.month.year for m in months}) > 1
    cats = [_month_label(m.month, many) for m in months]
    rates = [((m.resolved_early + m.resolved_on_time) / m.resolved * 100) if m.resolved else None for m in months]
    period = filters.period_label
    on_time_target = float(targets["on_time"]) if "on_time" in targets else None
    out = {
        "on_time": charts.columns(
            prefix="chart-on-time",
            title=_("On-time rate by month"),
            desc=_("Share of the dossiers resolved early or on time, month by month, %(period)s.") % {"period": period},
            categories=cats,
            series=[charts.Series(_("On-time rate"), rates)],
            totals=[percent(r / 100 if r is not None else None) for r in rates],
            maximum=100,
            tick_text="{}%",
            target=on_time_target,
            target_text=_("target ≥ %(percent)s%%") % {"percent": number(targets["on_time"])}
            if on_time_target is not None
            else "",
        ),
        "received": charts.columns(
            prefix="chart-received",
            title=_("Received per month by channel"),
            desc=_("Dossiers received each month at the counter, online and by post, %(period)s.") % {"period": period},
            categories=cats,
            series=[
                charts.Series(_("at the counter"), [m.received_counter for m in months]),
                charts.Series(_("online"), [m.received_online for m in months]),
                charts.Series(_("by post"), [m.received_postal for m in months]),
            ],
            totals=[number(m.received) for m in months],
        ),
        "resolved": charts.columns(
            prefix="chart-resolved",
            title=_("Resolved per month: early, on time, late"),
            desc=_("Dossiers resolved each month by timeliness, %(period)s.") % {"period": period},
            categories=cats,
            series=[
                charts.Series(_("early"), [m.resolved_early for m in months]),
                charts.Series(_("on time"), [m.resolved_on_time for m in months]),
                charts.Series(_("late"), [m.resolved_late for m in months]),
            ],
            totals=[number(m.resolved) for m in months],
        ),
    }
    shares = [
        (Target.Measure.ON_TIME, s.on_time_rate),
        (Target.Measure.ONLINE, s.online_share),
        (Target.Measure.ON_THE_SPOT_OR_ONLINE, s.spot_or_online_share),
        (Target.Measure.DIGITISED, s.digitised_share),
        (Target.Measure.SATISFIED, s.satisfied_share),
    ]
    out["shares"] = charts.bars(
        prefix="chart-shares",
        title=_("Shares against their targets"),
        desc=_("Each share in percent, with its target where one is set, %(period)s.") % {"period": period},
        rows=[
            charts.Bar(
                label=str(measure.label),
                value=(ratio or 0) * 100,
                maximum=100,
                text=percent(ratio),
                target=float(targets[measure]) if measure in targets else None,
                target_text=_("target ≥ %(percent)s%%") % {"percent": number(targets[measure])}
                if measure in targets
                else "",
            )
            for measure, ratio in shares
        ],
    )
    total = sum(levels.values())
    out["satisfaction"] = charts.bars(
        prefix="chart-satisfaction",
        title=_("Ratings by level"),
        desc=_("How many ratings at each of the five levels, %(period)s.") % {"period": period},
        rows=[
            charts.Bar(
                label=label,
                value=levels.get(level, 0),
                maximum=total,
                text=f"{number(levels.get(level, 0))} ({percent(levels.get(level, 0) / total if total else None)})",
            )
            for level, label in sorted(Level.choices, reverse=True)
        ],
    )
    out["index"] = charts.bars(
        prefix="chart-index",
        title=_("Decision 766 index by group"),
        desc=_("Points of each of the five groups against their maximum, %(period)s.") % {"period": period},
        rows=[
            charts.Bar(
                label=_(g.name),
                value=g.points or 0,
                maximum=g.max,
                text=f"{points(g.points)} / {points(g.max)}" if g.points is not None else _("not measured"),
                muted=g.points is None,
            )
            for g in index.groups
        ],
    )
    return {key: mark_safe(svg) for key, svg in out.items()}  # stats.charts escapes every text


def _index_groups(index, links: Links) -> list[dict]:
    groups = []
    for g in index.groups:
        rows = []
        for i in g.indicators:
            numerator, denominator = SINGLE_TERMS.get(i.key, ((), ()))
            rows.append(
                {
                    "name": _(i.name),
                    "numerator": i.numerator,
                    "denominator": i.denominator,
                    "numerator_href": links(numerator[0]) if len(numerator) == 1 else "",
                    "denominator_href": links(denominator[0]) if len(denominator) == 1 else "",
                    "points": points(i.points),
                    "max": points(i.max),
                    "measured": i.measured,
                    "note": _(NOTES[i.key]) if NOTES.get(i.key) else "",
                }
            )
        groups.append({"name": _(g.name), "points": points(g.points), "max": points(g.max), "indicators": rows})
    return groups


def _ranking(per_agency: dict[int, Summary], names: dict[int, tuple[str, str]], links: Links) -> list[dict]:
    def key(item: tuple[int, Summary]):
        _pk, s = item
        rate = s.on_time_rate
        return (rate is None, -(rate or 0), -s.resolved, -s.received, names.get(item[0], ("", ""))[1])

    rows = []
    for pk, s in sorted(per_agency.items(), key=key):
        if pk not in names or not (s.received or s.resolved or s.in_progress):
            continue
        code, name = names[pk]
        rows.append(
            {
                "name": name,
                "received": s.received,
                "received_href": links("received", co_quan=code, rieng="1"),
                "resolved": s.resolved,
                "resolved_href": links("resolved", co_quan=code, rieng="1"),
                "late": s.resolved_late,
                "late_href": links("resolved_late", co_quan=code, rieng="1"),
                "in_progress_late": s.in_progress_late,
                "in_progress_late_href": links("in_progress_late", co_quan=code, rieng="1"),
                "rate": percent(s.on_time_rate),
                "meter": mark_safe(charts.meter((s.on_time_rate or 0) * 100, 100)),  # numbers only
            }
        )
    return rows


def dashboard(filters: Filters) -> dict:
    """The page's context for the filters' scope."""
    scope = filters.scope
    links = Links(filters)
    s, per_agency = overview(scope)
    months = by_month(scope)
    steps = late_steps(scope)
    levels = rating_levels(scope)
    index = score({**s.as_dict(), **catalog_measures(scope)})
    targets = targets_for(scope.agency_ids or ())
    names = {a.pk: (a.code, a.name) for a in filters.agencies}
    most_late = max((st.late for st in steps), default=0)
    return {
        "summary": s,
        "sections": _sections(s, links, targets),
        "charts": _charts(filters, s, months, targets, levels, index),
        "months": [
            {
                "label": f"{m.month:%m/%Y}",
                "row": m,
                "rate": percent((m.resolved_early + m.resolved_on_time) / m.resolved if m.resolved else None),
            }
            for m in months
        ],
        "ranking": _ranking(per_agency, names, links),
        "late_steps": [
            {
                "agency": names.get(st.agency_id, ("", "—"))[1],
                "step": st.step_name,
                "finished": st.finished,
                "late": st.late,
                "share": percent(st.late / st.finished if st.finished else None),
                "meter": mark_safe(charts.meter(st.late, most_late)),  # numbers only
            }
            for st in steps
        ],
        "index": index,
        "index_total": points(index.total),
        "index_measured": points(index.measured_max),
        "index_max": points(index.max),
        "index_groups": _index_groups(index, links),
        "average_days": s.average_working_days,
        "targets": targets,
        "queue": queue_panel.period_context(scope.agency_ids, start=scope.start, end=scope.end),
    }
