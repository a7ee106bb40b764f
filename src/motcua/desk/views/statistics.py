"""Statistics (/desk/thong-ke/) for leaders (their units) and supervisors (the province): the figures of a period
with their charts, the ranking of agencies, the late steps and the Decision 766 index; and, behind every number,
the list of its dossiers (/desk/thong-ke/ho-so/?chi_so=...)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Q
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from motcua.catalog.models import Field
from motcua.core import cursors
from motcua.core.access import staff_required
from motcua.core.models import AgencyLevel
from motcua.core.selectors import supervised_agency_ids
from motcua.desk.selectors.supervision import agencies_for_filter, state_label
from motcua.desk.views.statistics_filters import FIGURE_LABELS, read_filters
from motcua.desk.views.statistics_page import dashboard
from motcua.stats.selectors.behind import FIGURES, dossiers_behind

PAGE = 50
LIST_FIELDS = (
    "code",
    "state",
    "channel",
    "submitted_at",
    "due_at",
    "finished_at",
    "timeliness",
    "applicant_name",
    "agency__name",
    "procedure_version__name",
)


def _filters(request, supervised: set[int]):
    return read_filters(request.GET, supervised=supervised, agencies=agencies_for_filter(supervised))


def _forbidden(request, template: str):
    return render(request, template, {"allowed": False}, status=403)


@staff_required
def statistics(request):
    supervised = supervised_agency_ids(request.user)
    if not supervised:
        return _forbidden(request, "desk/statistics/dashboard.html")
    filters = _filters(request, supervised)
    context = {
        "allowed": True,
        "filters": filters,
        "levels": AgencyLevel.choices,
        "fields": list(Field.objects.only("name").order_by("name_sort")),
        **dashboard(filters),
    }
    return render(request, "desk/statistics/dashboard.html", context)


@staff_required
def dossiers(request):
    supervised = supervised_agency_ids(request.user)
    if not supervised:
        return _forbidden(request, "desk/statistics/dossiers.html")
    filters = _filters(request, supervised)
    figure = str(request.GET.get("chi_so", ""))[:40]
    if figure not in FIGURES:
        context = {"allowed": True, "unknown": True, "filters": filters}
        return render(request, "desk/statistics/dossiers.html", context, status=404)
    rows, next_cursor, paged = _page(filters.scope, figure, request.GET.get("sau"), filters.problems)
    for row in rows:
        row.state_label = state_label(row.state)
    base = filters.query_with(chi_so=figure)
    context = {
        "allowed": True,
        "filters": filters,
        "figure": figure,
        "figure_label": FIGURE_LABELS.get(figure, figure),
        "rows": rows,
        "base_query": base,
        "dashboard_query": filters.query,
        "next_url": f"?{base}&{urlencode({'sau': next_cursor})}" if next_cursor else "",
        "paged": paged,
    }
    return render(request, "desk/statistics/dossiers.html", context)


def _page(scope, figure: str, cursor: str | None, problems: list[str]):
    """One keyset page, newest arrival first (dossiers without an arrival time last), and the next page's cursor."""
    rows = dossiers_behind(scope, figure).order_by(F("submitted_at").desc(nulls_last=True), "-pk")
    paged = False
    if cursor:
        try:
            at, pk = cursors.decode(str(cursor)[:200], (datetime, type(None)), int)
        except cursors.BadCursor:
            problems.append(_("That page link is not valid any more: the first page is shown."))
        else:
            paged = True
            if at is None:
                rows = rows.filter(submitted_at__isnull=True, pk__lt=pk)
            else:
                rows = rows.filter(
                    Q(submitted_at__lt=at) | Q(submitted_at=at, pk__lt=pk) | Q(submitted_at__isnull=True)
                )
    found = list(rows.select_related("agency", "procedure_version").only(*LIST_FIELDS)[: PAGE + 1])
    more = len(found) > PAGE
    found = found[:PAGE]
    next_cursor = cursors.encode(found[-1].submitted_at, found[-1].pk) if more else None
    return found, next_cursor, paged
