"""The committed OpenAPI document is the contract: every request body and every response is typed, errors included,
and the document is what the application generates now."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from motcua.api.api import api
from motcua.dossiers.actions import INPUTS

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
DOCUMENT = json.loads(OPENAPI.read_text(encoding="utf-8"))
OPERATIONS = [
    (method.upper(), path, operation)
    for path, methods in DOCUMENT["paths"].items()
    for method, operation in methods.items()
]
ERROR_SCHEMAS = {"#/components/schemas/ErrorOut", "#/components/schemas/ValidationErrorOut"}


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _typed(schema: dict) -> bool:
    """A schema that says something: not a bare object without properties (nor an array of them)."""
    schema = _resolve(schema)
    if schema.get("type") == "array":
        return _typed(schema.get("items", {}))
    if schema.get("type") == "object" or not schema.get("type"):
        return bool(schema.get("properties")) or "anyOf" in schema or "oneOf" in schema or "allOf" in schema
    return True


def test_the_committed_document_is_what_the_app_generates():
    assert json.loads(json.dumps(api.get_openapi_schema(), ensure_ascii=False)) == DOCUMENT, (
        "regenerate docs/openapi.json (the Makefile's openapi target) and commit it"
    )


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=[f"{m} {p}" for m, p, _o in OPERATIONS])
def test_every_response_and_request_body_is_typed(method, path, operation):
    for status, response in operation["responses"].items():
        content = response.get("content")
        assert content, f"{status} has no content"
        for media in content.values():
            assert _typed(media["schema"]), f"{status}: {media['schema']}"
        if status.startswith(("4", "5")):
            assert {m["schema"].get("$ref") for m in content.values()} <= ERROR_SCHEMAS, status
    if "requestBody" in operation:
        for media in operation["requestBody"]["content"].values():
            assert _typed(media["schema"]), media["schema"]
    if method == "POST" and not path.endswith("/token"):
        assert "requestBody" in operation or operation.get("parameters"), f"{method} {path} takes nothing typed"


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=[f"{m} {p}" for m, p, _o in OPERATIONS])
def test_every_error_has_the_error_shape(method, path, operation):
    errors = {status for status in operation["responses"] if status.startswith("4")}
    assert errors, "declare the errors the endpoint answers"
    for status in errors:
        body = _resolve(operation["responses"][status]["content"]["application/json"]["schema"])
        inner = _resolve(body["properties"]["error"])
        assert {"code", "message"} <= set(inner["required"]), status


def test_each_action_has_its_operation_and_its_typed_body():
    for action, input_class in INPUTS.items():
        operation = DOCUMENT["paths"][f"/api/v1/dossiers/{{code}}/actions/{action.value}"]["post"]
        body = _resolve(operation["requestBody"]["content"]["application/json"]["schema"])
        assert "version" in body["required"]
        assert set(body["properties"]) == {"version", *input_class.model_fields}
        assert body.get("additionalProperties") is False, "a field the action does not take is refused"
        assert _resolve(operation["responses"]["200"]["content"]["application/json"]["schema"])["title"] == "DossierOut"
        assert {"401", "403", "404", "409", "422"} <= set(operation["responses"])
    assert "/api/v1/dossiers/{code}/actions/{action}" not in DOCUMENT["paths"]


def test_the_docs_page_works_without_internet(client, db):
    """/api/v1/docs loads Swagger UI from our own static files (the package's), never from another host: a
    centre's network without internet still shows the API's documentation."""
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert not [u for u in urls if re.match(r"(?:https?:)?//", u)], urls
    assets = [u for u in urls if u.startswith(settings.STATIC_URL)]
    assert any(u.endswith("swagger-ui-bundle.js") for u in assets) and any(u.endswith(".css") for u in assets)
    for url in assets:
        assert finders.find(url.removeprefix(settings.STATIC_URL)), f"{url} is not among the static files"
