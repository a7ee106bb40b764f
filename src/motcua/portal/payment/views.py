"""The pay page of a dossier, the start of an online payment, the VietQR image and the gateway's return page.
The amounts are always the fees' own (payments.services reads them); the browser only says which fee."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from motcua.core import ratelimit
from motcua.core.views import client_address
from motcua.payments import selectors, services, vietqr
from motcua.payments.errors import PaymentError
from motcua.portal.payment.access import TooManyTries, dossier_for, granted

STARTS_PER_HOUR = 30  # online payments one client address may start in an hour
REFRESH_SECONDS = 4
REFRESH_TIMES = 30  # the return page reloads itself for two minutes while the gateway confirms


@dataclass
class FeeRow:
    fee: selectors.FeeToPay
    reference: str  # the transfer's content


def centre_account() -> vietqr.Account:
    return vietqr.Account(
        bank_bin=settings.VIETQR_BANK_BIN, number=settings.VIETQR_ACCOUNT_NUMBER, name=settings.VIETQR_ACCOUNT_NAME
    )


def _allowed(request, code: str):
    try:
        dossier = dossier_for(request, code)
    except TooManyTries as error:
        return None, render(request, "portal/payment/denied.html", {"alert": str(error)}, status=429)
    if dossier is None:
        return None, render(request, "portal/payment/denied.html", {}, status=404)
    return dossier, None


def _page(request, dossier, *, alert: str = "", status: int = 200):
    rows = [FeeRow(fee, vietqr.reference(fee.id)) for fee in selectors.dossier_fees(dossier.pk) if fee.amount > 0]
    context = {
        "dossier": dossier,
        "unpaid": [row for row in rows if not row.fee.paid],
        "paid": [row for row in rows if row.fee.paid],
        "account": centre_account(),
        "bank_name": settings.VIETQR_BANK_NAME,
        "alert": alert,
    }
    response = render(request, "portal/payment/fees.html", context, status=status)
    # The Pay form posts here and is redirected to the gateway: CSP's form-action covers the redirect's target too.
    response._csp_update = {"form-action": ["'self'", _origin(settings.VNPAY_URL)]}  # read by django-csp
    return response


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@never_cache
@require_GET
def fees(request, code: str):
    dossier, refused = _allowed(request, code)
    if refused is not None:
        return refused
    return _page(request, dossier)


@never_cache
@require_POST
def pay_online(request, code: str, fee_id: int):
    """The Pay button: a new attempt for this fee, and the browser goes to the gateway."""
    dossier, refused = _allowed(request, code)
    if refused is not None:
        return refused
    fee = selectors.fee_to_pay(fee_id)
    if fee is None or fee.dossier_id != dossier.pk:
        return _page(request, dossier, alert=PaymentError("no_fee").message, status=404)
    if not ratelimit.allowed(f"payment-start:{client_address(request)}", STARTS_PER_HOUR, window_seconds=3600):
        return _page(request, dossier, alert=_("Too many payments started from your connection."), status=429)
    try:
        url = services.start_payment(fee_id=fee.id, client_ip=client_address(request))
    except PaymentError as error:
        return _page(request, dossier, alert=error.message, status=409 if error.code == "fee_paid" else 422)
    return HttpResponseRedirect(url)


@never_cache
@require_GET
def vietqr_image(request, code: str, fee_id: int):
    """The fee's VietQR code as SVG: the centre's account, the fee's amount and payment code."""
    dossier, refused = _allowed(request, code)
    if refused is not None:
        raise Http404
    fee = selectors.fee_to_pay(fee_id)
    if fee is None or fee.dossier_id != dossier.pk or fee.paid or fee.amount <= 0:
        raise Http404
    text = vietqr.payload(centre_account(), amount=fee.amount, purpose=vietqr.reference(fee.id))
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    response = HttpResponse(image.to_string(encoding="unicode"), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="vietqr-{vietqr.reference(fee.id)}.svg"'
    return response


# What the citizen reads after the gateway, for each state of the payment.
OUTCOMES = {
    "paid": "paid",
    "processing": "processing",
    "failed": "failed",
    "cancelled": "cancelled",
    "expired": "failed",
    "invalid": "invalid",
}


@never_cache
@require_GET
def vnpay_return(request):
    """Where VNPay sends the browser back: shows the outcome, settles nothing (the IPN does)."""
    view = services.handle_return(params=request.GET)
    fee = selectors.fee_to_pay(view.fee_id) if view.fee_id else None
    code = fee.dossier_code if fee is not None else ""
    shown = OUTCOMES.get(view.status, "failed")
    try:
        times = min(int(request.GET.get("lan", "0")[:3] or 0), REFRESH_TIMES)
    except ValueError:
        times = 0
    refresh = ""
    if shown == "processing" and times < REFRESH_TIMES:
        query = request.GET.copy()
        query["lan"] = str(times + 1)
        refresh = f"{request.path}?{query.urlencode()}"
    context = {
        "outcome": shown,
        "fee": fee,
        "back": reverse("portal:payment:fees", args=[code]) if code and code in granted(request) else "",
        "refresh": refresh,
        "refresh_seconds": REFRESH_SECONDS,
        "gave_up": shown == "processing" and not refresh,
    }
    return render(request, "portal/payment/return.html", context)
