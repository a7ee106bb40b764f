"""The receipts' reads: the cashier's day, a dossier's fees, refunds to pay, a receipt by its public code, the
day's reconciliation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierFee
from motcua.payments import selectors as payments
from motcua.receipts import reconcile, rules
from motcua.receipts.models import Receipt, ReceiptState, Refund, RefundState

MAX_LIST = 500  # rows one page lists (a cashier's day is a few hundred receipts at most)


def _day(day: date):
    return rules.day_bounds(day, timezone.get_current_timezone())


def today() -> date:
    return timezone.localdate()


def find_dossier(*, code: str, agency_ids: set[int]) -> Dossier | None:
    """A dossier by its code (typed or scanned from the barcode), if one of these agencies collects for it."""
    code = code.strip()[:40]
    if not code:
        return None
    return Dossier.objects.select_related("agency").filter(code=code, agency_id__in=agency_ids).first()


def fees_of(dossier: Dossier) -> list[DossierFee]:
    return list(dossier.fees.order_by("pk"))


def active_receipts_of(dossier: Dossier) -> list[Receipt]:
    return list(Receipt.objects.select_related("series").filter(dossier=dossier).order_by("issued_at", "pk")[:MAX_LIST])


@dataclass(frozen=True)
class Day:
    receipts: list[Receipt]
    totals: list[tuple[str, int, int]]  # method, count, amount (valid receipts)
    total: int


def collector_day(*, collector, day: date) -> Day:
    """The receipts a cashier issued on a local day, newest first, and the valid ones' totals per method."""
    start, end = _day(day)
    rows = Receipt.objects.filter(collector=collector, issued_at__gte=start, issued_at__lt=end)
    receipts = list(rows.select_related("series", "dossier").order_by("-issued_at", "-pk")[:MAX_LIST])
    totals = list(
        rows.filter(state=ReceiptState.ACTIVE)
        .values("method")
        .annotate(n=Count("pk"), amount=Sum("amount"))
        .order_by("method")
        .values_list("method", "n", "amount")
    )
    return Day(receipts, totals, sum(t[2] for t in totals))


def receipt_for_staff(*, receipt_id: int, agency_ids: set[int]) -> Receipt | None:
    return (
        Receipt.objects.select_related("series", "dossier", "agency", "centre", "replaces__series")
        .filter(pk=receipt_id, agency_id__in=agency_ids)
        .first()
    )


def receipt_by_code(code: str) -> Receipt | None:
    """The public verification page's receipt: by its code only."""
    code = rules.normal_code(code)
    if len(code) != rules.CODE_LENGTH:
        return None
    return (
        Receipt.objects.select_related("series", "agency", "centre", "replaces__series", "dossier")
        .filter(code=code)
        .first()
    )


def replacement_of(receipt: Receipt) -> Receipt | None:
    return Receipt.objects.select_related("series").filter(replaces=receipt).first()


def refunds_due(*, agency_ids: set[int]) -> list[Refund]:
    return list(
        Refund.objects.select_related("dossier", "fee", "receipt__series", "agency")
        .filter(state=RefundState.DUE, agency_id__in=agency_ids)
        .order_by("due_since", "pk")[:MAX_LIST]
    )


def refunds_settled(*, agency_ids: set[int], day: date) -> list[Refund]:
    start, end = _day(day)
    return list(
        Refund.objects.select_related("dossier", "fee", "agency")
        .filter(agency_id__in=agency_ids, settled_at__gte=start, settled_at__lt=end)
        .exclude(state=RefundState.DUE)
        .order_by("-settled_at")[:MAX_LIST]
    )


def _settlements(day: date, agency_ids: set[int]) -> list[reconcile.SettlementRow]:
    """What the gateway settled and what the bank credited (statement lines matched to a fee) that day, and the
    day's statement lines matched to no fee (the centre's account: shown to every scope)."""
    rows = [
        reconcile.SettlementRow("gateway", s.txn_ref, s.fee_id, s.amount)
        for s in payments.gateway_settlements(day=day, agency_ids=agency_ids)
    ]
    rows += [
        reconcile.SettlementRow("transfer", f"{s.txn_ref} {s.transaction_no}".strip(), s.fee_id, s.amount)
        for s in payments.transfer_settlements(day=day, agency_ids=agency_ids)
    ]
    rows += [
        reconcile.SettlementRow("transfer", f"{line.bank_ref} {line.description[:60]}".strip(), None, line.amount)
        for line in payments.unmatched_lines(day=day)
    ]
    return rows


def reconciliation(*, agency_ids: set[int], day: date) -> reconcile.Report:
    """The day's figures per agency and method, and every difference between receipts and settlements.
    Five queries whatever the number of receipts."""
    start, end = _day(day)
    issued = Q(issued_at__gte=start, issued_at__lt=end)
    # A receipt cancelled on the day counts as cancelled; one issued that day and still valid, as collected.
    receipts = (
        Receipt.objects.filter(agency_id__in=agency_ids)
        .filter(issued | Q(cancelled_at__gte=start, cancelled_at__lt=end))
        .values_list("fee_id", "agency__name", "method", "amount", "series__symbol", "number", "state")
    )
    rows = [
        reconcile.ReceiptRow(fee, agency, method, amount, f"{symbol}-{number:07d}", state == ReceiptState.CANCELLED)
        for fee, agency, method, amount, symbol, number, state in receipts
    ]
    refunds = list(
        Refund.objects.filter(
            agency_id__in=agency_ids, state=RefundState.PAID, settled_at__gte=start, settled_at__lt=end
        ).values_list("agency__name", "method", "amount")
    )
    return reconcile.reconcile(receipts=rows, refunds=refunds, settlements=_settlements(day, agency_ids))


@dataclass(frozen=True)
class FeeRow:
    fee: DossierFee
    receipt: Receipt | None  # the valid e-receipt
    refund: Refund | None


def fee_panel(dossier: Dossier) -> list[FeeRow]:
    """The dossier page's fees with their valid receipt and refund: three queries whatever the count."""
    fees = list(dossier.fees.order_by("pk"))
    receipts = {
        r.fee_id: r for r in Receipt.objects.select_related("series").filter(dossier=dossier, state=ReceiptState.ACTIVE)
    }
    refunds = {r.fee_id: r for r in Refund.objects.filter(dossier=dossier)}
    return [FeeRow(f, receipts.get(f.pk), refunds.get(f.pk)) for f in fees]
