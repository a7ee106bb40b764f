"""The headers that keep a page's data in the page: a Content-Security-Policy on every page (no inline script or
style to allow), HSTS over HTTPS, nothing personal kept by a cache, only our own host names, and uploaded files
shown sandboxed so that a PDF's JavaScript cannot run in the officer's browser."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from motcua.dossiers.models import DossierDocument
from motcua.dossiers.services.files import store_upload
from tests.citizens import PDF
from tests.e2e.province import receive

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src"
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=\"|\son[a-z]+=\"|javascript:", re.IGNORECASE)


def staff(world, username="tuphap.chuyenvien") -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


@pytest.mark.parametrize("url", ["/", "/tra-cuu/", "/desk/dang-nhap/", "/admin/login/", "/api/v1/docs"])
def test_every_page_has_a_policy_that_runs_only_our_own_scripts(client, db, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_no_template_has_an_inline_script_style_or_handler():
    # The policy would block them (a button that no longer prints, a page without its layout). Printed forms
    # and the reports' and the ticket's PDF are HTML for WeasyPrint only, never served as a page.
    offenders = [
        f"{path.relative_to(SRC)}: {match.group(0).strip()}"
        for path in SRC.rglob("templates/**/*.html")
        if "dossiers/forms" not in path.as_posix()
        and not path.as_posix().endswith(("desk/reports/print.html", "queue/ticket_pdf.html"))
        for match in [INLINE.search(path.read_text())]
        if match
    ]
    assert offenders == []


def test_hsts_only_when_cookies_are_secure():
    def hsts(secure: str) -> int:
        code = "import motcua.config.settings as s; print(s.SECURE_HSTS_SECONDS)"
        env = {**os.environ, "MOTCUA_SECURE_COOKIES": secure, "PYTHONPATH": str(SRC)}
        return int(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout)

    assert hsts("1") >= 365 * 24 * 3600 and hsts("0") == 0


def test_dossier_pages_and_the_dossier_api_are_never_cached(world):
    dossier = receive(world)
    client = staff(world, "motcua")
    for response in (
        client.get(reverse("desk:dossier", args=[dossier.code])),
        client.get(reverse("desk:inbox")),
        client.get(f"/api/v1/dossiers/{dossier.code}"),
        client.get("/api/v1/lookup", {"code": dossier.code, "secret": dossier.lookup_secret}),
    ):
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "no-store" not in Client().get("/api/v1/fields").get("Cache-Control", "")  # the public catalog may be


def test_only_configured_hosts_are_served(client, db, settings):
    assert "*" not in settings.ALLOWED_HOSTS
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_an_uploaded_file_is_shown_sandboxed(world):
    dossier = receive(world)
    stored = store_upload(data=PDF, original_name="don.pdf", title="Đơn", user=world.user("motcua"))
    DossierDocument.objects.get(dossier=dossier).files.add(stored)
    response = staff(world).get(reverse("desk:dossier", args=[dossier.code]), {"tep": stored.pk})
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_feedback_desk_pages_are_never_cached(world):
    """The staff's feedback list and ratings hold citizens' names and contacts, like the dossier pages."""
    client = staff(world, "giamsat")
    for name in ("feedback:desk_feedback", "feedback:desk_ratings"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"], name
