"""The public look-up page (/tra-cuu/): code and secret typed in, or both carried by the receipt's QR code."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.portal.lookup import limiter, selectors


class LookupForm(forms.Form):
    # The field names are the QR code's parameters (dossiers/forms/fill.py lookup_url).
    ma = forms.CharField(label=gettext_lazy("Dossier code"), max_length=40, strip=True)
    bi_mat = forms.CharField(label=gettext_lazy("Look-up secret"), max_length=16, strip=True)

    def __init__(self, data=None):
        if data is not None:
            data = {"ma": data.get("ma", ""), "bi_mat": data.get("bi-mat", "")}
        super().__init__(data)


@never_cache
@require_GET
def lookup(request):
    asked = "ma" in request.GET or "bi-mat" in request.GET
    form = LookupForm(request.GET if asked else None)
    context = {"form": form, "result": None, "not_found": False}
    if asked and form.is_valid():
        code, secret = form.cleaned_data["ma"], form.cleaned_data["bi_mat"]
        try:
            context["result"] = limiter.look_up(request, lambda: selectors.lookup(code=code, secret=secret))
        except limiter.TooMany:
            context["too_many"] = _("Too many look-ups from your connection. Please wait a minute and try again.")
            return render(request, "portal/lookup.html", context, status=429)
        context["not_found"] = context["result"] is None
    return render(request, "portal/lookup.html", context, status=404 if context["not_found"] else 200)
