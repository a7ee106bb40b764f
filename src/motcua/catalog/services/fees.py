"""Fees an administrator has looked at."""

from __future__ import annotations

from motcua.catalog.freshness import catalog_changed
from motcua.catalog.models import ChannelFee


def confirm_fees(*, fee_ids: list[int]) -> int:
    """The administrator checked these amounts against the legal basis and they are right: counters may offer
    them again. Only the flag changes (a published version's amounts are never edited in place)."""
    confirmed = ChannelFee.objects.filter(pk__in=fee_ids, needs_review=True).update(needs_review=False)
    catalog_changed()
    return confirmed
