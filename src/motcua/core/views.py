import functools
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, connections
from django.http import FileResponse, Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitors: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # What failed is for the logs; an anonymous caller learns only that it did (no driver error, no host).
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


@never_cache
@require_GET
def readyz(request):
    """Whether this server may take traffic: every database (primary, replica) and the shared cache answer. A
    balancer checks it; /healthz stays the cheap liveness check."""
    checks: dict[str, str] = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            checks[alias] = "ok"
        except DatabaseError:
            logger.exception("Readiness check: a database does not answer")
            checks[alias] = "error"
    try:
        cache.set("motcua:readyz", "1", 10)
        checks["cache"] = "ok" if cache.get("motcua:readyz") == "1" else "error"
    except Exception:  # a cache server that is down raises its own client's errors (redis.ConnectionError…)
        logger.exception("Readiness check: the cache does not answer")
        checks["cache"] = "error"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ready else "error", **checks}, status=200 if ready else 503)


def private_file(stored, *, filename: str) -> FileResponse:
    """A scan or a result shown in the browser (PDF or image) to someone the caller checked may see it: never
    kept by a shared cache, never sniffed into another type, framed only by our own pages."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("No such file.")) from error
    response = FileResponse(handle, content_type=stored.content_type)
    extension = stored.file.name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'inline; filename="{filename}.{extension}"'
    response["Cache-Control"] = "private, no-store"  # personal data
    response["X-Content-Type-Options"] = "nosniff"
    # An uploaded PDF or SVG-like file may carry scripts: shown sandboxed, none of them runs in our origin.
    response["Content-Security-Policy"] = "sandbox; frame-ancestors 'self'"
    response["X-Frame-Options"] = "SAMEORIGIN"  # the dossier page frames it; no other site may
    return response


def client_address(request) -> str:
    """The caller's address, as the rate limits and log-in throttles count it. X-Forwarded-For is believed only
    when the peer is one of MOTCUA_TRUSTED_PROXIES: its hops are read from the right (the nearest proxy's),
    skipping trusted proxies; the first other hop is the client. A header sent by anyone else is ignored."""
    peer = request.META.get("REMOTE_ADDR", "?")
    trusted = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not trusted or not _is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop[:45]  # the longest written IPv6 address
    return hops[0][:45] if hops else peer


@functools.lru_cache(maxsize=8)
def _trusted_networks(values: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def _is_trusted(address: str, trusted) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)
