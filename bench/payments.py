"""Fee benchmarks (issue 15): fees collected per second at the cashier, and VNPay IPNs settled per second.

(a) receipts.services.collect_fee: the fee locked and marked paid, its e-receipt numbered gapless in the agency's
series and year (one counter row, locked until the commit: with eight cashiers at once on PostgreSQL that row is
the real contention), FeePaid published and its subscribers delivered right after the commit. Ceiling: the same
rows written by raw SQL, one transaction per fee with the same statements each time: the counter upsert RETURNING,
the receipt insert, the fee update.

(b) payments.services.handle_ipn with VNPay's correctly signed parameters (built with payments.vnpay and the
configured secret), each for its own pending Payment: the signature, the payment locked and settled, the fee paid,
the message kept, FeePaid published and, after the commit, the e-receipt issued by its subscriber. Ceiling:
HMAC-SHA512 verification of the same parameters and the raw SQL updates of the payment row and the fee row, in
one transaction. The service writes more than that ceiling (the kept message, the receipt after the commit, its
counter): the ratio says what settling a payment completely costs beside the bare minimum.

1 thread, then 8 at once on PostgreSQL (SQLite runs one writing transaction at a time). The same fees serve every
run: between runs they are unpaid again and their receipts, payments and messages removed. The machine may be
shared: the figures are noisy, the ratio less so (both sides share the noise).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.dossiers import _demo, _procedure
from bench.threads import per_second
from motcua.core.models import EventDelivery, Role, RoleAssignment, User
from motcua.core.services import upsert_staff
from motcua.dossiers import services
from motcua.dossiers.models import DossierFee
from motcua.payments import vnpay
from motcua.payments.models import Payment, PaymentMessage, PaymentState
from motcua.payments.services import handle_ipn, start_payment
from motcua.receipts import rules
from motcua.receipts.models import Receipt, ReceiptCounter, ReceiptSeries
from motcua.receipts.services import collect_fee
from motcua.receipts.words import amount_in_words

FEES = 500  # per run, whatever the number of threads
THREADS = 8
AGENCY = "000.00.03.H99"  # the demo's Department of Justice (bench.dossiers picks its procedure)


@dataclass(frozen=True)
class Fee:
    id: int
    dossier_id: int
    agency_id: int
    centre_id: int | None
    amount: int
    label: str
    payer: str
    province_id: int


def run() -> None:
    cashiers, fees = _setup()
    runs = [1, THREADS] if connection.vendor == "postgresql" else [1]
    print("  (a) fee collection at the cashier, cash, one e-receipt series (the agency's, this year)")
    service, ceiling = _statements_collect(cashiers[0], fees[0])
    series = ReceiptSeries.objects.get(agency__code=AGENCY, year=timezone.localtime().year)
    print(f"      SQL statements per collection, after-commit delivery included: {service} (ceiling: {ceiling})")
    for threads in runs:
        service = per_second(threads, fees, lambda i, chunk: _collect(cashiers[i], chunk))
        _check_gapless(fees)
        _unpay(fees)
        ceiling = per_second(threads, fees, lambda i, chunk: _raw_collect(cashiers[i], chunk, series))
        _check_gapless(fees)
        _unpay(fees)
        print(
            f"  {threads} thread{'s' if threads > 1 else ' '}   service {service:6.0f} fees/s   "
            f"ceiling, raw SQL one transaction per fee: {ceiling:6.0f}/s   ratio {service / ceiling:4.0%}"
        )
    print("  (b) VNPay IPN settlement (signed success for a pending payment; the receipt issued after the commit)")
    service, ceiling = _statements_ipn(fees[0])
    print(f"      SQL statements per IPN, after-commit delivery included: {service} (ceiling: {ceiling})")
    for threads in runs:
        params = _pending_payments(fees)
        service = per_second(threads, params, lambda i, chunk: _ipn(chunk))
        if Receipt.objects.filter(fee_id__in=[f.id for f in fees]).count() != len(fees):
            raise RuntimeError("an IPN settled a payment without its receipt being issued after the commit")
        _check_gapless(fees)
        _unsettle(fees)
        ceiling = per_second(threads, params, lambda i, chunk: _raw_ipn(chunk))
        _unpay(fees)
        print(
            f"  {threads} thread{'s' if threads > 1 else ' '}   service {service:6.0f} IPNs/s   "
            f"ceiling, HMAC check + raw SQL payment and fee updates: {ceiling:6.0f}/s   ratio {service / ceiling:4.0%}"
        )


# --- setup ---------------------------------------------------------------------------------------------------


def _setup() -> tuple[list[User], list[Fee]]:
    """The demo province, eight cashiers of its centre, and FEES dossiers received at the counter each with one
    fee due (not timed)."""
    if not User.objects.filter(username="thuphi").exists():
        _demo()
    code, documents, fee = _procedure()
    # The demo's cashier collects for the whole province; seven more with the same role.
    agency = RoleAssignment.objects.get(user__username="thuphi", role=Role.CASHIER).agency
    cashiers = [User.objects.get(username="thuphi")] + [
        upsert_staff(
            username=f"bench.thuphi{i}", full_name=f"Thu phí {i}", password="bench-only", roles=[(Role.CASHIER, agency)]
        )
        for i in range(1, THREADS)
    ]
    officer = User.objects.get(username="motcua")
    due = services.FeeInput(label=fee.label, amount=fee.amount)
    started = time.perf_counter()
    dossiers = [
        services.receive_dossier(
            officer=officer,
            procedure_code=code,
            channel="counter",
            agency_code=AGENCY,
            applicant=services.ApplicantInput(
                name=f"Nguyễn Văn Phí {i}", id_number=f"0880{i:08d}", address="Phường Hòa An, tỉnh Hòa An"
            ),
            documents=documents,
            fees=[due],
        )
        for i in range(FEES)
    ]
    received = time.perf_counter() - started
    rows = (
        DossierFee.objects.filter(dossier__in=dossiers)
        .select_related("dossier")
        .order_by("pk")
        .only(
            "amount",
            "label",
            "province_id",
            "dossier__agency_id",
            "dossier__centre_id",
            "dossier__applicant_name",
        )
    )
    fees = [
        Fee(
            f.pk,
            f.dossier_id,
            f.dossier.agency_id,
            f.dossier.centre_id,
            f.amount,
            f.label,
            f.dossier.applicant_name,
            f.province_id,
        )
        for f in rows
    ]
    print(
        f"  data: {FEES} dossiers received with one fee of {fee.amount:,} đồng each ({received:.1f} s), "
        f"{DossierFee.objects.count():,} fees and {Receipt.objects.count():,} receipts in the database; "
        f"{len(cashiers)} cashiers; {FEES} fees per run, the same fees unpaid again between runs"
    )
    return cashiers, fees


def _unpay(fees: Sequence[Fee]) -> None:
    """The run's fees due again: their receipts, payments and messages removed (the counter keeps counting)."""
    ids = [f.id for f in fees]
    with transaction.atomic():
        PaymentMessage.objects.filter(payment__fee_id__in=ids).delete()
        Payment.objects.filter(fee_id__in=ids).delete()
        Receipt.objects.filter(fee_id__in=ids).delete()
        DossierFee.objects.filter(pk__in=ids).update(paid_at=None, method="", reference="", receipt_number="")


