"""Dossiers crossing agencies and levels, played through the services: commune → department → province →
commune, send back across agencies, the group procedure's two results, Mẫu 06, who sees what."""

import pytest
from django.core.files.base import ContentFile

from motcua.dossiers.forms import fill
from motcua.dossiers.forms.render import render_html
from motcua.dossiers.models import Dossier, DossierResult, Handover, StoredFile
from motcua.dossiers.services import DossierError, Forbidden
from motcua.dossiers.services.access import visible_dossiers
from motcua.dossiers.services.history import verify_dossier
from motcua.dossiers.services.lienthong import issue_result
from tests.e2e.province import act, add_lienthong, build_province, receive_at_commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_province()
    world.lienthong = add_lienthong(world)
    return world


def _codes(world, username):
    return set(visible_dossiers(world.user(username)).values_list("code", flat=True))


def _result(name: str) -> StoredFile:
    stored = StoredFile(size=4, sha256="0" * 64, content_type="application/pdf", title=name)
    stored.file.save(f"{name}.pdf", ContentFile(b"%PDF"), save=False)
    stored.save()
    return stored


def test_a_dossier_crosses_three_agencies_and_comes_back_to_the_commune(world):
    commune, justice, root = world.lienthong.commune, world.justice, world.root
    dossier = receive_at_commune(world, world.lienthong)
    # Received at the commune, it is at once in the department's inbox: a hand-over, with its own budget.
    step = dossier.current_step
    assert step.agency == justice and step.name == "Thẩm định hồ sơ" and step.due_at is not None
    handover = Handover.objects.get(dossier=dossier)
    assert (handover.from_agency, handover.to_agency, handover.received_at) == (commune, justice, None)
    receive_event = dossier.events.get(action="receive")
    assert receive_event.data["handover"]["to_agency_name"] == "Sở Tư pháp"
    assert dossier.code in _codes(world, "tuphap.chuyenvien")
    assert dossier.code not in _codes(world, "xaydung.chuyenvien")
    assert dossier.code not in _codes(world, "ubnd.lanhdao")  # not at the province's step yet

    act(world, dossier, "tuphap.chuyenvien", "assign")
    handover.refresh_from_db()
    assert handover.received_by == world.user("tuphap.chuyenvien") and handover.received_at is not None
    d = act(world, dossier, "tuphap.chuyenvien", "forward", note="Đủ điều kiện")
    assert d.current_step.agency == root and d.current_step.role == "leader"
    assert dossier.code in _codes(world, "ubnd.lanhdao")
    assert dossier.code not in _codes(world, "tuphap.chuyenvien")  # handed on: out of the department's lists
    d = act(world, dossier, "ubnd.lanhdao", "approve", note="Đồng ý")
    assert d.state == "result_ready" and d.current_step.agency == commune and d.current_step.name == "Trả kết quả"
    d = act(world, dossier, "hoabinh.motcua", "return_result", method="counter", receiver="Nguyễn Thị Hương")
    assert d.state == "returned"

    rows = [(h.from_agency.name, h.to_agency.name, h.kind, bool(h.received_at)) for h in dossier.handovers.all()]
    assert rows == [
        ("UBND xã Hòa Bình", "Sở Tư pháp", "forward", True),
        ("Sở Tư pháp", "UBND tỉnh Hòa An", "forward", True),
        ("UBND tỉnh Hòa An", "UBND xã Hòa Bình", "forward", True),
    ]
    history = [(e.action, e.data.get("handover", {}).get("to_agency_name")) for e in d.events.order_by("sequence")]
    assert history == [
        ("receive", "Sở Tư pháp"),
        ("assign", None),
        ("forward", "UBND tỉnh Hòa An"),
        ("approve", "UBND xã Hòa Bình"),
        ("return_result", None),
    ]
    assert verify_dossier(d.pk) == []


def test_the_province_sends_it_back_to_the_department_with_a_reason(world):
    dossier = receive_at_commune(world, world.lienthong)
    act(world, dossier, "tuphap.chuyenvien", "assign")
    act(world, dossier, "tuphap.chuyenvien", "forward")
    d = act(world, dossier, "ubnd.lanhdao", "send_back", reason="Bổ sung ý kiến thẩm định về quy hoạch")
    assert d.state == "in_progress" and d.current_step.agency == world.justice
    assert d.current_step.assignee == world.user("tuphap.chuyenvien")  # back to who handled it
    back = Handover.objects.filter(dossier=dossier).order_by("-pk").first()
    assert back.kind == "send_back" and back.from_agency == world.root and back.to_agency == world.justice
    assert back.reason == "Bổ sung ý kiến thẩm định về quy hoạch" and back.received_at is None
    event = d.events.order_by("-sequence").first()
    assert event.action == "send_back" and event.note == "Bổ sung ý kiến thẩm định về quy hoạch"
    assert event.agency == world.root and event.data["handover"]["kind"] == "send_back"
    assert dossier.code in _codes(world, "tuphap.chuyenvien") and dossier.code not in _codes(world, "ubnd.lanhdao")
    # The department forwards it again: the province receives a second hand-over.
    act(world, dossier, "tuphap.chuyenvien", "forward")
    assert Handover.objects.filter(dossier=dossier, to_agency=world.root).count() == 2


