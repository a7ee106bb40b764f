"""The hall's rating board (/bang-danh-gia/<centre code>/): how satisfied people were today and this month, per
agency and per counter of the centre, for a TV on the wall. Figures only, never who rated nor which officer
served; a counter is shown by its number and name. The page reloads itself every minute (a meta refresh: no
script to break on a screen nobody touches)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.core.models import Centre
from motcua.feedback.models import Level
from motcua.feedback.selectors import rating_board

REFRESH_SECONDS = 60


@require_GET
def page(request, code: str):
    centre = get_object_or_404(Centre, code=code[:40], is_active=True)
    board = rating_board(centre=centre, now=timezone.now())
    overall = board.overall
    # The centre's counts per level, "very satisfied" first (Level.choices is in that order).
    levels = [
        (value, str(label), overall.today.levels[value - 1], overall.month.levels[value - 1])
        for value, label in Level.choices
    ]
    return render(request, "portal/rating_board.html", {"board": board, "refresh": REFRESH_SECONDS, "levels": levels})