def _unsettle(fees: Sequence[Fee]) -> None:
    """After the service's IPNs: the same payments pending again, their fees due, so that the ceiling settles
    the very same signed parameters."""
    ids = [f.id for f in fees]
    with transaction.atomic():
        PaymentMessage.objects.filter(payment__fee_id__in=ids).delete()
        Receipt.objects.filter(fee_id__in=ids).delete()
        Payment.objects.filter(fee_id__in=ids).update(
            state=PaymentState.PENDING, paid_at=None, response_code="", transaction_no="", bank_code=""
        )
        DossierFee.objects.filter(pk__in=ids).update(paid_at=None, method="", reference="", receipt_number="")


def _pending_payments(fees: Sequence[Fee]) -> list[dict[str, str]]:
    """A payment started for each fee (start_payment, not timed) and the IPN VNPay would send for its success."""
    now = timezone.now()
    params = []
    for n, fee in enumerate(fees, start=1):
        url = start_payment(fee_id=fee.id, client_ip="127.0.0.1", now=now)
        query = dict(parse_qsl(urlsplit(url).query))
        result = {
            "vnp_Amount": query["vnp_Amount"],
            "vnp_BankCode": "NCB",
            "vnp_BankTranNo": f"VNP{n:08d}",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": query["vnp_OrderInfo"],
            "vnp_PayDate": vnpay.vn_date(now),
            "vnp_ResponseCode": vnpay.SUCCESS,
            "vnp_TmnCode": settings.VNPAY_TMN_CODE,
            "vnp_TransactionNo": f"{14000000 + n}",
            "vnp_TransactionStatus": vnpay.SUCCESS,
            "vnp_TxnRef": query["vnp_TxnRef"],
        }
        params.append(vnpay.sign_query(result, settings.VNPAY_HASH_SECRET))
    return params


def _statements_collect(cashier: User, fee: Fee) -> tuple[int, int]:
    """How many statements one collection sends, the after-commit delivery and transaction control included,
    and how many the ceiling sends for the same fee, counted the same way (outside the timed runs)."""
    with CaptureQueriesContext(connection) as service:
        _collect(cashier, [fee])
    _unpay([fee])
    series = ReceiptSeries.objects.get(agency__code=AGENCY, year=timezone.localtime().year)  # the service made it
    with CaptureQueriesContext(connection) as ceiling:
        _raw_collect(cashier, [fee], series)
    _unpay([fee])
    return len(service), len(ceiling)


