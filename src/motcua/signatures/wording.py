"""What the verify page and the API say about a Verdict, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.signatures.verdict import Certificate, Coverage, Overall, SignatureVerdict, Verdict


@dataclass(frozen=True)
class Line:
    text: str
    ok: bool


@dataclass(frozen=True)
class DescribedSignature:
    verdict: SignatureVerdict
    signer: str
    organisation: str
    issuer: str
    signed_at: datetime | None  # in Vietnam time
    when: str  # how the time is known
    content: Line
    certificate: Line


@dataclass(frozen=True)
class Described:
    overall: Overall
    headline: str
    tone: str  # ok | warn | bad
    explanation: str
    signatures: list[DescribedSignature]


def describe(verdict: Verdict) -> Described:
    overall = verdict.overall
    headline, tone, explanation = {
        Overall.NOT_PDF: (_("Not a readable PDF"), "bad", _("This file could not be read as a PDF document.")),
        Overall.UNSIGNED: (
            _("This document is not signed"),
            "warn",
            _("It carries no digital signature: nothing shows who issued it or that it is unchanged."),
        ),
        Overall.VALID: (
            _("Valid signature"),
            "ok",
            _("Every signature is intact, the document was not changed after signing, and the certificates are valid."),
        ),
        Overall.CHANGED: (
            _("Changed after signing"),
            "bad",
            _("The document is not what was signed: it was changed after signing. Do not rely on it."),
        ),
        Overall.CERTIFICATE_PROBLEM: (
            _("Signature intact, but the certificate is not valid"),
            "warn",
            _("The document was not changed after signing, but a signer's certificate is not valid (see below)."),
        ),
    }[overall]
    return Described(
        overall=overall,
        headline=headline,
        tone=tone,
        explanation=explanation,
        signatures=[_signature(s) for s in verdict.signatures],
    )


def _signature(s: SignatureVerdict) -> DescribedSignature:
    if s.timestamped:
        when = _("time from a timestamp authority") if s.timestamp_valid else _("timestamp not valid")
    else:
        when = _("time stated by the signer's computer")
    return DescribedSignature(
        verdict=s,
        signer=s.signer_name or _("(no name)"),
        organisation=s.signer_organisation,
        issuer=s.issuer_name,
        signed_at=timezone.localtime(s.signed_at) if s.signed_at else None,
        when=when,
        content=_content(s),
        certificate=_certificate(s),
    )


def _content(s: SignatureVerdict) -> Line:
    if not s.cryptographically_valid and s.coverage != Coverage.BYTES_CHANGED:
        return Line(_("The signature itself does not verify."), False)
    return {
        Coverage.WHOLE: Line(_("Intact: the document is exactly as signed."), True),
        Coverage.LATER_ALLOWED: Line(
            _("Intact: later additions only add validation data, fill in forms or add comments, as allowed."), True
        ),
        Coverage.LATER_CHANGES: Line(_("Changed: content was added or altered after signing."), False),
        Coverage.BYTES_CHANGED: Line(_("Changed: the signed content was altered after signing."), False),
    }[s.coverage]


def _certificate(s: SignatureVerdict) -> Line:
    if s.certificate == Certificate.VALID:
        return Line(_("Certificate valid, issued by %(issuer)s.") % {"issuer": s.issuer_name}, True)
    if s.certificate == Certificate.EXPIRED:
        until = timezone.localtime(s.certificate_valid_until).strftime("%d/%m/%Y") if s.certificate_valid_until else ""
        return Line(_("Certificate expired (valid until %(date)s).") % {"date": until}, False)
    if s.certificate == Certificate.REVOKED:
        since = timezone.localtime(s.revoked_at).strftime("%d/%m/%Y") if s.revoked_at else "?"
        return Line(_("Certificate revoked by its issuer on %(date)s.") % {"date": since}, False)
    if s.certificate == Certificate.UNTRUSTED:
        return Line(
            _("Certificate issued by %(issuer)s, an authority this site does not trust.") % {"issuer": s.issuer_name},
            False,
        )
    return Line(_("The certificate could not be checked (its issuer's status service did not answer)."), False)
