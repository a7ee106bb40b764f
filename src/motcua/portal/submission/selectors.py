"""What the e-form shows: the procedure's documents with the files attached so far, the fees of the online
channel, the agencies to choose from, the citizen's documents to pick."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from motcua.accounts.models import Draft
from motcua.accounts.selectors import reusable_files
from motcua.catalog.documents import is_optional
from motcua.catalog.models import ChannelFee, OnlineLevel, ProcedureChannel, ProcedureVersion, VersionStatus
from motcua.core.models import Agency, User
from motcua.dossiers.models import StoredFile
from motcua.dossiers.services.online import online_agencies

OTHER = 0  # the slot for any other paper the citizen wants to add (optional)


@dataclass
class Slot:
    """One required document (thành phần hồ sơ) of the e-form."""

    position: int
    name: str
    originals: int
    copies: int
    optional: bool
    form_name: str = ""
    files: list[StoredFile] = field(default_factory=list)
    error: str = ""  # what the last post said about it


@dataclass
class EForm:
    draft: Draft
    version: ProcedureVersion
    slots: list[Slot]
    agencies: list[Agency]
    fees: list[ChannelFee]
    deadline: ProcedureChannel | None
    my_files: list[StoredFile]


def draft_of(*, user: User, draft_id: int) -> Draft | None:
    return Draft.objects.select_related("procedure").filter(pk=draft_id, citizen=user).first()


def online_version(procedure_code: str) -> ProcedureVersion | None:
    """The published version of a procedure that can be submitted online, with what the e-form needs."""
    return (
        ProcedureVersion.objects.filter(procedure__code=procedure_code, status=VersionStatus.PUBLISHED)
        .exclude(online_level=OnlineLevel.NONE)
        .filter(channels__channel="online")
        .select_related("procedure")
        .prefetch_related("documents", Prefetch("channels", ProcedureChannel.objects.prefetch_related("fees")))
        .first()
    )


def slots_of(version: ProcedureVersion) -> list[Slot]:
    """The e-form's documents. Each is required unless the catalog says "if any" or "in the case of"; a list where
    a third or more are such cases lists alternatives (the papers depend on the applicant's case), so none is
    required alone: the e-form asks for at least one and the desk checks the rest, as at the counter."""
    documents = list(version.documents.all())
    alternatives = len(documents) > 3 and 3 * sum(is_optional(d.name) for d in documents) >= len(documents)
    slots = [
        Slot(i, d.name, d.originals or 0, d.copies or 0, is_optional(d.name) or alternatives, d.form_name)
        for i, d in enumerate(documents, start=1)
    ]
    return [*slots, Slot(OTHER, "", 0, 0, True)]


def eform(*, draft: Draft, version: ProcedureVersion) -> EForm:
    """The e-form of a draft (a fixed number of queries whatever the documents)."""
    slots = slots_of(version)
    mine = {f.pk: f for f in reusable_files(draft.citizen).order_by("-uploaded_at", "-pk")[:300]}
    attached = {int(k): v for k, v in (draft.files or {}).items()}
    missing = {i for ids in attached.values() for i in ids if i not in mine}
    if missing:  # attached to this draft and no longer in the store's first page: still the citizen's
        mine |= reusable_files(draft.citizen).in_bulk(missing)
    for slot in slots:
        slot.files = [mine[i] for i in attached.get(slot.position, []) if i in mine]
    online = next((c for c in version.channels.all() if c.channel == "online"), None)
    return EForm(
        draft=draft,
        version=version,
        slots=slots,
        agencies=online_agencies(version.procedure_id),
        fees=list(online.fees.all()) if online else [],
        deadline=online,
        my_files=list(mine.values()),
    )
