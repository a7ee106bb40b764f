"""The report pages (/desk/bao-cao/...): each shows its tables for the chosen period and agencies and offers
them as Excel (?xuat=xlsx) and PDF (?xuat=pdf). Leaders see their units, supervisors their province."""

from __future__ import annotations

from itertools import islice

from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from motcua.core.access import staff_required
from motcua.core.params import parse_int
from motcua.core.selectors import supervised_agency_ids
from motcua.desk.views.reports import exports
from motcua.desk.views.reports.period import ReportFilter, read_filter
from motcua.desk.views.reports.tables import Table, cells, handling_table, late_table, officer_table
from motcua.stats.selectors import reports
from motcua.stats.selectors.figures import summary

PAGE = 50  # late dossiers per page on screen
MAX_PAGE = 10_000
EXPORT_ROWS = 50_000  # late dossiers in an Excel file at most
PDF_ROWS = 1_000  # late dossiers in a PDF at most (about 70 A4 pages), as the tracking book
FORMATS = ("xlsx", "pdf")


def _forbidden(request):
    return render(request, "desk/reports/report.html", {"allowed": False, "page_title": _("Reports")}, status=403)


def _subtitle(f: ReportFilter) -> str:
    return _("Period: %(period)s. Agencies: %(scope)s.") % {"period": f.label, "scope": f.scope_label}


def _respond(request, f: ReportFilter, *, tables: list[Table], title: str, name: str, context: dict | None = None):
    """The page, or its export when ?xuat= asks for one and the filter is valid."""
    wanted = request.GET.get("xuat", "")
    if wanted in FORMATS and not f.errors:
        subtitle = _subtitle(f)
        filename = f"{name}-{f.stem}.{wanted}"
        if wanted == "xlsx":
            return exports.xlsx_response(tables, title=title, subtitle=subtitle, filename=filename)
        content = exports.pdf_bytes(tables, title=title, subtitle=subtitle, printed_at=timezone.now())
        return exports.pdf_response(content, filename=filename)
    shown = [
        (table, [cells(table, row) for row in table.rows], cells(table, table.total) if table.total else None)
        for table in tables
    ]
    page = {
        "allowed": True,
        "page_title": title,
        "filter": f,
        "subtitle": _subtitle(f),
        "tables": shown,
        "xlsx_url": "?" + urlencode(f.query(xuat="xlsx")),
        "pdf_url": "?" + urlencode(f.query(xuat="pdf")),
        "tab": request.resolver_match.url_name,
        "tab_query": urlencode(f.query()),
        **(context or {}),
    }
    return render(request, "desk/reports/report.html", page, status=422 if f.errors else 200)


@staff_required
def handling(request):
    """The periodic report of dossier handling (tình hình, kết quả giải quyết TTHC) by agency and by field."""
    supervised = supervised_agency_ids(request.user)
    if not supervised:
        return _forbidden(request)
    f = read_filter(request.GET, supervised)
    tables = [handling_table(f.scope, "agency"), handling_table(f.scope, "field")]
    title = _("Report on the handling of administrative procedures")
    return _respond(request, f, tables=tables, title=title, name="bao-cao")


@staff_required
def late(request):
    """The dossiers resolved late in the period and those in progress late at its end."""
    supervised = supervised_agency_ids(request.user)
    if not supervised:
        return _forbidden(request)
    f = read_filter(request.GET, supervised)
    title = _("Late dossiers")
    maker = reports.LateRows(f.scope)
    dossiers = reports.late_dossiers(f.scope)
    wanted = request.GET.get("xuat", "")
    if wanted in FORMATS and not f.errors:
        limit = EXPORT_ROWS if wanted == "xlsx" else PDF_ROWS
        more = dossiers.values_list("pk", flat=True)[limit : limit + 1]
        table = late_table(maker.rows(islice(dossiers.iterator(chunk_size=2000), limit)))
        if list(more):
            table.notes.append(
                _("Only the first %(limit)s dossiers are listed; choose a shorter period or one agency for the rest.")
                % {"limit": f"{limit:,}".replace(",", ".")}
            )
        return _respond(request, f, tables=[table], title=title, name="ho-so-tre-han")
    number = parse_int(request.GET.get("trang", ""), maximum=MAX_PAGE) or 1
    start = (number - 1) * PAGE
    rows = list(maker.rows(dossiers[start : start + PAGE + 1]))
    more = len(rows) > PAGE
    table = late_table(rows[:PAGE], first=start + 1)
    figures = summary(f.scope)
    context = {
        "late_count": reports.late_counts(figures),
        "resolved_late": figures.resolved_late,
        "in_progress_late": figures.in_progress_late,
        "page_number": number,
        "next_url": "?" + urlencode(f.query(trang=str(number + 1))) if more else "",
        "previous_url": "?" + urlencode(f.query(trang=str(number - 1))) if number > 1 else "",
    }
    return _respond(request, f, tables=[table], title=title, name="ho-so-tre-han", context=context)


@staff_required
def officers(request):
    """What each officer did in the period (receptions, steps by timeliness, approvals, supplements, returns)."""
    supervised = supervised_agency_ids(request.user)
    if not supervised:
        return _forbidden(request)
    f = read_filter(request.GET, supervised)
    return _respond(request, f, tables=[officer_table(f.scope)], title=_("Officers' figures"), name="can-bo")
