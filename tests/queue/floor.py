"""A centre floor for queue tests: the province of tests/e2e/province.py with a centre, four counters, two
service areas and a counter officer at each counter. Plain functions, shared with the browser suite."""

from __future__ import annotations

from dataclasses import dataclass, field

from motcua.core.models import Centre, Counter, Role, RoleAssignment, User
from motcua.core.services import upsert_staff
from motcua.queue.models import Device, DeviceKind, ServiceArea
from motcua.queue.services import devices
from tests.e2e.province import PASSWORD, World, build_province


@dataclass
class Floor:
    world: World
    centre: Centre
    counters: dict[int, Counter] = field(default_factory=dict)
    areas: dict[str, ServiceArea] = field(default_factory=dict)
    officers: dict[int, User] = field(default_factory=dict)  # counter number -> its officer
    kiosk: Device | None = None
    kiosk_token: str = ""


def build_floor(world: World | None = None, *, counters: int = 4) -> Floor:
    """Area A (Justice: counters 1, 2) and area B (Construction: counters 3, 4); counter 2 serves B as well."""
    world = world or build_province()
    centre, _ = Centre.objects.get_or_create(
        code="TTHCC-H99", defaults={"name": "Trung tâm PVHCC tỉnh Hòa An", "agency": world.root}
    )
    floor = Floor(world=world, centre=centre)
    a, _ = ServiceArea.objects.get_or_create(centre=centre, code="A", defaults={"name": "Tư pháp", "slot_capacity": 3})
    b, _ = ServiceArea.objects.get_or_create(centre=centre, code="B", defaults={"name": "Xây dựng", "slot_capacity": 3})
    a.agencies.add(world.justice)
    b.agencies.add(world.construction)
    floor.areas = {"A": a, "B": b}
    for number in range(1, counters + 1):
        counter, _ = Counter.objects.get_or_create(centre=centre, number=number, defaults={"name": f"Quầy {number}"})
        agency = world.justice if number <= counters // 2 else world.construction
        counter.agencies.add(agency)
        (a if number <= counters // 2 else b).counters.add(counter)
        officer = upsert_staff(
            username=f"quay{number}",
            full_name=f"Cán bộ quầy {number}",
            password=PASSWORD,
            roles=[(Role.COUNTER_OFFICER, agency)],
        )
        RoleAssignment.objects.filter(user=officer, role=Role.COUNTER_OFFICER).update(counter=counter)
        floor.counters[number], floor.officers[number] = counter, officer
        world.users[officer.username] = officer
    b.counters.add(floor.counters[2])
    supervisor = world.user("giamsat")
    floor.kiosk_token = devices.pair_device(
        officer=supervisor, centre=centre, kind=DeviceKind.TICKET_KIOSK, name="Máy lấy số sảnh"
    )
    floor.kiosk = Device.objects.get(centre=centre, kind=DeviceKind.TICKET_KIOSK)
    return floor
