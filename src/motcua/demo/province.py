"""The demo province "Hòa An" (fictional, code H99), modelled on a real provincial centre after the 2025
reorganisation: departments merged, no districts, communes under the province, one provincial centre with
34 counters and a centre in every commune.

`catalog_names` are the names under which the national procedure database lists each agency as implementing
agency; procedures are attached to the demo agencies by them.
"""

from __future__ import annotations

from dataclasses import dataclass

PROVINCE_CODE = "H99"
PROVINCE_NAME = "tỉnh Hòa An"
DEMO_PASSWORD = "motcua@2026"
DEMO_CITIZEN_PHONE = "0912345678"  # the demo's citizen account when there is no dossier history
OFFICE_HOURS = "07:30-11:30, 13:30-17:00"  # Monday to Friday


@dataclass(frozen=True)
class DemoAgency:
    key: str  # also the prefix of its staff usernames
    number: int  # third group of the QCVN 102 code: 000.00.<number>.H99
    name: str
    kind: str
    catalog_names: tuple[str, ...] = ()
    short_name: str = ""
    parent: str = ""  # key of the parent; empty = the Provincial People's Committee
    counters: int = 1  # counters for it at the provincial centre

    @property
    def code(self) -> str:
        return f"000.00.{self.number:02d}.{PROVINCE_CODE}"


PEOPLES_COMMITTEE = DemoAgency(
    "ubnd",
    0,
    f"Ủy ban nhân dân {PROVINCE_NAME}",
    "peoples_committee",
    (
        "Ủy ban nhân dân cấp tỉnh",
        "UBND cấp tỉnh",
        "Chủ tịch ủy ban nhân dân cấp tỉnh",
        "Chủ tịch UBND cấp tỉnh",
        "Ủy ban nhân dân tỉnh",
    ),
    short_name="UBND tỉnh",
)

COMMITTEE_OFFICE = "vanphong"  # prepares the provincial People's Committee's own procedures

DEPARTMENTS = [
    DemoAgency(
        "vanphong",
        1,
        "Văn phòng Ủy ban nhân dân tỉnh",
        "department",
        ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh"),
        "VP UBND",
        counters=1,
    ),
    DemoAgency("noivu", 2, "Sở Nội vụ", "department", ("Sở Nội vụ",), counters=2),
    DemoAgency("tuphap", 3, "Sở Tư pháp", "department", ("Sở Tư pháp",), counters=2),
    DemoAgency("taichinh", 4, "Sở Tài chính", "department", ("Sở Tài chính", "Sở Kế hoạch và Đầu tư"), counters=2),
    DemoAgency("congthuong", 5, "Sở Công Thương", "department", ("Sở Công Thương", "Sở Công thương"), counters=2),
    DemoAgency(
        "xaydung",
        6,
        "Sở Xây dựng",
        "department",
        ("Sở Xây dựng", "Sở Giao thông vận tải", "Văn phòng Sở Xây dựng"),
        counters=2,
    ),
    DemoAgency(
        "nongnghiep",
        7,
        "Sở Nông nghiệp và Môi trường",
        "department",
        (
            "Sở Nông nghiệp và Môi trường",
            "Sở Tài nguyên và Môi trường",
            "Cơ quan quản lý nhà nước về thủy sản cấp tỉnh",
            "Cơ quan có chức năng quản lý đất đai cấp tỉnh",
            "Cơ quan chuyên môn về nông nghiệp và môi trường cấp tỉnh",
            "Chi cục Kiểm lâm",
            "Chi cục Thủy sản",
            "Cơ quan quản lý chuyên ngành thú y cấp tỉnh",
            "Quỹ Bảo vệ và Phát triển rừng tỉnh",
        ),
        counters=2,
    ),
    DemoAgency("giaoduc", 8, "Sở Giáo dục và Đào tạo", "department", ("Sở Giáo dục và Đào tạo",), counters=1),
    DemoAgency("yte", 9, "Sở Y tế", "department", ("Sở Y tế",), counters=2),
    DemoAgency(
        "vanhoa",
        10,
        "Sở Văn hóa, Thể thao và Du lịch",
        "department",
        ("Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa và Thể thao", "Sở Du lịch"),
        counters=1,
    ),
    DemoAgency(
        "khoahoc",
        11,
        "Sở Khoa học và Công nghệ",
        "department",
        ("Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông"),
        counters=1,
    ),
    DemoAgency(
        "dantoc", 12, "Sở Dân tộc và Tôn giáo", "department", ("Sở Dân tộc và Tôn giáo", "Ban Dân tộc"), counters=1
    ),
    DemoAgency("ngoaivu", 13, "Sở Ngoại vụ", "department", ("Sở Ngoại vụ",), counters=1),
    DemoAgency("thanhtra", 14, "Thanh tra tỉnh", "department", ("Thanh tra tỉnh",), counters=1),
    DemoAgency(
        "kcn",
        15,
        "Ban Quản lý các khu công nghiệp tỉnh",
        "department",
        ("Ban Quản lý các khu công nghiệp", "Ban quản lý khu công nghiệp", "Ban Quản lý khu kinh tế"),
        "BQL các KCN",
        counters=1,
    ),
]