def test_the_control_slip_shows_each_agencys_send_and_receive(world):
    dossier = receive_at_commune(world, world.lienthong)
    act(world, dossier, "tuphap.chuyenvien", "assign")
    act(world, dossier, "tuphap.chuyenvien", "forward")
    act(world, dossier, "ubnd.lanhdao", "approve")
    slip = fill.control_slip(Dossier.objects.get(pk=dossier.pk))
    by_step = {row.step_name: row for row in slip.rows}
    appraisal, signing, returning = by_step["Thẩm định hồ sơ"], by_step["Ký duyệt"], by_step["Trả kết quả"]
    assert appraisal.agency_name == "Sở Tư pháp" and appraisal.giver == "Đỗ Thị Hoa"
    assert appraisal.receiver == "Nguyễn Văn An" and appraisal.timeliness in {"early", "on_time"}
    assert "Bàn giao liên thông: UBND xã Hòa Bình → Sở Tư pháp" in appraisal.note
    assert "Hạn xử lý" in appraisal.note and "Nhận lúc" in appraisal.note
    assert signing.giver == "Nguyễn Văn An" and signing.receiver == "Chủ tịch UBND tỉnh Hòa An"
    assert "UBND tỉnh Hòa An" in signing.agency_name
    assert "Bàn giao liên thông: UBND tỉnh Hòa An → UBND xã Hòa Bình" in returning.note
    assert "Chưa nhận" in returning.note  # the commune has not taken it back yet
    assert "Bàn giao liên thông: UBND xã Hòa Bình → Sở Tư pháp" in render_html(slip)


def test_the_group_procedure_is_one_dossier_with_two_results_from_two_agencies(world):
    dossier = receive_at_commune(world, world.lienthong, procedure="commune_group")
    parts = list(DossierResult.objects.filter(dossier=dossier).values_list("name", "agency__name"))
    assert parts == [("Giấy khai sinh", "UBND xã Hòa Bình"), ("Thẻ bảo hiểm y tế", "Bảo hiểm xã hội tỉnh Hòa An")]
    assert dossier.current_step.agency == world.lienthong.commune  # no hand-over at reception: the commune works
    act(world, dossier, "hoabinh.chuyenvien", "assign")
    act(world, dossier, "hoabinh.chuyenvien", "forward")
    with pytest.raises(DossierError) as refused:  # the commune's leader signs the birth certificate: it is needed
        act(world, dossier, "hoabinh.lanhdao", "approve")
    assert refused.value.code == "result_missing" and "Giấy khai sinh" in str(refused.value)
    d = act(world, dossier, "hoabinh.lanhdao", "approve", result_file_id=_result("Giấy khai sinh").pk)
    assert d.state == "in_progress" and d.current_step.agency == world.lienthong.branch
    assert d.events.order_by("-sequence").first().data["results_issued"] == ["Giấy khai sinh"]
    with pytest.raises(DossierError):  # the card is not issued: the result is not ready
        act(world, dossier, "bhxh.lanhdao", "approve")
    card = _result("Thẻ BHYT")
    issue_result(code=d.code, actor=world.user("bhxh.lanhdao"), position=2, file_id=card.pk)
    d = act(world, dossier, "bhxh.lanhdao", "approve")
    assert d.state == "result_ready" and d.current_step.agency == world.lienthong.commune
    assert all(r.file_id for r in DossierResult.objects.filter(dossier=dossier))


def test_a_result_is_issued_only_by_its_agency_at_its_step(world):
    dossier = receive_at_commune(world, world.lienthong, procedure="commune_group")
    file_id = _result("x").pk
    with pytest.raises(DossierError):  # the card's step is not the current one
        issue_result(code=dossier.code, actor=world.user("bhxh.lanhdao"), position=2, file_id=file_id)
    act(world, dossier, "hoabinh.chuyenvien", "assign")
    act(world, dossier, "hoabinh.chuyenvien", "forward")  # at the commune leader's step, which issues part 1
    with pytest.raises(Forbidden):  # another agency's officer
        issue_result(code=dossier.code, actor=world.user("tuphap.chuyenvien"), position=1, file_id=file_id)
    part = issue_result(code=dossier.code, actor=world.user("hoabinh.lanhdao"), position=1, file_id=file_id)
    assert part.issued_by == world.user("hoabinh.lanhdao") and part.issued_at is not None
