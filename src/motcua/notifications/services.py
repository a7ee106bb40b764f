"""Writes of the notifications app: put messages in the outbox (`enqueue`), from dossier events (`tell_applicant`,
subscribed in NotificationsConfig.ready), and the applicant's preferences."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from motcua.dossiers import events
from motcua.dossiers.forms.fill import lookup_url, result_url
from motcua.dossiers.models import Applicant, Dossier, ReturnMethod
from motcua.notifications.models import Channel, Message, Preference

KINDS = (
    "received",
    "submitted",
    "supplement_requested",
    "extended",
    "refused",
    "stopped",
    "result_ready",
    "returned",
    "feedback_answered",
    "one_time_code",
    "account_exists",
    "booking_confirmed",  # queue: booked visits
    "booking_reminder",
)
LANGUAGES = ("vi", "en")
SECRET_KINDS = ("one_time_code",)  # their text is wiped once sent, and never shown to operators


# The message each dossier event sends to the applicant (the other events send none).
KIND_OF_EVENT: dict[type[events.BaseDossierEvent], str] = {
    events.DossierReceived: "received",
    events.OnlineDossierAccepted: "received",
    events.DossierSubmittedOnline: "submitted",
    events.SupplementRequested: "supplement_requested",
    events.DossierExtended: "extended",
    events.DossierRefused: "refused",
    events.DossierStopped: "stopped",
    events.DossierResultReady: "result_ready",
    events.ResultReturned: "returned",
}
# The subscriber's name in core.events (stored with each pending delivery: never rename it).
SUBSCRIBER = "notifications.tell_applicant"


def tell_applicant(event: events.BaseDossierEvent) -> None:
    """Subscriber of the dossier events (see NotificationsConfig.ready): queue the message the event deserves.
    Redelivered, it queues nothing more (one message per history row and channel: a unique constraint)."""
    kind = KIND_OF_EVENT[type(event)]
    extra = {
        "reason": event.note,
        "items": list(getattr(event, "items", ())),
        "apology": getattr(event, "apology", ""),
        "due_at": event.due_after,
    }
    enqueue_for_dossier(dossier_id=event.dossier_id, kind=kind, sequence=event.sequence, extra=extra)


def enqueue_for_dossier(*, dossier_id: int, kind: str, sequence: int | None = None, extra: dict | None = None):
    """Queue `kind` for the dossier's applicant on the channels they have and chose, in their language."""
    chosen = Preference.objects.filter(applicant_id=OuterRef("applicant_id"))
    dossier = (
        Dossier.objects.select_related("procedure_version")
        # The applicant's choices in the same statement (none chosen: the defaults), not a read of their own.
        .annotate(**{f"chosen_{name}": Subquery(chosen.values(name)[:1]) for name in ("language", "email", "sms")})
        .get(pk=dossier_id)
    )
    if not (dossier.applicant_email or dossier.applicant_phone):
        return []
    preference = Preference(
        language=getattr(dossier, "chosen_language", None) or "vi",
        email=getattr(dossier, "chosen_email", None) is not False,
        sms=getattr(dossier, "chosen_sms", None) is not False,
    )
    context = {
        "code": dossier.code,
        "lookup_url": lookup_url(dossier),
        "applicant": dossier.applicant_name,
        "procedure": dossier.procedure_version.name,
        # An electronic result delivered online: the message links to it (the look-up's code and secret).
        "result_url": result_url(dossier) if kind == "returned" and _delivered_online(dossier) else "",
        **(extra or {}),
    }
    context["due_at"] = context.get("due_at") or dossier.due_at
    return enqueue(
        kind,
        to_email=dossier.applicant_email if preference.email else "",
        to_phone=dossier.applicant_phone if preference.sms else "",
        context=context,
        dossier=dossier,
        language=preference.language,
        event_sequence=sequence,
    )


def _delivered_online(dossier: Dossier) -> bool:
    return dossier.return_method == ReturnMethod.ONLINE and dossier.result_file_id is not None


def enqueue(
    kind: str,
    *,
    to_email: str = "",
    to_phone: str = "",
    context: dict | None = None,
    dossier: Dossier | None = None,
    language: str = "vi",
    event_sequence: int | None = None,
) -> list[Message]:
    """Queue one message per channel (e-mail when an address is given, SMS when a phone is), rendered from
    the templates notifications/<language>/<kind>.email.txt (first line: subject) and <kind>.sms.txt."""
    language = language if language in LANGUAGES else "vi"
    context = {"site_name": getattr(settings, "SITE_NAME", "") or "motcua", **(context or {})}
    if isinstance(context.get("due_at"), datetime):
        context["due_at"] = timezone.localtime(context["due_at"]).strftime("%H:%M %d/%m/%Y")
    now = timezone.now()
    messages = []
    for channel, recipient in ((Channel.EMAIL, to_email.strip()), (Channel.SMS, _phone(to_phone))):
        if not recipient:
            continue
        subject, body = render(kind=kind, channel=channel, language=language, context=context)
        messages.append(
            Message(
                kind=kind,
                channel=channel,
                recipient=recipient,
                language=language,
                subject=subject,
                body=body,
                dossier=dossier,
                event_sequence=event_sequence,
                next_attempt_at=now,
            )
        )
    if event_sequence is None:
        return Message.objects.bulk_create(messages)
    # One statement, no savepoint: a redelivered event finds its messages queued (the unique constraint per
    # history row and channel) and queues nothing more.
    Message.objects.bulk_create(messages, ignore_conflicts=True)
    return messages


def render(*, kind: str, channel: str, language: str, context: dict) -> tuple[str, str]:
    try:
        text = render_to_string(f"notifications/{language}/{kind}.{channel}.txt", context)
    except TemplateDoesNotExist:
        text = render_to_string(f"notifications/vi/{kind}.{channel}.txt", context)
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    if channel == Channel.SMS:
        return "", " ".join(without_accents(text).split())
    subject, _, body = text.partition("\n")
    return subject.strip(), body.strip() + "\n"


def without_accents(text: str) -> str:
    """Vietnamese SMS go without diacritics (GSM 7-bit: 160 characters a message instead of 70)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _phone(value: str) -> str:
    return "".join(ch for ch in (value or "") if ch.isdigit() or ch == "+")


def set_preference(*, applicant: Applicant, language: str = "vi", email: bool = True, sms: bool = True) -> Preference:
    """The applicant's language and channels for every later message."""
    preference, _ = Preference.objects.update_or_create(
        applicant=applicant,
        defaults={"language": language if language in LANGUAGES else "vi", "email": email, "sms": sms},
    )
    return preference


def requeue(*, message_ids: list[int]) -> int:
    """An operator's decision to try failed messages again (e.g. after an outcome-unknown timeout was checked
    with the provider): they go back to the queue with a fresh count of attempts."""
    return Message.objects.filter(pk__in=message_ids, status="failed").update(
        status="queued", attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
