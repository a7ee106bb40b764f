"""Writing ratings and feedback: one function per use case."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import AgencyProcedure, Procedure
from motcua.core import text
from motcua.core.counters import increment
from motcua.core.events import publish as publish_event  # `publish` is also answer_feedback's keyword
from motcua.core.models import Agency, Centre, Counter, Role, RoleAssignment, User
from motcua.core.selectors import agency_ids_for
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.feedback.events import DossierRated, FeedbackAnswered, FeedbackSubmitted
from motcua.feedback.models import (
    About,
    CounterTablet,
    Criterion,
    Feedback,
    FeedbackSequence,
    Rating,
    RatingScore,
    TabletPairing,
)
from motcua.feedback.selectors import last_dossier_at_counter
from motcua.notifications.services import enqueue
from motcua.workdays.selectors import calendar_for

log = logging.getLogger(__name__)
EDITABLE_FOR = timedelta(days=7)
TABLET_OPEN_FOR = timedelta(minutes=15)
ANSWER_WORKING_DAYS = 15
SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off paper and typed in


class FeedbackError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


# Ratings ------------------------------------------------------------------------------------------------------


def rate_dossier(
    *,
    dossier: Dossier,
    level: int,
    criteria: dict[str, int] | None = None,
    comment: str = "",
    officer: User | None = None,
    counter: Counter | None = None,
    channel: str = "online",
    now: datetime | None = None,
) -> Rating:
    """Give or change the dossier's rating: only once its result is returned; changeable for 7 days."""
    if dossier.state != State.RETURNED:
        raise FeedbackError("not_returned", _("A dossier can be rated once its result has been returned."))
    return _save_rating(
        dossier=dossier,
        level=level,
        criteria=criteria,
        comment=comment,
        officer=officer,
        counter=counter,
        channel=channel,
        now=now or timezone.now(),
    )


def _save_rating(*, dossier, level, criteria, comment, officer, counter, channel, now) -> Rating:
    if not 1 <= int(level) <= 5:
        raise FeedbackError("level", _("Choose how satisfied you are."))
    scores = {c: int(v) for c, v in (criteria or {}).items() if c in Criterion.values and 1 <= int(v) <= 5}
    fields = dict(level=int(level), comment=text.clean(comment)[:2000], updated_at=now)
    with transaction.atomic():
        rating = Rating.objects.select_for_update().filter(dossier=dossier).first()
        previous_level, previous_scores = 0, {}
        if rating is None:
            try:
                with transaction.atomic():
                    rating = Rating.objects.create(
                        dossier=dossier,
                        province_id=dossier.province_id,
                        agency_id=dossier.agency_id,
                        officer=officer or _officer_of(dossier),
                        counter=counter,
                        channel=channel,
                        created_at=now,
                        **fields,
                    )
            except IntegrityError:  # rated at the same moment elsewhere: that rating is the one to change
                rating = Rating.objects.select_for_update().get(dossier=dossier)
        else:
            if now - rating.created_at > EDITABLE_FOR:
                message = _("This rating was given more than 7 days ago and can no longer be changed.")
                raise FeedbackError("closed", message)
            previous_level = rating.level
            previous_scores = dict(RatingScore.objects.filter(rating=rating).values_list("criterion", "level"))
            for name, value in fields.items():
                setattr(rating, name, value)
            rating.save(update_fields=list(fields))
            RatingScore.objects.filter(rating=rating).delete()
        RatingScore.objects.bulk_create(
            RatingScore(rating=rating, province_id=rating.province_id, criterion=c, level=v) for c, v in scores.items()
        )
        publish_event(
            DossierRated(
                rating_id=rating.pk,
                dossier_id=dossier.pk,
                code=dossier.code,
                agency_id=dossier.agency_id,
                province_id=dossier.province_id,
                procedure_id=dossier.procedure_id,
                officer_id=rating.officer_id,
                counter_id=rating.counter_id,
                channel=rating.channel,
                level=rating.level,
                scores=scores,
                changed=bool(previous_level),  # an earlier rating was there (even one given this same instant)
                at=now,
                given_at=rating.created_at,
                previous_level=previous_level,
                previous_scores=previous_scores,
            )
        )
    return rating


