"""The public transparency page (/cong-khai/): per agency on-time rate, satisfaction, late dossiers and apologies;
the most used procedures' real time beside their legal limit; the Decision 766 index. No personal data; cached
server-side and by browsers and proxies; Vietnamese, English on request."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.catalog.services import withdraw_procedure
from motcua.stats.selectors.public import transparency
from tests.e2e.province import APPLICANTS, PASSWORD
from tests.factories import procedure_version
from tests.stats.public_history import make_history

pytestmark = pytest.mark.django_db
URL = "/cong-khai/"


@pytest.fixture
def history(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_history(world)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _row(html: str, name: str) -> list[str]:
    """The cells of the table row headed by `name`, as text."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = [_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells and cells[0].startswith(name):
            return cells
    raise AssertionError(f"no row for {name}")


def test_each_agency_shows_its_on_time_rate_satisfaction_late_dossiers_and_apologies(client, world, history):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    # Justice: 3 resolved (1 late, the apology not given), 1 rating "very satisfied".
    assert _row(html, "Sở Tư pháp") == ["Sở Tư pháp", "3", "66,7%", "1", "0", "100% (1)"]
    # Construction: 1 resolved on time, nobody rated yet.
    assert _row(html, "Sở Xây dựng") == ["Sở Xây dựng", "1", "100%", "0", "0", "– (0)"]
    assert "Cơ quan cấp tỉnh" in html and "Toàn tỉnh" in html


def test_the_most_used_procedures_show_their_real_average_time_beside_the_legal_limit(client, world, history):
    html = client.get(URL).content.decode()
    cells = _row(html, "Cấp phiếu lý lịch tư pháp")
    assert cells[1] == "4"  # dossiers submitted in the last 12 months
    assert re.fullmatch(r"\d+(,\d)? ngày làm việc", cells[2]), cells[2]
    # The catalog's limit, formatted as on the procedure's page (both channels have the same one: one line).
    assert cells[3] == "15 ngày làm việc"
    assert f'href="{reverse("portal:procedure", args=["1.000001"])}"' in html


def test_the_index_shows_its_five_groups_and_the_points_measured(client, world, history):
    html = client.get(URL).content.decode()
    text = _text(html)
    assert "Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)" in text
    for group in ("Công khai, minh bạch", "Tiến độ, kết quả giải quyết", "Cung cấp dịch vụ trực tuyến",
                  "Số hóa hồ sơ", "Mức độ hài lòng"):  # fmt: skip
        assert _row(html, group)
    month = timezone.localdate().strftime("%m/%Y")
    assert re.search(rf"điểm, trên [\d,]+/100 điểm đo được tại đây, tháng {month}", text), text


def test_the_page_has_no_personal_data(client, world, history):
    html = client.get(URL).content.decode()
    for name, number in APPLICANTS:
        assert name not in html and number not in html
    for dossier in history.dossiers:
        assert dossier.code not in html
    for user in world.users.values():
        assert user.full_name not in html


def test_english_when_the_visitor_chose_it(client, world, history):
    client.cookies["motcua_language"] = "en"
    text = _text(client.get(URL).content.decode())
    assert "How we resolve administrative procedures" in text
    assert "Progress of resolution" in text and "Province-level agencies" in text
    assert "Toàn tỉnh" not in text and "Tiến độ" not in text


def test_the_page_is_cached_and_the_second_visit_reads_almost_nothing(
    client, world, history, django_assert_max_num_queries
):
    first = client.get(URL)
    assert first["Cache-Control"] == "public, max-age=300"
    with django_assert_max_num_queries(1):  # the catalog's stamp; the figures come from the cache
        second = client.get(URL)
    main = re.compile(r"<main.*</main>", re.S)  # the header's form has a fresh CSRF token every time
    assert main.search(second.content.decode()).group(0) == main.search(first.content.decode()).group(0)


def test_a_logged_in_visitor_gets_a_page_no_shared_cache_keeps(client, world, history):
    client.login(username="giamsat", password=PASSWORD)
    response = client.get(URL)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_a_change_of_the_catalog_or_a_new_day_computes_the_figures_again(
    world, history, django_assert_num_queries, django_assert_max_num_queries
):
    today = timezone.localdate()
    before = transparency(province_id=world.root.pk, today=today)
    with django_assert_num_queries(1):
        assert transparency(province_id=world.root.pk, today=today) == before
    with django_assert_max_num_queries(200) as captured:
        transparency(province_id=world.root.pk, today=today + timedelta(days=1))
    assert len(captured) > 5

    withdraw_procedure(procedure=Procedure.objects.get(code="1.000002"))
    after = transparency(province_id=world.root.pk, today=today)
    assert after.index != before.index  # one procedure fewer published: the publicity indicator moved
    assert [line.code for line in after.procedures] == ["1.000001"]  # no longer offered: not listed
    procedure_version(code="1.000003", name="Đăng ký khai sinh", agency="Sở Tư pháp")
    with django_assert_max_num_queries(200) as captured:
        transparency(province_id=world.root.pk, today=today)
    assert len(captured) > 5


def test_a_province_without_dossiers_says_so(client, world):
    html = client.get(URL).content.decode()
    assert "Chưa có hồ sơ nào được giải quyết trong 12 tháng qua." in html
    assert "Chưa có hồ sơ nào được thống kê." in html
    assert "Tháng này và tháng trước chưa có hồ sơ nào được tiếp nhận hoặc giải quyết." in html


def test_every_page_links_to_it_from_the_footer(client, world):
    html = client.get("/").content.decode()
    assert f'href="{URL}"' in html and "Công khai kết quả" in html
