"""Reads of the payments app: the day's settlements, refunds and unmatched transfers (for the cashier's
reconciliation), and the one place the payments app reads a dossier's fee."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from motcua.dossiers.models import DossierFee
from motcua.dossiers.states import State
from motcua.payments.models import Payment, PaymentState, Refund, StatementLine

M = TypeVar("M", bound=Model)

# A dossier withdrawn, refused or stopped owes nothing more: its unpaid fees are not offered for payment.
CLOSED_STATES = frozenset({State.WITHDRAWN, State.REFUSED, State.STOPPED})

VN = ZoneInfo("Asia/Ho_Chi_Minh")  # "a day" of the centre's cash is a Vietnam day whatever the server's zone

# Why a statement line was left unmatched, as the cashier reads it.
UNMATCHED_REASONS = {
    "no_reference": lambda: _("No payment code in the transfer content"),
    "several_references": lambda: _("Several payment codes in the transfer content"),
    "unknown_reference": lambda: _("The payment code matches no fee"),
    "amount_differs": lambda: _("The amount differs from the fee"),
    "fee_paid": lambda: _("The fee was already paid"),
    "not_credit": lambda: _("Not money received"),
}


@dataclass(frozen=True)
class FeeToPay:
    """What the payments app needs to know of a dossier's fee."""

    id: int
    amount: int
    label: str
    paid: bool
    dossier_id: int
    dossier_code: str
    agency_id: int
    province_id: int
    paid_at: datetime | None = None
    method: str = ""
    dossier_closed: bool = False  # withdrawn, refused or stopped: nothing more to pay


def _fees(*, lock: bool = False, limit: int | None = None, newest: bool = False, **filters: object) -> list[FeeToPay]:
    """The one place the payments app reads the dossiers' fee table (locking the rows, inside a transaction,
    with `lock`)."""
    qs = DossierFee.objects.select_related("dossier").only(
        "id",
        "amount",
        "label",
        "paid_at",
        "method",
        "dossier__id",
        "dossier__code",
        "dossier__agency_id",
        "dossier__province_id",
        "dossier__state",
    )
    if lock:
        qs = qs.select_for_update(of=("self",))
    return [
        FeeToPay(
            id=fee.pk,
            amount=fee.amount,
            label=fee.label,
            paid=fee.paid_at is not None,
            dossier_id=fee.dossier.pk,
            dossier_code=fee.dossier.code,
            agency_id=fee.dossier.agency_id,
            province_id=fee.dossier.province_id,
            paid_at=fee.paid_at,
            method=fee.method,
            dossier_closed=fee.dossier.state in CLOSED_STATES,
        )
        for fee in qs.filter(**filters).order_by("-pk" if newest else "pk")[:limit]
    ]


def fee_to_pay(fee_id: int, *, lock: bool = False) -> FeeToPay | None:
    found = _fees(pk=fee_id, lock=lock)
    return found[0] if found else None


def dossier_fees(dossier_id: int) -> list[FeeToPay]:
    """A dossier's fees, paid or not, in the order they were set. One query."""
    return _fees(dossier_id=dossier_id)


def unpaid_fees_of_amount(*, amount: int, limit: int = 20) -> list[FeeToPay]:
    """Fees still to pay of exactly this amount, newest first: the candidates a person looks at to match a
    transfer whose content has no (valid) payment code. One query."""
    found = _fees(amount=amount, paid_at__isnull=True, limit=limit * 2, newest=True)
    return [fee for fee in found if not fee.dossier_closed][:limit]


def vn_day(day: date) -> tuple[datetime, datetime]:
    """The instants a Vietnam day runs from and to (half-open)."""
    start = datetime.combine(day, time.min, tzinfo=VN)
    return start, start + timedelta(days=1)


@dataclass(frozen=True)
class Settlement:
    """Money received for one fee: online through VNPay, or by a transfer matched on the bank statement."""

    fee_id: int
    dossier_code: str
    agency_id: int
    amount: int
    gateway: str  # "vnpay" | "vietqr"
    txn_ref: str  # VNPay: our vnp_TxnRef; a transfer: the fee's payment code in the transfer content
    transaction_no: str  # VNPay's transaction number; a transfer: the bank's reference of the line
    paid_at: datetime


def _agencies(qs: QuerySet[M], agency_ids: Collection[int] | None, field: str) -> QuerySet[M]:
    return qs if agency_ids is None else qs.filter(**{f"{field}__in": list(agency_ids)})


