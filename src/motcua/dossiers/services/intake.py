"""Reception: a dossier is received at a counter (or submitted online) with a code and an appointment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import AgencyProcedure, ProcedureVersion, Process, VersionStatus
from motcua.catalog.processes import default_steps, needs_working_days, working_day_budgets
from motcua.core import text
from motcua.core.models import Agency, Centre, Role, User
from motcua.dossiers.models import (
    Applicant,
    Dossier,
    DossierDocument,
    DossierFee,
    DossierStep,
    ReceptionNote,
    ReturnMethod,
    StoredFile,
)
from motcua.dossiers.services.access import Access
from motcua.dossiers.services.codes import lookup_secret, next_code
from motcua.dossiers.services.history import append_event
from motcua.dossiers.states import State
from motcua.workdays.engine import WorkingCalendar
from motcua.workdays.selectors import calendar_for


class DossierError(Exception):
    """A request the rules refuse; `status` is the HTTP status the API answers with."""

    status = 422

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class Forbidden(DossierError):
    status = 403


class Conflict(DossierError):
    status = 409


class NotFound(DossierError):
    status = 404


@dataclass
class ApplicantInput:
    name: str
    id_number: str
    kind: str = "person"
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass
class DocumentInput:
    name: str
    originals: int = 0
    copies: int = 0
    file_ids: list[int] = field(default_factory=list)


@dataclass
class FeeInput:
    label: str
    amount: int
    currency: str = "VND"
    receipt_number: str = ""
    method: str = ""  # cash | transfer | card; empty = due at return


@dataclass
class StepPlan:
    name: str
    public_name: str
    role: str
    agency: Agency
    budget_amount: Decimal | None
    budget_unit: str


def plan_steps(version: ProcedureVersion, agency: Agency, channel: str) -> list[StepPlan]:
    """The agency's internal process for this channel, or the default split of the legal limit."""
    process = (
        Process.objects.filter(procedure_id=version.procedure_id, agency=agency, channel__in=[channel, ""])
        .order_by("-channel")
        .prefetch_related("steps__unit")
        .first()
    )
    if process is not None and process.steps.all():
        return [
            StepPlan(s.name, s.public_name or s.name, s.role, s.unit or agency, s.budget_amount, s.budget_unit)
            for s in process.steps.all()
        ]
    row = next((c for c in version.channels.all() if c.channel == channel), None)
    limit = (row.deadline_amount, row.deadline_unit) if row is not None and row.has_deadline else (None, None)
    return [StepPlan(s.name, s.name, s.role, agency, s.amount, s.unit or "") for s in default_steps(*limit)]


def _agency_for(version: ProcedureVersion, agency_code: str | None, access: Access) -> Agency:
    links = AgencyProcedure.objects.filter(procedure_id=version.procedure_id, is_active=True).select_related("agency")
    linked = [link.agency for link in links]
    if agency_code:
        agency = next((a for a in linked if a.code == agency_code), None)
        if agency is None:
            raise DossierError("not_our_procedure", _("Agency %(agency)s does not handle procedure %(code)s.")
                               % {"agency": agency_code, "code": version.procedure.code})  # fmt: skip
        return agency
    mine = [a for a in linked if Role.COUNTER_OFFICER in access.roles_at(a.pk)]
    if len(mine) == 1:
        return mine[0]
    if not mine:
        raise DossierError("not_our_procedure", _("No agency you receive for handles procedure %(code)s.")
                           % {"code": version.procedure.code})  # fmt: skip
    codes = ", ".join(a.code for a in mine)
    raise DossierError("choose_agency", _("Several agencies handle this procedure; choose one of: %(codes)s.")
                       % {"codes": codes})  # fmt: skip


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
        .select_related("procedure").first()
    )  # fmt: skip
    access = Access(officer)
    if kind == "guide" and version is None:
        raise DossierError("unknown_procedure", _("No published procedure has the code %(code)s.")
                           % {"code": visit.procedure_code})  # fmt: skip
    agency = None
    if version is not None:
        try:
            agency = _agency_for(version, visit.agency_code, access)
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
        kind=kind, procedure=version.procedure if version else None, agency=agency,
        applicant_name=text.clean(visit.applicant.name, keep_newlines=False),
        applicant_id_number=visit.applicant.id_number, applicant_phone=visit.applicant.phone,
        applicant_address=visit.applicant.address, items=[i.strip() for i in visit.items if i.strip()],
        reason=visit.reason.strip(), officer=officer, at=now or timezone.now(),
    )  # fmt: skip


