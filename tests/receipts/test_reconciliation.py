"""The day's reconciliation: figures per agency and method, and each difference flagged, on the page and in Excel."""

import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from motcua.dossiers.services.fees import record_fee_paid
from motcua.payments.models import Payment, PaymentState
from motcua.receipts import reconcile
from motcua.receipts.services import cancel_and_replace, collect_fee
from tests.receipts.conftest import receive


def pay_online(fee, captured, *, settled_amount=None, settle=True, receipt=True):
    now = timezone.now()
    if settle:
        Payment.objects.create(
            fee=fee,
            province_id=fee.province_id,
            amount=settled_amount or fee.amount,
            txn_ref=f"T{fee.pk}",
            state=PaymentState.PAID,
            created_at=now,
            expires_at=now + timedelta(minutes=15),
            updated_at=now,
            paid_at=now,
        )
    if receipt:
        with captured(execute=True):
            record_fee_paid(fee_id=fee.pk, method="online", reference=f"VNPAY {fee.pk}", now=now)


def test_the_rule_flags_each_kind_of_difference():
    report = reconcile.reconcile(
        receipts=[
            reconcile.ReceiptRow(1, "Sở Tư pháp", "online", 200_000, "26BL-0000001", False),
            reconcile.ReceiptRow(2, "Sở Tư pháp", "online", 300_000, "26BL-0000002", False),
            reconcile.ReceiptRow(3, "Sở Tư pháp", "cash", 100_000, "26BL-0000003", False),
            reconcile.ReceiptRow(4, "Sở Tư pháp", "online", 50_000, "26BL-0000004", False),
            reconcile.ReceiptRow(5, "Sở Tư pháp", "cash", 70_000, "26BL-0000005", True),
        ],
        refunds=[("Sở Tư pháp", "cash", 100_000)],
        settlements=[
            reconcile.SettlementRow("gateway", "T1", 1, 200_000),
            reconcile.SettlementRow("gateway", "T2", 2, 250_000),
            reconcile.SettlementRow("gateway", "T9", 9, 80_000),
            reconcile.SettlementRow("transfer", "FT26001", None, 10_000),
        ],
    )
    kinds = sorted((d.kind, d.receipt or d.reference) for d in report.differences)
    assert kinds == [
        ("amount_differs", "26BL-0000002"),
        ("receipt_without_settlement", "26BL-0000004"),
        ("settlement_without_receipt", "T9"),
        ("unmatched_line", "FT26001"),
    ]
    cash = next(line for line in report.lines if line.method == "cash")
    assert (cash.collected, cash.cancelled, cash.refunded, cash.net) == (100_000, 70_000, 100_000, 0)
    assert report.collected == 650_000


def test_the_page_and_the_workbook_show_the_days_figures(
    client, cashier, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    captured = django_capture_on_commit_callbacks
    cash = receive(i=1, amount=100_000).fees.get()
    collect_fee(fee_id=cash.pk, method="cash", collector=cashier, payer_name="A")
    cancelled = collect_fee(
        fee_id=receive(i=2, amount=70_000).fees.get().pk, method="card", collector=cashier, payer_name="B"
    )
    cancel_and_replace(receipt_id=cancelled.pk, reason="Sai tên", actor=cashier, payer_name="Bê")
    pay_online(receive(i=3, amount=200_000).fees.get(), captured)  # matched
    pay_online(receive(i=4, amount=300_000).fees.get(), captured, settled_amount=250_000)  # amounts differ
    pay_online(receive(i=5, amount=50_000).fees.get(), captured, settle=False)  # receipt, no settlement
    pay_online(receive(i=6, amount=80_000).fees.get(), captured, receipt=False)  # settlement, no receipt
    client.force_login(cashier)
    day = timezone.localdate().isoformat()
    with django_assert_max_num_queries(16):  # five reads of the day, whatever its size; the rest is the desk
        page = client.get(reverse("desk:cashier_reconciliation"), {"ngay": day})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="badge warn"') == 3
    assert "720.000" in html  # collected: 100k cash + 70k card (replacement) + 200k + 300k + 50k online
    workbook = load_workbook(io.BytesIO(client.get(reverse("desk:cashier_reconciliation_xlsx"), {"ngay": day}).content))
    figures, flagged = workbook.worksheets
    rows = list(figures.iter_rows(values_only=True))
    assert rows[-1][2] == 720_000
    card = next(r for r in rows if r[1] in ("Thẻ", "Card"))
    assert (card[2], card[4]) == (70_000, 70_000)  # the replacement collected, the cancelled one counted apart
    assert len(list(flagged.iter_rows(values_only=True))) == 4  # a header and three differences


def test_a_bad_day_is_said_and_today_is_shown(client, cashier):
    client.force_login(cashier)
    page = client.get(reverse("desk:cashier_reconciliation"), {"ngay": "2026-13-45"})
    assert page.status_code == 400
