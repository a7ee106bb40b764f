"""Settings of the local identity provider, read from MOTCUA_IDP_* variables that `server.main` sets."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR = Path(os.environ.get("MOTCUA_IDP_DATA_DIR", "var/identity-provider")).resolve()
ISSUER = os.environ.get("MOTCUA_IDP_ISSUER", "http://127.0.0.1:8767")

_KEY_FILE = DATA_DIR / "signing_key.pem"
SECRET_KEY = (DATA_DIR / "secret_key").read_text().strip() if (DATA_DIR / "secret_key").exists() else "unset"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
ROOT_URLCONF = "motcua.idp.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
    "motcua.idp",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "idp.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
LOGIN_URL = "/accounts/login/"
# Its session cookie must not be mistaken for motcua's when both run on 127.0.0.1 (cookies ignore the port).
SESSION_COOKIE_NAME = "idp_sessionid"
CSRF_COOKIE_NAME = "idp_csrftoken"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": ISSUER,
    "OIDC_RSA_PRIVATE_KEY": _KEY_FILE.read_text() if _KEY_FILE.exists() else "",
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    # The citizen asked motcua to log out: the provider ends its session too without asking again.
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OIDC_RP_INITIATED_LOGOUT_STRICT_REDIRECT_URIS": True,
    "PKCE_REQUIRED": True,
    "OAUTH2_VALIDATOR_CLASS": "motcua.idp.claims.NationalIdValidator",
    "SCOPES": {"openid": "OpenID Connect", "profile": "Name and national ID number"},
}
