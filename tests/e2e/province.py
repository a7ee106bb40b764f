"""A small demo-like province for desk and browser tests, and dossiers made through the real services.

Plain functions (no fixtures), so that desk tests and the browser suite build the same world:
    world = build_province()
    dossier = receive(world)                      # received at the counter, in the specialists' inbox
    ready = to_result_ready(world, receive(world))
    late = receive(world, days_ago=40)            # its appointment has passed: late, owes an apology
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from motcua.catalog.models import AgencyProcedure
from motcua.core.models import Agency, Role, User
from motcua.core.services import upsert_agency, upsert_staff
from motcua.dossiers import services
from motcua.dossiers.actions import INPUTS
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Action
from tests.factories import procedure_version

PASSWORD = "motcua@2026"  # the demo's password, so that screenshots and people use the same logins

# username: (full name, role, agency key)
STAFF = {
    "motcua": ("Cán bộ một cửa Trung tâm", Role.COUNTER_OFFICER, "root"),
    "tuphap.chuyenvien": ("Nguyễn Văn An", Role.SPECIALIST, "justice"),
    "tuphap.lanhdao": ("Trần Thị Bình", Role.LEADER, "justice"),
    "xaydung.motcua": ("Lê Văn Tâm", Role.COUNTER_OFFICER, "construction"),
    "xaydung.chuyenvien": ("Phạm Văn Cường", Role.SPECIALIST, "construction"),
    "xaydung.lanhdao": ("Hoàng Thị Dung", Role.LEADER, "construction"),
    "giamsat": ("Bộ phận Hỗ trợ – Giám sát", Role.SUPERVISOR, "root"),
}
APPLICANTS = [
    ("Nguyễn Thị Hương", "001190012345"),
    ("Trần Văn Minh", "001085004321"),
    ("Lê Thị Lan", "036192000777"),
    ("Phạm Quốc Huy", "031088001122"),
]


@dataclass
class World:
    root: Agency
    justice: Agency
    construction: Agency
    users: dict[str, User] = field(default_factory=dict)
    procedures: dict[str, str] = field(default_factory=dict)  # agency key -> procedure code

    def user(self, username: str) -> User:
        return self.users[username]


def build_province() -> World:
    """The province of Hòa An with two departments, each with a published procedure and its staff."""
    root = upsert_agency(code="000.00.00.H99", name="UBND tỉnh Hòa An", level="province", kind="peoples_committee")
    justice = upsert_agency(code="000.00.03.H99", name="Sở Tư pháp", level="province", kind="department", parent=root)
    construction = upsert_agency(
        code="000.00.06.H99", name="Sở Xây dựng", level="province", kind="department", parent=root
    )
    world = World(root, justice, construction)
    for key, agency, code, name in (
        ("justice", justice, "1.000001", "Cấp phiếu lý lịch tư pháp"),
        ("construction", construction, "1.000002", "Cấp giấy phép xây dựng"),
    ):
        version = procedure_version(code=code, name=name, agency=agency.name)
        AgencyProcedure.objects.get_or_create(agency=agency, procedure=version.procedure)
        world.procedures[key] = code
    places = {"root": root, "justice": justice, "construction": construction}
    for username, (full_name, role, where) in STAFF.items():
        world.users[username] = upsert_staff(
            username=username, full_name=full_name, password=PASSWORD, roles=[(role, places[where])]
        )
    return world


_counter = {"n": 0}


def receive(
    world: World,
    *,
    agency: str = "justice",
    officer: str = "motcua",
    applicant: tuple[str, str] | None = None,
    days_ago: float = 0,
    fee_at_return: bool = False,
) -> Dossier:
    """A dossier received at the counter (now, or `days_ago` days ago: a past appointment makes it late)."""
    _counter["n"] += 1
    name, number = applicant or APPLICANTS[_counter["n"] % len(APPLICANTS)]
    fee = services.FeeInput(
        label="Lệ phí",
        amount=150000,
        receipt_number="" if fee_at_return else "BL-0001",
        method="" if fee_at_return else "cash",
    )
    return services.receive_dossier(
        officer=world.user(officer),
        procedure_code=world.procedures[agency],
        agency_code=getattr(world, agency).code,
        channel="counter",
        applicant=services.ApplicantInput(name=name, id_number=number, phone="0912345678", address="Phường Hòa An"),
        documents=[services.DocumentInput(name="Đơn đề nghị", originals=1)],
        fees=[fee],
        now=timezone.now() - timedelta(days=days_ago),
    )


def act(world: World, dossier: Dossier, who: str, action: str, **fields) -> Dossier:
    dossier.refresh_from_db()
    return services.perform_action(
        code=dossier.code, actor=world.user(who), version=dossier.version, command=INPUTS[Action(action)](**fields)
    )


def to_result_ready(world: World, dossier: Dossier) -> Dossier:
    """Assign, forward, approve: the result is ready for the desk to return."""
    unit = "tuphap" if dossier.agency_id == world.justice.pk else "xaydung"
    act(world, dossier, f"{unit}.chuyenvien", "assign")
    act(world, dossier, f"{unit}.chuyenvien", "forward")
    return act(world, dossier, f"{unit}.lanhdao", "approve")


def returned(world: World, dossier: Dossier, *, receiver: str = "Nguyễn Thị Hương") -> Dossier:
    return act(world, dossier, "motcua", "return_result", method="counter", receiver=receiver, receipt_number="BL-9")


# --- liên thông: a commune, the province's leader and a central branch (docs/lienthong.md) -------------------

LIENTHONG_STAFF = {
    "hoabinh.motcua": ("Đỗ Thị Hoa", Role.COUNTER_OFFICER, "commune"),
    "hoabinh.chuyenvien": ("Vũ Văn Hải", Role.SPECIALIST, "commune"),
    "hoabinh.lanhdao": ("Chủ tịch UBND xã Hòa Bình", Role.LEADER, "commune"),
    "ubnd.lanhdao": ("Chủ tịch UBND tỉnh Hòa An", Role.LEADER, "root"),
    "bhxh.lanhdao": ("Ngô Thị Mai", Role.LEADER, "branch"),
}
LAND_PROCEDURE = "1.000010"  # commune receives, a department appraises, the province signs, the commune returns
GROUP_PROCEDURE = "2.001023"  # khai sinh + thẻ BHYT cho trẻ em dưới 6 tuổi: two results, two agencies


@dataclass
class Lienthong:
    commune: Agency
    branch: Agency


def add_lienthong(world: World) -> Lienthong:
    """A commune under the province and a central branch, their staff, and two procedures whose processes cross
    agencies and levels: 1.000010 (commune → Sở Tư pháp → UBND tỉnh → commune) and the group procedure 2.001023
    (commune issues the birth certificate, the social insurance branch the health insurance card)."""
    from motcua.catalog.services.process import StepInput, save_process

    commune = upsert_agency(
        code="000.00.61.H99", name="UBND xã Hòa Bình", level="commune", kind="commune_committee", parent=world.root
    )
    branch = upsert_agency(
        code="000.00.33.H99",
        name="Bảo hiểm xã hội tỉnh Hòa An",
        level="province",
        kind="central_branch",
        parent=world.root,
    )
    places = {"root": world.root, "commune": commune, "branch": branch}
    for username, (full_name, role, where) in LIENTHONG_STAFF.items():
        world.users[username] = upsert_staff(
            username=username,
            full_name=full_name,
            password=PASSWORD,
            roles=[(role, places[where])],
            include_subtree=where != "root",  # the province's leader signs at his own level only
        )
    step = StepInput
    land = procedure_version(code=LAND_PROCEDURE, name="Cấp giấy chứng nhận liên thông", agency=commune.name)
    AgencyProcedure.objects.get_or_create(agency=commune, procedure=land.procedure)
    save_process(
        procedure=land.procedure,
        agency=commune,
        name="Liên thông xã – Sở – UBND tỉnh",
        steps=[
            step("Tiếp nhận hồ sơ", Role.COUNTER_OFFICER, Decimal("0.5"), "working_day"),
            step("Thẩm định hồ sơ", Role.SPECIALIST, Decimal(8), "working_day", unit=world.justice),
            step("Ký duyệt", Role.LEADER, Decimal(5), "working_day", unit=world.root),
            step("Trả kết quả", Role.COUNTER_OFFICER, Decimal("1.5"), "working_day"),
        ],
    )
    group = procedure_version(
        code=GROUP_PROCEDURE,
        name="Liên thông đăng ký khai sinh, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        agency=commune.name,
    )
    AgencyProcedure.objects.get_or_create(agency=commune, procedure=group.procedure)
    save_process(
        procedure=group.procedure,
        agency=commune,
        name="Liên thông khai sinh – BHYT",
        steps=[
            step("Tiếp nhận hồ sơ", Role.COUNTER_OFFICER, Decimal("0.5"), "working_day"),
            step("Đăng ký khai sinh", Role.SPECIALIST, Decimal(3), "working_day"),
            step("Ký giấy khai sinh", Role.LEADER, Decimal(1), "working_day", result_name="Giấy khai sinh"),
            step(
                "Cấp thẻ bảo hiểm y tế",
                Role.LEADER,
                Decimal(10),
                "working_day",
                unit=branch,
                result_name="Thẻ bảo hiểm y tế",
            ),
            step("Trả kết quả", Role.COUNTER_OFFICER, Decimal("0.5"), "working_day"),
        ],
    )
    world.procedures["commune_land"] = LAND_PROCEDURE
    world.procedures["commune_group"] = GROUP_PROCEDURE
    return Lienthong(commune, branch)


def receive_at_commune(world: World, lienthong: Lienthong, *, procedure: str = "commune_land") -> Dossier:
    _counter["n"] += 1
    name, number = APPLICANTS[_counter["n"] % len(APPLICANTS)]
    return services.receive_dossier(
        officer=world.user("hoabinh.motcua"),
        procedure_code=world.procedures[procedure],
        agency_code=lienthong.commune.code,
        channel="counter",
        applicant=services.ApplicantInput(name=name, id_number=number, phone="0912345678", address="Xã Hòa Bình"),
        documents=[services.DocumentInput(name="Đơn đề nghị", originals=1)],
    )
