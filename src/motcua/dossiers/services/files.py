"""Uploads: scans and results, checked by their content (not their name), size-limited, stored under
generated names with their SHA-256. A file no dossier uses is removed after a day, and so is a file on disk with
no row at all (`motcua clean-uploads`)."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import IO, TypeAlias

import filetype
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet, Sum
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


Upload: TypeAlias = "bytes | IO[bytes] | File[bytes]"
CHUNK = 64 * 1024


def _as_file(data: Upload) -> File[bytes]:
    if isinstance(data, bytes):
        return ContentFile(data)
    return data if isinstance(data, File) else File(data)


def _size(file: File[bytes]) -> int:
    """From the upload's own size when it has one (Django's uploads do): nothing is read to know it."""
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    file.seek(0, os.SEEK_END)
    size = int(file.tell())
    file.seek(0)
    return size


def store_upload(
    *,
    data: Upload,
    original_name: str,
    title: str = "",
    user: User | None = None,
    applicant_id_number: str = "",
    owner: User | None = None,
) -> StoredFile:
    """Check and store one uploaded file (bytes or a file object, read in chunks: never whole in memory); refuses
    what is not a PDF or an image, or is too large, or goes over a citizen's quota. `owner`: a citizen's own
    store of documents (kept until they remove it)."""
    file = _as_file(data)
    size = _size(file)
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if size > limit:
        raise DossierError("file_too_large", _("The file is larger than %(mb)d MB.") % {"mb": settings.MAX_UPLOAD_MB})
    if not size:
        raise DossierError("file_empty", _("The file is empty."))
    if owner is not None:
        check_quota(owner=owner, adding=size)
    file.seek(0)
    kind = filetype.guess(file.read(CHUNK))
    if kind is None or kind.mime not in ALLOWED:
        raise DossierError("file_type", _("Only PDF files and images (JPEG, PNG, TIFF, WebP) can be attached."))
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in file.chunks(CHUNK):
        digest.update(chunk)
    file.seek(0)
    applicant = Applicant.objects.filter(id_number=applicant_id_number).first() if applicant_id_number else None
    stored = StoredFile(
        sha256=digest.hexdigest(),
        size=size,
        content_type=kind.mime,
        original_name=original_name[-255:],
        title=title[:500],
        applicant=applicant,
        uploaded_by=user,
        owner=owner,
    )
    stored.file.save(f"{uuid.uuid4().hex}.{ALLOWED[kind.mime]}", file, save=False)
    try:
        with transaction.atomic():
            stored.save()
    except Exception:
        stored.file.delete(save=False)  # no orphan on disk when the row could not be written
        raise
    return stored


def check_quota(*, owner: User, adding: int) -> None:
    """A citizen's account holds at most MOTCUA_CITIZEN_QUOTA_MB of files (their store and what they submitted)."""
    quota = settings.CITIZEN_QUOTA_MB * 1024 * 1024
    used = StoredFile.objects.filter(owner=owner).aggregate(total=Sum("size"))["total"] or 0
    if used + adding > quota:
        raise DossierError(
            "quota",
            _(
                "Your documents would take more than the %(mb)d MB an account may keep. Remove documents you no "
                "longer need from My documents, then try again."
            )
            % {"mb": settings.CITIZEN_QUOTA_MB},
        )


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


UPLOADS_DIR = "dossiers"  # where StoredFile's files go (its upload_to); other folders are not ours to clean


def clean_orphan_files(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Remove files under the uploads folder that no StoredFile row names, older than `older_than` (a crash
    between writing the file and its row leaves one; a younger one may be an upload whose row is being
    written). Returns how many."""
    storage = default_storage
    cutoff = timezone.now() - older_than
    count = 0
    pending = [UPLOADS_DIR]
    while pending:
        folder = pending.pop()
        try:
            dirs, names = storage.listdir(folder)
        except FileNotFoundError:
            continue
        pending += [f"{folder}/{d}" for d in dirs]
        paths = [f"{folder}/{n}" for n in names]
        known = set(StoredFile.objects.filter(file__in=paths).values_list("file", flat=True))
        for path in paths:
            if path not in known and storage.get_modified_time(path) < cutoff:
                storage.delete(path)
                count += 1
    return count


def _result_file_ids() -> QuerySet[Dossier, Mapping[str, object]]:
    return Dossier.objects.filter(result_file__isnull=False).values("result_file_id")
