"""The national-portal parser. Fixtures are strings and objects copied from
../shared/data/catalog/national-portal-pages.jsonl.gz (the procedure code is in each name); the expected
values were checked against them by hand. Checks over the whole shared file skip when it is absent."""

from __future__ import annotations

import gzip
import json
from decimal import Decimal
from pathlib import Path

import pytest

from motcua.catalog.importers import national_portal
from motcua.catalog.importers.national_portal import (
    parse,
    parse_channel_rows,
    parse_documents,
    parse_legal_basis,
    parse_result,
    split_form,
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
PORTAL_FILE = SHARED_DATA / "catalog" / "national-portal-pages.jsonl.gz"

# --- fixtures copied from the data file -----------------------------------------------------------

CHANNELS_1_007857 = "Trực tuyến220 VNĐ(lệ phí hải quan 20.000 đồng/ tờ khai hải quan.)Trực tiếp2 GiờMiễn phí"

CHANNELS_2_002044 = (
    "Trực tuyến1Miễn phí(Miễn lệ phí  (Thông tư số 47/2019/TT-BTC).)Dịch vụ bưu chính1100 VNĐ(- Phí"
    " công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần (Thông tư số 47/2019/TT-BTC).)Trực ti"
    "ếp1100,000 VNĐ(- Phí công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần (Thông tư số 47/2"
    "019/TT-BTC).)"
)

CHANNELS_1_004073 = (
    "Trực tiếp3 ThángKhông có thông tin+ Trong thời gian 3 tháng kể từ ngày tiếp nhận hồ sơ của ngư"
    "ời dự tuyển, Hội đồng tuyển chọn phải hoàn thiện các thủ tục để trình lãnh đạo có thẩm quyền q"
    "uyết định tuyển, tạm tuyển hoặc trả lời cho người dự tuyển về lý do không được tuyển. + Trong "
    "thời hạn chậm nhất 30 ngày, kể từ ngày công bố kết quả tuyển chọn, thủ trưởng Công an các đơn "
    "vị có thẩm quyền quyết định tuyển chọn cán bộ phải ra quyết định tạm tuyển hoặc tuyển dụng. "
)

CHANNELS_1_004089 = (
    "Trực tiếpKhông có thông tinKhông có thông tinTrực tiếp tại Công an đơn vị, địa phương có thẩm quyền. "
)

CHANNELS_3_000037 = (
    "Dịch vụ bưu chính60 NgàyMiễn phíTrực tuyến trên Cổng dịch vụ công quốc gia\n- 60 ngày đối với "
    "trường hợp cấp mới, gia hạn GCN;\n- 15 ngày đối với trường hợp cấp lại GCN;\n- 30 ngày đối với"
    " trường hợp điều chỉnh GCN.Trực tiếp60 NgàyMiễn phíTrực tuyến trên Cổng dịch vụ công quốc gia"
    "\n- 60 ngày đối với trường hợp cấp mới, gia hạn GCN;\n- 15 ngày đối với trường hợp cấp lại GCN"
    ";\n- 30 ngày đối với trường hợp điều chỉnh GCN.Trực tuyến60 NgàyKhông có thông tinTrực tuyến t"
    "rên Cổng dịch vụ công quốc gia\n- 60 ngày đối với trường hợp cấp mới, gia hạn GCN;\n- 15 ngày "
    "đối với trường hợp cấp lại GCN;\n- 30 ngày đối với trường hợp điều chỉnh GCN."
)

CHANNELS_1_001010 = "Trực tiếp6 Tháng100 USD(100 USD/thẻ.)"

DOCUMENTS_1_012781 = (
    "a) Đối với trường hợp thửa đất gốc đã có Giấy chứng nhận, phần diện tích tăng thêm do nhận chu"
    "yển quyền sử dụng một phần thửa đất đã được cấp Giấy chứng nhận:Tên giấy tờMẫu đơn, tờ khaiSố "
    "lượngVăn bản về việc đại diện theo quy định của pháp luật về dân sự đối với trường hợp thực hi"
    "ện thủ tục đăng ký đất đai, tài sản gắn liền với đất thông qua người đại diện.1 bản chính,1 bả"
    "n saoĐơn đăng ký biến động đất đai, tài sản gắn liền với đất theo Mẫu số 181 bản chính,1 bản s"
    "aoGiấy tờ về việc nhận chuyển quyền sử dụng đất đối với phần diện tích tăng thêm.1 bản chính,1"
    " bản sao- Bản gốc Giấy chứng nhận đã cấp.1 bản chính,1 bản saoMảnh trích đo bản đồ địa chính t"
    "hửa đất.1 bản chính,1 bản saob) Đối với trường hợp thửa đất gốc đã có Giấy chứng nhận, phần di"
    "ện tích tăng thêm phần diện tích đất chưa được cấp Giấy chứng nhận:Tên giấy tờMẫu đơn, tờ khai"
    "Số lượngĐơn đăng ký biến động đất đai, tài sản gắn liền với đất theo Mẫu số 181 bản chính,1 bả"
    "n saoGiấy tờ chứng minh phần diện tích tăng thêm (nếu có).1 bản chính,1 bản sao- Văn bản về vi"
    "ệc đại diện theo quy định của pháp luật về dân sự đối với trường hợp thực hiện thủ tục đăng ký"
    " đất đai, tài sản gắn liền với đất thông qua người đại diện;1 bản chính,1 bản saoBản gốc Giấy "
    "chứng nhận đã cấp.1 bản chính,1 bản sao"
)

DOCUMENTS_1_000757 = (
    "Phiếu này là biểu mẫu điện tử, công dân kê khai đối với trường hợp nộp hồ sơ trực tuyếnTên giấ"
    "y tờMẫu đơn, tờ khaiSố lượngPhiếu đề nghị giải quyết thủ tục về căn cước (Mẫu DC02 ban hành kè"
    "m theo Thông tư số 17/2024/TT-BCA của Bộ Công an)Mẫu DC02 Phiếu đề nghị giải quyết thủ tục về "
    "căn cước.doc1 bản chínhPhiếu được tạo lập khi trích xuất thông tin của công dân trong Cơ sở dữ"
    " liệu quốc gia về dân cư và in trong quá trình thu nhận hồ sơ căn cước để công dân kiểm tra và"
    " ký xác nhận.Tên giấy tờMẫu đơn, tờ khaiSố lượngPhiếu thu nhận thông tin căn cước (Mẫu CC01 ba"
    "n hành kèm theo Thông tư số 17/2024/TT-BCA của Bộ Công an)Mẫu CC01 Phiếu thu nhận thông tin că"
    "n cước.doc1 bản chínhTrường hợp người đề nghị cấp, cấp đổi, cấp lại thẻ căn cước là người đại "
    "diện hợp pháp của người dưới 14 tuổi thì hồ sơ đề nghị cấp, cấp đổi, cấp lại thẻ căn cước phải"
    " có giấy tờ, tài liệu có giá trị pháp lý chứng minh là người đại diện hợp pháp của người dưới "
    "14 tuổi.Tên giấy tờMẫu đơn, tờ khaiSố lượngGiấy tờ, tài liệu có giá trị pháp lý chứng minh là "
    "người đại diện hợp pháp của người dưới 14 tuổi1 bản chính"
)

DOCUMENTS_1_011434 = (
    "--Tên giấy tờMẫu đơn, tờ khaiSố lượngPhiếu yêu cầu theo Mẫu số 11c tại Phụ lục (Điều 22 Nghị đ"
    "ịnh số 99/2022/NĐ-CP)Mau so 11c_Phieu yeu cau cap ban sao.docx1 bản chính--Tên giấy tờMẫu đơn,"
    " tờ khaiSố lượngTrường hợp thực hiện thông qua người đại diện thì văn bản có nội dung về đại d"
    "iện là tài liệu phải có trong hồ sơ đăng ký, hồ sơ cung cấp thông tin (01 bản chính hoặc 01 bả"
    "n sao có chứng thực hoặc 01 bản sao kèm bản chính để đối chiếu), trừ trường hợp thực hiện việc"
    " đăng ký qua tài khoản đăng ký trực tuyến của người đại diện quy định tại khoản 2 Điều 24 Nghị"
    " định số 99/2022/NĐ-CP (khoản 7 Điều 8 Nghị định số 99/2022/NĐ-CP, khoản 4 Điều 24 Nghị định s"
    "ố 99/2022/NĐ-CP).1 bản chính,1 bản saoTrường hợp bên bảo đảm hoặc bên nhận bảo đảm gồm nhiều n"
    "gười thì phải có đầy đủ chữ ký, con dấu (nếu có) của các chủ thể này, trừ trường hợp có văn bả"
    "n thể hiện nội dung về việc một, một số bên bảo đảm hoặc bên nhận bảo đảm có quyền đại diện ch"
    "o những người còn lại (khoản 4 Điều 12 Nghị định số 99/2022/NĐ-CP).1 bản chính,1 bản saoTrường"
    " hợp chi nhánh của pháp nhân, chi nhánh hoặc phòng giao dịch của pháp nhân là tổ chức tín dụng"
    " (sau đây gọi là chi nhánh của pháp nhân) được pháp nhân giao nhiệm vụ thực hiện chức năng của"
    " pháp nhân về yêu cầu đăng ký, về yêu cầu cung cấp thông tin thì văn bản có nội dung về việc p"
    "háp nhân giao nhiệm vụ cho chi nhánh thực hiện chức năng của pháp nhân trong yêu cầu đăng ký, "
    "yêu cầu cung cấp thông tin là tài liệu phải có trong hồ sơ đăng ký, hồ sơ cung cấp thông tin ("
    "01 bản chính hoặc 01 bản sao có chứng thực hoặc 01 bản sao kèm bản chính để đối chiếu) (khoản "
    "8 Điều 8 Nghị định số 99/2022/NĐ-CP). Người yêu cầu đăng ký chỉ nộp văn bản này một lần cho cơ"
    " quan đăng ký, không phải nộp lại văn bản này trong hồ sơ đăng ký, hồ sơ yêu cầu cung cấp thôn"
    "g tin tiếp theo, trừ trường hợp văn bản này có nội dung giao nhiệm vụ cho chi nhánh theo từng "
    "vụ việc. Cơ quan đăng ký có trách nhiệm số hóa, lưu giữ văn bản này theo quy định của pháp luậ"
    "t để tái sử dụng thông tin, dữ liệu trong giải quyết các hồ sơ yêu cầu đăng ký, hồ sơ yêu cầu "
    "cung cấp thông tin tiếp theo, trừ trường hợp có văn bản khác thay đổi nội dung hoặc thay thế v"
    "ăn bản đã được số hóa, lưu giữ.1 bản chính,1 bản sao"
)

DOCUMENTS_1_010041 = (
    "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai thay đổi thông tin cư trú (Mẫu CT01 ban   hành kè"
    "m theo Thông tư số 53/2025/TT-BCA).1.MuCT01banhnhkmtheoThngts53.doc1 bản chính*Lưu ý: Khi nộp "
    "hồ sơ trực tuyến, công dân khai báo thông tin theo biểu mẫu điện tử được cung cấp sẵn, không đ"
    "ính kèm biểu mẫu CT01.0 bản chính"
)

DOCUMENTS_2_000894 = (
    "--Tên giấy tờMẫu đơn, tờ khaiSố lượng- Văn bản đề nghị miễn nhiệm giám định viên tư pháp của c"
    "ơ quan, tổ chức đã đề nghị bổ nhiệm người đó;1 bản chính+ Thuộc một trong các trường hợp quy đ"
    "ịnh tại khoản 2 Điều 7 của Luật giám định tư pháp1 bản chính+ Theo đề nghị của giám định viên "
    "tư pháp là công chức, viên chức, sĩ quan quân đội, sĩ quan công an nhân dân, quân nhân chuyên "
    "nghiệp, công nhân quốc phòng có quyết định nghỉ việc để hưởng chế độ hưu trí hoặc thôi việc.1 "
    "bản chính+ Không còn đủ tiêu chuẩn quy định tại khoản 1 Điều 7 của Luật giám định tư pháp.1 bả"
    "n chính+ Bị xử lý kỷ luật từ hình thức cảnh cáo trở lên hoặc bị xử phạt hành chính do cố ý vi "
    "phạm quy định của pháp luật về giám định tư pháp.1 bản chính- Văn bản, giấy tờ chứng minh giám"
    " định viên tư pháp thuộc một trong các trường hợp quy định tại khoản 1 Điều 10 Luật giám định "
    "tư pháp:0 bản chính+ Thực hiện một trong các hành vi quy định tại Điều 6 của Luật giám định tư"
    " pháp.1 bản chính"
)

DOCUMENTS_6_005709 = (
    "--Tên giấy tờMẫu đơn, tờ khaiSố lượng-\tTờ trình đề nghị xét tặng Kỷ niệm chương (kèm danh sác"
    "h); -\tBáo cáo tóm tắt thành tích; d)\tSố lượng hồ sơ: 01 bộ.Mẫu số 1.7.docxMẫu số 1.8.docx1 b"
    "ản chính--"
)

LEGAL_1_000178 = (
    "Tên văn bản pháp lýMã văn bảnHướng dẫn xử lý khiếu nại, kiến nghị, phản ánh; giải quyết khiếu "
    "nại và quản lý công tác giải quyết khiếu nại trong công an nhân dân68/2013/TT-BCALuật Khiếu nạ"
    "i  năm 201102/2011/QH13Quy định quy trình giải quyết khiếu nại trong công an nhân dân11/2015/T"
    "T-BCANghị định 05/2012/NĐ-CP05/2012/NĐ-CP"
)

LEGAL_1_004680 = (
    "Tên văn bản pháp lýMã văn bảnLuật sửa đổi, bổ sung một số điều của 15 luật trong lĩnh vực nông"
    " nghiệp và môi trườngLuật số 146/2025/QH15LuậtLuật 18/2017/QH14Thông tư88/2025/TT-BNNMT"
)

LEGAL_3_000163 = (
    "Tên văn bản pháp lýMã văn bảnThông tư liên tịch 02/2014/TTLT-TANDTC-VKSNDTC-BTP-BTC02/2014/TTL"
    "T-TANDTC-VKSNDTC-BTP-BTCNghị quyết 110/2015/QH13110/2015/QH13Lệnh 21/2014/L-CTN21/2014/L-CTNNg"
    "hị quyết 56/2010/QH1256/2010/QH12Cơ quan thực hiệnTòa án nhân dân tỉnh, thành phố trực thuộc t"
    "rung ương, Tòa án nhân dân tối cao, Tòa án nhân dân khu vực"
)

LEGAL_1_003474 = (
    "Tên văn bản pháp lýMã văn bảnLuật Thú yLuật 79/2015/QH13quy định chi tiết một số điều của Luật"
    " thú y35/2016/NĐ-CP sửa đổi bổ sung một số điều của 15 Luật trong lĩnh vực Nông nghiệp và Môi "
    "trường 146/2025/QH15 Quy định về quản lý thuốc thú y13/2016/TT-BNNPTNT sửa đổi, bổ sung một số"
    " Nghị định quy định về điều kiện đầu tư, kinh doanh trong lĩnh vực nông nghiệp123/2018/NĐ-CP s"
    "ửa đổi, bổ sung một số điều của Nghị định số 35/2016/NĐ-CP ngày 15 tháng 5 năm 2016 của Chính "
    "phủ quy định chi tiết một số điều của Luật thú y80/2022/NĐ-CP Sửa đổi, bổ sung một số điều của"
    " các Nghị định trong lĩnh vực chăn nuôi và thú y32/2026/NĐ-CP sửa đổi, bổ sung, bãi bỏ một số "
    "điều của Thông tư 13/2016/TT-BNNPTNT ngày 02/6/2016 của Bộ Nông nghiệp và Phát triển nông thôn"
    " về quản lý thuốc thú y18/2018/TT-BNNPTNT sửa đổi, bổ sung một số điều của các Thông tư quy đị"
    "nh về quản lý thuốc thú y15/2026/TT-BNNPTNT"
)

# The whole page object of procedure 6.003500, as crawled.
PAGE_6_003500 = (
    '{"ma_thu_tuc": "6.003500", "detail_url": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019db9f'
    'd-ca2e-750c-9f94-4dd2feed5808", "formality_id": "019db9fd-ca2e-750c-9f94-4dd2feed5808", "ten_t'
    'hu_tuc": "Ban hành khung giá thu dịch vụ sử dụng phà", "so_quyet_dinh": "497/QĐ-BXD", "cap_thu'
    'c_hien": "Cấp bộ", "loai_thu_tuc": "", "linh_vuc": "Đường bộ", "doi_tuong_thuc_hien": "Cán bộ,'
    ' công chức, viên chức", "co_quan_co_tham_quyen": "", "dia_chi_tiep_nhan": "", "co_quan_duoc_uy'
    '_quyen": "", "co_quan_phoi_hop": "", "thu_tuc_lien_quan": "Không có thông tin", "trinh_tu_thuc'
    '_hien": "Giải quyết TTHC \\t\\n+ Cơ quan quản lý bến phà có trách nhiệm chủ trì phối hợp với đ'
    "ơn vị cung cấp dịch vụ sử dụng phà lập phương án giá dịch vụ sử dụng phà theo yêu cầu của Cục "
    "Đường bộ Việt Nam.\\n+ Cục Đường bộ Việt Nam có trách nhiệm thẩm định phương án giá, trình Bộ "
    'Xây dựng ban hành quyết định quy định khung giá cho dịch vụ sử dụng phà", "cach_thuc_thuc_hien'
    '": "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếpKhông có thông tinKhông có thông tinKhông q'
    "uy định thời hạn giải quyết, phí, lệ phíTrực tuyếnKhông có thông tinKhông có thông tinKhông qu"
    "y định thời hạn giải quyết, phí, lệ phíDịch vụ bưu chínhKhông có thông tinKhông có thông tinKh"
    'ông quy định thời hạn giải quyết, phí, lệ phí", "thanh_phan_ho_so": "KQ.G04.000398", "can_cu_p'
    'hap_ly": "Tên văn bản pháp lýMã văn bảnThông tư quy định về quản lý giá dịch vụ sử dụng phà đư'
    'ợc đầu tư từ nguồn ngân sách nhà nước, do Trung ương quản lý33/2024/TT-BGTVT", "co_quan_thuc_h'
    'ien": "Bộ Xây dựng", "yeu_cau_dieu_kien": "Không có thông tin", "ket_qua_xu_ly": "Khung giá th'
    'u dịch vụ sử dụng phàMã: KQ.G04.000398Từ khóaKhông có thông tinMô tảKhông có thông tin", "raw_'
    'text": "Ban hành khung giá thu dịch vụ sử dụng phàTên thủ tụcBan hành khung giá thu dịch vụ sử'
    " dụng phàMã thủ tục6.003500Số quyết định497/QĐ-BXDCấp thực hiệnCấp bộLoại thủ tụcLĩnh vựcĐường"
    " bộĐối tượng thực hiệnCán bộ, công chức, viên chứcCơ quan có thẩm quyềnĐịa chỉ tiếp nhận HSCơ "
    "quan được ủy quyềnCơ quan phối hợpThủ tục hành chính liên quanKhông có thông tinTrình Tự Thực "
    "HiệnGiải quyết TTHC \\t\\n+ Cơ quan quản lý bến phà có trách nhiệm chủ trì phối hợp với đơn vị"
    " cung cấp dịch vụ sử dụng phà lập phương án giá dịch vụ sử dụng phà theo yêu cầu của Cục Đường"
    " bộ Việt Nam.\\n+ Cục Đường bộ Việt Nam có trách nhiệm thẩm định phương án giá, trình Bộ Xây d"
    "ựng ban hành quyết định quy định khung giá cho dịch vụ sử dụng phàCách Thức Thực HiệnHình thức"
    " nộpThời gianPhí, lệ phíMô tảTrực tiếpKhông có thông tinKhông có thông tinKhông quy định thời "
    "hạn giải quyết, phí, lệ phíTrực tuyếnKhông có thông tinKhông có thông tinKhông quy định thời h"
    "ạn giải quyết, phí, lệ phíDịch vụ bưu chínhKhông có thông tinKhông có thông tinKhông quy định "
    "thời hạn giải quyết, phí, lệ phíThành phần hồ sơKQ.G04.000398Căn cứ pháp lýTên văn bản pháp lý"
    "Mã văn bảnThông tư quy định về quản lý giá dịch vụ sử dụng phà được đầu tư từ nguồn ngân sách "
    "nhà nước, do Trung ương quản lý33/2024/TT-BGTVTCơ quan thực hiệnBộ Xây dựngYêu cầu, điều kiện "
    "thực hiệnKhông có thông tinKết quả xử lýKhung giá thu dịch vụ sử dụng phàMã: KQ.G04.000398Từ k"
    'hóaKhông có thông tinMô tảKhông có thông tin", "_ministry_folder": "bo-xay-dung"}'
)

# Procedure 3.000337, whose crawler split the channel table at "(Căn cứ pháp lý:" inside a fee note;
# raw_text keeps the page from "Cách Thức Thực Hiện" on and the steps are cut to their first 200 characters.
PAGE_3_000337 = (
    '{"ma_thu_tuc": "3.000337", "detail_url": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bf'
    '7-bd8e-7174-a735-35adf3727304", "formality_id": "", "ten_thu_tuc": "Cấp lại Giấy chứng nhận tê'
    'n định danh", "so_quyet_dinh": "1025/QĐ-BCA", "cap_thuc_hien": "Cấp bộ", "loai_thu_tuc": "Loại'
    ' khác", "linh_vuc": "Đảm bảo an toàn thông tin, an ninh mạng", "doi_tuong_thuc_hien": "Tổ chức'
    ' (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam, Doanh nghiệp, Hợp tác xã", "co_quan_co_'
    'tham_quyen": "Cục an ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao", "dia_chi_tiep_'
    'nhan": "", "co_quan_duoc_uy_quyen": "", "co_quan_phoi_hop": "", "thu_tuc_lien_quan": "Không có'
    ' thông tin", "trinh_tu_thuc_hien": "Bước 1: cá nhân, tổ chức, doanh nghiệp đăng nhập hệ thống '
    "dịch vụ công Bộ Công an bằng tài khoản dịch vụ công hoặc bằng tài khoản định danh VNeID mức 2."
    '\\n\\tBước 2: cá nhân, tổ chức, doanh nghiệp tìm kiế", "cach_thuc_thuc_hien": "Hình thức nộpTh'
    'ời gianPhí, lệ phíMô tảTrực tuyến1 Ngày100 VNĐ(", "thanh_phan_ho_so": "--Tên giấy tờMẫu đơn, t'
    "ờ khaiSố lượngCác giấy tờ khác có liên quan tới  quyền sở hữu trí tuệ, đăng ký thương hiệu0 bả"
    'n chính,1 bản saoBản khai Cấp  tên định danh (theo Mẫu)1 bản chính", "can_cu_phap_ly": ": Thôn'
    "g tư 269/2016/TT-BTC ngày 14/11/2016 của Bộ Tài chính quy định mức thu, chế độ thu, nộp, quản "
    "lý và sử dụng phí và lệ phí thuộc lĩnh vực an toàn thông tin.)Dịch vụ bưu chính1 Ngày100 VNĐ(C"
    "ăn cứ pháp lý: Thông tư 269/2016/TT-BTC ngày 14/11/2016 của Bộ Tài chính quy định mức thu, chế"
    " độ thu, nộp, quản lý và sử dụng phí và lệ phí thuộc lĩnh vực an toàn thông tin.)Trực tiếp1 Ng"
    "ày100 VNĐ(Căn cứ pháp lý: Thông tư 269/2016/TT-BTC ngày 14/11/2016 của Bộ Tài chính quy định m"
    'ức thu, chế độ thu, nộp, quản lý và sử dụng phí và lệ phí thuộc lĩnh vực an toàn thông tin.)",'
    ' "co_quan_thuc_hien": "Cục an ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao", "yeu_'
    'cau_dieu_kien": "Không có thông tin", "ket_qua_xu_ly": "Giấy chứng nhận tên định danh.Mã: KQ.G'
    "01.000195Từ khóaKhông có thông tinMô tảKhông có thông tinChọn cơ quan thực hiệnTỉnh/ Thành phố"
    'Bộ ngành-- Chọn Bộ ngành --Đơn vị-- Chọn Cơ sở --Nộp hồ sơ", "raw_text": "Cách Thức Thực HiệnH'
    "ình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1 Ngày100 VNĐ(Căn cứ pháp lý: Thông tư 269/2016"
    "/TT-BTC ngày 14/11/2016 của Bộ Tài chính quy định mức thu, chế độ thu, nộp, quản lý và sử dụng"
    " phí và lệ phí thuộc lĩnh vực an toàn thông tin.)Dịch vụ bưu chính1 Ngày100 VNĐ(Căn cứ pháp lý"
    ": Thông tư 269/2016/TT-BTC ngày 14/11/2016 của Bộ Tài chính quy định mức thu, chế độ thu, nộp,"
    " quản lý và sử dụng phí và lệ phí thuộc lĩnh vực an toàn thông tin.)Trực tiếp1 Ngày100 VNĐ(Căn"
    " cứ pháp lý: Thông tư 269/2016/TT-BTC ngày 14/11/2016 của Bộ Tài chính quy định mức thu, chế đ"
    "ộ thu, nộp, quản lý và sử dụng phí và lệ phí thuộc lĩnh vực an toàn thông tin.)Thành phần hồ s"
    "ơ--Tên giấy tờMẫu đơn, tờ khaiSố lượngCác giấy tờ khác có liên quan tới  quyền sở hữu trí tuệ,"
    " đăng ký thương hiệu0 bản chính,1 bản saoBản khai Cấp  tên định danh (theo Mẫu)1 bản chínhCăn "
    "cứ pháp lýKhông có thông tinCơ quan thực hiệnCục an ninh mạng và phòng, chống tội phạm sử dụng"
    " công nghệ caoYêu cầu, điều kiện thực hiệnKhông có thông tinKết quả xử lýGiấy chứng nhận tên đ"
    "ịnh danh.Mã: KQ.G01.000195Từ khóaKhông có thông tinMô tảKhông có thông tinChọn cơ quan thực hi"
    'ệnTỉnh/ Thành phốBộ ngành-- Chọn Bộ ngành --Đơn vị-- Chọn Cơ sở --Nộp hồ sơ", "_ministry_folde'
    'r": "bo-cong-an"}'
)


# --- channel rows ---------------------------------------------------------------------------------


def test_bare_deadline_glued_to_its_fee_takes_the_unit_of_its_sibling_row() -> None:
    rows, stats = parse_channel_rows(CHANNELS_1_007857)
    online, counter = rows
    assert online.channel == "online"
    # "220 VNĐ" is deadline "2" + fee "20"; the counter row says "2 Giờ", so the bare 2 is 2 hours
    assert online.deadline == Deadline(amount=Decimal(2), unit="working_hour", text="2")
    assert online.fees == [Fee(amount=20, note="lệ phí hải quan 20.000 đồng/ tờ khai hải quan.")]
    assert counter.channel == "counter"
    assert counter.deadline == Deadline(amount=Decimal(2), unit="working_hour", text="2 Giờ")
    assert counter.fees == [Fee(amount=0)]
    assert stats == ParseStats(deadlines_stated=2, deadlines_parsed=2)


def test_three_channels_with_different_fees() -> None:
    rows, stats = parse_channel_rows(CHANNELS_2_002044)
    assert [row.channel for row in rows] == ["online", "postal", "counter"]
    assert [row.deadline for row in rows] == [Deadline(Decimal(1), "working_day", "1")] * 3
    assert rows[0].fees == [Fee(amount=0, note="Miễn lệ phí (Thông tư số 47/2019/TT-BTC).")]
    publication = "- Phí công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần (Thông tư số 47/2019/TT-BTC)."
    assert rows[1].fees == [Fee(amount=100, note=publication)]  # "1100 VNĐ": 1 day + 100 (sic) VND
    assert rows[2].fees == [Fee(amount=100_000, note=publication)]  # "1100,000 VNĐ": 1 day + 100,000 VND
    assert all(row.note == "" for row in rows)
    assert stats == ParseStats(deadlines_stated=3, deadlines_parsed=3)


def test_months_and_a_note_that_quotes_a_deadline() -> None:
    [row] = parse_channel_rows(CHANNELS_1_004073)[0]
    assert row.channel == "counter"
    assert row.deadline == Deadline(amount=Decimal(3), unit="month", text="3 Tháng")
    assert row.fees == []  # "Không có thông tin"
    assert row.note.startswith("+ Trong thời gian 3 tháng kể từ ngày tiếp nhận hồ sơ của người dự tuyển")
    assert row.note.endswith(
        "thủ trưởng Công an các đơn vị có thẩm quyền quyết định tuyển chọn cán bộ"
        " phải ra"
        " quyết định tạm tuyển hoặc tuyển dụng."
    )


def test_no_information_and_a_channel_word_inside_the_note() -> None:
    rows, stats = parse_channel_rows(CHANNELS_1_004089)
    assert len(rows) == 1  # "Trực tiếp tại Công an ..." is the note, not a second row
    assert rows[0].channel == "counter"
    assert rows[0].deadline is None
    assert rows[0].fees == []
    assert rows[0].note == "Trực tiếp tại Công an đơn vị, địa phương có thẩm quyền."
    assert stats == ParseStats()


def test_notes_starting_with_a_channel_name() -> None:
    rows, stats = parse_channel_rows(CHANNELS_3_000037)
    assert [row.channel for row in rows] == ["postal", "counter", "online"]
    assert [row.deadline for row in rows] == [Deadline(Decimal(60), "calendar_day", "60 Ngày")] * 3
    assert [row.fees for row in rows] == [[Fee(amount=0)], [Fee(amount=0)], []]
    assert rows[2].note == (
        "Trực tuyến trên Cổng dịch vụ công quốc gia\n- 60 ngày đối với trường hợp cấp mới, gia hạn GCN;\n"
        "- 15 ngày đối với trường hợp cấp lại GCN;\n- 30 ngày đối với trường hợp điều chỉnh GCN."
    )
    assert stats == ParseStats(deadlines_stated=3, deadlines_parsed=3)


def test_usd_fee() -> None:
    [row] = parse_channel_rows(CHANNELS_1_001010)[0]
    assert row.deadline == Deadline(amount=Decimal(6), unit="month", text="6 Tháng")
    assert row.fees == [Fee(amount=100, currency="USD", note="100 USD/thẻ.")]


def test_free_text_deadline_cell_is_not_counted_as_a_deadline() -> None:
    # 1.007689 (first row only)
    row_text = (
        "Trực tuyếnKhông phải trả kết quả cho người nộp thuếMiễn phíBằng phương thức điện tử qua Cổng dịch vụ"
        " công Quốc gia hoặc Ứng dụng định danh quốc gia theo quy định về thực hiện cơ chế một cửa, một"
        " cửa liên"
        " thông trong giải quyết thủ tục hành chính."
    )
    [row], stats = parse_channel_rows(row_text)
    assert row.deadline == Deadline(amount=None, unit=None, text="Không phải trả kết quả cho người nộp thuế")
    assert row.fees == [Fee(amount=0)]
    assert row.note.startswith("Bằng phương thức điện tử qua Cổng dịch vụ công Quốc gia")
    assert stats == ParseStats()


# --- documents ------------------------------------------------------------------------------------


def test_group_headings_become_notes_and_glued_digits_stay_in_the_name() -> None:
    table = parse_documents(DOCUMENTS_1_012781)
    assert table.has_table
    heading_a = (
        "a) Đối với trường hợp thửa đất gốc đã có Giấy chứng nhận, phần diện tích tăng thêm do nhận chuyển"
        " quyền"
        " sử dụng một phần thửa đất đã được cấp Giấy chứng nhận:"
    )
    heading_b = (
        "b) Đối với trường hợp thửa đất gốc đã có Giấy chứng nhận, phần diện tích tăng thêm phần diện tích"
        " đất"
        " chưa được cấp Giấy chứng nhận:"
    )
    representation = (
        "Văn bản về việc đại diện theo quy định của pháp luật về dân sự đối với trường hợp thực hiện thủ tục"
        " đăng ký đất đai, tài sản gắn liền với đất thông qua người đại diện"
    )
    form_18 = "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất theo Mẫu số 18"  # "...Mẫu số 181 bản chính"
    assert [(d.name, d.note) for d in table.documents] == [
        (representation + ".", heading_a),
        (form_18, heading_a),
        ("Giấy tờ về việc nhận chuyển quyền sử dụng đất đối với phần diện tích tăng thêm.", heading_a),
        ("Bản gốc Giấy chứng nhận đã cấp.", heading_a),  # "- " bullet dropped
        ("Mảnh trích đo bản đồ địa chính thửa đất.", heading_a),
        (form_18, heading_b),
        ("Giấy tờ chứng minh phần diện tích tăng thêm (nếu có).", heading_b),
        (representation + ";", heading_b),
        ("Bản gốc Giấy chứng nhận đã cấp.", heading_b),
    ]
    assert {(d.originals, d.copies, d.form) for d in table.documents} == {(1, 1, "")}


def test_form_files_glued_to_names() -> None:
    documents = parse_documents(DOCUMENTS_1_000757).documents
    assert documents == [
        DocumentRecord(
            name="Phiếu đề nghị giải quyết thủ tục về căn cước (Mẫu DC02 ban hành kèm theo Thông tư số"
            " 17/2024/TT-BCA của Bộ Công an)",
            originals=1,
            copies=0,
            form="Mẫu DC02 Phiếu đề nghị giải quyết thủ tục về căn cước.doc",
            note="Phiếu này là biểu mẫu điện tử, công dân kê khai đối với trường hợp nộp hồ sơ trực tuyến",
        ),
        DocumentRecord(
            name="Phiếu thu nhận thông tin căn cước (Mẫu CC01 ban hành kèm theo Thông tư số 17/2024/TT-BCA"
            " của"
            " Bộ Công an)",
            originals=1,
            copies=0,
            form="Mẫu CC01 Phiếu thu nhận thông tin căn cước.doc",
            note="Phiếu được tạo lập khi trích xuất thông tin của công dân trong Cơ sở dữ liệu quốc gia về"
            " dân cư"
            " và in trong quá trình thu nhận hồ sơ căn cước để công dân kiểm tra và ký xác nhận.",
        ),
        DocumentRecord(
            name="Giấy tờ, tài liệu có giá trị pháp lý chứng minh là người đại diện hợp pháp của người dưới 14 tuổi",
            originals=1,
            copies=0,
            note="Trường hợp người đề nghị cấp, cấp đổi, cấp lại thẻ căn cước là người đại diện hợp pháp của"
            " người dưới 14 tuổi thì hồ sơ đề nghị cấp, cấp đổi, cấp lại thẻ căn cước phải có giấy tờ, tài"
            " liệu"
            " có giá trị pháp lý chứng minh là người đại diện hợp pháp của người dưới 14 tuổi.",
        ),
    ]


def test_quantities_quoted_inside_a_name_are_part_of_the_name() -> None:
    documents = parse_documents(DOCUMENTS_1_011434).documents
    assert len(documents) == 4
    assert documents[0] == DocumentRecord(
        name="Phiếu yêu cầu theo Mẫu số 11c tại Phụ lục (Điều 22 Nghị định số 99/2022/NĐ-CP)",
        originals=1,
        copies=0,
        form="Mau so 11c_Phieu yeu cau cap ban sao.docx",
    )
    second = documents[1]
    assert second.name.startswith("Trường hợp thực hiện thông qua người đại diện thì văn bản có nội dung")
    assert "(01 bản chính hoặc 01 bản sao có chứng thực hoặc 01 bản sao kèm bản chính để đối chiếu)" in second.name
    assert second.name.endswith(
        "(khoản 7 Điều 8 Nghị định số 99/2022/NĐ-CP, khoản 4 Điều 24 Nghị định số 99/2022/NĐ-CP)."
    )
    assert documents[2].name.endswith("(khoản 4 Điều 12 Nghị định số 99/2022/NĐ-CP).")
    assert documents[3].name.endswith("thay thế văn bản đã được số hóa, lưu giữ.")
    assert [(d.originals, d.copies) for d in documents] == [(1, 0), (1, 1), (1, 1), (1, 1)]


def test_sub_heading_rows_and_note_rows_are_not_documents() -> None:
    documents = parse_documents(DOCUMENTS_2_000894).documents
    assert len(documents) == 6
    assert documents[1].name == "Thuộc một trong các trường hợp quy định tại khoản 2 Điều 7 của Luật giám định tư pháp"
    assert documents[-1] == DocumentRecord(
        name="Thực hiện một trong các hành vi quy định tại Điều 6 của Luật giám định tư pháp.",
        originals=1,
        copies=0,
        note="Văn bản, giấy tờ chứng minh giám định viên tư pháp thuộc một trong các trường hợp quy định"
        " tại khoản 1"
        " Điều 10 Luật giám định tư pháp:",
    )
    [document] = parse_documents(DOCUMENTS_1_010041).documents
    assert document == DocumentRecord(
        name="Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA).",
        originals=1,
        copies=0,
        form="1.MuCT01banhnhkmtheoThngts53.doc",
        note="Lưu ý: Khi nộp hồ sơ trực tuyến, công dân khai báo thông tin theo biểu mẫu điện tử được cung"
        " cấp"
        " sẵn, không đính kèm biểu mẫu CT01.",
    )


def test_several_form_files() -> None:
    [document] = parse_documents(DOCUMENTS_6_005709).documents
    assert document.form == "Mẫu số 1.7.docx; Mẫu số 1.8.docx"
    assert document.name == (
        "Tờ trình đề nghị xét tặng Kỷ niệm chương (kèm danh sách); - Báo cáo tóm tắt thành tích; d) Số"
        " lượng hồ"
        " sơ: 01 bộ."
    )
    assert (document.originals, document.copies) == (1, 0)


@pytest.mark.parametrize(
    ("row", "name", "form"),
    [
        # 1.003777, 1.000987, 1.002409, 1.000028, 1.004270: where the form's file name starts
        ("Bản khai cá nhân (Mẫu số 03).Mẫu 03.TT41.doc", "Bản khai cá nhân (Mẫu số 03).", "Mẫu 03.TT41.doc"),
        (
            "Đơn đăng ký theo Mẫu số 09.QLT Phụ lục IA ban hành kèm theo Nghị định số 32/2026/NĐ-CPmau so"
            " 09.QLT."
            " NK.docx",
            "Đơn đăng ký theo Mẫu số 09.QLT Phụ lục IA ban hành kèm theo Nghị định số 32/2026/NĐ-CP",
            "mau so 09.QLT. NK.docx",
        ),
        (
            "- Đơn đề nghị gia hạn năng định theo mẫu;1.004270.docx",
            "- Đơn đề nghị gia hạn năng định theo mẫu;",
            "1.004270.docx",
        ),
        ("Đơn đề nghị theo mẫu", "Đơn đề nghị theo mẫu", ""),
    ],
)
def test_split_form(row: str, name: str, form: str) -> None:
    assert split_form(row) == (name, form)


@pytest.mark.parametrize("text", ["--", "", "KQ.G04.000398"])  # 5.002548, 3.000364, 6.003500
def test_no_document_table(text: str) -> None:
    table = parse_documents(text)
    assert not table.has_table and table.documents == []


# --- legal basis and result -----------------------------------------------------------------------


def test_legal_basis_titles_and_codes() -> None:
    assert parse_legal_basis(LEGAL_1_000178) == [
        LegalBasisRecord(
            code="68/2013/TT-BCA",
            title="Hướng dẫn xử lý khiếu nại, kiến nghị, phản ánh; giải quyết khiếu nại và quản lý công"
            " tác giải"
            " quyết khiếu nại trong công an nhân dân",
        ),
        LegalBasisRecord(code="02/2011/QH13", title="Luật Khiếu nại năm 2011"),  # "năm 201102/2011/QH13"
        LegalBasisRecord(code="11/2015/TT-BCA", title="Quy định quy trình giải quyết khiếu nại trong công an nhân dân"),
        LegalBasisRecord(code="05/2012/NĐ-CP", title="Nghị định 05/2012/NĐ-CP"),  # the title quoting its code
    ]
    assert parse_legal_basis(LEGAL_1_004680) == [
        LegalBasisRecord(
            code="146/2025/QH15",
            title="Luật sửa đổi, bổ sung một số điều của 15 luật trong lĩnh vực nông nghiệp và môi trường",
        ),
        LegalBasisRecord(code="18/2017/QH14", title="Luật 18/2017/QH14"),
        LegalBasisRecord(code="88/2025/TT-BNNMT", title="Thông tư 88/2025/TT-BNNMT"),
    ]
    assert [basis.code for basis in parse_legal_basis(LEGAL_3_000163)] == [
        "02/2014/TTLT-TANDTC-VKSNDTC-BTP-BTC",
        "110/2015/QH13",
        "21/2014/L-CTN",
        "56/2010/QH12",
    ]


def test_codes_glued_to_the_title_before_them() -> None:
    # 1.003474 puts a space after each code cell, so only the glue before the code marks it
    bases = parse_legal_basis(LEGAL_1_003474)
    assert bases[:2] == [
        LegalBasisRecord(code="79/2015/QH13", title="Luật Thú y"),
        LegalBasisRecord(code="35/2016/NĐ-CP", title="quy định chi tiết một số điều của Luật thú y"),
    ]
    assert bases[-1] == LegalBasisRecord(
        code="15/2026/TT-BNNPTNT",
        title="sửa đổi, bổ sung một số điều của các Thông tư quy định về quản lý thuốc thú y",
    )


def test_no_legal_basis() -> None:
    assert parse_legal_basis("Không có thông tin") == []


def test_result_without_codes_and_portal_furniture() -> None:
    # 3.000364 and 1.000470 (several results)
    assert (
        parse_result(
            "Giấy phép hoạt động cai nghiện ma túyMã: KQ.G01.000174Từ khóaKhông có thông tinMô tảKhông có"
            " thông tin"
            "Chọn cơ quan thực hiệnTỉnh/ Thành phốBộ ngành-- Chọn Tỉnh/ Thành phố --Phường/ XãSở-- Chọn"
            " Phường/ Xã --"
        )
        == "Giấy phép hoạt động cai nghiện ma túy"
    )
    assert parse_result(
        "Cập nhật thông tin trong Cơ sở dữ liệu quốc gia về dân cưMã: KQ.G01.000064Thông báo kết quả giải"
        " quyết"
        " thủ tục về cư trú, hủy bỏ thủ tục về cư trúMã: KQ.G01.000065Từ khóaKhông có thông tin"
    ) == (
        "Cập nhật thông tin trong Cơ sở dữ liệu quốc gia về dân cư\n"
        "Thông báo kết quả giải quyết thủ tục về cư trú, hủy bỏ thủ tục về cư trú"
    )


# --- whole pages ----------------------------------------------------------------------------------


def test_a_page_with_no_information() -> None:
    record, stats = parse(json.loads(PAGE_6_003500))
    assert record.code == "6.003500"
    assert record.name == "Ban hành khung giá thu dịch vụ sử dụng phà"
    assert record.levels == ["ministry"]
    assert record.decision_number == "497/QĐ-BXD"
    assert record.target_groups == ["Cán bộ, công chức, viên chức"]
    assert record.agency == "Bộ Xây dựng"
    assert [c.channel for c in record.channels] == ["counter", "online", "postal"]
    assert all(c.deadline is None and c.fees == [] for c in record.channels)
    assert {c.note for c in record.channels} == {"Không quy định thời hạn giải quyết, phí, lệ phí"}
    assert record.documents == []  # the section only holds a stray result code
    assert record.result == "Khung giá thu dịch vụ sử dụng phà"
    assert record.conditions == ""
    assert record.legal_basis == [
        LegalBasisRecord(
            code="33/2024/TT-BGTVT",
            title="Thông tư quy định về quản lý giá dịch vụ sử dụng phà được đầu tư từ nguồn ngân sách nhà"
            " nước,"
            " do Trung ương quản lý",
        )
    ]
    assert record.source == "national-portal"
    assert record.source_url == "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019db9fd-ca2e-750c-9f94-4dd2feed5808"
    assert stats == ParseStats()


def test_sections_are_recut_from_raw_text_when_the_crawler_split_them_wrongly() -> None:
    page = json.loads(PAGE_3_000337)
    assert page["cach_thuc_thuc_hien"].endswith("100 VNĐ(")  # what the crawler kept
    record, stats = parse(page)
    note = (
        "Căn cứ pháp lý: Thông tư 269/2016/TT-BTC ngày 14/11/2016 của Bộ Tài chính quy định mức thu, chế"
        " độ thu,"
        " nộp, quản lý và sử dụng phí và lệ phí thuộc lĩnh vực an toàn thông tin."
    )
    assert [(c.channel, c.deadline, c.fees, c.note) for c in record.channels] == [
        (channel, Deadline(Decimal(1), "calendar_day", "1 Ngày"), [Fee(amount=100, note=note)], "")
        for channel in ("online", "postal", "counter")
    ]
    assert record.documents == [
        DocumentRecord(
            name="Các giấy tờ khác có liên quan tới quyền sở hữu trí tuệ, đăng ký thương hiệu",
            originals=0,
            copies=1,
        ),
        DocumentRecord(name="Bản khai Cấp tên định danh (theo Mẫu)", originals=1, copies=0),
    ]
    assert record.legal_basis == []  # "Căn cứ pháp lýKhông có thông tin"
    assert record.result == "Giấy chứng nhận tên định danh."
    assert record.online_level == "partial"
    assert stats == ParseStats(deadlines_stated=3, deadlines_parsed=3, document_tables=1, documents_parsed=1)


def test_without_raw_text_the_crawler_fields_are_used() -> None:
    page = json.loads(PAGE_6_003500)
    del page["raw_text"]
    record, _ = parse(page)
    assert [c.channel for c in record.channels] == ["counter", "online", "postal"]
    assert record.result == "Khung giá thu dịch vụ sử dụng phà"
    assert record.legal_basis[0].code == "33/2024/TT-BGTVT"


# --- reading a file -------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".jsonl"])
def test_a_bad_line_never_stops_the_others(tmp_path: Path, suffix: str) -> None:
    good = json.loads(PAGE_6_003500)
    nameless = {**good, "ma_thu_tuc": "9.999999", "ten_thu_tuc": "  "}
    lines = [
        json.dumps(good, ensure_ascii=False),
        '{"ma_thu_tuc": "1.0001", "ten_thu_tuc": ',  # cut short
        "",
        json.dumps({**good, "ma_thu_tuc": ""}, ensure_ascii=False),
        "[1, 2]",
        json.dumps(nameless, ensure_ascii=False),
        json.dumps(json.loads(PAGE_3_000337), ensure_ascii=False),
    ]
    data = "\n".join(lines).encode()
    path = tmp_path / f"pages{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    parsed = list(national_portal.iter_records(path))
    assert [(p.position, p.code, p.record is not None) for p in parsed] == [
        (1, "6.003500", True),
        (2, "", False),
        (4, "", False),
        (5, "", False),
        (6, "9.999999", False),
        (7, "3.000337", True),
    ]
    assert parsed[1].error.startswith("line 2 is not valid JSON")
    assert parsed[2].error == "the procedure has no code"
    assert parsed[3].error == "line 5 is not a JSON object"
    assert parsed[4].error == "procedure 9.999999 has no name"
    assert parsed[5].stats.deadlines_parsed == 3


# --- the whole shared file ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def portal_results() -> list[Parsed]:
    """Every record of the shared file (parsing speed is measured in bench/, not here)."""
    if not PORTAL_FILE.exists():
        pytest.skip(f"../shared/data is absent: {PORTAL_FILE} not found")
    return list(national_portal.iter_records(PORTAL_FILE))


@pytest.mark.shared_data
def test_every_portal_record_parses(portal_results: list[Parsed]) -> None:
    results = portal_results
    assert len(results) == 1739
    assert [r.error for r in results if r.error] == []


@pytest.mark.shared_data
def test_portal_parse_rates(portal_results: list[Parsed]) -> None:
    stats = sum((r.stats for r in portal_results), ParseStats())
    assert stats.deadlines_stated > 4000
    assert stats.deadlines_parsed / stats.deadlines_stated >= 0.97
    assert stats.document_tables > 1600
    assert stats.documents_parsed / stats.document_tables >= 0.95


@pytest.mark.shared_data
def test_portal_values_are_plausible(portal_results: list[Parsed]) -> None:
    records = [r.record for r in portal_results]
    for record in records:
        for channel in record.channels:
            deadline = channel.deadline
            if deadline is not None and deadline.amount is not None:
                assert deadline.amount <= 400, (record.code, deadline)  # never a year
            for fee in channel.fees:
                assert fee.amount is None or fee.amount < 10**9, (record.code, fee)
        for document in record.documents:
            assert document.name, record.code
            assert 0 <= (document.originals or 0) <= 9 and 0 <= (document.copies or 0) <= 9, record.code
        for basis in record.legal_basis:
            assert basis.code and len(basis.code) < 60, (record.code, basis)


@pytest.mark.shared_data
def test_form_file_names_are_split_from_document_names(portal_results: list[Parsed]) -> None:
    documents = [d for r in portal_results for d in r.record.documents]
    with_form = [d for d in documents if d.form]
    unsplit = [d.name for d in documents if d.name.lower().endswith((".doc", ".docx", ".pdf"))]
    assert len(with_form) > 1400
    # "...theo Hiện định GMSGMS - Gia hạn.docx" (1.002046, 1.002286) has no visible boundary
    assert len(unsplit) <= 3, unsplit


@pytest.mark.shared_data
def test_portal_strings_are_stored_clean(portal_results: list[Parsed]) -> None:
    for result in portal_results:
        record = result.record
        texts = [record.name, record.steps, record.result, record.conditions, record.agency]
        texts += [c.note for c in record.channels] + [f.note for c in record.channels for f in c.fees]
        texts += [d.name for d in record.documents] + [d.note for d in record.documents]
        texts += [b.title for b in record.legal_basis]
        for text in texts:
            assert text == clean(text), (record.code, text[:80])
            assert text not in {"Không có thông tin", "Không quy định"}, record.code


def test_a_name_the_source_starts_with_punctuation_is_read_without_it() -> None:
    """2.002321 is listed as ". Đăng ký thuế đối với…": the catalog and its search show the name, not the dot."""
    record, _stats = parse({"ma_thu_tuc": "2.002321", "ten_thu_tuc": ". Đăng ký thuế đối với trường hợp chuyển đổi"})
    assert record.name == "Đăng ký thuế đối với trường hợp chuyển đổi"
    record, _stats = parse({"ma_thu_tuc": "1.000001", "ten_thu_tuc": "Cấp phiếu lý lịch tư pháp số 1"})
    assert record.name == "Cấp phiếu lý lịch tư pháp số 1"
