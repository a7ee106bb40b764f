"""A province with a centre and a counter, dossiers made through the real services."""

import pytest

from motcua.core.models import Centre, Counter, RoleAssignment
from tests.e2e.province import build_province


@pytest.fixture(autouse=True)
def _generous_limits(monkeypatch):
    monkeypatch.setenv("MOTCUA_RATING_RATE_PER_HOUR", "1000")
    monkeypatch.setenv("MOTCUA_FEEDBACK_RATE_PER_HOUR", "1000")


@pytest.fixture
def world(db):
    world = build_province()
    centre = Centre.objects.create(code="TTPVHCC-H99", name="Trung tâm PVHCC tỉnh Hòa An", agency=world.root)
    world.counter = Counter.objects.create(centre=centre, number=3, name="Tư pháp")
    world.counter.agencies.add(world.justice)
    RoleAssignment.objects.filter(user=world.user("motcua")).update(counter=world.counter)
    return world


@pytest.fixture
def english(client):
    client.cookies["motcua_language"] = "en"
    return client
