"""Two application servers behind haproxy (round robin): one log-in holds on both, a file uploaded through one is
read through the other, a rate limit counts the requests of both (ADR 0011)."""

from __future__ import annotations

import re
import time

import pytest
import requests

from motcua.core.models import RateLimit
from motcua.dossiers.models import StoredFile
from tests.citizens import PASSWORD, PDF, make_citizen

pytestmark = pytest.mark.django_db(transaction=True)


def csrf_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200, page.text[:500]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_a_log_in_a_file_and_a_rate_limit_are_shared_by_both_servers(cluster, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]  # one the servers check
    user = make_citizen(phone="0987654321")
    browser = requests.Session()
    login = f"{cluster.url}/tai-khoan/dang-nhap/"
    answer = browser.post(
        login,
        {"csrfmiddlewaretoken": csrf_token(browser, login), "contact": "0987654321", "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:500]

    # Logged in on whichever server answers: the session lives in Redis and the database, not in a process.
    served = []
    for _ in range(4):
        home = browser.get(f"{cluster.url}/tai-khoan/", allow_redirects=False, timeout=10)
        assert home.status_code == 200 and "Đỗ Minh Khoa" in home.text
        served.append(home.headers["X-Served-By"])
    assert set(served) == {"app1", "app2"}

    documents = f"{cluster.url}/tai-khoan/tai-lieu/"
    upload = browser.post(
        documents,
        {"csrfmiddlewaretoken": csrf_token(browser, documents), "title": "CCCD"},
        files={"file": ("cccd.pdf", PDF, "application/pdf")},
        allow_redirects=False,
        timeout=10,
    )
    assert upload.status_code in {200, 302}, upload.text[:500]
    uploader = upload.headers["X-Served-By"]
    stored = StoredFile.objects.get(owner=user)
    readers = set()
    for _ in range(2):  # round robin: one of the two reads is the other server's
        read = browser.get(f"{documents}{stored.pk}/", timeout=10)
        assert read.status_code == 200 and read.content == PDF
        readers.add(read.headers["X-Served-By"])
    assert readers - {uploader}, "the file was never read through the other server"
    assert (cluster.media / stored.file.name).read_bytes() == PDF  # the one shared folder

    # 4 failed look-ups a minute for one address, whichever server counts them.
    if time.time() % 60 > 50:  # all 6 in one window: start in a fresh minute
        time.sleep(61 - time.time() % 60)
    looked = [browser.get(f"{cluster.url}/tra-cuu/?ma=H99-1&bi-mat=AB3K9PQR", timeout=10) for _ in range(6)]
    assert [page.status_code for page in looked] == [404] * 4 + [429] * 2
    assert {page.headers["X-Served-By"] for page in looked} == {"app1", "app2"}
    # The refused ones looked nothing up: only the four misses are counted.
    assert sum(RateLimit.objects.filter(key__startswith="lookup:").values_list("count", flat=True)) == 4
