"""Reading the catalog: search and browse, a procedure's page, processes, export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Max, Prefetch, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.db.models.lookups import Contains, StartsWith

from motcua.catalog import search_index
from motcua.catalog.importers.records import (
    ChannelRecord,
    Deadline,
    DocumentRecord,
    Fee,
    LegalBasisRecord,
    ProcedureRecord,
)
from motcua.catalog.models import (
    AgencyProcedure,
    Channel,
    Field,
    ProcedureChannel,
    ProcedureVersion,
    Process,
    VersionStatus,
)
from motcua.catalog.processes import StepBudget, default_steps
from motcua.core import cursors, text
from motcua.core.models import Agency


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    field_id: int | None = None
    agency_id: int | None = None
    level: str = ""
    online_level: str = ""  # full | partial | none, or "any": full or partial (can be submitted online)
    include_drafts: bool = False  # staff: the latest version of each procedure, drafts included


@dataclass
class Page:
    items: list[ProcedureVersion]
    next_cursor: str | None
    total: int | None = None  # how many match, when asked (the first page of the public catalog)


def visible_versions(*, include_drafts: bool) -> QuerySet[ProcedureVersion]:
    """Citizens see published versions; staff see the latest version of every procedure."""
    if include_drafts:
        return ProcedureVersion.objects.filter(is_latest=True)
    return ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)


def search_procedures(
    filters: SearchFilters, *, cursor: str | None = None, limit: int = 30, with_total: bool = False
) -> Page:
    """One page of procedures, best matches first, then in Vietnamese alphabetical order.

    Keyset pagination on (rank, name_sort, id): no page ever counts or skips over the rows before it.
    """
    qs = visible_versions(include_drafts=filters.include_drafts)
    words = text.fold(filters.query).split()
    qs = search_index.filter_words(qs, words)
    if filters.field_id:
        qs = qs.filter(field_id=filters.field_id)
    if filters.agency_id:
        qs = qs.filter(procedure__agency_links__agency_id=filters.agency_id, procedure__agency_links__is_active=True)
    if filters.level:
        qs = qs.filter(levels__contains=filters.level)
    if filters.online_level == "any":
        qs = qs.exclude(online_level="none").filter(channels__channel="online")
    elif filters.online_level:
        qs = qs.filter(online_level=filters.online_level)
    total = qs.count() if with_total else None  # a catalog holds a few thousand procedures: cheap, yet only asked
    qs = qs.annotate(rank=_rank(words))
    if cursor:
        rank, name_sort, pk = _decode_cursor(cursor)
        qs = qs.filter(
            Q(rank__gt=rank) | Q(rank=rank, name_sort__gt=name_sort) | Q(rank=rank, name_sort=name_sort, pk__gt=pk)
        )
    rows = list(
        qs.select_related("procedure", "field")
        .prefetch_related(Prefetch("channels", queryset=ProcedureChannel.objects.order_by("id")))
        .order_by("rank", "name_sort", "pk")[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = _encode_cursor(rows[-1]) if more and rows else None
    return Page(items=rows, next_cursor=next_cursor, total=total)


def _rank(words: list[str]) -> Case | Value:
    """Best first: the code; the words as typed, whole, at the start of the name, then anywhere in it; every word
    whole in the name; then the same as parts of words ("ket hon" is "kết hôn" before "nông thôn"); the rest
    matched outside the name. Folded names are words separated by single spaces, so a word is whole when it
    stands between spaces of the name padded with one on each side."""
    if not words:
        return Value(0, output_field=IntegerField())
    phrase = " ".join(words)
    padded = Concat(Value(" "), "name_folded", Value(" "), output_field=TextField())
    whole_words = [Contains(padded, Value(f" {word} ")) for word in words]
    part_words = [Contains(F("name_folded"), Value(word)) for word in words]
    return Case(
        When(procedure__code=phrase.replace(" ", "."), then=Value(0)),
        When(StartsWith(padded, Value(f" {phrase} ")), then=Value(1)),
        When(Contains(padded, Value(f" {phrase} ")), then=Value(2)),
        When(Q(*whole_words), then=Value(3)),
        When(Contains(F("name_folded"), Value(phrase)), then=Value(4)),
        When(Q(*part_words), then=Value(5)),
        default=Value(6),
        output_field=IntegerField(),
    )


def _encode_cursor(version: ProcedureVersion) -> str:
    return cursors.encode(version.rank, version.name_sort, version.pk)


def _decode_cursor(cursor: str) -> tuple[int, str, int]:
    rank, name_sort, pk = cursors.decode(cursor, int, str, int)
    return rank, name_sort, pk  # type: ignore[return-value]


def get_version(code: str, *, include_drafts: bool = False, number: int | None = None) -> ProcedureVersion | None:
    """The version shown on a procedure's page, with everything the page needs, or None."""
    qs = ProcedureVersion.objects.filter(procedure__code=code)
    if number is not None and include_drafts:
        qs = qs.filter(number=number)
    else:
        qs = qs.filter(is_latest=True) if include_drafts else qs.filter(status=VersionStatus.PUBLISHED)
    return (
        qs.select_related("procedure", "field", "procedure__published_version")
        .prefetch_related(
            Prefetch("channels", queryset=ProcedureChannel.objects.order_by("id").prefetch_related("fees")),
            "documents",
            "legal_basis",
        )
        .first()
    )


