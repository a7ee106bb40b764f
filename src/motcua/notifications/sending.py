"""The worker's side of the outbox: claim due messages, send them, record the outcome.

Delivery is at most once. A claim moves rows from queued to sending (attempts + 1) in its own committed
transaction (PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so several workers take different rows; SQLite:
the IMMEDIATE transaction serialises claims). Only the worker holding the claim sends, then marks the row
sent or, when the provider surely did not take it (refused connection, HTTP 5xx/429), queues it again with
an exponential backoff until MOTCUA_NOTIFY_MAX_ATTEMPTS, then failed. An outcome that is unknown (the
gateway timed out after receiving the request; the worker died while sending) is never retried: such a
message ends failed with the reason, for an operator to look at, rather than risking a second SMS.
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.services.history import append_event
from motcua.notifications.models import Channel, Message, Status
from motcua.notifications.services import SECRET_KINDS
from motcua.notifications.sms import SendError, SmsBackend, mask, sms_backend

log = logging.getLogger(__name__)


def _number(name: str, default: float) -> float:
    value = getattr(settings, f"NOTIFY_{name}", None)
    return float(value if value is not None else os.environ.get(f"MOTCUA_NOTIFY_{name}", default))


def max_attempts() -> int:
    return int(_number("MAX_ATTEMPTS", 5))


def backoff(attempts: int) -> timedelta:
    """60 s, 2 min, 4 min, … (MOTCUA_NOTIFY_BACKOFF seconds doubled each time), at most 6 hours."""
    return timedelta(seconds=min(_number("BACKOFF", 60) * 2 ** max(attempts - 1, 0), 6 * 3600))


def claim(*, batch: int = 20) -> list[Message]:
    """Take up to `batch` due messages for this worker (queued → sending)."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(status=Status.QUEUED, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)[:batch]
        )
        if not ids:
            return []
        Message.objects.filter(id__in=ids, status=Status.QUEUED).update(
            status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return list(Message.objects.filter(id__in=ids, status=Status.SENDING).order_by("id"))


def deliver(message: Message, *, sms: SmsBackend | None = None) -> None:
    """Send one claimed message and record what happened (never raises for a provider's failure)."""
    try:
        provider_id = _send(message, sms or sms_backend())
    except SendError as exc:
        _failed(message, str(exc), retry=exc.retry)
    except Exception as exc:  # SMTP and the like: not accepted, try again later
        log.exception("sending message %s failed", message.pk)
        _failed(message, f"{type(exc).__name__}: {exc}", retry=True)
    else:
        _sent(message, provider_id)


def _send(message: Message, sms: SmsBackend) -> str:
    if message.channel == Channel.SMS:
        return sms.send(to=message.recipient, text=message.body)
    sender = getattr(settings, "NOTIFY_EMAIL_FROM", None) or os.environ.get("MOTCUA_EMAIL_FROM", "")
    message_id = make_msgid(domain="motcua")
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=sender or None,
        to=[message.recipient],
        headers={"Message-ID": message_id},
    )
    if not get_connection(fail_silently=False).send_messages([email]):
        raise SendError("the mail server took nothing", retry=True)
    return message_id


def _sent(message: Message, provider_id: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        wiped = {"body": "", "subject": ""} if message.kind in SECRET_KINDS else {}  # a code is no one else's
        done = Message.objects.filter(pk=message.pk, status=Status.SENDING).update(
            status=Status.SENT, sent_at=now, provider_id=provider_id[:255], last_error="", **wiped
        )
        if done and message.dossier_id:
            dossier = Dossier.objects.select_for_update().get(pk=message.dossier_id)  # the history's row lock
            append_event(
                dossier=dossier,
                action="notified",
                at=now,
                data={
                    "kind": message.kind,
                    "channel": message.channel,
                    "to": mask(message.recipient),
                    "message": message.pk,
                    "provider_id": provider_id[:255],
                },
            )
    log.info("message %s (%s) sent to %s", message.pk, message.channel, mask(message.recipient))


def _failed(message: Message, error: str, *, retry: bool) -> None:
    give_up = not retry or message.attempts >= max_attempts()
    update = {"status": Status.FAILED if give_up else Status.QUEUED, "last_error": error[:2000]}
    if not give_up:
        update["next_attempt_at"] = timezone.now() + backoff(message.attempts)
    Message.objects.filter(pk=message.pk, status=Status.SENDING).update(**update)
    log.warning(
        "message %s (%s) to %s: %s%s",
        message.pk,
        message.channel,
        mask(message.recipient),
        error,
        " — given up" if give_up else "",
    )


def abandon_interrupted(*, older_than: timedelta = timedelta(minutes=10)) -> int:
    """Messages left in `sending` by a worker that died: their outcome is unknown, so they end failed."""
    return Message.objects.filter(status=Status.SENDING, claimed_at__lt=timezone.now() - older_than).update(
        status=Status.FAILED, last_error="interrupted while sending; not retried so it is never sent twice"
    )


def run_once(*, batch: int = 20, sms: SmsBackend | None = None) -> int:
    """Send every message due now; the number handled."""
    abandon_interrupted()
    sms = sms or sms_backend()
    handled = 0
    while messages := claim(batch=batch):
        for message in messages:
            deliver(message, sms=sms)
            handled += 1
    return handled
