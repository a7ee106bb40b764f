"""Bank transfers (VietQR) settled from the centre's bank statement: import its credit lines once, match each to
the fee whose payment code its content holds when the amount is the fee's, and let a person match the rest."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.core.access import user_roles
from motcua.core.models import Role, User
from motcua.dossiers.models import PaymentMethod
from motcua.dossiers.services.fees import record_fee_paid
from motcua.payments import statement, vietqr
from motcua.payments.errors import PaymentError
from motcua.payments.models import StatementLine
from motcua.payments.selectors import fee_to_pay

log = logging.getLogger(__name__)

# Who handles the centre's money received by transfer: imports the statement, matches lines by hand.
TRANSFER_ROLES = {Role.CASHIER, Role.COUNTER_OFFICER, Role.SUPERVISOR, Role.ADMINISTRATOR}


def may_handle_transfers(user: User) -> bool:
    return bool(getattr(user, "is_superuser", False) or TRANSFER_ROLES & user_roles(user))


@dataclass(frozen=True)
class ImportResult:
    lines: int  # credit lines in the file
    new: int  # of which not imported before
    matched: int  # of the new ones, matched to a fee automatically
    unmatched: int  # of the new ones, left for a person


def import_statement(*, data: bytes, filename: str, actor_name: str, now: datetime | None = None) -> ImportResult:
    """Read a statement export (CSV or xlsx), keep its credit lines not seen before and match them. Importing the
    same statement again, or two at once, adds and pays nothing twice (a line's hash is unique)."""
    now = now or timezone.now()
    try:
        lines = statement.read(data, filename=filename)
    except statement.StatementError as error:
        raise PaymentError(error.code) from error
    new = matched = 0
    for line in lines:
        created = _insert(line, source=f"{filename[:200]} ({actor_name[:40]})", now=now)
        if created is None:
            continue  # imported before (or by an import running at the same moment)
        new += 1
        matched += _auto_match(created.pk, now=now)
    log.info("statement imported: %s lines, %s new, %s matched", len(lines), new, matched)
    return ImportResult(len(lines), new, matched, new - matched)


def _insert(line: statement.Line, *, source: str, now: datetime) -> StatementLine | None:
    try:
        with transaction.atomic():
            return StatementLine.objects.create(
                line_hash=line.line_hash,
                bank_ref=line.bank_ref,
                booked_on=line.booked_on,
                amount=line.amount,
                description=line.description,
                source_name=source,
                imported_at=now,
            )
    except IntegrityError:
        return None


def _auto_match(line_id: int, *, now: datetime) -> int:
    """Match one line by the payment code in its content and its exact amount; 1 when it paid a fee."""
    with transaction.atomic():
        line = StatementLine.objects.select_for_update().get(pk=line_id)
        if line.state == StatementLine.State.MATCHED:
            return 0
        fee_ids = vietqr.fee_ids_in(line.description)
        reason = ""
        if not fee_ids:
            reason = "no_reference"
        elif len(fee_ids) > 1:
            reason = "several_references"
        else:
            [fee_id] = fee_ids
            line.reference = vietqr.reference(fee_id)
            fee = fee_to_pay(fee_id)
            if fee is None:
                reason = "unknown_reference"
            elif fee.paid:
                reason = "fee_paid"
            elif fee.amount != line.amount:
                reason = "amount_differs"
            elif not _pay(line, fee_id, now=now):
                reason = "fee_paid"  # paid a moment ago by another line, the counter or VNPay
        if reason:
            line.reason = reason
            line.save(update_fields=["reference", "reason"])
            return 0
        line.save()
        return 1


def _pay(line: StatementLine, fee_id: int, *, now: datetime, by: str = "") -> bool:
    """Under the line's lock: the fee paid by this transfer, once (record_fee_paid locks the fee's row)."""
    reference = f"{line.reference or 'CK'} {line.bank_ref}".strip()
    if not record_fee_paid(fee_id=fee_id, method=PaymentMethod.TRANSFER, reference=reference, now=now):
        return False
    line.state, line.fee_id, line.reason = StatementLine.State.MATCHED, fee_id, ""
    line.matched_at, line.matched_by = now, by
    return True


def match_line(*, line_id: int, fee_id: int, actor: User, now: datetime | None = None) -> StatementLine:
    """A person matches a line left unmatched to a fee (a content without the code, a rounded amount...). The
    amount received must cover the fee; the fee is then paid by transfer, once."""
    now = now or timezone.now()
    if not may_handle_transfers(actor):
        raise PaymentError("not_staff")
    with transaction.atomic():
        line = StatementLine.objects.select_for_update().filter(pk=line_id).first()
        if line is None:
            raise PaymentError("no_line")
        if line.state == StatementLine.State.MATCHED:
            raise PaymentError("line_matched")
        fee = fee_to_pay(fee_id)
        if fee is None:
            raise PaymentError("no_fee")
        if fee.paid:
            raise PaymentError("fee_paid")
        if line.amount < fee.amount:
            raise PaymentError("amount_short")
        line.reference = line.reference or vietqr.reference(fee_id)
        by = (getattr(actor, "full_name", "") or actor.get_username())[:255]
        if not _pay(line, fee_id, now=now, by=by):
            raise PaymentError("fee_paid")
        line.save()
    log.info("statement line %s matched by hand to fee %s", line_id, fee_id)
    return line
