"""What the generator draws from: how often each fate comes, volumes, Vietnamese names, addresses, reasons."""

from __future__ import annotations

import unicodedata

from motcua.demo import province as p

BATCH = 2000  # dossiers per transaction

# Relative volume of each agency (demo key) at a real centre: land, construction, justice and the communes
# (civil status, certification) take most of it; banks and customs see few dossiers at the one-stop desk.
AGENCY_WEIGHTS = {
    "vpdkdd": 12.0, "nongnghiep": 4.0, "xaydung": 7.0, "tuphap": 8.0, "congan": 5.0, "taichinh": 4.0,
    "thue": 2.0, "bhxh": 2.0, "kcn": 1.0, "congthuong": 0.8, "noivu": 0.5, "haiquan": 0.6, "nhnn": 0.3,
    "khobac": 0.3, "vanphong": 0.5, **{c.key: 8.0 for c in p.COMMUNES},
}  # fmt: skip
# Procedures citizens ask for far more often than others (matched on the folded name).
POPULAR = {
    "khai sinh": 8, "chung thuc": 8, "ly lich tu phap": 8, "quyen su dung dat": 6, "bien dong": 6,
    "giay phep xay dung": 6, "ket hon": 4, "khai tu": 3, "tinh trang hon nhan": 5, "ho kinh doanh": 4,
    "thanh lap doanh nghiep": 4, "cu tru": 4, "thuong tru": 4, "tam tru": 3, "cap doi": 3, "cap lai": 2,
}  # fmt: skip
# Share of organisations among applicants, by agency (the rest are people).
ORGANISATION_SHARE = {"taichinh": 0.7, "kcn": 0.9, "thue": 0.6, "haiquan": 0.9, "nhnn": 0.9, "congthuong": 0.6,
                      "xaydung": 0.25, "khobac": 0.9, "bhxh": 0.4}  # fmt: skip
ONLINE_SHARE = 0.35  # of all dossiers; the rest come to the counter, or by post:
POSTAL_DRAW = 0.045  # of those (~3% of all), plus the procedures that take no counter submissions: ~5% in all

# Fates and paces (shares of all dossiers).
REFUSED, STOPPED, WITHDRAWN = 0.012, 0.005, 0.01
DESK_REFUSED = 0.02  # of online dossiers: refused when the desk checks them
SUPPLEMENT, SECOND_SUPPLEMENT, ABANDONED_SUPPLEMENT = 0.08, 0.12, 0.06  # the last two: of supplemented ones
LATE, EXTENDED, STILL_LATE = 0.035, 0.4, 0.2  # late ones (a real province: 2–5% late); extended; late even so
SEND_BACK, LEADER_ASSIGNS, FEE_AT_RETURN = 0.03, 0.3, 0.3
# Giải quyết ngay: of the counter dossiers of a procedure with a limit of a day or less (certifications, simple
# confirmations), those the officer resolves in the sitting (~5% of all dossiers).
ON_THE_SPOT = 0.5
# Digitised papers: online dossiers come with their files; at the desk most papers are scanned (a province reports
# ~80–90%); a paper the applicant gave before is taken from their store when the desk may see it.
DIGITISED_AT_DESK, REUSED = 0.8, 0.9
SAME_PROCEDURE = 0.7  # of applicants back at an agency: for the procedure they applied for there before
STORE_LIMIT = 50_000  # applicants whose stored papers the generator remembers
# Electronic results (signed files): of the results returned online, of the other online dossiers, of the rest.
RESULT_FILE = {"online_return": 1.0, "online": 0.5, "other": 0.2}


