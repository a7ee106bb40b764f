"""Uploads: scans and results, checked by their content (not their name), size-limited, stored under
generated names with their SHA-256. A file no dossier uses is removed after a day (`motcua clean-uploads`)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from datetime import timedelta

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import User
from motcua.dossiers.models import Applicant, Dossier, StoredFile
from motcua.dossiers.services.errors import DossierError

ALLOWED = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/tiff": "tif",
    "image/webp": "webp",
}


def store_upload(
    *,
    data: bytes,
    original_name: str,
    title: str = "",
    user: User | None = None,
    applicant_id_number: str = "",
    owner: User | None = None,
) -> StoredFile:
    """Check and store one uploaded file; refuses what is not a PDF or an image, or is too large. `owner`: a
    citizen's own store of documents (kept until they remove it)."""
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if len(data) > limit:
        raise DossierError("file_too_large", _("The file is larger than %(mb)d MB.") % {"mb": settings.MAX_UPLOAD_MB})
    if not data:
        raise DossierError("file_empty", _("The file is empty."))
    kind = filetype.guess(data)
    if kind is None or kind.mime not in ALLOWED:
        raise DossierError("file_type", _("Only PDF files and images (JPEG, PNG, TIFF, WebP) can be attached."))
    applicant = Applicant.objects.filter(id_number=applicant_id_number).first() if applicant_id_number else None
    stored = StoredFile(
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content_type=kind.mime,
        original_name=original_name[-255:],
        title=title[:500],
        applicant=applicant,
        uploaded_by=user,
        owner=owner,
    )
    stored.file.save(f"{uuid.uuid4().hex}.{ALLOWED[kind.mime]}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            stored.save()
    except Exception:
        stored.file.delete(save=False)  # no orphan on disk when the row could not be written
        raise
    return stored


def clean_unused_uploads(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Remove uploads that no dossier, result, applicant's store or citizen's store uses; returns how many."""
    cutoff = timezone.now() - older_than
    unused = StoredFile.objects.filter(
        uploaded_at__lt=cutoff, applicant__isnull=True, owner__isnull=True, dossier_documents__isnull=True
    ).exclude(pk__in=_result_file_ids())
    count = 0
    for stored in unused:
        stored.file.delete(save=False)
        stored.delete()
        count += 1
    return count


def _result_file_ids() -> QuerySet[Dossier, Mapping[str, object]]:
    return Dossier.objects.filter(result_file__isnull=False).values("result_file_id")
