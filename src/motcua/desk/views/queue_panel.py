"""The queue's figures as the desk shows them: today's on the supervision page, a period's in the statistics
dashboard's "Queue" panel. Read through motcua.queue.figures (a fixed number of queries); here only the words
and the number formats."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua.core.templatetags.motcua import number
from motcua.queue import figures as queue_figures
from motcua.queue.figures import Line, QueueFigures


def _decimal(value: float | None, language: str | None = None) -> str:
    return "—" if value is None else number(Decimal(str(value)), language)


def _percent(ratio: float | None, language: str | None = None) -> str:
    return "—" if ratio is None else f"{number(Decimal(str(round(ratio * 100, 1))), language)}%"


def row(line: Line, language: str) -> dict:
    return {
        "label": line.label,
        "issued": number(line.issued, language),
        "called": number(line.called, language),
        "served": number(line.served, language),
        "no_show": number(line.no_show, language),
        "transferred": number(line.transferred, language),
        "no_show_rate": _percent(line.no_show_rate, language),
        "wait": _decimal(line.average_wait_minutes, language),
        "service": _decimal(line.average_service_minutes, language),
    }


def _active(lines: list[Line]) -> list[Line]:
    """The rows with something to show: a province's areas run to dozens, most of them quiet on a given day."""
    return [line for line in lines if line.issued or line.called or line.finished]


def _tables(found: QueueFigures) -> list[dict]:
    """The tables under the headline: by area (with tickets issued), counter, officer, hour."""
    language = get_language() or "vi"
    return [
        {
            "title": _("By service area"),
            "heading": _("Service area"),
            "rows": [row(x, language) for x in _active(found.by_area)],
            "issued": True,
        },
        {
            "title": _("By counter"),
            "heading": _("Counter"),
            "rows": [row(x, language) for x in _active(found.by_counter)],
            "issued": False,
        },
        {
            "title": _("By officer"),
            "heading": _("Officer"),
            "rows": [row(x, language) for x in _active(found.by_officer)],
            "issued": False,
        },
        {
            "title": _("By hour of the day"),
            "heading": _("Hour of the day"),
            "rows": [row(x, language) for x in _active(found.by_hour)],
            "issued": True,
        },
    ]


def _tiles(total: Line) -> list[tuple[str, str]]:
    return [
        (_("tickets issued"), number(total.issued)),
        (_("tickets served"), number(total.served)),
        (_("no-show rate"), _percent(total.no_show_rate)),
        (_("average waiting time (minutes)"), _decimal(total.average_wait_minutes)),
        (_("average service time (minutes)"), _decimal(total.average_service_minutes)),
    ]


def today_context(agency_ids: Collection[int] | None, *, now: datetime | None = None) -> dict:
    """The supervision page's queue section: today's figures and the floor right now (five queries at most)."""
    found = queue_figures.today(areas=queue_figures.scope_areas(agency_ids=agency_ids), now=now)
    longest = found.longest_wait_now
    return {
        "has_areas": bool(found.by_area),
        "tiles": [
            (_("waiting now"), number(found.waiting_now)),
            (_("longest wait now (minutes)"), "—" if longest is None else number(longest)),
            *_tiles(found.total),
        ],
        "now": [area for area in found.now if area.waiting or area.at_counters],  # the busy areas of the hall
        "tables": _tables(found),
    }


def period_context(agency_ids: Collection[int] | None, *, start: date, end: date) -> dict:
    """The statistics dashboard's "Queue" panel for its period (four queries at most)."""
    found = queue_figures.figures(areas=queue_figures.scope_areas(agency_ids=agency_ids), start=start, end=end)
    return {
        "has_areas": bool(found.by_area),
        "tiles": _tiles(found.total),
        "tables": _tables(found)[:1],  # by area: the dashboard's other sections are by agency, not by person
    }
