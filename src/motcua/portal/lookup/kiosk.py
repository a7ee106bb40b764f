"""The look-up kiosk of the centre's hall (/tra-cuu/kiosk/): a full-screen page that a hand-held or fixed scanner
types into. Hall scanners act as a keyboard: they type what they read, then Enter, which submits the page's one
GET form; the answer is rendered by the server, so a scan is one request and the page works without JavaScript.
The script (kiosk.js) only keeps the input focused, drives the on-screen keypad and returns to the start screen
after a short idle time, so that the next person never sees the last one's dossier."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.dossiers.services.codes import normalise_code
from motcua.portal.lookup import limiter, selectors

MAX_SCAN = 300  # the QR's whole address fits well within this; anything longer is not from our receipt
MAX_CODE = 40
MAX_SECRET = 16


@dataclass(frozen=True)
class Scan:
    """What the kiosk read: a code and a secret, either of which may still be missing."""

    code: str = ""
    secret: str = ""


def _looks_like_code(token: str) -> bool:
    # Dossier codes always carry dashes (<agency>-<YYMMDD>-<NNNN>); secrets never do (codes.SECRET_ALPHABET).
    return "-" in token


def read_scan(text: str, *, code_before: str = "") -> Scan:
    """The code and secret in what was scanned or typed:
    - the receipt's QR: the look-up address, whatever its host, with ?ma=CODE&bi-mat=SECRET;
    - the receipt's barcode (the code alone), then the secret printed beside it typed on the keypad: the code
      comes back from the first step as `code_before`;
    - "CODE SECRET" typed in one go (spaces inside the secret are ignored, as on the look-up page)."""
    text = text.strip()[:MAX_SCAN]
    if "?" in text and ("ma=" in text or "bi-mat=" in text):
        query = parse_qs(urlsplit(text).query)
        return Scan(_first(query.get("ma")), _first(query.get("bi-mat")))
    tokens = text.split()
    if tokens and _looks_like_code(tokens[0]):
        return Scan(tokens[0], "".join(tokens[1:]))
    if code_before:
        return Scan(code_before, "".join(tokens))
    return Scan("", "".join(tokens))


def _first(values: list[str] | None) -> str:
    return values[0].strip() if values else ""


def idle_seconds() -> int:
    """Seconds without a touch or a scan before the kiosk goes back to its start (MOTCUA_KIOSK_IDLE_SECONDS, 30)."""
    try:
        return max(5, min(600, int(os.environ.get("MOTCUA_KIOSK_IDLE_SECONDS", "30"))))
    except ValueError:
        return 30


@never_cache
@require_GET
def kiosk(request):
    scan = read_scan(request.GET.get("q", ""), code_before=request.GET.get("ma", "").strip()[:MAX_CODE])
    code, secret = normalise_code(scan.code)[:MAX_CODE], scan.secret[:MAX_SECRET]
    context = {"idle": idle_seconds(), "code": code, "result": None, "screen": "start"}
    status = 200
    if not request.GET.get("q", "").strip():
        pass  # the start screen (an Enter on an empty input too)
    elif code and not secret:
        context["screen"] = "secret"  # the barcode gave the code: the secret printed beside it is still needed
    elif not code:
        context["screen"] = "no_code"
    else:
        try:
            context["result"] = limiter.look_up(request, lambda: selectors.lookup(code=code, secret=secret))
        except limiter.TooMany:
            context["screen"], status = "too_many", 429
        else:
            context["screen"], status = ("result", 200) if context["result"] else ("not_found", 404)
    return render(request, "portal/lookup_kiosk.html", context, status=status)
