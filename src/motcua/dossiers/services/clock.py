"""A dossier's steps and their clocks: the plan from the agency's internal process (or the default split of the
legal limit), the appointment when reception is done, each step's due time when the dossier arrives at it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from motcua.catalog.models import ProcedureVersion, Process
from motcua.catalog.processes import default_steps, needs_working_days, working_day_budgets
from motcua.core.models import Agency, User
from motcua.dossiers.models import Dossier, DossierStep, Timeliness
from motcua.workdays.engine import WorkingCalendar
from motcua.workdays.selectors import calendar_for


@dataclass
class StepPlan:
    name: str
    public_name: str
    role: str
    agency: Agency
    budget_amount: Decimal | None
    budget_unit: str
    result_name: str = ""  # the result the step issues (a group procedure's part)


def plan_steps(*, version: ProcedureVersion, agency: Agency, channel: str) -> list[StepPlan]:
    """The agency's internal process for this channel, or the default split of the legal limit."""
    process = (
        Process.objects.filter(procedure_id=version.procedure_id, agency=agency, channel__in=[channel, ""])
        .order_by("-channel")
        .prefetch_related("steps__unit")
        .first()
    )
    if process is not None and process.steps.all():
        return [
            StepPlan(
                s.name, s.public_name or s.name, s.role, s.unit or agency, s.budget_amount, s.budget_unit, s.result_name
            )
            for s in process.steps.all()
        ]
    row = next((c for c in version.channels.all() if c.channel == channel), None)
    limit = (row.deadline_amount, row.deadline_unit) if row is not None and row.has_deadline else (None, None)
    return [StepPlan(s.name, s.name, s.role, agency, s.amount, s.unit or "") for s in default_steps(*limit)]


def start_clock(
    *,
    dossier: Dossier,
    steps: list[DossierStep],
    received_at: datetime,
    officer: User | None,
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
        point_at(dossier, steps[1])


def timed_budgets(
    calendar: WorkingCalendar,
    *,
    received_at: datetime,
    due_at: datetime | None,
    budgets: list[tuple[Decimal | None, str]],
) -> list[tuple[Decimal | None, str]]:
    """Step budgets (amount, unit) the calendar can time: shares of a calendar-day or month limit become working
    days of this dossier (see `working_day_budgets`); anything else is kept as the process states it."""
    # needs_working_days only reads the list; its units may be None (a catalogue's), a step's never are.
    if due_at is None or not needs_working_days(budgets):
        return budgets
    minutes = Decimal(str(calendar.working_time_between(received_at, due_at)))
    amounts = working_day_budgets([a for a, _u in budgets], minutes / (calendar.standard_day_seconds // 60))
    return [(a, "working_day" if a else u) for a, (_a, u) in zip(amounts, budgets, strict=True)]


def begin_step(*, dossier: Dossier, step: DossierStep, at: datetime, assignee: User | None = None) -> None:
    """The dossier arrives at a step: its own clock starts from its time budget."""
    time_step(step, at=at, calendar=calendar_for(dossier.centre), assignee=assignee)
    step.save()
    point_at(dossier, step)


def point_at(dossier: Dossier, step: DossierStep | None) -> None:
    """The dossier is at `step` now (or at none; in memory, saved with the dossier): its current step, and where
    it waits, the step's agency, role and assignee (the inbox reads them from the dossier). Every change of the
    current step or of its assignee goes through here."""
    dossier.current_step = step
    dossier.step_agency_id = step.agency_id if step is not None else None
    dossier.step_role = step.role if step is not None else ""
    dossier.step_assignee_id = step.assignee_id if step is not None else None


def time_step(step: DossierStep, *, at: datetime, calendar: WorkingCalendar, assignee: User | None = None) -> None:
    """A step starts at `at`: its due time from its budget (in memory)."""
    step.started_at = at
    step.finished_at = None
    step.assignee = assignee
    step.due_at = calendar.due(at, step.budget_amount, step.budget_unit) if step.budget_amount else None


def timeliness(*, dossier: Dossier, finished_at: datetime) -> str:
    """The national rule: at or before the appointment, supplement time excluded; two or more supplement
    requests count as late."""
    if dossier.due_at is None:
        return ""
    if dossier.supplement_count > 1:
        return Timeliness.LATE
    return calendar_for(dossier.centre).classify(finished_at, dossier.due_at)
