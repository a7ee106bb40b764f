"""Ratings of a dossier's handling (đánh giá) and citizens' feedback (phản ánh, kiến nghị)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure
from motcua.core.models import Agency, Counter
from motcua.dossiers.models import Dossier, province_field


class Level(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    NEUTRAL = 3, _("Neutral")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


SATISFIED_LEVELS = (Level.VERY_SATISFIED, Level.SATISFIED)


class Criterion(models.TextChoices):
    """The nine criteria provinces use to measure satisfaction (docs/domain.md, "The rules")."""

    TOTAL_TIME = "total_time", _("Total handling time against the rule")
    AGENCY_TIME = "agency_time", _("Each agency's handling time (coordination included)")
    RETURNS = "returns", _("How many times you had to come back to complete the dossier")
    AGENCIES_CONTACTED = "agencies_contacted", _("How many agencies you had to contact")
    ONE_STOP = "one_stop", _("Reception, handling and return at the one-stop desk")
    PUBLICITY = "publicity", _("Publicity of the procedure")
    ATTITUDE = "attitude", _("The officers' attitude")
    FEEDBACK_HANDLING = "feedback_handling", _("How feedback was taken and answered")
    ONLINE_SERVICE = "online_service", _("Progress and quality of the online service")


class RatingChannel(models.TextChoices):
    ONLINE = "online", _("Online, with the dossier's secret")
    TABLET = "tablet", _("Tablet at the counter")


class Rating(models.Model):
    """One rating per dossier. Who gave it is not stored: the dossier alone is the key."""

    # One per dossier (Meta): the key holds the province, as Citus needs, so this is not a one-to-one field.
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+", db_index=False)
    province = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")  # the dossier's
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counter = models.ForeignKey(Counter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.CharField(max_length=8, choices=RatingChannel.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["agency", "created_at"], name="rating_agency_created"),
            # The hall's rating board reads a centre's month, whatever the agency.
            models.Index(fields=["created_at"], name="rating_created"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "province"], name="rating_one_per_dossier"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="rating_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.level}"


class RatingScore(models.Model):
    """The level given to one of the nine criteria (optional)."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="scores")
    province = province_field()  # the rating's
    criterion = models.CharField(max_length=24, choices=Criterion.choices)
    level = models.PositiveSmallIntegerField(choices=Level.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rating", "criterion", "province"], name="rating_score_unique")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level}"


class CounterTablet(models.Model):
    """The counter's tablet, opened by the officer for the citizen they just served."""

    counter = models.OneToOneField(Counter, on_delete=models.CASCADE, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.counter_id}: {self.dossier_id}"


class TabletPairing(models.Model):
    """A tablet an officer of the counter paired with it: only the hash of its token is kept (the tablet holds
    the token in a signed cookie), so the database alone cannot pose as the tablet."""

    counter = models.ForeignKey(Counter, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    paired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    paired_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.counter_id}: {self.paired_at:%Y-%m-%d}"


class About(models.TextChoices):
    DOSSIER = "dossier", _("A dossier")
    AGENCY = "agency", _("An agency")
    OFFICER = "officer", _("An officer or a counter")
    PROCEDURE = "procedure", _("A procedure")
    OTHER = "other", _("Something else")


class Feedback(models.Model):
    """A citizen's complaint or suggestion, routed to an agency, answered within a deadline."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    secret = models.CharField(max_length=16)
    province = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    about = models.CharField(_("about"), max_length=12, choices=About.choices)
    dossier = models.ForeignKey(Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    dossier_code = models.CharField(max_length=40, blank=True)
    procedure = models.ForeignKey(Procedure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    officer_text = models.CharField(_("officer or counter"), max_length=255, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    name = models.CharField(_("name"), max_length=255, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    publish_ok = models.BooleanField(default=False)  # the citizen agrees to the answer being published
    created_at = models.DateTimeField()
    due_at = models.DateTimeField()
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [
            models.Index(fields=["due_at", "id"], condition=Q(answered_at__isnull=True), name="feedback_open_due"),
            models.Index(fields=["agency", "due_at"], name="feedback_agency_due"),
            models.Index(fields=["answered_at", "id"], condition=Q(published=True), name="feedback_published"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(published=False) | Q(publish_ok=True), name="feedback_publish_consent")
        ]

    def __str__(self) -> str:
        return self.code


class FeedbackSequence(models.Model):
    """The last feedback number of a day: codes are PA-YYMMDD-NNNN."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"
