"""The dossier (hồ sơ) and everything recorded about it: applicant, documents, fees, steps, history."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel, DeadlineUnit, Procedure, ProcedureVersion
from motcua.core.models import Agency, Centre, Counter, Role
from motcua.dossiers.states import State


def province_field() -> models.ForeignKey:
    """The distribution column of a dossier table (docs/sharding.md): the dossier's province, copied from it by
    the service that writes the row. No index of its own: the unique keys that end with it are the indexes."""
    return models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", db_index=False)


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class Applicant(models.Model):
    """A person (CCCD number) or an organisation (tax code) who applies; owns a store of digitised documents."""

    kind = models.CharField(_("kind"), max_length=16, choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    id_number = models.CharField(_("ID number or tax code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    # When an officer last received a dossier from them with their identity card in hand: only then do the
    # phone and e-mail here speak for this ID number (a citizen's account finds these dossiers by them).
    checked_at = models.DateTimeField(_("checked at the counter"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        indexes = [
            models.Index(fields=["phone"], condition=~Q(phone=""), name="applicant_phone"),
            models.Index(fields=["email"], condition=~Q(email=""), name="applicant_email"),
        ]

    def __str__(self) -> str:
        return self.name


class StoredFile(models.Model):
    """An uploaded scan or result: stored under a generated name, checked by content, with its SHA-256."""

    file = models.FileField(_("file"), upload_to="dossiers/%Y/%m/")
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=100)
    original_name = models.CharField(_("original name"), max_length=255, blank=True)
    title = models.CharField(_("what it is"), max_length=500, blank=True)
    # In the applicant's store of digitised documents, reusable by later dossiers.
    applicant = models.ForeignKey(
        Applicant, null=True, blank=True, on_delete=models.SET_NULL, related_name="files", verbose_name=_("applicant")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # In a citizen's own store ("my documents"): kept until they remove it, reusable in their online dossiers.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="stored_files",
        verbose_name=_("owner"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.title or self.original_name or self.file.name


class DailySequence(models.Model):
    """The last dossier number given by an agency on a day: codes are <agency>-<YYMMDD>-<NNNN>."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    province = province_field()  # the agency's
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day", "province"], name="daily_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last}"


