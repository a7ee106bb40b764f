"""The dossier's append-only history, chained by hashes so that an edited or removed row is detected."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierEvent

GENESIS = "0" * 64


def _canonical(event: DossierEvent) -> str:
    def moment(value: datetime | None) -> str:
        return value.astimezone(UTC).isoformat() if value else ""  # as the database gives it back

    return json.dumps(
        [
            event.dossier_id,
            event.sequence,
            moment(event.at),
            event.actor_id,
            event.actor_name,
            event.role,
            event.agency_id,
            event.action,
            event.from_state,
            event.to_state,
            event.step_name,
            event.note,
            event.data,
            moment(event.due_before),
            moment(event.due_after),
            event.previous_hash,
        ],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )


def event_hash(event: DossierEvent) -> str:
    return hashlib.sha256(_canonical(event).encode()).hexdigest()


def append_event(
    *,
    dossier: Dossier,
    action: str,
    actor=None,
    role: str = "",
    agency=None,
    from_state: str = "",
    to_state: str = "",
    step_name: str = "",
    note: str = "",
    data: dict | None = None,
    due_before: datetime | None = None,
    due_after: datetime | None = None,
    at: datetime | None = None,
    first: bool = False,
) -> DossierEvent:
    """Add an event at the end of the dossier's history (the caller holds the dossier's row lock); `first` for
    the event that creates the dossier (nothing to read before it)."""
    last = None
    if not first:
        last = DossierEvent.objects.filter(dossier=dossier).order_by("-sequence").values("sequence", "hash").first()
    event = DossierEvent(
        dossier=dossier,
        sequence=(last["sequence"] + 1) if last else 1,
        at=at or timezone.now(),
        actor=actor,
        actor_name=(actor.full_name or actor.username) if actor else "",
        role=role,
        agency=agency,
        action=action,
        from_state=from_state,
        to_state=to_state,
        step_name=step_name,
        note=note,
        data=data or {},
        due_before=due_before,
        due_after=due_after,
        previous_hash=last["hash"] if last else GENESIS,
    )
    event.hash = event_hash(event)
    event.save()
    from motcua.notifications.services import after_dossier_event  # the applicant is told once this commits

    after_dossier_event(dossier=dossier, event=event)
    return event


def verify_dossier(dossier_id: int) -> list[str]:
    """Problems in a dossier's history: a changed row, a missing row, a broken chain. Empty when intact."""
    problems = []
    previous = GENESIS
    expected = 1
    for event in DossierEvent.objects.filter(dossier_id=dossier_id).order_by("sequence"):
        if event.sequence != expected:
            problems.append(f"event #{expected} is missing")
        if event.previous_hash != previous:
            problems.append(f"event #{event.sequence} does not follow the one before it")
        if event_hash(event) != event.hash:
            problems.append(f"event #{event.sequence} ({event.action}) was changed after it was written")
        previous, expected = event.hash, event.sequence + 1
    return problems
