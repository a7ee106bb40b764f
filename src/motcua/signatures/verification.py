"""verify_pdf: what pyHanko finds in a PDF's signatures, as a Verdict (verdict.py). Certificates are checked
against the configured trust roots (MOTCUA_TRUST_ROOTS, and the instance's own signing/trust directory, where
`motcua demo` puts its demo root), with OCSP and CRL fetched from the certificates' own addresses under a short
timeout; an answer that cannot be had leaves the certificate "could not be checked" rather than "valid" only when
pyHanko says so (soft-fail: a responder that is down does not make a document invalid)."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from asn1crypto import pem, x509
from django.conf import settings
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
from pyhanko_certvalidator.fetchers.api import OwnedFetcherBackend

from motcua.signatures.verdict import Certificate, Coverage, SignatureVerdict, Verdict

log = logging.getLogger(__name__)
FETCH_TIMEOUT = 5  # seconds per OCSP/CRL request: a slow responder must not hold the page
MAX_SIGNATURES = 20  # more than that in one file is not a document anyone signs: the rest are not examined
EXPIRED = {AdESIndeterminate.OUT_OF_BOUNDS_NO_POE, AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED}
REVOKED = {AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE}
UNTRUSTED = {AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND}
ALLOWED_LATER = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES}


def trust_roots() -> list[x509.Certificate]:
    """The certificates in every configured file or directory (PEM or DER), read once per process and path."""
    paths = [*settings.SIGNING_TRUST_ROOTS, str(Path(settings.SIGNING_DIR) / "trust")]
    roots: list[x509.Certificate] = []
    for raw in paths:
        path = Path(raw)
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for file in files:
            roots.extend(_read_certs(str(file), file.stat().st_mtime if file.exists() else 0.0))
    return roots


@lru_cache(maxsize=64)
def _read_certs(path: str, mtime: float) -> tuple[x509.Certificate, ...]:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return ()
    try:
        if pem.detect(data):
            return tuple(x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, multiple=True))
        return (x509.Certificate.load(data),)
    except ValueError:
        log.warning("trust root file %s holds no certificate", path)
        return ()


def validation_context(*, moment: datetime | None = None, fetch: bool = True) -> ValidationContext:
    return ValidationContext(
        trust_roots=trust_roots(),
        allow_fetching=fetch,
        revocation_mode="soft-fail",
        moment=moment,
        # Owned: the context closes its HTTP session when the validation is over.
        fetcher_backend=OwnedFetcherBackend(AIOHttpFetcherBackend(per_request_timeout=FETCH_TIMEOUT)),
    )


def verify_pdf(data: bytes, *, fetch: bool = True) -> Verdict:
    """Every signature of the PDF `data`, checked: is it intact, does it cover the file, is its certificate
    valid. Nothing is stored. `fetch=False`: no OCSP/CRL request (revocation is then not checked), for checks
    that must not wait on a CA's responder."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except Exception as error:  # anyone's file: whatever the parser trips on, it is unreadable
        log.info("an unreadable PDF was sent to verification: %s", type(error).__name__)
        return Verdict(readable=False, sha256=digest, size=len(data))
    verdicts = tuple(_verify_one(sig, fetch=fetch) for sig in embedded[:MAX_SIGNATURES])
    return Verdict(signatures=verdicts, sha256=digest, size=len(data))


def _verify_one(sig, *, fetch: bool) -> SignatureVerdict:
    try:
        cert = sig.signer_cert
    except Exception as error:  # a signature whose CMS cannot be read at all: broken, nobody named
        log.info("a signature's certificate could not be read: %s", type(error).__name__)
        return SignatureVerdict(
            field_name="",
            signer_name="",
            signer_organisation="",
            issuer_name="",
            serial="",
            signed_at=None,
            timestamped=False,
            timestamp_valid=None,
            coverage=Coverage.BYTES_CHANGED,
            certificate=Certificate.UNKNOWN,
            certificate_valid_until=None,
            cryptographically_valid=False,
        )
    try:
        status = validate_pdf_signature(
            sig,
            signer_validation_context=validation_context(fetch=fetch),
            ts_validation_context=validation_context(fetch=fetch),
        )
    except Exception as error:  # a malformed signature is a broken one, whatever pyHanko raises
        log.info("a signature could not be validated: %s", type(error).__name__)
        return _described(sig, cert, coverage=Coverage.BYTES_CHANGED, certificate=Certificate.UNKNOWN, valid=False)
    certificate = _certificate(status)
    ts = status.timestamp_validity
    signed_at = ts.timestamp if ts is not None else status.signer_reported_dt
    return _described(
        sig,
        cert,
        coverage=_coverage(status),
        certificate=certificate,
        valid=status.valid,
        signed_at=signed_at,
        timestamped=ts is not None,
        timestamp_valid=None if ts is None else bool(ts.intact and ts.valid and ts.trusted),
        revoked_at=status.revocation_details.revocation_date if status.revocation_details else None,
    )


def _described(sig, cert: x509.Certificate, **found) -> SignatureVerdict:
    subject = cert.subject.native
    not_after = cert["tbs_certificate"]["validity"]["not_after"].native
    return SignatureVerdict(
        field_name=str(sig.field_name or "")[:200],
        signer_name=str(subject.get("common_name", ""))[:200],
        signer_organisation=str(subject.get("organization_name", ""))[:200],
        issuer_name=str(cert.issuer.native.get("common_name", cert.issuer.human_friendly))[:200],
        serial=format(cert.serial_number, "x"),
        signed_at=found.pop("signed_at", None) or sig.self_reported_timestamp,
        timestamped=found.pop("timestamped", False),
        timestamp_valid=found.pop("timestamp_valid", None),
        coverage=found["coverage"],
        certificate=found["certificate"],
        certificate_valid_until=not_after,
        revoked_at=found.get("revoked_at"),
        cryptographically_valid=found["valid"],
    )


def _coverage(status: PdfSignatureStatus) -> Coverage:
    if not status.intact:
        return Coverage.BYTES_CHANGED
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return Coverage.WHOLE
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return Coverage.LATER_CHANGES  # the signature covers an unclear part of the file
    level = status.modification_level
    if level in ALLOWED_LATER:
        return Coverage.LATER_ALLOWED
    if level in (ModificationLevel.FORM_FILLING, ModificationLevel.ANNOTATIONS) and status.docmdp_ok:
        return Coverage.LATER_ALLOWED
    return Coverage.LATER_CHANGES


def _certificate(status: PdfSignatureStatus) -> Certificate:
    problem = status.trust_problem_indic
    if status.revoked or problem in REVOKED:
        return Certificate.REVOKED
    if problem in EXPIRED:
        return Certificate.EXPIRED
    if problem in UNTRUSTED:
        return Certificate.UNTRUSTED
    if problem is None and status.validation_path is not None:
        return Certificate.VALID
    return Certificate.UNKNOWN
