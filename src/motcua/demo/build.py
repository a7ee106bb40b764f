"""Builds the demo province through the services; running it again changes nothing that exists."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from motcua.accounts.services import Contact, create_account, profile_for
from motcua.catalog.importers import reader
from motcua.catalog.services import ImportReport, attach_procedures_to_agencies, import_catalog
from motcua.core.models import Agency, Centre, Counter, Role
from motcua.core.services import upsert_agency, upsert_centre, upsert_counter, upsert_staff
from motcua.demo import province as p
from motcua.demo.connectors import connect_demo
from motcua.demo.floor import book_visits, build_areas, play_morning
from motcua.demo.history import generate_history
from motcua.demo.history.tables import analyze
from motcua.demo.identity import set_up_national_identity
from motcua.demo.lienthong import play_lienthong
from motcua.demo.online import play_fully_online
from motcua.demo.opinions import generate_feedback, generate_ratings
from motcua.demo.signing import TOKEN_AGENCY, set_up_signing
from motcua.dossiers.models import Applicant, Dossier
from motcua.feedback.models import Feedback, Rating, RatingScore
from motcua.stats.models import Target
from motcua.stats.selectors.figures import Scope, summary
from motcua.stats.services import rebuild_procedure_counts
from motcua.stats.services.rebuild import rebuild_figures
from motcua.stats.services.targets import set_default_target
from motcua.workdays.models import WEEKDAYS
from motcua.workdays.services import load_official_schedules, save_work_schedule
from motcua.workdays.sources import parse_official

OFFICIAL_CALENDAR = "vn-civil-service-2024-2026.json"
SAMPLE_CATALOG = Path(__file__).resolve().parent.parent / "catalog" / "sample" / "sample-catalog.json"
SHARED_SOURCES = [
    ("national-portal-pages.jsonl.gz", "national-portal"),
    ("ministry-doc-exports.jsonl.gz", "ministry-export"),
    # What every commune handles daily (birth, marriage, residence, certification, "khai sinh + BHYT").
    ("core-commune-procedures.jsonl.gz", "national-portal"),
]


@dataclass
class Login:
    username: str
    role: str
    where: str


@dataclass
class DemoResult:
    logins: list[Login] = field(default_factory=list)
    imports: list[tuple[str, ImportReport]] = field(default_factory=list)
    catalog_source: str = ""
    counters: int = 0
    communes: int = 0
    calendar_years: list[int] = field(default_factory=list)
    dossiers_generated: int = 0
    dossiers_before: int = 0  # the province's dossiers before this run (a re-run tops up to the number asked)
    dossiers_seconds: float = 0.0
    ratings: int = 0  # ratings given by this run
    feedback: int = 0  # feedback letters written by this run
    figures_seconds: float = 0.0  # the statistics recounted from the history (0: nothing new to count)
    areas: int = 0  # service areas of the centres' floors
    bookings: int = 0  # visits booked online by this run
    tickets: int = 0  # queue tickets of this morning played by this run (0: the centre had some already)
    signing: list[str] = field(default_factory=list)  # what the demo's signing keys are (demo/signing.py)
    online: list[str] = field(default_factory=list)  # the fully online dossier played (demo/online.py)
    connectors: list[str] = field(default_factory=list)  # what the national portal is owed (demo/connectors.py)


# The province's targets (Target.Measure: at least this percent), as a province sets them for its centres.
TARGETS = {
    Target.Measure.ON_TIME: Decimal(95),
    Target.Measure.ON_THE_SPOT_OR_ONLINE: Decimal(20),
    Target.Measure.SATISFIED: Decimal(90),
    Target.Measure.DIGITISED: Decimal(80),
}


def build_demo(
    *,
    catalog_dir: Path | None = None,
    with_catalog: bool = True,
    progress: Callable[[str], None] = lambda _m: None,
    dossiers: int = 0,
) -> DemoResult:
    """The demo province; with `dossiers`, also a year of dossier history, topped up to that many dossiers."""
    result = DemoResult()
    with transaction.atomic():
        agencies = _organisation()
        centre_counters = _centres(agencies, result)
        _staff(agencies, centre_counters, result)
        for centre in Centre.objects.filter(agency__in=agencies.values()):
            result.areas += len(build_areas(centre))
    result.signing = set_up_signing(agencies, province_name=agencies[p.PEOPLES_COMMITTEE.key].name)
    _calendar(settings.SHARED_DATA_DIR / "calendar" / OFFICIAL_CALENDAR, result)
    if with_catalog:
        _catalog(catalog_dir or settings.SHARED_DATA_DIR / "catalog", result, progress)
    province = agencies[p.PEOPLES_COMMITTEE.key]
    for measure, percent in TARGETS.items():
        set_default_target(agency=province, measure=measure, percent=percent)
    if dossiers > 0:
        _history(province, dossiers, result, progress)
    phone = _citizen(result)
    result.logins.append(Login(*set_up_national_identity(citizen_phone=phone)))
    if settings.DEMO_PLAY_DOSSIERS:  # the showcase dossiers of today, played through the services
        result.online = play_fully_online(agency=agencies[TOKEN_AGENCY], citizen_phone=phone)
        result.online += play_lienthong(agencies)
    provincial = Centre.objects.get(code=p.PROVINCIAL_CENTRE)
    result.tickets = play_morning(provincial)
    result.bookings = book_visits(provincial)
    result.connectors = connect_demo()
    return result


def _citizen(result: DemoResult) -> str:
    """A citizen's account for the portal: the applicant with the most dossiers in the history (they show in
    "my dossiers"), or a newcomer when there is no history."""
    busiest = (
        Applicant.objects.filter(checked_at__isnull=False, kind="person")
        .exclude(phone="")
        .annotate(n=Count("dossiers"))
        .order_by("-n", "pk")
        .values("name", "phone")
        .first()
    )
    name, phone = (busiest["name"], busiest["phone"]) if busiest else ("Nguyễn Thị Hương", p.DEMO_CITIZEN_PHONE)
    contact = Contact("phone", phone)
    if profile_for(contact) is None:
        create_account(name=name, contact=contact, password_hash=make_password(p.DEMO_PASSWORD))
    result.logins.append(Login(phone, "citizen", f"{name}, on the portal: /tai-khoan/dang-nhap/"))
    return phone


def _history(province: Agency, wanted: int, result: DemoResult, progress: Callable[[str], None]) -> None:
    """Dossiers received over the last 12 months; only what is missing, so running the demo again adds none."""
    result.dossiers_before = Dossier.objects.filter(province=province).count()
    started = time.perf_counter()
    result.dossiers_generated = generate_history(count=wanted - result.dossiers_before, progress=progress)
    result.dossiers_seconds = time.perf_counter() - started
    # The history is written in bulk, past the services that keep the counters: count it once, from the dossiers.
    rebuild_procedure_counts(province_id=province.pk)
    result.ratings = generate_ratings(province=province)
    result.feedback = generate_feedback(province=province)
    _figures(province, result, progress)


def _figures(province: Agency, result: DemoResult, progress: Callable[[str], None]) -> None:
    """The statistics are kept by subscribers of the services' events, which the bulk history bypasses: recount
    them from the history's first month to today, when this run wrote something (or they were never counted)."""
    first = Dossier.objects.filter(province=province).aggregate(first=Min("submitted_at"))["first"]
    if first is None:
        return
    start, today = timezone.localdate(first).replace(day=1), timezone.localdate()
    wrote = result.dossiers_generated or result.ratings or result.feedback
    agencies = frozenset(Agency.objects.filter(Q(pk=province.pk) | Q(province=province)).values_list("pk", flat=True))
    if not wrote and summary(Scope(start=start, end=today, agency_ids=agencies)).received:
        return
    progress("statistics: recounting the figures from the history")
    started = time.perf_counter()
    analyze([Rating, RatingScore, Feedback])  # written in bulk too
    rebuild_figures(start=start, end=today, province_id=province.pk)
    result.figures_seconds = time.perf_counter() - started


