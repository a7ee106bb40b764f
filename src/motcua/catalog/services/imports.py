"""Importing a catalog file: idempotent, one bad record never blocks or half-writes the others."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from motcua.catalog.freshness import catalog_changed
from motcua.catalog.importers.records import Parsed, ParseStats, ProcedureRecord
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.services.agencies import attach_procedures_to_agencies
from motcua.catalog.services.versions import create_procedures_from_records, create_version_from_record, field_for

BATCH = 100  # records per transaction; each record also gets its own savepoint


@dataclass
class Failure:
    position: int
    code: str
    reason: str


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    new_version: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    attached: int = 0
    stats: ParseStats = field(default_factory=ParseStats)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return len(self.created) + len(self.new_version) + len(self.unchanged) + len(self.failed)

    @property
    def deadline_rate(self) -> float | None:
        s = self.stats
        return s.deadlines_parsed / s.deadlines_stated if s.deadlines_stated else None

    @property
    def document_rate(self) -> float | None:
        s = self.stats
        return s.documents_parsed / s.document_tables if s.document_tables else None


def import_catalog(
    *,
    parsed: Iterable[Parsed],
    publish: bool = True,
    attach: bool = True,
    user=None,
    on_record: Callable[[Parsed], None] | None = None,
) -> ImportReport:
    """Write every parsed record: a new procedure, a new version of a changed one, or nothing.

    `publish` makes new versions visible to citizens at once (records from the national database are
    already decided); without it they stay drafts for an administrator to check. `attach` links new and
    changed procedures to the agencies whose catalog names match their implementing agency.
    """
    started = time.perf_counter()
    report = ImportReport()
    latest_hash = dict(ProcedureVersion.objects.filter(is_latest=True).values_list("procedure__code", "content_hash"))
    field_cache: dict = {}
    seen: set[str] = set()
    batch: list[Parsed] = []

    def flush() -> None:
        with transaction.atomic():
            writes = [w for w in (_prepare(item, report, latest_hash, seen, field_cache) for item in batch) if w]
            _write_new([w for w in writes if w.known is None], report, publish=publish, user=user, cache=field_cache)
            for write in writes:
                if write.known is not None:
                    _write_one(write, report, publish=publish, user=user, field_cache=field_cache)
            for write in writes:
                latest_hash[write.record.code] = write.digest
        batch.clear()

    for item in parsed:
        report.stats = report.stats + item.stats
        if on_record:
            on_record(item)
        if item.record is None:
            report.failed.append(Failure(item.position, item.code, item.error))
            continue
        batch.append(item)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    if attach:
        changed = report.created + report.new_version
        report.attached = attach_procedures_to_agencies(codes=changed) if changed else 0
    if report.created or report.new_version:
        catalog_changed()
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class _Write:
    position: int
    record: ProcedureRecord
    digest: str
    known: str | None  # the content hash of the procedure's latest version; None for a new procedure


def _prepare(item: Parsed, report: ImportReport, latest_hash: dict, seen: set, field_cache: dict) -> _Write | None:
    """Check a record and decide: nothing to write (unchanged or refused), or what to write."""
    record = item.record
    if record.code in seen:
        report.failed.append(
            Failure(item.position, record.code, _("duplicate code in this file; the first one was imported"))
        )
        return None
    seen.add(record.code)
    problem = _problem(record)
    if problem:
        report.failed.append(Failure(item.position, record.code, problem))
        return None
    # Fields are shared by folded name ("Thi đua khen thưởng" is "Thi đua – Khen thưởng"): compare and store
    # the name the catalog already uses, so re-importing an export finds the procedure unchanged.
    canonical = field_for(name=record.field, cache=field_cache)
    if canonical is not None and canonical.name != record.field:
        record = replace(record, field=canonical.name)
    digest = record.content_hash()
    known = latest_hash.get(record.code)
    if known == digest:
        report.unchanged.append(record.code)
        return None
    return _Write(item.position, record, digest, known)


def _write_new(writes: list[_Write], report: ImportReport, *, publish: bool, user, cache: dict) -> None:
    """New procedures of a batch in one go; if the database refuses any of them, one at a time instead."""
    if not writes:
        return
    try:
        with transaction.atomic():
            create_procedures_from_records(
                records=[(w.record, w.digest) for w in writes], publish=publish, user=user, field_cache=cache
            )
    except (DatabaseError, ValueError, ValidationError):
        for write in writes:
            _write_one(write, report, publish=publish, user=user, field_cache=cache)
        return
    report.created.extend(w.record.code for w in writes)


def _write_one(write: _Write, report: ImportReport, **options) -> None:
    """One record in its own savepoint, so a refusal leaves nothing of it behind."""
    try:
        with transaction.atomic():
            procedure = None  # first sight: created with its first version
            if write.known is not None:
                procedure = Procedure.objects.select_related("latest_version").get(code=write.record.code)
            create_version_from_record(record=write.record, procedure=procedure, content_hash=write.digest, **options)
    except (DatabaseError, ValueError, ValidationError) as exc:
        report.failed.append(
            Failure(write.position, write.record.code, _("could not be saved: %(error)s") % {"error": exc})
        )
        write.digest = write.known  # nothing changed in the database
        return
    (report.new_version if write.known is not None else report.created).append(write.record.code)


def _problem(record) -> str:
    """What makes a record unfit for the catalog before anything is written, or ""."""
    code = record.code
    if len(code) > Procedure._meta.get_field("code").max_length or any(ch.isspace() for ch in code):
        return _("the code %(code)r is not a procedure code") % {"code": code[:40]}
    return ""
