"""The ministry-export parser. Fixtures are objects and tables copied from
../shared/data/catalog/ministry-doc-exports.jsonl.gz (the procedure code is in each name); the expected
values were checked against them by hand. Checks over the whole shared file skip when it is absent."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from motcua.catalog.importers import ministry_export
from motcua.catalog.importers.ministry_export import (
    decision_number,
    full_code,
    legal_basis,
    parse,
    parse_channel_table,
    parse_document_table,
)
from motcua.catalog.importers.records import (
    Deadline,
    DocumentRecord,
    Fee,
    LegalBasisRecord,
    Parsed,
    ParseStats,
)
from motcua.core.text import clean

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
EXPORT_FILE = SHARED_DATA / "catalog" / "ministry-doc-exports.jsonl.gz"

# --- fixtures copied from the data file -----------------------------------------------------------

# Whole exported procedures, as crawled.
EXPORT_1_013124 = (
    '{"thu_tuc_id": "1.013124", "source_file": "ChiTietTTHC_1.013124.doc", "metadata": {"mã_thủ_tục'
    '": "1.013124", "tên_thủ_tục": "Thủ tục thẩm định và phê duyệt kế hoạch ứng phó sự cố tràn dầu '
    'của các cơ sở, dự án dầu khí ngoài khơi", "số_quyết_định": "Quyết định số 6225/QĐ-BQP", "cấp_t'
    'hực_hiện": "Cấp Bộ", "loại_thủ_tục": "TTHC được luật giao quy định chi tiết", "lĩnh_vực": "Ứng'
    ' phó sự cố tràn dầu"}, "content": {"trình_tự_thực_hiện": "Bước 1: Các cơ sở, dự án dầu khí ngo'
    "ài khơi xây dựng kế hoạch ứng phó sự cố tràn dầu, báo cáo Tập đoàn Dầu khí Quốc gia Việt Nam t"
    "hẩm định, gửi hồ sơ đề nghị phê duyệt kế hoạch ứng phó sự cố tràn dầu trực tiếp, qua hệ thống "
    "bưu chính hoặc bằng các hình thức phù hợp khác đến Ủy ban Quốc gia Ứng phó sự cố, thiên tai và"
    " Tìm kiếm cứu nạn. Bước 2: Trong thời hạn 30 ngày làm việc (không kể ngày nghỉ) kể từ ngày nhậ"
    "n đủ hồ sơ hợp lệ, Ủy ban Quốc gia Ứng phó sự cố, thiên tai và Tìm kiếm cứu nạn có trách nhiệm"
    " ra quyết định phê duyệt kế hoạch ứng phó sự cố tràn dầu. Bước 3: Kế hoạch ứng phó sự cố tràn "
    "dầu theo quy định tại khoản 4 Điều 7 Quyết định số 12/2021/QĐ-TTg ngày 24/3/2021 của Thủ tướng"
    " Chính phủ sau khi được cấp có thẩm quyền phê duyệt phải thông báo cho các cơ quan, đơn vị và "
    "địa phương liên quan để phối hợp triển khai theo chức năng, nhiệm vụ và trách nhiệm được quy đ"
    'ịnh trong kế hoạch.", "cách_thức_thực_hiện": "", "đối_tượng_thực_hiện": "Công dân Việt Nam, Ng'
    "ười Việt Nam định cư ở nước ngoài, Người nước ngoài, Doanh nghiệp, Doanh nghiệp có vốn đầu tư "
    'nước ngoài, Tổ chức (không bao gồm doanh nghiệp, HTX), Tổ chức nước ngoài, Hợp tác xã", "cơ_qu'
    'an_thực_hiện": "Văn phòng Ủy ban Quốc gia Ứng phó sự cố, thiên tai và Tìm kiếm cứu nạn", "cơ_q'
    'uan_có_thẩm_quyền": "Ủy ban Quốc gia Ứng phó sự cố, thiên tai và Tìm kiếm cứu nạn", "cơ_quan_đ'
    'ược_ủy_quyền": "Không có thông tin", "cơ_quan_phối_hợp": "Không có thông tin", "địa_chỉ_tiếp_n'
    'hận_hs": "Không có thông tin", "kết_quả_thực_hiện": "Quyết định phê duyệt kế hoạch ứng phó sự '
    'cố tràn dầu.", "yêu_cầu_điều_kiện_thực_hiện": "Không", "từ_khóa": "Không có thông tin", "mô_tả'
    '": "Không có thông tin"}, "tables": {"hinh_thuc_nop": [{"hinh_thuc": "Trực tiếp", "thoi_han_gi'
    'ai_quyet": "30 Ngày làm việc", "phi_le_phi": "Phí : 0 Đồng", "mo_ta": ""}, {"hinh_thuc": "Trực'
    ' tuyến", "thoi_han_giai_quyet": "30 Ngày làm việc", "phi_le_phi": "Phí : 0 Đồng", "mo_ta": "ho'
    'ặc bằng các hình thức phù hợp khác"}, {"hinh_thuc": "Dịch vụ bưu chính", "thoi_han_giai_quyet"'
    ': "30 Ngày làm việc", "phi_le_phi": "Phí : 0 Đồng", "mo_ta": ""}], "thanh_phan_ho_so": [{"ten_'
    'giay_to": "Văn bản đề nghị thẩm định và phê duyệt kế hoạch ứng phó sự cố tràn dầu.", "so_luong'
    '": "", "ghi_chu": "Bản chính: 1\\nBản sao: 0"}, {"ten_giay_to": "Kế hoạch ứng phó sự cố tràn d'
    "ầu theo mẫu quy định tại Phụ lục II ban hành kèm theo Quyết định số 12/2021/QĐ-TTg ngày 24/3/2"
    '021 của Thủ tướng Chính phủ", "so_luong": "5-PHLCII.doc", "ghi_chu": "Bản chính: 1\\nBản sao: '
    '0"}], "can_cu_phap_ly": [{"so_ky_hieu": "12", "trich_yeu": "Quyết định số 12/2021/QĐ-TTg ngày '
    '24/3/2021 của Thủ tướng Chính phủ ban hành Quy chế hoạt động ứng phó với sự cố tràn dầu", "nga'
    'y_ban_hanh": "24-03-2021", "co_quan_ban_hanh": "Thủ tướng Chính phủ"}]}}'
)

EXPORT_1_013563 = (
    '{"thu_tuc_id": "1.013563", "source_file": "ChiTietTTHC_1.013563.doc", "metadata": {"mã_thủ_tục'
    '": "1.013563", "tên_thủ_tục": "Thủ tục cấp Giấy phép cho thuyền viên nước ngoài xin nghỉ qua '
    'đêm trên bờ, xuống các tàu thuyền khác đang neo đậu tại cảng", "số_quyết_định": "Quyết định số'
    ' 6225/QĐ-BQP", "cấp_thực_hiện": "Cấp Xã", "loại_thủ_tục": "TTHC được luật giao quy định chi ti'
    'ết", "lĩnh_vực": "Quản lý biên giới"}, "content": {"trình_tự_thực_hiện": "Trình tự thực hiện B'
    "ước 1: Người làm thủ tục nộp và xuất trình cho Biên phòng cửa khẩu cảng các loại giấy tờ theo"
    " quy định Bước 2: Biên phòng cửa khẩu cảng tiếp nhận, kiểm tra các loại giấy tờ; cấp Giấy phé"
    "p cho thuyền viên nước ngoài hoặc gửi văn bản nêu rõ lý do trong trường hợp từ chối cấp Giấy p"
    "hép Cách thức thực hiện Người làm thủ tục nộp và xuất trình cho Biên phòng cửa khẩu cảng các l"
    'oại giấy tờ tại trụ sở Biên phòng cửa khẩu cảng.", "cách_thức_thực_hiện": "", "đối_tượng_thực_'
    'hiện": "Doanh nghiệp", "cơ_quan_thực_hiện": "Đội Thủ tục Biên phòng cửa khẩu cảng", "cơ_quan_c'
    'ó_thẩm_quyền": "Biên phòng cửa khẩu cảng", "cơ_quan_được_ủy_quyền": "Không có thông tin", "cơ_'
    'quan_phối_hợp": "Không có thông tin", "địa_chỉ_tiếp_nhận_hs": "Không có thông tin", "kết_quả_t'
    'hực_hiện": "Giấy phép do Biên phòng cửa khẩu cảng cấp", "yêu_cầu_điều_kiện_thực_hiện": "Không"'
    ', "từ_khóa": "Không có thông tin", "mô_tả": "Không có thông tin"}, "tables": {"hinh_thuc_nop":'
    ' [{"hinh_thuc": "Trực tiếp", "thoi_han_giai_quyet": "0 Giờ", "phi_le_phi": "Lệ phí : 05 USD (Đ'
    "ối với thuyền viên nghỉ qua đêm trên bờ: 05 USD/Giấy phép (trừ trường hợp được miễn lệ phí the"
    "o quy định của Bộ Tài chính))\\nLệ phí : 1.5 USD (Đối với thuyền viên xuống tàu thuyền khác đa"
    'ng neo đậu tại cảng: 30.000 đồng/Giấy phép (1,5 USD/Giấy phép))", "mo_ta": "Ngay sau khi Biên '
    'phòng cửa khẩu cảng tiếp nhận đầy đủ các loại giấy tờ do người làm thủ tục nộp và xuất trình"}'
    '], "thanh_phan_ho_so": [{"ten_giay_to": "Đơn đề nghị cho phép thuyền viên nghỉ qua đêm trên bờ'
    ', xuống các tàu thuyền khác đang neo đậu tại cảng", "so_luong": "", "ghi_chu": "Bản chính: 1\\'
    'nBản sao: 1"}, {"ten_giay_to": "Hộ chiếu hoặc giấy tờ có giá trị đi lại quốc tế của thuyền viê'
    'n", "so_luong": "", "ghi_chu": "Bản chính: 1\\nBản sao: 0"}], "can_cu_phap_ly": [{"so_ky_hieu"'
    ': "77/2017/NĐ-CP", "trich_yeu": "Nghị định 77/2017/NĐ-CP", "ngay_ban_hanh": "03-07-2017"}, {"s'
    'o_ky_hieu": "138/2016/TT-BTC", "trich_yeu": "Thông tư 138/2016/TT-BTC", "ngay_ban_hanh": "16-0'
    '9-2016"}]}}'
)

# Single tables of other procedures.
DOCUMENTS_1_013617 = (
    '[{"ten_giay_to": "1. Trường hợp 1:1.1 Hồ sơ đề nghị điều chỉnh giấy phép hoạt động đối với cơ '
    "sở khám bệnh, chữa bệnh khi thay đổi tên hoặc địa chỉ hoặc thời gian làm việc nhưng không thay"
    ' đổi địa điểm cơ sở khám bệnh, chữa bệnh:", "so_luong": "Mus07.docx", "ghi_chu": "Bản chính: 0'
    '\\nBản sao: 0"}, {"ten_giay_to": "a) Văn bản đề nghị của thủ trưởng đơn vị đầu mối trực thuộc '
    "Bộ Quốc phòng hoặc người đứng đầu đối với cơ sở khám bệnh, chữa bệnh trực thuộc Bộ Quốc phòng "
    'theo Mẫu số 07 Phụ lục II kèm theo Nghị định số 16/2024/NĐ-CP..,", "so_luong": "", "ghi_chu": '
    '"Bản chính: 1\\nBản sao: 0"}, {"ten_giay_to": "b) Bản chính giấy phép hoạt động và bản sao hợp'
    " lệ quyết định của cấp có thẩm quyền về việc thay đổi tên hoặc địa chỉ hoặc thời gian làm việc"
    ' nhưng không thay đổi địa điểm cơ sở khám bệnh, chữa bệnh.,", "so_luong": "", "ghi_chu": "Bản '
    'chính: 1\\nBản sao: 1"}, {"ten_giay_to": "1.2. Hồ sơ đề nghị điều chỉnh nội dung giấy phép hoạ'
    "t động đối với cơ sở thay đổi người chịu trách nhiệm chuyên môn của cơ sở khám bệnh, chữa bệnh"
    ':,", "so_luong": "Mus08.docx", "ghi_chu": "Bản chính: 0\\nBản sao: 0"}, {"ten_giay_to": "a) Vă'
    "n bản đề nghị của thủ trưởng đơn vị đầu mối trực thuộc Bộ Quốc phòng hoặc người đứng đầu đối v"
    "ới cơ sở khám bệnh, chữa bệnh trực thuộc Bộ Quốc phòng theo Mẫu số 09 Phụ lục II kèm theo Nghị"
    ' định số 16/2024/NĐ-CP;,", "so_luong": "", "ghi_chu": "Bản chính: 1\\nBản sao: 0"}, {"ten_giay'
    '_to": "b) Bản sao hợp lệ quyết định bổ nhiệm người chịu trách nhiệm chuyên môn kỹ thuật mới củ'
    'a cơ sở khám bệnh, chữa bệnh;,", "so_luong": "", "ghi_chu": "Bản chính: 0\\nBản sao: 1"}, {"te'
    'n_giay_to": "c) Bản chính giấy phép hoạt động của cơ sở khám bệnh, chữa bệnh đã được cấp.,", "'
    'so_luong": "", "ghi_chu": "Bản chính: 1\\nBản sao: 0"}, {"ten_giay_to": "2. Trường hợp 2: 2.1.'
    " Hồ sơ đề nghị điều chỉnh nội dung giấy phép hoạt động đối với cơ sở khám bệnh, chữa bệnh khi "
    'thay đổi quy mô hoạt động, gồm:", "so_luong": "Mus09.docx", "ghi_chu": "Bản chính: 0\\nBản sao'
    ': 0"}, {"ten_giay_to": "a) Văn bản đề nghị của thủ trưởng đơn vị đầu mối trực thuộc Bộ Quốc ph'
    "òng hoặc người đứng đầu đối với cơ sở khám bệnh, chữa bệnh trực thuộc Bộ Quốc phòng về điều ch"
    "ỉnh nội dung giấy phép hoạt động theo Mẫu số 08 Phụ lục II kèm theo Nghị định số 16/2024/NĐ-CP"
    ';.", "so_luong": "", "ghi_chu": "Bản chính: 1\\nBản sao: 0"}, {"ten_giay_to": "b) Bản sao hợp '
    'lệ quyết định của cấp có thẩm quyền về tổ chức biên chế của cơ sở khám bệnh, chữa bệnh;.", "so'
    '_luong": "", "ghi_chu": "Bản chính: 0\\nBản sao: 1"}, {"ten_giay_to": "c) Bản kê khai cơ sở vậ'
    't chất, thiết bị y tế theo Mẫu số 02 Phụ lục III kèm theo Nghị định số 16/2024/NĐ-CP.,", "so_l'
    'uong": "", "ghi_chu": "Bản chính: 1\\nBản sao: 0"}, {"ten_giay_to": "2.2. Hồ sơ đề nghị điều c'
    "hỉnh nội dung giấy phép hoạt động đối với cơ sở khám bệnh, chữa bệnh khi thay đổi phạm vi hoạt"
    ' động chuyên môn, gồm:", "so_luong": "Mus021.docx", "ghi_chu": "Bản chính: 0\\nBản sao: 0"}, {'
    '"ten_giay_to": "b) Bản sao hợp lệ quyết định phê duyệt danh mục kỹ thuật của Cơ quan được giao'
    ' quản lý về y tế;.", "so_luong": "", "ghi_chu": "Bản chính: 0\\nBản sao: 1"}, {"ten_giay_to": '
    '"c) Bản kê khai cơ sở vật chất, thiết bị y tế và hồ sơ nhân lực tương ứng với phạm vi hoạt độn'
    "g chuyên môn dự kiến điều chỉnh theo Mẫu số 02 Phụ lục III kèm theo Nghị định số 16/2024/NĐ-CP"
    '.;", "so_luong": "", "ghi_chu": "Bản chính: 1\\nBản sao: 0"}]'
)

LEGAL_1_013581 = (
    '[{"so_ky_hieu": "47/2014/QH13", "trich_yeu": "47/2014/QH13", "ngay_ban_hanh": "16-06-2014", "c'
    'o_quan_ban_hanh": "Quốc Hội"}, {"so_ky_hieu": "104/2012/NĐ-CP", "trich_yeu": "Nghị định 104/20'
    '12/NĐ-CP", "ngay_ban_hanh": "05-12-2012", "co_quan_ban_hanh": "Chính phủ"}, {"so_ky_hieu": "06'
    '/2003/QH11", "trich_yeu": "Biên giới quốc gia", "ngay_ban_hanh": "17-06-2003", "co_quan_ban_ha'
    'nh": "Quốc Hội"}, {"so_ky_hieu": "32/2004/QH11", "trich_yeu": "An ninh Quốc gia", "ngay_ban_ha'
    'nh": "03-12-2004", "co_quan_ban_hanh": "Quốc Hội"}, {"so_ky_hieu": "18/2012/QH13", "trich_yeu"'
    ': "Luật biển Việt Nam", "ngay_ban_hanh": "21-06-2012", "co_quan_ban_hanh": "Văn phòng Quốc hội'
    '"}, {"so_ky_hieu": "51/2019/QH14", "trich_yeu": "Luật 51/2019/QH14", "ngay_ban_hanh": "25-11-2'
    '019"}, {"so_ky_hieu": "23/2023/QH15", "trich_yeu": "Luật Xuất cảnh, nhập cảnh của công dân Việ'
    "t Nam và Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam sửa đổi"
    ' 2023", "ngay_ban_hanh": "24-06-2023"}, {"so_ky_hieu": "54", "trich_yeu": "Luật Hải quan 2014"'
    ', "ngay_ban_hanh": "23-06-2014"}, {"so_ky_hieu": "BỘ LUẬT  HÀNG HẢI VIỆT NAM", "trich_yeu": "B'
    'Ộ LUẬT HÀNG HẢI VIỆT NAM", "ngay_ban_hanh": "25-11-2015"}, {"so_ky_hieu": "42/2024/QH15", "tri'
    'ch_yeu": "Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ", "ngay_ban_hanh": "29-0'
    '6-2024"}]'
)

CHANNELS_1_013585 = (
    '[{"hinh_thuc": "Trực tiếp", "thoi_han_giai_quyet": "01 Giờ", "phi_le_phi": "Phí : Không Đồng",'
    ' "mo_ta": "- Chậm nhất 01 (một) giờ kể từ khi Biên phòng cửa khẩu cảng tiếp nhận đầy đủ các lo'
    "ại giấy tờ do người làm thủ tục nộp và xuất trình đối với tàu nhập cảnh, xuất cảnh, chuyển cản"
    "g đi: Người làm thủ tục nộp, xuất trình các loại giấy tờ tại trụ sở Cảng vụ hàng hải, Cảng vụ "
    'đường thủy nội địa hoặc văn phòng đại diện Cảng vụ hàng hải, Cảng vụ đường thủy nội địa."}, {"'
    'hinh_thuc": "Trực tiếp", "thoi_han_giai_quyet": "0.5 Giờ", "phi_le_phi": "Phí : Không Đồng", "'
    'mo_ta": "Chậm nhất 30 (ba mươi) phút kể từ khi Biên phòng cửa khẩu cảng tiếp nhận hồ sơ chuyển'
    " cảng đối với tàu chuyển cảng đến: Người làm thủ tục nộp, xuất trình các loại giấy tờ tại trụ "
    "sở Cảng vụ hàng hải, Cảng vụ đường thủy nội địa hoặc văn phòng đại diện Cảng vụ hàng hải, Cảng"
    ' vụ đường thủy nội địa."}]'
)

CHANNELS_1_013629 = (
    '[{"hinh_thuc": "Trực tiếp", "thoi_han_giai_quyet": "10-25", "phi_le_phi": "Phí : 0 Đồng", "mo_'
    'ta": "10-25 ngày kể từ ngày nhận được hồ sơ hợp lệ."}, {"hinh_thuc": "Dịch vụ bưu chính", "th'
    'oi_han_giai_quyet": "10-25", "phi_le_phi": "Phí : 0 Đồng", "mo_ta": "10-25 ngày kể từ ngày nh'
    'ận được hồ sơ hợp lệ."}]'
)

CHANNELS_1_013581 = (
    '[{"hinh_thuc": "Trực tiếp", "thoi_han_giai_quyet": "Thủ tục chuyển cảng đi được hoàn thành chậ'
    'm nhất là ngay trước khi tàu rời cảng.", "phi_le_phi": "Phí : Không Đồng", "mo_ta": "Người làm'
    ' thủ tục khai báo, nộp các loại giấy tờ trực tiếp tại tàu."}]'
)


# --- whole procedures -----------------------------------------------------------------------------


def test_a_whole_export() -> None:
    record, stats = parse(json.loads(EXPORT_1_013124))
    assert record.code == "1.013124"
    assert record.name == (
        "Thủ tục thẩm định và phê duyệt kế hoạch ứng phó sự cố tràn dầu của các cơ sở, dự án dầu khí ngoài khơi"
    )
    assert record.levels == ["ministry"]  # "Cấp Bộ"
    assert record.decision_number == "6225/QĐ-BQP"  # "Quyết định số 6225/QĐ-BQP"
    assert record.field == "Ứng phó sự cố tràn dầu"
    assert record.agency == "Văn phòng Ủy ban Quốc gia Ứng phó sự cố, thiên tai và Tìm kiếm cứu nạn"
    assert record.competent_agency == "Ủy ban Quốc gia Ứng phó sự cố, thiên tai và Tìm kiếm cứu nạn"
    assert record.delegated_agency == record.coordinating_agency == record.reception_address == ""
    assert record.target_groups[-3:] == [
        "Tổ chức (không bao gồm doanh nghiệp, HTX)",
        "Tổ chức nước ngoài",
        "Hợp tác xã",
    ]
    assert [(c.channel, c.deadline, c.fees, c.note) for c in record.channels] == [
        ("counter", Deadline(Decimal(30), "working_day", "30 Ngày làm việc"), [Fee(amount=0, label="Phí")], ""),
        (
            "online",
            Deadline(Decimal(30), "working_day", "30 Ngày làm việc"),
            [Fee(amount=0, label="Phí")],
            "hoặc bằng các hình thức phù hợp khác",
        ),
        ("postal", Deadline(Decimal(30), "working_day", "30 Ngày làm việc"), [Fee(amount=0, label="Phí")], ""),
    ]
    assert record.documents == [
        DocumentRecord(
            name="Văn bản đề nghị thẩm định và phê duyệt kế hoạch ứng phó sự cố tràn dầu.", originals=1, copies=0
        ),
        DocumentRecord(
            name="Kế hoạch ứng phó sự cố tràn dầu theo mẫu quy định tại Phụ lục II ban hành kèm theo Quyết"
            " định"
            " số 12/2021/QĐ-TTg ngày 24/3/2021 của Thủ tướng Chính phủ",
            originals=1,
            copies=0,
            form="5-PHLCII.doc",  # the export puts the form's file name in "so_luong"
        ),
    ]
    assert record.legal_basis == [
        LegalBasisRecord(
            code="12/2021/QĐ-TTg",  # so_ky_hieu only says "12"
            title="Quyết định số 12/2021/QĐ-TTg ngày 24/3/2021 của Thủ tướng Chính phủ ban hành Quy chế hoạt"
            " động ứng phó với sự cố tràn dầu",
            issued_on="2021-03-24",
            issuer="Thủ tướng Chính phủ",
        )
    ]
    assert record.result == "Quyết định phê duyệt kế hoạch ứng phó sự cố tràn dầu."
    assert record.conditions == ""  # "Không"
    assert record.online_level == "partial"
    assert record.source == "ministry-export"
    assert stats == ParseStats(deadlines_stated=3, deadlines_parsed=3, document_tables=1, documents_parsed=1)


def test_usd_fees_and_an_immediate_deadline() -> None:
    record, stats = parse(json.loads(EXPORT_1_013563))
    [counter] = record.channels
    assert counter.deadline == Deadline(amount=Decimal(0), unit="working_hour", text="0 Giờ")
    assert counter.note.startswith("Ngay sau khi Biên phòng cửa khẩu cảng tiếp nhận")
    assert counter.fees == [
        Fee(
            amount=5,
            currency="USD",
            label="Lệ phí",
            note="Đối với thuyền viên nghỉ qua đêm trên bờ: 05 USD/Giấy phép (trừ trường hợp được miễn lệ phí"
            " theo quy định của Bộ Tài chính)",
        ),
        Fee(
            amount=None,  # 1.5 USD is not a whole amount: kept as written in the note
            currency="USD",
            label="Lệ phí",
            note="1.5 USD (Đối với thuyền viên xuống tàu thuyền khác đang neo đậu tại cảng: 30.000 đồng/Giấy"
            " phép (1,5 USD/Giấy phép))",
        ),
    ]
    assert [(d.originals, d.copies) for d in record.documents] == [(1, 1), (1, 0)]
    assert [(b.code, b.issued_on) for b in record.legal_basis] == [
        ("77/2017/NĐ-CP", "2017-07-03"),
        ("138/2016/TT-BTC", "2016-09-16"),
    ]
    assert record.online_level == "none"
    assert stats == ParseStats(deadlines_stated=1, deadlines_parsed=1, document_tables=1, documents_parsed=1)


# --- tables ---------------------------------------------------------------------------------------


def test_a_repeated_channel_is_merged_into_one_row() -> None:
    # the export lists "Trực tiếp" twice: 01 Giờ in general, 0.5 Giờ for ships moving between ports
    [counter], stats = parse_channel_table(json.loads(CHANNELS_1_013585))
    assert counter.channel == "counter"
    assert counter.deadline == Deadline(Decimal(1), "working_hour", "01 Giờ")
    assert counter.fees == [Fee(amount=0, label="Phí")]  # "Phí : Không Đồng" twice, kept once
    first, second = counter.note.split("\n")
    assert first.startswith("- Chậm nhất 01 (một) giờ kể từ khi Biên phòng cửa khẩu cảng tiếp nhận")
    assert second.startswith("0.5 Giờ: Chậm nhất 30 (ba mươi) phút kể từ khi Biên phòng cửa khẩu cảng")
    assert stats == ParseStats(deadlines_stated=2, deadlines_parsed=2)  # counted per source row


def test_deadlines_without_a_usable_amount_are_stated_but_not_parsed() -> None:
    channels, stats = parse_channel_table(json.loads(CHANNELS_1_013629))
    assert [c.deadline for c in channels] == [Deadline(amount=None, unit=None, text="10-25")] * 2
    assert channels[0].note == "10-25 ngày kể từ ngày nhận được hồ sơ hợp lệ."
    assert stats == ParseStats(deadlines_stated=2, deadlines_parsed=0)
    [counter], stats = parse_channel_table(json.loads(CHANNELS_1_013581))
    assert counter.deadline == Deadline(
        amount=None,
        unit=None,
        text="Thủ tục chuyển cảng đi được hoàn thành chậm nhất là ngay trước khi tàu rời cảng.",
    )
    assert stats == ParseStats(deadlines_stated=1, deadlines_parsed=0)


def test_empty_and_unknown_channel_rows() -> None:
    rows = [
        {"hinh_thuc": "Trực tiếp", "thoi_han_giai_quyet": "", "phi_le_phi": "", "mo_ta": "Không có thông tin"},
        {"hinh_thuc": "Fax", "thoi_han_giai_quyet": "5 Ngày", "phi_le_phi": "", "mo_ta": ""},
    ]
    channels, stats = parse_channel_table(rows)
    assert [(c.channel, c.deadline, c.fees, c.note) for c in channels] == [("counter", None, [], "")]
    assert stats == ParseStats()


def test_heading_rows_become_notes() -> None:
    documents = parse_document_table(json.loads(DOCUMENTS_1_013617))
    assert len(documents) == 10  # 14 rows, 4 of them "... gồm:" headings counted 0 and 0
    assert documents[0] == DocumentRecord(
        name="a) Văn bản đề nghị của thủ trưởng đơn vị đầu mối trực thuộc Bộ Quốc phòng hoặc người đứng"
        " đầu đối"
        " với cơ sở khám bệnh, chữa bệnh trực thuộc Bộ Quốc phòng theo Mẫu số 07 Phụ lục II kèm theo Nghị"
        " định"
        " số 16/2024/NĐ-CP.",  # "..," in the export
        originals=1,
        copies=0,
        note="1. Trường hợp 1:1.1 Hồ sơ đề nghị điều chỉnh giấy phép hoạt động đối với cơ sở khám bệnh, chữa"
        " bệnh khi thay đổi tên hoặc địa chỉ hoặc thời gian làm việc nhưng không thay đổi địa điểm cơ sở khám"
        " bệnh, chữa bệnh: (Mus07.docx)",
    )
    assert documents[3].name == (
        "b) Bản sao hợp lệ quyết định bổ nhiệm người chịu trách nhiệm chuyên môn kỹ thuật mới của cơ sở khám"
        " bệnh, chữa bệnh;"
    )
    assert (documents[3].originals, documents[3].copies) == (0, 1)
    assert documents[3].note.startswith("1.2. Hồ sơ đề nghị điều chỉnh nội dung giấy phép hoạt động")
    assert documents[-1].note == (
        "2.2. Hồ sơ đề nghị điều chỉnh nội dung giấy phép hoạt động đối với cơ sở khám bệnh, chữa bệnh khi"
        " thay"
        " đổi phạm vi hoạt động chuyên môn, gồm: (Mus021.docx)"
    )


def test_several_form_files_in_one_cell() -> None:
    # ministry export 1.013196, first row
    row = {
        "ten_giay_to": "- Đơn đề nghị cấp giấy chứng nhận bệnh tật và giải quyết chế độ bệnh binh",
        "so_luong": "Mẫu BB22024.DOC\nMẫu BB32024.DOC",
        "ghi_chu": "Bản chính: 1\nBản sao: 0",
    }
    assert parse_document_table([row]) == [
        DocumentRecord(
            name="Đơn đề nghị cấp giấy chứng nhận bệnh tật và giải quyết chế độ bệnh binh",
            originals=1,
            copies=0,
            form="Mẫu BB22024.DOC; Mẫu BB32024.DOC",
        )
    ]


def test_legal_codes_completed_kept_or_dropped() -> None:
    bases = [legal_basis(row) for row in json.loads(LEGAL_1_013581)]
    assert bases[0] == LegalBasisRecord(
        code="47/2014/QH13", title="47/2014/QH13", issued_on="2014-06-16", issuer="Quốc Hội"
    )
    assert bases[7] == LegalBasisRecord(code="54", title="Luật Hải quan 2014", issued_on="2014-06-23")
    # the code cell holds a title: no code rather than a wrong one
    assert bases[8] == LegalBasisRecord(code="", title="BỘ LUẬT HÀNG HẢI VIỆT NAM", issued_on="2015-11-25")


@pytest.mark.parametrize(
    ("raw_code", "title", "code"),
    [
        ("12", "Quyết định số 12/2021/QĐ-TTg ngày 24/3/2021 của Thủ tướng Chính phủ", "12/2021/QĐ-TTg"),
        ("Thông tư số 104/2024/TT-BQP", "", "104/2024/TT-BQP"),
        ("Luật 47/2014/QH13", "", "47/2014/QH13"),
        ("13/2020/TTLT- BQP-BLĐTBXH-BTC", "", "13/2020/TTLT-BQP-BLĐTBXH-BTC"),
        ("104", "Nghị định số 104/2022/NĐ-CP của Chính phủ: Sửa đổi, bổ sung", "104/2022/NĐ-CP"),
        ("54", "Luật Hải quan 2014", "54"),
        ("BỘ LUẬT  HÀNG HẢI VIỆT NAM", "BỘ LUẬT HÀNG HẢI VIỆT NAM", ""),
    ],
)
def test_full_code(raw_code: str, title: str, code: str) -> None:
    assert full_code(raw_code, title) == code


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Quyết định số 6225/QĐ-BQP", "6225/QĐ-BQP"),
        ("5132 /QĐ-BQP", "5132/QĐ-BQP"),
        ("Quyết định số 4534", "4534"),
        ("", ""),
    ],
)
def test_decision_number(text: str, number: str) -> None:
    assert decision_number(text) == number


# --- reading a file -------------------------------------------------------------------------------


def test_a_bad_line_never_stops_the_others(tmp_path: Path) -> None:
    good = json.loads(EXPORT_1_013124)
    no_code = {**good, "thu_tuc_id": "", "metadata": {**good["metadata"], "mã_thủ_tục": ""}}
    no_tables = {**json.loads(EXPORT_1_013563), "tables": None}
    path = tmp_path / "exports.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps(good, ensure_ascii=False),
                "{not json",
                json.dumps(no_code, ensure_ascii=False),
                json.dumps(no_tables, ensure_ascii=False),
            ]
        ),
        encoding="utf-8",
    )
    parsed = list(ministry_export.iter_records(path))
    assert [(p.position, p.code, p.error) for p in parsed] == [
        (1, "1.013124", ""),
        (2, "", "line 2 is not valid JSON (Expecting property name enclosed in double quotes)"),
        (3, "", "the procedure has no code"),
        (4, "1.013563", ""),
    ]
    assert parsed[3].record is not None and parsed[3].record.channels == []


# --- the whole shared file ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def export_results() -> list[Parsed]:
    if not EXPORT_FILE.exists():
        pytest.skip(f"../shared/data is absent: {EXPORT_FILE} not found")
    return list(ministry_export.iter_records(EXPORT_FILE))


@pytest.mark.shared_data
def test_every_export_parses(export_results: list[Parsed]) -> None:
    assert len(export_results) == 207
    assert [r.error for r in export_results if r.error] == []


@pytest.mark.shared_data
def test_export_parse_rates(export_results: list[Parsed]) -> None:
    stats = sum((r.stats for r in export_results), ParseStats())
    assert stats.deadlines_stated > 400
    assert stats.deadlines_parsed / stats.deadlines_stated >= 0.97
    assert stats.document_tables == 207
    assert stats.documents_parsed / stats.document_tables >= 0.95


@pytest.mark.shared_data
def test_export_values_are_plausible_and_clean(export_results: list[Parsed]) -> None:
    for result in export_results:
        record = result.record
        for channel in record.channels:
            if channel.deadline is not None and channel.deadline.amount is not None:
                assert channel.deadline.amount <= 400, record.code
        for document in record.documents:
            assert document.name == clean(document.name) and document.name, record.code
            assert document.originals is not None and document.copies is not None, record.code
        for basis in record.legal_basis:
            assert basis.issued_on == "" or len(basis.issued_on) == 10, record.code
        for text in [record.name, record.steps, record.result, record.conditions, record.agency]:
            assert text == clean(text), record.code
            assert text not in {"Không có thông tin", "Không quy định", "Không"}, record.code
