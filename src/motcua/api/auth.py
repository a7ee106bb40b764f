"""Who is calling: a bearer token, a staff session, or nobody (public endpoints)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from motcua.core.services import authenticate_api_token


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = authenticate_api_token(token)
        if user is None:
            raise AuthenticationError()  # a wrong token is an error, never a silent fall-back to anonymous
        request.user = user
        return user


class Anonymous:
    """Lets public endpoints through; `request.auth` is then an AnonymousUser."""

    def __call__(self, request):
        return AnonymousUser()


bearer = BearerToken()
session = SessionAuth()
# Public reads: staff (token or session) see more; anyone else sees what citizens see.
optional_auth = [bearer, session, Anonymous()]


def csrf_exempt(view):
    """For POSTs anyone may make (a session grants nothing more there): without it the session check refuses a
    POST with no CSRF cookie before the anonymous one is reached. Django's csrf_exempt without its wrapper:
    django-ninja reads a module's string annotations (`from __future__ import annotations`) in the view's
    globals, which a wrapper would hide."""
    view.csrf_exempt = True
    return view
