"""Writes of the signatures app, one function per use case: approving with the agency's signature, signing a
form the centre issues, marking uploaded PDFs, adding a key."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.core.models import Agency, User
from motcua.dossiers.actions import ApproveInput
from motcua.dossiers.events import BaseDossierEvent
from motcua.dossiers.models import Dossier, StoredFile
from motcua.dossiers.services import DossierError, perform_action
from motcua.dossiers.services.access import Access
from motcua.dossiers.services.files import store_upload
from motcua.dossiers.services.transitions import check_version, locked_dossier
from motcua.dossiers.states import Action, State, decide
from motcua.signatures import selectors
from motcua.signatures.keys import SigningFailed
from motcua.signatures.models import FileSignatureCheck, KeyKind, SignedDocument, SigningKey
from motcua.signatures.signing import sign
from motcua.signatures.verification import verify_pdf

log = logging.getLogger(__name__)
PDF = "application/pdf"


class SignatureRefused(DossierError):
    """The agency has a key but it could not sign: the approval is refused, nothing changes (422)."""


@dataclass(frozen=True)
class Approval:
    dossier: Dossier
    signed: SignedDocument | None
    unsigned_reason: str  # "" when signed or nothing to sign; "no_key" | "not_pdf" otherwise


def verify_url(token: str) -> str:
    return f"{settings.PUBLIC_URL}/xac-thuc/{token}/"


@transaction.atomic
def approve_with_signature(*, code: str, actor: User, version: int, command: ApproveInput) -> Approval:
    """Approve the dossier's current step as `perform_action` does; when this approval makes the result ready
    and the result is a PDF, sign it first with the key of the step's agency (or of the nearest agency above it
    that has one) and make the signed file the result. A key that cannot sign refuses the approval: the whole
    transaction rolls back. The dossier's row stays locked while signing, so two approvals cannot both sign."""
    dossier = locked_dossier(code)
    check_version(dossier=dossier, version=version)  # before signing: a stale page signs nothing
    signed, reason = None, ""
    agency = _final_approval_agency(dossier, actor)
    result = StoredFile.objects.filter(pk=command.result_file_id).first() if command.result_file_id else None
    if agency is not None and result is not None:
        key = selectors.key_for(agency)
        if key is None:
            reason = "no_key"
        elif result.content_type != PDF:
            reason = "not_pdf"
        else:
            signed = _sign_stored(
                stored=result,
                key=key,
                actor=actor,
                dossier=dossier,
                purpose="result",
                reason=_("Result of dossier %(code)s") % {"code": dossier.code},
            )
            command = command.model_copy(update={"result_file_id": signed.file_id})
    dossier = perform_action(code=code, actor=actor, version=version, command=command)
    return Approval(dossier=dossier, signed=signed, unsigned_reason=reason)


def _final_approval_agency(dossier: Dossier, actor: User) -> Agency | None:
    """The agency whose step this approval finishes, when it makes the result ready (None otherwise)."""
    steps = list(dossier.steps.select_related("agency").order_by("position"))
    step = next((s for s in steps if s.pk == dossier.current_step_id), None)
    if step is None:
        return None
    decision = decide(dossier.state, Action.APPROVE, Access(actor).context(dossier, step, steps))
    return step.agency if decision.allowed and decision.to_state == State.RESULT_READY else None


def _sign_stored(
    *, stored: StoredFile, key: SigningKey, actor: User | None, dossier: Dossier | None, purpose: str, reason: str
) -> SignedDocument:
    data = _read(stored)
    return sign_document(
        pdf=data, key=key, actor=actor, dossier=dossier, purpose=purpose, reason=reason, title=stored.title
    )


def sign_document(
    *,
    pdf: bytes,
    key: SigningKey,
    reason: str,
    purpose: str,
    dossier: Dossier | None = None,
    actor: User | None = None,
    title: str = "",
) -> SignedDocument:
    """Sign `pdf` with a visible stamp whose QR leads to its verify page, store the signed file and record it."""
    token = secrets.token_urlsafe(16)
    try:
        done = sign(pdf=pdf, key=key, reason=reason, verify_url=verify_url(token))
    except SigningFailed as error:
        raise SignatureRefused(error.code, error.message) from error
    name = f"{dossier.code if dossier else key.agency.code}-{purpose}-signed.pdf"
    with transaction.atomic():
        stored = store_upload(data=done.pdf, original_name=name, title=title or reason, user=actor)
        return SignedDocument.objects.create(
            token=token,
            dossier=dossier,
            file=stored,
            purpose=purpose,
            agency=key.agency,
            signer_subject=done.subject,
            signer_serial=done.serial,
            signed_at=done.signed_at,
            sha256=stored.sha256,
            timestamped=done.timestamped,
        )


