"""Who handles a procedure and how: the agencies that receive it, and their internal processes (quy trình nội bộ)
with a role and a time budget per step ("rõ người, rõ việc, rõ thời gian")."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models.procedures import Channel, DeadlineUnit, Procedure
from motcua.core.models import Agency, Role


class AgencyProcedure(models.Model):
    """A procedure this agency handles in our province (attached from its implementing agency)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="procedure_links", verbose_name=_("agency")
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="agency_links", verbose_name=_("procedure")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency procedure")
        verbose_name_plural = _("agency procedures")
        constraints = [models.UniqueConstraint(fields=["agency", "procedure"], name="agency_procedure_unique")]

    def __str__(self) -> str:
        return f"{self.agency} – {self.procedure.code}"


class Process(models.Model):
    """The internal process (quy trình nội bộ) an agency follows for a procedure, optionally per channel.

    "Rõ người, rõ việc, rõ thời gian": each step names who does it and its time budget; the budgets add up to
    the channel's legal limit (checked by `catalog.processes.validate_budgets`).
    """

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="processes", verbose_name=_("procedure")
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="processes", verbose_name=_("agency"))
    channel = models.CharField(
        _("channel"),
        max_length=8,
        choices=Channel.choices,
        blank=True,
        help_text=_("Leave empty when the process serves every channel."),
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("internal process")
        verbose_name_plural = _("internal processes")
        constraints = [models.UniqueConstraint(fields=["procedure", "agency", "channel"], name="process_unique")]

    def __str__(self) -> str:
        return self.name or f"{self.procedure.code} – {self.agency}"


class ProcessStep(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="steps", verbose_name=_("process"))
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step"), max_length=255)
    public_name = models.CharField(
        _("name shown to citizens"),
        max_length=255,
        blank=True,
        help_text=_("Empty: the step's name."),
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    # The unit that does the step; empty = the process's agency. Another agency's unit makes it a
    # liên thông step, handed over and back like any other.
    unit = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    budget_amount = models.DecimalField(_("time budget"), max_digits=8, decimal_places=2)
    budget_unit = models.CharField(_("unit"), max_length=16, choices=DeadlineUnit.choices)
    # A group procedure (thủ tục liên thông nhóm) gives several results, each issued by one step's agency:
    # the step that issues one names it here.
    result_name = models.CharField(_("result issued"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["process", "position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "position"], name="process_step_position_unique"),
            models.CheckConstraint(condition=Q(budget_amount__gt=0), name="process_step_budget_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
