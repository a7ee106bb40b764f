"""The platform: health check, the `motcua` command, the SQLite settings, translations."""

import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.db import connection

LOCALE = Path(__file__).resolve().parents[2] / "src" / "motcua" / "locale" / "vi" / "LC_MESSAGES"


@pytest.mark.django_db
def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": connection.vendor}


def test_motcua_help_lists_the_project_commands():
    result = subprocess.run([sys.executable, "-m", "motcua.cli", "--help"], capture_output=True, text=True, check=True)
    for command in ["migrate", "demo", "serve", "import-catalog", "export-catalog", "create-api-token"]:
        assert f"  {command}" in result.stdout


def test_hyphenated_commands_reach_their_django_command():
    result = subprocess.run(
        [sys.executable, "-m", "motcua.cli", "import-catalog", "--help"], capture_output=True, text=True, check=True
    )
    assert "--format" in result.stdout and "national-portal" in result.stdout


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory"; a file database reports "wal".
    assert mode in {"wal", "memory"}
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert settings.DATABASES["default"]["OPTIONS"]["timeout"] >= 5


def test_settings_come_from_motcua_variables(tmp_path):
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.TIME_ZONE, settings.LANGUAGE_CODE)"
    )
    env = {
        "MOTCUA_DATABASE_URL": "postgres://someone@db.example:5432/motcua",
        "MOTCUA_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "motcua.config.settings",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "Asia/Ho_Chi_Minh", "vi"]


def test_every_interface_text_has_a_vietnamese_translation_and_the_catalog_is_compiled():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po if not e.translated() and not e.obsolete]
    assert untranslated == [], "translate these in locale/vi/LC_MESSAGES/django.po, then `make messages`"
    compiled = polib.mofile(str(LOCALE / "django.mo"))
    assert {e.msgid: e.msgstr for e in compiled if e.msgid} == {e.msgid: e.msgstr for e in po if e.translated()}
