"""Each desk list is scoped to the officer's own centre: the provincial counter officer does not see a commune's
dossiers (the commune has its own centre and desk); the header names the officer's own centre; the menu offers
only what the role can use."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.catalog.models import AgencyProcedure
from motcua.core.models import Role
from motcua.core.services import upsert_agency, upsert_centre, upsert_counter, upsert_staff
from motcua.dossiers import services
from tests.e2e.province import PASSWORD, act, receive, to_result_ready
from tests.factories import procedure_version

PROVINCE_CENTRE = "Trung tâm Phục vụ hành chính công tỉnh Hòa An"
COMMUNE_CENTRE = "Trung tâm Phục vụ hành chính công xã Tân Phú"


@pytest.fixture
def province(world):
    """The test province with its centre, and a commune with its own centre, desk, civil servant and chairman."""
    centre = upsert_centre(code="TTPVHCC-H99", name=PROVINCE_CENTRE, agency=world.root)
    general = upsert_counter(centre=centre, number=1, name="Tiếp nhận chung", agencies=[world.justice])
    upsert_staff(
        username="motcua",
        full_name="Cán bộ một cửa Trung tâm",
        roles=[(Role.COUNTER_OFFICER, world.root)],
        counter=general,
    )
    commune = upsert_agency(
        code="000.00.63.H99", name="UBND xã Tân Phú", level="commune", kind="commune_committee", parent=world.root
    )
    commune_centre = upsert_centre(code="TTPVHCC-63", name=COMMUNE_CENTRE, agency=commune)
    desk = upsert_counter(centre=commune_centre, number=1, name="Tư pháp – Hộ tịch", agencies=[commune])
    version = procedure_version(code="1.000003", name="Đăng ký khai sinh", agency=commune.name)
    AgencyProcedure.objects.create(agency=commune, procedure=version.procedure)
    world.procedures["commune"] = "1.000003"
    world.commune = commune
    for username, role in (
        ("tanphu.motcua", Role.COUNTER_OFFICER),
        ("tanphu.chuyenvien", Role.SPECIALIST),
        ("tanphu.lanhdao", Role.LEADER),
    ):
        world.users[username] = upsert_staff(
            username=username,
            full_name=username,
            password=PASSWORD,
            roles=[(role, commune)],
            counter=desk if role == Role.COUNTER_OFFICER else None,
        )
    return world


def commune_dossiers(world):
    citizen_online = services.submit_online(
        citizen=world.user("tuphap.chuyenvien"),
        procedure_code="1.000003",
        agency_code=world.commune.code,
        applicant=services.ApplicantInput(name="Lý Thị Nga", id_number="001190055555", phone="0912000111"),
        documents=[services.DocumentInput(name="Tờ khai", originals=1)],
    )
    ready = receive(world, agency="commune", officer="tanphu.motcua")
    act(world, ready, "tanphu.chuyenvien", "assign")
    act(world, ready, "tanphu.chuyenvien", "forward")
    act(world, ready, "tanphu.lanhdao", "approve")
    return citizen_online, ready


def test_the_provincial_desk_does_not_list_the_communes_dossiers(client, province):
    online, ready = commune_dossiers(province)
    own = to_result_ready(province, receive(province))
    client.force_login(province.user("motcua"))
    inbox = client.get(reverse("desk:inbox"), {"state": "submitted"}).content.decode()
    assert online.code not in inbox
    returns = client.get(reverse("desk:returns")).content.decode()
    assert own.code in returns and ready.code not in returns
    assert client.get(reverse("desk:returns"), {"ma": ready.code}).status_code == 404
    home = client.get(reverse("desk:home")).content.decode()
    assert 'data-waiting="online"><strong>0</strong>' in home and 'data-waiting="to_return"><strong>1</strong>' in home


def test_the_commune_desk_lists_its_own_and_its_header_names_its_centre(client, province):
    online, ready = commune_dossiers(province)
    client.force_login(province.user("tanphu.motcua"))
    inbox = client.get(reverse("desk:inbox"), {"state": "submitted"}).content.decode()
    assert online.code in inbox
    assert ready.code in client.get(reverse("desk:returns")).content.decode()
    assert f"<strong>{COMMUNE_CENTRE}</strong>" in inbox and PROVINCE_CENTRE not in inbox
    client.force_login(province.user("tanphu.chuyenvien"))  # no counter: the centre above his agency
    assert f"<strong>{COMMUNE_CENTRE}</strong>" in client.get(reverse("desk:home")).content.decode()
    client.force_login(province.user("motcua"))
    assert f"<strong>{PROVINCE_CENTRE}</strong>" in client.get(reverse("desk:home")).content.decode()


def test_the_menu_offers_only_what_the_role_can_use(client, province):
    client.force_login(province.user("tuphap.chuyenvien"))
    html = client.get(reverse("desk:home")).content.decode()
    assert 'href="/desk/ho-so/"' in html
    assert 'href="/desk/tiep-nhan/"' not in html and 'href="/desk/tra-ket-qua/"' not in html
    assert 'href="/desk/giam-sat/"' not in html
    client.force_login(province.user("motcua"))
    html = client.get(reverse("desk:home")).content.decode()
    assert 'href="/desk/tiep-nhan/"' in html and 'href="/desk/tra-ket-qua/"' in html
    assert 'href="/desk/giam-sat/"' not in html
    client.force_login(province.user("giamsat"))
    html = client.get(reverse("desk:home")).content.decode()
    assert 'href="/desk/giam-sat/"' in html and 'href="/desk/tiep-nhan/"' not in html
