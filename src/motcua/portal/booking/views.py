"""Booking a visit (/dat-lich/): one page that narrows down step by step (centre, area, day, slot and who is
coming), and the booking's own page (/dat-lich/<code>/?bi-mat=<secret>, what its QR holds) to show or cancel it."""

from __future__ import annotations

import os
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.core import ratelimit
from motcua.core.views import client_address
from motcua.dossiers.forms.symbols import qr_uri
from motcua.portal.booking.forms import BookingForm
from motcua.queue.models import BookingState
from motcua.queue.services import booking as booking_service
from motcua.queue.services.errors import QueueError

HOUR = 3600
# Where a refusal of the service is shown on the form.
FIELD_OF_ERROR = {"name": "name", "contact": "phone", "phone": "phone", "email": "email", "procedure": "procedure_code"}


def per_hour() -> int:
    """Bookings one client address may make per hour (MOTCUA_BOOKING_RATE_PER_HOUR, default 10)."""
    return int(os.environ.get("MOTCUA_BOOKING_RATE_PER_HOUR", "10"))


@never_cache
@require_http_methods(["GET", "POST"])
def start(request):
    source = request.POST if request.method == "POST" else request.GET
    now = timezone.now()
    areas = booking_service.bookable_areas()
    centres = list({a.centre.code: a.centre for a in areas}.values())
    centre = _pick(centres, source.get("trung-tam", ""), lambda c: c.code)
    centre_areas = [a for a in areas if centre is not None and a.centre_id == centre.pk]
    area = _pick(centre_areas, source.get("khu", ""), lambda a: a.code)
    days = booking_service.booking_days(area, now) if area is not None else []
    day = _day(source.get("ngay", ""), days)
    context = {"centres": centres, "centre": centre, "areas": centre_areas, "area": area, "days": days, "day": day}
    form = BookingForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and (area is None or day is None):
        context["alert"] = _("This day can no longer be booked. Choose the area and the day again.")
        status = 422
    elif request.method == "POST":
        if not ratelimit.allowed(f"booking:{client_address(request)}", per_hour(), window_seconds=HOUR):
            context["alert"] = _("Too many bookings from your connection. Please try again in an hour.")
            status = 429
        elif form.is_valid():
            made = _book(form, area)
            if made is not None:
                messages.success(request, _("Your visit is booked. Keep this page or the message we sent you."))
                return redirect(_page(made))
            status = 409 if form.non_field_errors() else 422
        else:
            status = 422
    if day is not None:
        context["slots"] = booking_service.day_slots(area, day, now)
        context["chosen"] = form["slot"].value() or ""
    context["form"] = form
    return render(request, "portal/booking/start.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def detail(request, code: str):
    secret = (request.POST if request.method == "POST" else request.GET).get("bi-mat", "")
    booking = booking_service.find(code=code, secret=secret) if secret else None
    if booking is None:
        raise Http404(_("No booked visit has this code and secret."))
    if request.method == "POST":
        try:
            booking_service.cancel(code=booking.code, secret=secret)
        except QueueError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your booked visit is cancelled. The place is free for someone else."))
        return redirect(_page(booking))
    url = booking_service.booking_url(booking)
    context = {
        "booking": booking,
        "centre": booking.area.centre,
        "qr": qr_uri(url) if booking.state == BookingState.BOOKED else "",
        "can_cancel": booking.state == BookingState.BOOKED and booking.ends_at > timezone.now(),
    }
    return render(request, "portal/booking/detail.html", context)


def _page(booking) -> str:
    return f"{reverse('booking:detail', args=[booking.code])}?{urlencode({'bi-mat': booking.secret})}"


def _book(form: BookingForm, area):
    data = form.cleaned_data
    try:
        return booking_service.book(
            booking=booking_service.BookingInput(
                area_id=area.pk,
                starts_at=data["slot"],
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                procedure_code=data["procedure_code"],
                language=translation.get_language() or "vi",
            )
        )
    except QueueError as error:
        form.add_error(FIELD_OF_ERROR.get(error.code), error.message)
        return None


def _pick(items: list, wanted: str, key):
    """The item asked for; the only one when there is one."""
    if len(items) == 1:
        return items[0]
    return next((item for item in items if key(item) == wanted.strip()[:40]), None)


def _day(text: str, days: list[date]) -> date | None:
    try:
        wanted = date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None
    return wanted if wanted in days else None
