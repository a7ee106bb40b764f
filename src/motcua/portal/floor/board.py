"""The centre's display boards (bảng gọi số): a TV page per centre or per area, and its live stream of changes
(server-sent events, ADR 0010). Anonymous and read-only: numbers and counters, nothing personal."""

from __future__ import annotations

import json
import re

from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.core.models import Centre
from motcua.queue import live
from motcua.queue.models import ServiceArea

AREA = re.compile(r"^[A-Z]{1,2}$")


def _place(request, centre_code: str) -> tuple[Centre, str]:
    centre = get_object_or_404(Centre, code=centre_code[:40])
    area_code = request.GET.get("khu", "").strip().upper()[:2]
    if area_code and not (
        AREA.match(area_code) and ServiceArea.objects.filter(centre=centre, code=area_code, is_active=True).exists()
    ):
        raise Http404(_("This centre has no service area %(code)s.") % {"code": area_code})
    return centre, area_code


@require_GET
def page(request, centre_code: str):
    centre, area_code = _place(request, centre_code)
    board = live.snapshot(centre, area_code)
    query = f"?khu={area_code}" if area_code else ""
    return render(
        request,
        "portal/floor/board.html",
        {"board": board, "board_json": json.dumps(board), "area_code": area_code, "query": query},
    )


@require_GET
def events(request, centre_code: str):
    centre, area_code = _place(request, centre_code)
    last = request.headers.get("Last-Event-ID", "")[:20]
    after = int(last) if last.isdigit() else None
    if isinstance(request, ASGIRequest):  # one listener per process, streams wait without a thread
        stream = live.HUB.stream(centre, area_code=area_code, after=after)
    else:  # WSGI would read an async stream whole before sending it: a thread polls instead
        stream = live.sync_stream(centre, area_code=area_code, after=after)
    response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # a proxy (nginx) passes each event on at once
    return response
