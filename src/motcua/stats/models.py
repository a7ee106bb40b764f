"""Counters kept as dossiers move: pages read these small tables, never the dossier table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure
from motcua.core.models import Agency


class ProcedureMonth(models.Model):
    """Dossiers submitted for a procedure in a province in a (local) month: one row per procedure and month.

    Counted per procedure, not per version, so that a new version of a procedure keeps its popularity."""

    # The province-level root, as Dossier.province: the key big tables carry (later: Citus distribution).
    province = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+", verbose_name=_("procedure"))
    month = models.DateField(_("month"), help_text=_("The first day of the month"))
    received = models.PositiveIntegerField(_("dossiers submitted"), default=0)

    class Meta:
        verbose_name = _("dossiers of a procedure in a month")
        verbose_name_plural = _("dossiers of procedures per month")
        constraints = [
            models.UniqueConstraint(fields=["province", "procedure", "month"], name="procedure_month_unique"),
        ]
        indexes = [
            # "Top N over the last 12 months": a range of months read from the index alone (the counts are in it).
            models.Index(fields=["month", "procedure", "received"], name="procedure_month_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id} {self.month:%Y-%m}: {self.received}"
