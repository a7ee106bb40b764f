"""The receipts' writes: one function per use case, keyword-only, one transaction each."""

from motcua.receipts.services.collect import ReceiptError, cancel_and_replace, collect_fee, issue_receipt
from motcua.receipts.services.refunds import decline_refund, open_refunds, pay_refund
from motcua.receipts.services.returns import return_with_fees

__all__ = [
    "ReceiptError",
    "cancel_and_replace",
    "collect_fee",
    "decline_refund",
    "issue_receipt",
    "open_refunds",
    "pay_refund",
    "return_with_fees",
]
