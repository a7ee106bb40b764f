"""Which stored files a counter officer may see and attach for the applicant in front of them: their own new
scans, and the applicant's stored documents that one of the officer's agencies holds (used in a dossier of that
agency, or scanned by one of its officers). Typing another person's ID number opens nobody else's papers."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from motcua.core.models import Role, RoleAssignment, User
from motcua.dossiers.models import DossierDocument
from motcua.dossiers.services.access import Access


def receiving_agencies(officer: User, access: Access | None = None) -> set[int]:
    return (access or Access(officer)).by_role.get(Role.COUNTER_OFFICER, set())


def usable_at_counter(*, officer: User, id_number: str, access: Access | None = None) -> Q:
    """The stored files this officer may attach to a dossier of the applicant with this ID number (`access`: the
    officer's roles when the caller has read them already)."""
    own_new = Q(uploaded_by=officer, applicant__isnull=True)
    id_number = id_number.strip()
    agencies = receiving_agencies(officer, access)
    if not id_number or not agencies:
        return own_new
    in_our_dossier = Exists(
        DossierDocument.files.through.objects.filter(
            storedfile_id=OuterRef("pk"), dossierdocument__dossier__agency_id__in=agencies
        )
    )
    scanned_by_us = Exists(RoleAssignment.objects.filter(user_id=OuterRef("uploaded_by_id"), agency_id__in=agencies))
    return own_new | (Q(applicant__id_number=id_number) & (Q(in_our_dossier) | Q(scanned_by_us)))


def refused_message() -> str:
    """One message whatever was refused: it tells nobody which file ids exist."""
    return _("Some selected documents cannot be used.")
