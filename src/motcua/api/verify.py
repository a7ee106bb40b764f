"""`POST /verify`: anyone sends a PDF and reads what its signatures say, as the public verify page shows it.
Nothing is stored. The same limits as the page: the size (413) and per-address requests (429)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, UploadedFile
from pydantic import Field

from motcua.api.auth import csrf_exempt, optional_auth
from motcua.api.errors import ApiError
from motcua.api.schemas import errors
from motcua.core import ratelimit
from motcua.core.views import client_address
from motcua.signatures.verdict import Certificate, Coverage, Overall
from motcua.signatures.verification import verify_pdf
from motcua.signatures.wording import describe

router = Router(tags=["signatures"], auth=optional_auth)
PER_MINUTE = 10

OverallName = Literal[tuple(o.value for o in Overall if o != Overall.NOT_PDF)]  # type: ignore[valid-type]
CoverageName = Literal[tuple(c.value for c in Coverage)]  # type: ignore[valid-type]
CertificateName = Literal[tuple(c.value for c in Certificate)]  # type: ignore[valid-type]


class SignatureOut(Schema):
    signer: str = Field(..., description="the certificate's common name (CN)")
    organisation: str = Field(..., description="the certificate's organisation (O), or empty")
    issuer: str
    serial: str = Field(..., description="the certificate's serial number, hexadecimal")
    signed_at: datetime | None = Field(..., description="Vietnam time; from the timestamp if timestamped")
    timestamped: bool = Field(..., description="signed_at comes from a timestamp authority (PAdES B-T)")
    timestamp_valid: bool | None = Field(..., description="null without a timestamp")
    intact: bool = Field(..., description="the document is as signed, or changed later only in allowed ways")
    coverage: CoverageName = Field(  # type: ignore[valid-type]
        ...,
        description="whole: covers the whole file; later_allowed: later updates add only validation data, form "
        "filling or comments; later_changes: content added or altered later; bytes_changed: the signed bytes changed",
    )
    certificate: CertificateName = Field(  # type: ignore[valid-type]
        ..., description="valid, expired, revoked, untrusted (no chain to a trusted root) or unknown"
    )
    certificate_valid_until: datetime | None
    revoked_at: datetime | None
    content_text: str = Field(..., description="the verdict on the content, in the request's language")
    certificate_text: str = Field(..., description="the verdict on the certificate, in the request's language")


class VerdictOut(Schema):
    overall: OverallName = Field(  # type: ignore[valid-type]
        ...,
        description="valid (every signature intact, certificates valid), unsigned, changed (after signing) or "
        "certificate_problem (intact, but a certificate is expired, revoked or untrusted)",
    )
    headline: str
    explanation: str
    sha256: str = Field(..., description="of the file sent")
    signatures: list[SignatureOut]


@router.post("/verify", response={200: VerdictOut, **errors(413, 422, 429)}, summary="Verify a signed PDF")
@csrf_exempt  # anyone may verify: a session grants nothing more here
def verify(request, file: File[UploadedFile]):
    """Send a PDF (multipart field `file`, at most MOTCUA_VERIFY_MAX_MB, 20 MB by default): whether it is
    signed, by whom and when, whether it changed after signing, whether the certificates are valid. Nothing is
    kept."""
    if file.size > settings.VERIFY_MAX_MB * 1024 * 1024:
        raise ApiError(413, "too_large", _("The file is larger than %(mb)d MB.") % {"mb": settings.VERIFY_MAX_MB})
    if not ratelimit.allowed(f"verify:{client_address(request)}", PER_MINUTE, window_seconds=60):
        raise ApiError(429, "too_many_requests", _("Too many files from your connection. Please wait a minute."))
    verdict = verify_pdf(file.read())
    if verdict.overall == Overall.NOT_PDF:
        raise ApiError(422, "not_pdf", _("This file could not be read as a PDF document."))
    described = describe(verdict)
    return {
        "overall": verdict.overall.value,
        "headline": described.headline,
        "explanation": described.explanation,
        "sha256": verdict.sha256,
        "signatures": [
            {
                "signer": s.signer,
                "organisation": s.organisation,
                "issuer": s.issuer,
                "serial": s.verdict.serial,
                "signed_at": s.signed_at,
                "timestamped": s.verdict.timestamped,
                "timestamp_valid": s.verdict.timestamp_valid,
                "intact": s.verdict.intact,
                "coverage": s.verdict.coverage.value,
                "certificate": s.verdict.certificate.value,
                "certificate_valid_until": s.verdict.certificate_valid_until,
                "revoked_at": s.verdict.revoked_at,
                "content_text": s.content.text,
                "certificate_text": s.certificate.text,
            }
            for s in described.signatures
        ],
    }