def fields_with_counts(*, include_drafts: bool = False) -> list[Field]:
    """Fields that have procedures, each with `procedure_count`, in Vietnamese order."""
    counts = dict(
        visible_versions(include_drafts=include_drafts)
        .values_list("field_id")
        .annotate(n=Count("id"))
        .values_list("field_id", "n")
    )
    fields = Field.objects.filter(pk__in=[k for k in counts if k]).order_by("name_sort")
    for f in fields:
        f.procedure_count = counts[f.pk]
    return list(fields)


def agencies_with_counts(*, include_drafts: bool = False) -> list[Agency]:
    """Agencies that implement published procedures, each with `procedure_count`, in Vietnamese order."""
    versions = visible_versions(include_drafts=include_drafts).values("procedure_id")
    counts = dict(
        AgencyProcedure.objects.filter(is_active=True, procedure_id__in=versions)
        .values_list("agency_id")
        .annotate(n=Count("id"))
        .values_list("agency_id", "n")
    )
    agencies = list(Agency.objects.filter(pk__in=counts).order_by("name_sort"))
    for agency in agencies:
        agency.procedure_count = counts[agency.pk]
    return agencies


def implementing_agencies(version: ProcedureVersion) -> list[Agency]:
    return list(
        Agency.objects.filter(
            procedure_links__procedure_id=version.procedure_id, procedure_links__is_active=True
        ).order_by("name_sort")
    )


@dataclass
class ProcessView:
    agency: Agency | None
    channel: str  # "" = every channel
    steps: list[StepBudget]
    is_default: bool

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label) if self.channel else ""


def processes_for(version: ProcedureVersion) -> list[ProcessView]:
    """The internal processes defined for the procedure, or the default process per channel."""
    defined = (
        Process.objects.filter(procedure_id=version.procedure_id)
        .select_related("agency")
        .prefetch_related("steps")
        .order_by("agency__name_sort", "channel")
    )
    views = [
        ProcessView(
            agency=p.agency,
            channel=p.channel,
            steps=[
                StepBudget(str(s.position), s.public_name or s.name, s.role, s.budget_amount, s.budget_unit)
                for s in p.steps.all()
            ],
            is_default=False,
        )
        for p in defined
    ]
    if views:
        return views
    seen: dict[tuple, ProcessView] = {}
    for channel in version.channels.all():
        limit = (channel.deadline_amount, channel.deadline_unit or None) if channel.has_deadline else (None, None)
        if limit not in seen:
            seen[limit] = ProcessView(
                agency=None, channel=channel.channel, steps=default_steps(*limit), is_default=True
            )
    if len(seen) == 1:
        only = next(iter(seen.values()))
        only.channel = ""
    return list(seen.values())


# --- export ---------------------------------------------------------------------------------------


def version_to_record(version: ProcedureVersion) -> ProcedureRecord:
    """What a version says, in the interchange form (motcua-json, xlsx, content hashes)."""
    return ProcedureRecord(
        code=version.procedure.code,
        name=version.name,
        field=version.field.name if version.field else "",
        levels=version.level_list,
        agency=version.implementing_agency,
        competent_agency=version.competent_agency,
        coordinating_agency=version.coordinating_agency,
        delegated_agency=version.delegated_agency,
        reception_address=version.reception_address,
        target_groups=version.target_group_list,
        procedure_type=version.procedure_type,
        decision_number=version.decision_number,
        decided_on=version.decided_on.isoformat() if version.decided_on else "",
        steps=version.steps,
        channels=[
            ChannelRecord(
                channel=c.channel,
                deadline=(
                    Deadline(amount=_plain(c.deadline_amount), unit=c.deadline_unit or None, text=c.deadline_text)
                    if c.deadline_amount is not None or c.deadline_text
                    else None
                ),
                fees=[Fee(amount=f.amount, currency=f.currency, note=f.note, label=f.label) for f in c.fees.all()],
                note=c.note,
            )
            for c in version.channels.all()
        ],
        documents=[
            DocumentRecord(name=d.name, originals=d.originals, copies=d.copies, form=d.form_name, note=d.note)
            for d in version.documents.all()
        ],
        result=version.result,
        conditions=version.conditions,
        legal_basis=[
            LegalBasisRecord(
                code=b.code, title=b.title, issued_on=b.issued_on.isoformat() if b.issued_on else "", issuer=b.issuer
            )
            for b in version.legal_basis.all()
        ],
        online_level=version.online_level,
        source=version.source,
        source_url=version.source_url,
    )


def _plain(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else amount.normalize()


def export_records(*, include_drafts: bool = False, chunk: int = 200) -> Iterator[ProcedureRecord]:
    """Every visible procedure as a record, in code order, a chunk at a time."""
    qs = (
        visible_versions(include_drafts=include_drafts)
        .select_related("procedure", "field")
        .prefetch_related(
            Prefetch("channels", queryset=ProcedureChannel.objects.order_by("id").prefetch_related("fees")),
            "documents",
            "legal_basis",
        )
        .order_by("procedure__code")
    )
    for version in qs.iterator(chunk_size=chunk):
        yield version_to_record(version)


def catalog_stamp() -> str:
    """Changes whenever a procedure is published or withdrawn (published versions never change), for the keys of
    caches of what is read from the catalog: one query."""
    stamps = ProcedureVersion.objects.aggregate(published=Max("published_at"), withdrawn=Max("withdrawn_at"))
    return "-".join(f"{v:%Y%m%d%H%M%S%f}" if v else "0" for v in (stamps["published"], stamps["withdrawn"]))
