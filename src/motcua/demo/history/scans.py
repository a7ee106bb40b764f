"""The demo's digitised papers: the scans of the input documents (kept in the applicant's store, some reused by a
later dossier of the same applicant) and the electronic results, as StoredFile rows with a real file each.

A real file for every row, under generated names, as `store_upload` would leave them; but tens of thousands of
small files would take a disk block each, so every file of the same content is a hard link to the first one
written (a copy where the file system cannot link). Each row keeps its own path: removing one file (a citizen
deleting a document, `motcua clean-uploads`) leaves the others whole.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext

from motcua.catalog.models import Channel
from motcua.core import text
from motcua.core.models import Role
from motcua.demo.history.people import Person
from motcua.demo.history.vocabulary import DIGITISED_AT_DESK, REUSED, STORE_LIMIT
from motcua.dossiers.models import StoredFile
from motcua.dossiers.services.files import UPLOADS_DIR

if TYPE_CHECKING:
    from motcua.demo.history.story import Story
    from motcua.demo.history.world import Staff

# What the same paper is called across procedures (folded words): a scan of one kind serves the next dossier
# that asks for that kind; other documents are the same paper only under the same name.
KINDS = (
    ("identity", ("can cuoc", "chung minh nhan dan", "ho chieu", "giay to tuy than", "giay to ca nhan")),
    ("land", ("quyen su dung dat",)),
    ("business", ("dang ky doanh nghiep", "dang ky ho kinh doanh", "dang ky kinh doanh", "ma so thue")),
    ("birth", ("giay khai sinh", "giay chung sinh")),
    ("marriage", ("ket hon", "tinh trang hon nhan")),
    ("residence", ("cu tru", "ho khau", "thuong tru", "tam tru")),
    ("building", ("giay phep xay dung", "ban ve")),
)


@dataclass(slots=True, eq=False)
class Scan:
    """One StoredFile row to write, with its file's content."""

    pk: int
    path: str  # relative to MEDIA_ROOT, as the FileField stores it
    content: Content
    title: str
    original_name: str
    uploaded_at: datetime
    uploaded_by_id: int
    applicant: Person | None  # in the applicant's store (input documents); None for a result
    agencies: set[int] = field(default_factory=set)  # agencies whose dossiers use it (who may reuse it)

    def row(self) -> dict:
        return {
            "id": self.pk,
            "file": self.path,
            "sha256": self.content.sha256,
            "size": len(self.content.data),
            "content_type": "application/pdf",
            "original_name": self.original_name,
            "title": self.title,
            "applicant_id": self.applicant.pk if self.applicant is not None else None,
            "uploaded_by_id": self.uploaded_by_id,
            "owner_id": None,
            "uploaded_at": self.uploaded_at,
        }


@dataclass(slots=True, eq=False)
class Content:
    data: bytes
    sha256: str
    name: str  # the file's original name
    first: str | None = None  # an absolute path already holding these bytes: the next files link to it


class Ids:
    """Primary keys of StoredFile handed out while a batch is lived (a result's id goes into its event's hash):
    on SQLite from max(id), the batch's transaction holding the write lock; on PostgreSQL from the sequence."""

    def __init__(self) -> None:
        self.next: int | None = None
        self.free: list[int] = []
        self.postgresql = connection.vendor == "postgresql"

    def start_batch(self) -> None:
        self.next, self.free = None, []

    def take(self) -> int:
        if self.postgresql:
            if not self.free:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, 256)",
                        [StoredFile._meta.db_table],
                    )
                    self.free = [row[0] for row in cursor.fetchall()][::-1]
            return self.free.pop()
        if self.next is None:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(StoredFile._meta.db_table)}"
                )
                self.next = cursor.fetchone()[0] + 1
        pk, self.next = self.next, self.next + 1
        return pk


