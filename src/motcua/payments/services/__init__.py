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

__all__ = [
    "PaymentError",
    "RefundResult",
    "ReturnView",
    "handle_ipn",
    "handle_return",
    "merchant",
    "refund_online",
    "return_url",
    "settle_pending",
    "start_payment",
]
