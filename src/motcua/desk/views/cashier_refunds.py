"""Refunds due (/desk/thu-phi/hoan-tien/): fees paid for dossiers refused or withdrawn; pay back (cash with a
slip, or through the gateway for an online payment) or decline with the reason; the day's settled ones."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.core.access import staff_required
from motcua.core.params import parse_id
from motcua.receipts import access, selectors, services


@staff_required
def refunds(request):
    ids = access.collecting_agency_ids(request.user) | access.supervised_agency_ids(request.user)
    error, status = "", 200
    if request.method == "POST":
        refund_id = parse_id(request.POST.get("refund"))
        action = request.POST.get("action", "")
        try:
            if refund_id is None or action not in ("pay", "decline"):
                raise services.ReceiptError("bad", _("Choose a refund and what to do with it."))
            if action == "pay":
                done = services.pay_refund(refund_id=refund_id, actor=request.user)
                text = _("Refund paid back: %(amount)s đ%(slip)s.") % {
                    "amount": f"{done.amount:,}".replace(",", "."),
                    "slip": f" – {_('slip')} {done.slip_number}" if done.slip_number else "",
                }
            else:
                services.decline_refund(refund_id=refund_id, actor=request.user, note=request.POST.get("note", ""))
                text = _("Recorded as not refundable.")
        except services.ReceiptError as failure:
            error, status = failure.message, 403 if failure.code == "forbidden" else 409
        else:
            messages.success(request, text)
            return redirect(reverse("desk:cashier_refunds"))
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        "due": selectors.refunds_due(agency_ids=ids),
        "settled": selectors.refunds_settled(agency_ids=ids, day=selectors.today()),
        "error": error,
        "allowed": bool(ids),
    }
    return render(request, "desk/cashier/refunds.html", context, status=status)
