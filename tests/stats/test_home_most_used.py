"""The home page's "most used procedures": from the monthly counters, published procedures only, never a scan."""

import re
from datetime import timedelta
from typing import NamedTuple

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.catalog import freshness
from motcua.catalog.models import Procedure
from motcua.catalog.services import create_version_from_record, withdraw_procedure
from motcua.dossiers.models import Dossier
from motcua.stats.services import count_received, rebuild_procedure_counts
from tests.e2e.province import receive
from tests.factories import procedure_version, record

pytestmark = pytest.mark.django_db

SECTION = re.compile(r'<section aria-labelledby="most-used">(.*?)</section>', re.S)
ITEM = re.compile(r'<li>\s*<a class="procedure-name" href="([^"]+)">([^<]+)</a>(.*?)</li>', re.S)
COUNT = re.compile(r'<span class="count">([^<]+)</span>')


class Line(NamedTuple):
    href: str
    name: str
    count: str  # as printed
    text: str  # what follows the name: code, badge, figure


def most_used(client) -> list[Line] | None:
    """The lines of the home page's section, or None when the page has no such section."""
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    section = SECTION.search(response.content.decode())
    if section is None:
        return None
    return [
        Line(href, name, COUNT.search(rest).group(1), " ".join(re.sub(r"<[^>]+>", " ", rest).split()))
        for href, name, rest in ITEM.findall(section.group(1))
    ]


def names(client) -> list[str]:
    return [line.name for line in most_used(client)]


def used(version, times: int, *, province, days_ago: int = 0) -> None:
    """`times` dossiers received for the version's procedure, as intake counts them."""
    at = timezone.now() - timedelta(days=days_ago)
    for _i in range(times):
        count_received(procedure_id=version.procedure_id, province_id=province.pk, at=at)


@pytest.fixture
def catalog(world):
    """Four published procedures; two are used as often as each other."""
    versions = {
        "birth": procedure_version(code="2.000001", name="Đăng ký khai sinh", online_level="full"),
        # Created before the next one: the order of creation is not the order shown.
        "auction": procedure_version(code="2.000002", name="Bán đấu giá tài sản", online_level="partial"),
        "tax": procedure_version(code="2.000003", name="Ấn định mức thuế khoán", online_level="none"),
        "permit": procedure_version(code="2.000004", name="Cấp giấy phép xây dựng"),
    }
    used(versions["birth"], 5, province=world.root)
    used(versions["auction"], 3, province=world.root)
    used(versions["tax"], 3, province=world.root)
    used(versions["permit"], 1, province=world.root)
    return versions


def test_home_lists_the_most_used_procedures_first_with_their_figures(client, catalog):
    lines = most_used(client)
    assert [line.name for line in lines] == [
        "Đăng ký khai sinh",
        "Ấn định mức thuế khoán",  # as used as the next one: Vietnamese order, Ấ before B
        "Bán đấu giá tài sản",
        "Cấp giấy phép xây dựng",
    ]
    assert [line.count for line in lines] == ["5", "3", "3", "1"]
    assert [line.href for line in lines] == [
        reverse("portal:procedure", args=[code]) for code in ("2.000001", "2.000003", "2.000002", "2.000004")
    ]
    birth, tax, auction, _permit = (line.text for line in lines)
    assert birth.startswith("2.000001 Trực tuyến toàn trình 5 ")
    assert tax.startswith("2.000003 3 ")  # not online: no badge
    assert auction.startswith("2.000002 Trực tuyến một phần 3 ")


def test_the_section_comes_before_browsing_by_level(client, catalog):
    page = client.get(reverse("portal:home")).content.decode()
    assert page.index('id="most-used"') < page.index('id="by-level"')


def test_figures_use_the_separators_of_the_page_s_language(client, world, catalog):
    used(catalog["permit"], 1233, province=world.root)
    assert most_used(client)[0].count == "1.234"
    cache.clear()
    client.cookies["motcua_language"] = "en"
    assert most_used(client)[0].count == "1,234"


def test_labels_follow_the_language_of_the_page(client, catalog):
    most_used(client)  # the figures are now cached from a page in Vietnamese
    client.cookies["motcua_language"] = "en"
    assert most_used(client)[0].text == "2.000001 Full online service 5 dossiers in the last 12 months"


def test_a_fresh_install_shows_no_popularity(client, world):
    procedure_version(code="2.000001", name="Đăng ký khai sinh")
    assert most_used(client) is None
    assert "Đăng ký khai sinh" not in client.get(reverse("portal:home")).content.decode()


def test_only_published_procedures_are_listed(client, world, catalog):
    draft = procedure_version(code="2.000005", name="Thủ tục còn là bản nháp", publish=False)
    used(draft, 9, province=world.root)
    withdraw_procedure(procedure=catalog["birth"].procedure)
    assert names(client) == ["Ấn định mức thuế khoán", "Bán đấu giá tài sản", "Cấp giấy phép xây dựng"]


def test_a_procedure_withdrawn_since_the_figures_were_cached_goes_at_once(client, catalog):
    assert names(client)[0] == "Đăng ký khai sinh"
    withdraw_procedure(procedure=catalog["birth"].procedure)
    assert names(client)[0] == "Ấn định mức thuế khoán"


def test_a_new_version_keeps_the_procedure_s_figures(client, world, catalog):
    procedure = Procedure.objects.get(code="2.000004")
    renamed = record(code="2.000004", name="Cấp giấy phép xây dựng mới")
    new = create_version_from_record(record=renamed, procedure=procedure, publish=True)
    used(new, 5, province=world.root)
    first = most_used(client)[0]
    assert (first.name, first.count) == ("Cấp giấy phép xây dựng mới", "6")


def test_only_the_last_twelve_months_count(client, world, catalog):
    used(catalog["permit"], 10, days_ago=400, province=world.root)
    assert names(client)[-1] == "Cấp giấy phép xây dựng"


def test_at_most_eight_are_shown(client, world):
    for i in range(10):
        used(procedure_version(code=f"3.{i:06d}", name=f"Thủ tục số {i}"), i + 1, province=world.root)
    assert [line.count for line in most_used(client)] == ["10", "9", "8", "7", "6", "5", "4", "3"]


def test_the_home_page_reads_no_dossier_and_its_queries_do_not_grow_with_them(
    client, world, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the receptions commit: their events are delivered
        receive(world, agency="justice")
        receive(world, agency="construction")
    rebuild_procedure_counts(province_id=world.root.pk)
    with CaptureQueriesContext(connection) as few:
        assert [line.count for line in most_used(client)] == ["1", "1"]
    table = Dossier._meta.db_table
    assert not [q["sql"] for q in few.captured_queries if table in q["sql"]]

    with django_capture_on_commit_callbacks(execute=True):
        for days_ago in range(0, 300, 15):
            receive(world, agency="justice", days_ago=days_ago)
    rebuild_procedure_counts(province_id=world.root.pk)
    cache.clear()
    freshness._forget()  # the catalog's version is read again, as for the first page
    with django_assert_num_queries(len(few.captured_queries)):
        assert [line.count for line in most_used(client)] == ["21", "1"]
