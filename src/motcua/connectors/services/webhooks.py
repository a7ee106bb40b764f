"""Generic webhooks for ministry and provincial systems: a subscription (URL, secret, event names) is sent each
dossier event it asks for, as JSON signed with HMAC-SHA256.

Signature: header `X-Motcua-Signature: t=<unix seconds>,v1=<hex>` where hex = HMAC-SHA256(secret,
"<t>.<body>"). The receiver recomputes it over the raw body, compares in constant time, and refuses a `t` too
far from its clock (replays). The header `Idempotency-Key` (also the body's `id`) is the same for a repeat."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

from django.db import transaction

from motcua.connectors.models import ConnectorMessage, WebhookSubscription
from motcua.connectors.services import outbox
from motcua.core.events import encode, type_name
from motcua.dossiers.events import BaseDossierEvent

CONNECTOR = "webhook"
HEADER = "X-Motcua-Signature"
TOLERANCE = 300  # seconds a receiver should accept between the signature's time and its own
PRIVATE_FIELDS = ("note", "actor_id")  # a remark may quote personal data; staff ids mean nothing outside


def sign(*, secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(*, secret: str, body: bytes, header: str, now: float | None = None) -> bool:
    """What a receiver does (and what the tests check the signature with)."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    if not parts.get("t", "").isdigit() or "v1" not in parts:
        return False
    timestamp = int(parts["t"])
    if abs((now if now is not None else time.time()) - timestamp) > TOLERANCE:
        return False
    expected = sign(secret=secret, body=body, timestamp=timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts["v1"])


def payload_of(event: BaseDossierEvent, name: str) -> dict[str, Any]:
    data = {k: v for k, v in encode(event).items() if k not in PRIVATE_FIELDS}
    return {"id": f"{event.code}:{event.sequence}", "event": name, "data": data}


def on_dossier_event(event: BaseDossierEvent) -> None:
    """One message per active subscription that asked for this event."""
    name = type_name(type(event))
    for subscription in WebhookSubscription.objects.filter(is_active=True).only("pk", "events"):
        if subscription.events and name not in subscription.events:
            continue
        outbox.enqueue(
            connector=CONNECTOR,
            idempotency_key=f"{subscription.pk}:{event.code}:{event.sequence}",
            ordering_key=f"{subscription.pk}:{event.dossier_id}",
            subscription_id=subscription.pk,
            payload=payload_of(event, name),
        )


@transaction.atomic
def subscribe(*, name: str, url: str, secret: str, events: list[str] | None = None) -> WebhookSubscription:
    """Register a system's endpoint (an administrator's act, from the admin or the demo)."""
    if not url.startswith(("http://", "https://")) or len(url) > 500:
        raise ValueError("a webhook URL is http(s) and at most 500 characters")
    if len(secret) < 16:
        raise ValueError("a webhook secret has at least 16 characters")
    return WebhookSubscription.objects.create(name=name[:200], url=url, secret=secret[:200], events=events or [])


def build_request(message: ConnectorMessage) -> outbox.Request:
    subscription = message.subscription
    if subscription is None or not subscription.is_active:
        raise ValueError("the subscription is gone")
    body = outbox.body_of(message.payload)
    return outbox.Request(
        url=subscription.url,
        body=body,
        headers={
            HEADER: sign(secret=subscription.secret, body=body, timestamp=int(time.time())),
            "Idempotency-Key": message.idempotency_key,
        },
    )


outbox.register(CONNECTOR, build_request)
