"""Procedures (thủ tục hành chính) and their versions.

A procedure is identified by its national code. What it says lives in versions: a version that is no longer a
draft is never edited (a dossier may be pinned to it); a change makes a new version. At most one version of
a procedure is published (what citizens see) and exactly one is the latest (what staff work on).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core import text
from motcua.core.models import Agency


class Channel(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    ONLINE = "online", _("Online")
    POSTAL = "postal", _("By post")


class DeadlineUnit(models.TextChoices):
    WORKING_DAY = "working_day", _("working days")
    CALENDAR_DAY = "calendar_day", _("days")
    WORKING_HOUR = "working_hour", _("working hours")
    MONTH = "month", _("months")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Full online service")  # toàn trình
    PARTIAL = "partial", _("Partial online service")  # một phần
    NONE = "none", _("Not online")


class Level(models.TextChoices):
    MINISTRY = "ministry", _("Ministry level")
    PROVINCE = "province", _("Province level")
    COMMUNE = "commune", _("Commune level")
    OTHER = "other", _("Other bodies")


class Field(models.Model):
    """A field of procedures (lĩnh vực), e.g. "Hộ tịch"."""

    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, unique=True, editable=False)
    name_sort = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name_sort"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = text.clean(self.name, keep_newlines=False)
        self.name_folded = text.fold(self.name)
        self.name_sort = text.sort_key(self.name)
        super().save(*args, **kwargs)


class Procedure(models.Model):
    """A procedure's identity; what it says is in its versions."""

    code = models.CharField(_("national code"), max_length=32, unique=True)
    latest_version = models.OneToOneField(
        "ProcedureVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("latest version"),
    )
    published_version = models.OneToOneField(
        "ProcedureVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published version"),
    )
    agencies = models.ManyToManyField(
        Agency,
        through="AgencyProcedure",
        related_name="procedures",
        verbose_name=_("implementing agencies"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        version = self.latest_version
        return f"{self.code} – {version.name}" if version else self.code


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Fields of a version that may change after it leaves the draft state: its life cycle, not its content.
LIFECYCLE_FIELDS = frozenset({"status", "withdrawn_at", "is_latest"})


class ProcedureVersion(models.Model):
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="versions", verbose_name=_("procedure")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    is_latest = models.BooleanField(default=True, editable=False)

    name = models.TextField(_("name"))
    field = models.ForeignKey(
        Field, null=True, blank=True, on_delete=models.PROTECT, related_name="versions", verbose_name=_("field")
    )
    levels = models.CharField(
        _("levels"), max_length=64, blank=True, help_text=_("Comma-separated: ministry, province, commune, other")
    )
    procedure_type = models.CharField(_("procedure type"), max_length=255, blank=True)
    implementing_agency = models.TextField(_("implementing agency"), blank=True)
    competent_agency = models.TextField(_("competent agency"), blank=True)
    coordinating_agency = models.TextField(_("coordinating agency"), blank=True)
    delegated_agency = models.TextField(_("delegated agency"), blank=True)
    reception_address = models.TextField(_("where to submit"), blank=True)
    target_groups = models.TextField(_("who may apply"), blank=True, help_text=_("One group per line"))
    steps = models.TextField(_("steps"), blank=True)
    result = models.TextField(_("result"), blank=True)
    conditions = models.TextField(_("requirements and conditions"), blank=True)
    online_level = models.CharField(
        _("online service level"), max_length=8, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )

    # Publicity (Decree 118/2025; 18 points of the Decision 766 index): when the competent authority
    # decided the procedure, when we published it, when it was withdrawn.
    decision_number = models.CharField(_("decision announcing it"), max_length=255, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    source = models.CharField(_("source"), max_length=32, blank=True)
    source_url = models.TextField(_("source address"), blank=True)
    content_hash = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    # Search and order: folded text of name, code, field and agencies; Vietnamese sort key of the name.
    search_text = models.TextField(editable=False, default="")
    name_folded = models.TextField(editable=False, default="")
    name_sort = models.CharField(max_length=255, editable=False, default="")

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="version_number_unique"),
            models.UniqueConstraint(
                fields=["procedure"], condition=Q(status="published"), name="one_published_version"
            ),
            models.UniqueConstraint(fields=["procedure"], condition=Q(is_latest=True), name="one_latest_version"),
        ]
        indexes = [
            models.Index(fields=["status", "name_sort"], name="version_status_sort"),
            models.Index(fields=["is_latest", "name_sort"], name="version_latest_sort"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and not (update_fields and set(update_fields) <= LIFECYCLE_FIELDS):
            stored = ProcedureVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored is not None and stored != VersionStatus.DRAFT:
                raise ValidationError(_("A version that is no longer a draft cannot be changed; make a new version."))
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def level_list(self) -> list[str]:
        return [lv for lv in self.levels.split(",") if lv]

    def get_levels_display(self) -> str:
        labels = dict(Level.choices)
        return ", ".join(str(labels.get(lv, lv)) for lv in self.level_list)

    @property
    def target_group_list(self) -> list[str]:
        return [g for g in self.target_groups.split("\n") if g]


class ProcedureChannel(models.Model):
    """A way to submit (hình thức nộp) with its legal time limit and fees."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="channels", verbose_name=_("version")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    deadline_amount = models.DecimalField(_("time limit"), max_digits=8, decimal_places=2, null=True, blank=True)
    deadline_unit = models.CharField(_("unit"), max_length=16, choices=DeadlineUnit.choices, blank=True)
    deadline_text = models.TextField(_("time limit as published"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["version", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "channel"], name="channel_once_per_version"),
            models.CheckConstraint(
                condition=Q(deadline_amount__isnull=True) | ~Q(deadline_unit=""),
                name="deadline_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.get_channel_display()

    @property
    def has_deadline(self) -> bool:
        return self.deadline_amount is not None and bool(self.deadline_unit)


class ChannelFee(models.Model):
    """A fee (phí) or charge (lệ phí): an amount, free (0), or only a note."""

    channel = models.ForeignKey(
        ProcedureChannel, on_delete=models.CASCADE, related_name="fees", verbose_name=_("channel")
    )
    label = models.TextField(_("kind"), blank=True)
    amount = models.BigIntegerField(_("amount"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="VND")
    note = models.TextField(_("note"), blank=True)
    # An amount the source gives that cannot be right (importers/fees.py is_doubtful): never prefilled at a
    # counter, listed for an administrator to confirm or correct in a new version.
    needs_review = models.BooleanField(_("amount to confirm"), default=False, db_index=True)

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["channel", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0), name="fee_not_negative")
        ]

    def __str__(self) -> str:
        if self.amount is None:
            return self.note
        return f"{self.amount:,} {self.currency}"

    @property
    def is_free(self) -> bool:
        return self.amount == 0


class FeeToConfirm(ChannelFee):
    """The administrators' review list: fees whose amount the source gives cannot be right."""

    class Meta:
        proxy = True
        verbose_name = _("fee to confirm")
        verbose_name_plural = _("fees to confirm")


class RequiredDocument(models.Model):
    """A document of the dossier (thành phần hồ sơ) with how many originals and copies."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="documents", verbose_name=_("version")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.TextField(_("name"))
    originals = models.PositiveSmallIntegerField(_("originals"), null=True, blank=True)
    copies = models.PositiveSmallIntegerField(_("copies"), null=True, blank=True)
    form_name = models.TextField(_("form"), blank=True)
    form_file = models.FileField(_("form file"), upload_to="forms/%Y/", blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["version", "position", "id"]

    def __str__(self) -> str:
        return self.name


class LegalBasis(models.Model):
    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="legal_basis", verbose_name=_("version")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.TextField(_("document number"), blank=True)
    title = models.TextField(_("title"), blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer = models.TextField(_("issued by"), blank=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal basis")
        ordering = ["version", "position", "id"]

    def __str__(self) -> str:
        return self.code or self.title[:80]
