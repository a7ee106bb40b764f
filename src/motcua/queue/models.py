"""The centre floor: service areas and their counters, queue tickets and what each became, booked visits, the
devices in the hall (ticket kiosks), and the feed of changes the display boards follow."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import Agency, Centre, Counter
from motcua.dossiers.models import Dossier, ReceptionNote

area_code_validator = RegexValidator(r"^[A-Z]{1,2}$", _("An area's code is one or two capital letters, e.g. A."))


class ServiceArea(models.Model):
    """A group of counters of a centre serving one kind of visitor (khu vực: by agency or field). Its code is the
    letter its tickets start with (A023)."""

    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("code"), max_length=2, validators=[area_code_validator])
    name = models.CharField(_("name"), max_length=120)
    counters = models.ManyToManyField(Counter, verbose_name=_("counters"), related_name="areas", blank=True)
    agencies = models.ManyToManyField(Agency, verbose_name=_("agencies"), related_name="+", blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Booked visits: the length of a slot and how many visitors one slot takes (0: this area takes no bookings).
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per slot"), default=30, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    slot_capacity = models.PositiveSmallIntegerField(
        _("bookings per slot"), default=0, validators=[MaxValueValidator(500)]
    )

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        ordering = ["centre", "code"]
        constraints = [models.UniqueConstraint(fields=["centre", "code"], name="area_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Priority(models.TextChoices):
    """Who the law puts first at the counter (Decree 61/2018 as amended by Decree 107/2021 and Decree 118/2025:
    people with disabilities, the elderly, pregnant women, people with meritorious service, and others)."""

    NONE = "", _("None")
    ELDERLY = "elderly", _("Elderly person")
    DISABILITY = "disability", _("Person with a disability")
    PREGNANT = "pregnant", _("Pregnant woman")
    SMALL_CHILD = "small_child", _("Person with a child under 36 months")
    MERIT = "merit", _("Person with meritorious service to the revolution")


class TicketState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("At a counter")
    SERVED = "served", _("Served")
    NO_SHOW = "no_show", _("Did not come")
    TRANSFERRED = "transferred", _("Transferred")


FINISHED_STATES = (TicketState.SERVED, TicketState.NO_SHOW, TicketState.TRANSFERRED)


class Ticket(models.Model):
    """A number taken in the hall (A023). It ends as a dossier, a visit (guided or refused), a transfer to another
    area (a new ticket there, the same printed number) or a no-show."""

    area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="tickets")
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="+")  # the area's: the boards' key
    day = models.DateField()  # Vietnam date of issue: numbers restart each day
    number = models.PositiveIntegerField()  # the area's number of the day (the first ticket's, if transferred)
    label = models.CharField(max_length=8)  # what is printed and called: "A023"
    priority = models.CharField(max_length=16, choices=Priority.choices, blank=True)
    # Called in order of rank (0 priority, 1 a booked visit at its slot, 2 walk-in), then of arrival.
    rank = models.PositiveSmallIntegerField()
    queued_at = models.DateTimeField()  # arrival in the hall (kept through a transfer)
    issued_at = models.DateTimeField()
    booking = models.OneToOneField("Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="ticket")
    transferred_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="transferred_to"
    )
    state = models.CharField(max_length=12, choices=TicketState.choices, default=TicketState.WAITING)
    counter = models.ForeignKey(Counter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    called_at = models.DateTimeField(null=True, blank=True)  # the first call
    last_called_at = models.DateTimeField(null=True, blank=True)  # the latest call or recall
    calls = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=24, unique=True)  # the QR to follow the queue on a phone

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(
                fields=["area", "rank", "queued_at", "id"],
                condition=Q(state="waiting"),
                name="ticket_waiting_order",
            ),
            models.Index(fields=["centre", "last_called_at"], name="ticket_centre_called"),
            models.Index(fields=["centre", "day"], name="ticket_centre_day"),
        ]
        constraints = [
            # Numbers run per area per day without duplicates (a transfer keeps the number it was issued with).
            models.UniqueConstraint(
                fields=["area", "day", "number"],
                condition=Q(transferred_from__isnull=True),
                name="ticket_number_unique",
            ),
            # A counter serves one ticket at a time.
            models.UniqueConstraint(fields=["counter"], condition=Q(state="called"), name="ticket_one_per_counter"),
            models.CheckConstraint(
                condition=Q(state="waiting") | Q(called_at__isnull=False) | Q(state="transferred"),
                name="ticket_called_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.day})"


class TicketSequence(models.Model):
    """The last number an area gave on a day (core.counters: gapless, the row locked until the ticket commits)."""

    area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "day"], name="ticket_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.day}: {self.last}"


class TicketRecord(models.Model):
    """What a ticket became at the counter: a dossier received or returned, or a visit (guided, Mẫu 02; refused,
    Mẫu 03). A citizen may bring several dossiers on one ticket."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="records")
    dossier = models.ForeignKey(Dossier, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    visit = models.ForeignKey(ReceptionNote, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(dossier__isnull=False, visit__isnull=True) | Q(dossier__isnull=True, visit__isnull=False),
                name="ticket_record_one_thing",
            ),
            models.UniqueConstraint(fields=["ticket", "dossier"], name="ticket_record_dossier_once"),
            models.UniqueConstraint(fields=["ticket", "visit"], name="ticket_record_visit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.dossier_id or self.visit_id}"


class BoardChange(models.Model):
    """One change the centre's display boards must show (a ticket issued, called, recalled, finished): the feed
    they follow live, with its id as the event id a reconnecting board resumes from."""

    class Kind(models.TextChoices):
        ISSUED = "issued"
        CALLED = "called"
        RECALLED = "recalled"
        FINISHED = "finished"

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["centre", "id"], name="board_change_centre")]

    def __str__(self) -> str:
        return f"{self.centre_id}#{self.pk} {self.kind}"


