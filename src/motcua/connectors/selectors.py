"""Reads for the connectors' status page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q, QuerySet

from motcua.connectors.models import ConnectorMessage, InboundDossier, State
from motcua.connectors.services import outbox

DEAD_SHOWN = 100


@dataclass(frozen=True)
class ConnectorStatus:
    connector: str
    pending: int
    failed: int
    dead: int
    sent: int
    last_sent_at: datetime | None


def statuses() -> list[ConnectorStatus]:
    """Every registered connector, with its messages by state and its last success (one query)."""
    rows = {
        row["connector"]: row
        for row in ConnectorMessage.objects.values("connector").annotate(
            pending=Count("pk", filter=Q(state=State.PENDING)),
            failed=Count("pk", filter=Q(state=State.FAILED)),
            dead=Count("pk", filter=Q(state=State.DEAD)),
            sent=Count("pk", filter=Q(state=State.SENT)),
            last_sent_at=Max("sent_at"),
        )
    }
    names = sorted(set(outbox.connectors()) | set(rows))
    empty = {"pending": 0, "failed": 0, "dead": 0, "sent": 0, "last_sent_at": None}
    return [
        ConnectorStatus(
            connector=name,
            **{k: v for k, v in rows.get(name, empty).items() if k != "connector"},
        )
        for name in names
    ]


def dead_letters(*, limit: int = DEAD_SHOWN) -> QuerySet[ConnectorMessage]:
    return (
        ConnectorMessage.objects.filter(state=State.DEAD)
        .select_related("subscription")
        .only("pk", "connector", "idempotency_key", "attempts", "last_error", "created_at", "subscription__name")
        .order_by("-pk")[:limit]
    )


def inbound_count() -> int:
    return InboundDossier.objects.count()