def centre_signed_form(*, dossier: Dossier, number: str, pdf: bytes) -> bytes:
    """A form the centre issues (Mẫu 01), signed with the key of the dossier's centre (see signed_once)."""
    centre = dossier.centre
    reason = _("Form %(number)s of dossier %(code)s") % {"number": number, "code": dossier.code}
    agency = centre.agency if centre is not None else None
    return signed_once(dossier=dossier, purpose=f"form-{number}", agency=agency, reason=reason, pdf=pdf)


def signed_once(*, dossier: Dossier, purpose: str, agency: Agency | None, reason: str, pdf: bytes) -> bytes:
    """A document issued for the dossier (a form, an e-receipt) signed with the agency's key: signed once and kept,
    the same signed bytes on every later print. Without a key, or when the key cannot sign now, the unsigned
    document (it must print whatever the token does; the failure is logged)."""
    kept = SignedDocument.objects.select_related("file").filter(dossier=dossier, purpose=purpose).first()
    if kept is not None:
        return _read(kept.file)
    key = selectors.key_for(agency) if agency is not None else None
    if key is None:
        return pdf
    try:
        with transaction.atomic():
            signed = sign_document(pdf=pdf, key=key, reason=reason, purpose=purpose, dossier=dossier)
    except SignatureRefused as error:
        log.warning("%s of dossier %s printed unsigned: %s", purpose, dossier.pk, error.code)
        return pdf
    except IntegrityError:  # printed twice at once: the other print's signed copy is the one
        signed = SignedDocument.objects.select_related("file").get(dossier=dossier, purpose=purpose)
    return _read(signed.file)


def _read(stored: StoredFile) -> bytes:
    with stored.file.open("rb") as file:
        data: bytes = file.read()
    return data


def check_dossier_uploads(event: BaseDossierEvent) -> None:
    """Subscriber: verify each PDF of the dossier not yet checked and keep its mark (signed/unsigned/broken).
    Run again (the worker retries), it checks only what is left."""
    ids = list(
        StoredFile.objects.filter(dossier_documents__dossier_id=event.dossier_id, content_type=PDF)
        .exclude(pk__in=FileSignatureCheck.objects.values("file_id"))
        .values_list("pk", flat=True)
        .distinct()
    )
    for file_id in ids:
        check_file(file_id=file_id)


def check_file(*, file_id: int) -> FileSignatureCheck | None:
    """Verify one stored PDF and keep its mark; None when it is not a PDF or is gone."""
    stored = StoredFile.objects.filter(pk=file_id, content_type=PDF).first()
    if stored is None:
        return None
    try:
        with stored.file.open("rb") as file:
            data = file.read(settings.MAX_UPLOAD_MB * 1024 * 1024 + 1)
    except OSError:
        log.warning("stored file %s is missing on disk", file_id)
        return None
    # No OCSP/CRL request: this runs right after a reception's commit, and a citizen's CA may be slow or out of
    # reach; the mark needs only whether the signatures are intact. The verify page checks revocation.
    verdict = verify_pdf(data, fetch=False)
    first = verdict.signatures[0] if verdict.signatures else None
    check, _created = FileSignatureCheck.objects.update_or_create(
        file=stored,
        defaults={
            "mark": verdict.mark,
            "signer": ", ".join(s.signer_name for s in verdict.signatures)[:300],
            "trusted": first is not None and all(s.ok for s in verdict.signatures),
        },
    )
    return check


@transaction.atomic
def add_signing_key(
    *,
    agency: Agency,
    kind: str,
    path: str,
    secret_name: str,
    token_label: str = "",
    key_label: str = "",
    cert_label: str = "",
    tsa_url: str = "",
    location: str = "",
) -> SigningKey:
    """Set the agency's key (replacing the one it had). The PIN is not given here: it is the secret's."""
    if kind not in KeyKind.values:
        raise DossierError("signing_key_kind", _("The kind of key is pkcs12 or pkcs11."))
    if kind == KeyKind.PKCS11 and not token_label:
        raise DossierError("signing_key_token", _("A PKCS#11 key needs the token's label."))
    key, _created = SigningKey.objects.select_for_update().update_or_create(
        agency=agency,
        defaults={
            "kind": kind,
            "path": path[:500],
            "secret_name": secret_name[:60],
            "token_label": token_label[:100],
            "key_label": key_label[:100],
            "cert_label": cert_label[:100],
            "tsa_url": tsa_url[:300],
            "location": location[:200],
        },
    )
    return key
