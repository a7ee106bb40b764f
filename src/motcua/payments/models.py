from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import DossierFee, province_field


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
    province = province_field()  # the fee's
    amount = models.BigIntegerField()
    gateway = models.CharField(max_length=16, default="vnpay")
    txn_ref = models.CharField(max_length=64)  # unique with the province (Meta): the gateway's messages name it
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
            models.UniqueConstraint(fields=["txn_ref", "province"], name="payment_txn_ref_unique"),
            models.UniqueConstraint(
                fields=["fee", "province"], condition=Q(state="paid"), name="payment_one_paid_per_fee"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "created_at"], name="payment_state_created"),
            models.Index(fields=["paid_at"], name="payment_paid_at"),  # the day's settlements
        ]

    def __str__(self) -> str:
        return f"{self.txn_ref} {self.amount:,} ({self.state})"


class PaymentMessage(models.Model):
    """Every message the gateway sent us, as it came (it holds no secret: the hash is a signature, not a key)."""

    class Kind(models.TextChoices):
        RETURN = "return", _("Browser return")
        IPN = "ipn", _("Payment notification")
        QUERY = "query", _("Transaction query")
        REFUND = "refund", _("Refund")

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


class Refund(models.Model):
    """Money of an online payment sent back through the gateway: at most one per payment (a refusal may be tried
    again; a refund done is never sent twice)."""

    class State(models.TextChoices):
        SENDING = "sending", _("Being sent to the gateway")
        DONE = "done", _("Refunded")
        REFUSED = "refused", _("Refused by the gateway")
        ERROR = "error", _("Gateway not reached")

    # One-to-one: `motcua citus-prepare` makes its unique key (payment_id, province_id) when distributing.
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="refund")
    province = province_field()  # the payment's
    amount = models.BigIntegerField()
    full = models.BooleanField()
    reason = models.CharField(max_length=500)
    actor_name = models.CharField(max_length=255)
    state = models.CharField(max_length=16, choices=State.choices)
    request_id = models.CharField(max_length=32)
    response_code = models.CharField(max_length=8, blank=True)
    requested_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"refund {self.amount:,} of {self.payment_id} ({self.state})"


class StatementLine(models.Model):
    """One credit line of the centre's bank statement, as imported. `line_hash` makes importing the same
    statement twice a no-op; a matched line names the fee it paid (one line per fee)."""

    class State(models.TextChoices):
        UNMATCHED = "unmatched", _("Not matched")
        MATCHED = "matched", _("Matched")

    line_hash = models.CharField(max_length=64, unique=True)
    bank_ref = models.CharField(max_length=64, blank=True)
    booked_on = models.DateField()
    amount = models.BigIntegerField()
    description = models.CharField(max_length=500)
    reference = models.CharField(max_length=32, blank=True)  # the fee's transfer code found in the description
    state = models.CharField(max_length=16, choices=State.choices, default=State.UNMATCHED)
    reason = models.CharField(max_length=32, blank=True)  # why it is not matched (selectors.UNMATCHED_REASONS)
    fee = models.ForeignKey(DossierFee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    matched_at = models.DateTimeField(null=True, blank=True)
    matched_by = models.CharField(max_length=255, blank=True)  # empty: matched automatically
    source_name = models.CharField(max_length=255, blank=True)
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["booked_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["fee"], condition=Q(state="matched"), name="statement_one_line_per_fee"),
        ]
        indexes = [
            models.Index(fields=["state", "booked_on"], name="statement_state_booked"),
            models.Index(fields=["matched_at"], name="statement_matched_at"),  # the day's transfers
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.amount:,} {self.reference or '-'} ({self.state})"
