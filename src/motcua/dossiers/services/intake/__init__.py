"""Reception: a dossier is received at a counter (or recorded as submitted online) with a code and an appointment.
`opening.open_dossier` writes a new dossier for every way in: the counter and other systems
(`counter.receive_dossier`), a citizen's own online submission (`online.submit_online`)."""

from motcua.dossiers.services.intake.counter import published_version, receive_dossier, receiving_agency
from motcua.dossiers.services.intake.inputs import ApplicantInput, DocumentInput, FeeInput
from motcua.dossiers.services.intake.opening import (
    attach_documents,
    open_dossier,
    require_applicant,
    upsert_applicant,
)

__all__ = [
    "ApplicantInput",
    "DocumentInput",
    "FeeInput",
    "attach_documents",
    "open_dossier",
    "published_version",
    "receive_dossier",
    "receiving_agency",
    "require_applicant",
    "upsert_applicant",
]
