"""The ticket kiosk of the hall (/lay-so/<centre>/): a touch screen where a visitor picks an area (or scans a booked
visit's QR, or says they are a priority visitor) and takes a printed number. Only a kiosk that staff paired with the
centre issues numbers: it keeps a token in a signed cookie."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from motcua.core.access import staff_required
from motcua.core.models import Centre
from motcua.portal.floor.scan import booking_of
from motcua.queue import selectors
from motcua.queue.models import Device, DeviceKind, Priority
from motcua.queue.services import devices, tickets
from motcua.queue.services.errors import QueueError

KIOSK_COOKIE = "motcua_kiosk"
KIOSK_COOKIE_SALT = "motcua.queue.kiosk"
KIOSK_COOKIE_AGE = 5 * 365 * 24 * 3600  # the kiosk stays paired until staff pair it again


def kiosk_device(request, centre: Centre) -> Device | None:
    token = request.get_signed_cookie(KIOSK_COOKIE, default="", salt=KIOSK_COOKIE_SALT)
    device = devices.device_for(token)
    return device if device is not None and device.centre_id == centre.pk else None


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk(request, centre_code: str):
    centre = get_object_or_404(Centre, code=centre_code[:40], is_active=True)
    device = kiosk_device(request, centre)
    context = {
        "centre": centre,
        "areas": selectors.waiting_counts(centre),
        "priorities": [(value, label) for value, label in Priority.choices if value],
        "paired": device is not None,
    }
    if device is None:
        return render(request, "portal/floor/kiosk.html", context, status=403)
    if request.method == "GET":
        return render(request, "portal/floor/kiosk.html", context)
    wanted = _ticket_request(request)
    if wanted is None:
        context["error"] = _("The code was not read. Scan the QR of your booked visit again, or take a number.")
        return render(request, "portal/floor/kiosk.html", context, status=422)
    try:
        issued = tickets.issue_ticket(centre=centre, request=wanted, device=device)
    except QueueError as error:
        context["error"] = error.message
        return render(request, "portal/floor/kiosk.html", context, status=error.status)
    return redirect(reverse("floor:ticket", kwargs={"token": issued.ticket.token}) + "?moi=1")


def _ticket_request(request) -> tickets.TicketRequest | None:
    if "scan" in request.POST:
        found = booking_of(request.POST.get("scan", ""))
        if found is None:
            return None
        return tickets.TicketRequest(booking_code=found[0], booking_secret=found[1])
    return tickets.TicketRequest(
        area_code=request.POST.get("area", "")[:2], priority=request.POST.get("priority", "")[:16]
    )


@staff_required
@require_POST
def pair(request, centre_code: str):
    """On the kiosk itself, staff of the centre pair it: from then on it issues numbers without anyone logged in."""
    centre = get_object_or_404(Centre, code=centre_code[:40], is_active=True)
    try:
        token = devices.pair_device(
            officer=request.user,
            centre=centre,
            kind=DeviceKind.TICKET_KIOSK,
            name=request.POST.get("name", "")[:80] or _("Ticket kiosk"),
        )
    except QueueError as error:
        messages.error(request, error.message)
        return redirect("floor:kiosk", centre_code=centre.code)
    response = redirect("floor:kiosk", centre_code=centre.code)
    response.set_signed_cookie(
        KIOSK_COOKIE,
        token,
        salt=KIOSK_COOKIE_SALT,
        max_age=KIOSK_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
