"""The payments app's writes, one function per use case: online payment (VNPay), refunds, bank statements."""

from motcua.payments.errors import PaymentError
from motcua.payments.services.online import (
    ReturnView,
    handle_ipn,
    handle_return,
    merchant,
    return_url,
    settle_pending,
    start_payment,
)
from motcua.payments.services.refunds import RefundResult, refund_online
from motcua.payments.services.statements import ImportResult, import_statement, match_line

__all__ = [
    "ImportResult",
    "PaymentError",
    "RefundResult",
    "ReturnView",
    "handle_ipn",
    "handle_return",
    "import_statement",
    "match_line",
    "merchant",
    "refund_online",
    "return_url",
    "settle_pending",
    "start_payment",
]
