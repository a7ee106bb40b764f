"""Schemathesis over the committed OpenAPI document (docs/openapi.json): every operation, called in-process with
generated input (valid and not), answers without a server error. Bounded (a few examples per operation, derandomised)
so that it runs in CI in well under two minutes."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

from motcua.core.services import issue_api_token
from tests.citizens import PASSWORD, make_citizen
from tests.e2e.province import build_province, receive

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
schema = schemathesis.openapi.from_path(DOCUMENT)
APP = WSGIHandler()


@pytest.fixture
def _connection_kept():
    # As Django's test client does: the test's database connection (and its transaction) outlives each request.
    # Set up after `tokens`, whose test client reconnects these signals when it is done.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db, monkeypatch) -> dict[str, str]:
    for kind in ("RATING", "FEEDBACK"):
        monkeypatch.setenv(f"MOTCUA_{kind}_RATE_PER_HOUR", "100000")
    monkeypatch.setenv("MOTCUA_LOOKUP_RATE_PER_MINUTE", "100000")
    monkeypatch.setenv("MOTCUA_API_TOKEN_RATE_LIMIT", "100000")
    world = build_province()
    receive(world)
    _token, staff = issue_api_token(user=world.user("motcua"), name="fuzz")
    make_citizen(phone="0987654321")
    answer = Client().post(
        "/api/v1/citizens/token", {"contact": "0987654321", "password": PASSWORD}, content_type="application/json"
    )
    return {"staff": staff, "citizen": answer.json()["token"]}


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_with_a_server_error(case, tokens, _connection_kept):
    who = "citizen" if case.path.startswith("/api/v1/me") else "staff"
    headers = {"Authorization": f"Bearer {tokens[who]}"}
    response = case.call(app=APP, base_url="http://testserver", headers=headers)
    case.validate_response(response, checks=[not_a_server_error], headers=headers)
