"""Reads of the signatures app."""

from __future__ import annotations

from collections.abc import Iterable

from motcua.core.models import Agency
from motcua.dossiers.models import StoredFile
from motcua.signatures.models import FileSignatureCheck, SignedDocument, SigningKey


def key_for(agency: Agency) -> SigningKey | None:
    """The key of the agency, else of the nearest agency above it that has one (a division signs with its
    department's key)."""
    chain: list[int] = []
    current: Agency | None = agency
    while current is not None and len(chain) < 10:
        chain.append(current.pk)
        current = current.parent
    keys = {k.agency_id: k for k in SigningKey.objects.select_related("agency").filter(agency_id__in=chain)}
    return next((keys[pk] for pk in chain if pk in keys), None)


def signed_document(token: str) -> SignedDocument | None:
    if not token or len(token) > 32:
        return None
    return SignedDocument.objects.select_related("file", "dossier", "agency").filter(token=token).first()


def marks(file_ids: Iterable[int]) -> dict[int, FileSignatureCheck]:
    """The signature marks of these files, by file id (files not checked are absent)."""
    return {c.file_id: c for c in FileSignatureCheck.objects.filter(file_id__in=list(file_ids))}


def all_keys() -> list[SigningKey]:
    return list(SigningKey.objects.select_related("agency").order_by("agency__code"))


def attach_marks(files: list[StoredFile]) -> None:
    """Give each file `signature_mark` (its FileSignatureCheck or None) and `signed_document` (the centre's
    signature of it, or None), in two queries whatever the number of files."""
    ids = [f.pk for f in files]
    checks = marks(ids)
    signed = {d.file_id: d for d in SignedDocument.objects.filter(file_id__in=ids)}
    for stored in files:
        stored.signature_mark = checks.get(stored.pk)  # type: ignore[attr-defined]
        stored.signed_document = signed.get(stored.pk)  # type: ignore[attr-defined]
