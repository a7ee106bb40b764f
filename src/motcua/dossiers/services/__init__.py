"""Writes to dossiers, one function per use case."""

from motcua.dossiers.services.errors import Conflict, DossierError, Forbidden, NotFound
from motcua.dossiers.services.intake import (
    ApplicantInput,
    DocumentInput,
    FeeInput,
    VisitInput,
    receive_dossier,
    record_visit,
)
from motcua.dossiers.services.online import act_as_applicant, submit_online
from motcua.dossiers.services.transitions import allowed_now, perform_action

__all__ = [
    "ApplicantInput",
    "Conflict",
    "DocumentInput",
    "DossierError",
    "FeeInput",
    "Forbidden",
    "NotFound",
    "VisitInput",
    "act_as_applicant",
    "allowed_now",
    "perform_action",
    "receive_dossier",
    "record_visit",
    "submit_online",
]
