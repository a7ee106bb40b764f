"""Internal processes: checking step budgets against the legal limits, saving a process."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.catalog.freshness import catalog_changed
from motcua.catalog.models import Channel, DeadlineUnit, Procedure, Process, ProcessStep
from motcua.catalog.processes import check_budgets
from motcua.core.models import Agency


class ProcessError(Exception):
    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class StepInput:
    name: str
    role: str
    budget_amount: Decimal
    budget_unit: str
    public_name: str = ""
    unit: Agency | None = None
    result_name: str = ""  # the result this step issues (group procedures)


def channel_limits(*, procedure: Procedure, channel: str = "") -> dict[str, tuple[Decimal, str]]:
    """The legal limit of each channel the process serves (all channels when `channel` is empty)."""
    version = procedure.latest_version
    if version is None:
        return {}
    rows = version.channels.all()
    return {
        row.channel: (row.deadline_amount, row.deadline_unit)
        for row in rows
        if row.has_deadline and (not channel or row.channel == channel)
    }


def budget_problems(*, procedure: Procedure, channel: str, steps: list[tuple[Decimal, str]]) -> list[str]:
    """Messages for administrators when the budgets do not add up to the legal limit of a channel."""
    units = dict(DeadlineUnit.choices)
    channels = dict(Channel.choices)
    messages = []
    for problem in check_budgets(steps, channel_limits(procedure=procedure, channel=channel)):
        values = {
            "channel": channels[problem.channel],
            "limit": _number(problem.limit_amount),
            "unit": units[problem.limit_unit],
        }
        if problem.message_key == "unit_mismatch":
            values["step_unit"] = units.get(problem.step_unit, problem.step_unit)
            messages.append(
                _(
                    "Step budgets are in %(step_unit)s but the legal time limit of channel “%(channel)s” is "
                    "%(limit)s %(unit)s: use the same unit."
                )
                % values
            )
        else:
            values["total"] = _number(problem.steps_total)
            messages.append(
                _(
                    "The steps add up to %(total)s %(unit)s but the legal time limit of channel “%(channel)s” is "
                    "%(limit)s %(unit)s."
                )
                % values
            )
    return messages


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


@transaction.atomic
def save_process(
    *, procedure: Procedure, agency: Agency, channel: str = "", steps: list[StepInput], name: str = ""
) -> Process:
    """Create or replace the agency's process for the procedure; budgets must fit the legal limits."""
    if not steps:
        raise ProcessError([_("A process needs at least one step.")])
    problems = budget_problems(
        procedure=procedure, channel=channel, steps=[(s.budget_amount, s.budget_unit) for s in steps]
    )
    if problems:
        raise ProcessError(problems)
    process, _created = Process.objects.select_for_update().get_or_create(
        procedure=procedure, agency=agency, channel=channel, defaults={"name": name}
    )
    process.name = name
    process.save()
    process.steps.all().delete()
    ProcessStep.objects.bulk_create(
        [
            ProcessStep(
                process=process,
                position=i,
                name=s.name,
                public_name=s.public_name,
                role=s.role,
                unit=s.unit,
                budget_amount=s.budget_amount,
                budget_unit=s.budget_unit,
                result_name=s.result_name,
            )
            for i, s in enumerate(steps, start=1)
        ]
    )
    catalog_changed()
    return process