def _officer_of(dossier: Dossier) -> User | None:
    return User.objects.filter(pk=dossier.received_by_id).first() if dossier.received_by_id else None


def open_tablet(
    *, officer: User, counter: Counter, dossier: Dossier | None = None, now: datetime | None = None
) -> CounterTablet:
    """The officer shows the rating on the counter's tablet: for the dossier the served ticket became, or else for
    the last dossier of that counter today."""
    now = now or timezone.now()
    if not RoleAssignment.objects.filter(user=officer, role=Role.COUNTER_OFFICER, counter=counter).exists():
        raise FeedbackError("forbidden", _("You do not work at this counter."))
    dossier = dossier or last_dossier_at_counter(counter=counter, now=now)
    if dossier is None:
        raise FeedbackError("no_dossier", _("No dossier was received or returned at this counter today."))
    tablet, _created = CounterTablet.objects.update_or_create(
        counter=counter, defaults={"officer": officer, "dossier": dossier, "opened_at": now}
    )
    return tablet


def pair_tablet(*, officer: User, counter: Counter, now: datetime | None = None) -> str:
    """An officer of the counter pairs the tablet in front of them with it; returns the token the tablet keeps
    (only its hash is stored). The counter's earlier pairing, if any, ends: one tablet per counter."""
    if not RoleAssignment.objects.filter(user=officer, role=Role.COUNTER_OFFICER, counter=counter).exists():
        raise FeedbackError("forbidden", _("You do not work at this counter."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        TabletPairing.objects.filter(counter=counter).delete()
        TabletPairing.objects.create(
            counter=counter, token_hash=_token_hash(token), paired_by=officer, paired_at=now or timezone.now()
        )
    return token


def is_paired(*, counter: Counter, token: str) -> bool:
    """Whether this token is the one the counter's tablet was paired with."""
    return bool(token) and TabletPairing.objects.filter(counter=counter, token_hash=_token_hash(token)).exists()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def rate_at_tablet(
    *,
    counter: Counter,
    level: int,
    criteria: dict[str, int] | None = None,
    comment: str = "",
    now: datetime | None = None,
) -> Rating:
    """The citizen rates the officer who served them; the tablet closes after one rating."""
    now = now or timezone.now()
    with transaction.atomic():
        tablet = (
            CounterTablet.objects.select_for_update()
            .select_related("dossier", "officer")
            .filter(counter=counter, opened_at__gte=now - TABLET_OPEN_FOR)
            .first()
        )
        if tablet is None:
            raise FeedbackError("closed_tablet", _("Nothing to rate now: ask the officer to show the rating."))
        dossier, officer = tablet.dossier, tablet.officer
        tablet.delete()
        # At the counter the citizen rates the service they just had, at reception as well as at return.
        return _save_rating(
            dossier=dossier,
            level=level,
            criteria=criteria,
            comment=comment,
            officer=officer,
            counter=counter,
            channel="tablet",
            now=now,
        )


# Feedback -----------------------------------------------------------------------------------------------------


def _next_code(now: datetime) -> str:
    day = timezone.localdate(now)
    number = increment(FeedbackSequence, key={"day": day}, field="last")
    return f"PA-{day:%y%m%d}-{number:04d}"


def _route(*, about: str, dossier: Dossier | None, agency: Agency | None, procedure: Procedure | None) -> Agency:
    """The dossier's agency, the chosen agency, the procedure's agency, else the province's centre."""
    if dossier is not None:
        return dossier.agency
    if agency is not None:
        return agency
    if procedure is not None:
        link = AgencyProcedure.objects.filter(procedure=procedure).select_related("agency").order_by("pk").first()
        if link is not None:
            return link.agency
    centre = Centre.objects.select_related("agency").filter(is_active=True, agency__level="province").first()
    centre = centre or Centre.objects.select_related("agency").filter(is_active=True).order_by("pk").first()
    if centre is not None:
        return centre.agency
    root = Agency.objects.filter(parent__isnull=True, is_active=True).order_by("pk").first()
    if root is None:
        raise FeedbackError("no_agency", _("There is no agency to send feedback to yet."))
    return root


@transaction.atomic
def submit_feedback(
    *,
    about: str,
    subject: str,
    body: str,
    dossier_code: str = "",
    agency: Agency | None = None,
    procedure_code: str = "",
    officer_text: str = "",
    name: str = "",
    email: str = "",
    phone: str = "",
    publish_ok: bool = False,
    now: datetime | None = None,
) -> Feedback:
    now = now or timezone.now()
    about = about if about in About.values else About.OTHER
    dossier_code = dossier_code.strip()[:40] if about == About.DOSSIER else ""
    dossier = Dossier.objects.select_related("agency").filter(code=dossier_code).first() if dossier_code else None
    procedure = None
    if about == About.PROCEDURE and procedure_code.strip():
        procedure = Procedure.objects.filter(code=procedure_code.strip()).first()
    target = _route(
        about=about,
        dossier=dossier,
        agency=agency if about in (About.AGENCY, About.OFFICER) else None,
        procedure=procedure,
    )
    with transaction.atomic():
        feedback = _create_feedback(
            target=target,
            about=about,
            dossier=dossier,
            dossier_code=dossier_code,
            procedure=procedure,
            officer_text=officer_text,
            subject=subject,
            body=body,
            name=name,
            email=email,
            phone=phone,
            publish_ok=publish_ok,
            now=now,
        )
        publish_event(
            FeedbackSubmitted(
                feedback_id=feedback.pk,
                agency_id=feedback.agency_id,
                province_id=feedback.province_id or feedback.agency_id,
                at=now,
                due_at=feedback.due_at,
            )
        )
    return feedback


def _create_feedback(
    *, target, about, dossier, dossier_code, procedure, officer_text, subject, body, name, email, phone, publish_ok, now
) -> Feedback:
    return Feedback.objects.create(
        code=_next_code(now),
        secret="".join(secrets.choice(SECRET_ALPHABET) for _i in range(8)),
        province_id=target.province_id or target.pk,
        agency=target,
        about=about,
        dossier=dossier,
        dossier_code=dossier_code,
        procedure=procedure,
        officer_text=text.clean(officer_text, keep_newlines=False)[:255],
        subject=text.clean(subject, keep_newlines=False)[:200],
        text=text.clean(body)[:5000],
        name=text.clean(name, keep_newlines=False)[:255],
        email=email.strip()[:254],
        phone=phone.strip()[:20],
        publish_ok=publish_ok,
        created_at=now,
        due_at=calendar_for().due(now, ANSWER_WORKING_DAYS, "working_day"),
    )


def answer_feedback(*, feedback_id: int, user: User, answer: str, publish: bool = False) -> Feedback:
    """Staff of the agency the feedback was routed to answer it; the citizen is told when they left a contact."""
    answer = text.clean(answer)[:5000]
    if not answer.strip():
        raise FeedbackError("empty", _("Write the answer."))
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().filter(pk=feedback_id).first()
        if feedback is None or feedback.agency_id not in agency_ids_for(user):
            raise FeedbackError("not_found", _("This feedback is not one of your agencies'."))
        first = feedback.answered_at is None
        feedback.answer, feedback.answered_by = answer, user
        feedback.answered_at = feedback.answered_at or timezone.now()
        feedback.published = bool(publish and feedback.publish_ok)
        feedback.save(update_fields=["answer", "answered_by", "answered_at", "published"])
        if first:
            publish_event(
                FeedbackAnswered(
                    feedback_id=feedback.pk,
                    agency_id=feedback.agency_id,
                    province_id=feedback.province_id or feedback.agency_id,
                    at=feedback.answered_at,
                    due_at=feedback.due_at,
                )
            )
        if feedback.email or feedback.phone:
            transaction.on_commit(lambda: _notify(feedback))
    return feedback


def reading_url(feedback: Feedback) -> str:
    """Where the citizen reads the answer: the code and its secret, like the receipt's QR code."""
    base = getattr(settings, "PUBLIC_URL", "").rstrip("/")
    return f"{base}/phan-anh/{feedback.code}/?{urlencode({'bi-mat': feedback.secret})}"


def _notify(feedback: Feedback) -> None:
    try:
        context = {"code": feedback.code, "subject": feedback.subject, "lookup_url": reading_url(feedback)}
        enqueue("feedback_answered", to_email=feedback.email, to_phone=feedback.phone, context=context)
    except Exception:  # a missing template must not lose the answer: it is saved, the citizen can read it
        log.exception("could not queue the answer notification for feedback %s", feedback.code)
