"""The demo's signatures: a demo PKI made with `cryptography` (a root and one certificate per agency that
approves results, in <SIGNING_DIR>/demo), the root trusted for verification (<SIGNING_DIR>/trust), a CRL served by
motcua itself (/xac-thuc/crl/demo.crl), and each agency's key: the Department of Justice's on a SoftHSM2 token
when SoftHSM2 and OpenSC are installed, every other one (or that one too, without SoftHSM2) in a PKCS#12 file.
The PINs are random, written to <SIGNING_SECRETS_DIR>. Safe to run again: what exists is kept."""

from __future__ import annotations

import logging
import secrets
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings

from motcua.core.models import Agency
from motcua.signatures.models import SigningKey
from motcua.signatures.services import add_signing_key

log = logging.getLogger(__name__)
SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")
TOKEN_AGENCY = "tuphap"  # the department whose key is on the (software) token, as officials' are on USB tokens
TOKEN_LABEL = "motcua-demo-sotuphap"
CRL_PATH = "/xac-thuc/crl/demo.crl"


def set_up_signing(agencies: dict[str, Agency], *, province_name: str) -> list[str]:
    """Keys for every agency that has none; lines saying what was done, for the demo's report."""
    folder = Path(settings.SIGNING_DIR) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    Path(settings.SIGNING_SECRETS_DIR).mkdir(parents=True, exist_ok=True)
    root_key, root_cert = _root(folder)
    trust = Path(settings.SIGNING_DIR) / "trust"
    trust.mkdir(parents=True, exist_ok=True)
    (trust / "motcua-demo-root.pem").write_bytes(root_cert.public_bytes(serialization.Encoding.PEM))
    (folder / "demo.crl").write_bytes(_crl(root_key, root_cert))
    lines, added = [], 0
    for key_name, agency in agencies.items():
        if SigningKey.objects.filter(agency=agency).exists():
            continue
        on_token = key_name == TOKEN_AGENCY and settings.DEMO_SOFTHSM_TOKEN
        private = (
            rsa.generate_private_key(public_exponent=65537, key_size=2048)
            if on_token
            else ec.generate_private_key(ec.SECP256R1())
        )
        cert = _leaf(agency, private, root_key, root_cert, province_name=province_name)
        if on_token:
            note = _token(folder, agency, private, cert, root_cert)
            if note:
                lines.append(note)
                added += 1
                continue
            lines.append("SoftHSM2 or OpenSC is not installed: the Department of Justice's key is a PKCS#12 file")
        _p12(folder, agency, private, cert, root_cert)
        added += 1
    lines.append(
        f"Signing keys: {added} agencies given a demo certificate (root trusted for verification: {trust}); "
        f"revocation list at {CRL_PATH}"
    )
    return lines


def _root(folder: Path):
    key_file, cert_file = folder / "root.key.pem", folder / "root.pem"
    if key_file.exists() and cert_file.exists():
        key = serialization.load_pem_private_key(key_file.read_bytes(), None)
        return key, x509.load_pem_x509_certificate(cert_file.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "motcua demo"),
            x509.NameAttribute(NameOID.COMMON_NAME, "CA gốc thử nghiệm motcua (không dùng thật)"),
        ]
    )
    now = datetime.now(UTC) - timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_file.chmod(0o600)
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def _leaf(agency: Agency, private, root_key, root_cert, *, province_name: str) -> x509.Certificate:
    now = datetime.now(UTC) - timedelta(hours=1)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, province_name[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, agency.name[:64]),
        ]
    )
    crl = x509.DistributionPoint(
        full_name=[x509.UniformResourceIdentifier(f"{settings.PUBLIC_URL}{CRL_PATH}")],
        relative_name=None,
        reasons=None,
        crl_issuer=None,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root_cert.subject)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.CRLDistributionPoints([crl]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_cert.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )


def _crl(root_key, root_cert) -> bytes:
    """An empty list (no demo certificate is revoked), valid a year: `motcua demo` again renews it."""
    now = datetime.now(UTC)
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root_cert.subject)
        .last_update(now - timedelta(minutes=5))
        .next_update(now + timedelta(days=365))
        .sign(root_key, hashes.SHA256())
    )
    return crl.public_bytes(serialization.Encoding.DER)


def _secret(name: str) -> str:
    pin = secrets.token_hex(8)
    path = Path(settings.SIGNING_SECRETS_DIR) / name
    path.write_text(pin)
    path.chmod(0o600)
    return pin


def _p12(folder: Path, agency: Agency, private, cert, root_cert) -> None:
    name = "demo-" + agency.code.replace(".", "-")
    pin = _secret(name)
    data = pkcs12.serialize_key_and_certificates(
        agency.code.encode(), private, cert, [root_cert], serialization.BestAvailableEncryption(pin.encode())
    )
    path = folder / f"{agency.code}.p12"
    path.write_bytes(data)
    path.chmod(0o600)
    add_signing_key(agency=agency, kind="pkcs12", path=str(path), secret_name=name, location=agency.name)


def _token(folder: Path, agency: Agency, private, cert, root_cert) -> str:
    """The key on a fresh SoftHSM2 token under <SIGNING_DIR>/softhsm; "" when SoftHSM2 or OpenSC is missing."""
    tool, util = shutil.which("pkcs11-tool"), shutil.which("softhsm2-util")
    if not (SOFTHSM.exists() and tool and util):
        return ""
    base_dir = Path(settings.SIGNING_DIR)
    tokens = base_dir / "softhsm" / "tokens"
    shutil.rmtree(tokens, ignore_errors=True)  # only the demo's token lives here: a re-run starts it anew
    tokens.mkdir(parents=True)
    conf = base_dir / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {"SOFTHSM2_CONF": str(conf), "PATH": "/usr/bin:/bin"}
    name = "demo-token-sotuphap"
    pin = _secret(name)
    files = {
        "key": private.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        "cert": cert.public_bytes(serialization.Encoding.DER),
        "root": root_cert.public_bytes(serialization.Encoding.DER),
    }
    paths = {}
    for label, data in files.items():
        paths[label] = folder / f"token-{label}.der"
        paths[label].write_bytes(data)
    try:
        run = lambda *args: subprocess.run(args, check=True, env=env, capture_output=True, timeout=60)  # noqa: E731
        run(util, "--init-token", "--free", "--label", TOKEN_LABEL, "--so-pin", secrets.token_hex(8), "--pin", pin)
        login = (tool, "--module", str(SOFTHSM), "--token-label", TOKEN_LABEL, "--login", "--pin", pin)
        run(*login, "--write-object", str(paths["key"]), "--type", "privkey", "--id", "01", "--label", "signer")
        run(*login, "--write-object", str(paths["cert"]), "--type", "cert", "--id", "01", "--label", "signer")
        run(*login, "--write-object", str(paths["root"]), "--type", "cert", "--id", "02", "--label", "root")
    except (subprocess.SubprocessError, OSError) as error:
        log.warning("the demo's SoftHSM2 token could not be made: %s", type(error).__name__)
        return ""
    finally:
        for path in paths.values():
            path.unlink(missing_ok=True)
    add_signing_key(
        agency=agency,
        kind="pkcs11",
        path=str(SOFTHSM),
        secret_name=name,
        token_label=TOKEN_LABEL,
        key_label="signer",
        cert_label="signer",
        location=agency.name,
    )
    return f"{agency.name} signs with a SoftHSM2 token ({TOKEN_LABEL}; SOFTHSM2_CONF={conf})"
