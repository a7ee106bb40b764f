"""The printed forms (Mẫu 01-07): what a person reads on the PDF, and the HTML it is drawn from."""

from __future__ import annotations

import base64
import io
import re
import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from motcua.dossiers.forms import (
    Apology,
    BookRow,
    ControlSlip,
    DocumentLine,
    Handover,
    Header,
    Party,
    Receipt,
    Refusal,
    StopNotice,
    SupplementRequest,
    TrackingBook,
    formatting,
    render_html,
    render_pdf,
)
from motcua.dossiers.forms.render import _fetcher
from tests.pdf import drawn_symbols, flat, has_barcode_and_qr, page_size, pages_text

CODE = "000.00.04.H40-260204-0007"
URL = f"https://dichvucong.hoaan.gov.vn/tra-cuu/{CODE}?k=K7MPQ2XA"
NAME = "Nguyễn Thị Hương"
PROCEDURE = "Cấp giấy phép xây dựng nhà ở riêng lẻ"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# 08:15 and 16:00 in Hà Nội are 01:15 and 09:00 UTC: the forms must print the local clock.
RECEIVED = utc(2026, 2, 4, 1, 15)
DUE = utc(2026, 2, 25, 9, 0)
NEW_DUE = utc(2026, 3, 11, 9, 30)

HEADER = Header(
    agency_name="Trung tâm Phục vụ\nhành chính công",
    parent_name="Ủy ban nhân dân tỉnh Hòa An",
    centre_name="Trung tâm Phục vụ hành chính công tỉnh Hòa An",
    place="Hòa An",
)
DEPARTMENT = Header(
    agency_name="Sở Xây dựng",
    parent_name="Ủy ban nhân dân tỉnh Hòa An",
    centre_name="Trung tâm Phục vụ hành chính công tỉnh Hòa An",
    place="Hòa An",
)
APPLICANT = Party(
    NAME,
    id_number="001186012345",
    address="Số 12 đường Lê Lợi, Phường Hòa An, tỉnh Hòa An",
    phone="0912 345 678",
    email="huong.nguyen@example.vn",
)
DOCUMENTS = [
    DocumentLine("Đơn đề nghị cấp giấy phép xây dựng nhà ở riêng lẻ", originals=1),
    DocumentLine("Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất", 0, 0, 1),
    DocumentLine("Bản vẽ thiết kế xây dựng", originals=2, note="Gồm mặt bằng, mặt cắt, mặt đứng và móng"),
    DocumentLine("Căn cước của người đề nghị", copies=1),
]


def receipt(applicant: Party = APPLICANT) -> Receipt:
    return Receipt(
        header=HEADER,
        code=CODE,
        lookup_url=URL,
        lookup_secret="K7MPQ2XA",
        applicant=applicant,
        procedure_name=PROCEDURE,
        procedure_code="1.009994",
        documents=DOCUMENTS,
        sets=1,
        limit_text="15 ngày làm việc",
        received_at=RECEIVED,
        due_at=DUE,
        return_at="Trung tâm Phục vụ hành chính công tỉnh Hòa An",
        book_volume="02",
        book_number="1375",
        officer_name=unicodedata.normalize("NFD", "Trần Văn Đức"),  # sources mix NFC and NFD
        issued_at=RECEIVED,
    )


def supplement_request() -> SupplementRequest:
    return SupplementRequest(
        header=DEPARTMENT,
        code=CODE,
        lookup_url=URL,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        received_at=RECEIVED,
        items=[
            DocumentLine("Bản vẽ thiết kế xây dựng", originals=2, note="Bổ sung bản vẽ mặt bằng móng có chữ ký"),
            DocumentLine("Giấy tờ về quyền sử dụng đất", certified_copies=1, note="Bản sao có chứng thực"),
        ],
        reason="Hồ sơ thiếu bản vẽ mặt bằng móng theo khoản 1 Điều 47 Nghị định 175/2024/NĐ-CP.",
        contact_name="bà Lê Thị Mỹ Dung, chuyên viên Phòng Quản lý xây dựng",
        contact_phone="0203 3812 456",
        officer_name="Lê Thị Mỹ Dung",
        issued_at=utc(2026, 2, 10, 3, 0),
    )


def refusal(applicant: Party = APPLICANT) -> Refusal:
    return Refusal(
        header=HEADER,
        applicant=applicant,
        procedure_name=PROCEDURE,
        reason="Thửa đất thuộc quy hoạch đường giao thông đã được phê duyệt, không đủ điều kiện cấp phép.",
        legal_basis="Điều 93 Luật Xây dựng năm 2014",
        officer_name="Trần Văn Đức",
        issued_at=date(2026, 2, 4),
    )


