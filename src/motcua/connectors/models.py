"""Messages owed to other systems (one outbox for every connector), webhook subscriptions, and the dossiers that
came in from another system (exactly once: a unique constraint on the source's own id)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import province_field


class State(models.TextChoices):
    PENDING = "pending", _("pending")  # not yet tried, or claimed by a worker now (next attempt = its lease)
    FAILED = "failed", _("failed")  # tried and refused or unreachable: tried again at next_attempt_at
    SENT = "sent", _("sent")
    DEAD = "dead", _("dead")  # gave up after the most attempts: an administrator replays it


class ConnectorMessage(models.Model):
    connector = models.CharField(max_length=64)  # "national_portal", "webhook"
    idempotency_key = models.CharField(max_length=200)  # sent as the Idempotency-Key header
    # Messages of one key go out in the order written (a dossier's status changes); "" means no order.
    ordering_key = models.CharField(max_length=100, blank=True, default="")
    subscription = models.ForeignKey(
        "connectors.WebhookSubscription", null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    payload = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # When a worker may take it; empty when there is nothing to do (sent, dead, or waiting behind an older
    # message of its ordering key, which frees it when it leaves): a claim is a range scan of the due ones.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True, default="")  # a status or exception type, no data
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["connector", "idempotency_key"], name="connector_message_once"),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at", "id"], name="connector_message_due"),
            models.Index(fields=["connector", "state"], name="connector_message_state"),
            # A key's messages in order: which one is owed first, which one to free next.
            models.Index(fields=["connector", "ordering_key", "id"], name="connector_message_key"),
        ]

    def __str__(self) -> str:
        return f"{self.connector} {self.idempotency_key} ({self.state})"


class WebhookSubscription(models.Model):
    """A ministry's or province's system told of dossier events: POST to `url`, signed with `secret`."""

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=200)  # HMAC-SHA256 key, shared with the receiver; never logged
    events = models.JSONField(default=list)  # event type names ("dossier.accepted"); empty: every dossier event
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class InboundDossier(models.Model):
    """A dossier submitted on another system (the national portal) and opened here once."""

    source = models.CharField(max_length=64)
    external_id = models.CharField(max_length=100)
    # One-to-one: `motcua citus-prepare` makes its unique key (dossier_id, province_id) when distributing.
    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.PROTECT, related_name="inbound")
    province = province_field()  # the dossier's
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The portal's dossier names its agency, so one external id always lands in the same province.
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id", "province"], name="inbound_dossier_once")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.external_id}"
