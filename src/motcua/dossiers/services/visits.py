"""A counter visit that does not become a dossier: the applicant guided once in writing (Mẫu 02) or refused
because the procedure is not the agency's (Mẫu 03); recorded so that the centre can count and print them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.core import text
from motcua.core.models import Role, User
from motcua.dossiers.models import ReceptionNote
from motcua.dossiers.services.access import Access
from motcua.dossiers.services.errors import DossierError, Forbidden
from motcua.dossiers.services.intake import ApplicantInput, receiving_agency


@dataclass
class VisitInput:
    """A visit that does not become a dossier: guided in writing or refused at the counter."""

    procedure_code: str
    applicant: ApplicantInput
    reason: str
    items: list[str] = field(default_factory=list)  # the documents to complete (Mẫu 02)
    agency_code: str | None = None


@transaction.atomic
def record_visit(*, officer: User, kind: str, visit: VisitInput, now: datetime | None = None) -> ReceptionNote:
    """Guide once with Mẫu 02 (incomplete dossier: nothing is received) or refuse with Mẫu 03 (not ours)."""
    if kind not in {"guide", "refuse"}:
        raise DossierError("kind", _("A visit ends with guidance (Mẫu 02) or a refusal (Mẫu 03)."))
    if not visit.reason.strip():
        raise DossierError("missing_field", _("%(field)s is required.") % {"field": _("The reason")})
    if kind == "guide" and not [i for i in visit.items if i.strip()]:
        raise DossierError("missing_field", _("List the documents to complete."))
    version = (
        ProcedureVersion.objects.filter(procedure__code=visit.procedure_code, status=VersionStatus.PUBLISHED)
        .select_related("procedure")
        .first()
    )
    access = Access(officer)
    if kind == "guide" and version is None:
        raise DossierError(
            "unknown_procedure", _("No published procedure has the code %(code)s.") % {"code": visit.procedure_code}
        )
    agency = None
    if version is not None:
        try:
            agency = receiving_agency(version, visit.agency_code, access)
        except DossierError:
            if kind == "guide":
                raise
    if agency is None:  # refused as not ours: recorded at the officer's own agency
        assignment = officer.roles.filter(role=Role.COUNTER_OFFICER).select_related("agency").first()
        if assignment is None:
            raise Forbidden("forbidden", _("Only counter officers record visits."))
        agency = assignment.agency
    if Role.COUNTER_OFFICER not in access.roles_at(agency.pk):
        raise Forbidden("forbidden", _("You do not receive dossiers for %(agency)s.") % {"agency": agency.name})
    return ReceptionNote.objects.create(
        kind=kind,
        procedure=version.procedure if version else None,
        agency=agency,
        province_id=agency.province_id or agency.pk,
        applicant_name=text.clean(visit.applicant.name, keep_newlines=False),
        applicant_id_number=visit.applicant.id_number,
        applicant_phone=visit.applicant.phone,
        applicant_address=visit.applicant.address,
        items=[i.strip() for i in visit.items if i.strip()],
        reason=visit.reason.strip(),
        officer=officer,
        at=now or timezone.now(),
    )