def apology() -> Apology:
    return Apology(
        header=DEPARTMENT,
        number="15/XL-SXD",
        code=CODE,
        lookup_url=URL,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        received_at=RECEIVED,
        old_due_at=DUE,
        new_due_at=NEW_DUE,
        reason="Cần lấy ý kiến của Ủy ban nhân dân phường Hòa An về hiện trạng công trình lân cận.",
        signer_name="Phạm Quốc Hưng",
        signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        issued_at=date(2026, 2, 24),
    )


def stop_notice() -> StopNotice:
    return StopNotice(
        header=DEPARTMENT,
        code=CODE,
        lookup_url=URL,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        received_at=RECEIVED,
        reason="Người nộp hồ sơ có đơn đề nghị rút hồ sơ ngày 12/02/2026.",
        signer_name="Phạm Quốc Hưng",
        signer_title="GIÁM ĐỐC",
        issued_at=date(2026, 2, 13),
    )


def control_slip() -> ControlSlip:
    return ControlSlip(
        header=HEADER,
        code=CODE,
        lookup_url=URL,
        applicant_name=NAME,
        procedure_name=PROCEDURE,
        agency_name="Sở Xây dựng tỉnh Hòa An",
        issued_at=RECEIVED,
        rows=[
            Handover("Tiếp nhận hồ sơ", "Trung tâm Phục vụ hành chính công", RECEIVED, NAME, "Trần Văn Đức", "on_time"),
            Handover(
                "Thẩm định hồ sơ",
                "Phòng Quản lý xây dựng",
                utc(2026, 2, 4, 7, 40),
                "Trần Văn Đức",
                "Lê Thị Mỹ Dung",
                "early",
                "Kiểm tra hiện trạng ngày 09/02",
            ),
            Handover(
                "Phê duyệt", "Lãnh đạo Sở Xây dựng", utc(2026, 2, 20, 2, 5), "Lê Thị Mỹ Dung", "Phạm Quốc Hưng", "late"
            ),
            Handover("Trả kết quả", "Trung tâm Phục vụ hành chính công"),
        ],
    )


def tracking_book(rows: int = 40) -> TrackingBook:
    start = utc(2026, 2, 2, 1, 30)
    return TrackingBook(
        header=HEADER,
        agency_name="Quầy Sở Xây dựng – Trung tâm Phục vụ hành chính công tỉnh Hòa An",
        book_volume="02",
        period_from=date(2026, 2, 1),
        period_to=date(2026, 2, 28),
        rows=[
            BookRow(
                number=n,
                code=f"000.00.04.H40-2602{n % 27 + 1:02d}-{n:04d}",
                procedure_name=PROCEDURE if n % 2 else "Cấp giấy phép sửa chữa, cải tạo công trình",
                applicant_name=NAME if n == 1 else f"Đặng Văn Quý {n}",
                applicant_contact=f"Tổ {n}, Phường Hòa An; 0912 000 {n:03d}",
                lead_agency="Sở Xây dựng",
                received_at=start + timedelta(hours=5 * n),
                due_at=start + timedelta(days=21, hours=5 * n),
                returned_at=start + timedelta(days=20, hours=5 * n) if n % 3 else None,
                return_method="Bưu chính" if n % 4 == 0 else "Tại Trung tâm",
            )
            for n in range(1, rows + 1)
        ],
    )


# --- reading the PDFs -------------------------------------------------------------------------------

A4 = (595, 842)


@pytest.fixture(scope="module")
def receipt_pdf() -> bytes:
    return render_pdf(receipt())


@pytest.fixture(scope="module")
def book_pdf() -> bytes:
    return render_pdf(tracking_book(40))


# --- Mẫu 01 -----------------------------------------------------------------------------------------


def test_receipt_prints_its_fields(receipt_pdf):
    (text,) = pages_text(receipt_pdf)
    words = flat(text)
    assert "Mẫu số 01" in words
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in words
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in words
    assert "Độc lập - Tự do - Hạnh phúc" in words
    assert "ỦY BAN NHÂN DÂN TỈNH HÒA AN" in words
    assert "Hòa An, ngày 04 tháng 02 năm 2026" in words
    assert CODE in words
    assert "K7MPQ2XA" in words
    assert NAME in words
    assert "Phường Hòa An" in words
    assert PROCEDURE in words
    assert "Giấy chứng nhận quyền sử dụng đất" in words
    assert "01 bộ" in words
    assert "15 ngày làm việc" in words
    assert "08 giờ 15 phút, ngày 04/02/2026" in words
    assert "16 giờ 00 phút, ngày 25/02/2026" in words
    assert "quyển số: 02, số thứ tự: 1375" in words
    assert "NGƯỜI NỘP HỒ SƠ" in words
    assert "NGƯỜI TIẾP NHẬN" in words
    assert "Trần Văn Đức" in words


