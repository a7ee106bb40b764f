"""Whole anonymous pages kept rendered: the pages that are the same for every visitor who is not logged in.

A page is served from the cache, or stored in it, only for a GET without a session or messages cookie: a
logged-in user (or one in the middle of something: a session) always gets a fresh rendering and never writes one.
The key holds the language, a version of what the page reads (e.g. the catalog's) and the full path with its
query string. The stored copy holds a placeholder instead of the CSRF token (the language switch is a form); the
token of the request is put in when the page is served, so no token, cookie or session is ever shared.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

# Rendered by {% csrf_token %} in a page being stored (core.context_processors.site puts it in the context).
CSRF_PLACEHOLDER = "motcua-csrf-placeholder-9f3c"
RENDERING_FLAG = "_motcua_page_cache_rendering"
DEFAULT_TIMEOUT = 60  # seconds: what the version does not follow (e.g. the home page's most used) is this late


def rendering_for_cache(request: HttpRequest) -> bool:
    return bool(getattr(request, RENDERING_FLAG, False))


def cacheable(request: HttpRequest) -> bool:
    """A GET from a visitor with no session (so not logged in) and no pending messages."""
    if request.method not in ("GET", "HEAD"):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and CookieStorage.cookie_name not in request.COOKIES


def page_key(request: HttpRequest, version: str) -> str:
    # The full path is hashed: query strings are the visitor's and may be long (cache keys are limited in length).
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"motcua:page:v1:{translation.get_language()}:{version}:{path}"


def cached_anonymous_page(
    version: Callable[[], str], *, timeout: int = DEFAULT_TIMEOUT
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view whose anonymous rendering depends only on the language, the query string and what
    `version()` stamps (cheap: it is called on every anonymous request)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not cacheable(request):
                return view(request, *args, **kwargs)
            key = page_key(request, version())
            stored = cache.get(key)
            if stored is None:
                setattr(request, RENDERING_FLAG, True)
                response = view(request, *args, **kwargs)
                setattr(request, RENDERING_FLAG, False)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return response
                stored = (response.content, response["Content-Type"])
                cache.set(key, stored, timeout)
            return _serve(request, *stored)

        return wrapper

    return decorate


def _serve(request: HttpRequest, content: bytes, content_type: str) -> HttpResponse:
    placeholder = CSRF_PLACEHOLDER.encode()
    if placeholder in content:
        content = content.replace(placeholder, get_token(request).encode())
    response = HttpResponse(content, content_type=content_type)
    # The same URL differs by the language cookie and by being logged in: shared caches must not mix them.
    response["Vary"] = "Cookie"
    return response
