"""Bank transfers settled from the centre's statement: CSV and xlsx exports as Vietnamese banks write them, the
same statement imported twice, amounts that differ, lines without a code, a fee paid meanwhile, a person's
match; what the cashier's reconciliation then reads."""

import io
from datetime import date, datetime

import pytest
from django.utils import timezone
from openpyxl import Workbook

from motcua.core.models import Role, User
from motcua.core.services import upsert_staff
from motcua.dossiers.models import DossierFee
from motcua.payments import selectors, services, statement, vietqr
from motcua.payments.models import StatementLine
from tests.payments.conftest import make_fee

pytestmark = pytest.mark.django_db


def vcb_csv(*rows: tuple[str, str, str, str]) -> bytes:
    """A statement as a Vietcombank-like CSV export: the account's details, then the table."""
    head = "SAO KÊ TÀI KHOẢN\nSố tài khoản:;0801234567890\nTừ ngày:;01/03/2026\n\n"
    table = "STT;Ngày giao dịch;Số tham chiếu;Số tiền ghi nợ;Số tiền ghi có;Số dư;Nội dung chi tiết\n"
    body = "".join(f"{i};{d};{ref};;{amount};9.999.999;{text}\n" for i, (d, ref, amount, text) in enumerate(rows, 1))
    return (head + table + body + ";;;;;;Tổng cộng\n").encode("utf-8-sig")


def xlsx(*rows: tuple) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Sao kê tài khoản 0801234567890"])
    sheet.append([])
    sheet.append(["Ngày GD", "Diễn giải", "Ghi nợ", "Ghi có", "Mã GD"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def imported(data: bytes, name: str = "saoke.csv"):
    return services.import_statement(data=data, filename=name, actor_name="Kế toán")


def test_a_transfer_with_the_code_and_the_exact_amount_pays_the_fee_once(fee):
    ref = vietqr.reference(fee.pk)
    data = vcb_csv(("05/03/2026", "FT2606412345", "200.000", f"MBVCB.123.{ref}.NGUYEN VAN A chuyen tien"))
    result = imported(data)
    assert (result.lines, result.new, result.matched, result.unmatched) == (1, 1, 1, 0)
    fee.refresh_from_db()
    assert fee.paid_at is not None and fee.method == "transfer" and ref in fee.reference
    line = StatementLine.objects.get()
    assert line.state == "matched" and line.fee_id == fee.pk and line.matched_by == ""

    again = imported(data)  # the same statement, imported again
    assert (again.new, again.matched) == (0, 0)
    assert StatementLine.objects.count() == 1

    [row] = selectors.transfer_settlements(day=timezone.localdate())
    assert (row.fee_id, row.amount, row.gateway, row.txn_ref, row.transaction_no) == (
        fee.pk,
        200_000,
        "vietqr",
        ref,
        "FT2606412345",
    )


def test_an_xlsx_export_is_read_the_same(fee):
    ref = vietqr.reference(fee.pk)
    result = imported(xlsx((datetime(2026, 3, 5, 9, 30), f"CK {ref} le phi", None, 200000, "TX1")), "saoke.xlsx")
    assert result.matched == 1
    assert DossierFee.objects.get(pk=fee.pk).method == "transfer"


def test_lines_left_unmatched_say_why(fee):
    ref = vietqr.reference(fee.pk)
    other = vietqr.reference(fee.pk + 1000)
    data = vcb_csv(
        ("05/03/2026", "A1", "150.000", f"{ref} thieu tien"),
        ("05/03/2026", "A2", "200.000", "chuyen tien le phi ho so"),
        ("06/03/2026", "A3", "200.000", f"{other} ma khong co"),
    )
    result = imported(data)
    assert (result.new, result.matched, result.unmatched) == (3, 0, 3)
    reasons = {line.bank_ref: line.reason for line in selectors.unmatched_lines()}
    assert reasons == {"A1": "amount_differs", "A2": "no_reference", "A3": "unknown_reference"}
    assert [line.bank_ref for line in selectors.unmatched_lines(day=date(2026, 3, 6))] == ["A3"]
    assert DossierFee.objects.get(pk=fee.pk).paid_at is None


def test_a_transfer_for_a_fee_paid_meanwhile_is_left_for_a_refund(fee):
    DossierFee.objects.filter(pk=fee.pk).update(paid_at=timezone.now(), method="cash")
    imported(vcb_csv(("05/03/2026", "B1", "200.000", vietqr.reference(fee.pk))))
    [line] = selectors.unmatched_lines()
    assert line.reason == "fee_paid" and line.reason_text == str(selectors.UNMATCHED_REASONS["fee_paid"]())


def test_a_person_matches_an_unmatched_line_by_hand(fee):
    imported(vcb_csv(("05/03/2026", "C1", "200.000", "NGUYEN VAN A NOP LE PHI")))
    [line] = selectors.unmatched_lines()
    citizen = User.objects.create(username="citizen")
    with pytest.raises(services.PaymentError) as error:
        services.match_line(line_id=line.line_id, fee_id=fee.pk, actor=citizen)
    assert error.value.code == "not_staff"
    officer = User.objects.get(username="motcua")
    matched = services.match_line(line_id=line.line_id, fee_id=fee.pk, actor=officer)
    assert matched.state == "matched" and matched.matched_by
    assert DossierFee.objects.get(pk=fee.pk).method == "transfer"
    assert selectors.unmatched_lines() == []
    with pytest.raises(services.PaymentError) as error:
        services.match_line(line_id=line.line_id, fee_id=fee.pk, actor=officer)
    assert error.value.code == "line_matched"


def test_a_hand_match_needs_the_amount_to_cover_the_fee(fee):
    imported(vcb_csv(("05/03/2026", "D1", "100.000", "nop thieu")))
    [line] = selectors.unmatched_lines()
    with pytest.raises(services.PaymentError) as error:
        services.match_line(line_id=line.line_id, fee_id=fee.pk, actor=User.objects.get(username="motcua"))
    assert error.value.code == "amount_short" and error.value.message


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"hello;world\n1;2\n", "no_columns"),
        (b"PK\x03\x04 not a zip", "file_unreadable"),
        (b"x" * (statement.MAX_BYTES + 1), "file_too_large"),
    ],
)
def test_a_file_that_is_not_a_statement_is_refused_with_a_reason(data, code):
    with pytest.raises(services.PaymentError) as error:
        imported(data)
    assert error.value.code == code and error.value.message


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.000.000", 1_000_000),
        ("1,000,000", 1_000_000),
        ("200,000.00", 200_000),
        ("1.000.000,00", 1_000_000),
        ("+ 500 000 VND", 500_000),
        ("5000", 5000),
        (200000.0, 200_000),
        ("", None),
        ("-200.000", -200_000),
    ],
)
def test_amounts_as_banks_write_them(text, amount):
    assert statement.parse_amount(text) == amount


