"""The demo's connections: the fake national portal (`motcua fake-national-portal`, started by `make run`) is
owed every status change of every demo dossier, those generated without events included, and a demo
ministry system subscribes to dossier events by webhook (the fake portal's /webhook keeps what it receives)."""

from __future__ import annotations

from django.conf import settings

from motcua.connectors.models import WebhookSubscription
from motcua.connectors.services import national, webhooks
from motcua.dossiers.models import Dossier

DEMO_HOOK = "Hệ thống của Bộ Tư pháp (thử nghiệm)"
DEMO_SECRET = "demo-webhook-secret-not-for-production"


def connect_demo() -> list[str]:
    """Lines for the demo's report; safe to run again (the messages' keys and the subscription's name)."""
    if not settings.NATIONAL_PORTAL_URL:
        return ["National portal: not configured (MOTCUA_NATIONAL_PORTAL_URL), nothing synchronised"]
    base = settings.NATIONAL_PORTAL_URL.rstrip("/")
    if not WebhookSubscription.objects.filter(name=DEMO_HOOK).exists():
        webhooks.subscribe(name=DEMO_HOOK, url=f"{base}/webhook", secret=DEMO_SECRET, events=[])
    # Newest first, so that the dossiers people open first are in sync first; each dossier's changes in order.
    ids = list(Dossier.objects.order_by("-pk").values_list("pk", flat=True))
    owed = national.backfill(dossier_ids=ids)
    return [f"National portal {base}: {owed} status changes of {len(ids)} dossiers owed (the worker sends them)"]
