"""Liên thông records of a dossier: hand-overs between agencies, and the parts of a group procedure's result.

Kept apart from models.py (imported at its end, so Django registers them with the dossiers app) because they
only matter to dossiers whose steps cross agencies or whose procedure issues several results.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import Agency
from motcua.dossiers.models import Dossier, DossierStep, StoredFile, province_field


class HandoverKind(models.TextChoices):
    FORWARD = "forward", _("Handed over")
    SEND_BACK = "send_back", _("Sent back")


class Handover(models.Model):
    """The dossier went from a step of one agency to a step of another (bàn giao liên thông), or was sent back
    across agencies. Written with the history row of the action; the receiving agency takes it (received_at)
    the first time one of its people acts on the step it arrived at."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="handovers")
    province = province_field()
    step = models.ForeignKey(DossierStep, on_delete=models.CASCADE, related_name="+")  # where it arrived
    kind = models.CharField(_("kind"), max_length=16, choices=HandoverKind.choices)
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    from_step_name = models.CharField(max_length=255)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_by_name = models.CharField(max_length=255, blank=True)
    # The receiving step's due time when it arrived: the budget the receiving agency was given.
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)  # a send-back's reason
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_by_name = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["dossier", "sent_at", "pk"]
        indexes = [
            models.Index(fields=["to_agency", "sent_at"], name="handover_to_agency"),
            models.Index(fields=["from_agency", "sent_at"], name="handover_from_agency"),
            # Waiting to be received: few rows, looked up on every visit of the hand-over screen.
            models.Index(
                fields=["to_agency", "sent_at"], condition=Q(received_at__isnull=True), name="handover_waiting"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(from_agency=models.F("to_agency")), name="handover_two_agencies")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_agency_id} -> {self.to_agency_id}"


class DossierResult(models.Model):
    """One result of a group procedure (thủ tục liên thông nhóm, e.g. birth registration + health insurance
    card): issued by the agency of the step that produces it. The dossier's result is ready only when every part
    has its file."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="results")
    province = province_field()
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("result"), max_length=255)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    step = models.ForeignKey(DossierStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    file = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["dossier", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "position", "province"], name="dossier_result_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.name}"
