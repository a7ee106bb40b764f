"""Settings, read from MOTCUA_* environment variables (see README: Configuration)."""

from __future__ import annotations

import ipaddress
import os
import secrets
import warnings
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

# pyHanko imports cryptography's DSA types (it can verify old DSA signatures); cryptography 48+ warns about it on
# every command. We never sign with DSA: the warning says nothing to an operator.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko\.")

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/motcua
_SOURCE_ROOT = PACKAGE_DIR.parent.parent  # the checkout, when running from source


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"MOTCUA_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    return default if value == "" else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


VAR_DIR = Path(env("VAR_DIR", str(Path.cwd() / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Real procedures and the official calendar, outside the package (../shared/data beside the checkout).
SHARED_DATA_DIR = Path(env("SHARED_DATA", str(_SOURCE_ROOT.parent / "shared" / "data")))


def _secret_key() -> str:
    if env("SECRET_KEY"):
        return env("SECRET_KEY")
    # A single-machine install keeps its own random key so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000")

INSTALLED_APPS = [
    "motcua.core.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # its Swagger UI from our own static files (the policy below allows no other origin)
    "motcua.core",
    "motcua.workdays",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.portal",
    "motcua.portal.lookup",
    "motcua.desk",
    "motcua.notifications",
    "motcua.feedback",
    "motcua.accounts",
    "motcua.portal.submission",
    "motcua.stats",
    "motcua.queue",
    "motcua.payments",
    "motcua.results",
    "motcua.signatures",
    "motcua.portal.verify",
    "motcua.receipts",
    "motcua.connectors",
    "motcua.api",
    "motcua.demo",
]

MIDDLEWARE = [
    "motcua.core.middleware.RequestSizeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.ReadYourWritesMiddleware",
    "motcua.core.middleware.LanguageMiddleware",
    "motcua.core.middleware.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "motcua.config.urls"
WSGI_APPLICATION = "motcua.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.site",
                "motcua.accounts.context_processors.citizen_account",
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------------------

DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}")
_database = dj_database_url.parse(DATABASE_URL, conn_max_age=int(env("DB_CONN_MAX_AGE", "60")))
_database["CONN_HEALTH_CHECKS"] = True
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept (per worker thread) like PostgreSQL's: opening the file and setting its pragmas took
    # ~3 ms a request, six times a whole /healthz (the look-up bench found it).
    _database["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN, so two
        # writers queue (busy timeout) instead of failing half-way with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": int(env("SQLITE_BUSY_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
else:
    # A database that accepts connections and never answers must not hang every request (and /healthz) for
    # minutes: give up connecting after a few seconds and cancel any statement that runs too long.
    _database.setdefault("OPTIONS", {})
    _database["OPTIONS"]["connect_timeout"] = int(env("DB_CONNECT_TIMEOUT", "5"))
    _statement_ms = int(float(env("DB_STATEMENT_TIMEOUT", "30")) * 1000)
    # No JIT: it compiles any plan estimated costly, and our requests' statements are short. At 10 M dossiers
    # it spent 24 ms compiling the specialist inbox's 37 ms query (bench/desk.py; docs/speed.md).
    _database["OPTIONS"]["options"] = (
        f"{_database['OPTIONS'].get('options', '')} -c statement_timeout={_statement_ms} -c jit=off".strip()
    )
_database["TEST"] = {"NAME": env("TEST_DATABASE_NAME") or None}
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- several machines: shared cache and sessions, files, read replica (docs/deploy.md, ADRs 0011, 0012) ---------
# Rate limits and log-in throttles are rows in the database (core.ratelimit, core.throttle): already shared by every
# server of one database. What each process would otherwise keep to itself is set here.
REDIS_URL = env("REDIS_URL")  # e.g. redis://127.0.0.1:6379/0; empty: each process its own in-memory cache
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_PREFIX", "motcua"),
            "TIMEOUT": 300,
        }
    }
    # Sessions read from Redis (fast, every server sees them) and written through to the database, so a Redis
    # restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Uploaded scans and results: one folder every server mounts (NFS, a shared volume). Default: var/media.
SHARED_MEDIA_ROOT = env("MEDIA_ROOT")
# A hot standby for reads that may be a few seconds stale (core.dbrouter): catalog, public pages, statistics.
REPLICA_DATABASE_URL = env("REPLICA_DATABASE_URL")
if REPLICA_DATABASE_URL:
    _replica = dj_database_url.parse(REPLICA_DATABASE_URL, conn_max_age=_database["CONN_MAX_AGE"])
    _replica["CONN_HEALTH_CHECKS"] = True
    _replica["OPTIONS"] = dict(_database.get("OPTIONS", {}))
    _replica["TEST"] = {"MIRROR": "default"}  # the test suite's database has no standby of its own
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["motcua.core.dbrouter.ReplicaRouter"]
# After a write, a person's reads go to the primary this long (core.middleware.ReadYourWritesMiddleware).
READ_YOUR_WRITES_SECONDS = int(env("READ_YOUR_WRITES_SECONDS", "5"))

# --- accounts -------------------------------------------------------------------------------------

AUTH_USER_MODEL = "core.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",  # staff: username and password
    "motcua.accounts.backends.CitizenBackend",  # citizens: verified phone or e-mail and password
]
LOGIN_URL = "desk:login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"
# Over HTTPS (secure cookies), browsers are told to come back only over HTTPS for a year.
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if SESSION_COOKIE_SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # the centre's other sites under the same domain are not ours to decide
# Content-Security-Policy (django-csp) on every page: our own scripts, styles, images and frames only, so that a
# script slipped into a page (a name, a note) cannot run. Uploaded files get a stricter one (core.views).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'self'"],  # our own PDFs (Mẫu 02/03 at the counter) in <object>
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

# Citizens' log-in with the national identity (VNeID, the national portal's SSO) through OpenID Connect
# (docs/oidc.md); off while no issuer is set. `motcua identity-provider` is a local one for the demo and tests.
OIDC_ISSUER = env("OIDC_ISSUER")
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", "motcua")
OIDC_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", "motcua-local-secret")
OIDC_SCOPE = env("OIDC_SCOPE", "openid profile")
OIDC_ID_CLAIM = env("OIDC_ID_CLAIM", "national_id")  # the ID token's claim holding the verified ID number
if OIDC_ISSUER:  # the log-out form is redirected to the provider's end_session_endpoint: form-action covers it
    _issuer = OIDC_ISSUER.split("://", 1)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_issuer[0]}://{_issuer[-1].split('/', 1)[0]}")

