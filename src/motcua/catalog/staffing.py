"""Steps nobody can take: every step of an internal process (and of the default process of a procedure an agency
handles without one) needs an active user holding its role at the step's agency, or above it with its subtree."""

from __future__ import annotations

from dataclasses import dataclass

from motcua.catalog.models import AgencyProcedure, Process
from motcua.catalog.processes import default_steps
from motcua.core.models import Agency, Role
from motcua.core.selectors import Staffing


@dataclass(frozen=True)
class UnstaffedStep:
    procedure_code: str
    process_agency: str  # the agency whose process it is
    channel: str  # "" = every channel
    position: int
    step: str
    role: str
    agency: str  # the agency where the step is done (the step's unit, or the process's agency)
    default: bool  # True: the default process of a procedure the agency handles without one of its own

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


def unstaffed_steps(*, process_ids: set[int] | None = None) -> list[UnstaffedStep]:
    """The steps nobody may take, for every process (or these processes), then for the procedures attached to an
    agency that has no process for them (their default steps are done at that agency)."""
    staffing = Staffing()
    names = dict(Agency.objects.order_by().values_list("pk", "name"))
    found: list[UnstaffedStep] = []
    processes = Process.objects.select_related("procedure").prefetch_related("steps").order_by("procedure__code", "pk")
    if process_ids is not None:
        processes = processes.filter(pk__in=process_ids)
    with_process: set[tuple[int, int]] = set()
    for process in processes:
        with_process.add((process.procedure_id, process.agency_id))
        for step in process.steps.all():
            at = step.unit_id or process.agency_id
            if not staffing.can_act(step.role, at):
                found.append(
                    UnstaffedStep(
                        process.procedure.code,
                        names[process.agency_id],
                        process.channel,
                        step.position,
                        step.name,
                        step.role,
                        names[at],
                        default=False,
                    )
                )
    if process_ids is not None:
        return found
    links = (
        AgencyProcedure.objects.filter(is_active=True)
        .select_related("procedure")
        .order_by("procedure__code", "agency__name_sort")
    )
    for link in links:
        if (link.procedure_id, link.agency_id) in with_process:
            continue
        for position, step in enumerate(default_steps(None, None), start=1):
            if not staffing.can_act(step.role, link.agency_id):
                found.append(
                    UnstaffedStep(
                        link.procedure.code,
                        names[link.agency_id],
                        "",
                        position,
                        step.name,
                        step.role,
                        names[link.agency_id],
                        default=True,
                    )
                )
    return found


def unstaffed_process_ids() -> set[int]:
    """The processes with at least one step nobody may take (the admin's filter)."""
    staffing = Staffing()
    return {
        process.pk
        for process in Process.objects.prefetch_related("steps")
        if any(not staffing.can_act(s.role, s.unit_id or process.agency_id) for s in process.steps.all())
    }