def test_receipt_is_one_a4_page_with_barcode_and_qr(receipt_pdf):
    assert len(PdfReader(io.BytesIO(receipt_pdf)).pages) == 1
    assert page_size(receipt_pdf) == A4
    assert has_barcode_and_qr(receipt_pdf)


def test_diacritics_survive_in_one_font(receipt_pdf):
    (text,) = pages_text(receipt_pdf)
    assert "Trần Văn Đức" in text  # given decomposed (NFD), printed whole
    for word in ("Hương", "Đức", "Hòa", "giấy", "chứng", "thực", "ỦY", "NGƯỜI", "TIẾP NHẬN"):
        assert word in text
    # A font without "ư" or "ạ" would be patched glyph by glyph from another family: one family means none was.
    fonts = PdfReader(io.BytesIO(receipt_pdf)).pages[0]["/Resources"]["/Font"].values()
    names = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts}
    assert len({re.sub(r"[^a-z]", "", name.lower())[:6] for name in names}) == 1, names


def test_symbols_carry_the_code_and_the_lookup_address():
    html = render_html(receipt())
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert len(images) == 2
    barcode, qr = (base64.b64decode(image) for image in images)
    assert barcode.startswith(b"<svg") and b"<rect" in barcode
    assert qr.startswith(b"<svg") and b"<path" in qr
    assert b"DOCTYPE" not in barcode  # nothing that points outside the document
    assert "http" not in html.replace(URL, "").split("<body", 1)[1]


# --- Mẫu 02 to 06 -----------------------------------------------------------------------------------

OTHER_FORMS = {
    "02": (
        supplement_request,
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        ["NGƯỜI HƯỚNG DẪN", "Bổ sung bản vẽ mặt bằng móng", "0203 3812 456", "Ngày 04/02/2026"],
    ),
    "03": (
        refusal,
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        ["NGƯỜI TIẾP NHẬN HỒ SƠ", "Điều 93 Luật Xây dựng", "không đủ điều kiện cấp phép"],
    ),
    "04": (
        apology,
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT HỒ SƠ",
        [
            "Số: 15/XL-SXD",
            "16 giờ 00 phút, ngày 25/02/2026",
            "16 giờ 30 phút, ngày 11/03/2026",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "Phạm Quốc Hưng",
            "Hòa An, ngày 24 tháng 02 năm 2026",
        ],
    ),
    "05": (
        stop_notice,
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        ["Số: ……/……", "đề nghị rút hồ sơ", "GIÁM ĐỐC", "Ngày 04 tháng 02 năm 2026"],
    ),
    "06": (
        control_slip,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        [
            "Sở Xây dựng tỉnh Hòa An",
            "Trước hạn",
            "Đúng hạn",
            "Quá hạn",
            "14 giờ 40 phút, ngày 04/02/2026",
            "Lê Thị Mỹ Dung",
            "Trả kết quả",
        ],
    ),
}


@pytest.mark.parametrize("number", sorted(OTHER_FORMS))
def test_each_form_prints_title_code_applicant_and_its_own_fields(number):
    build, title, expected = OTHER_FORMS[number]
    pdf = render_pdf(build())
    assert page_size(pdf) == A4
    words = flat(" ".join(pages_text(pdf)))
    assert f"Mẫu số {number}" in words
    assert title in words
    assert NAME in words
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in words
    for phrase in expected:
        assert phrase in words, phrase
    if number == "03":  # a refusal at the counter has no dossier yet
        assert drawn_symbols(pdf) < (10, 1)
        assert "Mã hồ sơ" not in words
    else:
        assert CODE in words
        assert has_barcode_and_qr(pdf)


# --- Mẫu 07 -----------------------------------------------------------------------------------------


def test_tracking_book_runs_over_landscape_pages_repeating_its_heads(book_pdf):
    # A code wraps after a hyphen in its narrow column.
    texts = [re.sub(r"-\s+", "-", flat(text)) for text in pages_text(book_pdf)]
    assert len(texts) >= 3
    for index, text in enumerate(texts):
        assert page_size(book_pdf, index) == (842, 595)
        assert "Mã hồ sơ" in text and "Hẹn trả kết quả" in text and "Ký nhận" in text
        assert f"Trang {index + 1}/{len(texts)}" in text
    everything = " ".join(texts)
    assert "SỔ THEO DÕI HỒ SƠ" in texts[0]
    assert "Từ ngày 01/02/2026 đến ngày 28/02/2026" in texts[0]
    assert "SỔ THEO DÕI HỒ SƠ" not in texts[1]  # the title once, the column heads on every page
    assert "000.00.04.H40-260202-0001" in everything
    assert "000.00.04.H40-260214-0040" in everything
    assert NAME in everything and "Đặng Văn Quý 40" in everything
    assert "08 giờ 30" in everything  # 01:30 UTC printed in local time


