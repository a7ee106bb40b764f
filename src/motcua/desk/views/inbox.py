"""The inbox (/desk/ho-so/): the open dossiers at my step, soonest due first, coloured by the time left;
filters; keyset pages; leaders tick several dossiers and assign them to a specialist of their unit."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from motcua.catalog.models import Channel
from motcua.core.access import staff_required
from motcua.core.cursors import BadCursor
from motcua.core.params import parse_int
from motcua.desk.selectors import inbox as selectors
from motcua.desk.selectors.supervision import state_label
from motcua.dossiers import services
from motcua.dossiers.actions import AssignInput

BULK_MAX = 100


@dataclass
class Outcome:
    code: str
    ok: bool
    conflict: bool = False
    message: str = ""


@staff_required
def inbox(request):
    scope = selectors.scope_for(request.user)
    outcomes, status = [], 200
    if request.method == "POST":
        outcomes = _bulk_assign(request, scope)
        if not any(o.ok for o in outcomes):
            status = 409 if outcomes and all(o.conflict for o in outcomes) else 422
    params = request.GET
    filters = selectors.Filters.from_query(params)
    cursor = params.get("sau") or None
    try:
        rows, next_cursor = selectors.page(scope=scope, filters=filters, cursor=cursor)
    except BadCursor:  # a mangled link: the first page
        cursor = None
        rows, next_cursor = selectors.page(scope=scope, filters=filters, cursor=None)
    query = filters.as_query()
    for row in rows:
        row.state_text = state_label(row.state)
    context = {
        "scope": scope,
        "rows": rows,
        "filters": filters,
        "filtered": bool(query),
        "states": [(s.value, state_label(s)) for s in selectors.OPEN_STATES],
        "channels": Channel.choices,
        "procedures": selectors.procedure_choices(scope) if scope.acts else [],
        "specialists": selectors.unit_specialists(scope) if scope.is_leader else [],
        "next_url": "?" + urlencode({**query, "sau": next_cursor}) if next_cursor else "",
        "first_url": "?" + urlencode(query) if query else "?",
        "paged": bool(cursor),
        "outcomes": outcomes,
        "assigned": sum(o.ok for o in outcomes),
        "chosen_assignee": request.POST.get("assignee", "") if request.method == "POST" else "",
        "picked": {o.code for o in outcomes if not o.ok},  # left ticked, to try again
    }
    return render(request, "desk/inbox.html", context, status=status)


def _bulk_assign(request, scope) -> list[Outcome]:
    """Assign each ticked dossier (code@version) to the chosen specialist: one action per dossier, each with the
    version the leader saw, so one taken meanwhile is reported and the others still go through."""
    if not scope.is_leader:
        return [Outcome("", False, message=_("Only leaders assign dossiers in bulk."))]
    assignee = request.POST.get("assignee", "").strip()
    picks = request.POST.getlist("pick")[:BULK_MAX]
    if not assignee or assignee not in {u for u, _n in selectors.unit_specialists(scope)}:
        return [Outcome("", False, message=_("Choose the specialist to assign the dossiers to."))]
    if not picks:
        return [Outcome("", False, message=_("Tick the dossiers to assign."))]
    outcomes = []
    for pick in picks:
        code, _sep, raw_version = pick.rpartition("@")
        version = parse_int(raw_version)
        if not code or version is None:
            continue
        try:
            services.perform_action(
                code=code, actor=request.user, version=version, command=AssignInput(assignee=assignee)
            )
        except services.Conflict:
            outcomes.append(
                Outcome(
                    code,
                    False,
                    conflict=True,
                    message=_(
                        "Someone acted on it after you opened this page; it was left as it is. Look at it again."
                    ),
                )
            )
        except services.DossierError as error:
            outcomes.append(Outcome(code, False, message=error.message))
        else:
            outcomes.append(Outcome(code, True))
    return outcomes
