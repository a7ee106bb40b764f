import pytest
from django.core.management import call_command

from motcua.catalog.models import AgencyProcedure, Procedure
from motcua.core.models import Agency, Centre, Counter, Role, RoleAssignment, User
from motcua.demo.build import build_demo
from motcua.demo.province import DEMO_PASSWORD
from motcua.queue.models import Booking, ServiceArea, Ticket

pytestmark = pytest.mark.django_db


def test_demo_province_without_the_shared_data_uses_the_built_in_sample(tmp_path):
    result = build_demo(catalog_dir=tmp_path / "absent")
    assert "built-in sample" in result.catalog_source
    assert 25 <= Procedure.objects.filter(published_version__isnull=False).count() <= 40

    provincial = Centre.objects.get(agency__kind="peoples_committee")
    assert provincial.counters.count() == 34
    assert Centre.objects.filter(agency__kind="commune_committee").count() >= 5
    assert Agency.objects.filter(kind="department").count() >= 15
    assert Agency.objects.filter(kind="state_enterprise").count() == 2
    assert Agency.objects.filter(kind="central_branch").count() == 6
    served = set(Agency.objects.filter(counters__centre=provincial).values_list("kind", flat=True))
    assert {"department", "central_branch", "state_enterprise"} <= served

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    assert RoleAssignment.objects.get(user__username="giamsat").role == Role.SUPERVISOR
    officer = RoleAssignment.objects.get(user__username="motcua")
    assert officer.role == Role.COUNTER_OFFICER and officer.agency.kind == "peoples_committee"
    for department in Agency.objects.filter(kind="department"):
        roles = set(RoleAssignment.objects.filter(agency=department).values_list("role", flat=True))
        # Each department with a counter at the centre has its counter officer there (the floor's calls).
        has_counter = provincial.counters.filter(agencies=department).exists()
        expected = {Role.SPECIALIST, Role.LEADER} | ({Role.COUNTER_OFFICER} if has_counter else set())
        assert roles == expected, department.name
    areas = ServiceArea.objects.filter(centre=provincial)
    assert {"A", "B", "C"} <= set(areas.values_list("code", flat=True))
    assert not provincial.counters.exclude(areas__isnull=False).exists()  # every counter serves an area
    assert result.tickets == Ticket.objects.filter(centre=provincial).count() > 0
    assert result.bookings == Booking.objects.filter(area__centre=provincial).count() > 0
    assert AgencyProcedure.objects.filter(agency__kind="department").exists()
    assert AgencyProcedure.objects.filter(agency__kind="commune_committee").exists()


def test_running_the_demo_again_keeps_everything(tmp_path):
    build_demo(catalog_dir=tmp_path / "absent")
    counts = (Agency.objects.count(), Counter.objects.count(), User.objects.count(), AgencyProcedure.objects.count())
    again = build_demo(catalog_dir=tmp_path / "absent")
    assert (
        Agency.objects.count(),
        Counter.objects.count(),
        User.objects.count(),
        AgencyProcedure.objects.count(),
    ) == counts
    assert all(not report.created and not report.new_version for _name, report in again.imports)


def test_demo_command_prints_the_logins(tmp_path, capsys):
    call_command("demo", "--catalog-dir", str(tmp_path / "absent"))
    out = capsys.readouterr().out
    for username in ["admin", "giamsat", "motcua", "tuphap.chuyenvien", "tuphap.lanhdao", "xaydung.lanhdao"]:
        assert f"  {username} " in out
    assert DEMO_PASSWORD in out and "34 counters" in out


def test_demo_with_the_real_catalog_attaches_procedures_to_departments(shared_catalog):
    build_demo(catalog_dir=shared_catalog)
    assert Procedure.objects.count() == 1946 + 12  # with the procedures every commune handles
    justice = Agency.objects.get(name="Sở Tư pháp")
    assert AgencyProcedure.objects.filter(agency=justice).count() >= 30
    # a commune officer can receive a birth registration (đăng ký khai sinh) and a marriage (kết hôn)
    commune = Agency.objects.get(name="Ủy ban nhân dân phường Hòa An")
    for code in ("1.001193", "1.000894"):
        assert AgencyProcedure.objects.filter(agency=commune, procedure__code=code).exists(), code


def test_demo_records_the_official_calendar_when_the_shared_data_has_it(tmp_path):
    from motcua.workdays.models import OfficialYear, WorkSchedule
    from tests.conftest import SHARED_DATA

    build_demo(catalog_dir=tmp_path / "absent")
    assert WorkSchedule.objects.get(centre__isnull=True).monday == "07:30-11:30, 13:30-17:00"
    expected = {2024, 2025, 2026} if (SHARED_DATA / "calendar").exists() else set()
    assert set(OfficialYear.objects.values_list("year", flat=True)) == expected


def test_every_step_of_the_demo_has_someone_who_may_take_it(tmp_path, capsys):
    build_demo(catalog_dir=tmp_path / "absent")
    from motcua.catalog.staffing import unstaffed_steps

    assert unstaffed_steps() == []
    call_command("check_processes")
    assert "every step has someone" in capsys.readouterr().out
    office = RoleAssignment.objects.get(user__username="vanphong.chuyenvien", agency__kind="peoples_committee")
    assert office.role == Role.SPECIALIST and not office.include_subtree  # not every dossier of the province
    for enterprise in Agency.objects.filter(kind="state_enterprise"):
        roles = set(RoleAssignment.objects.filter(agency=enterprise).values_list("role", flat=True))
        # and their officer at their counter of the centre, who receives and calls numbers
        assert roles == {Role.SPECIALIST, Role.LEADER, Role.COUNTER_OFFICER}, enterprise.name


def test_a_provincial_committee_procedure_of_the_real_catalog_can_be_processed(shared_catalog):
    build_demo(catalog_dir=shared_catalog)
    from motcua.catalog.staffing import unstaffed_steps

    assert AgencyProcedure.objects.filter(procedure__code="1.000294", agency__kind="peoples_committee").exists()
    assert unstaffed_steps() == []