def gateway_settlements(*, day: date, agency_ids: Collection[int] | None = None) -> list[Settlement]:
    """Payments VNPay settled whose paid_at falls on that Vietnam day. One query."""
    start, end = vn_day(day)
    qs = Payment.objects.filter(state=PaymentState.PAID, gateway="vnpay", paid_at__gte=start, paid_at__lt=end)
    qs = _agencies(qs, agency_ids, "fee__dossier__agency_id")
    rows = qs.order_by("paid_at", "pk").values_list(
        "fee_id", "fee__dossier__code", "fee__dossier__agency_id", "amount", "txn_ref", "transaction_no", "paid_at"
    )
    return [Settlement(f, c, a, amt, "vnpay", ref, no, at) for f, c, a, amt, ref, no, at in rows if at is not None]


def transfer_settlements(*, day: date, agency_ids: Collection[int] | None = None) -> list[Settlement]:
    """Bank transfers matched to a fee (automatically or by hand) on that Vietnam day. One query. The amount is
    the line's: what the bank credited."""
    start, end = vn_day(day)
    qs = StatementLine.objects.filter(state=StatementLine.State.MATCHED, matched_at__gte=start, matched_at__lt=end)
    qs = _agencies(qs, agency_ids, "fee__dossier__agency_id")
    rows = qs.order_by("matched_at", "pk").values_list(
        "fee_id", "fee__dossier__code", "fee__dossier__agency_id", "amount", "reference", "bank_ref", "matched_at"
    )
    return [Settlement(f, c, a, amt, "vietqr", ref, no, at) for f, c, a, amt, ref, no, at in rows if at is not None]


@dataclass(frozen=True)
class OnlineRefund:
    refund_id: int
    payment_id: int
    fee_id: int
    dossier_code: str
    agency_id: int
    amount: int
    full: bool
    state: str  # Refund.State
    reason: str
    actor_name: str
    txn_ref: str
    response_code: str
    requested_at: datetime
    answered_at: datetime | None


def online_refunds(*, day: date, agency_ids: Collection[int] | None = None) -> list[OnlineRefund]:
    """Refunds asked of the gateway on that Vietnam day, whatever their outcome (state says it). One query."""
    start, end = vn_day(day)
    qs = Refund.objects.filter(requested_at__gte=start, requested_at__lt=end)
    qs = _agencies(qs, agency_ids, "payment__fee__dossier__agency_id")
    rows = qs.order_by("requested_at", "pk").values_list(
        "pk",
        "payment_id",
        "payment__fee_id",
        "payment__fee__dossier__code",
        "payment__fee__dossier__agency_id",
        "amount",
        "full",
        "state",
        "reason",
        "actor_name",
        "payment__txn_ref",
        "response_code",
        "requested_at",
        "answered_at",
    )
    return [OnlineRefund(*row) for row in rows]


@dataclass(frozen=True)
class UnmatchedLine:
    line_id: int
    booked_on: date
    amount: int
    description: str
    bank_ref: str
    reference: str
    reason: str  # a key of UNMATCHED_REASONS
    reason_text: str
    imported_at: datetime


def unmatched_lines(*, day: date | None = None, limit: int = 500) -> list[UnmatchedLine]:
    """Statement lines no fee was matched to, oldest first; of one booking day when given. One query."""
    qs = StatementLine.objects.filter(state=StatementLine.State.UNMATCHED)
    if day is not None:
        qs = qs.filter(booked_on=day)
    rows = qs.order_by("booked_on", "pk").values_list(
        "pk", "booked_on", "amount", "description", "bank_ref", "reference", "reason", "imported_at"
    )[:limit]
    return [
        UnmatchedLine(pk, on, amt, desc, ref, code, reason, reason_text(reason), at)
        for pk, on, amt, desc, ref, code, reason, at in rows
    ]


def reason_text(reason: str) -> str:
    said = UNMATCHED_REASONS.get(reason)
    return str(said()) if said else reason


def paid_payment_for_fee(fee_id: int) -> Payment | None:
    """The online payment that paid the fee, if one did (at most one: a database constraint)."""
    return Payment.objects.filter(fee_id=fee_id, state=PaymentState.PAID).first()


def recent_attempts(fee_ids: Collection[int], *, since: datetime) -> dict[int, datetime]:
    """For each of these fees with an online payment started since then and not settled yet, when the latest
    started (the pay page warns before a second payment). One query."""
    rows = Payment.objects.filter(fee_id__in=list(fee_ids), state=PaymentState.PENDING, created_at__gte=since)
    latest: dict[int, datetime] = {}
    for fee_id, at in rows.values_list("fee_id", "created_at"):
        latest[fee_id] = max(at, latest.get(fee_id, at))
    return latest
