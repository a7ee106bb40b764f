from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.core.dbrouter import pinned_to_primary, replica_configured


class LanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English with the language switch (a cookie).

    Many people in Vietnam run browsers in English, so the browser's Accept-Language does not choose the
    language of the pages; it does for the API, where it is the only way a client can ask.
    """

    def process_request(self, request):
        supported = {code for code, _name in settings.LANGUAGES}
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in supported:
            if request.path.startswith("/api/"):
                language = translation.get_language_from_request(request)
            else:
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class _CountedStream:
    """The request body, counted as it is read: reading past the limit stops the request."""

    def __init__(self, stream, limit: int):
        self.stream, self.limit, self.read_so_far = stream, limit, 0

    def _count(self, chunk: bytes) -> bytes:
        self.read_so_far += len(chunk)
        if self.read_so_far > self.limit:
            raise RequestDataTooBig(_("The request is too large."))
        return chunk

    def read(self, *args) -> bytes:
        return self._count(self.stream.read(*args))

    def readline(self, *args) -> bytes:
        return self._count(self.stream.readline(*args))

    def __getattr__(self, name):
        return getattr(self.stream, name)


class RequestSizeMiddleware:
    """A request body larger than MAX_REQUEST_MB is refused with 413 before any of it is read (by its
    Content-Length); the body is also counted while it streams, in case it says less than it sends (reading past
    the cap then stops the request as Django's RequestDataTooBig: a 400)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_MB * 1024 * 1024
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            message = _("The request is larger than %(mb)d MB: send fewer or smaller files.") % {
                "mb": settings.MAX_REQUEST_MB
            }
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
            response["Connection"] = "close"
            return response
        stream = getattr(request, "_stream", None)
        if stream is not None:
            request._stream = _CountedStream(stream, limit)
        return self.get_response(request)


_TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded")


def _has_nul(request) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    length = request.META.get("CONTENT_LENGTH") or "0"
    if request.content_type not in _TEXT_BODIES or not length.isascii() or not length.isdigit():
        return False
    if int(length) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        return False  # refused later, as too large
    body = request.body
    return b"\x00" in body or b"%00" in body or b"\\u0000" in body


class NulCharacterMiddleware:
    """A NUL character in a request (no person types one; PostgreSQL cannot store or even compare one) is refused
    with a 400 before any view reads it: JSON in the API's error shape, plain text elsewhere. Multipart forms go
    through Django's forms, which refuse it themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _has_nul(request):
            return self.get_response(request)
        message = _("The request contains a character that is not allowed.")
        if request.path.startswith("/api/"):
            return JsonResponse({"error": {"code": "bad_request", "message": message}}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


PRIMARY_COOKIE = "motcua_primary"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ReadYourWritesMiddleware:
    """With a replica (ADR 0012): a person who writes (any request but GET/HEAD/OPTIONS) reads from the primary for
    the next READ_YOUR_WRITES_SECONDS, whichever server answers: a short cookie says so, not the session (it holds
    for anonymous citizens too, and costs no look-up). Without a replica it does nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        wrote = request.method not in _SAFE_METHODS
        if not wrote and PRIMARY_COOKIE not in request.COOKIES:
            return self.get_response(request)
        with pinned_to_primary():
            response = self.get_response(request)
        if wrote:
            response.set_cookie(
                PRIMARY_COOKIE,
                "1",
                max_age=settings.READ_YOUR_WRITES_SECONDS,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        return response