def _nfc(*words: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", w) for w in words)


FAMILY_NAMES = _nfc("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
                    "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Lương", "Hà", "Cao", "Lâm", "Tạ")  # fmt: skip
FAMILY_WEIGHTS = (31, 11, 9.5, 7, 4, 1.5, 4.5, 3.9, 2, 2.1, 2, 1.4, 1.3, 1.3, 1, 0.5, 0.8, 0.6, 0.5, 0.5, 0.5, 0.4,
                  0.4, 0.3)  # fmt: skip
MIDDLE_NAMES = {
    "male": _nfc("Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Ngọc", "Quốc", "Trọng",
                 "Đình", "Thế", "Bá"),
    "female": _nfc("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Bích", "Kim", "Thùy", "Phương", "Mỹ",
                   "Hồng", "Diệu"),
}  # fmt: skip
GIVEN_NAMES = {
    "male": _nfc("Anh", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khang", "Khoa",
                 "Kiên", "Lâm", "Long", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn",
                 "Tài", "Thắng", "Thành", "Tiến", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Hưng", "Khánh",
                 "Lộc", "Thịnh", "Đông"),
    "female": _nfc("An", "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Huyền", "Hương", "Lan",
                   "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh",
                   "Tâm", "Thảo", "Thơ", "Thu", "Thủy", "Trang", "Trinh", "Uyên", "Vân", "Vy", "Xuân", "Yến",
                   "Nhàn", "Diệp", "Hoài"),
}  # fmt: skip
STREETS = _nfc("Trần Hưng Đạo", "Lê Lợi", "Nguyễn Huệ", "Hùng Vương", "Quang Trung", "Lý Thường Kiệt",
               "Hai Bà Trưng", "Phan Đình Phùng", "Nguyễn Trãi", "Bà Triệu", "Điện Biên Phủ", "Lê Duẩn",
               "Võ Thị Sáu", "Trường Chinh", "Nguyễn Văn Cừ", "Lạc Long Quân")  # fmt: skip
HAMLETS = _nfc("Thôn Đông", "Thôn Tây", "Thôn An Lạc", "Thôn Phú Mỹ", "Thôn Hòa Bình", "Thôn Tân Lập", "Thôn 3",
               "Thôn 5", "Xóm Bến", "Tổ dân phố 4", "Tổ dân phố 7")  # fmt: skip
COMPANY_FORMS = _nfc("Công ty TNHH", "Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã")
TRADES = _nfc("Thương mại và Dịch vụ", "Xây dựng", "Đầu tư Phát triển", "Vận tải", "Nông sản", "Thực phẩm",
              "Du lịch", "Công nghệ", "Cơ khí", "Dược phẩm", "Bất động sản", "Xuất nhập khẩu", "May mặc",
              "Thủy sản", "Vật liệu xây dựng")  # fmt: skip
BRANDS = _nfc("Hòa An", "Bắc Sơn", "Tân Phú", "Minh Phát", "Hưng Thịnh", "Thành Công", "Phú Lộc", "Đông Sơn",
              "An Khang", "Việt Tiến", "Sao Mai", "Hoàng Long", "Bình Minh", "Trường Sơn", "Kim Ngân")  # fmt: skip
PHONE_PREFIXES = tuple(f"0{n}" for n in (90, 91, 93, 94, 96, 97, 98, 86, 88, 89, *range(32, 40), 70, *range(76, 80),
                                          *range(81, 86)))  # fmt: skip
# First three digits of a CCCD number: the province of birth; most applicants were born in the province.
BIRTH_PROVINCES = ("052", "052", "052", "052", "052", "052", "001", "079", "038", "040", "046", "048", "051", "054")

SUPPLEMENT_REASONS = _nfc(
    "Hồ sơ thiếu thành phần theo quy định",
    "Bản sao chưa được chứng thực",
    "Thông tin trong tờ khai chưa khớp với giấy tờ kèm theo",
    "Giấy tờ kèm theo đã hết hiệu lực",
    "Thiếu chữ ký của người đề nghị",
)
REFUSAL_REASONS = _nfc(
    "Hồ sơ không đáp ứng điều kiện theo quy định của pháp luật",
    "Nội dung đề nghị không thuộc thẩm quyền giải quyết của cơ quan",
    "Kết quả xác minh cho thấy thông tin kê khai không chính xác",
)
DESK_REFUSAL = _nfc("Hồ sơ nộp trực tuyến không đúng thủ tục đề nghị giải quyết")[0]
STOP_REASONS = _nfc("Người nộp đề nghị dừng giải quyết hồ sơ", "Có văn bản yêu cầu tạm dừng của cơ quan có thẩm quyền")
ABANDONED_REASON = _nfc("Quá thời hạn bổ sung, hoàn thiện hồ sơ mà người nộp không bổ sung")[0]
WITHDRAW_REASONS = _nfc("Theo đề nghị của người nộp hồ sơ", "Người nộp xin rút hồ sơ để hoàn thiện và nộp lại sau")
SEND_BACK_REASONS = _nfc("Bổ sung ý kiến thẩm định", "Đề nghị rà soát lại nội dung dự thảo kết quả")
EXTENSION_REASONS = _nfc(
    "Cần xác minh thêm thông tin với cơ quan liên quan",
    "Cần lấy ý kiến của các cơ quan, đơn vị liên quan",
    "Số lượng hồ sơ tăng đột biến trong kỳ",
)
APOLOGY = _nfc("{agency} trân trọng xin lỗi ông/bà vì chưa trả kết quả đúng hẹn và hẹn trả kết quả vào {at}.")[0]
