"""Who may see and pay a dossier's fees: whoever holds its look-up secret (typed in, or carried by the receipt's
QR code and the look-up page's link), and the citizen's account the dossier belongs to. A browser that proved
it once keeps the right for its session, so the gateway's return page can lead back to the dossier."""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.accounts.selectors import my_dossier
from motcua.core import ratelimit
from motcua.core.views import client_address
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.codes import normalise_code, secret_matches

SESSION_KEY = "payment_dossiers"
SESSION_MAX = 20  # dossiers remembered per session
WRONG_SECRETS_PER_MINUTE = 20


class TooManyTries(Exception):
    def __init__(self) -> None:
        super().__init__(_("Too many tries from your connection. Please wait a minute and try again."))


def granted(request) -> list[str]:
    return list(request.session.get(SESSION_KEY, []))[:SESSION_MAX]


def dossier_for(request, code: str) -> Dossier | None:
    """The dossier when this request may see its fees, None otherwise (the same for an unknown code)."""
    code = normalise_code(code)[:40]
    dossier = (
        Dossier.objects.filter(code=code)
        .select_related("procedure_version")
        .only("id", "code", "lookup_secret", "submitted_by_id", "procedure_version__name")
        .first()
    )
    secret = (request.POST.get("bi-mat") or request.GET.get("bi-mat") or "")[:16]
    if dossier is not None and secret and secret_matches(stored=dossier.lookup_secret, given=secret):
        _remember(request, dossier.code)
        return dossier
    if secret and not ratelimit.allowed(
        f"payment-secret:{client_address(request)}", WRONG_SECRETS_PER_MINUTE, window_seconds=60
    ):
        raise TooManyTries
    if dossier is None:
        return None
    if dossier.code in granted(request):
        return dossier
    if request.user.is_authenticated and my_dossier(user=request.user, code=dossier.code) is not None:
        _remember(request, dossier.code)
        return dossier
    return None


def _remember(request, code: str) -> None:
    codes = [c for c in granted(request) if c != code]
    request.session[SESSION_KEY] = [code, *codes][:SESSION_MAX]
