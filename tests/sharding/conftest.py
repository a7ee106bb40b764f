"""A province's dossiers played through the services until every distributed table has rows, and a second
province whose id a row of the first must never carry."""

from dataclasses import dataclass

import pytest

from motcua.core.services import upsert_agency
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.visits import VisitInput, record_visit
from tests.e2e.province import World, act, add_lienthong, build_province, receive, receive_at_commune, to_result_ready


@dataclass
class Journey:
    world: World
    dossiers: list[Dossier]
    other_province_id: int


@pytest.fixture
def journey(db) -> Journey:
    world = build_province()
    lienthong = add_lienthong(world)
    land = receive_at_commune(world, lienthong)  # hand-overs: commune -> department -> province -> commune
    act(world, land, "tuphap.chuyenvien", "assign")
    act(world, land, "tuphap.chuyenvien", "forward")
    group = receive_at_commune(world, lienthong, procedure="commune_group")  # two result parts
    counter = to_result_ready(world, receive(world))
    record_visit(
        officer=world.user("motcua"),
        kind="guide",
        visit=VisitInput(
            procedure_code=world.procedures["justice"],
            applicant=services.ApplicantInput(name="Lê Văn Nam", id_number="001190055555"),
            reason="Thiếu bản sao",
            items=["Bản sao giấy khai sinh"],
        ),
    )
    other = upsert_agency(code="000.00.00.H98", name="UBND tỉnh Bình An", level="province", kind="peoples_committee")
    return Journey(world, [land, group, counter], other.pk)
