import unicodedata
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import create_version_from_record
from motcua.core.models import Role
from tests.factories import agency, procedure_version, record, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    procedure_version(code="1.000001", name="Cấp giấy phép xây dựng nhà ở riêng lẻ")
    procedure_version(code="1.000002", name="Đăng ký khai sinh", field="Hộ tịch", levels=["commune"])
    procedure_version(code="1.000003", name="Cấp phiếu lý lịch tư pháp", field="Lý lịch tư pháp")
    procedure_version(code="1.000004", name="Thủ tục còn là bản nháp", publish=False)


def names(response):
    return [v.name for v in response.context["page"].items]


def test_search_ignores_diacritics_and_case(client, catalog):
    response = client.get(reverse("portal:catalog"), {"q": "GIAY PHEP xay dung"})
    assert names(response) == ["Cấp giấy phép xây dựng nhà ở riêng lẻ"]
    assert "Cấp giấy phép xây dựng nhà ở riêng lẻ" in response.content.decode()


def test_search_accepts_nfd_input(client, catalog):
    response = client.get(reverse("portal:catalog"), {"q": unicodedata.normalize("NFD", "đăng ký khai sinh")})
    assert names(response) == ["Đăng ký khai sinh"]


def test_search_by_code_puts_that_procedure_first(client, catalog):
    response = client.get(reverse("portal:catalog"), {"q": "1.000003"})
    assert names(response)[0] == "Cấp phiếu lý lịch tư pháp"


def test_citizens_never_see_drafts_but_staff_do(client, catalog):
    response = client.get(reverse("portal:catalog"), {"q": "ban nhap"})
    assert names(response) == []
    assert client.get(reverse("portal:procedure", args=["1.000004"])).status_code == 404
    client.force_login(staff_user())
    response = client.get(reverse("portal:catalog"), {"q": "ban nhap"})
    assert names(response) == ["Thủ tục còn là bản nháp"]
    page = client.get(reverse("portal:procedure", args=["1.000004"]))
    assert page.status_code == 200 and "Bản nháp" in page.content.decode()


def test_browse_by_field_level_and_agency(client, catalog):
    civil = agency("000.00.61.H99", "UBND phường Hòa An", level="commune", kind="commune_committee")
    from motcua.catalog.models import AgencyProcedure, Procedure

    AgencyProcedure.objects.create(agency=civil, procedure=Procedure.objects.get(code="1.000002"))
    field_id = response_field_id = client.get(reverse("portal:home")).context["fields"][0].pk
    assert response_field_id
    response = client.get(reverse("portal:catalog"), {"linh_vuc": field_id})
    assert len(names(response)) == 1
    assert names(client.get(reverse("portal:catalog"), {"cap": "commune"})) == ["Đăng ký khai sinh"]
    assert names(client.get(reverse("portal:catalog"), {"co_quan": civil.code})) == ["Đăng ký khai sinh"]


def test_list_is_in_vietnamese_alphabetical_order(client, catalog):
    assert names(client.get(reverse("portal:catalog"))) == [
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Cấp phiếu lý lịch tư pháp",
        "Đăng ký khai sinh",
    ]


def test_bad_filters_are_explained_and_the_search_still_works(client, catalog):
    response = client.get(reverse("portal:catalog"), {"q": "khai sinh", "linh_vuc": "abc", "cap": "galaxy"})
    assert response.status_code == 200
    assert "không được hiểu" in response.content.decode()


def test_pages_follow_each_other_without_repeating(client, settings):
    settings.CATALOG_PAGE_SIZE = 2
    for i in range(5):
        procedure_version(code=f"1.00010{i}", name=f"Thủ tục số {i}")
    seen, params = [], {}
    while True:
        response = client.get(reverse("portal:catalog"), params)
        seen += names(response)
        if not response.context["next_query"]:
            break
        params = dict(pair.split("=") for pair in response.context["next_query"].split("&"))
    assert seen == [f"Thủ tục số {i}" for i in range(5)]


