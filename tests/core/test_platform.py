"""The platform: health check, the `motcua` command, the SQLite settings, translations."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

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
    assert {(e.msgctxt, e.msgid): e.msgstr for e in compiled if e.msgid} == {
        (e.msgctxt, e.msgid): e.msgstr for e in po if e.translated()
    }


# English words that take a different Vietnamese word in each sense: "From" a date (Từ ngày), a sender (Người gửi),
# a document's source (Nguồn); "To" a date (Đến ngày) or a person (Giao cho); a procedure's "Code" (Mã thủ tục) or a
# feedback's (Mã phản ánh); a procedure's "Level" (Cấp thực hiện) or a rating's (Mức độ hài lòng). One msgid has
# one translation, so every use of these says its sense (pgettext, {% translate … context … %}).
AMBIGUOUS = {"From", "To", "Code", "Level"}
ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "motcua"


def test_a_word_with_several_senses_is_always_translated_with_its_sense():
    words = "|".join(sorted(AMBIGUOUS))
    in_template = re.compile(r'{%\s*(?:translate|trans)\s+"(' + words + r')"(?![^%]*\bcontext\b)[^%]*%}')
    in_python = re.compile(r'\b(?:_|gettext|gettext_lazy|gettext_noop)\(\s*"(' + words + r')"\s*\)')
    uses = []
    for path in sorted(SOURCE.rglob("*")):
        if path.suffix not in {".html", ".txt", ".py"} or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        pattern = in_python if path.suffix == ".py" else in_template
        uses += [f"{path.relative_to(SOURCE)}: {m.group(1)}" for m in pattern.finditer(text)]
    assert uses == [], "give each of these its sense: pgettext(context, word) or {% translate word context … %}"
    po = polib.pofile(str(LOCALE / "django.po"))
    assert [e.msgid for e in po if e.msgid in AMBIGUOUS and not e.msgctxt and not e.obsolete] == []
    senses = {}
    for entry in po:
        if entry.msgid in AMBIGUOUS and not entry.obsolete:
            senses.setdefault(entry.msgid, set()).add(entry.msgstr)
    assert senses["From"] == {"Từ ngày", "Người gửi", "Nguồn", "Nơi chuyển"}
    assert senses["To"] == {"Đến ngày", "Giao cho", "Nơi nhận"}
    assert senses["Code"] == {"Mã thủ tục", "Mã phản ánh"}
    assert senses["Level"] == {"Cấp thực hiện", "Mức độ hài lòng"}


def test_djangos_own_messages_that_people_read_are_in_vietnamese():
    """Django 5.2's Vietnamese catalogue lacks the password-length message (its msgid changed) and the admin's
    "Show counts": our catalogue supplies them, so no English is left in a Vietnamese page."""
    with translation.override("vi"):
        try:
            password_validation.validate_password("12345")
        except ValidationError as error:
            messages = error.messages
        assert messages[0] == "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." and "Mật khẩu này hoàn toàn là số." in messages
        assert translation.gettext("Show counts") == "Hiện số lượng"
        assert translation.gettext("Hide counts") == "Ẩn số lượng"
        assert translation.pgettext("who sent a feedback", "From") == "Người gửi"
        assert translation.pgettext("the person dossiers are assigned to", "To") == "Giao cho"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_gives_the_links_the_address_it_serves_on(tmp_path):
    """SMS, e-mail and QR links are built on MOTCUA_PUBLIC_URL: `make run` sets it from its HOST and PORT, unless
    it is set already (a centre's real address). Run with a stand-in `motcua` that prints what it was given."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "motcua"
    fake.write_text('#!/bin/sh\n[ "$1" = serve ] && echo "public=$MOTCUA_PUBLIC_URL"\nexit 0\n')
    fake.chmod(0o755)  # newer than pyproject.toml: make builds no virtual environment

    def served(*args: str, env: dict | None = None) -> str:
        result = subprocess.run(
            ["make", "-s", "-C", str(ROOT), "run", f"BIN={bin_dir}", *args],
            capture_output=True,
            text=True,
            check=True,
            env={k: v for k, v in os.environ.items() if k != "MOTCUA_PUBLIC_URL"} | (env or {}),
            timeout=60,
        )
        return re.search(r"public=(\S*)", result.stdout).group(1)

    assert served() == "http://127.0.0.1:8000"
    assert served("HOST=10.0.0.5", "PORT=9000") == "http://10.0.0.5:9000"
    assert served("PORT=9000", env={"MOTCUA_PUBLIC_URL": "https://dichvucong.hoaan.gov.vn"}) == (
        "https://dichvucong.hoaan.gov.vn"
    )
