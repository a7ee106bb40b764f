"""Log-in with the national identity (/tai-khoan/dinh-danh/): off to the provider, back with a code, logged in."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.accounts import identity, oidc
from motcua.accounts.views.auth import _next

log = logging.getLogger(__name__)
BACKEND = "django.contrib.auth.backends.ModelBackend"  # the session only; the provider checked the person
ID_TOKEN_KEY = "national_identity_id_token"  # the hint of the log-out at the provider
NEXT_KEY = "national_identity_next"
MAX_PARAMETER = 2048  # a code, a state or an error from the provider is far shorter


@never_cache
@require_GET
def start(request):
    if not oidc.enabled():
        raise Http404
    request.session[NEXT_KEY] = _next(request)
    try:
        return oidc.client().authorize_redirect(request, request.build_absolute_uri(reverse("accounts:identity_back")))
    except (requests.RequestException, AuthlibBaseError, ValueError):
        log.warning("identity log-in: the provider's metadata could not be read", exc_info=True)
        return _failed(request, _("The national identity service cannot be reached. Please try again later."))


@never_cache
@require_GET
def back(request):
    """The provider's answer: the code is exchanged for tokens and the ID token checked (Authlib raises otherwise)."""
    if not oidc.enabled():
        raise Http404
    if any(len(value) > MAX_PARAMETER for value in request.GET.values()):
        return _failed(request, _("Log-in with the national identity failed. Please try again."))
    if request.GET.get("error"):
        return _failed(request, _("Log-in with the national identity was cancelled."))
    try:
        token = oidc.client().authorize_access_token(request)
        claims = token.get("userinfo")  # the verified ID token's claims; absent when it had no ID token
        if not claims:
            raise identity.IdentityError(_("The national identity did not answer with an ID token."))
        found = identity.identity_from_claims(claims, issuer=oidc.issuer(), id_claim=settings.OIDC_ID_CLAIM)
        user = identity.sign_in(identity=found)
    except identity.IdentityError as error:
        return _failed(request, str(error))
    except (requests.RequestException, AuthlibBaseError, ValueError) as error:
        # The error's class only: its text may quote the token.
        log.warning("identity log-in refused: %s", type(error).__name__)
        return _failed(request, _("Log-in with the national identity failed. Please try again."))
    next_url = request.session.pop(NEXT_KEY, "")
    login(request, user, backend=BACKEND)
    request.session[ID_TOKEN_KEY] = token.get("id_token", "")
    return redirect(next_url or "accounts:home")


def end_session_url(request, id_token: str) -> str:
    """Where the browser goes to be logged out of the provider too (RP-initiated log-out), then back home; "" when
    the provider has no end_session_endpoint or cannot be reached (the local log-out stands)."""
    try:
        metadata = oidc.client().load_server_metadata()
    except (requests.RequestException, AuthlibBaseError, ValueError):
        log.warning("identity log-out: the provider's metadata could not be read")
        return ""
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return ""
    back_home = request.build_absolute_uri(reverse("portal:home"))
    query = {"id_token_hint": id_token, "post_logout_redirect_uri": back_home, "client_id": settings.OIDC_CLIENT_ID}
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"


def _failed(request, message: str):
    messages.error(request, message)
    return redirect("accounts:login")
