"""The cashier's desk (/desk/thu-phi/): find a dossier by code or barcode, collect its unpaid fees (cash, card,
transfer, QR) with an e-receipt, see the day's receipts and totals, print, cancel and replace a receipt."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.access import staff_required
from motcua.dossiers.models import PaymentMethod
from motcua.receipts import access, pdf, selectors, services

COUNTER_CHOICES = [(m.value, m.label) for m in services.collect.COUNTER_METHODS]


class CollectForm(forms.Form):
    fee = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    method = forms.ChoiceField(
        label=gettext_lazy("Paid by"), choices=COUNTER_CHOICES, initial=PaymentMethod.CASH, widget=forms.RadioSelect
    )
    payer_name = forms.CharField(label=gettext_lazy("Payer"), max_length=255)
    payer_address = forms.CharField(label=gettext_lazy("Payer's address"), max_length=255, required=False)
    reference = forms.CharField(
        label=gettext_lazy("Transaction reference (card, transfer, QR)"), max_length=64, required=False
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why is it cancelled?"), max_length=500)
    payer_name = forms.CharField(label=gettext_lazy("Payer on the replacement"), max_length=255)
    payer_address = forms.CharField(label=gettext_lazy("Payer's address"), max_length=255, required=False)


def _url(code: str = "") -> str:
    return reverse("desk:cashier") + (f"?{urlencode({'ma': code})}" if code else "")


@staff_required
def cashier(request):
    agency_ids = access.collecting_agency_ids(request.user)
    if request.method == "POST":
        return _collect(request, agency_ids)
    code = (request.GET.get("ma") or "").strip()[:40]
    dossier = selectors.find_dossier(code=code, agency_ids=agency_ids) if code else None
    return _page(
        request, agency_ids=agency_ids, code=code, dossier=dossier, status=404 if code and not dossier else 200
    )


def _page(request, *, agency_ids, code, dossier, form=None, error="", status=200):
    fees = selectors.fees_of(dossier) if dossier else []
    unpaid = [f for f in fees if f.paid_at is None and f.amount > 0]
    initial = {"method": PaymentMethod.CASH}
    if dossier is not None:
        initial |= {"payer_name": dossier.applicant_name, "payer_address": dossier.applicant_address}
    day = selectors.collector_day(collector=request.user, day=selectors.today())
    context = {
        "collector": bool(agency_ids),
        "code": code,
        "dossier": dossier,
        "unpaid": unpaid,
        "receipts_of_dossier": selectors.active_receipts_of(dossier) if dossier else [],
        "form": form or CollectForm(initial=initial),
        "error": error,
        "day": day,
        "method_labels": dict(PaymentMethod.choices),
    }
    return render(request, "desk/cashier/collect.html", context, status=status)


def _collect(request, agency_ids):
    code = request.POST.get("code", "").strip()[:40]
    dossier = selectors.find_dossier(code=code, agency_ids=agency_ids)
    if dossier is None:
        return _page(request, agency_ids=agency_ids, code=code, dossier=None, status=404)
    form = CollectForm(request.POST)
    if not form.is_valid():
        return _page(request, agency_ids=agency_ids, code=code, dossier=dossier, form=form, status=422)
    data = form.cleaned_data
    if not dossier.fees.filter(pk=data["fee"]).exists():
        raise Http404
    try:
        receipt = services.collect_fee(
            fee_id=data["fee"],
            method=data["method"],
            collector=request.user,
            payer_name=data["payer_name"],
            payer_address=data["payer_address"],
            payer_id_number=dossier.applicant_id_number,
            reference=data["reference"].strip(),
        )
    except services.ReceiptError as error:
        status = 403 if error.code == "forbidden" else 409
        return _page(
            request, agency_ids=agency_ids, code=code, dossier=dossier, form=form, error=error.message, status=status
        )
    messages.success(
        request,
        _("Collected %(amount)s đ for %(code)s: receipt %(number)s.")
        % {"amount": f"{receipt.amount:,}".replace(",", "."), "code": dossier.code, "number": receipt.full_number},
    )
    return redirect(_url(dossier.code))


def _receipt_or_404(request, pk: int):
    ids = access.collecting_agency_ids(request.user) | access.supervised_agency_ids(request.user)
    receipt = selectors.receipt_for_staff(receipt_id=pk, agency_ids=ids)
    if receipt is None:
        raise Http404
    return receipt


@staff_required
def receipt(request, pk: int):
    found = _receipt_or_404(request, pk)
    form = CancelForm(initial={"payer_name": found.payer_name, "payer_address": found.payer_address})
    error, status = "", 200
    if request.method == "POST":
        form = CancelForm(request.POST)
        if form.is_valid():
            try:
                replacement = services.cancel_and_replace(
                    receipt_id=found.pk,
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                    payer_name=form.cleaned_data["payer_name"],
                    payer_address=form.cleaned_data["payer_address"],
                )
            except services.ReceiptError as failure:
                error, status = failure.message, 403 if failure.code == "forbidden" else 409
            else:
                messages.success(
                    request,
                    _("Receipt %(old)s cancelled; replacement %(new)s issued.")
                    % {"old": found.full_number, "new": replacement.full_number},
                )
                return redirect(reverse("desk:cashier_receipt", args=[replacement.pk]))
        else:
            status = 422
    context = {
        "receipt": found,
        "replacement": selectors.replacement_of(found),
        "form": form,
        "error": error,
        "verify_url": pdf.verification_url(found),
        "method_label": dict(PaymentMethod.choices).get(found.method, found.method),
    }
    return render(request, "desk/cashier/receipt.html", context, status=status)


@staff_required
def receipt_pdf(request, pk: int):
    found = _receipt_or_404(request, pk)
    response = HttpResponse(pdf.issued_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{found.series.symbol}-{found.padded_number}.pdf"'
    return response
