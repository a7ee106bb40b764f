from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is what production uses; tests only need passwords to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Signing keys and tokens too (the demo makes some): never the working copy's var/signing.
    settings.SIGNING_DIR = tmp_path / "signing"
    settings.SIGNING_SECRETS_DIR = tmp_path / "signing" / "secrets"
    settings.DEMO_SOFTHSM_TOKEN = False  # SoftHSM2 reads its configuration once a process; each demo makes its own
    settings.DEMO_PLAY_DOSSIERS = False  # the history's tests count every dossier; the tests of played ones say so


@pytest.fixture(autouse=True)
def _default_language():
    # A request in English leaves English active in the thread after it: each test starts and ends in the
    # default language, whatever ran before it in this process (the order differs from one worker to the next).
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    # The in-memory cache outlives a test (site name, most used procedures): each test starts without it.
    from django.core.cache import cache

    from motcua.catalog import freshness

    cache.clear()
    freshness._forget()  # so is each process's memo of the catalog's version (the keys of pages kept rendered)
    yield
    cache.clear()
    freshness._forget()


@pytest.fixture
def world(db):
    """The demo-like province of tests/e2e/province.py (staff, two published procedures)."""
    from tests.e2e.province import build_province

    return build_province()


@pytest.fixture
def shared_catalog() -> Path:
    folder = SHARED_DATA / "catalog"
    if not folder.exists():
        pytest.skip(f"{folder} is absent: the real catalog files are needed for this test")
    return folder
