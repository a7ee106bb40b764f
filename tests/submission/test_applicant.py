"""After submission: the desk asks for a supplement and the citizen completes it online (the clock paused
meanwhile), or the citizen withdraws the dossier; each step in the dossier's history as the applicant's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.dossiers.actions import WithdrawInput
from motcua.dossiers.models import Dossier, DossierEvent, StoredFile
from motcua.dossiers.services import act_as_applicant
from motcua.dossiers.services.errors import NotFound
from tests.citizens import PDF, make_citizen
from tests.e2e.province import act, receive
from tests.submission.test_eform import BACKEND, all_documents, fields, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(client, world):
    user = make_citizen(phone="0987654321")
    client.force_login(user, backend=BACKEND)
    return user


def submitted(client) -> Dossier:
    client.post(start(client), {**fields(do="submit"), **all_documents()})
    return Dossier.objects.get()


def ask_supplement(world, dossier, *items) -> Dossier:
    """The desk asks while it checks an online dossier; the specialist once the dossier is being handled."""
    dossier.refresh_from_db()
    who = "motcua" if dossier.state == "submitted" else "tuphap.chuyenvien"
    return act(
        world,
        dossier,
        who,
        "request_supplement",
        reason="Bản vẽ chưa có chữ ký",
        items=list(items) or ["Bản vẽ thiết kế có chữ ký"],
    )


def test_a_supplement_is_completed_online_and_the_clock_moves_on(client, citizen, world):
    dossier = submitted(client)
    act(world, dossier, "motcua", "forward")  # the desk accepts it: the appointment is set
    dossier.refresh_from_db()
    due = dossier.due_at
    ask_supplement(world, dossier, "Bản vẽ thiết kế có chữ ký", "Giấy ủy quyền")
    # The look-up page says what to bring and leads to the online form.
    lookup = client.get("/tra-cuu/", {"ma": dossier.code, "bi-mat": dossier.lookup_secret}).content.decode()
    assert "Bản vẽ thiết kế có chữ ký" in lookup and f"/nop-ho-so/bo-sung/{dossier.code}/" in lookup
    page = client.get(f"/nop-ho-so/bo-sung/{dossier.code}/").content.decode()
    assert "Bản vẽ thiết kế có chữ ký" in page and "Giấy ủy quyền" in page
    Dossier.objects.filter(pk=dossier.pk).update(paused_since=timezone.now() - timedelta(days=3))  # 3 days pass
    response = client.post(
        f"/nop-ho-so/bo-sung/{dossier.code}/",
        {
            "version": Dossier.objects.get(pk=dossier.pk).version,
            "note": "Đã ký bản vẽ",
            "item-1": SimpleUploadedFile("ban-ve-ky.pdf", PDF),
            "item-2": SimpleUploadedFile("uy-quyen.pdf", PDF),
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "received" and dossier.paused_since is None
    assert dossier.due_at > due  # the days waiting for the applicant do not count
    added = list(dossier.documents.order_by("position").values_list("name", flat=True))[-2:]
    assert added == ["Bổ sung: Bản vẽ thiết kế có chữ ký", "Bổ sung: Giấy ủy quyền"]
    event = DossierEvent.objects.filter(dossier=dossier).order_by("-sequence").first()
    assert (event.action, event.role, event.actor_id, event.note) == (
        "complete_supplement",
        "applicant",
        citizen.pk,
        "Đã ký bản vẽ",
    )
    assert event.data["online"] is True and len(event.data["documents"]) == 2


def test_a_failed_supplement_keeps_the_files_already_sent(client, citizen, world):
    dossier = submitted(client)
    ask_supplement(world, dossier, "Bản vẽ có chữ ký", "Giấy ủy quyền")
    bad = SimpleUploadedFile("uy-quyen.docx", b"PK\x03\x04 a word file", content_type="application/msword")
    response = client.post(
        f"/nop-ho-so/bo-sung/{dossier.code}/",
        {
            "version": Dossier.objects.get(pk=dossier.pk).version,
            "item-1": SimpleUploadedFile("ban-ve.pdf", PDF),
            "item-2": bad,
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "uy-quyen.docx: Chỉ được đính kèm tệp PDF hoặc ảnh" in html
    kept = StoredFile.objects.get(owner=citizen, original_name="ban-ve.pdf")
    assert f'name="keep-1" value="{kept.pk}"' in html
    assert Dossier.objects.get(pk=dossier.pk).state == "awaiting_supplement"


def test_a_counter_dossier_is_completed_online_with_the_secret_on_its_receipt(client, citizen, world):
    dossier = receive(world, applicant=("Trần Văn Minh", "001085004321"))  # another phone: not in the account
    ask_supplement(world, dossier)
    url = f"/nop-ho-so/bo-sung/{dossier.code}/"
    assert client.get(url).status_code == 404
    assert client.get(url, {"bi-mat": "WRONG234"}).status_code == 404
    page = client.get(url, {"bi-mat": dossier.lookup_secret})
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "bi-mat": dossier.lookup_secret,
            "version": Dossier.objects.get(pk=dossier.pk).version,
            "item-1": SimpleUploadedFile("ban-ve.pdf", PDF),
        },
    )
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).state in {"received", "in_progress"}


def test_two_supplements_at_once_make_one_and_the_other_is_told(client, citizen, world):
    dossier = submitted(client)
    ask_supplement(world, dossier)
    stale = Dossier.objects.get(pk=dossier.pk).version
    client.post(f"/nop-ho-so/bo-sung/{dossier.code}/", {"version": stale, "item-1": SimpleUploadedFile("a.pdf", PDF)})
    again = client.post(
        f"/nop-ho-so/bo-sung/{dossier.code}/", {"version": stale, "item-1": SimpleUploadedFile("b.pdf", PDF)}
    )
    assert again.status_code == 409
    assert "Hồ sơ này hiện không chờ bổ sung." in again.content.decode()
    assert DossierEvent.objects.filter(dossier=dossier, action="complete_supplement").count() == 1


def test_the_applicant_withdraws_their_own_dossier(client, citizen, world):
    dossier = submitted(client)
    page = client.get(f"/nop-ho-so/rut/{dossier.code}/").content.decode()
    assert "Rút hồ sơ" in page
    response = client.post(f"/nop-ho-so/rut/{dossier.code}/", {"version": dossier.version, "reason": "Nộp nhầm"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == "withdrawn" and dossier.finished_at
    event = dossier.events.order_by("-sequence").first()
    assert (event.action, event.role, event.note) == ("withdraw", "applicant", "Nộp nhầm")
    assert client.post(f"/nop-ho-so/rut/{dossier.code}/", {"version": dossier.version}).status_code == 409


def test_nobody_else_withdraws_or_completes_my_dossier(client, citizen, world):
    dossier = submitted(client)
    ask_supplement(world, dossier)
    other = make_citizen(phone="0911222333", name="Người Khác", client="10.0.0.9")
    client.force_login(other, backend=BACKEND)
    assert client.get(f"/nop-ho-so/rut/{dossier.code}/").status_code == 404
    assert client.get(f"/nop-ho-so/bo-sung/{dossier.code}/").status_code == 404
    with pytest.raises(NotFound):
        act_as_applicant(code=dossier.code, secret="ABCDEFGH", citizen=other, command=WithdrawInput())


def test_a_dossier_received_at_the_counter_with_my_phone_is_in_my_account(client, citizen, world):
    mine = receive(world, applicant=("Đỗ Minh Khoa", "001199012399"))  # phone 0912345678 in the province helper
    home = client.get("/tai-khoan/").content.decode()
    assert mine.code not in home  # the officer recorded another phone: not mine
    from motcua.dossiers.services import ApplicantInput, DocumentInput, receive_dossier

    def again(**recheck):
        return receive_dossier(
            officer=world.user("motcua"),
            procedure_code="1.000001",
            agency_code=world.justice.code,
            channel="counter",
            applicant=ApplicantInput(name="Đỗ Minh Khoa", id_number="001199012399", phone="0987 654 321"),
            documents=[DocumentInput(name="Đơn", originals=1)],
            **recheck,
        )

    typed = again()  # a new phone typed at a counter does not replace the checked one by itself
    assert typed.code not in client.get("/tai-khoan/").content.decode()
    checked = again(recheck_contact=True)  # the officer re-checked it with the identity card
    home = client.get("/tai-khoan/").content.decode()
    assert checked.code in home
    assert mine.code in home  # the same applicant, now checked with my phone: all their dossiers


def test_an_id_number_typed_online_opens_nobody_elses_dossiers(client, citizen, world):
    victim = receive(world, applicant=("Lê Thị Lan", "036192000777"))
    client.post(start(client), {**fields(do="submit", id_number="036192000777", name="Lê Thị Lan"), **all_documents()})
    home = client.get("/tai-khoan/").content.decode()
    assert victim.code not in home
    victim.applicant.refresh_from_db()
    assert victim.applicant.phone == "0912345678"  # the record the counter checked is unchanged
