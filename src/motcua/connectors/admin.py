"""Webhook subscriptions are set here by an administrator (the secret is shared with the receiving system); the
messages and the inbound dossiers are looked at on /desk/ket-noi/."""

from django.contrib import admin
from django.db import models

from motcua.connectors.models import WebhookSubscription


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a system's endpoint: https by default
