"""Tokens for other systems: each endpoint's scope is enforced for a system's token (a person's reaches what their
roles allow, as before), every token has its own budget of requests a minute, and the OpenAPI document says so."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.models import ApiToken, Role
from motcua.core.services import TokenError, issue_api_token, issue_system_token, revoke_api_token, upsert_staff
from tests.e2e.province import build_province, receive

DOCUMENT = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text(encoding="utf-8"))


@pytest.fixture
def world(db):
    world = build_province()
    receive(world)
    return world


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}", "Accept-Language": "en"}


def system(*scopes: str, **kwargs) -> str:
    return issue_system_token(system="Cổng Dịch vụ công quốc gia", scopes=scopes, **kwargs)[1]


def dossier_body(world) -> dict:
    return {
        "procedure": world.procedures["justice"],
        "agency": world.justice.code,
        "channel": "online",
        "applicant": {"name": "Nguyễn Thị Hương", "id_number": "001190012345"},
        "documents": [{"name": "Đơn đề nghị", "originals": 1}],
    }


def test_a_catalog_token_reads_the_catalog_and_nothing_else(client, world):
    token = bearer(system("catalog:read"))
    listed = client.get("/api/v1/procedures", headers=token)
    assert listed.status_code == 200 and {p["code"] for p in listed.json()["items"]} >= {"1.000001", "1.000002"}
    assert client.get("/api/v1/procedures/1.000001", headers=token).status_code == 200
    for url in ("/api/v1/dossiers", "/api/v1/stats/summary", "/api/v1/staff"):
        refused = client.get(url, headers=token)
        assert refused.status_code == 403, url
        assert refused.json()["error"]["code"] == "scope_required"
    assert "dossiers:read" in client.get("/api/v1/dossiers", headers=token).json()["error"]["message"]
    # Public endpoints without a scope are for people: a system's token there is refused, not taken as anonymous.
    assert client.get("/api/v1/queue/board", {"centre": "x"}, headers=token).status_code == 403
    refused = client.post("/api/v1/dossiers", dossier_body(world), content_type="application/json", headers=token)
    assert refused.status_code == 403 and "dossiers:submit" in refused.json()["error"]["message"]


def test_a_reading_system_sees_the_dossiers_its_account_may_see_and_cannot_submit(client, world):
    token, raw = issue_system_token(system="Hệ thống của Bộ Tư pháp", scopes=["dossiers:read"])
    assert token.user.username == "system-he-thong-cua-bo-tu-phap" and not token.user.has_usable_password()
    # Without a role its account sees no dossier; its reach on data is its account's roles, like a person's.
    assert client.get("/api/v1/dossiers", headers=bearer(raw)).json()["items"] == []
    upsert_staff(username=token.user.username, full_name="Bộ Tư pháp", roles=[(Role.SUPERVISOR, world.justice)])
    items = client.get("/api/v1/dossiers", headers=bearer(raw)).json()["items"]
    assert len(items) == 1 and items[0]["agency"] == world.justice.code
    assert client.get(f"/api/v1/dossiers/{items[0]['code']}", headers=bearer(raw)).status_code == 200
    refused = client.post("/api/v1/dossiers", dossier_body(world), content_type="application/json", headers=bearer(raw))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "scope_required"


def test_a_submitting_system_acting_as_a_counter_account_submits(client, world):
    raw = system("dossiers:submit", account=world.user("motcua"))
    created = client.post("/api/v1/dossiers", dossier_body(world), content_type="application/json", headers=bearer(raw))
    assert created.status_code == 201, created.content
    assert created.json()["state"] and created.json()["applicant"]["name"] == "Nguyễn Thị Hương"
    assert client.get(f"/api/v1/dossiers/{created.json()['code']}", headers=bearer(raw)).status_code == 403


def test_a_persons_token_keeps_the_reach_of_their_roles(client, world):
    _token, raw = issue_api_token(user=world.user("giamsat"), name="tests")
    assert client.get("/api/v1/dossiers", headers=bearer(raw)).json()["items"]
    assert client.get("/api/v1/stats/summary", headers=bearer(raw)).status_code == 200
    assert client.get("/api/v1/procedures", headers=bearer(raw)).status_code == 200
    _token, specialist = issue_api_token(user=world.user("tuphap.chuyenvien"), name="tests")
    assert client.get("/api/v1/stats/summary", headers=bearer(specialist)).status_code == 403  # roles, not scopes


def test_a_revoked_system_token_is_refused(client, world):
    token, raw = issue_system_token(system="Cổng DVC", scopes=["catalog:read"])
    assert client.get("/api/v1/procedures", headers=bearer(raw)).status_code == 200
    revoke_api_token(token=token)
    refused = client.get("/api/v1/procedures", headers=bearer(raw))
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"


def test_each_token_has_its_own_budget(client, world):
    first = system("catalog:read", rate_limit=2)
    second = system("catalog:read", rate_limit=2)
    assert [client.get("/api/v1/fields", headers=bearer(first)).status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/v1/fields", headers=bearer(first))
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "too_many_requests"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert client.get("/api/v1/fields", headers=bearer(second)).status_code == 200  # not the first one's budget
    assert client.get("/api/v1/fields").status_code == 200  # callers without a token are not counted here


def test_a_persons_token_has_the_default_budget(client, world, monkeypatch):
    monkeypatch.setenv("MOTCUA_API_TOKEN_RATE_LIMIT", "1")
    _token, raw = issue_api_token(user=world.user("giamsat"), name="tests")
    assert client.get("/api/v1/dossiers", headers=bearer(raw)).status_code == 200
    assert client.get("/api/v1/dossiers", headers=bearer(raw)).status_code == 429
    client.force_login(world.user("giamsat"))
    assert client.get("/api/v1/dossiers").status_code == 200  # a session has no token budget


def test_the_list_costs_the_same_queries_however_many_dossiers(client, world):
    raw = system("dossiers:read", account=world.user("giamsat"))
    client.get("/api/v1/dossiers", headers=bearer(raw))  # the token's last use noted, its window opened

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/dossiers", headers=bearer(raw)).status_code == 200
        return len(queries)

    few = cost()
    for _ in range(4):
        receive(world)
    assert cost() == few
    client.force_login(world.user("giamsat"))
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/dossiers")
    assert few <= len(queries) + 2  # the token's look-up and its one counter statement


def test_the_openapi_document_lists_each_operations_scope_and_the_refusals():
    operations = {
        (method.upper(), path): operation
        for path, methods in DOCUMENT["paths"].items()
        for method, operation in methods.items()
    }
    expected = {
        ("GET", "/api/v1/procedures"): "catalog:read",
        ("GET", "/api/v1/dossiers"): "dossiers:read",
        ("GET", "/api/v1/dossiers/{code}"): "dossiers:read",
        ("POST", "/api/v1/dossiers"): "dossiers:submit",
        ("POST", "/api/v1/files"): "dossiers:submit",
        ("GET", "/api/v1/stats/summary"): None,
    }
    for key, scope in expected.items():
        operation = operations[key]
        assert operation["x-required-scope"] == scope, key
        assert {"BearerToken": [scope] if scope else []} in operation["security"], key
    for key, operation in operations.items():
        if any("BearerToken" in requirement for requirement in operation.get("security", [])):
            assert {"403", "429"} <= set(operation["responses"]), key
            assert "Retry-After" in operation["responses"]["429"]["headers"], key
    described = DOCUMENT["components"]["securitySchemes"]["BearerToken"]["description"]
    assert all(scope in described for scope in ("catalog:read", "dossiers:submit", "dossiers:read", "updates:receive"))


def test_the_command_issues_lists_and_revokes(db):
    out = StringIO()
    call_command(
        "api_tokens",
        "issue",
        "--system",
        "Cổng DVC",
        "--scope",
        "catalog:read",
        "--scope",
        "dossiers:read",
        "--rate-limit",
        "120",
        stdout=out,
    )
    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert raw.startswith(token.prefix) and token.scopes == ["catalog:read", "dossiers:read"] and token.is_system
    listing = StringIO()
    call_command("api_tokens", "list", stdout=listing)
    assert "Cổng DVC" in listing.getvalue() and "catalog:read,dossiers:read" in listing.getvalue()
    assert "120/min" in listing.getvalue() and raw not in listing.getvalue()
    call_command("api_tokens", "revoke", token.prefix, stdout=StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
    empty = StringIO()
    call_command("api_tokens", "list", stdout=empty)
    assert "Cổng DVC" not in empty.getvalue()
    with pytest.raises(CommandError, match="--system"):
        call_command("api_tokens", "issue", stdout=StringIO())
    with pytest.raises(CommandError, match="scopes"):
        call_command("api_tokens", "issue", "--system", "X", stdout=StringIO())


def test_a_system_token_needs_a_name_and_known_scopes(db):
    with pytest.raises(TokenError):
        issue_system_token(system=" ", scopes=["catalog:read"])
    with pytest.raises(TokenError):
        issue_system_token(system="X", scopes=["catalog:write"])
    with pytest.raises(TokenError):
        issue_system_token(system="X", scopes=["catalog:read"], rate_limit=0)


def test_a_system_polls_the_updates_of_the_dossiers_it_may_see(client, world, django_assert_max_num_queries):
    from tests.e2e.province import act

    token, raw = issue_system_token(system="Cổng Dịch vụ công quốc gia", scopes=["updates:receive"])
    upsert_staff(username=token.user.username, full_name="Cổng DVC", roles=[(Role.SUPERVISOR, world.justice)])
    older = receive(world, days_ago=2)
    receive(world, agency="construction", days_ago=2)  # not the system's agency: never in its feed
    first = client.get("/api/v1/updates", {"limit": 1}, headers=bearer(raw)).json()
    assert [(u["dossier"], u["action"], u["to_state"]) for u in first["items"]] == [(older.code, "receive", "received")]
    assert first["more"] is False and first["items"][0]["agency"] == world.justice.code
    assert first["items"][0]["at"].endswith("+07:00")
    act(world, older, "tuphap.chuyenvien", "assign")  # just now: held back until it has surely committed
    again = client.get("/api/v1/updates", {"cursor": first["next_cursor"]}, headers=bearer(raw)).json()
    assert again["items"] == [] and again["next_cursor"] == first["next_cursor"]
    for _ in range(5):
        receive(world, days_ago=1)
    with django_assert_max_num_queries(8):
        page = client.get("/api/v1/updates", {"cursor": first["next_cursor"]}, headers=bearer(raw)).json()
    assert len(page["items"]) == 5 and all(u["action"] == "receive" for u in page["items"])
    assert client.get("/api/v1/updates", {"cursor": "bad"}, headers=bearer(raw)).status_code == 400
    reader = system("dossiers:read", account=token.user)
    assert client.get("/api/v1/updates", headers=bearer(reader)).status_code == 403


def test_the_admin_lists_system_tokens_and_changes_only_their_budget(client, db):
    from motcua.core.models import User

    token, raw = issue_system_token(system="Cổng DVC", scopes=["catalog:read"])
    admin = User.objects.create_superuser(username="quantri", password="x-Admin-2026", full_name="Quản trị")
    client.force_login(admin)
    listing = client.get("/admin/core/apitoken/")
    assert listing.status_code == 200 and "Cổng DVC" in listing.content.decode() and raw not in listing.content.decode()
    page = client.get(f"/admin/core/apitoken/{token.pk}/change/")
    assert page.status_code == 200 and 'name="rate_limit"' in page.content.decode()
    assert 'name="scopes"' not in page.content.decode()
    saved = client.post(f"/admin/core/apitoken/{token.pk}/change/", {"rate_limit": "30"})
    assert saved.status_code == 302
    token.refresh_from_db()
    assert token.rate_limit == 30 and token.scopes == ["catalog:read"]
