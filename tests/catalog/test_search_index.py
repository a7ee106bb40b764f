"""The catalog's search goes through an index (catalog.search_index) that follows every change of the versions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.search_index import FTS_TABLE
from motcua.catalog.selectors import SearchFilters, search_procedures
from motcua.catalog.services import publish_version, refresh_draft, start_new_draft
from tests.factories import procedure_version

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return [v.name for v in search_procedures(SearchFilters(query=query)).items]


def test_accented_and_unaccented_words_are_found_through_the_index():
    procedure_version(code="1.000001", name="Đăng ký kết hôn")
    procedure_version(code="1.000002", name="Đăng ký khai sinh")
    procedure_version(code="1.000003", name="Hỗ trợ nông thôn")
    with CaptureQueriesContext(connection) as queries:
        assert found("ĐĂNG KÝ KẾT HÔN") == ["Đăng ký kết hôn"]
    index = FTS_TABLE if connection.vendor == "sqlite" else "search_text"
    assert index in queries.captured_queries[0]["sql"]
    # Parts of words still match ("hon" in "thôn"), whole words first, as before the index.
    assert found("hon") == ["Đăng ký kết hôn", "Hỗ trợ nông thôn"]
    assert found("ky") == ["Đăng ký kết hôn", "Đăng ký khai sinh"]  # under 3 letters: not in the index, still found
    assert found("ket OR khai") == []  # words to find, never the index's query syntax
    assert found('ket "hon*') == ["Đăng ký kết hôn"]


def test_the_index_follows_new_edited_and_deleted_versions():
    published = procedure_version(code="1.000001", name="Cấp giấy phép khai thác cát")
    draft = start_new_draft(procedure=published.procedure)
    draft.name = "Cấp giấy phép sửa chữa nhà ở"
    refresh_draft(version=draft)
    publish_version(version=draft)
    assert found("sua chua") == ["Cấp giấy phép sửa chữa nhà ở"]
    assert found("khai thac") == []
    ProcedureVersion.objects.filter(pk=draft.pk).update(search_text="ho tich")
    assert found("ho tich") == ["Cấp giấy phép sửa chữa nhà ở"] and found("sua chua") == []
