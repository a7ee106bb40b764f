"""The public transparency page (/cong-khai/): how the province's agencies resolve dossiers, how satisfied people
are, how long the most used procedures really take beside their legal time limit, and the Decision 766 index.

No personal data: the figures are read from the kept counters (stats.selectors.public), cached server-side for a
few minutes and, for visitors who are not logged in, by browsers and proxies too."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from motcua.catalog.models import Channel
from motcua.catalog.templatetags.procedures import channel_deadline
from motcua.core.dbrouter import stale_ok_view
from motcua.stats.selectors.public import CACHE_SECONDS, Deadline, default_province_id, transparency


@dataclass(frozen=True)
class DeadlineText:
    channels: str  # "At the counter, Online", in the reader's language
    limit: str  # "15 working days"


def deadline_texts(deadlines: tuple[Deadline, ...]) -> list[DeadlineText]:
    """Channels with the same legal time limit on one line, in the order the catalog gives them."""
    grouped: dict[str, list[str]] = {}
    for deadline in deadlines:
        limit = channel_deadline(deadline)
        label = str(Channel(deadline.channel).label) if deadline.channel in Channel.values else deadline.channel
        grouped.setdefault(limit, []).append(label)
    return [DeadlineText(", ".join(labels), limit) for limit, labels in grouped.items()]


@stale_ok_view  # public statistics, cached anyway: the replica may answer (ADR 0012)
def page(request):
    province_id = default_province_id()
    if province_id is None:
        raise Http404(_("No province has been set up yet."))
    figures = transparency(province_id=province_id, today=timezone.localdate())
    index = figures.index
    response = render(
        request,
        "portal/transparency.html",
        {
            "figures": figures,
            "levels": _by_level(figures.agencies),
            "procedures": [(line, deadline_texts(line.deadlines)) for line in figures.procedures],
            "index": index,
            # Names are English source strings of stats.index766: translated here, in the reader's language.
            "groups": [(_(group.name), group) for group in index.score.groups] if index else [],
            "now": timezone.localtime(),
        },
    )
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)  # the header names the person logged in
    else:
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _by_level(lines):
    """(caption, lines) per level: province-level agencies, then communes (the selector's order)."""
    captions = {
        "ministry": _("Central agencies"),
        "province": _("Province-level agencies"),
        "commune": _("Communes and wards"),
    }
    out: list[tuple[str, list]] = []
    for line in lines:
        caption = captions.get(line.level, _("Other agencies"))
        if not out or out[-1][0] != caption:
            out.append((caption, []))
        out[-1][1].append(line)
    return out
