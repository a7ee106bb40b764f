"""Electronic fee receipts (biên lai điện tử), their series and gapless numbers, and refunds. docs/receipts.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import Agency, Centre
from motcua.dossiers.models import Dossier, DossierFee, PaymentMethod, province_field


class ReceiptSeries(models.Model):
    """A registered series of one collecting agency for one year: the form symbol (ký hiệu mẫu biên lai) and the
    receipt symbol (ký hiệu biên lai). Both are configurable strings: the schemes changed in 2025."""

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    form_symbol = models.CharField(_("form symbol"), max_length=16)
    symbol = models.CharField(_("receipt symbol"), max_length=16)

    class Meta:
        verbose_name = _("receipt series")
        verbose_name_plural = _("receipt series")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="receipt_series_agency_year"),
        ]

    def __str__(self) -> str:
        return f"{self.form_symbol} {self.symbol}"


class ReceiptCounter(models.Model):
    """The last number given in a series and year. Raised by core.counters.increment inside the transaction that
    writes the receipt: the row stays locked until it commits, and a rollback gives the number back."""

    series = models.ForeignKey(ReceiptSeries, on_delete=models.PROTECT, related_name="+")
    province = province_field()  # the series' agency's
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year", "province"], name="receipt_counter_series_year")
        ]

    def __str__(self) -> str:
        return f"{self.series_id}/{self.year}: {self.last}"


class ReceiptState(models.TextChoices):
    ACTIVE = "active", _("Valid")
    CANCELLED = "cancelled", _("Cancelled")


class Receipt(models.Model):
    series = models.ForeignKey(ReceiptSeries, on_delete=models.PROTECT, related_name="receipts")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    code = models.CharField(max_length=16)  # the public verification code (the QR's address); unique in Meta
    fee = models.ForeignKey(DossierFee, on_delete=models.PROTECT, related_name="receipts")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+")
    province = province_field()  # the dossier's
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")  # the collecting agency
    centre = models.ForeignKey(Centre, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    payer_name = models.CharField(max_length=255)
    payer_address = models.CharField(max_length=255, blank=True)
    payer_id_number = models.CharField(max_length=20, blank=True)
    fee_name = models.CharField(max_length=255)
    amount = models.BigIntegerField()
    amount_in_words = models.CharField(max_length=400)
    method = models.CharField(max_length=16, choices=PaymentMethod.choices)
    reference = models.CharField(max_length=64, blank=True)
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    collector_name = models.CharField(max_length=255)  # the cashier or officer, or the gateway
    issued_at = models.DateTimeField(db_index=True)
    state = models.CharField(max_length=12, choices=ReceiptState.choices, default=ReceiptState.ACTIVE)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # Random codes, unique nationally in practice; the province makes the key Citus's.
            models.UniqueConstraint(fields=["code", "province"], name="receipt_code_unique"),
            models.UniqueConstraint(fields=["series", "year", "number", "province"], name="receipt_number_unique"),
            models.UniqueConstraint(
                fields=["fee", "province"], condition=Q(state="active"), name="receipt_one_active_per_fee"
            ),
        ]
        indexes = [models.Index(fields=["collector", "issued_at"], name="receipt_collector_issued")]

    def __str__(self) -> str:
        return self.full_number

    @property
    def padded_number(self) -> str:
        return f"{self.number:07d}"  # seven digits (Decree 123 art. 32)

    @property
    def full_number(self) -> str:
        return f"{self.series.symbol}-{self.padded_number}"


class RefundState(models.TextChoices):
    DUE = "due", _("Due")
    PAID = "paid", _("Paid back")
    DECLINED = "declined", _("Not refundable")


class Refund(models.Model):
    """What is owed back on a fee paid for a dossier refused or withdrawn: one per fee, paid back once."""

    # One-to-one: `motcua citus-prepare` makes its unique key (fee_id, province_id) when distributing.
    fee = models.OneToOneField(DossierFee, on_delete=models.PROTECT, related_name="refund")
    receipt = models.ForeignKey(Receipt, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+")
    province = province_field()  # the dossier's
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField()
    cause = models.CharField(max_length=16)  # refused | withdrawn
    due_since = models.DateTimeField()
    state = models.CharField(max_length=12, choices=RefundState.choices, default=RefundState.DUE)
    method = models.CharField(max_length=16, blank=True)  # cash | online
    slip_number = models.CharField(max_length=32, blank=True)  # the cash refund slip
    gateway_reference = models.CharField(max_length=64, blank=True)
    note = models.CharField(max_length=500, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True, db_index=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    settled_by_name = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["due_since", "pk"]
        indexes = [models.Index(fields=["state", "due_since"], name="refund_state_due")]

    def __str__(self) -> str:
        return f"{self.fee_id} {self.amount:,} ({self.state})"


class RefundSlipCounter(models.Model):
    """Refund slips are numbered per agency and year, gapless like the receipts."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    province = province_field()  # the agency's
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year", "province"], name="refund_slip_counter")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"
