"""A ministry's system subscribed to dossier events gets them signed with HMAC-SHA256; it can verify them."""

import json
import time

import pytest

from motcua.connectors.models import ConnectorMessage, WebhookSubscription
from motcua.connectors.services import outbox, webhooks
from tests.connectors.test_national_sync import submit_and_withdraw

pytestmark = pytest.mark.django_db
SECRET = "a-shared-secret-of-the-ministry"


def test_a_subscription_gets_the_events_it_asked_for_signed(
    world, portal, settings, django_capture_on_commit_callbacks
):
    settings.NATIONAL_PORTAL_URL = ""  # webhooks only
    webhooks.subscribe(name="Bộ Tư pháp", url=f"{portal.url}/webhook", secret=SECRET, events=["dossier.withdrawn"])
    dossier = submit_and_withdraw(world, django_capture_on_commit_callbacks)
    assert outbox.deliver_due() == 1
    [hook] = portal.state()["webhooks"]
    headers = {k.lower(): v for k, v in hook["headers"].items()}
    raw = hook["raw"].encode()
    assert webhooks.verify(secret=SECRET, body=raw, header=headers["x-motcua-signature"])
    assert not webhooks.verify(secret="another-secret-entirely", body=raw, header=headers["x-motcua-signature"])
    assert not webhooks.verify(secret=SECRET, body=raw + b" ", header=headers["x-motcua-signature"])
    assert not webhooks.verify(  # an old signature is refused (a replay)
        secret=SECRET, body=raw, header=headers["x-motcua-signature"], now=time.time() + 3600
    )
    body = json.loads(raw)
    assert (body["event"], body["id"], body["data"]["code"]) == ("dossier.withdrawn", f"{dossier.code}:2", dossier.code)
    assert headers["idempotency-key"].endswith(f":{dossier.code}:2")
    assert "note" not in body["data"] and ConnectorMessage.objects.get().state == "sent"


def test_a_subscription_asks_for_a_real_url_and_a_long_secret(db):
    with pytest.raises(ValueError):
        webhooks.subscribe(name="x", url="ftp://example.vn/", secret=SECRET)
    with pytest.raises(ValueError):
        webhooks.subscribe(name="x", url="https://example.vn/hook", secret="short")


def test_an_administrator_adds_a_subscription_in_the_admin(admin_client):
    answer = admin_client.post(
        "/admin/connectors/webhooksubscription/add/",
        {
            "name": "Sở Y tế",
            "url": "https://syt.example.vn/hook",
            "secret": SECRET,
            "events": '["dossier.accepted"]',
            "is_active": "on",
        },
    )
    assert answer.status_code == 302
    assert list(WebhookSubscription.objects.values_list("name", "events")) == [("Sở Y tế", ["dossier.accepted"])]