@transaction.atomic
def receive_dossier(
    *,
    officer: User,
    procedure_code: str,
    channel: str,
    applicant: ApplicantInput,
    documents: list[DocumentInput],
    agency_code: str | None = None,
    fees: list[FeeInput] = (),
    return_method: str = ReturnMethod.COUNTER,
    return_address: str = "",
    resolve_now: bool = False,
    now: datetime | None = None,
) -> Dossier:
    """Receive a dossier at a counter (state received, with its appointment), or record one submitted online
    (state submitted: the desk checks it, and its clock starts when the desk accepts it)."""
    now = now or timezone.now()
    version = (
        ProcedureVersion.objects.filter(procedure__code=procedure_code, status=VersionStatus.PUBLISHED)
        .select_related("procedure")
        .only("id", "name", "status", "procedure_id", "procedure__code")  # not the long texts: a reception is hot
        .prefetch_related("channels")
        .first()
    )
    if version is None:
        raise DossierError(
            "unknown_procedure", _("No published procedure has the code %(code)s.") % {"code": procedure_code}
        )
    access = Access(officer)
    agency = _agency_for(version, agency_code, access)
    if Role.COUNTER_OFFICER not in access.roles_at(agency.pk):
        raise Forbidden("forbidden", _("You do not receive dossiers for %(agency)s.") % {"agency": agency.name})
    channel_row = next((c for c in version.channels.all() if c.channel == channel), None)
    if channel_row is None:
        raise DossierError("channel", _("This procedure cannot be submitted through this channel."))
    if not applicant.name.strip() or not applicant.id_number.strip():
        raise DossierError("applicant", _("The applicant's name and ID number (or tax code) are required."))
    online = channel == "online"
    who = _applicant(applicant)
    counter_id, centre_id = access.counter or (None, None)
    centre = Centre.objects.get(pk=centre_id) if centre_id else None
    calendar = calendar_for(centre)
    code = next_code(agency=agency, at=now)
    dossier = Dossier(
        code=code, lookup_secret=lookup_secret(), province_id=agency.province_id or agency.pk, agency=agency,
        centre=centre, counter_id=counter_id, procedure=version.procedure, procedure_version=version, channel=channel,
        applicant=who, applicant_name=who.name, applicant_id_number=who.id_number, applicant_phone=who.phone,
        applicant_email=who.email, applicant_address=who.address,
        state=State.SUBMITTED if online else State.RECEIVED, submitted_at=now,
        limit_amount=channel_row.deadline_amount, limit_unit=channel_row.deadline_unit,
        return_method=return_method, return_address=return_address,
        search_text=" ".join([code.lower(), text.fold(who.name), who.id_number.lower()]),
    )  # fmt: skip
    steps = [
        DossierStep(position=i, name=p.name, public_name=p.public_name, role=p.role, agency=p.agency,
                    budget_amount=p.budget_amount, budget_unit=p.budget_unit)
        for i, p in enumerate(plan_steps(version, agency, channel), start=1)
    ]  # fmt: skip
    if online:  # the desk checks it first: the clock starts when it accepts it
        steps[0].started_at = now
        dossier.current_step = steps[0]
    else:
        start_clock(dossier, steps, received_at=now, officer=officer, calendar=calendar)
    current, dossier.current_step = dossier.current_step, None  # its row is written after the dossier's
    dossier.save(force_insert=True)
    for step in steps:
        step.dossier = dossier
    DossierStep.objects.bulk_create(steps)
    dossier.current_step = current
    Dossier.objects.filter(pk=dossier.pk).update(current_step=current)
    _documents(dossier, documents, officer)
    DossierFee.objects.bulk_create([
        DossierFee(dossier=dossier, label=f.label, amount=f.amount, currency=f.currency,
                   receipt_number=f.receipt_number, method=f.method, paid_at=now if f.method else None,
                   due_at_stage="reception" if f.method else "return")
        for f in fees
    ])  # fmt: skip
    if online:
        append_event(dossier=dossier, action="submit", actor=officer, role=Role.COUNTER_OFFICER, agency=agency,
                     to_state=State.SUBMITTED, step_name=steps[0].name, at=now, first=True)  # fmt: skip
        return dossier
    append_event(dossier=dossier, action="receive", actor=officer, role=Role.COUNTER_OFFICER, agency=agency,
                 to_state=State.RECEIVED, step_name=steps[0].name, due_after=dossier.due_at, at=now, first=True,
                 data={"documents": len(documents), "fees": [f.amount for f in fees]})  # fmt: skip
    if resolve_now:
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
    dossier.current_step = returning
    if returning is not None:
        begin_step(dossier, returning, at=now, assignee=officer)
    dossier.version += 1
    dossier.save()
    append_event(dossier=dossier, action="approve", actor=officer, role=Role.COUNTER_OFFICER, agency=dossier.agency,
                 from_state=State.RECEIVED, to_state=State.RESULT_READY, note=_("Resolved on the spot"),
                 due_before=dossier.due_at, due_after=dossier.due_at, at=now, data={"on_the_spot": True})  # fmt: skip


