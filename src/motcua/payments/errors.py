"""What the payment services raise when they refuse a request: a stable code (for tests, logs and the API) and a
message in the request's language (for the citizen or the cashier)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _


class PaymentError(Exception):
    """A payment request refused; `status` is the HTTP status a page or the API answers with."""

    status = 422

    def __init__(self, code: str, message: str | None = None):
        text = message if message is not None else MESSAGES.get(code, MESSAGES["other"])()
        super().__init__(text)
        self.code, self.message = code, text


# Every refusal the payments app knows, as the citizen or the cashier reads it.
MESSAGES: dict[str, Callable[[], str]] = {
    "no_fee": lambda: _("This fee does not exist."),
    "fee_paid": lambda: _("This fee has been paid already."),
    "nothing_to_pay": lambda: _("This fee has nothing to pay."),
    "no_payment": lambda: _("This payment does not exist."),
    "not_paid": lambda: _("Only a payment that went through can be refunded."),
    "bad_amount": lambda: _("The amount to refund must be more than 0 and at most the amount paid."),
    "no_reason": lambda: _("Say why the money is refunded."),
    "refund_running": lambda: _("A refund of this payment is being sent to the gateway; wait for its answer."),
    "gateway_down": lambda: _("The payment gateway cannot be reached now. Please try again in a few minutes."),
    "no_line": lambda: _("This statement line does not exist."),
    "line_matched": lambda: _("This statement line is matched to a fee already."),
    "amount_short": lambda: _("The amount received is less than the fee."),
    "not_staff": lambda: _("Only the centre's staff can match a bank transfer to a fee."),
    "file_too_large": lambda: _("The file is too large."),
    "file_unreadable": lambda: _("The file could not be read as a CSV or Excel (xlsx) bank statement."),
    "no_columns": lambda: _(
        "The statement's columns were not recognised: it needs a date, a credit amount and a description column."
    ),
    "too_many_lines": lambda: _("The statement has too many lines; import it in smaller parts."),
    "other": lambda: _("The payment could not be processed."),
}
