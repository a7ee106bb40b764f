"""The organisation: agencies as a tree, centres and their counters, staff and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core import text

# QCVN 102:2016 identifier of an agency: four dot-separated groups, e.g. 000.00.04.H40 (a department of
# province H40) or G01 for a ministry-level body. We accept the shape, not a registry of real codes.
agency_code_validator = RegexValidator(
    r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9A-Z]{2}$",
    _("An agency code looks like 000.00.04.H40 (QCVN 102)."),
)


class AgencyLevel(models.TextChoices):
    MINISTRY = "ministry", _("Ministry level")
    PROVINCE = "province", _("Province level")
    COMMUNE = "commune", _("Commune level")


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry or central agency")
    PEOPLES_COMMITTEE = "peoples_committee", _("Provincial People's Committee")
    DEPARTMENT = "department", _("Department")
    DIVISION = "division", _("Division or unit")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
    CENTRAL_BRANCH = "central_branch", _("Branch of a central agency")
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")


class Agency(models.Model):
    """A node of the organisation tree (cơ quan, đơn vị)."""

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[agency_code_validator])
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=AgencyLevel.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The province-level root this agency belongs to: the key big tables carry (later: Citus distribution).
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Names under which the national procedure database lists this agency as implementing agency, one per
    # line, compared diacritics- and case-insensitively (e.g. "Sở Tư pháp").
    catalog_names = models.TextField(_("names in the procedure catalog"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    name_sort = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name_sort"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = text.clean(self.name, keep_newlines=False)
        self.name_sort = text.sort_key(self.name)
        super().save(*args, **kwargs)


class Centre(models.Model):
    """A Public Administrative Service Centre (Trung tâm Phục vụ hành chính công) or a commune's."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    # The People's Committee the centre belongs to (province or commune).
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="centres")
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    """A counter (quầy) of a centre, serving the procedures of some agencies."""

    centre = models.ForeignKey(Centre, verbose_name=_("centre"), on_delete=models.CASCADE, related_name="counters")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=255)
    agencies = models.ManyToManyField(Agency, verbose_name=_("agencies served"), related_name="counters", blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["centre", "number"]
        constraints = [models.UniqueConstraint(fields=["centre", "number"], name="counter_number_unique")]

    def __str__(self) -> str:
        return f"{self.centre.name} – {self.number:02d} {self.name}"


class User(AbstractUser):
    """A person who logs in: staff now; citizens get their own accounts in the portal."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=8, default="vi", choices=[("vi", "Tiếng Việt"), ("en", "English")]
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    COUNTER_OFFICER = "counter_officer", _("Counter officer")
    SPECIALIST = "specialist", _("Specialist")
    LEADER = "leader", _("Leader")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMINISTRATOR = "administrator", _("Administrator")
    CASHIER = "cashier", _("Cashier")


class RoleAssignment(models.Model):
    """A role a staff member holds for an agency and, unless narrowed, every agency below it."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    include_subtree = models.BooleanField(_("includes agencies below"), default=True)
    counter = models.ForeignKey(
        Counter,
        verbose_name=_("counter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officers",
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "agency"], name="role_assignment_unique"),
            models.CheckConstraint(
                condition=Q(counter__isnull=True) | Q(role="counter_officer"),
                name="role_assignment_counter_only_for_officers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.agency}"


class ApiScope(models.TextChoices):
    """What another system's token may do; a person's token reaches what its user's roles allow instead."""

    CATALOG_READ = "catalog:read", _("Read the catalog of procedures")
    DOSSIERS_SUBMIT = "dossiers:submit", _("Submit dossiers and their files")
    DOSSIERS_READ = "dossiers:read", _("Read dossiers")
    UPDATES_RECEIVE = "updates:receive", _("Receive the updates of dossiers")


class ApiToken(models.Model):
    """A bearer token for the REST API; only its SHA-256 is stored. A person's token acts with its user's roles;
    a system's token (the national portal, a ministry's or the province's system) reaches only the endpoints its
    scopes name, acting as the system's own account (whose roles, if any, bound which dossiers it sees)."""

    class Kind(models.TextChoices):
        USER = "user", _("A person's token")
        SYSTEM = "system", _("Another system's token")

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.USER)
    system = models.CharField(_("system"), max_length=100, blank=True)
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    rate_limit = models.PositiveIntegerField(
        _("requests per minute"),
        null=True,
        blank=True,
        help_text=_("Empty: the default of MOTCUA_API_TOKEN_RATE_LIMIT."),
    )
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="user", system="") | models.Q(kind="system") & ~models.Q(system=""),
                name="api_token_system_named",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_system(self) -> bool:
        return self.kind == self.Kind.SYSTEM

    def allows(self, scope: str | None) -> bool:
        """A person's token is bounded by its user's roles, not here; a system's needs the endpoint's scope (an
        endpoint with no scope is for people only)."""
        return not self.is_system or (scope is not None and scope in self.scopes)


# Shared infrastructure: counters every server process shares, kept in the database -----------------------------


class RateLimit(models.Model):
    """A fixed-window counter per key (e.g. look-ups per client address per minute); see core/ratelimit.py."""

    key = models.CharField(max_length=120)
    window = models.BigIntegerField()  # when the window starts, in seconds since the epoch
    count = models.PositiveIntegerField(default=0)

    class Meta:
        # The names were given when the table belonged to the look-up; the table moved with them.
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="lookup_rate_limit_key_window")]
        indexes = [models.Index(fields=["window"], name="lookup_rate_limit_window")]

    def __str__(self) -> str:
        return f"{self.key} @{self.window}: {self.count}"


class LoginThrottle(models.Model):
    """Failed log-ins counted per account and per address; see core/throttle.py."""

    # "user:<account key>" or "addr:<ip>"; one row per key, updated under a row lock.
    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


class EventDelivery(models.Model):
    """One event still owed to one subscriber (core.events): written in the publisher's transaction, deleted
    in the transaction that delivers it. What stays here is late or failing, for the worker to retry."""

    subscriber = models.CharField(_("subscriber"), max_length=100)
    event_type = models.CharField(_("event type"), max_length=100)
    # What the event is about (e.g. "dossier" and its id): a subscriber gets one stream's events in order.
    stream = models.CharField(_("stream"), max_length=32, blank=True)
    key = models.BigIntegerField(_("key"), null=True, blank=True)
    payload = models.JSONField(_("event"))
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    # The exception's type and where it was raised, never its message (it may quote personal data).
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event delivery")
        verbose_name_plural = _("event deliveries")
        indexes = [
            models.Index(fields=["next_attempt_at", "id"], name="event_delivery_due"),
            models.Index(fields=["subscriber", "stream", "key", "id"], name="event_delivery_stream"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.subscriber}"
