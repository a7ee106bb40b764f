"""The OpenAPI document says what each operation asks of a token: the scope a system's token needs (in the
operation's security requirement, as OpenAPI 3.1 allows for a bearer scheme, and as `x-required-scope`), and the
403 (scope refused) and 429 (the token's budget spent, with Retry-After) every token-carrying call may get."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from motcua.api.auth import BearerToken
from motcua.core.models import ApiScope

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
RETRY_AFTER = {
    "description": "Seconds until the token's next minute of requests opens",
    "schema": {"type": "integer", "minimum": 1},
}


def bearer_description() -> str:
    """In English, as the rest of the document, whatever language is active when it is generated."""
    with translation.override("en"):
        return _bearer_description()


def _bearer_description() -> str:
    return (
        "A token from `motcua api-tokens issue`. A person's token acts with its user's roles. A system's token "
        "reaches only the operations whose scope it holds (listed in each operation's security requirement and "
        "`x-required-scope`): "
        + "; ".join(f"`{scope.value}` {scope.label}" for scope in ApiScope)
        + ". Every token has its own budget of requests a minute; past it the answer is 429 with Retry-After."
    )


class ScopedSchema(OpenAPISchema):
    def operation_details(self, operation) -> dict[str, Any]:
        result = super().operation_details(operation)
        bearers = [auth for auth in operation.auth_callbacks if isinstance(auth, BearerToken)]
        if not bearers:
            return result
        scope = bearers[0].scope
        result["security"] = [
            {name: [scope] if name == "BearerToken" and scope else [] for name in requirement}
            for requirement in result.get("security", [])
        ]
        result["x-required-scope"] = scope
        responses = result["responses"]
        responses.setdefault("403", _error("Forbidden (for a system's token: the scope is missing)"))
        responses.setdefault("429", _error("Too many requests"))
        responses["429"].setdefault("headers", {})["Retry-After"] = RETRY_AFTER
        return result

    def get_components(self) -> dict[str, Any]:
        components = super().get_components()
        if "BearerToken" in components.get("securitySchemes", {}):
            components["securitySchemes"]["BearerToken"] = {
                **components["securitySchemes"]["BearerToken"],
                "description": bearer_description(),
            }
        return components


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}


class ScopedNinjaAPI(NinjaAPI):
    """django-ninja's API whose OpenAPI document is a ScopedSchema."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ScopedSchema(api=self, path_prefix=path_prefix)
