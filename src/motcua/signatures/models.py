"""Agencies' signing keys, the documents the centre signed (with the token of their public verify page), and the
signature marks of uploaded files."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import Agency
from motcua.dossiers.models import Dossier, StoredFile


class KeyKind(models.TextChoices):
    PKCS12 = "pkcs12", _("PKCS#12 file")
    PKCS11 = "pkcs11", _("PKCS#11 token")


class SigningKey(models.Model):
    """Where an agency's signing key is. The PIN or passphrase is never here: it is read when signing from the
    environment variable MOTCUA_SIGNING_PIN_<SECRET_NAME> or the file <MOTCUA_SECRETS_DIR>/<secret_name>."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("agency"))
    kind = models.CharField(_("kind"), max_length=8, choices=KeyKind.choices)
    # PKCS#12: the .p12/.pfx file. PKCS#11: the module (.so) of the token's vendor.
    path = models.CharField(_("file or module path"), max_length=500)
    token_label = models.CharField(_("token label"), max_length=100, blank=True)
    key_label = models.CharField(_("key label"), max_length=100, blank=True)
    cert_label = models.CharField(_("certificate label"), max_length=100, blank=True)
    secret_name = models.SlugField(_("name of the PIN's secret"), max_length=60)
    # A timestamp authority (RFC 3161) for PAdES B-T; empty: MOTCUA_SIGNING_TSA_URL, or none (B-B).
    tsa_url = models.URLField(_("timestamp authority URL"), max_length=300, blank=True)
    location = models.CharField(_("place of signing"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="pkcs12") | ~models.Q(token_label=""), name="signing_key_token_label"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency.code} ({self.kind})"


class SignedDocument(models.Model):
    """A PDF the centre signed: a dossier's result, or a form it issued. `token` names its public verify page
    (/xac-thuc/<token>/), printed in the QR of the signature's stamp."""

    token = models.CharField(max_length=32, unique=True)
    dossier = models.ForeignKey(Dossier, null=True, on_delete=models.CASCADE, related_name="+")
    file = models.OneToOneField(StoredFile, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=20, default="result")  # result | form-01 ...
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    signer_subject = models.CharField(max_length=500)
    signer_serial = models.CharField(max_length=80)
    signed_at = models.DateTimeField()
    sha256 = models.CharField(max_length=64)
    timestamped = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        constraints = [
            # A form is signed once per dossier (its later prints are the same signed file).
            models.UniqueConstraint(
                fields=["dossier", "purpose"], condition=~models.Q(purpose="result"), name="signed_form_once"
            ),
        ]

    def __str__(self) -> str:
        return self.token


class Mark(models.TextChoices):
    SIGNED = "signed", _("Signed")
    UNSIGNED = "unsigned", _("Not signed")
    BROKEN = "broken", _("Signature broken")
    UNREADABLE = "unreadable", _("Unreadable PDF")  # not a signature problem: the file itself is damaged


class FileSignatureCheck(models.Model):
    """What verifying an uploaded PDF found: signed (every signature intact), unsigned, broken (changed after
    signing) or unreadable (a damaged file)."""

    file = models.OneToOneField(StoredFile, on_delete=models.CASCADE, related_name="+", primary_key=True)
    mark = models.CharField(max_length=10, choices=Mark.choices)
    signer = models.CharField(max_length=300, blank=True)
    trusted = models.BooleanField(default=False)  # the certificate chains to a trusted root and is valid
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("file signature check")
        verbose_name_plural = _("file signature checks")

    def __str__(self) -> str:
        return f"{self.file_id}: {self.mark}"
