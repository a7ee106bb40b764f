import pytest
from django.core.cache import cache

from tests.e2e.province import build_province


@pytest.fixture(autouse=True)
def _empty_cache():
    # The home page caches its figures; another test's must neither show here nor leak out of here.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    return build_province()
