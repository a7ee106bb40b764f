"""A ticket once taken: printed at the kiosk (80 mm, HTML or PDF), then followed by phone through its QR."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.queue import printing, selectors

BACK_TO_START_SECONDS = 12  # the kiosk's ticket screen returns to the start by itself
FOLLOW_REFRESH_SECONDS = 15


def _ticket(token: str):
    found = selectors.follow(token)
    if found is None:
        raise Http404
    return found


@never_cache
@require_GET
def ticket(request, token: str):
    found = _ticket(token)
    context = {
        "ticket": printing.printed(found.ticket, found.waiting_before),
        "token": token,
        "centre": found.ticket.centre,
        "fresh": request.GET.get("moi") == "1",  # just taken at the kiosk: print, then back to the start
        "back_after": BACK_TO_START_SECONDS,
    }
    return render(request, "portal/floor/ticket.html", context)


@never_cache
@require_GET
def ticket_pdf(request, token: str):
    found = _ticket(token)
    pdf = printing.ticket_pdf(printing.printed(found.ticket, found.waiting_before))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.ticket.label}.pdf"'
    return response


@never_cache
@require_GET
def follow(request, token: str):
    """The ticket's holder follows the queue on their phone: how many are before them, then which counter."""
    found = _ticket(token)
    return render(request, "portal/floor/follow.html", {"found": found, "refresh": FOLLOW_REFRESH_SECONDS})
