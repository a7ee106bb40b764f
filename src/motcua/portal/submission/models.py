"""An online dossier being filled in (bản nháp): kept until it is submitted or thrown away."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure


class Draft(models.Model):
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+", verbose_name=_("procedure"))
    # The e-form as typed (applicant, agency, how the result comes back, how to be told), and the files attached
    # to each required document: {"<position>": [stored file ids]}, all in the citizen's store.
    data = models.JSONField(default=dict, blank=True)
    files = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        indexes = [models.Index(fields=["citizen", "-updated_at"], name="draft_citizen_updated")]

    def __str__(self) -> str:
        return f"{self.procedure_id} ({self.citizen_id})"