def _calendar(path: Path, result: DemoResult) -> None:
    """The province's office hours and, where the shared data has it, the official 2024–2026 calendar."""
    save_work_schedule(name=f"Giờ làm việc {p.PROVINCE_NAME}", weekly=dict.fromkeys(WEEKDAYS[:5], p.OFFICE_HOURS))
    if path.exists():
        report = load_official_schedules(
            schedules=parse_official(json.loads(path.read_text("utf-8"))), source=path.name
        )
        result.calendar_years = report.years


def _organisation() -> dict[str, Agency]:
    committee = p.PEOPLES_COMMITTEE
    root = upsert_agency(
        code=committee.code,
        name=committee.name,
        short_name=committee.short_name,
        level="province",
        kind=committee.kind,
        catalog_names=committee.catalog_names,
    )
    agencies = {committee.key: root}
    for spec in [*p.DEPARTMENTS, *p.DIVISIONS, *p.CENTRAL_BRANCHES, *p.STATE_ENTERPRISES, *p.COMMUNES]:
        level = "commune" if spec.kind == "commune_committee" else "province"
        agencies[spec.key] = upsert_agency(
            code=spec.code,
            name=spec.name,
            short_name=spec.short_name,
            level=level,
            kind=spec.kind,
            parent=agencies[spec.parent] if spec.parent else root,
            catalog_names=spec.catalog_names,
        )
    return agencies