def start_clock(
    dossier: Dossier,
    steps: list[DossierStep],
    *,
    received_at: datetime,
    officer: User,
    calendar: WorkingCalendar | None = None,
) -> None:
    """Reception is done: the appointment is set and the first processing step starts. Changes the dossier and
    its steps in memory; the caller saves them (a new dossier is written once, with its times)."""
    calendar = calendar or calendar_for(dossier.centre)
    dossier.received_at = received_at
    dossier.received_by = officer
    if dossier.limit_amount is not None and dossier.limit_unit:
        dossier.due_at = dossier.original_due_at = calendar.due(received_at, dossier.limit_amount, dossier.limit_unit)
    budgets = [(s.budget_amount, s.budget_unit) for s in steps]
    timed = timed_budgets(calendar, received_at=received_at, due_at=dossier.due_at, budgets=budgets)
    for step, (amount, unit) in zip(steps, timed, strict=True):
        step.budget_amount, step.budget_unit = amount, unit
    reception = steps[0]
    reception.started_at = reception.started_at or received_at
    reception.finished_at = received_at
    reception.assignee = officer
    if reception.budget_amount:
        reception.due_at = calendar.due(reception.started_at, reception.budget_amount, reception.budget_unit)
        reception.timeliness = calendar.classify(received_at, reception.due_at)
    if len(steps) > 1:
        time_step(steps[1], at=received_at, calendar=calendar)
        dossier.current_step = steps[1]


def timed_budgets(
    calendar: WorkingCalendar, *, received_at: datetime, due_at: datetime | None, budgets: list[tuple]
) -> list[tuple]:
    """Step budgets (amount, unit) the calendar can time: shares of a calendar-day or month limit become working
    days of this dossier (see `working_day_budgets`); anything else is kept as the process states it."""
    if due_at is None or not needs_working_days(budgets):
        return budgets
    minutes = Decimal(str(calendar.working_time_between(received_at, due_at)))
    amounts = working_day_budgets([a for a, _u in budgets], minutes / (calendar.standard_day_seconds // 60))
    return [(a, "working_day" if a else u) for a, (_a, u) in zip(amounts, budgets, strict=True)]


def begin_step(dossier: Dossier, step: DossierStep, *, at: datetime, assignee: User | None = None) -> None:
    """The dossier arrives at a step: its own clock starts from its time budget."""
    time_step(step, at=at, calendar=calendar_for(dossier.centre), assignee=assignee)
    step.save()
    dossier.current_step = step


def time_step(step: DossierStep, *, at: datetime, calendar: WorkingCalendar, assignee: User | None = None) -> None:
    """A step starts at `at`: its due time from its budget (in memory)."""
    step.started_at = at
    step.finished_at = None
    step.assignee = assignee
    step.due_at = calendar.due(at, step.budget_amount, step.budget_unit) if step.budget_amount else None


def _applicant(data: ApplicantInput) -> Applicant:
    """The applicant by ID number, created or brought up to date in one statement (safe under concurrency)."""
    applicant = Applicant(
        id_number=data.id_number.strip(), kind=data.kind, name=text.clean(data.name, keep_newlines=False),
        phone=data.phone.strip(), email=data.email.strip(), address=text.clean(data.address, keep_newlines=False),
    )  # fmt: skip
    Applicant.objects.bulk_create(
        [applicant], update_conflicts=True, unique_fields=["id_number"],
        update_fields=["kind", "name", "phone", "email", "address", "updated_at"],
    )  # fmt: skip
    return applicant


def _documents(dossier: Dossier, documents: list[DocumentInput], officer: User) -> None:
    wanted = {file_id for d in documents for file_id in d.file_ids}
    # Only what this officer uploaded, or what this applicant handed in before: never someone else's papers.
    files = StoredFile.objects.filter(
        Q(uploaded_by=officer, applicant__isnull=True) | Q(applicant=dossier.applicant)
    ).in_bulk(wanted)
    if len(files) != len(wanted):
        raise DossierError("files", _("Some attached files do not exist: %(ids)s.")
                           % {"ids": ", ".join(map(str, sorted(wanted - set(files))))})  # fmt: skip
    rows = DossierDocument.objects.bulk_create([
        DossierDocument(dossier=dossier, position=i, name=text.clean(d.name), originals=d.originals, copies=d.copies)
        for i, d in enumerate(documents, start=1)
    ])  # fmt: skip
    links = [
        DossierDocument.files.through(dossierdocument_id=row.pk, storedfile_id=file_id)
        for row, d in zip(rows, documents, strict=True)
        for file_id in d.file_ids
    ]
    DossierDocument.files.through.objects.bulk_create(links)
    for file in files.values():  # the applicant's store of digitised documents, reusable next time
        if file.applicant_id is None:
            file.applicant = dossier.applicant
            file.save(update_fields=["applicant"])
