from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import DossierFee


class PaymentState(models.TextChoices):
    PENDING = "pending", _("Waiting for the payment")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")
    CANCELLED = "cancelled", _("Payment cancelled")
    EXPIRED = "expired", _("Payment expired")


class Payment(models.Model):
    """One attempt at paying one fee online. The amount is the fee's, copied when the attempt starts: the browser
    never says how much."""

    fee = models.ForeignKey(DossierFee, on_delete=models.PROTECT, related_name="payments")
    amount = models.BigIntegerField()
    gateway = models.CharField(max_length=16, default="vnpay")
    txn_ref = models.CharField(max_length=64, unique=True)
    state = models.CharField(max_length=16, choices=PaymentState.choices, default=PaymentState.PENDING)
    transaction_no = models.CharField(max_length=64, blank=True)  # the gateway's own number
    bank_code = models.CharField(max_length=32, blank=True)
    response_code = models.CharField(max_length=8, blank=True)
    # Money taken for a fee another payment (or the counter) had already settled: to be refunded by hand.
    needs_refund = models.BooleanField(default=False)
    client_ip = models.CharField(max_length=45, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["fee"], condition=Q(state="paid"), name="payment_one_paid_per_fee"),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="payment_state_created")]

    def __str__(self) -> str:
        return f"{self.txn_ref} {self.amount:,} ({self.state})"


class PaymentMessage(models.Model):
    """Every message the gateway sent us, as it came (it holds no secret: the hash is a signature, not a key)."""

    class Kind(models.TextChoices):
        RETURN = "return", _("Browser return")
        IPN = "ipn", _("Payment notification")
        QUERY = "query", _("Transaction query")

    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="messages")
    txn_ref = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    params = models.JSONField(default=dict)
    signature_ok = models.BooleanField()
    outcome = models.CharField(max_length=64)
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["received_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.txn_ref}: {self.outcome}"
