"""Every process step needs someone who may take it: `check-processes`, the admin, and the reception warning."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from motcua.catalog.models import AgencyProcedure, Process, ProcessStep
from motcua.catalog.staffing import unstaffed_steps
from motcua.core.models import Role, User
from motcua.core.services import upsert_agency, upsert_staff
from tests.factories import procedure_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    root = upsert_agency(code="000.00.00.H99", name="UBND tỉnh Hòa An", level="province", kind="peoples_committee")
    works = upsert_agency(code="000.00.06.H99", name="Sở Xây dựng", level="province", kind="department", parent=root)
    upsert_staff(username="motcua", full_name="Một cửa", roles=[(Role.COUNTER_OFFICER, root)])
    upsert_staff(username="xd.cv", full_name="Chuyên viên", roles=[(Role.SPECIALIST, works)])
    version = procedure_version(code="1.000294", name="Bãi bỏ đường ngang")
    process = Process.objects.create(procedure=version.procedure, agency=root)
    for position, role, unit in [
        (1, Role.COUNTER_OFFICER, None),
        (2, Role.SPECIALIST, works),
        (3, Role.LEADER, None),
    ]:
        ProcessStep.objects.create(
            process=process,
            position=position,
            name=f"Bước {position}",
            role=role,
            unit=unit,
            budget_amount=Decimal(1),
            budget_unit="working_day",
        )
    return {"root": root, "works": works, "process": process, "version": version}


def test_check_processes_lists_the_step_nobody_can_take(province, capsys):
    with pytest.raises(CommandError, match="1 steps nobody can take"):
        call_command("check_processes")
    out = capsys.readouterr().out
    assert "1.000294" in out and "step 3" in out and "nobody is leader at UBND tỉnh Hòa An" in out


def test_a_role_held_narrowly_at_the_agency_or_with_its_subtree_above_staffs_the_step(province, capsys):
    upsert_staff(username="ld", full_name="Lãnh đạo", roles=[(Role.LEADER, province["root"])], include_subtree=False)
    assert unstaffed_steps() == []
    call_command("check_processes")
    assert "every step has someone" in capsys.readouterr().out


def test_a_narrow_role_above_does_not_staff_the_agencies_below(province):
    upsert_staff(username="ld", full_name="Lãnh đạo", roles=[(Role.LEADER, province["root"])], include_subtree=False)
    User.objects.filter(username="xd.cv").update(is_active=False)  # the only specialist leaves
    assert [(s.position, s.role, s.agency) for s in unstaffed_steps()] == [(2, Role.SPECIALIST, "Sở Xây dựng")]


def test_an_attached_procedure_without_a_process_is_checked_on_its_default_steps(province):
    Process.objects.all().delete()
    AgencyProcedure.objects.create(agency=province["works"], procedure=province["version"].procedure)
    found = unstaffed_steps()
    assert [(s.role, s.agency, s.default) for s in found] == [(Role.LEADER, "Sở Xây dựng", True)]


def test_the_admin_filters_and_warns_about_processes_with_a_step_nobody_can_take(province, client):
    admin = User.objects.create_superuser("root", "root@example.vn", "pw")
    client.force_login(admin)
    listing = client.get("/admin/catalog/process/?nguoi_xu_ly=thieu")
    assert listing.status_code == 200 and "1.000294" in listing.content.decode()
    page = client.get(f"/admin/catalog/process/{province['process'].pk}/change/")
    assert "Bước 3 (Bước 3): không ai giữ vai trò Lãnh đạo tại UBND tỉnh Hòa An" in page.content.decode()