class ReturnMethod(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    POST = "post", _("By post")
    ONLINE = "online", _("Online")


class Timeliness(models.TextChoices):
    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class Dossier(models.Model):
    code = models.CharField(_("code"), max_length=40)  # unique with the province (Meta): the look-up's index
    lookup_secret = models.CharField(_("look-up secret"), max_length=16)
    # The province-level root of the handling agency: the distribution column of every dossier table (Citus).
    province = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("agency"))
    centre = models.ForeignKey(
        Centre, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("centre")
    )
    counter = models.ForeignKey(
        Counter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("counter")
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("procedure")
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("procedure version")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)

    applicant = models.ForeignKey(
        Applicant, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("applicant")
    )
    # The applicant as they were at reception: what the forms print, whatever changes later.
    applicant_name = models.CharField(_("applicant name"), max_length=255)
    applicant_id_number = models.CharField(_("ID number or tax code"), max_length=20)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=255, blank=True)

    state = models.CharField(_("state"), max_length=24, choices=[(s.value, s.value) for s in State])
    version = models.PositiveIntegerField(_("version"), default=1)  # optimistic concurrency
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    # The appointment given to the applicant; never recomputed when calendar data changes later.
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(_("first appointment"), null=True, blank=True)
    limit_amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    limit_unit = models.CharField(max_length=16, choices=DeadlineUnit.choices, blank=True)
    pause_policy = models.CharField(max_length=8, default="pause")
    paused_since = models.DateTimeField(null=True, blank=True)
    state_before_supplement = models.CharField(max_length=24, blank=True)
    supplement_count = models.PositiveSmallIntegerField(default=0)
    extended = models.BooleanField(_("extended"), default=False)
    current_step = models.ForeignKey("DossierStep", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Where an unfinished dossier waits: its current step's agency, role and assignee, kept with it by the services
    # (clock.point_at). The inbox reads a person's work, or a unit's free work by role, from the dossier alone in
    # due order (indexes dossier_open_assignee / dossier_open_free), instead of joining every open step of theirs
    # to its dossier and sorting them. A dossier finished before these existed keeps them empty.
    step_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    step_role = models.CharField(max_length=24, blank=True)
    step_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    timeliness = models.CharField(_("timeliness"), max_length=8, choices=Timeliness.choices, blank=True)
    return_method = models.CharField(
        _("result delivered"), max_length=8, choices=ReturnMethod.choices, default=ReturnMethod.COUNTER
    )
    return_address = models.CharField(_("address for the result"), max_length=255, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_receiver = models.CharField(_("received by"), max_length=255, blank=True)
    return_tracking = models.CharField(_("postal tracking number"), max_length=64, blank=True)
    result_file = models.ForeignKey(StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The citizen's account that submitted it online ("my dossiers").
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
        db_index=False,
    )
    search_text = models.CharField(max_length=400, default="")  # folded code, applicant name and number
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        # Codes carry the agency's code, so they are unique nationally; the province makes the key Citus's.
        constraints = [models.UniqueConstraint(fields=["code", "province"], name="dossier_code_unique")]
        indexes = [
            models.Index(fields=["agency", "state", "due_at", "id"], name="dossier_agency_inbox"),
            models.Index(fields=["province", "state", "due_at", "id"], name="dossier_province_inbox"),
            models.Index(fields=["applicant_id_number"], name="dossier_applicant_number"),
            models.Index(fields=["agency", "received_at"], name="dossier_agency_received"),
            # Results returned today (supervision) and in a period (statistics' rebuild): a range per agency.
            models.Index(fields=["agency", "returned_at"], name="dossier_agency_returned"),
            # A citizen's dossiers: the few submitted from an account, not a null for each of the millions.
            models.Index(
                fields=["submitted_by", "id"], condition=Q(submitted_by__isnull=False), name="dossier_submitted_by"
            ),
            # Work still being handled (submitted, received, in progress, awaiting a supplement; a few % of the
            # dossiers), soonest due first: the inbox of open work. The condition has no parameters, so SQLite
            # uses these partial indexes too (it cannot match bound "state IN (...)" values against an index's),
            # and both planners know how few rows they hold.
            models.Index(fields=["due_at", "id"], condition=Q(finished_at__isnull=True), name="dossier_unfinished_due"),
            # Supervision's late / due-soon / apology counts per agency read paused_since and extended too: with
            # them in the index the counts are read from it alone, not from ~1 heap page per open dossier (at
            # 10 M dossiers, 8,000 random reads and ~230 ms).
            models.Index(
                fields=["agency", "due_at", "id", "paused_since", "extended"],
                condition=Q(finished_at__isnull=True),
                name="dossier_unfinished_agency_due",
            ),
            # The inbox's two sources (desk.selectors.inbox): a person's open work, and a unit's free open work by
            # role, each read in due order from its index and merged, whatever the unit's backlog.
            models.Index(
                fields=["step_assignee", "due_at", "id"],
                condition=Q(finished_at__isnull=True, step_assignee__isnull=False),
                name="dossier_open_assignee",
            ),
            models.Index(
                fields=["step_agency", "step_role", "due_at", "id"],
                condition=Q(finished_at__isnull=True, step_assignee__isnull=True),
                name="dossier_open_free",
            ),
            # The return desk: results waiting to be collected, earliest appointment first, the agency in the index
            # so that an officer of a few agencies filters them without reading the rows.
            models.Index(
                fields=["due_at", "id", "agency"], condition=Q(state="result_ready"), name="dossier_result_ready"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class DossierStep(models.Model):
    """One step of the dossier's internal process, with its own clock (rõ người, rõ việc, rõ thời gian)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    province = province_field()
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=255)
    public_name = models.CharField(max_length=255, blank=True)
    role = models.CharField(max_length=24, choices=Role.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")  # another agency = liên thông
    budget_amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    budget_unit = models.CharField(max_length=16, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    timeliness = models.CharField(max_length=8, choices=Timeliness.choices, blank=True)

    class Meta:
        ordering = ["dossier", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "position", "province"], name="dossier_step_position_unique")
        ]
        indexes = [
            models.Index(fields=["agency", "finished_at", "due_at"], name="dossier_step_unit_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class DossierDocument(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    province = province_field()
    position = models.PositiveSmallIntegerField(default=0)
    name = models.TextField()
    originals = models.PositiveSmallIntegerField(default=0)
    copies = models.PositiveSmallIntegerField(default=0)
    files = models.ManyToManyField(StoredFile, blank=True, related_name="dossier_documents")

    class Meta:
        ordering = ["dossier", "position"]

    def __str__(self) -> str:
        return self.name


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    CARD = "card", _("Card")
    ONLINE = "online", _("Online payment")
    QR = "qr", _("QR code")


class DossierFee(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="fees")
    province = province_field()
    label = models.CharField(max_length=255, blank=True)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3, default="VND")
    due_at_stage = models.CharField(max_length=16, default="reception")  # reception | return
    paid_at = models.DateTimeField(null=True, blank=True)
    # The e-receipt's "series-number" once one is issued (receipts app); before e-receipts, a typed number.
    receipt_number = models.CharField(max_length=64, blank=True)
    method = models.CharField(max_length=16, choices=PaymentMethod.choices, blank=True)
    # The payment's own reference (the gateway's transaction number, the bank transfer's reference).
    reference = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.label} {self.amount:,} {self.currency}"


class DossierEvent(models.Model):
    """The append-only history: every action, who, when, why, the due times before and after. Each event
    carries the hash of the previous one of its dossier, so editing or removing a row is detectable."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    province = province_field()
    sequence = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=255, blank=True)
    role = models.CharField(max_length=24, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=32)
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24, blank=True)
    step_name = models.CharField(max_length=255, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)  # action fields, attachments (file ids and SHA-256)
    due_before = models.DateTimeField(null=True, blank=True)
    due_after = models.DateTimeField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["dossier", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "sequence", "province"], name="dossier_event_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("dossier history is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("dossier history is append-only")


class ReceptionNote(models.Model):
    """A visit that did not become a dossier: guided once in writing (Mẫu 02) or refused (Mẫu 03)."""

    kind = models.CharField(max_length=8, choices=[("guide", _("Guided (Mẫu 02)")), ("refuse", _("Refused (Mẫu 03)"))])
    procedure = models.ForeignKey(Procedure, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    province = province_field()  # the agency's
    applicant_name = models.CharField(max_length=255)
    applicant_id_number = models.CharField(max_length=20, blank=True)
    applicant_phone = models.CharField(max_length=20, blank=True)
    applicant_address = models.CharField(max_length=255, blank=True)
    items = models.JSONField(default=list, blank=True)  # documents to complete
    reason = models.TextField()
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["agency", "at"], name="reception_note_agency_at")]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="reception_note_has_reason")]

    def __str__(self) -> str:
        return f"{self.kind} {self.applicant_name}"


# Registered with this app from their own module (see its docstring); imported last, as they use the above.
from motcua.dossiers.models_lienthong import DossierResult as DossierResult  # noqa: E402
from motcua.dossiers.models_lienthong import Handover as Handover  # noqa: E402
from motcua.dossiers.models_lienthong import HandoverKind as HandoverKind  # noqa: E402