def _centres(agencies: dict[str, Agency], result: DemoResult) -> dict[str, Counter]:
    """The provincial centre with its 34 counters and a centre of 5 counters in every commune."""
    root = agencies[p.PEOPLES_COMMITTEE.key]
    centre = upsert_centre(
        code=p.PROVINCIAL_CENTRE,
        name=f"Trung tâm Phục vụ hành chính công {p.PROVINCE_NAME}",
        agency=root,
        address="Số 1 đường Trung tâm, phường Hòa An",
    )
    served = [a for a in agencies.values() if a.kind != "commune_committee"]  # the communes have their own centres
    number = 0
    first: dict[str, Counter] = {}
    for name in p.GENERAL_COUNTERS:
        number += 1
        first.setdefault("general", upsert_counter(centre=centre, number=number, name=name, agencies=served))
    for spec in [*p.DEPARTMENTS, *p.CENTRAL_BRANCHES, *p.STATE_ENTERPRISES]:
        for _i in range(spec.counters):
            number += 1
            agency = agencies[spec.key]
            units = [agency, *[agencies[d.key] for d in p.DIVISIONS if d.parent == spec.key]]
            counter = upsert_counter(centre=centre, number=number, name=spec.short_name or spec.name, agencies=units)
            first.setdefault(spec.key, counter)
    result.counters = number
    for spec in p.COMMUNES:
        commune = agencies[spec.key]
        commune_centre = upsert_centre(
            code=f"TTPVHCC-{spec.code}",
            name=f"Trung tâm Phục vụ hành chính công {spec.short_name.lower()}",
            agency=commune,
        )
        for i, name in enumerate(p.COMMUNE_COUNTERS, start=1):
            counter = upsert_counter(centre=commune_centre, number=i, name=name, agencies=[commune])
            first.setdefault(spec.key, counter)
    result.communes = len(p.COMMUNES)
    return first