DIVISIONS = [
    DemoAgency(
        "vpdkdd",
        16,
        "Văn phòng Đăng ký đất đai tỉnh",
        "division",
        ("Văn phòng đăng ký đất đai", "Chi nhánh Văn phòng đăng ký đất đai"),
        parent="nongnghiep",
        counters=0,
    ),
]

CENTRAL_BRANCHES = [
    DemoAgency(
        "congan",
        31,
        "Công an tỉnh Hòa An",
        "central_branch",
        (
            "Công an tỉnh",
            "Công an cấp tỉnh",
            "Phòng quản lý xuất nhập cảnh",
            "Phòng Cảnh sát giao thông",
            "Phòng xuất nhập cảnh",
            "Phòng cảnh sát quản lý hành chính về trật tự xã hội",
        ),
        counters=2,
    ),
    DemoAgency("thue", 32, "Thuế tỉnh Hòa An", "central_branch", ("Thuế tỉnh", "Cục Thuế tỉnh"), counters=2),
    DemoAgency(
        "haiquan",
        33,
        "Chi cục Hải quan khu vực Hòa An",
        "central_branch",
        ("Chi cục Hải quan khu vực", "Cục Hải quan tỉnh", "Chi cục Hải quan", "Hải quan cửa khẩu"),
        counters=1,
    ),
    DemoAgency(
        "bhxh",
        34,
        "Bảo hiểm xã hội tỉnh Hòa An",
        "central_branch",
        ("Bảo hiểm xã hội cấp tỉnh", "Bảo hiểm xã hội tỉnh"),
        counters=1,
    ),
    DemoAgency("khobac", 35, "Kho bạc Nhà nước khu vực Hòa An", "central_branch", ("Kho bạc nhà nước",), counters=0),
    DemoAgency(
        "nhnn",
        36,
        "Ngân hàng Nhà nước Khu vực Hòa An",
        "central_branch",
        ("Ngân hàng Nhà nước Khu vực", "Ngân hàng Nhà nước Chi nhánh tỉnh"),
        counters=0,
    ),
]

STATE_ENTERPRISES = [
    DemoAgency("dienluc", 41, "Công ty Điện lực Hòa An", "state_enterprise", ("Công ty Điện lực",), counters=1),
    DemoAgency("capnuoc", 42, "Công ty Cổ phần Cấp nước Hòa An", "state_enterprise", ("Công ty cấp nước",), counters=1),
]

_COMMUNE_NAMES = (
    "Ủy ban nhân dân cấp xã",
    "UBND cấp xã",
    "Chủ tịch Ủy ban nhân dân cấp xã",
    "Chủ tịch UBND cấp xã",
    "Ủy ban nhân dân xã",
    "Công an cấp xã",
    "Công an xã",
    "Ban chỉ huy quân sự cấp xã",
)

COMMUNES = [
    DemoAgency("hoaan", 61, "Ủy ban nhân dân phường Hòa An", "commune_committee", _COMMUNE_NAMES, "Phường Hòa An"),
    DemoAgency("bacson", 62, "Ủy ban nhân dân phường Bắc Sơn", "commune_committee", _COMMUNE_NAMES, "Phường Bắc Sơn"),
    DemoAgency("tanphu", 63, "Ủy ban nhân dân xã Tân Phú", "commune_committee", _COMMUNE_NAMES, "Xã Tân Phú"),
    DemoAgency("binhminh", 64, "Ủy ban nhân dân xã Bình Minh", "commune_committee", _COMMUNE_NAMES, "Xã Bình Minh"),
    DemoAgency("phuloc", 65, "Ủy ban nhân dân xã Phú Lộc", "commune_committee", _COMMUNE_NAMES, "Xã Phú Lộc"),
    DemoAgency("dongson", 66, "Ủy ban nhân dân xã Đông Sơn", "commune_committee", _COMMUNE_NAMES, "Xã Đông Sơn"),
]

PROVINCIAL_CENTRE = f"TTPVHCC-{PROVINCE_CODE}"

# Counters at the provincial centre besides each agency's own: the general ones serve every agency.
GENERAL_COUNTERS = ["Hướng dẫn, tiếp nhận chung", "Trả kết quả", "Thu phí, lệ phí", "Hỗ trợ nộp hồ sơ trực tuyến"]
COMMUNE_COUNTERS = [
    "Tư pháp – Hộ tịch",
    "Đất đai – Xây dựng – Môi trường",
    "Văn hóa – Xã hội",
    "Công an – Cư trú",
    "Trả kết quả",
]