class BookingState(models.TextChoices):
    BOOKED = "booked", _("Booked")
    ARRIVED = "arrived", _("Arrived")
    CANCELLED = "cancelled", _("Cancelled")


class Booking(models.Model):
    """A visit booked online for a slot of an area (đặt lịch hẹn): its code and QR take a ticket at the kiosk
    ahead of walk-ins at that slot."""

    area = models.ForeignKey(ServiceArea, verbose_name=_("service area"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    code = models.CharField(_("code"), max_length=16, unique=True)
    secret = models.CharField(max_length=24)  # with the code in the QR: the code alone cannot cancel or check in
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    procedure_code = models.CharField(_("procedure"), max_length=40, blank=True)
    state = models.CharField(max_length=10, choices=BookingState.choices, default=BookingState.BOOKED)
    created_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("booked visit")
        verbose_name_plural = _("booked visits")
        indexes = [
            models.Index(fields=["area", "starts_at"], condition=Q(state="booked"), name="booking_slot"),
            models.Index(fields=["starts_at"], condition=Q(reminded_at__isnull=True), name="booking_to_remind"),
        ]
        # One booking per phone and one per e-mail per area and day (not counting cancelled ones): a few people
        # cannot take a whole morning, even booking at the same instant.
        constraints = [
            models.UniqueConstraint(
                fields=["area", "day", "phone"],
                condition=~Q(state="cancelled") & ~Q(phone=""),
                name="booking_one_per_phone",
            ),
            models.UniqueConstraint(
                fields=["area", "day", "email"],
                condition=~Q(state="cancelled") & ~Q(email=""),
                name="booking_one_per_email",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class SlotCount(models.Model):
    """How many bookings a slot holds: raised by a conditional update (never past the area's capacity)."""

    area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    booked = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "starts_at"], name="slot_count_unique")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.starts_at}: {self.booked}"


class DeviceKind(models.TextChoices):
    TICKET_KIOSK = "ticket_kiosk", _("Ticket kiosk")


class Device(models.Model):
    """A device of the hall paired by staff (a ticket kiosk): it keeps a token in a signed cookie; only the
    token's hash is stored, so that the database alone cannot pose as the device."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=DeviceKind.choices)
    name = models.CharField(_("name"), max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    paired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    paired_at = models.DateTimeField()
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hall device")
        verbose_name_plural = _("hall devices")

    def __str__(self) -> str:
        return self.name


class QueueHour(models.Model):
    """The queue's kept figures: what happened in one Vietnam hour at one area, counter and officer. Each event
    counts at the hour it happened: an issue (counter and officer 0: none yet), a first call (with the wait from
    the arrival in the hall), an end (with the service time of a served ticket). Sums of whole seconds, so that
    averages over any grouping are exact (docs/queue-figures.md). Keys are 0, not NULL, for "none": a unique
    constraint never matches NULLs, and the upsert needs it to. db_default: the one-statement upsert
    (core.counters) inserts only the columns it raises."""

    day = models.DateField()
    hour = models.PositiveSmallIntegerField()  # 0–23, Vietnam time
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="+")
    counter_key = models.BigIntegerField(default=0, db_default=0)  # Counter id, 0: none
    officer_key = models.BigIntegerField(default=0, db_default=0)  # User id, 0: none
    issued = models.IntegerField(default=0, db_default=0)  # new numbers taken (a transfer's continuation is not one)
    called = models.IntegerField(default=0, db_default=0)  # first calls (a recall is not one)
    served = models.IntegerField(default=0, db_default=0)
    no_show = models.IntegerField(default=0, db_default=0)
    transferred = models.IntegerField(default=0, db_default=0)
    waited_seconds = models.BigIntegerField(default=0, db_default=0)  # arrival in the hall → first call, of the called
    served_seconds = models.BigIntegerField(default=0, db_default=0)  # first call → end, of the served

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "hour", "centre", "area", "counter_key", "officer_key"], name="queue_hour_unique"
            )
        ]
        indexes = [models.Index(fields=["centre", "day"], name="queue_hour_centre_day")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.day} {self.hour:02d}h"
