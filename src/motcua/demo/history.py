"""A year of dossier history for the demo province, written in bulk but exactly as the services would have.

Every generated dossier is *replayed*: its life is a script of the actions a counter officer, a specialist and
a leader would have taken (receive or submit and accept, assign, request and complete a supplement, forward,
send back, extend with an apology, approve, return; or refuse, stop, withdraw), and each action changes the
dossier, its steps and its history the way `dossiers.services` does (same calendar arithmetic, same event
fields, same hash chain). The script is cut at `end`: old dossiers are finished, recent ones are still open
wherever their script had got to. Nothing is queried per dossier: batches of dossiers are computed in Python,
with ids reserved up front (so that events can be hashed and steps linked before anything is written), then
inserted with one `executemany` (COPY on PostgreSQL) per table; see `Table` for why not `bulk_create`.

Re-running: codes continue the agencies' daily sequences (`DailySequence` is read first and written back), so
two runs never collide; `build_demo` only tops the province up to the number of dossiers asked for, so running
the demo again adds nothing. Run it while nobody receives dossiers in the province: a reception made during a
run would take a number the run has already read as free. The random stream depends on the seed and on how many
dossiers the province already has: the same database and seed give the same dossiers. Look-up secrets come from
that stream too, which is fine for demo data and nothing else.
"""

from __future__ import annotations

import math
import random
import unicodedata
from bisect import bisect_right
from collections import Counter as Tally
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate
from operator import itemgetter
from types import SimpleNamespace

from django.db import connection, models, transaction
from django.utils import timezone

from motcua.catalog.models import AgencyProcedure, Channel, ChannelFee, ProcedureChannel, Process, RequiredDocument
from motcua.catalog.processes import default_steps
from motcua.core import text
from motcua.core.models import Agency, Centre, Role, RoleAssignment
from motcua.demo import province as p
from motcua.dossiers.models import (
    Applicant,
    DailySequence,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierFee,
    DossierStep,
    ReturnMethod,
)
from motcua.dossiers.services.codes import SECRET_ALPHABET
from motcua.dossiers.services.history import GENESIS, event_hash
from motcua.dossiers.states import State
from motcua.workdays.engine import CalendarError, WorkingCalendar
from motcua.workdays.selectors import calendar_for

BATCH = 2000  # dossiers per transaction

# Relative volume of each agency (demo key) at a real centre: land, construction, justice and the communes
# (civil status, certification) take most of it; banks and customs see few dossiers at the one-stop desk.
AGENCY_WEIGHTS = {
    "vpdkdd": 12.0, "nongnghiep": 4.0, "xaydung": 7.0, "tuphap": 8.0, "congan": 5.0, "taichinh": 4.0,
    "thue": 2.0, "bhxh": 2.0, "kcn": 1.0, "congthuong": 0.8, "noivu": 0.5, "haiquan": 0.6, "nhnn": 0.3,
    "khobac": 0.3, "vanphong": 0.5, **{c.key: 8.0 for c in p.COMMUNES},
}  # fmt: skip
# Procedures citizens ask for far more often than others (matched on the folded name).
POPULAR = {
    "khai sinh": 8, "chung thuc": 8, "ly lich tu phap": 8, "quyen su dung dat": 6, "bien dong": 6,
    "giay phep xay dung": 6, "ket hon": 4, "khai tu": 3, "tinh trang hon nhan": 5, "ho kinh doanh": 4,
    "thanh lap doanh nghiep": 4, "cu tru": 4, "thuong tru": 4, "tam tru": 3, "cap doi": 3, "cap lai": 2,
}  # fmt: skip
# Share of organisations among applicants, by agency (the rest are people).
ORGANISATION_SHARE = {"taichinh": 0.7, "kcn": 0.9, "thue": 0.6, "haiquan": 0.9, "nhnn": 0.9, "congthuong": 0.6,
                      "xaydung": 0.25, "khobac": 0.9, "bhxh": 0.4}  # fmt: skip
ONLINE_SHARE = 0.35  # of all dossiers; the rest come to the counter, or by post:
POSTAL_DRAW = 0.045  # of those (~3% of all), plus the procedures that take no counter submissions: ~5% in all

# Fates and paces (shares of all dossiers).
REFUSED, STOPPED, WITHDRAWN = 0.012, 0.005, 0.01
DESK_REFUSED = 0.02  # of online dossiers: refused when the desk checks them
SUPPLEMENT, SECOND_SUPPLEMENT, ABANDONED_SUPPLEMENT = 0.08, 0.12, 0.06  # the last two: of supplemented ones
LATE, EXTENDED, STILL_LATE = 0.05, 0.4, 0.2  # late ones; of those extended; of those, late even so
SEND_BACK, LEADER_ASSIGNS, FEE_AT_RETURN = 0.03, 0.3, 0.3


