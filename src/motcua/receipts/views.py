"""The public page a receipt's QR code leads to: is this receipt genuine, and still valid?"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.core import ratelimit
from motcua.core.views import client_address
from motcua.receipts import rules, selectors

PER_MINUTE = 30


@never_cache
@require_GET
def verify(request, code: str):
    if not ratelimit.allowed(f"receipt:{client_address(request)}", PER_MINUTE, window_seconds=60):
        context = {"too_many": _("Too many look-ups from your connection. Please wait a minute and try again.")}
        return render(request, "receipts/verify.html", context, status=429)
    receipt = selectors.receipt_by_code(code)
    context = {
        "receipt": receipt,
        "replacement": selectors.replacement_of(receipt) if receipt else None,
        # The page is public: the payer's ID number shows its last three digits only.
        "payer_id": rules.mask_id(receipt.payer_id_number) if receipt else "",
    }
    return render(request, "receipts/verify.html", context, status=200 if receipt else 404)
