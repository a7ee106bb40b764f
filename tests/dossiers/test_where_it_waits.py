"""An unfinished dossier carries where it waits (its current step's agency, role and assignee), which the inbox
reads instead of the steps: after every action it must be its current step's."""

import pytest

from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def waits_as_its_step() -> list[str]:
    """The unfinished dossiers whose kept place differs from their current step's."""
    wrong = []
    for d in Dossier.objects.filter(finished_at__isnull=True).select_related("current_step"):
        step = d.current_step
        expected = (step.agency_id, step.role, step.assignee_id) if step else (None, "", None)
        if (d.step_agency_id, d.step_role, d.step_assignee_id) != expected:
            wrong.append(f"{d.code} ({d.state}): {(d.step_agency_id, d.step_role, d.step_assignee_id)} != {expected}")
    return wrong


def test_a_dossier_waits_where_its_current_step_is_after_every_action(api):
    code = api.receive().json()["code"]
    assert waits_as_its_step() == []
    dossier = Dossier.objects.get(code=code)
    assert dossier.step_role == "specialist" and dossier.step_assignee_id is None  # free at the unit
    steps = [
        ("tuphap.chuyenvien", "assign", {}),
        ("tuphap.chuyenvien", "request_supplement", {"reason": "Thiếu giấy tờ", "items": ["Bản sao CCCD"]}),
        ("motcua", "complete_supplement", {}),
        ("tuphap.chuyenvien", "forward", {}),
        ("tuphap.lanhdao", "send_back", {"reason": "Xem lại"}),
        ("tuphap.chuyenvien", "forward", {}),
    ]
    version = 1
    for who, action, fields in steps:
        response = api.act(who, code, action, version, **fields)
        assert response.status_code == 200, response.content
        version = response.json()["version"]
        assert waits_as_its_step() == [], action
    dossier = Dossier.objects.get(code=code)
    assert dossier.step_role == "leader" and dossier.step_assignee_id is None
    response = api.act("tuphap.lanhdao", code, "assign", version, assignee="tuphap.lanhdao")
    assert response.status_code == 200, response.content
    assert Dossier.objects.get(code=code).step_assignee.username == "tuphap.lanhdao"
    assert waits_as_its_step() == []


def test_an_online_dossier_waits_at_the_desk_until_it_is_accepted():
    from motcua.core.models import User
    from motcua.dossiers import services
    from tests.e2e.province import act, build_province

    world = build_province()
    dossier = services.submit_online(
        citizen=User.objects.create_user("citizen-0912", password="x"),
        procedure_code=world.procedures["justice"],
        agency_code=world.justice.code,
        applicant=services.ApplicantInput(name="Nguyễn Thị Hương", id_number="001190012345", phone="0912345678"),
        documents=[services.DocumentInput(name="Đơn đề nghị", originals=1)],
    )
    dossier.refresh_from_db()
    assert dossier.step_role == "counter_officer" and dossier.step_assignee_id is None
    assert waits_as_its_step() == []
    dossier = act(world, dossier, "motcua", "forward")  # the desk accepts it: its clock starts
    assert dossier.state == "received" and dossier.step_role == "specialist"
    assert waits_as_its_step() == []
