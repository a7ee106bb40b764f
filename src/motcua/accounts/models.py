"""A citizen's account (tài khoản công dân), the one-time codes that verify its phone or e-mail, its drafts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure
from motcua.dossiers.models import ApplicantKind


class CitizenProfile(models.Model):
    """The citizen behind a portal log-in: a phone or an e-mail (or both), each verified by a one-time code,
    and what they told us once so that e-forms are prefilled (the person's name is the user's full name)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen")
    # Verified contacts, in the form core.text stores them (national phone number, lower-case e-mail).
    phone = models.CharField(_("phone"), max_length=20, null=True, blank=True, unique=True)
    email = models.EmailField(_("e-mail"), null=True, blank=True, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    id_number = models.CharField(_("ID number or tax code"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    notify_sms = models.BooleanField(_("by SMS"), default=True)
    notify_email = models.BooleanField(_("by e-mail"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    identified = models.BooleanField(_("identified by the national identity"), default=False)

    class Meta:
        verbose_name = _("citizen account")
        verbose_name_plural = _("citizen accounts")
        constraints = [
            # An account made by a national identity log-in may have neither yet: the identity speaks for it.
            models.CheckConstraint(
                condition=Q(phone__isnull=False) | Q(email__isnull=False) | Q(identified=True),
                name="citizen_has_a_contact",
            )
        ]

    def __str__(self) -> str:
        return self.user.full_name or self.phone or self.email or str(self.pk)


class Purpose(models.TextChoices):
    REGISTER = "register", _("Registration")
    RESET = "reset", _("Password reset")
    ADD_CONTACT = "add_contact", _("New phone or e-mail")


class OneTimeCode(models.Model):
    """A six-digit code sent to a phone or e-mail. Only its HMAC is kept; the page where it is typed is found by
    `token`, which says nothing about the destination. A registration's account is created only once the code
    is typed, so that nobody can hold a phone number they do not have."""

    token = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    destination = models.CharField(max_length=254)  # national phone number or lower-case e-mail
    code_digest = models.CharField(max_length=64)
    payload = models.JSONField(default=dict, blank=True)  # registration: name, password hash, language
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="one_time_code_expires")]

    def __str__(self) -> str:
        return f"{self.purpose} {self.pk}"


# An online dossier being filled in (bản nháp) from the account: kept until it is submitted or thrown away; the
# portal's online submission writes it, the account's home lists it.
class Draft(models.Model):
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+", verbose_name=_("procedure"))
    # The e-form as typed (applicant, agency, how the result comes back, how to be told), and the files attached
    # to each required document: {"<position>": [stored file ids]}, all in the citizen's store.
    data = models.JSONField(default=dict, blank=True)
    files = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        indexes = [models.Index(fields=["citizen", "-updated_at"], name="draft_citizen_updated")]

    def __str__(self) -> str:
        return f"{self.procedure_id} ({self.citizen_id})"


class IdentityLink(models.Model):
    """An account's national identity (VNeID, the national portal's SSO): the provider's subject and the verified
    ID number its ID token carries. One identity, one account: both are unique, so that two log-ins at the same
    moment cannot make two accounts."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_links")
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    id_number = models.CharField(_("ID number"), max_length=20, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("national identity")
        verbose_name_plural = _("national identities")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="identity_link_subject")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.pk}"  # never the ID number: this lands in logs and admin titles
