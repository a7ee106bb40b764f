"""Collecting at the cashier's desk: the fee is paid and its receipt issued together, numbered without gaps;
cancel and replace; an online payment gets its receipt from the gateway's event."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.dossiers.models import DossierFee
from motcua.dossiers.services.fees import record_fee_paid
from motcua.receipts.models import Receipt, ReceiptState
from motcua.receipts.services import ReceiptError, cancel_and_replace, collect_fee
from tests.receipts.conftest import receive


def collect(fee, cashier, method="cash", **kw):
    return collect_fee(fee_id=fee.pk, method=method, collector=cashier, payer_name="Nguyễn Văn A", **kw)


def test_collecting_pays_the_fee_and_issues_receipt_number_one(dossier, cashier, django_capture_on_commit_callbacks):
    fee = dossier.fees.get()
    with django_capture_on_commit_callbacks(execute=True):
        receipt = collect(fee, cashier, payer_address="12 Lê Lợi", payer_id_number="001190000001")
    fee.refresh_from_db()
    assert fee.paid_at is not None and fee.method == "cash"
    year = timezone.localdate().year % 100
    assert receipt.full_number == f"{year:02d}BL-0000001"
    assert fee.receipt_number == receipt.full_number
    assert receipt.amount_in_words == "Một triệu hai trăm năm mươi nghìn đồng"
    assert receipt.collector_name == "Trần Thu Phí" and receipt.series.form_symbol == "EBL01"
    assert Receipt.objects.count() == 1  # the online subscriber did not issue a second one


def test_a_fee_is_collected_once(dossier, cashier):
    fee = dossier.fees.get()
    collect(fee, cashier)
    with pytest.raises(ReceiptError) as error:
        collect(fee, cashier, method="card")
    assert error.value.code == "paid"
    assert Receipt.objects.count() == 1


def test_a_rolled_back_collection_leaves_no_gap(cashier, monkeypatch):
    fees = [receive(i=i).fees.get() for i in range(3)]
    collect(fees[0], cashier)
    from motcua.receipts.services import collect as module

    def broken(**kwargs):
        raise RuntimeError("the printer caught fire")

    monkeypatch.setattr(module, "set_fee_receipt_number", broken)
    with pytest.raises(RuntimeError):
        collect(fees[1], cashier)
    monkeypatch.undo()
    assert DossierFee.objects.get(pk=fees[1].pk).paid_at is None  # nothing half done
    collect(fees[2], cashier)
    assert sorted(Receipt.objects.values_list("number", flat=True)) == [1, 2]


def test_an_officer_of_another_centre_cannot_collect(dossier, other_cashier):
    with pytest.raises(ReceiptError) as error:
        collect(dossier.fees.get(), other_cashier)
    assert error.value.code == "forbidden"
    assert dossier.fees.get().paid_at is None


def test_cancel_and_replace_keeps_the_fee_paid_and_never_reuses_the_number(dossier, cashier):
    first = collect(dossier.fees.get(), cashier)
    replacement = cancel_and_replace(
        receipt_id=first.pk, reason="Sai tên người nộp", actor=cashier, payer_name="Nguyễn Văn Ánh"
    )
    first.refresh_from_db()
    assert first.state == ReceiptState.CANCELLED and first.cancel_reason == "Sai tên người nộp"
    assert replacement.replaces == first and replacement.number == first.number + 1
    assert replacement.payer_name == "Nguyễn Văn Ánh" and replacement.amount == first.amount
    fee = dossier.fees.get()
    assert fee.paid_at is not None and fee.receipt_number == replacement.full_number
    with pytest.raises(ReceiptError):
        cancel_and_replace(receipt_id=first.pk, reason="again", actor=cashier)


def test_only_a_supervisor_cancels_after_the_day(dossier, cashier, supervisor):
    receipt = collect(dossier.fees.get(), cashier, now=timezone.now() - timedelta(days=2))
    with pytest.raises(ReceiptError) as error:
        cancel_and_replace(receipt_id=receipt.pk, reason="Nhầm", actor=cashier)
    assert error.value.code == "forbidden"
    replacement = cancel_and_replace(receipt_id=receipt.pk, reason="Nhầm", actor=supervisor)
    assert replacement.replaces_id == receipt.pk


def test_a_reason_is_required(dossier, cashier):
    receipt = collect(dossier.fees.get(), cashier)
    with pytest.raises(ReceiptError):
        cancel_and_replace(receipt_id=receipt.pk, reason="  ", actor=cashier)


def test_an_online_payment_gets_its_receipt_once_from_the_event(dossier, django_capture_on_commit_callbacks):
    fee = dossier.fees.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert record_fee_paid(fee_id=fee.pk, method="online", reference="VNPAY 14012345", now=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert not record_fee_paid(fee_id=fee.pk, method="online", reference="VNPAY 14012345", now=timezone.now())
    receipt = Receipt.objects.get()
    assert receipt.collector is None and receipt.method == "online" and receipt.reference == "VNPAY 14012345"
    assert receipt.payer_name == "Nguyễn Văn A" and receipt.payer_address == "12 Lê Lợi, Huế"
    fee.refresh_from_db()
    assert fee.reference == "VNPAY 14012345" and fee.receipt_number == receipt.full_number


def test_a_registered_series_is_used_and_numbers_restart_each_year(dossier, cashier, province):
    from motcua.receipts.models import ReceiptSeries

    now = timezone.now()
    ReceiptSeries.objects.create(
        agency=province.justice, year=timezone.localtime(now).year, form_symbol="EBL01", symbol="26TP"
    )
    first = collect(dossier.fees.get(), cashier, now=now)
    assert first.full_number == "26TP-0000001"
    next_year = receive(i=9).fees.get()
    later = collect(next_year, cashier, now=now + timedelta(days=366))
    assert later.number == 1 and later.series != first.series