def _nfc(*words: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", w) for w in words)


FAMILY_NAMES = _nfc("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
                    "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Lương", "Hà", "Cao", "Lâm", "Tạ")  # fmt: skip
FAMILY_WEIGHTS = (31, 11, 9.5, 7, 4, 1.5, 4.5, 3.9, 2, 2.1, 2, 1.4, 1.3, 1.3, 1, 0.5, 0.8, 0.6, 0.5, 0.5, 0.5, 0.4,
                  0.4, 0.3)  # fmt: skip
MIDDLE_NAMES = {
    "male": _nfc("Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Ngọc", "Quốc", "Trọng",
                 "Đình", "Thế", "Bá"),
    "female": _nfc("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Bích", "Kim", "Thùy", "Phương", "Mỹ",
                   "Hồng", "Diệu"),
}  # fmt: skip
GIVEN_NAMES = {
    "male": _nfc("Anh", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khang", "Khoa",
                 "Kiên", "Lâm", "Long", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn",
                 "Tài", "Thắng", "Thành", "Tiến", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Hưng", "Khánh",
                 "Lộc", "Thịnh", "Đông"),
    "female": _nfc("An", "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Huyền", "Hương", "Lan",
                   "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh",
                   "Tâm", "Thảo", "Thơ", "Thu", "Thủy", "Trang", "Trinh", "Uyên", "Vân", "Vy", "Xuân", "Yến",
                   "Nhàn", "Diệp", "Hoài"),
}  # fmt: skip
STREETS = _nfc("Trần Hưng Đạo", "Lê Lợi", "Nguyễn Huệ", "Hùng Vương", "Quang Trung", "Lý Thường Kiệt",
               "Hai Bà Trưng", "Phan Đình Phùng", "Nguyễn Trãi", "Bà Triệu", "Điện Biên Phủ", "Lê Duẩn",
               "Võ Thị Sáu", "Trường Chinh", "Nguyễn Văn Cừ", "Lạc Long Quân")  # fmt: skip
HAMLETS = _nfc("Thôn Đông", "Thôn Tây", "Thôn An Lạc", "Thôn Phú Mỹ", "Thôn Hòa Bình", "Thôn Tân Lập", "Thôn 3",
               "Thôn 5", "Xóm Bến", "Tổ dân phố 4", "Tổ dân phố 7")  # fmt: skip
COMPANY_FORMS = _nfc("Công ty TNHH", "Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã")
TRADES = _nfc("Thương mại và Dịch vụ", "Xây dựng", "Đầu tư Phát triển", "Vận tải", "Nông sản", "Thực phẩm",
              "Du lịch", "Công nghệ", "Cơ khí", "Dược phẩm", "Bất động sản", "Xuất nhập khẩu", "May mặc",
              "Thủy sản", "Vật liệu xây dựng")  # fmt: skip
BRANDS = _nfc("Hòa An", "Bắc Sơn", "Tân Phú", "Minh Phát", "Hưng Thịnh", "Thành Công", "Phú Lộc", "Đông Sơn",
              "An Khang", "Việt Tiến", "Sao Mai", "Hoàng Long", "Bình Minh", "Trường Sơn", "Kim Ngân")  # fmt: skip
PHONE_PREFIXES = tuple(f"0{n}" for n in (90, 91, 93, 94, 96, 97, 98, 86, 88, 89, *range(32, 40), 70, *range(76, 80),
                                          *range(81, 86)))  # fmt: skip
# First three digits of a CCCD number: the province of birth; most applicants were born in the province.
BIRTH_PROVINCES = ("052", "052", "052", "052", "052", "052", "001", "079", "038", "040", "046", "048", "051", "054")

SUPPLEMENT_REASONS = _nfc(
    "Hồ sơ thiếu thành phần theo quy định",
    "Bản sao chưa được chứng thực",
    "Thông tin trong tờ khai chưa khớp với giấy tờ kèm theo",
    "Giấy tờ kèm theo đã hết hiệu lực",
    "Thiếu chữ ký của người đề nghị",
)
REFUSAL_REASONS = _nfc(
    "Hồ sơ không đáp ứng điều kiện theo quy định của pháp luật",
    "Nội dung đề nghị không thuộc thẩm quyền giải quyết của cơ quan",
    "Kết quả xác minh cho thấy thông tin kê khai không chính xác",
)
DESK_REFUSAL = _nfc("Hồ sơ nộp trực tuyến không đúng thủ tục đề nghị giải quyết")[0]
STOP_REASONS = _nfc("Người nộp đề nghị dừng giải quyết hồ sơ", "Có văn bản yêu cầu tạm dừng của cơ quan có thẩm quyền")
ABANDONED_REASON = _nfc("Quá thời hạn bổ sung, hoàn thiện hồ sơ mà người nộp không bổ sung")[0]
WITHDRAW_REASONS = _nfc("Theo đề nghị của người nộp hồ sơ", "Người nộp xin rút hồ sơ để hoàn thiện và nộp lại sau")
SEND_BACK_REASONS = _nfc("Bổ sung ý kiến thẩm định", "Đề nghị rà soát lại nội dung dự thảo kết quả")
EXTENSION_REASONS = _nfc(
    "Cần xác minh thêm thông tin với cơ quan liên quan",
    "Cần lấy ý kiến của các cơ quan, đơn vị liên quan",
    "Số lượng hồ sơ tăng đột biến trong kỳ",
)
APOLOGY = _nfc("{agency} trân trọng xin lỗi ông/bà vì chưa trả kết quả đúng hẹn và hẹn trả kết quả vào {at}.")[0]


# --- what the generator knows about the province (read once) --------------------------------------------


@dataclass(frozen=True)
class Staff:
    id: int
    username: str
    actor_name: str  # what events record: the full name, else the username
    roles: dict[int, frozenset[str]]  # agency id -> roles there (subtrees included), as Access computes them
    direct: dict[int, frozenset[str]]  # agency id -> roles granted at that very agency
    counter_id: int | None  # the counter receive_dossier takes: the officer's first assignment with one

    def roles_at(self, agency_id: int) -> frozenset[str]:
        return self.roles.get(agency_id, frozenset())

    def holds_here(self, role: str, agency_id: int) -> bool:
        return role in self.direct.get(agency_id, frozenset())


@dataclass(frozen=True)
class StepSpec:
    name: str
    public_name: str
    role: str
    agency_id: int
    budget_amount: Decimal | None
    budget_unit: str


@dataclass
class Offer:
    """A procedure an agency handles, with what a dossier of it needs per channel."""

    procedure_id: int
    version_id: int
    name: str
    limits: dict[str, tuple[Decimal, str]]  # channel -> legal limit
    steps: dict[str, list[StepSpec]]  # channel -> the steps `plan_steps` would give
    fees: dict[str, tuple[str, int]]  # channel -> the first fee with an amount
    documents: list[tuple[str, int, int]]  # name, originals, copies
    weight: float = 1.0


@dataclass
class Desk:
    """An agency that receives dossiers, with the people who work its dossiers."""

    agency_id: int
    code: str
    name: str
    short_name: str
    key: str
    is_commune: bool
    province_id: int
    officer: Staff
    centre_id: int | None
    counter_id: int | None
    calendar: WorkingCalendar
    offers: list[Offer] = field(default_factory=list)
    weight: float = 1.0
    # What arrives at the counter (or by post) and online, with cumulative weights for drawing.
    office_offers: list[Offer] = field(default_factory=list)
    office_cum: list[float] = field(default_factory=list)
    online_offers: list[Offer] = field(default_factory=list)
    online_cum: list[float] = field(default_factory=list)


@dataclass
class World:
    province: Agency
    desks: list[Desk]
    commune_names: list[str]
    leaders: dict[int, Staff]  # agency id -> who approves there
    workers: dict[tuple[str, int], Staff]  # (role, agency id) -> who acts on such steps


def load_world() -> World:
    """The demo province's agencies, procedures, processes and staff, in a fixed number of queries."""
    province = Agency.objects.filter(code=p.PEOPLES_COMMITTEE.code).first()
    if province is None:
        raise RuntimeError("the demo province is missing: run `motcua demo` first")
    agencies = {a.pk: a for a in Agency.objects.filter(is_active=True)}
    in_province = {pk for pk, a in agencies.items() if pk == province.pk or a.province_id == province.pk}
    staff = _load_staff(agencies)
    workers = _workers(staff, in_province)
    keys = {s.code: s.key for s in [p.PEOPLES_COMMITTEE, *p.DEPARTMENTS, *p.DIVISIONS, *p.CENTRAL_BRANCHES,
                                    *p.STATE_ENTERPRISES, *p.COMMUNES]}  # fmt: skip
    desks = []
    for agency_id in sorted(in_province):
        desk = _desk(agencies[agency_id], staff, keys)
        if desk is not None:
            desks.append(desk)
    _attach_offers(desks, workers)
    desks = [d for d in desks if d.offers]
    communes = [a.short_name or a.name for a in agencies.values() if a.kind == "commune_committee"]
    leaders = {agency_id: s for (role, agency_id), s in workers.items() if role == Role.LEADER}
    return World(province, desks, sorted(communes), leaders, workers)


def _load_staff(agencies: dict[int, Agency]) -> list[Staff]:
    children: dict[int | None, list[int]] = {}
    for pk, a in agencies.items():
        children.setdefault(a.parent_id, []).append(pk)

    def subtree(root: int) -> list[int]:
        found, stack = [], [root]
        while stack:
            pk = stack.pop()
            found.append(pk)
            stack.extend(children.get(pk, []))
        return found

    people: dict[int, dict] = {}
    for ra in RoleAssignment.objects.select_related("user").filter(user__is_active=True).order_by("pk"):
        person = people.setdefault(ra.user_id, {"user": ra.user, "roles": {}, "direct": {}, "counter": None})
        person["direct"].setdefault(ra.agency_id, set()).add(ra.role)
        for agency_id in subtree(ra.agency_id) if ra.include_subtree else [ra.agency_id]:
            person["roles"].setdefault(agency_id, set()).add(ra.role)
        if ra.role == Role.COUNTER_OFFICER and ra.counter_id and person["counter"] is None:
            person["counter"] = ra.counter_id  # rows in pk order: the first one, as receive_dossier takes it
    result = []
    for person in people.values():
        user = person["user"]
        roles = {k: frozenset(v) for k, v in person["roles"].items()}
        direct = {k: frozenset(v) for k, v in person["direct"].items()}
        result.append(Staff(user.pk, user.username, user.full_name or user.username, roles, direct, person["counter"]))
    return sorted(result, key=lambda s: s.username)


def _workers(staff: list[Staff], agency_ids: set[int]) -> dict[tuple[str, int], Staff]:
    """Who acts on a step of each role at each agency: someone holding the role there directly (the agency's
    own staff), else through an agency above."""
    found: dict[tuple[str, int], Staff] = {}
    for role in (Role.COUNTER_OFFICER, Role.SPECIALIST, Role.LEADER):
        for agency_id in agency_ids:
            holders = [s for s in staff if role in s.roles_at(agency_id)]
            if holders:
                own = [s for s in holders if s.holds_here(role, agency_id)]
                found[(role, agency_id)] = (own or holders)[0]
    return found


def _desk(agency: Agency, staff: list[Staff], keys: dict[str, str]) -> Desk | None:
    officers = [s for s in staff if Role.COUNTER_OFFICER in s.roles_at(agency.pk) and s.counter_id]
    if not officers:
        return None
    own = [s for s in officers if s.holds_here(Role.COUNTER_OFFICER, agency.pk)]  # a commune's own desk first
    officer = (own or officers)[0]
    centre = Centre.objects.filter(counters__pk=officer.counter_id).first()  # once per desk, not per dossier
    key = keys.get(agency.code, "")
    return Desk(
        agency_id=agency.pk, code=agency.code, name=agency.name, short_name=agency.short_name or agency.name,
        key=key, is_commune=agency.kind == "commune_committee", province_id=agency.province_id or agency.pk,
        officer=officer, centre_id=centre.pk if centre else None, counter_id=officer.counter_id,
        calendar=calendar_for(centre), weight=AGENCY_WEIGHTS.get(key, 1.0),
    )  # fmt: skip


def _attach_offers(desks: list[Desk], workers: dict[tuple[str, int], Staff]) -> None:
    """The published procedures of each desk, with limits, fees, documents and steps per channel."""
    by_agency = {d.agency_id: d for d in desks}
    published = "procedure__published_version"
    links = list(
        AgencyProcedure.objects.filter(is_active=True, agency_id__in=by_agency, **{f"{published}__isnull": False})
        .values_list("agency_id", "procedure_id", f"{published}_id", f"{published}__name")
    )  # fmt: skip
    version_ids = {v for _a, _p, v, _n in links}
    limits: dict[int, dict[str, tuple[Decimal, str]]] = {}
    channel_of: dict[int, tuple[int, str]] = {}
    for pk, version_id, channel, amount, unit in ProcedureChannel.objects.filter(
        version_id__in=version_ids
    ).values_list("pk", "version_id", "channel", "deadline_amount", "deadline_unit"):
        channel_of[pk] = (version_id, channel)
        if amount is not None and amount > 0 and unit:
            limits.setdefault(version_id, {})[channel] = (amount, unit)
    fees: dict[int, dict[str, tuple[str, int]]] = {}
    for channel_id, label, amount in (
        ChannelFee.objects.filter(channel_id__in=channel_of, amount__gt=0)
        .order_by("channel_id", "pk")
        .values_list("channel_id", "label", "amount")
    ):
        version_id, channel = channel_of[channel_id]
        fees.setdefault(version_id, {}).setdefault(channel, ((label or "Lệ phí")[:255], amount))
    documents: dict[int, list[tuple[str, int, int]]] = {}
    for version_id, name, originals, copies in (
        RequiredDocument.objects.filter(version_id__in=version_ids)
        .order_by("version_id", "position", "pk")
        .values_list("version_id", "name", "originals", "copies")
    ):
        docs = documents.setdefault(version_id, [])
        if len(docs) < 8:
            docs.append((text.clean(name), originals or (0 if copies else 1), copies or 0))
    processes = _processes(set(by_agency))
    for agency_id, procedure_id, version_id, name in sorted(links):
        if version_id not in limits:
            continue  # no channel with a time limit: nothing to be late or on time against
        desk = by_agency[agency_id]
        offer = Offer(procedure_id, version_id, name, limits[version_id], {}, fees.get(version_id, {}),
                      documents.get(version_id, []))  # fmt: skip
        for channel, (amount, unit) in list(offer.limits.items()):
            steps = processes.get((procedure_id, agency_id, channel), processes.get((procedure_id, agency_id, "")))
            if not steps:  # no process of the agency's own (or an empty one): the default split, as plan_steps
                steps = [StepSpec(s.name, s.name, s.role, agency_id, s.amount, s.unit or "")
                         for s in default_steps(amount, unit)]  # fmt: skip
            if _budgets_work(steps, desk.calendar):
                offer.steps[channel] = steps
            else:
                del offer.limits[channel]
        if offer.limits and all(_workable(steps, workers) for steps in offer.steps.values()):
            desk.offers.append(offer)


def _processes(agency_ids: set[int]) -> dict[tuple[int, int, str], list[StepSpec]]:
    """Internal processes defined by the agencies (per channel, or "" for all), as `plan_steps` reads them."""
    return {
        (process.procedure_id, process.agency_id, process.channel): [
            StepSpec(s.name, s.public_name or s.name, s.role, s.unit_id or process.agency_id, s.budget_amount,
                     s.budget_unit)
            for s in process.steps.all()
        ]
        for process in Process.objects.filter(agency_id__in=agency_ids).prefetch_related("steps")
    }  # fmt: skip


def _budgets_work(steps: list[StepSpec], calendar: WorkingCalendar) -> bool:
    """Whether the calendar can time every step. It cannot for default steps of a limit in calendar days or
    months (a quarter of a calendar day is not a thing): receive_dossier fails on those procedures today, so
    no dossier of them could exist."""
    probe = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
    try:
        for step in steps:
            if step.budget_amount:
                calendar.due(probe, step.budget_amount, step.budget_unit)
    except CalendarError:
        return False
    return True


def _workable(steps: list[StepSpec], workers: dict[tuple[str, int], Staff]) -> bool:
    """Every step has someone to act on it and the last processing step a leader: otherwise the services
    would leave such dossiers stuck (e.g. the People's Committee has no specialists in the demo)."""
    if len(steps) < 2:
        return False
    last = _last_processing(steps)
    return all((s.role, s.agency_id) in workers for s in steps[1:]) and (Role.LEADER, steps[last].agency_id) in workers


def _last_processing(steps: list) -> int:
    """Index of the step whose approval makes the result ready (as `access.last_processing_position`)."""
    if steps[-1].role == Role.COUNTER_OFFICER and len(steps) > 2:
        return len(steps) - 2
    return len(steps) - 1


# --- people ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    kind: str
    id_number: str
    name: str
    phone: str
    email: str
    address: str
    pk: int | None = None
    updated_at: datetime | None = None  # when they first applied (the row's auto_now at creation)


class People:
    """Applicants: Vietnamese people (12-digit CCCD numbers) and organisations (10-digit tax codes); some come
    back with another dossier."""

    RETURNING = 0.15
    RECENT = 20_000  # who may come back: the latest applicants (a million of them would not fit in memory)

    def __init__(self, rng: random.Random, communes: list[str]):
        self.rng, self.communes = rng, communes or [p.PROVINCE_NAME]
        self.recent: list[Person] = []
        self.numbers: set[str] = set()  # every number given in this run: a new person never repeats one
        self.family_cum = list(accumulate(FAMILY_WEIGHTS))

    def pick(self, organisation_share: float, commune: str | None) -> Person:
        rng = self.rng
        if self.recent and rng.random() < self.RETURNING:
            return self.recent[-1 - int(rng.random() ** 2 * len(self.recent))]  # the most recent come back more
        while True:
            person = self._organisation(commune) if rng.random() < organisation_share else self._person(commune)
            if person.id_number not in self.numbers:
                break
        self.numbers.add(person.id_number)
        self.recent.append(person)
        if len(self.recent) > 2 * self.RECENT:
            del self.recent[: self.RECENT]
        return person

    def _person(self, commune: str | None) -> Person:
        rng = self.rng
        sex = "female" if rng.random() < 0.52 else "male"
        family = rng.choices(FAMILY_NAMES, cum_weights=self.family_cum)[0]
        name = f"{family} {rng.choice(MIDDLE_NAMES[sex])} {rng.choice(GIVEN_NAMES[sex])}"
        born = rng.randint(1945, 2007)
        century = (0 if born < 2000 else 2) + (1 if sex == "female" else 0)
        number = f"{rng.choice(BIRTH_PROVINCES)}{century}{born % 100:02d}{rng.randrange(10**6):06d}"
        email = ""
        if rng.random() < 0.35:
            email = f"{text.fold(name).replace(' ', '')}{rng.randrange(100)}@gmail.com"
        return Person("person", number, name, self._phone(), email, self._address(commune))

    def _organisation(self, commune: str | None) -> Person:
        rng = self.rng
        form = rng.choice(COMPANY_FORMS)
        name = f"{form} {rng.choice(TRADES)} {rng.choice(BRANDS)}"
        if form == "Doanh nghiệp tư nhân":
            name = f"{form} {rng.choice(BRANDS)}"
        number = f"{rng.choice(('44', '45', '46', '01', '03'))}{rng.randrange(10**8):08d}"
        slug = text.fold(name.split(" ", 2)[-1]).replace(" ", "")[:20]
        return Person("organisation", number, name, self._phone(), f"lienhe@{slug}.vn", self._address(commune))

    def _phone(self) -> str:
        return f"{self.rng.choice(PHONE_PREFIXES)}{self.rng.randrange(10**7):07d}"

    def _address(self, commune: str | None) -> str:
        rng = self.rng
        place = commune if commune and rng.random() < 0.8 else rng.choice(self.communes)
        if place.startswith("Phường") or rng.random() < 0.3:
            return f"Số {rng.randint(1, 350)} đường {rng.choice(STREETS)}, {place}, {p.PROVINCE_NAME}"
        return f"{rng.choice(HAMLETS)}, {place}, {p.PROVINCE_NAME}"


# --- one dossier's life ----------------------------------------------------------------------------------


class Story:
    """A dossier, its steps and its history, changed action by action the way the services change them."""

    def __init__(self, *, world: World, desk: Desk, offer: Offer, channel: str, person: Person, code: str,
                 secret: str, dossier_id: int, submitted_at: datetime, record: bool):  # fmt: skip
        self.desk, self.world, self.cal, self.record = desk, world, desk.calendar, record
        amount, unit = offer.limits[channel]
        online = channel == Channel.ONLINE
        return_method = ReturnMethod.POST if channel == Channel.POSTAL else ReturnMethod.COUNTER
        self.d = dict(
            id=dossier_id, code=code, lookup_secret=secret, province_id=desk.province_id, agency_id=desk.agency_id,
            centre_id=desk.centre_id, counter_id=desk.counter_id, procedure_id=offer.procedure_id,
            procedure_version_id=offer.version_id, channel=channel, applicant_id=None, applicant_name=person.name,
            applicant_id_number=person.id_number, applicant_phone=person.phone, applicant_email=person.email,
            applicant_address=person.address, state=State.SUBMITTED if online else State.RECEIVED, version=1,
            submitted_at=submitted_at, received_at=None, due_at=None, original_due_at=None, limit_amount=amount,
            limit_unit=unit, pause_policy="pause", paused_since=None, state_before_supplement="",
            supplement_count=0, extended=False, finished_at=None, timeliness="", return_method=return_method,
            return_address=person.address if return_method == ReturnMethod.POST else "", returned_at=None,
            return_receiver="", return_tracking="", received_by_id=None, result_file_id=None, current_step_id=None,
            updated_at=submitted_at,
            search_text=f"{code.lower()} {text.fold(person.name)} {person.id_number.lower()}",
        )  # fmt: skip
        self.person = person
        self.steps = [SimpleNamespace(position=i, spec=s, started_at=None, due_at=None, finished_at=None,
                                      assignee_id=None, timeliness="", pk=None)
                      for i, s in enumerate(offer.steps[channel], start=1)]  # fmt: skip
        self.current = None
        self.events: list[SimpleNamespace] = []
        self.hash = GENESIS
        self.documents = offer.documents
        self.fees: list[dict] = []  # DossierFee fields; a method given at reception means paid then
        self.due_before: datetime | None = None  # the appointment before the current action (events record it)

    # -- what every action shares: the new version and the event (hash-chained) --

    def _event(self, at: datetime, actor: Staff, action: str, *, from_state: str = "", to_state: str = "",
               step=None, agency_id: int | None = None, note: str = "", data: dict | None = None,
               role: str | None = None) -> None:  # fmt: skip
        step = step if step is not None else self.current
        self.d["updated_at"] = at  # the row's auto_now: the last action saved it
        if from_state:  # actions after the first one move the version on (receive and submit start at 1)
            self.d["version"] += 1
        due_before, self.due_before = self.due_before, self.d["due_at"]
        if not self.record:
            return
        if agency_id is None:
            agency_id = step.spec.agency_id if step is not None else self.d["agency_id"]
        event = SimpleNamespace(
            dossier_id=self.d["id"], sequence=len(self.events) + 1, at=at, actor_id=actor.id,
            actor_name=actor.actor_name, role=role if role is not None else self._acting_role(actor, step),
            agency_id=agency_id, action=action, from_state=from_state, to_state=to_state,
            step_name=step.spec.name if step is not None else "", note=note, data=data or {}, due_before=due_before,
            due_after=self.d["due_at"], previous_hash=self.hash,
        )  # fmt: skip
        event.hash = self.hash = event_hash(event)
        self.events.append(event)

    def _acting_role(self, actor: Staff, step) -> str:
        roles = actor.roles_at(self.d["agency_id"]) | (actor.roles_at(step.spec.agency_id) if step else frozenset())
        for role in (Role.LEADER, Role.SPECIALIST, Role.COUNTER_OFFICER, Role.SUPERVISOR):
            if role in roles:
                return role
        return ""

    def _begin(self, step, at: datetime, assignee_id: int | None = None) -> None:
        step.started_at, step.finished_at, step.assignee_id, step.due_at = at, None, assignee_id, None
        if step.spec.budget_amount:
            step.due_at = self.cal.due(at, step.spec.budget_amount, step.spec.budget_unit)
        self.current = step

    def _finish(self, step, at: datetime) -> None:
        step.finished_at = at
        if step.due_at:
            step.timeliness = self.cal.classify(at, step.due_at)

    def _next(self, step):
        return next((s for s in self.steps if s.position > step.position), None)

    def _start_clock(self, at: datetime, officer: Staff) -> None:
        d = self.d
        d["received_at"], d["received_by_id"] = at, officer.id
        d["due_at"] = d["original_due_at"] = self.cal.due(at, d["limit_amount"], d["limit_unit"])
        reception = self.steps[0]
        reception.started_at = reception.started_at or at
        reception.finished_at, reception.assignee_id = at, officer.id
        if reception.spec.budget_amount:
            reception.due_at = self.cal.due(reception.started_at, reception.spec.budget_amount,
                                            reception.spec.budget_unit)  # fmt: skip
            reception.timeliness = self.cal.classify(at, reception.due_at)
        if len(self.steps) > 1:
            self._begin(self.steps[1], at)

    # -- the actions --

    def receive(self, at: datetime, officer: Staff) -> None:
        """At the counter (or from the post): code, appointment, the first processing step starts."""
        self._start_clock(at, officer)
        for fee in self.fees:
            if fee["method"]:
                fee["paid_at"] = at
        self._event(at, officer, "receive", to_state=State.RECEIVED, step=self.steps[0],
                    agency_id=self.d["agency_id"], role=Role.COUNTER_OFFICER,
                    data={"documents": len(self.documents), "fees": [f["amount"] for f in self.fees]})  # fmt: skip

    def submit(self, at: datetime, officer: Staff) -> None:
        """Online: recorded, waiting for the desk's check; the clock has not started."""
        first = self.steps[0]
        first.started_at = at
        self.current = first
        for fee in self.fees:
            if fee["method"]:
                fee["paid_at"] = at
        self._event(at, officer, "submit", to_state=State.SUBMITTED, step=first, agency_id=self.d["agency_id"],
                    role=Role.COUNTER_OFFICER)  # fmt: skip

    def accept(self, at: datetime, officer: Staff) -> None:
        step = self.current
        self._start_clock(at, officer)
        self._transition(at, officer, "forward", State.RECEIVED, step=step)

    def assign(self, at: datetime, actor: Staff, assignee: Staff) -> None:
        step = self.current
        step.assignee_id = assignee.id
        self._transition(at, actor, "assign", State.IN_PROGRESS, data={"assignee": assignee.username})

    def forward(self, at: datetime, actor: Staff) -> None:
        step = self.current
        self._finish(step, at)
        following = self._next(step)
        self._begin(following, at)
        self._transition(at, actor, "forward", State.IN_PROGRESS, step=step, data={"to_step": following.spec.name})

    def send_back(self, at: datetime, actor: Staff, reason: str) -> None:
        step = self.current
        previous = [s for s in self.steps if 1 < s.position < step.position][-1]
        step.started_at, step.assignee_id = None, None
        self._begin(previous, at, previous.assignee_id)
        self._transition(at, actor, "send_back", State.IN_PROGRESS, step=step, note=reason,
                         data={"to_step": previous.spec.name})  # fmt: skip

    def request_supplement(self, at: datetime, actor: Staff, reason: str, items: list[str]) -> None:
        d = self.d
        d["state_before_supplement"], d["paused_since"] = d["state"], at
        d["supplement_count"] += 1
        self._transition(at, actor, "request_supplement", State.AWAITING_SUPPLEMENT, note=reason,
                         data={"items": items, "policy": d["pause_policy"]})  # fmt: skip

    def complete_supplement(self, at: datetime, officer: Staff) -> None:
        d = self.d
        pause = (d["paused_since"], at)
        back = d["state_before_supplement"]
        if back != State.SUBMITTED and d["due_at"] is not None:  # the pause policy: the clock stood still
            d["due_at"] = self.cal.due(d["due_at"], 0, "working_hour", pauses=[pause])
        step = self.current
        if step is not None and step.due_at is not None:
            step.due_at = self.cal.due(step.due_at, 0, "working_hour", pauses=[pause])
        d["paused_since"], d["state_before_supplement"] = None, ""
        to = back if back in {State.SUBMITTED, State.RECEIVED, State.IN_PROGRESS} else State.RECEIVED
        paused_from = pause[0].astimezone(UTC).isoformat()  # as the service reads it back from the database
        self._transition(at, officer, "complete_supplement", to, data={"paused_from": paused_from,
                                                                        "policy": d["pause_policy"]})  # fmt: skip

    def extend(self, at: datetime, leader: Staff, reason: str, new_due: datetime) -> None:
        raw = new_due.isoformat()  # what the leader typed: local time with its offset
        self.d["due_at"], self.d["extended"] = datetime.fromisoformat(raw), True
        apology = APOLOGY.format(agency=self.desk.name, at=f"{new_due:%H:%M ngày %d/%m/%Y}")
        self._transition(at, leader, "extend", self.d["state"], note=reason,
                         data={"apology": apology, "new_due_at": raw})  # fmt: skip

    def approve(self, at: datetime, leader: Staff) -> None:
        step = self.current
        self._finish(step, at)
        d = self.d
        d["finished_at"] = at
        d["timeliness"] = "late" if d["supplement_count"] > 1 else self.cal.classify(at, d["due_at"])
        returning = self._next(step)
        if returning is not None:
            self._begin(returning, at)
        self._transition(at, leader, "approve", State.RESULT_READY, step=step, data={"result_file_id": None})

    def return_result(self, at: datetime, officer: Staff, method: str, receipt: str) -> None:
        d = self.d
        step = self.current
        receiver = d["applicant_name"] if method != ReturnMethod.ONLINE else ""
        tracking = f"E{self.desk.agency_id % 26 + 65:c}{d['id'] % 10**9:09d}VN" if method == ReturnMethod.POST else ""
        if step is not None and step.finished_at is None:
            self._finish(step, at)
        d["return_method"], d["return_receiver"], d["return_tracking"], d["returned_at"] = (
            method,
            receiver,
            tracking,
            at,
        )
        paid = []
        for fee in self.fees:
            if fee["paid_at"] is None:
                fee.update(paid_at=at, receipt_number=receipt, method="cash")
                paid.append(fee["amount"])
        self._transition(at, officer, "return_result", State.RETURNED,
                         data={"method": method, "receiver": receiver, "tracking_number": tracking,
                               "fees_paid": paid})  # fmt: skip

    def close(self, at: datetime, actor: Staff, action: str, reason: str) -> None:
        """refuse, stop or withdraw: the dossier ends here."""
        self.d["finished_at"], self.d["paused_since"] = at, None
        to = {"refuse": State.REFUSED, "stop": State.STOPPED, "withdraw": State.WITHDRAWN}[action]
        self._transition(at, actor, action, to, note=reason)

    def _transition(self, at: datetime, actor: Staff, action: str, to_state: str, *, step=None, note: str = "",
                    data: dict | None = None) -> None:  # fmt: skip
        from_state = self.d["state"]
        self.d["state"] = to_state
        self._event(at, actor, action, from_state=from_state, to_state=to_state, step=step, note=note, data=data)


# --- the script: when each action happens ------------------------------------------------------------------


@dataclass
class Fate:
    """What will happen to a dossier, decided up front; the clock of `end` decides how much of it has."""

    end: str = "returned"  # returned | refused | stopped | withdrawn | desk_refused | abandoned
    late: bool = False
    extended: bool = False
    still_late: bool = False
    supplements: int = 0
    send_back: bool = False
    leader_assigns: bool = False


def draw_fate(rng: random.Random, online: bool) -> Fate:
    fate = Fate()
    roll = rng.random()
    if online and roll < DESK_REFUSED:
        fate.end = "desk_refused"
        return fate
    roll = rng.random()
    if roll < REFUSED:
        fate.end = "refused"
    elif roll < REFUSED + STOPPED:
        fate.end = "stopped"
    elif roll < REFUSED + STOPPED + WITHDRAWN:
        fate.end = "withdrawn"
    if rng.random() < SUPPLEMENT:
        fate.supplements = 2 if rng.random() < SECOND_SUPPLEMENT else 1
        if fate.end == "returned" and rng.random() < ABANDONED_SUPPLEMENT:
            fate.end, fate.supplements = "abandoned", 1
    fate.late = fate.end == "returned" and rng.random() < LATE
    fate.extended = fate.late and rng.random() < EXTENDED
    fate.still_late = fate.extended and rng.random() < STILL_LATE
    fate.send_back = rng.random() < SEND_BACK
    fate.leader_assigns = rng.random() < LEADER_ASSIGNS
    return fate


Action = Callable[[datetime], None]


@dataclass
class Cast:
    """Who does what on one dossier."""

    officer: Staff  # the desk: receives, completes supplements, returns
    worker: Staff  # works the first processing step (the specialist)
    assigner: Staff  # gives the first processing step to the worker (the worker, or the leader)
    leader: Staff  # approves, sends back, extends, refuses, stops
    processing: list  # the processing steps, between reception and return


def script(story: Story, fate: Fate, rng: random.Random, world: World) -> Iterator[tuple[datetime, Action]]:
    """(when, action) pairs in time order. Later times may depend on what earlier actions did (a supplement moves
    the appointment), so the caller runs each action before asking for the next one."""
    cal, d, officer = story.cal, story.d, story.desk.officer
    day = cal.standard_day_seconds / 60
    received = d["submitted_at"]
    if d["channel"] == Channel.ONLINE:
        received = _after(cal, received, rng.uniform(10, 1.5 * day))  # the desk checks it within a day or so
        if fate.end == "desk_refused":
            yield received, lambda at: story.close(at, officer, "refuse", DESK_REFUSAL)
            return
        yield received, lambda at: story.accept(at, officer)
    cast = _cast(story, fate, world)
    limit = cal.working_time_between(received, d["due_at"])  # minutes
    if fate.late:
        total = limit + rng.uniform(0.2, 4.0) * day
    else:
        total = limit * min(0.98, max(0.12, rng.betavariate(2.2, 1.8)))
    paused = 0.0  # working minutes spent waiting for supplements so far
    for offset, what in _plan(fate, rng, cast, total, limit, day):
        at = _after(cal, received, offset + paused)
        if what == "supplement":
            wait = yield from _supplement(story, fate, rng, cast, at, day)
            if wait is None:
                return  # never completed: the dossier was stopped
            paused += wait
        elif what == "approve":
            yield at, lambda at: story.approve(at, cast.leader)
            yield from _return(story, at, rng, day)
        elif what in {"refused", "stopped", "withdrawn"}:
            yield at, _closing(story, rng, cast, what)
            return
        else:
            yield at, _act(story, fate, rng, cast, what, total, limit, day)


def _after(cal: WorkingCalendar, at: datetime, minutes: float) -> datetime:
    """The instant `minutes` working minutes after `at` (at least one: actions never share a timestamp)."""
    return cal.due(at, round(max(minutes, 1.0) / 60, 6), "working_hour")


def _cast(story: Story, fate: Fate, world: World) -> Cast:
    processing = story.steps[1 : _last_processing([s.spec for s in story.steps]) + 1]
    first = processing[0].spec
    worker = world.workers[(first.role, first.agency_id)]
    leader = world.leaders[processing[-1].spec.agency_id]
    assigner = world.workers.get((Role.LEADER, first.agency_id), worker) if fate.leader_assigns else worker
    return Cast(story.desk.officer, worker, assigner, leader, processing)


def _plan(
    fate: Fate, rng: random.Random, cast: Cast, total: float, limit: float, day: float
) -> list[tuple[float, str]]:
    """The actions after reception, at their offsets in working minutes of handling (supplement waits excluded)."""
    plan: list[tuple[float, str]] = []
    assign_at = min(total * 0.2, 2 + rng.expovariate(1 / (0.6 * day)))  # picked up within a day or so
    if cast.processing[0].spec.role in (Role.SPECIALIST, Role.LEADER):  # who may be assigned a step
        plan.append((assign_at, "assign"))
    hand_over = [total * w for w in _splits(rng, cast.processing)]  # when each processing step hands on
    plan += [(at, f"forward:{i}") for i, at in enumerate(hand_over[:-1])]
    plan.append((total, "approve"))
    if fate.send_back and len(cast.processing) == 2:  # the leader sends it back once, the specialist redoes it
        plan.append((hand_over[0] + (hand_over[1] - hand_over[0]) * 0.4, "send_back"))
        plan.append((hand_over[0] + (hand_over[1] - hand_over[0]) * 0.6, "forward:0"))
    for n in range(fate.supplements):  # asked for during the appraisal
        share = rng.uniform(0.1, 0.45) if n == 0 else rng.uniform(0.55, 0.9)
        plan.append((assign_at + (hand_over[0] - assign_at) * share, "supplement"))
    if fate.end in {"refused", "stopped", "withdrawn"}:
        closing = rng.uniform(0.0 if fate.end == "withdrawn" else assign_at, hand_over[0])
        plan = [item for item in plan if item[0] < closing] + [(closing, fate.end)]
    if fate.extended:  # the apology comes before the first appointment passes
        plan.append((max(assign_at + 1, limit - rng.uniform(30, 300)), "extend"))
    return sorted(plan, key=lambda item: item[0])


def _act(story: Story, fate: Fate, rng: random.Random, cast: Cast, what: str, total: float, limit: float,
         day: float) -> Action:  # fmt: skip
    if what == "assign":
        return lambda at: story.assign(at, cast.assigner, cast.worker)
    if what.startswith("forward:"):
        step = cast.processing[int(what.split(":")[1])].spec
        actor = cast.worker if step is cast.processing[0].spec else story.world.workers[(step.role, step.agency_id)]
        return lambda at: story.forward(at, actor)
    if what == "send_back":
        return lambda at: story.send_back(at, cast.leader, rng.choice(SEND_BACK_REASONS))
    if what == "extend":
        return lambda at: story.extend(at, cast.leader, rng.choice(EXTENSION_REASONS),
                                       _new_due(story, fate, total, limit, day))  # fmt: skip
    raise ValueError(what)


def _closing(story: Story, rng: random.Random, cast: Cast, what: str) -> Action:
    action = {"refused": "refuse", "stopped": "stop", "withdrawn": "withdraw"}[what]
    reasons = {"refuse": REFUSAL_REASONS, "stop": STOP_REASONS, "withdraw": WITHDRAW_REASONS}[action]
    actor = cast.officer if action == "withdraw" else cast.leader  # the applicant withdraws at the desk
    return lambda at: story.close(at, actor, action, rng.choice(reasons))


def _supplement(story: Story, fate: Fate, rng: random.Random, cast: Cast, at: datetime, day: float):
    """Request a supplement, then the applicant brings it some days later (the pause, in working minutes, is
    returned), or never does and the leader stops the dossier (None)."""
    items = [name for name, _o, _c in story.documents[:2]] or ["Tờ khai"]
    yield at, lambda at: story.request_supplement(at, cast.worker, rng.choice(SUPPLEMENT_REASONS), items)
    if fate.end == "abandoned":
        stop = _after(story.cal, at, rng.uniform(25, 50) * day)
        yield stop, lambda at: story.close(at, cast.leader, "stop", ABANDONED_REASON)
        return None
    wait = rng.uniform(0.5, 8) * day
    yield _after(story.cal, at, wait), lambda at: story.complete_supplement(at, cast.officer)
    return wait


def _splits(rng: random.Random, processing: list) -> list[float]:
    """Cumulative shares of the processing time at which each processing step is done, by its time budget."""
    weights = [float(s.spec.budget_amount or 1) * rng.uniform(0.7, 1.3) for s in processing]
    total = sum(weights)
    return [w / total for w in accumulate(weights)]


def _new_due(story: Story, fate: Fate, total: float, limit: float, day: float) -> datetime:
    """The new appointment of an apology letter: after the expected finish, or (still late) not quite."""
    overrun_days = (total - limit) / day
    days = max(1, math.floor(overrun_days)) if fate.still_late else math.ceil(overrun_days) + 1
    return story.cal.due(story.d["due_at"], days, "working_day").replace(microsecond=0)


def _return(story: Story, ready: datetime, rng: random.Random, day: float):
    """The result goes back: picked up at the counter some days later, posted, or sent online."""
    method = story.d["return_method"]
    if story.d["channel"] == Channel.ONLINE and rng.random() < 0.4:
        method = ReturnMethod.ONLINE
    if method == ReturnMethod.ONLINE:
        wait = rng.uniform(5, 120)
    elif method == ReturnMethod.POST:
        wait = rng.uniform(0.3, 2) * day
    else:
        wait = min(20 * day, 5 + rng.expovariate(1 / (1.5 * day)))
    receipt = f"BL{story.d['id'] % 10**7:07d}"
    officer = story.desk.officer
    yield _after(story.cal, ready, wait), lambda at: story.return_result(at, officer, method, receipt)


# --- arrivals: who comes when, with what ---------------------------------------------------------------


@dataclass(frozen=True)
class Arrival:
    at: datetime
    desk: Desk
    offer: Offer
    channel: str


class Arrivals:
    """Reception times over the year, in time order: counter and postal dossiers in office hours of working
    days (mornings busier, Mondays too), online ones at any hour of any day (evenings busier)."""

    def __init__(self, world: World, rng: random.Random, end: datetime):
        self.world, self.rng, self.end = world, rng, end
        self.tz = timezone.get_current_timezone()
        self.calendar = calendar_for()
        for desk in world.desks:
            _weigh_offers(desk.offers, rng)
            desk.office_offers = [o for o in desk.offers if Channel.COUNTER in o.limits or Channel.POSTAL in o.limits]
            desk.office_cum = list(accumulate(o.weight for o in desk.office_offers))
            desk.online_offers = [o for o in desk.offers if Channel.ONLINE in o.limits]
            desk.online_cum = list(accumulate(o.weight for o in desk.online_offers))
        self.office = [d for d in world.desks if d.office_offers]
        self.office_cum = list(accumulate(d.weight for d in self.office))
        self.online = [d for d in world.desks if d.online_offers]
        self.online_cum = list(accumulate(d.weight for d in self.online))

    def days(self, count: int) -> Iterator[tuple[date, int, int]]:
        """(day, office arrivals, online arrivals) for the 365 days up to `end`, in order."""
        last = timezone.localtime(self.end, self.tz).date()
        days = [last - timedelta(days=n) for n in range(364, -1, -1)]
        office = [sum(e - s for s, e in self._periods(day)) * (1.15 if day.weekday() == 0 else 1.0) for day in days]
        online = [self._online_span(day) * (0.6 if day.weekday() >= 5 else 1.0) for day in days]
        office_share = 1.0 if not self.online else 1 - ONLINE_SHARE
        weights = []  # slot 2i: day i at the counter, 2i + 1: day i online; shares of the whole year
        for at_desk, on_line in zip(office, online, strict=True):
            weights += [at_desk / sum(office) * office_share, on_line / sum(online) * (1 - office_share)]
        picked = Tally(self.rng.choices(range(len(weights)), weights=weights, k=count))
        for i, day in enumerate(days):
            yield day, picked.get(2 * i, 0), picked.get(2 * i + 1, 0)

    def on(self, day: date, office: int, online: int) -> list[Arrival]:
        rng, draw = self.rng, _draw
        arrivals = []
        for _ in range(office):
            desk = draw(rng, self.office, self.office_cum)
            offer = draw(rng, desk.office_offers, desk.office_cum)
            channel = Channel.POSTAL if rng.random() < POSTAL_DRAW else Channel.COUNTER
            if channel not in offer.limits:  # these offers have the counter or the post, or both
                channel = Channel.COUNTER if channel == Channel.POSTAL else Channel.POSTAL
            arrivals.append(Arrival(self._office_time(day), desk, offer, channel))
        for _ in range(online):
            desk = draw(rng, self.online, self.online_cum)
            arrivals.append(Arrival(self._online_time(day), desk, draw(rng, desk.online_offers, desk.online_cum),
                                    Channel.ONLINE))  # fmt: skip
        arrivals.sort(key=lambda a: a.at)
        return arrivals

    def _periods(self, day: date) -> list[tuple[int, int]]:
        """The day's office periods, cut at `end` on its last day. One calendar for the province's desks: the
        demo's centres share the province's office hours."""
        periods = list(self.calendar.day(day))
        local_end = timezone.localtime(self.end, self.tz)
        if day == local_end.date():
            now = local_end.hour * 3600 + local_end.minute * 60 + local_end.second
            periods = [(s, min(e, now)) for s, e in periods if s < now]
        return periods

    def _online_span(self, day: date) -> int:
        local_end = timezone.localtime(self.end, self.tz)
        if day == local_end.date():
            return local_end.hour * 3600 + local_end.minute * 60 + local_end.second
        return 86400

    def _office_time(self, day: date) -> datetime:
        periods = self._periods(day)
        weights = [(e - s) * (1.3 if s < 12 * 3600 else 1.0) for s, e in periods]
        start, stop = self.rng.choices(periods, weights=weights)[0]
        return self._at(day, self.rng.uniform(start, stop))

    def _online_time(self, day: date) -> datetime:
        span = self._online_span(day)
        while True:  # evenings busier than nights: a simple rejection against an hourly profile
            second = self.rng.uniform(0, span)
            if self.rng.random() < ONLINE_HOURLY[int(second // 3600)]:
                return self._at(day, second)

    def _at(self, day: date, second: float) -> datetime:
        whole = int(second)
        moment = datetime.combine(day, time(whole // 3600, whole % 3600 // 60, whole % 60, int((second % 1) * 1e6)))
        return moment.replace(tzinfo=self.tz)


ONLINE_HOURLY = (0.05, 0.03, 0.02, 0.02, 0.03, 0.1, 0.3, 0.6, 0.9, 1.0, 1.0, 0.9, 0.6, 0.7, 0.9, 1.0, 0.9, 0.8, 0.7,
                 0.8, 0.9, 0.8, 0.5, 0.2)  # fmt: skip


def _draw(rng: random.Random, items: list, cumulative: list[float]):
    return items[bisect_right(cumulative, rng.random() * cumulative[-1])]


def _weigh_offers(offers: list[Offer], rng: random.Random) -> None:
    """A few procedures make most dossiers: Zipf-like weights over a seeded order, popular names first."""
    order = list(range(len(offers)))
    rng.shuffle(order)
    for rank, i in enumerate(order):
        folded = text.fold(offers[i].name)
        boost = max((b for words, b in POPULAR.items() if words in folded), default=1)
        offers[i].weight = boost / (rank + 1) ** 0.8


# --- writing -----------------------------------------------------------------------------------------------


def reserve_ids(model, n: int) -> list[int]:
    """`n` primary keys nobody else will take: from the sequence on PostgreSQL; on SQLite the write lock the
    transaction holds (IMMEDIATE) makes max(id) safe."""
    if n == 0:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, n],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + n))


class Sequences:
    """The agencies' daily code numbers: read once, continued in memory, written back with each batch."""

    def __init__(self, agency_ids: list[int], first_day: date):
        self.last: dict[tuple[int, date], int] = {
            (a, d): n
            for a, d, n in DailySequence.objects.filter(agency_id__in=agency_ids, day__gte=first_day).values_list(
                "agency_id", "day", "last"
            )
        }
        self.touched: set[tuple[int, date]] = set()

    def next(self, agency_id: int, day: date) -> int:
        key = (agency_id, day)
        self.last[key] = number = self.last.get(key, 0) + 1
        self.touched.add(key)
        return number

    def flush(self) -> None:
        rows = [DailySequence(agency_id=a, day=d, last=self.last[(a, d)]) for a, d in sorted(self.touched)]
        DailySequence.objects.bulk_create(rows, update_conflicts=True, unique_fields=["agency", "day"],
                                          update_fields=["last"], batch_size=500)  # fmt: skip
        self.touched.clear()


class Table:
    """INSERTs many rows of one model with `executemany`, each value adapted the way the model's field adapts
    it for this database. Rows are dicts by attribute name (a missing one takes the field's default).

    Why not `bulk_create`: building model instances and compiling the INSERT per chunk of 999 parameters
    (SQLite) took ~80% of the generator's time (about 700 dossiers/s in all); this does the same writes several
    times faster (COPY on PostgreSQL). Only for rows whose every value the caller computed: no signals, no
    auto_now."""

    def __init__(self, model) -> None:
        fields = model._meta.concrete_fields
        quote = connection.ops.quote_name
        self.defaults = {f.attname: f.get_default() for f in fields}
        self.values = itemgetter(*self.defaults)
        self.adapters = [(i, _adapter(f)) for i, f in enumerate(fields) if _adapter(f) is not None]
        columns = f"{quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
        self.sql = f"INSERT INTO {columns} VALUES ({', '.join(['%s'] * len(fields))})"
        self.copy = f"COPY {columns} FROM STDIN"

    def insert(self, rows: list[dict]) -> None:
        if not rows:
            return
        defaults, values, adapters = self.defaults, self.values, self.adapters
        params = []
        for row in rows:
            try:
                row_values = list(values(row))
            except KeyError:  # some fields left to their defaults
                row_values = list(values(defaults | row))
            for i, adapt in adapters:
                row_values[i] = adapt(row_values[i])
            params.append(row_values)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: the 20k build went from 1,300 to 2,100 dossiers/s
                with cursor.cursor.copy(self.copy) as copy:
                    for row in params:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, params)


def _adapter(model_field) -> Callable | None:
    """The conversion Django's field would make before the driver sees the value (None: as it is)."""
    ops = connection.ops  # bound once: every access to `connection` goes through a thread-local look-up
    if isinstance(model_field, models.JSONField):
        encoder = model_field.encoder
        return lambda value: ops.adapt_json_value(value, encoder)
    if isinstance(model_field, models.DateTimeField) and connection.vendor == "sqlite":
        zone = connection.timezone  # SQLite stores naive text in the connection's zone (UTC), as Django does
        if zone.utcoffset(None) == timedelta(0):  # str() of the naive UTC time = ISO text minus "+00:00"
            return lambda value: None if value is None else value.astimezone(UTC).isoformat(" ")[:-6]
        return lambda value: None if value is None else str(value.astimezone(zone).replace(tzinfo=None))
    return None


def _write(stories: list[Story], people: list[Person], tables: dict) -> None:
    """Insert a batch: applicants, dossiers, steps, documents, fees, events (ids reserved, links set first)."""
    for person, pk in zip(people, reserve_ids(Applicant, len(people)), strict=True):
        person.pk = pk
    tables[Applicant].insert([
        {"id": x.pk, "kind": x.kind, "id_number": x.id_number, "name": x.name, "phone": x.phone, "email": x.email,
         "address": x.address, "updated_at": x.updated_at}
        for x in people
    ])  # fmt: skip
    steps = [(story, s) for story in stories for s in story.steps]
    for (_story, step), pk in zip(steps, reserve_ids(DossierStep, len(steps)), strict=True):
        step.pk = pk
    for story in stories:
        story.d["applicant_id"] = story.person.pk
        story.d["current_step_id"] = story.current.pk if story.current is not None else None
    tables[Dossier].insert([story.d for story in stories])
    tables[DossierStep].insert([
        {"id": s.pk, "dossier_id": story.d["id"], "position": s.position, "name": s.spec.name,
         "public_name": s.spec.public_name, "role": s.spec.role, "agency_id": s.spec.agency_id,
         "budget_amount": s.spec.budget_amount, "budget_unit": s.spec.budget_unit, "started_at": s.started_at,
         "due_at": s.due_at, "finished_at": s.finished_at, "assignee_id": s.assignee_id, "timeliness": s.timeliness}
        for story, s in steps
    ])  # fmt: skip
    recorded = [story for story in stories if story.record]
    documents = [(story, i, doc) for story in recorded for i, doc in enumerate(story.documents, start=1)]
    tables[DossierDocument].insert([
        {"id": pk, "dossier_id": story.d["id"], "position": i, "name": name, "originals": originals, "copies": copies}
        for (story, i, (name, originals, copies)), pk in zip(documents, reserve_ids(DossierDocument, len(documents)),
                                                              strict=True)
    ])  # fmt: skip
    fees = [(story, fee) for story in recorded for fee in story.fees]
    ids = reserve_ids(DossierFee, len(fees))
    tables[DossierFee].insert(
        [fee | {"id": pk, "dossier_id": story.d["id"]} for (story, fee), pk in zip(fees, ids, strict=True)]
    )
    events = [e for story in recorded for e in story.events]
    ids = reserve_ids(DossierEvent, len(events))
    tables[DossierEvent].insert([vars(e) | {"id": pk} for e, pk in zip(events, ids, strict=True)])


# --- the entry point ---------------------------------------------------------------------------------------


def generate_history(
    *,
    count: int,
    seed: int = 2026,
    end: datetime | None = None,
    progress: Callable[[str], None] = lambda _m: None,
    history_every: int = 1,
) -> int:
    """Create `count` dossiers received over the 12 months before `end` (default now) in the demo province.

    `history_every` > 1 keeps documents, fees and events for every Nth dossier only (the others keep their
    dossier row, applicant and steps, and a version that counts the actions they went through): the
    benchmarks build a million dossiers that way. Returns the number of dossiers created.
    """
    if count <= 0:
        return 0
    world = load_world()
    if not world.desks:
        progress("no agency of the demo province has procedures and staff: no dossier history generated")
        return 0
    run = Run(world, seed=seed, end=end or timezone.now(), history_every=history_every)
    pending: list[Arrival] = []
    for day, office, online in run.arrivals.days(count):
        pending += run.arrivals.on(day, office, online)
        while len(pending) >= BATCH:
            run.batch(pending[:BATCH])
            pending = pending[BATCH:]
            progress(f"dossier history: {run.made:,}/{count:,}")
    if pending:
        run.batch(pending)
        progress(f"dossier history: {run.made:,}/{count:,}")
    return run.made


class Run:
    """One generation: the random stream, the sequences and people so far, the tables written to."""

    def __init__(self, world: World, *, seed: int, end: datetime, history_every: int):
        existing = Dossier.objects.filter(province=world.province).count()
        self.world, self.end, self.history_every, self.made = world, end, max(1, history_every), 0
        self.rng = random.Random(f"{seed}:{existing}")  # a top-up run draws other dossiers than the first
        self.arrivals = Arrivals(world, self.rng, end)
        first_day = timezone.localtime(end).date() - timedelta(days=364)
        self.sequences = Sequences([d.agency_id for d in world.desks], first_day)
        self.people = People(self.rng, world.commune_names)
        self.tables = {
            m: Table(m) for m in (Applicant, Dossier, DossierStep, DossierDocument, DossierFee, DossierEvent)
        }

    def batch(self, arrivals: list[Arrival]) -> None:
        """Live and write one batch in one transaction (its codes and sequences with it)."""
        applicants = [self.people.pick(ORGANISATION_SHARE.get(a.desk.key, 0.03),
                                       a.desk.short_name if a.desk.is_commune else None) for a in arrivals]  # fmt: skip
        for arrival, person in zip(arrivals, applicants, strict=True):
            person.updated_at = person.updated_at or arrival.at
        new_people = list({id(x): x for x in applicants if x.pk is None}.values())
        with transaction.atomic():
            _reuse_existing(new_people)  # before the stories: the dossiers' snapshots are taken from them
            ids = reserve_ids(Dossier, len(arrivals))
            stories = [
                self.live(arrival, person, dossier_id, record=(self.made + n) % self.history_every == 0)
                for n, (arrival, person, dossier_id) in enumerate(zip(arrivals, applicants, ids, strict=True))
            ]
            _write(stories, [x for x in new_people if x.pk is None], self.tables)
            self.sequences.flush()
        self.made += len(arrivals)

    def live(self, arrival: Arrival, person: Person, dossier_id: int, *, record: bool) -> Story:
        """The dossier as it stands at `end`: received with the next code of its agency's day, then its script
        played up to `end`."""
        rng, desk, offer, channel = self.rng, arrival.desk, arrival.offer, arrival.channel
        day = arrival.at.date()
        code = f"{desk.code}-{day:%y%m%d}-{self.sequences.next(desk.agency_id, day):04d}"
        secret = "".join(rng.choices(SECRET_ALPHABET, k=8))
        story = Story(world=self.world, desk=desk, offer=offer, channel=channel, person=person, code=code,
                      secret=secret, dossier_id=dossier_id, submitted_at=arrival.at, record=record)  # fmt: skip
        fee = offer.fees.get(channel)
        if fee is not None:
            story.fees.append(_fee(rng, fee, channel, dossier_id))
        if channel == Channel.ONLINE:
            story.submit(arrival.at, desk.officer)
        else:
            story.receive(arrival.at, desk.officer)
        for at, action in script(story, draw_fate(rng, channel == Channel.ONLINE), rng, self.world):
            if at > self.end:
                break
            action(at)
        return story


def _fee(rng: random.Random, fee: tuple[str, int], channel: str, dossier_id: int) -> dict:
    """The procedure's fee as a DossierFee: paid at reception (cash or transfer) or due at the return."""
    method = ""
    if rng.random() >= FEE_AT_RETURN:
        method = "transfer" if channel == Channel.ONLINE else rng.choice(("cash", "cash", "transfer"))
    return {"label": fee[0], "amount": fee[1], "currency": "VND", "paid_at": None, "method": method,
            "receipt_number": f"BL{dossier_id % 10**7:07d}" if method else "",
            "due_at_stage": "reception" if method else "return"}  # fmt: skip


def _reuse_existing(new_people: list[Person]) -> None:
    """Applicants already in the database (an earlier run, a real reception) are the same people."""
    numbers = {x.id_number: x for x in new_people}
    for pk, number, name, kind, phone, email, address in Applicant.objects.filter(id_number__in=numbers).values_list(
        "pk", "id_number", "name", "kind", "phone", "email", "address"
    ):
        person = numbers[number]
        person.pk, person.name, person.kind, person.phone, person.email, person.address = (
            pk, name, kind, phone, email, address,
        )  # fmt: skip
