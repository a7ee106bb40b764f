"""The connectors' one subscriber to dossier events: what each adapter owes, written to the outbox in the
delivery's transaction (with the removal of the delivery row), so a redelivered event writes nothing twice."""

from __future__ import annotations

from motcua.connectors.services import national, webhooks
from motcua.dossiers.events import BaseDossierEvent

SUBSCRIBER = "connectors.outbox"


def on_dossier_event(event: BaseDossierEvent) -> None:
    national.on_dossier_event(event)
    webhooks.on_dossier_event(event)
