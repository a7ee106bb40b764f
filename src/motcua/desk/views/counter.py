"""The counter officer's panel (/desk/quay/): call the next number of the areas the counter serves, recall it,
mark a no-show, transfer it to another area, and, once it became a dossier or a visit (reception, return,
guidance or refusal from this desk), mark it served and offer the rating on the counter's tablet. Staff also
issue priority numbers here."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.access import staff_required
from motcua.core.models import Counter, User
from motcua.core.params import parse_id
from motcua.dossiers.models import Dossier, ReceptionNote
from motcua.feedback import services as feedback
from motcua.queue import selectors
from motcua.queue.models import Priority, TicketRecord
from motcua.queue.services import calling, tickets
from motcua.queue.services.access import officer_counters
from motcua.queue.services.errors import QueueError

PAGE = "desk/counter.html"


@staff_required
@require_http_methods(["GET", "POST"])
def counter_panel(request):
    counters = officer_counters(request.user)
    wanted = parse_id(request.POST.get("quay") or request.GET.get("quay") or "")
    counter = next((c for c in counters if c.pk == wanted), counters[0] if counters else None)
    if counter is None:
        return render(request, PAGE, {"counters": []})
    if request.method == "POST":
        return _act(request, counter)
    panel = selectors.panel(counter)
    if request.htmx and request.GET.get("phan") == "cho":
        return render(request, "desk/counter/_waiting.html", {"panel": panel})
    context = {
        "counters": counters,
        "panel": panel,
        "records": _records(panel.current.records.all()) if panel.current else [],
        "priorities": [(v, label) for v, label in Priority.choices if v],
        "issued": selectors.ticket_for(parse_id(request.GET.get("so", "")) or 0) if request.GET.get("so") else None,
    }
    return render(request, PAGE, context)


def _act(request, counter: Counter):
    action, officer = request.POST.get("action", ""), request.user
    back = reverse("desk:counter") + f"?quay={counter.pk}"
    try:
        if action == "call":
            ticket = calling.call_next(officer=officer, counter=counter)
            messages.success(request, _("%(label)s called to counter %(number)s.") % _words(ticket.label, counter))
        elif action == "recall":
            ticket = calling.recall(officer=officer, counter=counter)
            messages.success(request, _("%(label)s called again.") % {"label": ticket.label})
        elif action == "skip":
            ticket = calling.skip(officer=officer, counter=counter)
            messages.info(request, _("%(label)s did not come: marked as a no-show.") % {"label": ticket.label})
        elif action == "transfer":
            ticket = calling.transfer(officer=officer, counter=counter, area_code=request.POST.get("area", "")[:2])
            messages.success(
                request,
                _("%(label)s transferred to area %(area)s.") % {"label": ticket.label, "area": ticket.area.name},
            )
        elif action == "serve":
            return _serve(request, counter, back)
        elif action == "issue":
            issued = tickets.issue_ticket(
                centre=counter.centre,
                request=tickets.TicketRequest(
                    area_code=request.POST.get("area", "")[:2], priority=request.POST.get("priority", "")[:16]
                ),
                officer=officer,
            )
            messages.success(request, _("Number %(label)s issued.") % {"label": issued.ticket.label})
            return redirect(f"{back}&so={issued.ticket.pk}")
        else:
            messages.error(request, _("Unknown action."))
    except QueueError as error:
        messages.error(request, error.message)
    return redirect(back)


def _serve(request, counter: Counter, back: str):
    ticket_id = parse_id(request.POST.get("ticket", ""))
    ticket = calling.serve(officer=request.user, ticket_id=ticket_id or 0)
    messages.success(request, _("%(label)s served.") % {"label": ticket.label})
    dossier = Dossier.objects.filter(pk__in=ticket.records.filter(dossier__isnull=False).values("dossier")).first()
    if request.POST.get("rate") and dossier is not None:
        try:
            feedback.open_tablet(officer=request.user, counter=counter, dossier=dossier)
        except feedback.FeedbackError as error:
            messages.error(request, error.message)
        else:
            messages.info(request, _("The rating for %(code)s is on the counter's tablet.") % {"code": dossier.code})
    return redirect(back)


def _words(label: str, counter: Counter) -> dict:
    return {"label": label, "number": counter.number}


def _records(records) -> list[dict]:
    """What the current number became so far, for the panel: dossiers by code, visits by their form."""
    rows = list(records)
    dossiers = {d.pk: d for d in Dossier.objects.filter(pk__in=[r.dossier_id for r in rows if r.dossier_id])}
    visits = {v.pk: v for v in ReceptionNote.objects.filter(pk__in=[r.visit_id for r in rows if r.visit_id])}
    out = []
    for row in rows:
        if row.dossier_id in dossiers:
            out.append({"dossier": dossiers[row.dossier_id]})
        elif row.visit_id in visits:
            out.append({"visit": visits[row.visit_id]})
    return out


def link_to_serving(officer: User, *, dossier: Dossier | None = None, visit: ReceptionNote | None = None) -> str:
    """Called by reception, return and visits inside their transaction: the dossier or visit belongs to the number
    the officer's counter serves. Returns that number's label for the message, or ""."""
    record: TicketRecord | None = calling.record_at_counter(officer=officer, dossier=dossier, visit=visit)
    return record.ticket.label if record is not None else ""