# A working day: a session left open on a shared computer at the centre does not last for weeks.
SESSION_COOKIE_AGE = int(env("SESSION_HOURS", "10")) * 3600

# --- language and time ----------------------------------------------------------------------------

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_TZ = True
LANGUAGE_COOKIE_NAME = "motcua_language"

# --- files ----------------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(SHARED_MEDIA_ROOT) if SHARED_MEDIA_ROOT else VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
MAX_UPLOAD_MB = int(env("MAX_UPLOAD_MB", "20"))  # a scanned dossier document
# A larger upload streams to a temporary file (never whole in memory); fields other than files stay small.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = (MAX_UPLOAD_MB + 1) * 1024 * 1024
# A whole request (a form with several scans): refused with 413 before its body is read (core.middleware).
MAX_REQUEST_MB = int(env("MAX_REQUEST_MB", str(MAX_UPLOAD_MB * 5)))
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, e.g. "127.0.0.1,10.0.0.0/8");
# empty: the peer's own address is the client's (core.views.client_address).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
for _proxy in TRUSTED_PROXIES:  # a typo fails at start, not on every request
    ipaddress.ip_network(_proxy, strict=False)
# The key of the dossiers' history chain (HMAC-SHA256), outside the database; empty: derived from SECRET_KEY.
HISTORY_KEY = env("HISTORY_KEY")
CITIZEN_QUOTA_MB = int(env("CITIZEN_QUOTA_MB", "200"))  # the files a citizen's account may keep

