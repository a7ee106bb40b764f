"""How the API writes JSON: every time in Vietnam time with its offset ("2026-12-05T05:21:00+07:00")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder


class LocalTimeEncoder(NinjaJSONEncoder):
    """Django's encoder writes an aware time in the zone it carries, and the database gives UTC ("…Z"): a client
    showing the text as it comes would read 22:21 on the day before for 05:21. Times go out in TIME_ZONE."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


class LocalTimeRenderer(JSONRenderer):
    encoder_class = LocalTimeEncoder
