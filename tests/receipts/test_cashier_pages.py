"""The cashier's pages as a cashier uses them: find by code, collect, see the day, print, cancel and replace."""

import pytest
from django.urls import reverse

from motcua.receipts.models import Receipt
from motcua.signatures.verdict import Overall
from motcua.signatures.verification import verify_pdf
from tests.pdf import flat, has_barcode_and_qr, pages_text  # noqa: F401
from tests.receipts.conftest import receive
from tests.signatures.conftest import p12_key, pki, signing_settings  # noqa: F401 (fixtures)


@pytest.fixture
def as_cashier(client, cashier):
    client.force_login(cashier)
    return client


def test_find_collect_and_see_the_day(as_cashier, dossier, django_assert_max_num_queries):
    page = as_cashier.get(reverse("desk:cashier"), {"ma": dossier.code})
    text = page.content.decode()
    assert page.status_code == 200 and "1.250.000" in text and 'value="Nguyễn Văn A"' in text
    fee = dossier.fees.get()
    answer = as_cashier.post(
        reverse("desk:cashier"),
        {"code": dossier.code, "fee": fee.pk, "method": "card", "payer_name": "Nguyễn Văn A", "reference": "POS 991"},
    )
    assert answer.status_code == 302
    receipt = Receipt.objects.get()
    assert receipt.method == "card" and receipt.reference == "POS 991" and receipt.payer_id_number == "001190000001"
    page = as_cashier.get(answer["Location"])
    text = page.content.decode()
    assert receipt.full_number in text and "cs-nothing-due" in text
    for i in range(2, 7):
        other = receive(i=i, amount=50_000 * i)
        as_cashier.post(
            reverse("desk:cashier"),
            {"code": other.code, "fee": other.fees.get().pk, "method": "cash", "payer_name": f"Người {i}"},
        )
    with django_assert_max_num_queries(12):
        page = as_cashier.get(reverse("desk:cashier"))
    text = page.content.decode()
    assert text.count('href="/desk/thu-phi/bien-lai/') == 6
    assert "1.000.000" in text and "2.250.000" in text  # cash 100k..300k = 1,000,000; total with the card


def test_another_centre_cashier_finds_nothing_and_cannot_collect(client, other_cashier, dossier):
    client.force_login(other_cashier)
    assert client.get(reverse("desk:cashier"), {"ma": dossier.code}).status_code == 404
    fee = dossier.fees.get()
    answer = client.post(
        reverse("desk:cashier"), {"code": dossier.code, "fee": fee.pk, "method": "cash", "payer_name": "X"}
    )
    assert answer.status_code == 404
    assert not Receipt.objects.exists()


def test_receipt_pdf_reads_as_a_receipt(as_cashier, dossier):
    fee = dossier.fees.get()
    as_cashier.post(
        reverse("desk:cashier"), {"code": dossier.code, "fee": fee.pk, "method": "cash", "payer_name": "Nguyễn Văn A"}
    )
    receipt = Receipt.objects.get()
    answer = as_cashier.get(reverse("desk:cashier_receipt_pdf", args=[receipt.pk]))
    assert answer["Content-Type"] == "application/pdf"
    text = flat(" ".join(pages_text(answer.content)))
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert "Ký hiệu mẫu: EBL01" in text and f"Số: {receipt.padded_number}" in text
    assert "Nguyễn Văn A" in text and "1.250.000 đồng" in text
    assert "Một triệu hai trăm năm mươi nghìn đồng" in text and "Trần Thu Phí" in text
    assert receipt.code in text


def test_cancel_and_replace_from_the_page_and_verify_publicly(as_cashier, client, dossier):
    fee = dossier.fees.get()
    as_cashier.post(
        reverse("desk:cashier"), {"code": dossier.code, "fee": fee.pk, "method": "cash", "payer_name": "Nguyễn Văn A"}
    )
    first = Receipt.objects.get()
    answer = as_cashier.post(
        reverse("desk:cashier_receipt", args=[first.pk]),
        {"reason": "Sai tên người nộp", "payer_name": "Nguyễn Văn Ánh", "payer_address": ""},
    )
    assert answer.status_code == 302
    second = Receipt.objects.exclude(pk=first.pk).get()
    client.logout()
    old = client.get(reverse("receipts:verify", args=[first.code])).content.decode()
    assert "Sai tên người nộp" in old and second.full_number in old and 'id="receipt-verdict"' in old
    new = client.get(reverse("receipts:verify", args=[second.code.lower()])).content.decode()
    assert "Nguyễn Văn Ánh" in new and first.full_number in new
    assert "001190000001" not in new and "*********001" in new
    assert client.get(reverse("receipts:verify", args=["ZZZZZZZZZZZZ"])).status_code == 404


def test_the_replacement_pdf_names_the_receipt_it_replaces(as_cashier, dossier):
    fee = dossier.fees.get()
    as_cashier.post(
        reverse("desk:cashier"), {"code": dossier.code, "fee": fee.pk, "method": "cash", "payer_name": "Nguyễn Văn A"}
    )
    first = Receipt.objects.get()
    as_cashier.post(reverse("desk:cashier_receipt", args=[first.pk]), {"reason": "Sai tên", "payer_name": "B"})
    second = Receipt.objects.exclude(pk=first.pk).get()
    text = flat(" ".join(pages_text(as_cashier.get(reverse("desk:cashier_receipt_pdf", args=[second.pk])).content)))
    assert f"Thay thế biên lai ký hiệu mẫu EBL01, ký hiệu {first.series.symbol}, số {first.padded_number}" in text


def test_the_dossier_page_fee_panel_links_the_receipt_or_offers_to_collect(client, cashier, dossier):
    from motcua.core.models import User

    officer = User.objects.get(username="motcua")
    client.force_login(officer)
    page = client.get(reverse("desk:dossier", args=[dossier.code])).content.decode()
    assert f'href="/desk/thu-phi/?ma={dossier.code}"' in page  # unpaid: the counter officer may collect
    receipt = collect_fee_as(cashier, dossier)
    page = client.get(reverse("desk:dossier", args=[dossier.code])).content.decode()
    assert f'href="/desk/thu-phi/bien-lai/{receipt.pk}/"' in page and receipt.full_number in page


def collect_fee_as(cashier, dossier):
    from motcua.receipts.services import collect_fee

    return collect_fee(fee_id=dossier.fees.get().pk, method="qr", collector=cashier, payer_name="Nguyễn Văn A")


def test_an_agency_with_a_signing_key_issues_its_receipts_signed_once(as_cashier, dossier, p12_key, client):  # noqa: F811
    p12_key(dossier.agency)  # the collecting agency's key (Decree 123: an e-receipt carries its signature)
    fee = dossier.fees.get()
    as_cashier.post(
        reverse("desk:cashier"), {"code": dossier.code, "fee": fee.pk, "method": "cash", "payer_name": "Nguyễn Văn A"}
    )
    receipt = Receipt.objects.get()
    first = as_cashier.get(reverse("desk:cashier_receipt_pdf", args=[receipt.pk])).content
    again = as_cashier.get(reverse("desk:cashier_receipt_pdf", args=[receipt.pk])).content
    assert first == again  # signed once, the same bytes on every print
    verdict = verify_pdf(first)
    assert verdict.overall == Overall.VALID and verdict.signatures[0].signer_name == "Sở Tư pháp tỉnh Hòa An"
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in flat(" ".join(pages_text(first)))
