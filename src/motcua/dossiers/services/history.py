"""The dossier's append-only history, chained by keyed hashes (HMAC-SHA256 with a key kept outside the database)
so that an edited, re-chained or removed row is detected; checked against the dossier's own state and version."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from motcua.core.events import publish
from motcua.core.models import Agency, User
from motcua.dossiers import events
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.states import Action, State

GENESIS = "0" * 64
KEY_PURPOSE = "motcua.dossiers.history"  # the key derived from SECRET_KEY serves this and nothing else
NOTIFIED = "notified"  # the outbox's rows: they change neither the state nor the version


def history_key() -> bytes:
    """MOTCUA_HISTORY_KEY, or a key derived from SECRET_KEY for this purpose only: never in the database, so
    whoever can write the database cannot recompute a chain after an edit."""
    configured = getattr(settings, "HISTORY_KEY", "")
    if configured:
        return configured.encode()
    return salted_hmac(KEY_PURPOSE, "dossier history", secret=settings.SECRET_KEY, algorithm="sha256").digest()


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


def event_hash(event: DossierEvent, *, key: bytes | None = None) -> str:
    return hmac.new(key or history_key(), _canonical(event).encode(), hashlib.sha256).hexdigest()


def unkeyed_hash(event: DossierEvent) -> str:
    """The plain SHA-256 chains were written with before the key (see `rekey_dossier`)."""
    return hashlib.sha256(_canonical(event).encode()).hexdigest()


def append_event(
    *,
    dossier: Dossier,
    action: str,
    actor: User | None = None,
    role: str = "",
    agency: Agency | None = None,
    from_state: str = "",
    to_state: str = "",
    step_name: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
    due_before: datetime | None = None,
    due_after: datetime | None = None,
    at: datetime | None = None,
    first: bool = False,
) -> DossierEvent:
    """Add an event at the end of the dossier's history (the caller holds the dossier's row lock, so one dossier's
    events are published in order); `first` for the event that creates the dossier (nothing to read before it).
    The typed event (dossiers.events) is published in the same transaction, delivered once it commits."""
    last = None
    if not first:
        last = DossierEvent.objects.filter(dossier=dossier).order_by("-sequence").values("sequence", "hash").first()
    event = DossierEvent(
        dossier=dossier,
        province_id=dossier.province_id,
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
    published = typed_event(dossier=dossier, row=event)
    if published is not None:
        publish(published)
    return event


def typed_event(*, dossier: Dossier, row: DossierEvent) -> events.BaseDossierEvent | None:
    """The typed event for a history row; None for the outbox's own "notified" rows."""
    action, data = row.action, row.data
    extra: dict[str, Any] = {}
    cls: type[events.BaseDossierEvent]
    if action == "notified":
        return None
    if action == "receive":
        cls, extra = events.DossierReceived, {"documents": int(data.get("documents") or 0)}
    elif action == "submit":
        cls = events.DossierSubmittedOnline
    elif action == Action.FORWARD and row.from_state == State.SUBMITTED:
        cls = events.OnlineDossierAccepted
    elif action == Action.FORWARD or (action == Action.APPROVE and row.to_state != State.RESULT_READY):
        cls = events.StepFinished
        extra = {"to_step": data.get("to_step", ""), "step_timeliness": data.get("step_timeliness", "")}
    elif action == Action.APPROVE:
        cls = events.DossierResultReady
        extra = {
            "timeliness": dossier.timeliness,
            "on_the_spot": bool(data.get("on_the_spot")),
            "result_file_id": data.get("result_file_id"),
            "step_timeliness": data.get("step_timeliness", ""),
        }
    elif action == Action.ASSIGN:
        cls, extra = events.StepAssigned, {"assignee": data.get("assignee", "")}
    elif action == Action.SEND_BACK:
        cls, extra = events.StepSentBack, {"to_step": data.get("to_step", "")}
    elif action == Action.REQUEST_SUPPLEMENT:
        cls = events.SupplementRequested
        extra = {"items": tuple(data.get("items", ())), "policy": data.get("policy", "")}
    elif action == Action.COMPLETE_SUPPLEMENT:
        paused = data.get("paused_from")
        cls, extra = events.SupplementCompleted, {"paused_from": datetime.fromisoformat(paused) if paused else None}
    elif action == Action.EXTEND:
        cls, extra = events.DossierExtended, {"apology": data.get("apology", "")}
    elif action == Action.RETURN_RESULT:
        cls, extra = events.ResultReturned, {"method": data.get("method", ""), "timeliness": dossier.timeliness}
    else:
        cls = _CLOSING[action]  # an unknown action fails loudly: every history row has its event type
    return cls(
        dossier_id=dossier.pk,
        code=dossier.code,
        agency_id=dossier.agency_id,
        province_id=dossier.province_id,
        procedure_id=dossier.procedure_id,
        channel=dossier.channel,
        history_id=row.pk,
        sequence=row.sequence,
        at=row.at,
        actor_id=row.actor_id,
        role=row.role,
        acting_agency_id=row.agency_id,
        from_state=row.from_state,
        to_state=row.to_state,
        step_name=row.step_name,
        note=row.note,
        due_before=row.due_before,
        due_after=row.due_after,
        **extra,
    )


