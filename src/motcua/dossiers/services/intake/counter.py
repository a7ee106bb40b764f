"""Reception at a counter (or of a dossier submitted online through another system): the procedure's published
version, the receiving agency, the applicant brought up to date, the dossier opened; resolved on the spot when
the officer can."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import AgencyProcedure, ProcedureVersion, VersionStatus
from motcua.core.models import Agency, Centre, Role, User
from motcua.dossiers.models import (
    Dossier,
    DossierStep,
    ReturnMethod,
)
from motcua.dossiers.services.access import Access
from motcua.dossiers.services.clock import begin_step, point_at
from motcua.dossiers.services.counter_files import usable_at_counter
from motcua.dossiers.services.errors import DossierError, Forbidden
from motcua.dossiers.services.history import append_event
from motcua.dossiers.services.intake.inputs import ApplicantInput, DocumentInput, FeeInput
from motcua.dossiers.services.intake.opening import open_dossier, require_applicant, upsert_applicant
from motcua.dossiers.states import State
from motcua.workdays.selectors import calendar_for


def receiving_agency(version: ProcedureVersion, agency_code: str | None, access: Access) -> Agency:
    links = AgencyProcedure.objects.filter(procedure_id=version.procedure_id, is_active=True).select_related("agency")
    linked = [link.agency for link in links]
    if agency_code:
        agency = next((a for a in linked if a.code == agency_code), None)
        if agency is None:
            raise DossierError(
                "not_our_procedure",
                _("Agency %(agency)s does not handle procedure %(code)s.")
                % {"agency": agency_code, "code": version.procedure.code},
            )
        return agency
    mine = [a for a in linked if Role.COUNTER_OFFICER in access.roles_at(a.pk)]
    if len(mine) == 1:
        return mine[0]
    if not mine:
        raise DossierError(
            "not_our_procedure",
            _("No agency you receive for handles procedure %(code)s.") % {"code": version.procedure.code},
        )
    codes = ", ".join(a.code for a in mine)
    raise DossierError(
        "choose_agency", _("Several agencies handle this procedure; choose one of: %(codes)s.") % {"codes": codes}
    )


def published_version(procedure_code: str) -> ProcedureVersion:
    """The version a new dossier is received under (kept by the dossier whatever is published later)."""
    version = (
        ProcedureVersion.objects.filter(procedure__code=procedure_code.strip(), status=VersionStatus.PUBLISHED)
        .select_related("procedure")
        .only("id", "name", "status", "procedure_id", "procedure__code")  # not the long texts: a reception is hot
        .prefetch_related("channels")
        .first()
    )
    if version is None:
        raise DossierError(
            "unknown_procedure", _("No published procedure has the code %(code)s.") % {"code": procedure_code}
        )
    return version


@transaction.atomic
def receive_dossier(
    *,
    officer: User,
    procedure_code: str,
    channel: str,
    applicant: ApplicantInput,
    documents: list[DocumentInput],
    agency_code: str | None = None,
    fees: Sequence[FeeInput] = (),
    return_method: str = ReturnMethod.COUNTER,
    return_address: str = "",
    resolve_now: bool = False,
    recheck_contact: bool = False,
    now: datetime | None = None,
) -> Dossier:
    """Receive a dossier at a counter (state received, with its appointment), or record one submitted online
    through another system (state submitted: the desk checks it, and its clock starts when the desk accepts it).
    `recheck_contact`: the officer checked a new phone or e-mail against the identity card in hand (see
    `upsert_applicant`)."""
    now = now or timezone.now()
    version = published_version(procedure_code)
    access = Access(officer)
    agency = receiving_agency(version, agency_code, access)
    if Role.COUNTER_OFFICER not in access.roles_at(agency.pk):
        raise Forbidden("forbidden", _("You do not receive dossiers for %(agency)s.") % {"agency": agency.name})
    online = channel == "online"
    require_applicant(applicant)
    # At a counter the officer has the applicant's identity card in hand: the record is brought up to date.
    who = upsert_applicant(applicant, checked_at=None if online else now, recheck_contact=recheck_contact)
    counter_id, centre_id = access.counter or (None, None)
    dossier, steps = open_dossier(
        version=version,
        agency=agency,
        channel=channel,
        applicant=applicant,
        who=who,
        documents=documents,
        fees=fees,
        return_method=return_method,
        return_address=return_address,
        # Only its id is needed (the calendar is cached by it; the dossier loads the row if ever asked).
        centre=Centre(pk=centre_id) if centre_id else None,
        counter_id=counter_id,
        actor=officer,
        role=Role.COUNTER_OFFICER,
        # Only this officer's new scans, or this applicant's papers that the officer's agencies hold.
        files=usable_at_counter(officer=officer, id_number=who.id_number, access=access),
        keep_in_store=True,
        now=now,
    )
    if resolve_now and not online:
        _resolve_on_the_spot(dossier, steps, officer, now)
    return dossier


def _resolve_on_the_spot(dossier: Dossier, steps: list[DossierStep], officer: User, now: datetime) -> None:
    """Giải quyết ngay: the counter officer resolves the dossier in the same sitting; the history shows it."""
    calendar = calendar_for(dossier.centre)
    returning = steps[-1] if len(steps) > 2 and steps[-1].role == Role.COUNTER_OFFICER else None
    for step in steps[1:]:
        if step is returning:
            break
        step.started_at, step.finished_at, step.assignee = step.started_at or now, now, officer
        step.timeliness = calendar.classify(now, step.due_at) if step.due_at else ""
        step.save()
    dossier.state = State.RESULT_READY
    dossier.finished_at = now
    dossier.timeliness = calendar.classify(now, dossier.due_at) if dossier.due_at else ""
    point_at(dossier, returning)
    if returning is not None:
        begin_step(dossier=dossier, step=returning, at=now, assignee=officer)
    dossier.version += 1
    dossier.save()
    append_event(
        dossier=dossier,
        action="approve",
        actor=officer,
        role=Role.COUNTER_OFFICER,
        agency=dossier.agency,
        from_state=State.RECEIVED,
        to_state=State.RESULT_READY,
        note=_("Resolved on the spot"),
        due_before=dossier.due_at,
        due_after=dossier.due_at,
        at=now,
        data={"on_the_spot": True},
    )
