"""What verifying a PDF found, in plain terms: pure data and rules, no Django and no pyHanko, so that the pages,
the API and the upload marks read one verdict the same way (verification.py fills it from pyHanko)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class Overall(enum.StrEnum):
    NOT_PDF = "not_pdf"  # unreadable as a PDF
    UNSIGNED = "unsigned"
    VALID = "valid"  # every signature intact, nothing disallowed added later, every certificate valid and trusted
    CHANGED = "changed"  # a signature no longer covers what the file shows: changed after signing
    CERTIFICATE_PROBLEM = "certificate_problem"  # intact, but a certificate is expired, revoked or untrusted


class Certificate(enum.StrEnum):
    VALID = "valid"
    EXPIRED = "expired"  # or not yet valid, at the time of checking
    REVOKED = "revoked"
    UNTRUSTED = "untrusted"  # no chain to a trusted root
    UNKNOWN = "unknown"  # could not be checked (revocation information unavailable, a failing chain)


class Coverage(enum.StrEnum):
    WHOLE = "whole"  # the signature covers the whole file
    LATER_ALLOWED = "later_allowed"  # later updates that only add validation data, form filling or annotations
    LATER_CHANGES = "later_changes"  # later updates that change the content: not allowed
    BYTES_CHANGED = "bytes_changed"  # the bytes the signature covers were changed


@dataclass(frozen=True, kw_only=True)
class SignatureVerdict:
    field_name: str
    signer_name: str  # the certificate's common name (CN)
    signer_organisation: str  # its organisation (O), if any
    issuer_name: str
    serial: str  # the certificate's serial number, in hexadecimal
    signed_at: datetime | None  # the timestamp's time if there is one, else the time the signer claims
    timestamped: bool  # signed_at comes from a timestamp authority's token
    timestamp_valid: bool | None  # None: no timestamp
    coverage: Coverage
    certificate: Certificate
    certificate_valid_until: datetime | None
    revoked_at: datetime | None = None
    cryptographically_valid: bool = True

    @property
    def intact(self) -> bool:
        return self.cryptographically_valid and self.coverage in (Coverage.WHOLE, Coverage.LATER_ALLOWED)

    @property
    def ok(self) -> bool:
        return self.intact and self.certificate == Certificate.VALID and self.timestamp_valid is not False


@dataclass(frozen=True, kw_only=True)
class Verdict:
    signatures: tuple[SignatureVerdict, ...] = ()
    readable: bool = True
    sha256: str = ""
    size: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def overall(self) -> Overall:
        if not self.readable:
            return Overall.NOT_PDF
        if not self.signatures:
            return Overall.UNSIGNED
        if not all(s.intact for s in self.signatures):
            return Overall.CHANGED
        if not all(s.ok for s in self.signatures):
            return Overall.CERTIFICATE_PROBLEM
        return Overall.VALID

    @property
    def mark(self) -> str:
        """An uploaded file's mark: signed, unsigned, broken (changed after signing) or unreadable (not a readable
        PDF: an officer asks for the file again, not about its signature)."""
        overall = self.overall
        if overall == Overall.UNSIGNED:
            return "unsigned"
        if overall == Overall.NOT_PDF:
            return "unreadable"
        if overall == Overall.CHANGED:
            return "broken"
        return "signed"
