from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import agency

pytestmark = pytest.mark.django_db


def test_add_list_and_test_a_key(pki, signing_settings, capsys):
    place = agency(code="000.00.03.H99", name="Sở Tư pháp")
    path = pki.p12("agency", "bi-mat")
    (signing_settings / "so-tu-phap").write_text("bi-mat\n")
    call_command("signing_keys", "add", place.code, "--kind", "pkcs12", "--path", str(path), "--secret", "so-tu-phap")
    call_command("signing_keys", "list")
    call_command("signing_keys", "test", place.code)
    out = capsys.readouterr().out
    assert "$MOTCUA_SIGNING_PIN_SO_TU_PHAP" in out and "bi-mat" not in out
    assert "verification: valid" in out and "certificate: valid" in out


def test_a_wrong_passphrase_fails_the_test_clearly(pki, signing_settings):
    place = agency()
    path = pki.p12("agency", "bi-mat")
    (signing_settings / "sai").write_text("sai-mat-khau")
    call_command("signing_keys", "add", place.code, "--kind", "pkcs12", "--path", str(path), "--secret", "sai")
    with pytest.raises(CommandError, match="sai mật khẩu"):  # the command speaks Vietnamese
        call_command("signing_keys", "test", place.code)
