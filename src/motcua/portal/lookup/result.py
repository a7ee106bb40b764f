"""The electronic result downloaded with the dossier's code and look-up secret (/tra-cuu/ket-qua/): the link the
"returned" message carries, for applicants with or without an account."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.core.views import private_file
from motcua.portal.lookup import limiter
from motcua.portal.lookup.views import LookupForm
from motcua.results.selectors import delivered_result


@never_cache
@require_GET
def download(request):
    form = LookupForm(request.GET)
    if not form.is_valid():
        raise Http404(_("No result can be downloaded with this code and secret."))
    code, secret = form.cleaned_data["ma"], form.cleaned_data["bi_mat"]
    try:
        stored = limiter.look_up(request, lambda: delivered_result(code=code, secret=secret))
    except limiter.TooMany:
        too_many = _("Too many look-ups from your connection. Please wait a minute and try again.")
        return HttpResponse(too_many, status=429)
    if stored is None:
        raise Http404(_("No result can be downloaded with this code and secret."))
    return private_file(stored, filename=f"ket-qua-{form.cleaned_data['ma']}")
