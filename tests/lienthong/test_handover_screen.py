"""The desk's hand-over screen (/desk/lien-thong/): what each agency sees waiting, received and sent."""

import pytest
from django.urls import reverse

from tests.e2e.province import PASSWORD, act, add_lienthong, build_province, receive_at_commune

pytestmark = pytest.mark.django_db
URL = reverse("desk:handovers")


@pytest.fixture
def world():
    world = build_province()
    world.lienthong = add_lienthong(world)
    return world


def _page(client, username):
    client.logout()
    assert client.login(username=username, password=PASSWORD)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("<section", start)
    return html[start : end if end > 0 else None]


def test_each_agency_sees_what_waits_for_it_and_what_it_sent(client, world):
    first = receive_at_commune(world, world.lienthong)
    second = receive_at_commune(world, world.lienthong)
    act(world, second, "tuphap.chuyenvien", "assign")  # the department took the second one
    html = _page(client, "tuphap.chuyenvien")
    waiting, received = _section(html, "ho-waiting"), _section(html, "ho-received")
    assert first.code in waiting and second.code not in waiting
    assert second.code in received and "Nguyễn Văn An" in received
    assert "UBND xã Hòa Bình" in waiting and f'href="/desk/ho-so/{first.code}/"' in waiting

    sent = _section(_page(client, "hoabinh.motcua"), "ho-sent")
    assert first.code in sent and second.code in sent and "Sở Tư pháp" in sent

    other = _page(client, "xaydung.chuyenvien")  # another department: nothing of it
    assert first.code not in other and second.code not in other


def test_a_send_back_waits_at_the_department_with_its_reason_and_the_province_sees_it_sent(client, world):
    dossier = receive_at_commune(world, world.lienthong)
    act(world, dossier, "tuphap.chuyenvien", "assign")
    act(world, dossier, "tuphap.chuyenvien", "forward")
    act(world, dossier, "ubnd.lanhdao", "send_back", reason="Thiếu ý kiến về quy hoạch")
    waiting = _section(_page(client, "tuphap.lanhdao"), "ho-waiting")
    assert dossier.code in waiting and "Thiếu ý kiến về quy hoạch" in waiting
    province = _page(client, "ubnd.lanhdao")
    sent = _section(province, "ho-sent")
    assert dossier.code in sent
    # No longer at the province's step: listed, but not a link the province could not open.
    assert f'href="/desk/ho-so/{dossier.code}/"' not in sent


def test_the_page_costs_the_same_queries_for_many_dossiers(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    receive_at_commune(world, world.lienthong)
    client.login(username="tuphap.chuyenvien", password=PASSWORD)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for _ in range(12):
        receive_at_commune(world, world.lienthong)
    with django_assert_max_num_queries(len(one)):
        response = client.get(URL)
    assert response.content.decode().count("/desk/ho-so/") >= 13
    assert len(one) <= 14  # session, user, roles, the three lists, the site's own (name, calendar)


def test_the_dossier_page_history_names_both_agencies_of_a_hand_over(client, world):
    dossier = receive_at_commune(world, world.lienthong)
    client.login(username="tuphap.chuyenvien", password=PASSWORD)
    html = client.get(reverse("desk:dossier", args=[dossier.code])).content.decode()
    timeline = html[html.index('id="dx-timeline-title"') :]
    assert "UBND xã Hòa Bình → <strong>Sở Tư pháp</strong>" in timeline