def test_identical_lines_without_a_bank_reference_are_two_lines():
    rows = "Ngày;Số tiền;Nội dung\n05/03/2026;50.000;nop phi\n05/03/2026;50.000;nop phi\n05/03/2026;-10.000;phi\n"
    lines = statement.read(rows.encode())
    assert len(lines) == 2 and lines[0].line_hash != lines[1].line_hash
    assert [line.line_hash for line in statement.read(rows.encode())] == [line.line_hash for line in lines]


def test_the_staff_page_imports_a_statement_and_lists_what_is_left(client, fee, django_assert_max_num_queries):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(User.objects.get(username="motcua"))
    data = vcb_csv(
        ("05/03/2026", "E1", "200.000", f"{vietqr.reference(fee.pk)} le phi"),
        ("05/03/2026", "E2", "90.000", "khong ma"),
    )
    response = client.post("/payments/sao-ke/", {"file": SimpleUploadedFile("saoke.csv", data, "text/csv")})
    assert response.status_code == 302
    with django_assert_max_num_queries(10):  # log-in, roles, the desk's menu, the lines: not one per line
        page = client.get("/payments/sao-ke/").content.decode()
    # The unmatched lines' table: the line left to match by hand, not the one paid (its bank reference, E1, is
    # looked for in the table only: the page's random tokens may hold those two characters).
    table = page.split('id="unmatched-lines"', 1)[1].split("</table>", 1)[0]
    assert "khong ma" in table and "E2" in table and "E1" not in table
    assert DossierFee.objects.get(pk=fee.pk).method == "transfer"
    bad = client.post("/payments/sao-ke/", {"file": SimpleUploadedFile("x.csv", b"a;b\n1;2\n", "text/csv")})
    assert bad.status_code == 422 and 'id="statement-alert"' in bad.content.decode()


def test_the_statement_page_is_for_the_centres_money_handlers(client, fee):
    assert client.get("/payments/sao-ke/").status_code == 302  # log in first
    client.force_login(User.objects.get(username="tuphap.chuyenvien"))
    assert client.get("/payments/sao-ke/").status_code == 403
    with pytest.raises(services.PaymentError):
        services.match_line(line_id=1, fee_id=fee.pk, actor=User.objects.get(username="tuphap.chuyenvien"))
    cashier = upsert_staff(username="thungan", full_name="Thu ngân", roles=[(Role.CASHIER, fee.dossier.agency)])
    client.force_login(cashier)  # the centre's cashier matches transfers too, from the cashier's tabs
    assert client.get("/payments/sao-ke/").status_code == 200


def test_the_command_imports_a_statement_file(fee, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "saoke.csv"
    path.write_bytes(vcb_csv(("05/03/2026", "F1", "200.000", vietqr.reference(fee.pk))))
    out = io.StringIO()
    call_command("import_statement", str(path), stdout=out)
    assert "1 matched" in out.getvalue()
    call_command("import_statement", str(path), stdout=out)
    assert "0 new" in out.getvalue()


def test_the_fees_a_person_may_match_a_transfer_to_are_the_unpaid_ones_of_its_amount(fee):
    other = make_fee(90_000)
    assert [f.id for f in selectors.unpaid_fees_of_amount(amount=200_000)] == [fee.pk]
    assert [f.id for f in selectors.unpaid_fees_of_amount(amount=90_000)] == [other.pk]
    DossierFee.objects.filter(pk=fee.pk).update(paid_at=timezone.now())
    assert selectors.unpaid_fees_of_amount(amount=200_000) == []
