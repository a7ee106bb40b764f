"""`motcua demo` gives every agency a demo certificate, the Department of Justice's on a SoftHSM2 token when
SoftHSM2 is installed, and trusts the demo root: a result signed by a department verifies as valid."""

from __future__ import annotations

import os
import subprocess

import pytest

from motcua.core.models import Agency
from motcua.demo.build import build_demo
from motcua.demo.signing import SOFTHSM, TOKEN_LABEL
from motcua.signatures.models import SigningKey
from motcua.signatures.signing import sign_pdf
from motcua.signatures.verdict import Overall
from motcua.signatures.verification import verify_pdf
from tests.signatures.documents import blank_pdf

pytestmark = pytest.mark.django_db


def test_the_demo_signs_with_its_own_pki(settings, tmp_path, client):
    settings.SIGNING_DIR = tmp_path / "signing"
    settings.SIGNING_SECRETS_DIR = tmp_path / "signing" / "secrets"
    settings.SIGNING_TRUST_ROOTS = []
    settings.DEMO_SOFTHSM_TOKEN = True  # the token is made and checked by softhsm2-util, in its own process
    result = build_demo(catalog_dir=tmp_path / "absent")
    assert any("Signing keys:" in line for line in result.signing)
    assert SigningKey.objects.count() == Agency.objects.count()
    construction = SigningKey.objects.get(agency__name="Sở Xây dựng")
    assert construction.kind == "pkcs12" and not (tmp_path / "signing" / "secrets").joinpath("x").exists()
    verdict = verify_pdf(sign_pdf(pdf=blank_pdf(), key=construction, reason="Kết quả"))
    assert verdict.overall == Overall.VALID and verdict.signatures[0].signer_name == "Sở Xây dựng"
    assert client.get("/xac-thuc/crl/demo.crl").status_code == 200
    justice = SigningKey.objects.get(agency__name="Sở Tư pháp")
    if SOFTHSM.exists():
        assert justice.kind == "pkcs11" and justice.token_label == TOKEN_LABEL
        env = {**os.environ, "SOFTHSM2_CONF": str(tmp_path / "signing" / "softhsm2.conf")}
        slots = subprocess.run(["softhsm2-util", "--show-slots"], env=env, capture_output=True, text=True).stdout
        assert TOKEN_LABEL in slots
    # Run again: nothing is made twice.
    again = build_demo(catalog_dir=tmp_path / "absent")
    assert any("Signing keys: 0 agencies" in line for line in again.signing)
