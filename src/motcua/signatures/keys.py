"""Opening an agency's key for one signature: a PKCS#12 file or a PKCS#11 token (the USB tokens Vietnamese
officials sign with ship their vendor's PKCS#11 module). The PIN is read at that moment from the environment or
a secrets file, never from the database, and never logged."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign.signers import Signer, SimpleSigner

from motcua.signatures.models import KeyKind, SigningKey

log = logging.getLogger(__name__)
MAX_PIN = 256


class SigningFailed(Exception):
    """The key could not sign: a wrong or missing PIN, a missing token or file. `message` is for the user."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def pin_variable(secret_name: str) -> str:
    """MOTCUA_SIGNING_PIN_<NAME>: the secret's name in capitals, anything but letters and digits as _."""
    return "MOTCUA_SIGNING_PIN_" + re.sub(r"[^A-Z0-9]", "_", secret_name.upper())


def read_pin(key: SigningKey) -> str:
    """The key's PIN or passphrase: the environment variable first, then the secrets file."""
    value = os.environ.get(pin_variable(key.secret_name))
    if value is None:
        file = Path(settings.SIGNING_SECRETS_DIR) / key.secret_name
        try:
            value = file.read_text(encoding="utf-8")[: MAX_PIN + 1].strip("\r\n")
        except OSError:
            value = None
    if not value or len(value) > MAX_PIN:
        raise SigningFailed(
            "signing_pin_missing",
            _("The PIN of %(agency)s's signing key is not configured on the server; ask the administrator.")
            % {"agency": key.agency.name},
        )
    return value


@contextmanager
def open_signer(key: SigningKey) -> Iterator[Signer]:
    """A pyHanko signer for this key, its token session closed on exit; SigningFailed when it cannot be opened."""
    pin = read_pin(key)
    if key.kind == KeyKind.PKCS12:
        try:
            data = Path(key.path).read_bytes()
            signer = SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=pin.encode())
        except (OSError, ValueError) as error:
            # Which of the two it was is logged (never the passphrase); the user is told what to do.
            log.warning(
                "signing key of agency %s (pkcs12) could not be opened: %s", key.agency_id, type(error).__name__
            )
            raise SigningFailed(
                "signing_key_unusable",
                _("The signing key of %(agency)s could not be opened: the file is missing or its passphrase is wrong.")
                % {"agency": key.agency.name},
            ) from error
        yield signer
        return
    yield from _pkcs11(key, pin)


def _pkcs11(key: SigningKey, pin: str) -> Iterator[Signer]:
    from pkcs11 import PKCS11Error
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    # The instance's own SoftHSM2 configuration (the demo's token) unless the environment names one; SoftHSM2
    # reads it once, when the module is first loaded in the process.
    conf = Path(settings.SIGNING_DIR) / "softhsm2.conf"
    if conf.exists():
        os.environ.setdefault("SOFTHSM2_CONF", str(conf))

    try:
        session = open_pkcs11_session(key.path, token_criteria=TokenCriteria(label=key.token_label), user_pin=pin)
    except (PKCS11Error, OSError, RuntimeError) as error:
        log.warning(
            "token %s of agency %s could not be opened: %s", key.token_label, key.agency_id, type(error).__name__
        )
        raise SigningFailed(
            "signing_token_unusable",
            _(
                "The signing token of %(agency)s could not be opened: check that it is plugged in and that its PIN "
                "is right, then try again."
            )
            % {"agency": key.agency.name},
        ) from error
    try:
        yield PKCS11Signer(
            session,
            key_label=key.key_label or None,
            cert_label=key.cert_label or key.key_label or None,
            other_certs_to_pull=None,  # the chain stored on the token goes into the signature
        )
    finally:
        session.close()