class Scans:
    """The scans and results of one generation: decided while dossiers are lived, written with each batch."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ids = Ids()
        self.contents: dict[tuple[str, str], Content] = {}
        self.kinds: dict[str, str] = {}
        self.store: dict[str, dict[str, Scan]] = {}  # ID number -> kind of paper -> the latest scan of it
        self.new: list[Scan] = []  # this batch's rows
        self.written: list[str] = []  # this batch's files (removed if the batch fails)
        self.folders: set[str] = set()
        self.can_link = True

    def start_batch(self) -> None:
        self.ids.start_batch()
        self.new, self.written = [], []

    # -- deciding, while a dossier is lived --

    def digitise(self, story: Story, at: datetime) -> None:
        """The input documents' scans at reception: every document of an online dossier (the applicant uploaded
        them), most of those handed in on paper; a paper the applicant gave before, for a dossier of an agency
        whose desk may see it, is taken from their store instead of scanned again."""
        documents = story.documents
        if not documents or (story.d["channel"] != Channel.ONLINE and self.rng.random() >= DIGITISED_AT_DESK):
            return
        person, officer, agency_id = story.person, story.desk.officer, story.d["agency_id"]
        folder = _folder(at)
        stored = self.store.get(person.id_number, {})
        kept: dict[str, Scan] = {}
        for i, (name, _originals, _copies) in enumerate(documents):
            kind = self._kind(name)
            earlier = stored.get(kind)
            if earlier is not None and _may_use(officer, earlier) and self.rng.random() < REUSED:
                earlier.agencies.add(agency_id)
                story.scans[i] = [earlier]
                continue
            scan = self._scan(("scan", name), at, folder, officer.id, title=name, applicant=person, agency_id=agency_id)
            story.scans[i] = [scan]
            kept[kind] = scan
        if kept:
            self.store.setdefault(person.id_number, {}).update(kept)
            self.store[person.id_number] = self.store.pop(person.id_number)  # the most recent last
            while len(self.store) > STORE_LIMIT:
                del self.store[next(iter(self.store))]

    def result(self, story: Story, at: datetime, leader: Staff) -> int:
        """The signed result's file, uploaded by the leader who approves: its id."""
        key = ("result", story.offer_name)
        scan = self._scan(key, at, _folder(at), leader.id, title=gettext("Result"), applicant=None, agency_id=None)
        scan.original_name = f"ket-qua-{story.d['code']}.pdf"
        return scan.pk

    def _scan(
        self,
        key: tuple[str, str],
        at: datetime,
        folder: str,
        uploaded_by_id: int,
        *,
        title: str,
        applicant: Person | None,
        agency_id: int | None,
    ) -> Scan:
        content = self.contents.get(key)
        if content is None:
            heading = "BAN SO HOA" if key[0] == "scan" else "KET QUA GIAI QUYET THU TUC HANH CHINH"
            data = tiny_pdf([heading, *_wrap(text.fold(key[1]).upper() if key[0] == "result" else key[1])])
            content = self.contents[key] = Content(data, hashlib.sha256(data).hexdigest(), f"{_slug(key[1])}.pdf")
        scan = Scan(
            pk=self.ids.take(),
            path=f"{folder}/{os.urandom(16).hex()}.pdf",
            content=content,
            title=title[:500],
            original_name=content.name,
            uploaded_at=at,
            uploaded_by_id=uploaded_by_id,
            applicant=applicant,
        )
        if agency_id is not None:
            scan.agencies.add(agency_id)
        self.new.append(scan)
        return scan

    def _kind(self, name: str) -> str:
        kind = self.kinds.get(name)
        if kind is None:
            folded = text.fold(name)
            kind = next((k for k, words in KINDS if any(w in folded for w in words)), folded)
            self.kinds[name] = kind
        return kind

    # -- writing, with the batch --

    def write_files(self) -> None:
        """The files of this batch's new rows: the first of each content written, the others linked to it."""
        for scan in self.new:
            path = default_storage.path(scan.path)
            folder = os.path.dirname(path)
            if folder not in self.folders:
                os.makedirs(folder, exist_ok=True)
                self.folders.add(folder)
            content = scan.content
            if content.first is not None and self.can_link:
                try:
                    os.link(content.first, path)
                    self.written.append(path)
                    continue
                except OSError as exc:  # too many links to one file: start another; no links here: copy all
                    if exc.errno != errno.EMLINK:
                        self.can_link = False
            with open(path, "xb") as file:
                file.write(content.data)
            self.written.append(path)
            content.first = path

    def discard(self) -> None:
        """The batch failed: its files go too (no file without its row), and no later link points at them."""
        for path in self.written:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
        gone = set(self.written)
        for content in self.contents.values():
            if content.first in gone:
                content.first = None
        self.written = []


def _folder(at: datetime) -> str:
    """Where an upload of that moment goes (StoredFile.file's upload_to)."""
    return f"{UPLOADS_DIR}/{timezone.localtime(at):%Y/%m}"


def _may_use(officer: Staff, scan: Scan) -> bool:
    """As `usable_at_counter`: the applicant's paper is in a dossier of an agency this desk receives for."""
    return any(Role.COUNTER_OFFICER in officer.roles_at(a) for a in scan.agencies)


def _slug(title: str) -> str:
    return "-".join(text.fold(title).split())[:60].strip("-") or "tai-lieu"


def _wrap(line: str, width: int = 80, most: int = 12) -> Iterator[str]:
    words, current, lines = text.fold(line).split(), "", 0
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            yield current
            lines += 1
            if lines == most:
                return
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        yield current


def tiny_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF showing `lines` (ASCII) in Helvetica: a stand-in for a scanned paper."""
    escaped = [
        s.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") for s in lines
    ]
    stream = b"BT /F1 11 Tf 56 780 Td 14 TL " + b" ".join(b"(" + s + b") '" for s in escaped) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
