"""The OpenID Connect client (Authlib) of the national identity log-in, built from the MOTCUA_OIDC_* settings.

Authlib does the protocol: the provider's metadata from its discovery document, the authorization code flow with
PKCE (S256), state and nonce kept in the session and checked, the ID token's signature verified against the
provider's JWKS with its issuer, audience and expiry, and the RP-initiated log-out URL."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from authlib.integrations.django_client import DjangoOAuth2App, OAuth  # type: ignore[import-untyped]
from django.conf import settings

TIMEOUT_SECONDS = 10


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


def issuer() -> str:
    return settings.OIDC_ISSUER.rstrip("/")


def origin() -> str:
    parts = urlsplit(issuer())
    return f"{parts.scheme}://{parts.netloc}"


def client() -> DjangoOAuth2App:
    return _client(issuer(), settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET, settings.OIDC_SCOPE)


@lru_cache(maxsize=4)
def _client(issuer: str, client_id: str, client_secret: str, scope: str) -> DjangoOAuth2App:
    """One per configuration, so that the discovery document and the JWKS are fetched once, not at every log-in."""
    registry = OAuth()
    return registry.register(
        "national_identity",
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": scope, "code_challenge_method": "S256", "timeout": TIMEOUT_SECONDS},
    )