# --- logging --------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"mask": {"()": "motcua.core.logging.MaskingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools report every step of every PDF at INFO: only their warnings matter here.
    "loggers": {
        **{name: {"level": "WARNING"} for name in ("django.db.backends", "weasyprint", "fontTools")},
        # Subsetting the signature stamp's font drops a table fontTools cannot subset: nothing an operator can act on.
        "fontTools.subset": {"level": "ERROR"},
        # The development server's access log (query strings: ?bi-mat=, ?id_number=) goes through the mask too.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- project --------------------------------------------------------------------------------------

# The public address printed in the receipts' QR codes (look-up link).
PUBLIC_URL = env("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME")  # empty: the name of the province's centre
# Catalog pages list this many procedures per page; the API allows up to API_MAX_PAGE_SIZE.
CATALOG_PAGE_SIZE = int(env("CATALOG_PAGE_SIZE", "30"))
API_MAX_PAGE_SIZE = 100
# A display board's stream ends after this many seconds and the browser opens it again (ADR 0010).
BOARD_STREAM_SECONDS = int(env("BOARD_STREAM_SECONDS", "300"))
# Online payment through VNPay (docs/payments.md); the defaults point at `motcua sandbox-gateway`.
VNPAY_URL = env("VNPAY_URL", "http://127.0.0.1:8765/paymentv2/vpcpay.html")
VNPAY_API_URL = env("VNPAY_API_URL", "http://127.0.0.1:8765/merchant_webapi/api/transaction")
VNPAY_TMN_CODE = env("VNPAY_TMN_CODE", "MOTCUA01")
VNPAY_HASH_SECRET = env("VNPAY_HASH_SECRET", "sandbox-secret-not-for-production")
VNPAY_SETTLE_AFTER_MINUTES = int(env("VNPAY_SETTLE_AFTER_MINUTES", "15"))  # then `settle_pending` asks VNPay
# Connectors (docs/connectors.md): the national portal (empty: no synchronisation, no inbound dossiers; `make run`
# sets the demo's, `motcua fake-national-portal` on http://127.0.0.1:8766), how long a receiver may take, when a
# message is given up.
NATIONAL_PORTAL_URL = env("NATIONAL_PORTAL_URL", "")
NATIONAL_PORTAL_TOKEN = env("NATIONAL_PORTAL_TOKEN", "fake-portal-token-not-for-production")
CONNECTORS_TIMEOUT = float(env("CONNECTORS_TIMEOUT", "10"))
CONNECTORS_MAX_ATTEMPTS = int(env("CONNECTORS_MAX_ATTEMPTS", "8"))
# The centre's account that bank transfers (VietQR) are paid into; demo values: set the real ones in production.
VIETQR_BANK_BIN = env("VIETQR_BANK_BIN", "970415")  # the bank's 6-digit NAPAS BIN (970415: VietinBank)
VIETQR_BANK_NAME = env("VIETQR_BANK_NAME", "VietinBank")
VIETQR_ACCOUNT_NUMBER = env("VIETQR_ACCOUNT_NUMBER", "113600000001")
VIETQR_ACCOUNT_NAME = env("VIETQR_ACCOUNT_NAME", "TRUNG TAM PHUC VU HANH CHINH CONG")

# --- e-mail (notifications; `motcua worker` sends them) ---------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "motcua.notifications.email.ConsoleEmailBackend")  # SMTP: ...smtp.EmailBackend
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = env("EMAIL_FROM", "motcua <noreply@localhost>")

# Digital signatures (docs/signatures.md): agencies' keys are SigningKey rows; their PINs are never in the database
# but in MOTCUA_SIGNING_PIN_<NAME> or the file <SIGNING_SECRETS_DIR>/<name>.
SIGNING_DIR = Path(env("SIGNING_DIR", str(VAR_DIR / "signing")))
SIGNING_SECRETS_DIR = Path(env("SIGNING_SECRETS_DIR", str(SIGNING_DIR / "secrets")))
# Trusted roots for verification: files or directories of PEM/DER certificates, besides <SIGNING_DIR>/trust.
SIGNING_TRUST_ROOTS = env_list("TRUST_ROOTS", "")
SIGNING_TSA_URL = env("SIGNING_TSA_URL")  # RFC 3161 timestamps (PAdES B-T) for keys without their own
SIGNING_LONG_TERM = env_bool("SIGNING_LONG_TERM")  # embed OCSP/CRL answers when signing (PAdES B-LT)
# The demo puts the Department of Justice's key on a SoftHSM2 token when SoftHSM2 is installed. SoftHSM2 reads its
# configuration once per process: the test suite, which builds many demos in one process, turns this off.
DEMO_SOFTHSM_TOKEN = env_bool("DEMO_SOFTHSM_TOKEN", True)
# The demo plays a fully online dossier and dossiers crossing agencies (liên thông) today; the tests of the
# generated history, which count and compare every dossier, turn it off (tests/conftest.py).
DEMO_PLAY_DOSSIERS = env_bool("DEMO_PLAY_DOSSIERS", True)
SIGNING_STAMP_FONT = env("SIGNING_STAMP_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
VERIFY_MAX_MB = int(env("VERIFY_MAX_MB", "20"))  # a PDF anyone may upload to the public verify page
