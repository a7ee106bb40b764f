"""The day's reconciliation, as a pure rule: what the receipts say was collected against what the gateway and
the bank say was settled. No Django: the selectors bring plain rows in."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ReceiptRow:
    fee_id: int
    agency: str
    method: str
    amount: int
    number: str  # series-number
    cancelled: bool


@dataclass(frozen=True, slots=True)
class SettlementRow:
    """Money the gateway or the bank reports for a fee (fee_id None: a line matched to no fee)."""

    source: str  # gateway | transfer
    reference: str
    fee_id: int | None
    amount: int


@dataclass(frozen=True, slots=True)
class Difference:
    kind: str  # settlement_without_receipt | receipt_without_settlement | amount_differs | unmatched_line
    reference: str
    receipt: str
    expected: int  # what the receipt says
    settled: int  # what the gateway or the bank says


@dataclass
class Line:
    """One agency and method: collected (valid receipts), cancelled, refunded."""

    agency: str
    method: str
    collected: int = 0
    collected_count: int = 0
    cancelled: int = 0
    cancelled_count: int = 0
    refunded: int = 0
    refunded_count: int = 0

    @property
    def net(self) -> int:
        return self.collected - self.refunded


@dataclass
class Report:
    lines: list[Line] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)

    @property
    def collected(self) -> int:
        return sum(line.collected for line in self.lines)

    @property
    def refunded(self) -> int:
        return sum(line.refunded for line in self.lines)


# Receipts whose money should appear in a settlement: paid through the gateway, or by transfer/QR to the bank.
SETTLED_METHODS = {"online": "gateway", "transfer": "transfer", "qr": "transfer"}


def reconcile(
    *,
    receipts: list[ReceiptRow],
    refunds: list[tuple[str, str, int]],  # (agency, method, amount)
    settlements: list[SettlementRow],
) -> Report:
    lines: dict[tuple[str, str], Line] = {}

    def line(agency: str, method: str) -> Line:
        return lines.setdefault((agency, method), Line(agency, method))

    valid: dict[int, ReceiptRow] = {}
    for r in receipts:
        target = line(r.agency, r.method)
        if r.cancelled:
            target.cancelled += r.amount
            target.cancelled_count += 1
        else:
            target.collected += r.amount
            target.collected_count += 1
            valid[r.fee_id] = r
    for agency, method, amount in refunds:
        target = line(agency, method)
        target.refunded += amount
        target.refunded_count += 1

    differences: list[Difference] = []
    settled: dict[int, list[SettlementRow]] = defaultdict(list)
    for s in settlements:
        if s.fee_id is None:
            differences.append(Difference("unmatched_line", s.reference, "", 0, s.amount))
        else:
            settled[s.fee_id].append(s)
    for fee_id, rows in settled.items():
        receipt = valid.get(fee_id)
        amount = sum(s.amount for s in rows)
        reference = ", ".join(s.reference for s in rows)
        if receipt is None:
            differences.append(Difference("settlement_without_receipt", reference, "", 0, amount))
        elif receipt.amount != amount:
            differences.append(Difference("amount_differs", reference, receipt.number, receipt.amount, amount))
    for fee_id, receipt in valid.items():
        if receipt.method in SETTLED_METHODS and fee_id not in settled:
            differences.append(Difference("receipt_without_settlement", "", receipt.number, receipt.amount, 0))
    return Report(lines=sorted(lines.values(), key=lambda x: (x.agency, x.method)), differences=differences)
