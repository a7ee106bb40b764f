"""The return desk (/desk/tra-ket-qua/): scan or type a code, see the results ready, record how and to whom
each was handed back, and collect any fee due at return."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.access import staff_required
from motcua.core.cursors import BadCursor
from motcua.desk.selectors import returns as selectors
from motcua.desk.selectors.supervision import state_label
from motcua.desk.views.counter import link_to_serving
from motcua.dossiers import services
from motcua.dossiers.actions import ReturnResultInput
from motcua.dossiers.models import PaymentMethod, ReturnMethod
from motcua.dossiers.states import State
from motcua.queue.services.errors import QueueError
from motcua.receipts.services import ReceiptError, return_with_fees
from motcua.receipts.services.collect import COUNTER_METHODS


class ReturnForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    method = forms.ChoiceField(
        label=gettext_lazy("How the result is returned"),
        choices=ReturnMethod.choices,
        widget=forms.RadioSelect,
        initial=ReturnMethod.COUNTER,
    )
    receiver = forms.CharField(label=gettext_lazy("Received by"), max_length=255, required=False)
    tracking_number = forms.CharField(label=gettext_lazy("Postal tracking number"), max_length=64, required=False)
    # A fee due at return is collected through the cashier's service: paid and its e-receipt issued, no number typed.
    payment_method = forms.ChoiceField(
        label=gettext_lazy("Paid by"),
        choices=[(m.value, m.label) for m in COUNTER_METHODS],
        initial=PaymentMethod.CASH,
        required=False,
    )

    def __init__(self, *args, fee_due: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fee_due = fee_due

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if method in (ReturnMethod.COUNTER, ReturnMethod.POST) and not data.get("receiver", "").strip():
            self.add_error("receiver", _("Write who received the result."))
        if method == ReturnMethod.POST and not data.get("tracking_number", "").strip():
            self.add_error("tracking_number", _("Write the postal tracking number."))
        return data


def _page(request, *, found=None, form=None, error="", status=200):
    agency_ids = selectors.returning_agency_ids(request.user)
    cursor = request.GET.get("sau") or None
    try:
        rows, next_cursor = selectors.ready_for_return(agency_ids, cursor=cursor)
    except BadCursor:
        rows, next_cursor, cursor = *selectors.ready_for_return(agency_ids, cursor=None), None
    dossier = found.dossier if found else None
    if dossier is not None and found.problem == "" and form is None:
        form = ReturnForm(
            initial={
                "code": dossier.code,
                "version": dossier.version,
                "method": dossier.return_method,
                "receiver": dossier.applicant_name,
            },
            fee_due=bool(dossier.unpaid_fees),
        )
    context = {
        "officer": bool(agency_ids),
        "rows": rows,
        "next_url": f"?{urlencode({'sau': next_cursor})}" if next_cursor else "",
        "paged": bool(cursor),
        "found": found,
        "dossier": dossier,
        "dossier_state": state_label(dossier.state) if dossier else "",
        "form": form,
        "error": error,
        "code": request.GET.get("ma", "") if request.method == "GET" else request.POST.get("code", ""),
    }
    return render(request, "desk/returns.html", context, status=status)


@staff_required
def returns(request):
    if request.method == "POST":
        return _record(request)
    code = (request.GET.get("ma") or "").strip()
    found = (
        selectors.find_for_return(agency_ids=selectors.returning_agency_ids(request.user), code=code) if code else None
    )
    return _page(request, found=found, status=404 if found and found.problem == "unknown" else 200)


def _record(request):
    agency_ids = selectors.returning_agency_ids(request.user)
    found = selectors.find_for_return(agency_ids=agency_ids, code=request.POST.get("code", ""))
    if found.dossier is None:
        return _page(request, found=found, status=404)
    dossier = found.dossier
    if dossier.state == State.RETURNED:  # a second post (back button, double click): say who did it and when
        done = selectors.last_return(dossier)
        if done is not None:
            at = timezone.localtime(done.at).strftime("%H:%M %d/%m")
            if done.actor_id == request.user.pk:
                messages.info(
                    request,
                    _("The result of %(code)s was already returned at %(at)s by you.")
                    % {"code": dossier.code, "at": at},
                )
                return redirect(reverse("desk:returns"))
            error = _("The result of %(code)s was already returned at %(at)s by %(name)s.") % {
                "code": dossier.code,
                "at": at,
                "name": done.actor_name or _("a colleague"),
            }
            return _page(request, found=found, error=error, status=409)
    form = ReturnForm(request.POST, fee_due=bool(dossier.unpaid_fees))
    if not form.is_valid():
        return _page(request, found=found, form=form, status=422)
    data = form.cleaned_data
    command = ReturnResultInput(
        method=data["method"],
        receiver=data["receiver"].strip() if data["method"] != ReturnMethod.ONLINE else "",
        tracking_number=data["tracking_number"].strip() if data["method"] == ReturnMethod.POST else "",
        payment_method=data["payment_method"] or PaymentMethod.CASH,
    )
    try:
        with transaction.atomic():  # the fees, the return and the number it served are recorded together
            return_with_fees(code=dossier.code, actor=request.user, version=data["version"], command=command)
            link_to_serving(request.user, dossier=dossier)
    except ReceiptError as error:
        return _page(request, found=found, form=form, error=error.message, status=422)
    except QueueError as error:
        return _page(request, found=found, form=form, error=error.message, status=422)
    except services.Conflict as error:
        # Someone acted first: show the dossier as it is now, keep what was typed, with its new version.
        fresh = selectors.find_for_return(agency_ids=agency_ids, code=dossier.code)
        kept = request.POST.copy()
        kept["version"] = fresh.dossier.version
        form = ReturnForm(kept, fee_due=bool(fresh.dossier.unpaid_fees)) if fresh.problem == "" else None
        return _page(request, found=fresh, form=form, error=error.message, status=409)
    except services.DossierError as error:
        return _page(request, found=found, form=form, error=error.message, status=422)
    messages.success(request, _("Result of %(code)s returned.") % {"code": dossier.code})
    return redirect(reverse("desk:returns"))
