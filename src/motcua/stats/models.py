"""Counters kept as dossiers move: pages read these small tables, never the dossier table."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure
from motcua.core.models import Agency


class ProcedureMonth(models.Model):
    """Dossiers submitted for a procedure in a province in a (local) month: one row per procedure and month.

    Counted per procedure, not per version, so that a new version of a procedure keeps its popularity."""

    # The province-level root, as Dossier.province: the key big tables carry (later: Citus distribution).
    province = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+", verbose_name=_("procedure"))
    month = models.DateField(_("month"), help_text=_("The first day of the month"))
    received = models.PositiveIntegerField(_("dossiers submitted"), default=0, db_default=0)
    received_online = models.PositiveIntegerField(_("of them online"), default=0, db_default=0)
    # Dossiers resolved in the month (by their result's month) that had a fee, every one paid online: Decision
    # 766's "procedures with a fee paid online at least once" needs them per procedure.
    paid_online = models.PositiveIntegerField(_("resolved with fees paid online"), default=0, db_default=0)

    class Meta:
        verbose_name = _("dossiers of a procedure in a month")
        verbose_name_plural = _("dossiers of procedures per month")
        constraints = [
            models.UniqueConstraint(fields=["province", "procedure", "month"], name="procedure_month_unique"),
        ]
        indexes = [
            # "Top N over the last 12 months": a range of months read from the index alone (the counts are in it).
            models.Index(fields=["month", "procedure", "received"], name="procedure_month_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id} {self.month:%Y-%m}: {self.received}"


def _figure(label: str) -> models.IntegerField:
    # db_default: the one-statement upsert (core.counters.add) inserts only the columns it raises.
    return models.IntegerField(label, default=0, db_default=0)


class Figures(models.Model):
    """The columns every table of figures shares (stats.rules.COLUMNS): flows of the day, changes of stocks."""

    received = _figure(_("received"))
    received_full_online = _figure(_("received online, full online service"))
    digitised = _figure(_("digitised at reception"))
    reused = _figure(_("reusing stored documents"))
    resolved = _figure(_("resolved"))
    resolved_early = _figure(_("resolved early"))
    resolved_on_time = _figure(_("resolved on time"))
    resolved_late = _figure(_("resolved late"))
    resolved_late_apologised = _figure(_("resolved late, with an apology"))
    on_the_spot = _figure(_("resolved on the spot"))
    electronic_result = _figure(_("with an electronic result"))
    with_fee = _figure(_("with a fee"))
    paid_online = _figure(_("paid online"))
    working_minutes = _figure(_("working minutes to the result"))
    refused = _figure(_("refused"))
    stopped = _figure(_("stopped"))
    withdrawn = _figure(_("withdrawn"))
    returned = _figure(_("results returned"))
    supplement_requested = _figure(_("supplement requests"))
    extended = _figure(_("extensions with an apology"))
    open_change = _figure(_("change of dossiers in progress"))
    late_change = _figure(_("change of dossiers in progress late"))

    class Meta:
        abstract = True


class DayFigures(Figures):
    """A day's figures of the dossiers of one procedure at one agency, received at one centre through one channel.
    Flows are counted on the local day they happen; see stats.rules for the stocks."""

    day = models.DateField(_("day"))
    province = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    centre_key = models.PositiveIntegerField(_("centre"), help_text=_("The centre's id; 0: none (online, post)"))
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+", verbose_name=_("procedure"))
    field_key = models.PositiveIntegerField(
        _("field"), help_text=_("The field's id (of the dossier's version); 0: none")
    )
    channel = models.CharField(_("channel"), max_length=8)

    class Meta:
        verbose_name = _("figures of a day")
        verbose_name_plural = _("figures per day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "province", "agency", "centre_key", "procedure", "field_key", "channel"],
                name="day_figures_unique",
            ),
        ]
        indexes = [models.Index(fields=["procedure", "day"], name="day_figures_procedure")]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}/{self.procedure_id}/{self.channel}"


class MonthFigures(Figures):
    """The same figures by month, agency, field and channel: what dashboards of a province-year read (a few
    thousand rows a year whatever the number of dossiers)."""

    month = models.DateField(_("month"), help_text=_("The first day of the month"))
    province = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    field_key = models.PositiveIntegerField(_("field"), help_text=_("The field's id; 0: none"))
    channel = models.CharField(_("channel"), max_length=8)

    class Meta:
        verbose_name = _("figures of a month")
        verbose_name_plural = _("figures per month")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "province", "agency", "field_key", "channel"], name="month_figures_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.agency_id}/{self.field_key}/{self.channel}"


class StockTotal(models.Model):
    """The sum of every stock change ever counted for one procedure at one agency through one channel (future
    days included: a late change is dated on the appointment). The stock at the end of a day is this total minus
    the changes dated after it, so reading it costs the days after that day, not the whole history."""

    province = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+", verbose_name=_("procedure"))
    field_key = models.PositiveIntegerField(_("field"))
    channel = models.CharField(_("channel"), max_length=8)
    open_change = _figure(_("dossiers in progress"))
    late_change = _figure(_("dossiers in progress late, with those due later"))

    class Meta:
        verbose_name = _("stock total")
        verbose_name_plural = _("stock totals")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "agency", "procedure", "field_key", "channel"], name="stock_total_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.procedure_id}/{self.channel}: {self.open_change}, {self.late_change}"


class OfficerDay(models.Model):
    """What one officer did in a day at one agency: receptions, steps by timeliness, approvals, returns."""

    day = models.DateField(_("day"))
    province = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("officer")
    )
    received = _figure(_("dossiers received"))
    steps_finished = _figure(_("steps finished"))
    steps_early = _figure(_("steps finished early"))
    steps_on_time = _figure(_("steps finished on time"))
    steps_late = _figure(_("steps finished late"))
    approved = _figure(_("results approved"))
    supplement_requested = _figure(_("supplement requests"))
    returned = _figure(_("results returned"))

    class Meta:
        verbose_name = _("figures of an officer's day")
        verbose_name_plural = _("figures of officers per day")
        constraints = [
            models.UniqueConstraint(fields=["day", "province", "agency", "officer"], name="officer_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.officer_id}@{self.agency_id}"


class StepMonth(models.Model):
    """Processing steps finished in a month, by the agency whose step it was and the step's name, and how many of
    them late: where dossiers fall behind."""

    month = models.DateField(_("month"), help_text=_("The first day of the month"))
    province = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    step_name = models.CharField(_("step"), max_length=255)
    finished = _figure(_("steps finished"))
    late = _figure(_("steps finished late"))

    class Meta:
        verbose_name = _("steps of a month")
        verbose_name_plural = _("steps per month")
        constraints = [
            models.UniqueConstraint(fields=["month", "province", "agency", "step_name"], name="step_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.agency_id} {self.step_name}: {self.late}/{self.finished}"


class RatingDay(models.Model):
    """Ratings given on a day (the day of the rating, whatever later change), per level: `criterion` is empty for
    the overall level, else one of the nine criteria. Who rated is never known; the officer and counter rated
    are (0: none)."""

    day = models.DateField(_("day"))
    province = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+", verbose_name=_("procedure"))
    counter_key = models.PositiveIntegerField(_("counter"))
    officer_key = models.PositiveIntegerField(_("officer"))
    criterion = models.CharField(_("criterion"), max_length=24, blank=True)
    level = models.PositiveSmallIntegerField(_("level"))
    ratings = _figure(_("ratings"))

    class Meta:
        verbose_name = _("ratings of a day")
        verbose_name_plural = _("ratings per day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "province", "agency", "procedure", "counter_key", "officer_key", "criterion", "level"],
                name="rating_day_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id} {self.criterion or 'overall'} {self.level}: {self.ratings}"


class RatingMonth(models.Model):
    """The ratings of RatingDay by month, agency, criterion and level: what dashboards of a year read."""

    month = models.DateField(_("month"), help_text=_("The first day of the month"))
    province = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    criterion = models.CharField(_("criterion"), max_length=24, blank=True)
    level = models.PositiveSmallIntegerField(_("level"))
    ratings = _figure(_("ratings"))

    class Meta:
        verbose_name = _("ratings of a month")
        verbose_name_plural = _("ratings per month")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "province", "agency", "criterion", "level"], name="rating_month_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.agency_id} {self.criterion or 'overall'} {self.level}: {self.ratings}"


class FeedbackDay(models.Model):
    """Feedback (phản ánh, kiến nghị) routed to an agency: received on the day, answered on the day (in time or
    not, against its deadline)."""

    day = models.DateField(_("day"))
    province = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    received = _figure(_("feedback received"))
    answered = _figure(_("feedback answered"))
    answered_on_time = _figure(_("feedback answered in time"))

    class Meta:
        verbose_name = _("feedback of a day")
        verbose_name_plural = _("feedback per day")
        constraints = [models.UniqueConstraint(fields=["day", "province", "agency"], name="feedback_day_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}: {self.received}/{self.answered}"


class Target(models.Model):
    """A centre's (or province's) target for a share, set by an administrator, e.g. at least 20% of dossiers on
    the spot or online (Lai Châu). Dashboards draw each share against it."""

    class Measure(models.TextChoices):
        ON_TIME = "on_time", _("Resolved early or on time")
        ONLINE = "online", _("Received online")
        ON_THE_SPOT_OR_ONLINE = "spot_or_online", _("Resolved on the spot or received online")
        SATISFIED = "satisfied", _("Satisfied ratings")
        DIGITISED = "digitised", _("Digitised at reception")

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("agency"),
        help_text=_("The province or agency the target is for; it holds for the agencies under it"),
    )
    measure = models.CharField(_("share"), max_length=16, choices=Measure.choices)
    percent = models.DecimalField(
        _("at least (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["agency", "measure"], name="target_unique")]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} ≥ {self.percent}%"
