"""The template's sheets and columns, shared by the writer and the reader."""

from __future__ import annotations

from dataclasses import dataclass

from motcua.catalog.importers.records import (
    CHANNEL_WORDS,
    ONLINE_WORDS,
    UNIT_WORDS,
)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int = 18
    choices: dict[str, str] | None = None  # code → Vietnamese word


PROCEDURES = "Thủ tục"
CHANNELS = "Cách thức thực hiện"
FEES = "Phí, lệ phí"
DOCUMENTS = "Thành phần hồ sơ"
LEGAL_BASIS = "Căn cứ pháp lý"
GUIDE = "Hướng dẫn"

SHEETS: dict[str, list[Column]] = {
    PROCEDURES: [
        Column("code", "Mã thủ tục", 14),
        Column("name", "Tên thủ tục", 60),
        Column("field", "Lĩnh vực", 30),
        Column("levels", "Cấp thực hiện", 22),
        Column("agency", "Cơ quan thực hiện", 36),
        Column("competent_agency", "Cơ quan có thẩm quyền", 30),
        Column("coordinating_agency", "Cơ quan phối hợp", 24),
        Column("delegated_agency", "Cơ quan được ủy quyền", 24),
        Column("reception_address", "Địa chỉ tiếp nhận", 30),
        Column("target_groups", "Đối tượng thực hiện (mỗi dòng một đối tượng)", 30),
        Column("procedure_type", "Loại thủ tục", 24),
        Column("decision_number", "Quyết định công bố", 24),
        Column("decided_on", "Ngày quyết định", 14),
        Column("online_level", "Mức độ trực tuyến", 14, ONLINE_WORDS),
        Column("steps", "Trình tự thực hiện", 50),
        Column("result", "Kết quả", 40),
        Column("conditions", "Yêu cầu, điều kiện", 40),
        Column("source", "Nguồn", 16),
        Column("source_url", "Địa chỉ nguồn", 30),
    ],
    CHANNELS: [
        Column("code", "Mã thủ tục", 14),
        Column("channel", "Hình thức nộp", 20, CHANNEL_WORDS),
        Column("deadline_amount", "Thời hạn giải quyết", 12),
        Column("deadline_unit", "Đơn vị thời hạn", 16, UNIT_WORDS),
        Column("deadline_text", "Thời hạn (nguyên văn)", 24),
        Column("note", "Mô tả", 50),
    ],
    FEES: [
        Column("code", "Mã thủ tục", 14),
        Column("channel", "Hình thức nộp", 20, CHANNEL_WORDS),
        Column("label", "Loại (Phí / Lệ phí)", 14),
        Column("amount", "Số tiền", 14),
        Column("currency", "Đơn vị tiền", 10),
        Column("note", "Ghi chú", 50),
    ],
    DOCUMENTS: [
        Column("code", "Mã thủ tục", 14),
        Column("name", "Tên giấy tờ", 60),
        Column("originals", "Bản chính", 10),
        Column("copies", "Bản sao", 10),
        Column("form", "Mẫu đơn, tờ khai", 30),
        Column("note", "Ghi chú", 30),
    ],
    LEGAL_BASIS: [
        Column("code", "Mã thủ tục", 14),
        Column("document", "Số ký hiệu", 22),
        Column("title", "Trích yếu", 60),
        Column("issued_on", "Ngày ban hành", 14),
        Column("issuer", "Cơ quan ban hành", 30),
    ],
}

GUIDE_LINES = [
    "Mẫu danh mục thủ tục hành chính của motcua",
    "",
    "Mỗi trang tính là một bảng; dòng 1 là tiêu đề cột, mỗi dòng từ dòng 2 là một mục.",
    'Trang "Thủ tục": mỗi thủ tục một dòng; "Mã thủ tục" và "Tên thủ tục" là bắt buộc.',
    'Các trang còn lại gắn với thủ tục qua cột "Mã thủ tục"; thứ tự dòng là thứ tự hiển thị.',
    "Hình thức nộp: Trực tiếp, Trực tuyến, Dịch vụ bưu chính.",
    "Đơn vị thời hạn: Ngày làm việc, Ngày, Giờ làm việc, Tháng. Để trống nếu không có thông tin.",
    "Cấp thực hiện: Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác (nhiều cấp cách nhau bởi dấu phẩy).",
    "Mức độ trực tuyến: Toàn trình, Một phần, Không.",
    'Phí: số tiền 0 là miễn phí; để trống số tiền và ghi vào "Ghi chú" nếu mức phí là văn bản.',
    "Nhập lại cùng một tệp không thay đổi gì; thủ tục có nội dung thay đổi được tạo phiên bản mới.",
]


class FormatError(ValueError):
    """The workbook as a whole is not a motcua catalog template."""


EXCEL_CELL_LIMIT = 32_767  # characters; Excel cannot hold more in one cell
