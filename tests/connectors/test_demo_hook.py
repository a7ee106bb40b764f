"""The demo's hook: the recent dossiers' status changes, written without events, are owed to the portal once and
reach it through the worker's job; a webhook subscription is set up once."""

import pytest

from motcua.connectors.models import ConnectorMessage, WebhookSubscription
from motcua.connectors.services import outbox
from motcua.demo.connectors import connect_demo
from tests.e2e.province import receive

pytestmark = pytest.mark.django_db


def test_connect_demo_owes_every_status_change_once_and_the_portal_gets_them(world, portal):
    dossier = receive(world)  # in the test's transaction: its event never reached the subscriber
    assert not ConnectorMessage.objects.filter(connector="national_portal").exists()
    [line] = connect_demo()
    assert "1 status changes of 1 dossiers" in line
    connect_demo()  # again: nothing more
    assert ConnectorMessage.objects.filter(connector="national_portal").count() == 1
    assert WebhookSubscription.objects.count() == 1
    outbox.deliver_due()
    received = portal.state()["received"]
    assert received[f"{dossier.code}:1"]["TrangThaiHoSo"] == 2  # received at the counter


def test_without_a_portal_the_demo_says_so(world, settings):
    settings.NATIONAL_PORTAL_URL = ""
    assert "not configured" in connect_demo()[0]
