from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.signatures.pki import SOFTHSM, TestPki, make_token, start_pki

P12_PASSWORD = "mat-khau-p12"
TOKEN_PIN = "246810"


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> TestPki:
    found, server = start_pki(tmp_path_factory.mktemp("pki"))
    yield found
    server.shutdown()


@pytest.fixture
def signing_settings(settings, pki, tmp_path) -> Path:
    """Verification trusts the test root; PIN files go in a temporary secrets directory."""
    settings.SIGNING_DIR = tmp_path / "signing"
    settings.SIGNING_SECRETS_DIR = tmp_path / "secrets"
    settings.SIGNING_SECRETS_DIR.mkdir()
    settings.SIGNING_TRUST_ROOTS = [str(pki.root_file)]
    settings.SIGNING_TSA_URL = ""
    settings.PUBLIC_URL = "https://motcua.example.vn"
    return settings.SIGNING_SECRETS_DIR


@pytest.fixture
def p12_key(pki, signing_settings):
    """A function: the agency's key from a PKCS#12 file of the certificate `label`."""
    from motcua.signatures.services import add_signing_key

    def make(agency, label: str = "agency", *, password: str = P12_PASSWORD, tsa: str = ""):
        path = pki.p12(label, P12_PASSWORD)
        secret = f"p12-{label}"
        (signing_settings / secret).write_text(password)
        return add_signing_key(agency=agency, kind="pkcs12", path=str(path), secret_name=secret, tsa_url=tsa)

    return make


@pytest.fixture(scope="session")
def softhsm_token(pki, tmp_path_factory) -> str:
    """The token's label. SoftHSM2 reads SOFTHSM2_CONF once per process: set it here, before the module loads."""
    if not SOFTHSM.exists():
        pytest.skip(f"{SOFTHSM} is missing: install softhsm2 and opensc (apt-get install softhsm2 opensc)")
    folder = tmp_path_factory.mktemp("softhsm")
    make_token(folder, pki, label="motcua-sotuphap", pin=TOKEN_PIN)
    os.environ["SOFTHSM2_CONF"] = str(folder / "softhsm2.conf")
    return "motcua-sotuphap"


@pytest.fixture
def token_key(softhsm_token, signing_settings):
    from motcua.signatures.services import add_signing_key

    def make(agency, *, pin: str = TOKEN_PIN):
        (signing_settings / "token-sotuphap").write_text(pin)
        return add_signing_key(
            agency=agency,
            kind="pkcs11",
            path=str(SOFTHSM),
            secret_name="token-sotuphap",
            token_label=softhsm_token,
            key_label="signer",
            cert_label="signer",
        )

    return make
