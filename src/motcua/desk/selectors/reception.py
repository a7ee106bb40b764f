"""Reads for the reception counter: the procedures this officer receives for, a procedure's checklist and fees,
the applicant found by ID number with their stored documents, and which uploads may be attached."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch

from motcua.catalog.models import AgencyProcedure, Channel, ChannelFee, ProcedureChannel, ProcedureVersion
from motcua.catalog.selectors import _rank, visible_versions
from motcua.core import text
from motcua.core.models import Agency, Role
from motcua.core.selectors import Staffing
from motcua.dossiers.models import Applicant, DossierDocument, StoredFile
from motcua.dossiers.services.access import Access
from motcua.dossiers.services.clock import plan_steps
from motcua.dossiers.services.counter_files import usable_at_counter

RESULTS = 12  # what fits beside the form without scrolling
STORED_FILES = 40
COUNTER_CHANNELS = (Channel.COUNTER, Channel.POSTAL)  # what a counter receives (online goes through the portal)


def receiving_agency_ids(access: Access) -> set[int]:
    """The agencies this officer receives dossiers for."""
    return access.by_role.get(Role.COUNTER_OFFICER, set())


def _ours(agency_ids: set[int]):
    return Exists(
        AgencyProcedure.objects.filter(procedure_id=OuterRef("procedure_id"), is_active=True, agency_id__in=agency_ids)
    )


def search(*, access: Access, query: str, limit: int = RESULTS) -> list[ProcedureVersion]:
    """Published procedures of the officer's agencies matching a name or code, diacritics and case ignored;
    ranked as the public catalog ranks them (code, then name starting with the words, ...). One query."""
    words = text.fold(query).split()
    agency_ids = receiving_agency_ids(access)
    if not words or not agency_ids:
        return []
    qs = visible_versions(include_drafts=False).filter(_ours(agency_ids))
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return list(
        qs.annotate(rank=_rank(words))
        .select_related("procedure", "field")
        .only("id", "name", "name_sort", "procedure__code", "field__name")
        .order_by("rank", "name_sort", "pk")[:limit]
    )


@dataclass
class ReceptionProcedure:
    version: ProcedureVersion
    agencies: list[Agency]  # those handling it that this officer receives for
    channels: list[ProcedureChannel]  # counter and postal, with their fees

    @property
    def code(self) -> str:
        return self.version.procedure.code

    def channel(self, value: str) -> ProcedureChannel | None:
        return next((c for c in self.channels if c.channel == value), None)


def procedure_for_reception(*, access: Access, code: str) -> ReceptionProcedure | None:
    """The published version with its checklist and fees, if one of the officer's agencies handles it."""
    agency_ids = receiving_agency_ids(access)
    version = (
        visible_versions(include_drafts=False)
        .filter(procedure__code=code.strip())
        .select_related("procedure", "field")
        .prefetch_related(
            Prefetch(
                "channels",
                queryset=ProcedureChannel.objects.filter(channel__in=COUNTER_CHANNELS)
                .order_by("id")
                .prefetch_related(Prefetch("fees", queryset=ChannelFee.objects.order_by("id"))),
            ),
            "documents",
        )
        .first()
    )
    if version is None or not agency_ids:
        return None
    agencies = list(
        Agency.objects.filter(
            pk__in=agency_ids,
            procedure_links__procedure_id=version.procedure_id,
            procedure_links__is_active=True,
        ).order_by("name_sort")
    )
    if not agencies:
        return None
    return ReceptionProcedure(version=version, agencies=agencies, channels=list(version.channels.all()))


def on_the_spot(channel: ProcedureChannel | None) -> bool:
    """Resolved on the spot (giải quyết ngay): no more than a working day, or published as "ngay"."""
    if channel is None:
        return False
    amount, unit = channel.deadline_amount, channel.deadline_unit
    if amount is not None and unit:
        return (unit == "working_hour" and amount <= 8) or (unit in {"working_day", "calendar_day"} and amount <= 1)
    folded = f" {text.fold(channel.deadline_text)} "
    return " ngay " in folded and " ngay lam viec " not in folded


ID_NUMBER_LENGTHS = {9, 10, 12, 13, 14}  # CMND 9, CCCD 12; tax code 10, or 13 with a branch (10-3)


def normalise_id_number(raw: str) -> str:
    return "".join(ch for ch in (raw or "") if ch.isdigit() or ch == "-").strip("-")


def looks_like_id_number(value: str) -> bool:
    digits = value.replace("-", "")
    return digits.isdigit() and len(value) in ID_NUMBER_LENGTHS


def applicant_by_number(id_number: str) -> Applicant | None:
    if not looks_like_id_number(id_number):
        return None
    return Applicant.objects.filter(id_number=id_number).first()


def stored_files(applicant: Applicant | None, *, officer, limit: int = STORED_FILES) -> list[StoredFile]:
    """The applicant's store of digitised documents handed in with earlier dossiers, newest first (not the scans
    uploaded for the dossier being received now): only those the officer's agencies hold."""
    if applicant is None:
        return []
    return list(
        StoredFile.objects.filter(usable_at_counter(officer=officer, id_number=applicant.id_number))
        .filter(applicant=applicant)
        .filter(Exists(DossierDocument.files.through.objects.filter(storedfile_id=OuterRef("pk"))))
        .only("id", "title", "original_name", "content_type", "size", "uploaded_at", "file", "applicant_id")
        .order_by("-uploaded_at", "-id")[:limit]
    )


def attachable_files(*, user, id_number: str, file_ids: set[int]) -> dict[int, StoredFile]:
    """Of these files, those this officer may attach for the applicant with this ID number (this reception's):
    their own new scans, or the applicant's stored documents one of the officer's agencies holds."""
    if not file_ids:
        return {}
    usable = usable_at_counter(officer=user, id_number=id_number)
    return {f.pk: f for f in StoredFile.objects.filter(usable, pk__in=file_ids).only("id", "title", "original_name")}


@dataclass(frozen=True)
class NobodyNext:
    """An agency of the form whose next step (after reception) nobody may take."""

    agency: str
    step: str
    role: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


def nobody_next(procedure: ReceptionProcedure) -> list[NobodyNext]:
    """For each agency and channel of the form: the step after reception, when nobody may take it."""
    staffing = Staffing()
    found: dict[tuple[str, str], NobodyNext] = {}
    for agency in procedure.agencies:
        for channel in procedure.channels or [None]:
            plan = plan_steps(
                version=procedure.version, agency=agency, channel=channel.channel if channel else Channel.COUNTER
            )
            if len(plan) > 1 and not staffing.can_act(plan[1].role, plan[1].agency.pk):
                step = plan[1]
                found.setdefault((step.agency.name, step.role), NobodyNext(step.agency.name, step.name, step.role))
    return list(found.values())
