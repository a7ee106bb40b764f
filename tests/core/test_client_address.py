"""The client's address behind a reverse proxy: X-Forwarded-For is believed only from a trusted proxy."""

from __future__ import annotations

from django.test import RequestFactory

from motcua.core.views import client_address

FORGED = "6.6.6.6"


def address(remote: str, forwarded: str | None = None) -> str:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert address("203.0.113.7", f"{FORGED}, 198.51.100.1") == "203.0.113.7"


def test_behind_a_trusted_proxy_each_citizen_has_their_own_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    assert address("127.0.0.1", "203.0.113.7") == "203.0.113.7"
    assert address("127.0.0.1", "198.51.100.20") == "198.51.100.20"
    # a client that sends its own header: the proxy appends the real address, the nearest untrusted hop wins
    assert address("127.0.0.1", f"{FORGED}, 203.0.113.7") == "203.0.113.7"
    # two trusted proxies in a row are skipped
    assert address("10.0.0.2", f"{FORGED}, 203.0.113.7, 10.0.0.9") == "203.0.113.7"
    assert address("127.0.0.1") == "127.0.0.1"  # the proxy itself (a health check)


def test_a_forged_header_from_an_untrusted_peer_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert address("198.51.100.9", f"{FORGED}") == "198.51.100.9"
    assert address("198.51.100.9", "10.0.0.1") == "198.51.100.9"