def _staff(agencies: dict[str, Agency], counters: dict[str, Counter], result: DemoResult) -> None:
    root_key = p.PEOPLES_COMMITTEE.key
    root = agencies[root_key]
    password = p.DEMO_PASSWORD

    def add(
        username: str,
        full_name: str,
        role: str,
        agency: Agency,
        counter: Counter | None = None,
        *,
        include_subtree: bool = True,
    ) -> None:
        user = upsert_staff(
            username=username,
            full_name=full_name,
            password=password,
            roles=[(role, agency)],
            counter=counter,
            include_subtree=include_subtree,
        )
        if role == Role.ADMINISTRATOR and not user.is_superuser:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        result.logins.append(Login(username, role, agency.name))

    add("admin", "Quản trị hệ thống", Role.ADMINISTRATOR, root)
    add("giamsat", "Bộ phận Hỗ trợ – Giám sát", Role.SUPERVISOR, root)
    add("motcua", "Cán bộ một cửa Trung tâm", Role.COUNTER_OFFICER, root, counters["general"])
    centre = counters["general"].centre
    for number, username, full_name in ((2, "traketqua", "Cán bộ trả kết quả"), (3, "thuphi", "Cán bộ thu phí")):
        add(username, f"{full_name} Trung tâm", Role.COUNTER_OFFICER, root, centre.counters.get(number=number))
    # The centre's fee collector also collects for every agency of the centre (thu phí tập trung) at counter 3.
    upsert_staff(
        username="thuphi", full_name="Cán bộ thu phí Trung tâm", password=password, roles=[(Role.CASHIER, root)]
    )
    result.logins.append(Login("thuphi", Role.CASHIER, root.name))
    for spec in [*p.DEPARTMENTS, *p.CENTRAL_BRANCHES, *p.STATE_ENTERPRISES]:
        agency = agencies[spec.key]
        add(f"{spec.key}.chuyenvien", f"Chuyên viên {agency.name}", Role.SPECIALIST, agency)
        add(f"{spec.key}.lanhdao", f"Lãnh đạo {agency.name}", Role.LEADER, agency)
        if spec.key in counters:  # the agency's officer at its counter of the provincial centre
            add(f"{spec.key}.motcua", f"Cán bộ một cửa {agency.name}", Role.COUNTER_OFFICER, agency, counters[spec.key])
    # The provincial People's Committee's own procedures are prepared by its office (Văn phòng UBND tỉnh) and
    # signed by the province's leaders: roles at the committee itself only, not over every agency below it.
    office = next(spec for spec in p.DEPARTMENTS if spec.key == p.COMMITTEE_OFFICE)
    add(
        f"{office.key}.chuyenvien",
        f"Chuyên viên {agencies[office.key].name}",
        Role.SPECIALIST,
        root,
        include_subtree=False,
    )
    add(f"{root_key}.lanhdao", f"Lãnh đạo {root.name}", Role.LEADER, root, include_subtree=False)
    for spec in p.COMMUNES:
        agency = agencies[spec.key]
        add(f"{spec.key}.motcua", f"Cán bộ một cửa {spec.short_name}", Role.COUNTER_OFFICER, agency, counters[spec.key])
        add(f"{spec.key}.chuyenvien", f"Công chức {spec.short_name}", Role.SPECIALIST, agency)
        add(f"{spec.key}.lanhdao", f"Chủ tịch {spec.short_name}", Role.LEADER, agency)


def _catalog(catalog_dir: Path, result: DemoResult, progress: Callable[[str], None]) -> None:
    sources = [(catalog_dir / name, fmt) for name, fmt in SHARED_SOURCES if (catalog_dir / name).exists()]
    if sources:
        result.catalog_source = str(catalog_dir)
    else:
        sources = [(SAMPLE_CATALOG, "motcua-json")]
        result.catalog_source = f"{SAMPLE_CATALOG.name} (built-in sample; {catalog_dir} is absent)"
    for path, fmt in sources:
        progress(f"importing {path.name}")
        result.imports.append((path.name, import_catalog(parsed=reader(fmt)(path), attach=False)))
    attach_procedures_to_agencies()  # every procedure, so agencies added since an earlier run get theirs
