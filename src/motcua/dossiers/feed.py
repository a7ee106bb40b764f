"""The feed of dossier updates other systems poll (API `GET /updates`, scope `updates:receive`): every event of
the dossiers a caller may see, oldest first, after a keyset cursor (the last event's id)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from motcua.core.models import User
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.services.access import visible_dossiers

# Event ids are taken when a transaction inserts them but seen when it commits: a transaction that commits late
# could put an id below a cursor already handed out. Events younger than this are held back so that writes in
# flight (each a short transaction) have committed before a poller moves past their ids.
SETTLE_SECONDS = 10


def updates_after(*, user: User, after: int, limit: int) -> list[DossierEvent]:
    """Up to `limit` events with ids above `after`, of dossiers `user` may see, old enough to have settled."""
    settled = timezone.now() - timedelta(seconds=SETTLE_SECONDS)
    return list(
        DossierEvent.objects.filter(pk__gt=after, at__lte=settled, dossier__in=visible_dossiers(user).values("pk"))
        .select_related("dossier", "agency")
        .only("pk", "action", "from_state", "to_state", "at", "step_name", "dossier__code", "agency__code")
        .order_by("pk")[:limit]
    )
