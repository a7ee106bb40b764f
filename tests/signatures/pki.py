"""The test PKI (pki/motcua-test.yml) with its OCSP responder, CRLs and timestamp authority served by
certomancer's Animator on 127.0.0.1 from a thread, and a SoftHSM2 token holding the agency's key."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem
from certomancer.integrations.animator import Animator, AnimatorArchStore
from certomancer.registry import CertLabel, CertomancerConfig
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from werkzeug.serving import make_server

CONFIG = Path(__file__).parent / "pki" / "motcua-test.yml"
KEYS = ("root", "interm", "interm-ocsp", "tsa", "agency", "agency-expired", "agency-revoked")
SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")
ARCH = "motcua"


@dataclass
class TestPki:
    arch: object
    url: str
    folder: Path

    @property
    def tsa_url(self) -> str:
        return f"{self.url}/{ARCH}/tsa/tsa"

    @property
    def root_file(self) -> Path:
        return self.folder / "root.pem"

    def cert_der(self, label: str) -> bytes:
        return self.arch.get_cert(CertLabel(label)).dump()

    def p12(self, label: str, password: str) -> Path:
        data = self.arch.package_pkcs12(
            CertLabel(label), certs_to_embed=[CertLabel("interm")], password=password.encode()
        )
        path = self.folder / f"{label}.p12"
        path.write_bytes(data)
        return path

    def key_der(self, label: str) -> bytes:
        return (self.folder / "keys" / f"{label}.key.pem").read_bytes()


def _keys(folder: Path) -> None:
    (folder / "keys").mkdir(parents=True)
    for name in KEYS:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem_bytes = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        (folder / "keys" / f"{name}.key.pem").write_bytes(pem_bytes)


class _Late:
    """A WSGI app set once the server's port (hence the services' URLs) is known."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


def start_pki(folder: Path):
    _keys(folder)
    late = _Late()
    server = make_server("127.0.0.1", 0, late, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    config = CertomancerConfig.from_file(str(CONFIG), key_search_dir=str(folder), external_url_prefix=url)
    late.app = Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False)
    arch = config.get_pki_arch(ARCH)
    (folder / "root.pem").write_bytes(pem.armor("CERTIFICATE", arch.get_cert(CertLabel("root")).dump()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return TestPki(arch=arch, url=url, folder=folder), server


def make_token(folder: Path, pki: TestPki, *, label: str, pin: str) -> None:
    """A SoftHSM2 token in `folder` holding the agency's key and certificate (label "signer") and the
    intermediate certificate. SOFTHSM2_CONF must point at folder/softhsm2.conf before the module is loaded."""
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}

    def run(*args: str) -> None:
        subprocess.run(args, check=True, env=env, capture_output=True, timeout=60)

    run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", "87654321", "--pin", pin)
    key = serialization.load_pem_private_key(pki.key_der("agency"), None)
    der_key = folder / "agency.key.der"
    der_key.write_bytes(
        key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (folder / "agency.der").write_bytes(pki.cert_der("agency"))
    (folder / "interm.der").write_bytes(pki.cert_der("interm"))
    tool = shutil.which("pkcs11-tool") or "pkcs11-tool"
    base = (tool, "--module", str(SOFTHSM), "--token-label", label, "--login", "--pin", pin)
    run(*base, "--write-object", str(der_key), "--type", "privkey", "--id", "01", "--label", "signer")
    run(*base, "--write-object", str(folder / "agency.der"), "--type", "cert", "--id", "01", "--label", "signer")
    run(*base, "--write-object", str(folder / "interm.der"), "--type", "cert", "--id", "02", "--label", "interm")
    der_key.unlink()
