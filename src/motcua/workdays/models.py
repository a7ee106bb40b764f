"""What the working calendar is made of, as administrators record it: office hours, each year's official
schedule of days off and make-up days. The arithmetic itself is in engine.py (pure Python)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import Centre
from motcua.workdays.engine import CalendarError, Period, check_periods, hm

_PERIOD = re.compile(r"^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def parse_periods(text: str) -> tuple[Period, ...]:
    """ "07:30-11:30, 13:30-17:00" → periods in seconds; empty text → no periods."""
    periods = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        match = _PERIOD.match(part)
        if not match:
            raise ValidationError(_("“%(part)s” is not a period like 07:30-11:30.") % {"part": part})
        try:
            periods.append((hm(match.group(1)), hm(match.group(2))))
        except ValueError as exc:
            raise ValidationError(_("“%(part)s” is not a period like 07:30-11:30.") % {"part": part}) from exc
    try:
        return check_periods(periods)
    except CalendarError as exc:
        raise ValidationError(_("Periods must be ordered and must not overlap: %(text)s") % {"text": text}) from exc


def validate_periods(text: str) -> None:
    parse_periods(text)


class WorkSchedule(models.Model):
    """Office hours per weekday: the province's default, or a centre's own (provinces and centres differ)."""

    name = models.CharField(_("name"), max_length=100)
    centre = models.OneToOneField(
        Centre,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="work_schedule",
        verbose_name=_("centre"),
        help_text=_("Empty: the default for every centre without its own."),
    )
    monday = models.CharField(_("Monday"), max_length=100, blank=True, validators=[validate_periods])
    tuesday = models.CharField(_("Tuesday"), max_length=100, blank=True, validators=[validate_periods])
    wednesday = models.CharField(_("Wednesday"), max_length=100, blank=True, validators=[validate_periods])
    thursday = models.CharField(_("Thursday"), max_length=100, blank=True, validators=[validate_periods])
    friday = models.CharField(_("Friday"), max_length=100, blank=True, validators=[validate_periods])
    saturday = models.CharField(_("Saturday"), max_length=100, blank=True, validators=[validate_periods])
    sunday = models.CharField(_("Sunday"), max_length=100, blank=True, validators=[validate_periods])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        constraints = [
            models.UniqueConstraint(fields=["name"], condition=Q(centre__isnull=True), name="one_default_schedule")
        ]

    def __str__(self) -> str:
        return self.name

    def weekly(self) -> dict[int, tuple[Period, ...]]:
        return {i: parse_periods(getattr(self, day)) for i, day in enumerate(WEEKDAYS)}


class OfficialYear(models.Model):
    """A year whose official schedule is recorded: its exceptions alone then count (not the package's)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    unconfirmed = models.TextField(
        _("announced but unconfirmed"),
        blank=True,
        help_text=_("Days reported by the loader and not applied."),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("official year schedule")
        verbose_name_plural = _("official year schedules")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    WORKING_DAY = "working_day", _("Extra working day")


class CalendarDay(models.Model):
    """A date that is not what its weekday says: a weekday off, a make-up Saturday, a half day."""

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    periods = models.CharField(
        _("office periods"),
        max_length=100,
        blank=True,
        validators=[validate_periods],
        help_text=_("Empty: the whole day off, or a normal working day. For a half day: 07:30-11:30."),
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    basis = models.CharField(_("legal basis"), max_length=255, blank=True, help_text=_("e.g. TB 9441/TB-BNV"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} – {self.get_kind_display()}"


class CalendarRevision(models.Model):
    """Changed by every write to calendar data, so that calendars cached in each process know to rebuild.

    A random token rather than a counter: a restored backup or a rolled-back transaction can bring a counter
    back to a value some process has already cached, never a token.
    """

    token = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = _("calendar revision")
        verbose_name_plural = _("calendar revisions")

    def __str__(self) -> str:
        return self.token or f"#{self.pk}"
