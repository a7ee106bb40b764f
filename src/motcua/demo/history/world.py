"""What the generator knows about the demo province, read once: desks, the procedures they offer, staff."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from motcua.catalog.models import AgencyProcedure, ChannelFee, ProcedureChannel, Process, RequiredDocument
from motcua.catalog.processes import default_steps
from motcua.core import text
from motcua.core.models import Agency, Centre, Role, RoleAssignment
from motcua.demo import province as p
from motcua.demo.history.vocabulary import AGENCY_WEIGHTS
from motcua.workdays.engine import WorkingCalendar
from motcua.workdays.selectors import calendar_for


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
    keys = {
        s.code: s.key
        for s in [
            p.PEOPLES_COMMITTEE,
            *p.DEPARTMENTS,
            *p.DIVISIONS,
            *p.CENTRAL_BRANCHES,
            *p.STATE_ENTERPRISES,
            *p.COMMUNES,
        ]
    }
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
        agency_id=agency.pk,
        code=agency.code,
        name=agency.name,
        short_name=agency.short_name or agency.name,
        key=key,
        is_commune=agency.kind == "commune_committee",
        province_id=agency.province_id or agency.pk,
        officer=officer,
        centre_id=centre.pk if centre else None,
        counter_id=officer.counter_id,
        calendar=calendar_for(centre),
        weight=AGENCY_WEIGHTS.get(key, 1.0),
    )


def _attach_offers(desks: list[Desk], workers: dict[tuple[str, int], Staff]) -> None:
    """The published procedures of each desk, with limits, fees, documents and steps per channel."""
    by_agency = {d.agency_id: d for d in desks}
    published = "procedure__published_version"
    links = list(
        AgencyProcedure.objects.filter(
            is_active=True, agency_id__in=by_agency, **{f"{published}__isnull": False}
        ).values_list("agency_id", "procedure_id", f"{published}_id", f"{published}__name")
    )
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
        offer = Offer(
            procedure_id,
            version_id,
            name,
            limits[version_id],
            {},
            fees.get(version_id, {}),
            documents.get(version_id, []),
        )
        for channel, (amount, unit) in list(offer.limits.items()):
            steps = processes.get((procedure_id, agency_id, channel), processes.get((procedure_id, agency_id, "")))
            if not steps:  # no process of the agency's own (or an empty one): the default split, as plan_steps
                steps = [
                    StepSpec(s.name, s.name, s.role, agency_id, s.amount, s.unit or "")
                    for s in default_steps(amount, unit)
                ]
            offer.steps[channel] = steps
        if offer.limits and all(_workable(steps, workers) for steps in offer.steps.values()):
            desk.offers.append(offer)


def _processes(agency_ids: set[int]) -> dict[tuple[int, int, str], list[StepSpec]]:
    """Internal processes defined by the agencies (per channel, or "" for all), as `plan_steps` reads them."""
    return {
        (process.procedure_id, process.agency_id, process.channel): [
            StepSpec(
                s.name, s.public_name or s.name, s.role, s.unit_id or process.agency_id, s.budget_amount, s.budget_unit
            )
            for s in process.steps.all()
        ]
        for process in Process.objects.filter(agency_id__in=agency_ids).prefetch_related("steps")
    }


def _workable(steps: list[StepSpec], workers: dict[tuple[str, int], Staff]) -> bool:
    """Every step has someone to act on it and the last processing step a leader: otherwise the services
    would leave such dossiers stuck (e.g. the People's Committee has no specialists in the demo)."""
    if len(steps) < 2:
        return False
    last = last_processing(steps)
    return all((s.role, s.agency_id) in workers for s in steps[1:]) and (Role.LEADER, steps[last].agency_id) in workers


def last_processing(steps: list) -> int:
    """Index of the step whose approval makes the result ready (as `access.last_processing_position`)."""
    if steps[-1].role == Role.COUNTER_OFFICER and len(steps) > 2:
        return len(steps) - 2
    return len(steps) - 1
