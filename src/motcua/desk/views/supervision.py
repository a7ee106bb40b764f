"""Supervision (/desk/giam-sat/): today's counts, late and due-soon work per agency with the apologies owed
(Mẫu 04), every dossier with filters, and the tracking book (Mẫu 07) of an agency for a period."""

from __future__ import annotations

from django import forms
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from motcua.core.access import staff_required
from motcua.core.cursors import BadCursor
from motcua.core.selectors import supervised_agency_ids
from motcua.desk.selectors import supervision as selectors
from motcua.desk.views import queue_panel
from motcua.dossiers.selectors import book_period_error
from motcua.dossiers.states import State

MAX_BOOK_DAYS = 366  # as the API allows


class BookForm(forms.Form):
    so = forms.CharField(label=gettext_lazy("Agency"), max_length=20)
    tu = forms.DateField(
        label=pgettext_lazy("the first day of a period", "From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    den = forms.DateField(
        label=pgettext_lazy("the last day of a period", "To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("tu"), data.get("den")
        problem = book_period_error(start, end, max_days=MAX_BOOK_DAYS) if start and end else None
        if problem:
            self.add_error("den", problem)
        return data


@staff_required
def supervision(request):
    scope = supervised_agency_ids(request.user)
    if not scope:
        return render(request, "desk/supervision.html", {"allowed": False}, status=403)
    agencies = selectors.agencies_for_filter(scope)
    book = _book(request, agencies)
    if book.is_bound and book.is_valid():
        data = book.cleaned_data
        query = urlencode({"from": data["tu"].isoformat(), "to": data["den"].isoformat()})
        return redirect(f"/api/v1/agencies/{data['so']}/forms/07.pdf?{query}")

    view = request.GET.get("xem") if request.GET.get("xem") in selectors.VIEWS else "late"
    state = request.GET.get("trang_thai", "")
    filters = selectors.Filters(
        agency_code=request.GET.get("co_quan", "").strip(),
        procedure_code=request.GET.get("thu_tuc", "").strip(),
        state=state if state in {s.value for s in State} else "",
    )
    clock = selectors.Clock.at()
    lines = selectors.agency_lines(scope=scope, clock=clock, filters=filters)
    unfiltered = (
        selectors.agency_lines(scope=scope, clock=clock, filters=selectors.Filters())
        if filters != selectors.Filters()
        else lines
    )
    counts = selectors.today_counts(scope=scope, clock=clock, lines=unfiltered)
    cursor = request.GET.get("sau") or None
    try:
        rows, next_cursor = selectors.dossier_page(scope=scope, clock=clock, filters=filters, view=view, cursor=cursor)
    except BadCursor:
        cursor = None
        rows, next_cursor = selectors.dossier_page(scope=scope, clock=clock, filters=filters, view=view, cursor=None)
    base = {"xem": view, "co_quan": filters.agency_code, "thu_tuc": filters.procedure_code, "trang_thai": filters.state}
    base = {k: v for k, v in base.items() if v}
    context = {
        "allowed": True,
        "counts": counts,
        "lines": lines,
        "rows": rows,
        "view": view,
        "views": [("late", _("Late")), ("soon", _("Due within a working day")), ("all", _("All dossiers"))],
        "filters": filters,
        "agencies": agencies,
        "states": [(s.value, selectors.state_label(s)) for s in State],
        "base_query": urlencode(base),
        "next_url": f"?{urlencode({**base, 'sau': next_cursor})}" if next_cursor else "",
        "paged": bool(cursor),
        "book": book,
        "today": clock.now,
        "queue": queue_panel.today_context(scope, now=clock.now),
    }
    return render(request, "desk/supervision.html", context, status=422 if book.is_bound else 200)


def _book(request, agencies) -> BookForm:
    """The Mẫu 07 form: bound when asked for (?so=...), its agency one of the user's."""
    today = timezone.localdate()
    if "so" not in request.GET:
        first = agencies[0].code if agencies else ""
        return BookForm(initial={"so": first, "tu": today.replace(day=1), "den": today})
    form = BookForm(request.GET)
    form.fields["so"] = forms.ChoiceField(label=gettext_lazy("Agency"), choices=[(a.code, a.name) for a in agencies])
    return form
