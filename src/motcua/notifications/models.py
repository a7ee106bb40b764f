"""The outbox: one row per message and channel, sent by `motcua worker` (queued → sending → sent | failed)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Applicant, Dossier


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    kind = models.CharField(_("kind"), max_length=32)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=8, default="vi")
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"))
    dossier = models.ForeignKey(Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The dossier event that caused it: a second enqueue for the same event and channel is refused.
    event_sequence = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    provider_id = models.CharField(_("provider's id"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            # The worker's queue: only queued rows, soonest first (a few among all the sent ones).
            models.Index(fields=["next_attempt_at", "id"], condition=Q(status="queued"), name="message_due"),
            models.Index(fields=["claimed_at"], condition=Q(status="sending"), name="message_sending"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "event_sequence", "channel"],
                condition=Q(dossier__isnull=False, event_sequence__isnull=False),
                name="message_once_per_event_channel",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.channel} {self.status}"


class Preference(models.Model):
    """How an applicant wants to be told: language and channels (default: Vietnamese, every channel known)."""

    applicant = models.OneToOneField(Applicant, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=8, default="vi")
    email = models.BooleanField(_("by e-mail"), default=True)
    sms = models.BooleanField(_("by SMS"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.applicant_id} {self.language}"
