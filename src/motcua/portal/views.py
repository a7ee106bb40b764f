"""The citizen side: the catalog of procedures (search, browse, a procedure's page)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.catalog import selectors
from motcua.catalog.freshness import catalog_version
from motcua.core.cursors import BadCursor
from motcua.core.dbrouter import stale_ok_view
from motcua.core.page_cache import cached_anonymous_page
from motcua.core.params import parse_int
from motcua.core.selectors import is_staff_member
from motcua.portal.forms import CatalogFilterForm
from motcua.stats.selectors import most_used_procedures


# Public catalog: a few seconds behind the primary is fine (ADR 0012); anonymous visitors get a copy kept
# rendered until the catalog changes (core.page_cache).
@stale_ok_view
@cached_anonymous_page(catalog_version)
def home(request):
    staff = is_staff_member(request.user)
    return render(
        request,
        "portal/home.html",
        {
            "fields": selectors.fields_with_counts(include_drafts=staff),
            "agencies": selectors.agencies_with_counts(include_drafts=staff),
            # Read from the monthly counters, never from the dossiers; empty on a fresh install: nothing is shown.
            "most_used": most_used_procedures(months=12),
        },
    )


# Public catalog: a few seconds behind the primary is fine (ADR 0012); anonymous visitors get a copy kept
# rendered until the catalog changes (core.page_cache).
@stale_ok_view
@cached_anonymous_page(catalog_version)
def catalog(request):
    staff = is_staff_member(request.user)
    agencies = selectors.agencies_with_counts(include_drafts=staff)
    form = CatalogFilterForm(
        request.GET or None, fields=selectors.fields_with_counts(include_drafts=staff), agencies=agencies
    )
    filters = selectors.SearchFilters(include_drafts=staff)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        agency_ids = {a.code: a.pk for a in agencies}
        filters = selectors.SearchFilters(
            query=data["q"],
            field_id=data["linh_vuc"],
            agency_id=agency_ids.get(data["co_quan"]),
            level=data["cap"],
            online_level=data["truc_tuyen"],
            include_drafts=staff,
        )
    cursor_error = False
    try:
        cursor = request.GET.get("tiep")
        page = selectors.search_procedures(
            filters, cursor=cursor, limit=settings.CATALOG_PAGE_SIZE, with_total=not cursor
        )
    except BadCursor:
        cursor_error = True
        page = selectors.search_procedures(filters, limit=settings.CATALOG_PAGE_SIZE, with_total=True)
    next_query = None
    first = request.GET.copy()
    first.pop("tiep", None)
    if page.next_cursor:
        params = request.GET.copy()
        params["tiep"] = page.next_cursor
        next_query = params.urlencode()
    return render(
        request,
        "portal/catalog.html",
        {
            "form": form,
            "page": page,
            "filters": filters,
            "next_query": next_query,
            "first_query": first.urlencode(),
            "cursor_error": cursor_error,
            "continued": bool(request.GET.get("tiep")) and not cursor_error,
            "staff": staff,
        },
    )


# Public catalog: a few seconds behind the primary is fine (ADR 0012); anonymous visitors get a copy kept
# rendered until the catalog changes (core.page_cache).
@stale_ok_view
@cached_anonymous_page(catalog_version)
def procedure(request, code: str):
    staff = is_staff_member(request.user)
    number = request.GET.get("phien_ban")
    number = parse_int(number) if staff else None
    version = selectors.get_version(code, include_drafts=staff, number=number)
    if version is None:
        raise Http404(_("No published procedure has the code %(code)s.") % {"code": code})
    published = version.procedure.published_version
    return render(
        request,
        "portal/procedure.html",
        {
            "version": version,
            "agencies": selectors.implementing_agencies(version),
            "processes": selectors.processes_for(version),
            "staff": staff,
            "published": published,
            # Only the published version is submitted; an online channel and level say it can be, online.
            "can_submit_online": version.status == "published"
            and version.online_level != "none"
            and any(c.channel == "online" for c in version.channels.all()),
        },
    )
