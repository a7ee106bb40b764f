"""Reads of the notifications app."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.notifications.models import Message


def messages_for_dossier(dossier_id: int) -> QuerySet[Message]:
    return Message.objects.filter(dossier_id=dossier_id).order_by("id")


def outbox_counts() -> dict[str, int]:
    """Messages per status (for the worker's log and an operator)."""
    from django.db.models import Count

    return dict(Message.objects.values_list("status").annotate(n=Count("id")).order_by())