def _statements_ipn(fee: Fee) -> tuple[int, int]:
    params = _pending_payments([fee])
    with CaptureQueriesContext(connection) as service:
        _ipn(params)
    _unsettle([fee])
    with CaptureQueriesContext(connection) as ceiling:
        _raw_ipn(params)
    _unpay([fee])
    return len(service), len(ceiling)


def _check_gapless(fees: Sequence[Fee]) -> None:
    """A run counts only if every fee got one receipt and their numbers follow each other with no gap."""
    numbers = sorted(Receipt.objects.filter(fee_id__in=[f.id for f in fees]).values_list("number", flat=True))
    if len(numbers) != len(fees) or numbers[-1] - numbers[0] != len(numbers) - 1:
        raise RuntimeError(f"receipts not gapless: {len(numbers)} for {len(fees)} fees")
    if EventDelivery.objects.exists():
        raise RuntimeError("FeePaid deliveries were left undelivered after the commit")


# --- (a) collection ------------------------------------------------------------------------------------------


def _collect(cashier: User, fees: Sequence[Fee]) -> None:
    for fee in fees:
        collect_fee(fee_id=fee.id, method="cash", collector=cashier, payer_name=fee.payer)


def _raw_collect(cashier: User, fees: Sequence[Fee], series: ReceiptSeries) -> None:
    year = series.year
    counter_table, receipt_table = ReceiptCounter._meta.db_table, Receipt._meta.db_table
    counter = (
        f"INSERT INTO {counter_table} (series_id, year, province_id, last) VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT (series_id, year, province_id) DO UPDATE SET last = {counter_table}.last + 1 RETURNING last"
    )
    receipt = (
        f"INSERT INTO {receipt_table} (series_id, year, number, code, fee_id, dossier_id, province_id, agency_id, "
        "centre_id, payer_name, payer_address, payer_id_number, fee_name, amount, amount_in_words, method, "
        "reference, collector_id, collector_name, issued_at, state, cancel_reason) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', '', %s, %s, %s, 'cash', '', %s, %s, %s, 'active', '')"
    )
    paid = (
        "UPDATE dossiers_dossierfee SET paid_at = %s, method = 'cash', reference = '', receipt_number = %s "
        "WHERE id = %s AND paid_at IS NULL"
    )
    ops = connection.ops
    for fee in fees:
        at = ops.adapt_datetimefield_value(timezone.now())
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(counter, [series.pk, year, fee.province_id])
            number = cursor.fetchone()[0]
            cursor.execute(
                receipt,
                [
                    series.pk,
                    year,
                    number,
                    rules.new_code(),
                    fee.id,
                    fee.dossier_id,
                    fee.province_id,
                    fee.agency_id,
                    fee.centre_id,
                    fee.payer,
                    fee.label,
                    fee.amount,
                    amount_in_words(fee.amount),
                    cashier.pk,
                    str(cashier),
                    at,
                ],
            )
            cursor.execute(paid, [at, f"{series.symbol}-{number:07d}", fee.id])
            if cursor.rowcount != 1:
                raise RuntimeError(f"fee {fee.id} was paid already")


# --- (b) IPN -------------------------------------------------------------------------------------------------


def _ipn(params: Sequence[dict[str, str]]) -> None:
    for p in params:
        answer = handle_ipn(params=p)
        if answer["RspCode"] != vnpay.IPN_CONFIRMED:
            raise RuntimeError(f"IPN for {p['vnp_TxnRef']} answered {answer}")


def _raw_ipn(params: Sequence[dict[str, str]]) -> None:
    secret = settings.VNPAY_HASH_SECRET
    payment_table = Payment._meta.db_table
    settle = (
        f"UPDATE {payment_table} SET state = 'paid', paid_at = %s, updated_at = %s, response_code = %s, "
        "transaction_no = %s, bank_code = %s WHERE txn_ref = %s AND amount = %s AND state IN ('pending', 'expired') "
        "RETURNING fee_id"
    )
    paid = (
        "UPDATE dossiers_dossierfee SET paid_at = %s, method = 'online', reference = %s "
        "WHERE id = %s AND paid_at IS NULL"
    )
    ops = connection.ops
    for p in params:
        if not vnpay.verify_query(p, secret):
            raise RuntimeError("the ceiling's signature check failed")
        at = ops.adapt_datetimefield_value(timezone.now())
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                settle,
                [
                    at,
                    at,
                    p["vnp_ResponseCode"],
                    p["vnp_TransactionNo"],
                    p["vnp_BankCode"],
                    p["vnp_TxnRef"],
                    int(p["vnp_Amount"]) // 100,
                ],
            )
            row = cursor.fetchone()
            if row is None:
                raise RuntimeError(f"payment {p['vnp_TxnRef']} not pending")
            cursor.execute(paid, [at, f"VNPAY {p['vnp_TransactionNo']}", row[0]])
