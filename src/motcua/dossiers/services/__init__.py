"""Writes to dossiers, one function per use case."""

from motcua.dossiers.services.access import allowed_now
from motcua.dossiers.services.errors import Conflict, DossierError, Forbidden, NotFound
from motcua.dossiers.services.intake import (
    ApplicantInput,
    DocumentInput,
    FeeInput,
    receive_dossier,
)
from motcua.dossiers.services.online import act_as_applicant, submit_online
from motcua.dossiers.services.transitions import perform_action
from motcua.dossiers.services.visits import VisitInput, record_visit

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