_CLOSING: dict[str, type[events.BaseDossierEvent]] = {
    Action.REFUSE: events.DossierRefused,
    Action.STOP: events.DossierStopped,
    Action.WITHDRAW: events.DossierWithdrawn,
}


def verify_dossier(dossier_id: int) -> list[str]:
    """Problems in a dossier's history: a changed or re-chained row, a missing row, a broken chain, a history
    that does not end where the dossier is (its state, and its version: one per action, as the services keep
    them), or no history at all. Empty when intact."""
    dossier = Dossier.objects.filter(pk=dossier_id).values("state", "version").first()
    if dossier is None:
        return []
    events = list(DossierEvent.objects.filter(dossier_id=dossier_id).order_by("sequence"))
    if not events:
        return ["the dossier has no history"]
    problems = _chain_problems(events, event_hash, key=history_key())
    actions = [e for e in events if e.action != NOTIFIED]
    if not actions or actions[-1].to_state != dossier["state"]:
        ended = actions[-1].to_state if actions else ""
        problems.append(f"the dossier is {dossier['state']} but its history ends at {ended or 'nothing'}")
    if len(actions) != dossier["version"]:
        problems.append(f"the dossier is at version {dossier['version']} but its history has {len(actions)} actions")
    return problems


def _chain_problems(events: list[DossierEvent], hasher: Callable[..., str], **kwargs: Any) -> list[str]:
    problems = []
    previous, expected = GENESIS, 1
    for event in events:
        if event.sequence != expected:
            problems.append(f"event #{expected} is missing")
        if event.previous_hash != previous:
            problems.append(f"event #{event.sequence} does not follow the one before it")
        if hasher(event, **kwargs) != event.hash:
            problems.append(f"event #{event.sequence} ({event.action}) was changed after it was written")
        previous, expected = event.hash, event.sequence + 1
    return problems


def rekey_dossier(dossier_id: int) -> bool | None:
    """Re-chain a history written before the key (plain SHA-256) with the key: only when that old chain is
    intact, so that rekeying never launders an edit. True: rekeyed; None: already keyed; False: refused."""
    events = list(DossierEvent.objects.filter(dossier_id=dossier_id).order_by("sequence"))
    if not events or not _chain_problems(events, event_hash, key=history_key()):
        return None
    if _chain_problems(events, unkeyed_hash):
        return False
    previous = GENESIS
    for event in events:  # the rows refuse save(): written by an UPDATE, the one sanctioned rewrite
        event.previous_hash = previous
        event.hash = previous = event_hash(event)
        DossierEvent.objects.filter(pk=event.pk).update(previous_hash=event.previous_hash, hash=event.hash)
    return True
