"""The display board's first drawing at a big centre: the areas that fit a TV."""

from __future__ import annotations

import re

import pytest

from motcua.queue.models import ServiceArea
from motcua.queue.services import tickets
from tests.queue.floor import build_floor


@pytest.fixture
def floor(db):
    return build_floor()


def test_a_big_centre_lists_only_the_areas_where_someone_waits(client, floor):
    for code in "CDEFGHJK":
        ServiceArea.objects.create(centre=floor.centre, code=code, name=f"Khu {code}")
    tickets.issue_ticket(centre=floor.centre, request=tickets.TicketRequest(area_code="B"), device=floor.kiosk)
    page = client.get(f"/bang-goi/{floor.centre.code}/").content.decode()
    listed = re.findall(r'<span class="area-code">([A-Z]+)</span>', page)
    assert listed == ["B"]
    assert 'id="board-areas-quiet" class="board-quiet">' in page  # the note says the others have nobody


def test_a_small_centre_lists_every_area(client, floor):
    page = client.get(f"/bang-goi/{floor.centre.code}/").content.decode()
    assert re.findall(r'<span class="area-code">([A-Z]+)</span>', page) == ["A", "B"]
