"""Uploads are never read whole into memory, a request body has a cap, and a citizen's account a quota."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import StoredFile
from motcua.dossiers.services.errors import DossierError
from motcua.dossiers.services.files import store_upload
from tests.citizens import PDF, make_citizen

BACKEND = "motcua.accounts.backends.CitizenBackend"


def pdf_of(size: int) -> bytes:
    return PDF + b"%" * (size - len(PDF))


class ChunksOnly(io.BytesIO):
    """A file that lets itself be read only in pieces, as a big upload on disk must be."""

    def read(self, size: int | None = -1) -> bytes:
        assert size is not None and 0 < size <= 1024 * 1024, "the whole file was read at once"
        return super().read(size)


@pytest.mark.django_db
def test_a_file_object_is_stored_reading_it_in_chunks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = pdf_of(3 * 1024 * 1024)
    stored = store_upload(data=ChunksOnly(content), original_name="scan.pdf")
    assert stored.size == len(content) and stored.sha256 == hashlib.sha256(content).hexdigest()
    with stored.file.open("rb") as kept:
        assert kept.read() == content


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_from_its_size_without_reading_it(settings):
    class Huge(io.BytesIO):
        size = (settings.MAX_UPLOAD_MB + 1) * 1024 * 1024

        def read(self, *args):
            raise AssertionError("a file over the limit was read")

    with pytest.raises(DossierError) as refused:
        store_upload(data=Huge(PDF), original_name="big.pdf")
    assert refused.value.code == "file_too_large" and not StoredFile.objects.exists()


@pytest.mark.django_db
def test_a_request_body_over_the_cap_is_refused_with_413_before_it_is_read(client, settings, tmp_path):
    settings.MEDIA_ROOT, settings.MAX_REQUEST_MB = tmp_path, 1
    user = make_citizen(phone="0987654321")
    client.force_login(user, backend=BACKEND)
    big = SimpleUploadedFile("big.pdf", pdf_of(1024 * 1024 + 10))
    response = client.post("/tai-khoan/tai-lieu/", {"title": "Sổ đỏ", "file": big})
    assert response.status_code == 413
    assert "Yêu cầu lớn hơn 1 MB" in response.content.decode()
    assert not StoredFile.objects.exists()


@pytest.mark.django_db
def test_a_citizens_account_has_a_storage_quota(client, settings, tmp_path):
    settings.MEDIA_ROOT, settings.CITIZEN_QUOTA_MB = tmp_path, 1
    user = make_citizen(phone="0987654321")
    client.force_login(user, backend=BACKEND)
    half = pdf_of(600 * 1024)
    first = client.post("/tai-khoan/tai-lieu/", {"title": "CCCD", "file": SimpleUploadedFile("a.pdf", half)})
    assert first.status_code == 302
    second = client.post("/tai-khoan/tai-lieu/", {"title": "Sổ đỏ", "file": SimpleUploadedFile("b.pdf", half)})
    assert second.status_code == 422
    assert "vượt quá 1 MB" in second.content.decode()
    assert StoredFile.objects.filter(owner=user).count() == 1


@pytest.mark.django_db
def test_clean_uploads_removes_old_files_with_no_row_and_keeps_the_rest(settings, tmp_path):
    """A crash between writing an upload and its row leaves a file nobody uses: removed after the grace period."""
    import os
    import time

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    kept = store_upload(data=PDF, original_name="kept.pdf", owner=make_citizen(phone="0987654321"))
    folder = tmp_path / "dossiers" / "2026" / "01"
    folder.mkdir(parents=True)
    orphan, fresh = folder / "orphan.pdf", folder / "fresh.pdf"
    orphan.write_bytes(PDF)
    fresh.write_bytes(PDF)  # its row may be being written right now
    other = tmp_path / "forms" / "mau.pdf"  # the catalog's files are not the uploads' to clean
    other.parent.mkdir()
    other.write_bytes(PDF)
    two_days_ago = time.time() - 2 * 86400
    for path in (orphan, other, tmp_path / kept.file.name):
        os.utime(path, (two_days_ago, two_days_ago))
    call_command("clean_uploads")
    assert not orphan.exists()
    assert fresh.exists() and other.exists() and (tmp_path / kept.file.name).exists()