def test_list_page_queries_do_not_grow_with_the_catalog(client, catalog):
    # A session cookie (even an unknown one) has the page rendered each time, never served from the page cache.
    client.cookies[settings.SESSION_COOKIE_NAME] = "unknown"
    client.get(reverse("portal:catalog"))  # warm the per-process caches (site name)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:catalog"))
    for i in range(20):
        procedure_version(code=f"1.00020{i:02d}", name=f"Thủ tục thêm {i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("portal:catalog"))
    assert len(response.context["page"].items) == 23
    assert len(many) == len(few)


def test_procedure_page_shows_channels_fees_documents_and_legal_basis(client, catalog):
    page = client.get(reverse("portal:procedure", args=["1.000001"])).content.decode()
    for expected in [
        "Trực tiếp",
        "15 ngày làm việc",
        "150.000 đồng",
        "Giảm 50% khi nộp trực tuyến",
        "Đơn đề nghị cấp giấy phép xây dựng",
        "Mẫu số 01.docx",
        "50/2014/QH13",
        "Luật Xây dựng",
        "Tiếp nhận hồ sơ",
        "Trực tuyến một phần",
    ]:
        assert expected in page, expected


def test_procedure_page_query_count_is_constant(client, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(reverse("portal:procedure", args=["1.000001"]))


def test_unknown_procedure_is_404(client, catalog):
    assert client.get(reverse("portal:procedure", args=["9.999999"])).status_code == 404


def test_english_is_available(client, catalog):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("portal:procedure", args=["1.000001"])).content.decode()
    assert "Documents to submit" in page and "15 working days" in page
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Thành phần hồ sơ" in client.get(reverse("portal:procedure", args=["1.000001"])).content.decode()


def test_home_page_offers_search_and_browsing(client, catalog):
    page = client.get(reverse("portal:home")).content.decode()
    assert 'name="q"' in page and "Hộ tịch" in page


def test_draft_version_from_a_record_is_a_staff_only_preview(client):
    version = create_version_from_record(record=record(code="1.000009"), publish=False)
    client.force_login(staff_user("lanhdao", Role.LEADER))
    response = client.get(reverse("portal:procedure", args=["1.000009"]) + f"?phien_ban={version.number}")
    assert response.status_code == 200


def test_pages_are_vietnamese_even_for_an_english_browser_until_english_is_chosen(client, catalog):
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}
    page = client.get(reverse("portal:catalog"), headers=english_browser).content.decode()
    assert "Thủ tục hành chính" in page and 'lang="vi"' in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("portal:catalog"), headers=english_browser).content.decode()
    assert "Administrative procedures" in page and 'lang="en"' in page


def test_procedure_page_gives_the_decision_not_the_day_we_imported_it(client, catalog):
    """'Ngày công bố' showed the day the catalog was imported here, which a citizen reads as the legal date."""
    published = ProcedureVersion.objects.filter(procedure__code="1.000001", status="published")
    published.update(decision_number="Quyết định số 1234/QĐ-BXD", decided_on=date(2024, 3, 15))  # as imported
    version = published.get()
    page = client.get(reverse("portal:procedure", args=["1.000001"])).content.decode()
    assert "Quyết định số 1234/QĐ-BXD (15/03/2024)" in page
    assert "Ngày công bố" not in page and version.published_at.strftime("%d/%m/%Y") not in page


def test_search_puts_whole_words_of_the_name_first_and_says_how_many(client, db):
    """'ket hon' listed 'Cam kết hỗ trợ vốn … nông thôn' before 'Đăng ký kết hôn'; the page gave no count."""
    for code, name in (
        ("2.000765", "Cam kết hỗ trợ vốn cho doanh nghiệp đầu tư vào nông nghiệp, nông thôn"),
        ("1.000894", "Đăng ký kết hôn"),
        ("1.004746", "Thủ tục đăng ký lại kết hôn"),
        ("1.000777", "Kết quả hòa giải hôn nhân"),
        ("1.000001", "Cấp phiếu lý lịch tư pháp"),
    ):
        procedure_version(code=code, name=name)
    response = client.get(reverse("portal:catalog"), {"q": "ket hon"})
    names = [v.name for v in response.context["page"].items]
    assert names == [
        "Đăng ký kết hôn",  # the words as typed, whole
        "Thủ tục đăng ký lại kết hôn",
        "Kết quả hòa giải hôn nhân",  # both words whole, apart
        "Cam kết hỗ trợ vốn cho doanh nghiệp đầu tư vào nông nghiệp, nông thôn",  # only parts of words
    ]
    assert "Tìm thấy 4 thủ tục" in response.content.decode()
