"""Cell parsers shared by the catalog sources. Inputs are cells copied from the shared data files
(../shared/data/catalog); the code in brackets names the procedure each came from."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.importers.common import (
    is_unknown,
    iso_date,
    merge_channels,
    online_level,
    parse_channel,
    parse_deadline,
    parse_levels,
    parse_number,
    parse_quantity,
    split_groups,
    states_deadline,
    tidy,
)
from motcua.catalog.importers.fees import parse_fees
from motcua.catalog.importers.legal_codes import LEGAL_CODE, trim_code
from motcua.catalog.importers.records import ChannelRecord, Deadline, Fee
from motcua.core.text import clean

# --- deadlines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("8 Ngày làm việc", "8", "working_day"),  # the README's example
        ("15 Ngày", "15", "calendar_day"),
        ("01 Giờ", "1", "working_hour"),  # ministry export 1.013569
        ("4 Giờ làm việc", "4", "working_hour"),
        ("3 Tháng", "3", "month"),  # portal 1.004073
        ("0.5 Giờ", "0.5", "working_hour"),  # ministry export 1.013585: "Chậm nhất 30 (ba mươi) phút"
        ("1.5 Ngày làm việc", "1.5", "working_day"),  # portal 1.013097
        ("0,5 ngày", "0.5", "calendar_day"),
        ("0 Giờ", "0", "working_hour"),  # ministry export 1.013562: "Ngay sau khi ..."
        ("1", "1", "working_day"),  # a bare number (portal 2.002015) means working days
    ],
)
def test_parse_deadline_reads_amount_and_unit(text: str, amount: str, unit: str) -> None:
    deadline = parse_deadline(text)
    assert deadline == Deadline(amount=Decimal(amount), unit=unit, text=text)


@pytest.mark.parametrize("text", ["Không có thông tin", "Không quy định", "", "  ", None, "Không"])
def test_parse_deadline_placeholders_state_nothing(text: str | None) -> None:
    assert parse_deadline(text) is None
    assert not states_deadline(text)


@pytest.mark.parametrize(
    "text",
    [
        "10-25",  # ministry export 1.013629 (its note: "10-25 ngày kể từ ngày nhận được hồ sơ hợp lệ")
        "Chậm nhất là ngay trước khi tàu rời cảng",  # ministry export 1.013581
    ],
)
def test_parse_deadline_keeps_text_it_cannot_measure(text: str) -> None:
    assert parse_deadline(text) == Deadline(amount=None, unit=None, text=text)
    assert states_deadline(text)


def test_a_deadline_cell_that_says_no_result_is_not_a_deadline() -> None:
    text = "Không phải trả kết quả cho người nộp thuế"  # portal 1.007689
    assert not states_deadline(text)
    assert parse_deadline(text) == Deadline(amount=None, unit=None, text=text)


@given(st.integers(min_value=0, max_value=10_000))
def test_n_working_days_is_n_working_days(n: int) -> None:
    assert parse_deadline(f"{n} Ngày làm việc") == Deadline(Decimal(n), "working_day", f"{n} Ngày làm việc")


@given(st.text())
def test_parse_deadline_never_raises(text: str) -> None:
    deadline = parse_deadline(text)
    assert deadline is None or deadline.text == clean(deadline.text)


# --- fees -----------------------------------------------------------------------------------------


def test_free_of_charge() -> None:
    assert parse_fees("Miễn phí") == [Fee(amount=0)]
    # portal 1.012817: the description in parentheses becomes the note
    assert parse_fees(
        "Miễn phí(Theo quy định của Luật phí và lệ phí và các văn bản quy phạm pháp luật hướng dẫn Luật phí và lệ phí.)"
    ) == [
        Fee(
            amount=0,
            note="Theo quy định của Luật phí và lệ phí và các văn bản quy phạm pháp luật hướng dẫn Luật phí và lệ phí.",
        )
    ]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("160,000 Việt Nam Đồng", 160_000),  # the README's example
        ("500,000 Việt Nam Đồng", 500_000),  # portal 1.000802
        ("12,450,000 VNĐ", 12_450_000),
        ("2.000.000 Đồng", 2_000_000),
        ("20000 Đồng", 20_000),  # ministry export 1.013575
    ],
)
def test_amounts_with_either_thousands_separator(text: str, amount: int) -> None:
    assert parse_fees(text) == [Fee(amount=amount, currency="VND")]


def test_labelled_fees_of_the_exports() -> None:
    assert parse_fees("Phí : 0 Đồng") == [Fee(amount=0, label="Phí")]  # ministry export 1.013124
    assert parse_fees("Phí : Không Đồng") == [Fee(amount=0, label="Phí")]  # 1.013577: "no" charge
    assert parse_fees("Lệ phí : 0 Đồng") == [Fee(amount=0, label="Lệ phí")]
    assert parse_fees("Phí :  Đồng") == []  # 1.013523: the amount cell was left empty


def test_several_fees_in_one_cell() -> None:
    # ministry export 1.013539 (first two of its four lines)
    text = (
        "Phí : 2.000.000 Đồng (Thẩm định cấp phép sử dụng vật liệu nổ công nghiệp phục vụ  nghiên cứu,"
        " kiểm định,"
        " thử nghiệm)\nPhí : 3.500.000 Đồng (Thẩm định cấp phép sử dụng vật liệu nổ công nghiệp phục vụ"
        " tìm kiếm,"
        " thăm dò, khai thác trên đất liền)"
    )
    assert parse_fees(text) == [
        Fee(
            amount=2_000_000,
            label="Phí",
            note="Thẩm định cấp phép sử dụng vật liệu nổ công nghiệp phục vụ nghiên cứu, kiểm định, thử nghiệm",
        ),
        Fee(
            amount=3_500_000,
            label="Phí",
            note="Thẩm định cấp phép sử dụng vật liệu nổ công nghiệp phục vụ tìm kiếm, thăm dò, khai thác"
            " trên đất liền",
        ),
    ]


def test_usd_fees_and_a_fractional_amount() -> None:
    # ministry export 1.013563: 1.5 USD is not a whole amount, so it stays in the note, unrounded
    text = (
        "Lệ phí : 05 USD (Đối với thuyền viên nghỉ qua đêm trên bờ: 05 USD/Giấy phép (trừ trường hợp được"
        " miễn lệ"
        " phí theo quy định của Bộ Tài chính))\nLệ phí : 1.5 USD (Đối với thuyền viên xuống tàu thuyền"
        " khác đang neo"
        " đậu tại cảng: 30.000 đồng/Giấy phép (1,5 USD/Giấy phép))"
    )
    assert parse_fees(text) == [
        Fee(
            amount=5,
            currency="USD",
            label="Lệ phí",
            note="Đối với thuyền viên nghỉ qua đêm trên bờ: 05 USD/Giấy phép (trừ trường hợp được miễn lệ"
            " phí theo"
            " quy định của Bộ Tài chính)",
        ),
        Fee(
            amount=None,
            currency="USD",
            label="Lệ phí",
            note="1.5 USD (Đối với thuyền viên xuống tàu thuyền khác đang neo đậu tại cảng: 30.000"
            " đồng/Giấy phép"
            " (1,5 USD/Giấy phép))",
        ),
    ]
    assert parse_fees("Lệ phí : 1.5 USD") == [Fee(amount=None, currency="USD", label="Lệ phí", note="1.5 USD")]


def test_free_text_fee_is_a_note() -> None:
    # ministry export 1.013200
    text = (
        "Phí : Mức thu bằng 50% mức thu phí quy định tại Mục I và Mục II Biểu mức thu phí, lệ phí ban hành"
        " kèm theo"
        " Thông tư số 249/2016/TT-BTC ngày 11 tháng 11 năm 2016 Đồng (Thông tư số 64/2025/TT-BTC ngày"
        " 30/6/2025 quy"
        " định mức thu, miễn một số khoản phí, lệ phí nhằm hỗ trợ cho doanh nghiệp, người dân)"
    )
    [fee] = parse_fees(text)
    assert fee.amount is None and fee.label == "Phí"
    assert fee.note.startswith("Mức thu bằng 50% mức thu phí quy định tại Mục I và Mục II")
    assert fee.note.endswith("nhằm hỗ trợ cho doanh nghiệp, người dân)")


def test_a_fee_with_only_a_description_and_an_attachment() -> None:
    # ministry export 1.013550
    text = (
        "Phí :  Đồng (Theo quy định của Bộ Tài chính)\nFile đính kèm: 62-btc.signed.pdf\n"
        "Phí :  Đồng (Theo quy định của Bộ Tài chính)\nFile đính kèm: 25-btc.signed.pdf"
    )
    assert parse_fees(text) == [
        Fee(amount=None, label="Phí", note="Theo quy định của Bộ Tài chính\nFile đính kèm: 62-btc.signed.pdf"),
        Fee(amount=None, label="Phí", note="Theo quy định của Bộ Tài chính\nFile đính kèm: 25-btc.signed.pdf"),
    ]


@pytest.mark.parametrize("text", ["Không có thông tin", "", None, "Phí :  Đồng"])
def test_no_fee_information(text: str | None) -> None:
    assert parse_fees(text) == []


@given(st.text())
def test_parse_fees_never_raises(text: str) -> None:
    for fee in parse_fees(text):
        assert fee.amount is None or fee.amount >= 0
        assert fee.note == clean(fee.note)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([",", "."]))
def test_grouped_numbers_read_back(n: int, separator: str) -> None:
    assert parse_number(f"{n:,}".replace(",", separator)) == n


def test_parse_number_decimals_and_garbage() -> None:
    assert parse_number("1.5") == Decimal("1.5")
    assert parse_number("0,5") == Decimal("0.5")
    assert parse_number("1.234,5") == Decimal("1234.5")
    assert parse_number("1.2.3") is None
    assert parse_number("abc") is None


# --- one row per channel ----------------------------------------------------------------------------


def test_merge_channels_keeps_each_channel_once() -> None:
    # ministry export 1.013129: every channel is listed for 07 and again for 14 days
    complex_case = "Trường hợp nội dung thẩm định phức tạp thì thời gian tối đa không vượt quá 14 ngày."
    rows = [
        ChannelRecord("counter", Deadline(Decimal(7), "calendar_day", "07 Ngày"), [Fee(amount=0, label="Phí")]),
        ChannelRecord(
            "counter", Deadline(Decimal(14), "calendar_day", "14 Ngày"), [Fee(amount=0, label="Phí")], complex_case
        ),
        ChannelRecord("online", None, [], "Không quy định"),
        ChannelRecord("online", Deadline(Decimal(7), "calendar_day", "07 Ngày"), [Fee(amount=5, currency="USD")]),
    ]
    assert merge_channels(rows) == [
        ChannelRecord(
            "counter",
            Deadline(Decimal(7), "calendar_day", "07 Ngày"),
            [Fee(amount=0, label="Phí")],
            f"14 Ngày: {complex_case}",
        ),
        ChannelRecord(
            "online", Deadline(Decimal(7), "calendar_day", "07 Ngày"), [Fee(amount=5, currency="USD")], "Không quy định"
        ),
    ]


# --- channels, levels, quantities, online level, placeholders -------------------------------------


def test_parse_channel() -> None:
    assert parse_channel("Trực tiếp") == "counter"
    assert parse_channel("Trực tuyến") == "online"
    assert parse_channel("Dịch vụ bưu chính") == "postal"
    assert parse_channel(unicodedata.normalize("NFD", "Trực tuyến")) == "online"
    assert parse_channel("Qua fax") is None


def test_parse_levels() -> None:
    assert parse_levels("Cấp bộ, Cấp tỉnh") == ["ministry", "province"]
    assert parse_levels("Cấp Bộ, Cấp Tỉnh, Cấp Xã, Cơ quan khác") == [
        "ministry",
        "province",
        "commune",
        "other",
    ]
    assert parse_levels("Cấp xã") == ["commune"]
    assert parse_levels("") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 bản chính,1 bản sao", (1, 1)),
        ("0 bản chính,1 bản sao", (0, 1)),
        ("1 bản chính", (1, 0)),  # the portal leaves out ",0 bản sao"
        ("Bản chính: 1\nBản sao: 0", (1, 0)),  # ministry exports
        ("Bản chính: 0\nBản sao: 1", (0, 1)),
        ("Bản chính: 3\nBản sao: 0", (3, 0)),
        ("", (None, None)),
    ],
)
def test_parse_quantity(text: str, expected: tuple[int | None, int | None]) -> None:
    assert parse_quantity(text) == expected


def test_online_level_is_inferred() -> None:
    assert online_level(["Đăng ký khai sinh trực tuyến toàn trình"], ["online"]) == "full"
    assert online_level(["Thủ tục thực hiện TOAN TRINH trên Cổng"], []) == "full"
    assert online_level(["Cấp giấy phép"], ["counter", "online"]) == "partial"
    assert online_level(["Cấp giấy phép"], ["counter", "postal"]) == "none"


@pytest.mark.parametrize("text", ["Không có thông tin", "Không quy định", "không", "--", "", "Không có thông tin."])
def test_placeholders(text: str) -> None:
    assert is_unknown(text)
    assert tidy(text) == ""


def test_tidy_keeps_real_text_in_nfc() -> None:
    assert tidy(unicodedata.normalize("NFD", "  Bộ  Công an\t")) == "Bộ Công an"
    assert not is_unknown("Không quá 05 ngày làm việc")


def test_split_groups_respects_parentheses_and_compound_groups() -> None:
    assert split_groups("Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam") == [
        "Tổ chức (không bao gồm doanh nghiệp, HTX)",
        "Công dân Việt Nam",
    ]
    assert split_groups("Người nước ngoài, Cán bộ, công chức, viên chức") == [
        "Người nước ngoài",
        "Cán bộ, công chức, viên chức",
    ]
    assert split_groups("Không có thông tin") == []


def test_iso_date() -> None:
    assert iso_date("24-03-2021") == "2021-03-24"
    assert iso_date("31-02-2021") == ""
    assert iso_date("") == ""


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("99/2022/NĐ-CP", "99/2022/NĐ-CP"),
        ("Luật 08/2017/QH14", "08/2017/QH14"),
        ("Quyết định số 12/2021/QĐ-TTg ngày 24/3/2021", "12/2021/QĐ-TTg"),
        ("02/2014/TTLT-TANDTC-VKSNDTC-BTP-BTC", "02/2014/TTLT-TANDTC-VKSNDTC-BTP-BTC"),
        ("05/2020/TTLT- BQP-BLĐTBXH-BTC", "05/2020/TTLT-BQP-BLĐTBXH-BTC"),
        ("Luật Khiếu nại  năm 201102/2011/QH13", "02/2011/QH13"),  # portal 1.000178: year glued on
        ("68/2013/TT-BCALuật Khiếu nại", "68/2013/TT-BCA"),  # the next title glued on
        ("6225/QĐ-BQP", "6225/QĐ-BQP"),
        ("48/VBHN-VPQH", "48/VBHN-VPQH"),
    ],
)
def test_legal_codes(text: str, code: str) -> None:
    match = LEGAL_CODE.search(text)
    assert match is not None
    assert trim_code(text, match)[0] == code