# --- hostile text -----------------------------------------------------------------------------------


def test_markup_in_user_text_is_printed_as_text():
    hostile = Party('<script>alert("x")</script> <img src="http://evil.example/p.png">', address="<b>Phố</b>")
    html = render_html(refusal(hostile))
    assert "<script>" not in html and "<b>Phố" not in html
    assert "&lt;script&gt;" in html
    words = flat(" ".join(pages_text(render_pdf(refusal(hostile)))))
    assert '<script>alert("x")</script>' in words
    assert "<b>Phố</b>" in words


def test_printing_never_fetches_from_the_network_or_the_disk():
    fetcher = _fetcher()
    for address in ("http://evil.example/p.png", "https://cdn.example/font.woff2", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher(address)


# --- HTML details (cheap: no PDF) ---------------------------------------------------------------------


def test_an_organisation_is_addressed_as_such():
    company = Party("Công ty TNHH Xây dựng Hòa Phát", id_number="0101234567", organisation=True)
    letter = render_html(replace(apology(), applicant=company))
    assert "Quý cơ quan, tổ chức" in letter and "Ông/Bà" not in letter
    slip = render_html(replace(receipt(), applicant=company, submitter_name="Vũ Minh Khoa"))
    assert "Mã số thuế: 0101234567" in slip
    assert '<div class="sign-name">Vũ Minh Khoa</div>' in slip  # the representative signs, not the company


def test_unknown_objects_are_refused():
    with pytest.raises(TypeError, match="not a printable form"):
        render_html(HEADER)


def test_empty_book_says_so():
    assert "Không có hồ sơ trong thời gian này" in render_html(tracking_book(0))


# --- writing dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (date(2026, 1, 31), "ngày 31 tháng 01 năm 2026"),
        (date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
        (date(2026, 11, 22), "ngày 22 tháng 11 năm 2026"),
        (utc(2026, 12, 31, 18, 0), "ngày 01 tháng 01 năm 2027"),  # already the next day in Hà Nội
    ],
)
def test_long_dates_follow_the_administrative_style(value, written):
    assert formatting.long_date(value) == written


def test_times_are_local_to_the_centre():
    assert formatting.time_and_date(DUE) == "16 giờ 00 phút, ngày 25/02/2026"
    assert formatting.time_and_date(datetime(2026, 2, 25, 16, 0)) == "16 giờ 00 phút, ngày 25/02/2026"
    assert formatting.time_and_date(None).count("…") > 0
    assert formatting.short_date(utc(2026, 2, 24, 17, 30)) == "25/02/2026"
    assert formatting.timeliness("late") == "Quá hạn" and formatting.timeliness("") == ""


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("Ủy ban nhân dân tỉnh Hòa An", ["Ủy ban nhân dân", "tỉnh Hòa An"]),
        ("Ủy ban nhân dân thành phố Hà Nội", ["Ủy ban nhân dân", "thành phố Hà Nội"]),
        ("Trung tâm Phục vụ\nhành chính công", ["Trung tâm Phục vụ", "hành chính công"]),
        ("Sở Xây dựng", ["Sở Xây dựng"]),
        ("", []),
    ],
)
def test_letterhead_names_break_before_their_place(name, lines):
    assert formatting.letterhead_lines(name) == lines


def test_a_huge_stored_reason_and_list_print_quickly_on_a_few_pages():
    # What an unbounded API once stored: a 5 MB reason and 20,000 items (the Mẫu 02 then took 111 s and 2.1 GB).
    import time

    huge = replace(
        supplement_request(),
        reason="Thiếu bản vẽ. " * 400_000,
        items=[DocumentLine(f"Giấy tờ số {i}", originals=1, note="x" * 10_000) for i in range(20_000)],
    )
    started = time.monotonic()
    pdf = render_pdf(huge)
    assert time.monotonic() - started < 60
    assert len(pdf) < 2_000_000
    text = flat(" ".join(pages_text(pdf)))
    assert "Giấy tờ số 99" in text and "Giấy tờ số 100 " not in text and "Giấy tờ số 19999" not in text
    assert "…" in text
