"""Writing procedure versions: from a record, as a new draft, publish, withdraw."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.freshness import catalog_changed
from motcua.catalog.importers.fees import is_doubtful
from motcua.catalog.importers.records import ProcedureRecord
from motcua.catalog.models import (
    ChannelFee,
    Field,
    LegalBasis,
    Procedure,
    ProcedureChannel,
    ProcedureVersion,
    RequiredDocument,
    VersionStatus,
)
from motcua.catalog.selectors import version_to_record
from motcua.core import text


class VersionError(Exception):
    """A change to the catalog that the rules do not allow; the message is for the user."""


def field_for(*, name: str, cache: dict[str, Field] | None = None) -> Field | None:
    """The field (lĩnh vực) of that name, created on first use; names compare without diacritics."""
    name = text.clean(name, keep_newlines=False)
    if not name:
        return None
    key = text.fold(name)
    if cache is not None and key in cache:
        return cache[key]
    found = Field.objects.filter(name_folded=key).first() or Field.objects.create(name=name)
    if cache is not None:
        cache[key] = found
    return found


def search_text_of(*, version: ProcedureVersion, code: str, field_name: str) -> str:
    parts = [code, version.name, field_name, version.implementing_agency, version.competent_agency]
    return " ".join(text.fold(p) for p in parts if p)


def create_version_from_record(
    *,
    record: ProcedureRecord,
    procedure: Procedure | None = None,
    publish: bool,
    user=None,
    field_cache: dict[str, Field] | None = None,
    content_hash: str | None = None,
) -> ProcedureVersion:
    """Add a version saying what the record says; the procedure is created on first sight.

    Must run inside a transaction: the previous latest version loses its flag before the new one is written,
    so the one-latest and one-published constraints hold at every statement.
    """
    if procedure is None:
        procedure = Procedure.objects.create(code=record.code)
    previous = procedure.latest_version
    if previous:
        # The new version takes over; an unpublished draft overtaken this way is kept for the record only.
        status = {"status": VersionStatus.SUPERSEDED} if previous.status == VersionStatus.DRAFT else {}
        ProcedureVersion.objects.filter(pk=previous.pk).update(is_latest=False, **status)
    if publish and procedure.published_version_id:
        ProcedureVersion.objects.filter(pk=procedure.published_version_id).update(status=VersionStatus.SUPERSEDED)
    version = _new_version(
        record,
        procedure,
        (previous.number + 1) if previous else 1,
        field_for(name=record.field, cache=field_cache),
        publish=publish,
        user=user,
        content_hash=content_hash or record.content_hash(),
    )
    version.save()
    _write_children([(version, record)])
    procedure.latest_version = version
    if publish:
        procedure.published_version = version
        catalog_changed()
    procedure.save(update_fields=["latest_version", "published_version"])
    return version


def create_procedures_from_records(
    *,
    records: list[tuple[ProcedureRecord, str]],
    publish: bool,
    user=None,
    field_cache: dict[str, Field] | None = None,
) -> list[ProcedureVersion]:
    """Create new procedures with their first versions, a batch at a time: the same rows as
    `create_version_from_record`, written with one statement per table instead of one per procedure."""
    procedures = Procedure.objects.bulk_create([Procedure(code=record.code) for record, _hash in records])
    versions = [
        _new_version(
            record,
            procedure,
            1,
            field_for(name=record.field, cache=field_cache),
            publish=publish,
            user=user,
            content_hash=digest,
        )
        for procedure, (record, digest) in zip(procedures, records, strict=True)
    ]
    ProcedureVersion.objects.bulk_create(versions)
    _write_children([(version, record) for version, (record, _hash) in zip(versions, records, strict=True)])
    for procedure, version in zip(procedures, versions, strict=True):
        procedure.latest_version = version
        procedure.published_version = version if publish else None
    Procedure.objects.bulk_update(procedures, ["latest_version", "published_version"])
    return versions


def _new_version(
    record: ProcedureRecord,
    procedure: Procedure,
    number: int,
    field: Field | None,
    *,
    publish: bool,
    user,
    content_hash: str,
) -> ProcedureVersion:
    version = ProcedureVersion(
        procedure=procedure,
        number=number,
        status=VersionStatus.PUBLISHED if publish else VersionStatus.DRAFT,
        published_at=timezone.now() if publish else None,
        name=text.clean(record.name, keep_newlines=False),
        field=field,
        levels=",".join(record.levels),
        procedure_type=record.procedure_type,
        implementing_agency=record.agency,
        competent_agency=record.competent_agency,
        coordinating_agency=record.coordinating_agency,
        delegated_agency=record.delegated_agency,
        reception_address=record.reception_address,
        target_groups="\n".join(record.target_groups),
        steps=record.steps,
        result=record.result,
        conditions=record.conditions,
        online_level=record.online_level,
        decision_number=record.decision_number,
        decided_on=_date_or_none(record.decided_on),
        source=record.source,
        source_url=record.source_url,
        content_hash=content_hash,
        created_by=user,
    )
    version.name_folded = text.fold(version.name)
    version.name_sort = text.sort_key(version.name)
    version.search_text = search_text_of(version=version, code=record.code, field_name=field.name if field else "")
    return version


def _write_children(pairs: list[tuple[ProcedureVersion, ProcedureRecord]]) -> None:
    """Channels, fees, documents and legal basis of saved versions: one insert per table."""
    channel_rows = [
        (
            ProcedureChannel(
                version=version,
                channel=c.channel,
                note=c.note,
                deadline_amount=c.deadline.amount if c.deadline else None,
                deadline_unit=(c.deadline.unit or "") if c.deadline and c.deadline.amount is not None else "",
                deadline_text=c.deadline.text if c.deadline else "",
            ),
            c,
        )
        for version, record in pairs
        for c in record.channels
    ]
    ProcedureChannel.objects.bulk_create([row for row, _c in channel_rows])
    ChannelFee.objects.bulk_create(
        [
            ChannelFee(
                channel=row,
                label=f.label,
                amount=f.amount,
                currency=f.currency[:3],
                note=f.note,
                needs_review=is_doubtful(f.amount, f.currency[:3]),
            )
            for row, c in channel_rows
            for f in c.fees
        ]
    )
    RequiredDocument.objects.bulk_create(
        [
            RequiredDocument(
                version=version,
                position=i,
                name=d.name,
                originals=d.originals,
                copies=d.copies,
                form_name=d.form,
                note=d.note,
            )
            for version, record in pairs
            for i, d in enumerate(record.documents, start=1)
        ]
    )
    LegalBasis.objects.bulk_create(
        [
            LegalBasis(
                version=version,
                position=i,
                code=b.code,
                title=b.title,
                issued_on=_date_or_none(b.issued_on),
                issuer=b.issuer,
            )
            for version, record in pairs
            for i, b in enumerate(record.legal_basis, start=1)
        ]
    )


def _date_or_none(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@transaction.atomic
def publish_version(*, version: ProcedureVersion) -> ProcedureVersion:
    """Make this version the one citizens see; the one published before is superseded."""
    procedure = Procedure.objects.select_for_update().get(pk=version.procedure_id)
    version.refresh_from_db(fields=["status", "is_latest"])
    if version.status != VersionStatus.DRAFT:
        raise VersionError(
            _("Only a draft can be published; this version is %(status)s.") % {"status": version.get_status_display()}
        )
    if not version.is_latest:
        raise VersionError(_("A newer version of this procedure exists; publish that one instead."))
    if procedure.published_version_id:
        ProcedureVersion.objects.filter(pk=procedure.published_version_id).update(status=VersionStatus.SUPERSEDED)
    now = timezone.now()
    ProcedureVersion.objects.filter(pk=version.pk).update(status=VersionStatus.PUBLISHED, published_at=now)
    version.status, version.published_at = VersionStatus.PUBLISHED, now
    procedure.published_version = version
    procedure.save(update_fields=["published_version"])
    catalog_changed()
    return version


@transaction.atomic
def withdraw_procedure(*, procedure: Procedure) -> None:
    """Withdraw (bãi bỏ) a procedure: citizens no longer see it; its versions stay for the dossiers."""
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if not procedure.published_version_id:
        raise VersionError(_("This procedure is not published."))
    ProcedureVersion.objects.filter(pk=procedure.published_version_id).update(
        status=VersionStatus.WITHDRAWN, withdrawn_at=timezone.now()
    )
    procedure.published_version = None
    procedure.save(update_fields=["published_version"])
    catalog_changed()


@transaction.atomic
def start_new_draft(*, procedure: Procedure, user=None) -> ProcedureVersion:
    """Copy the latest version into a new draft that an administrator can edit."""
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    latest = procedure.latest_version
    if latest is not None and latest.status == VersionStatus.DRAFT:
        return latest
    record = version_to_record(latest) if latest else None
    if record is None:
        raise VersionError(_("This procedure has no version to start from."))
    return create_version_from_record(record=record, procedure=procedure, publish=False, user=user)


def refresh_draft(*, version: ProcedureVersion) -> None:
    """After an administrator edited a draft: recompute what search and re-imports compare with."""
    if version.status != VersionStatus.DRAFT:
        raise VersionError(_("A version that is no longer a draft cannot be changed; make a new version."))
    version.name = text.clean(version.name, keep_newlines=False)
    version.name_folded = text.fold(version.name)
    version.name_sort = text.sort_key(version.name)
    version.search_text = search_text_of(
        version=version, code=version.procedure.code, field_name=version.field.name if version.field else ""
    )
    version.content_hash = version_to_record(version).content_hash()
    version.save()
