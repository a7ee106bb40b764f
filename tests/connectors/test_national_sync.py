"""Every status change of a dossier reaches the (fake) national portal over HTTP, once and in order, whatever
the portal does meanwhile: down, answering 500, answering too slowly."""

import functools
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.connectors.models import ConnectorMessage, State
from motcua.connectors.services import outbox
from motcua.core.models import User
from motcua.dossiers import services
from motcua.dossiers.actions import WithdrawInput
from tests.connectors.conftest import free_port

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=2)


def submit_and_withdraw(world, capture):
    """A citizen submits online, then withdraws: two status changes (1 submitted, 7 withdrawn)."""
    citizen, _ = User.objects.get_or_create(username="citizen-sync")
    with capture(execute=True):
        dossier = services.submit_online(
            citizen=citizen,
            procedure_code=world.procedures["justice"],
            agency_code=world.justice.code,
            applicant=services.ApplicantInput(name="Nguyễn Thị Hương", id_number="001190012345", phone="0912345678"),
            documents=[services.DocumentInput(name="Đơn đề nghị", originals=1)],
        )
    with capture(execute=True):
        services.act_as_applicant(
            code=dossier.code, secret=dossier.lookup_secret, citizen=citizen, command=WithdrawInput(reason="")
        )
    return dossier


def test_status_changes_reach_the_portal_in_order_with_its_fields(world, portal, django_capture_on_commit_callbacks):
    dossier = submit_and_withdraw(world, django_capture_on_commit_callbacks)
    assert outbox.deliver_due() == 2
    state = portal.state()
    keys = [f"{dossier.code}:1", f"{dossier.code}:2"]
    assert state["deliveries"] == keys
    first, second = (state["received"][k] for k in keys)
    assert (first["MaHoSo"], first["MaTTHC"], first["MaDonVi"]) == (dossier.code, "1.000001", world.justice.code)
    assert (first["TrangThaiHoSo"], second["TrangThaiHoSo"], first["KenhThucHien"]) == (1, 7, 2)
    assert first["ChuHoSo"] == "Nguyễn Thị Hương" and len(first["NgayNopHoSo"]) == 14
    assert second["NgayKetThucXuLy"] == timezone.localtime().strftime("%Y%m%d") + second["NgayKetThucXuLy"][8:]
    body = str(state["received"])
    assert "001190012345" not in body and "0912345678" not in body  # no ID number or phone leaves
    assert set(ConnectorMessage.objects.values_list("state", flat=True)) == {State.SENT}


def test_portal_down_for_a_while_then_up_nothing_lost_nothing_twice(
    world, portal, settings, django_capture_on_commit_callbacks
):
    up = settings.NATIONAL_PORTAL_URL
    settings.NATIONAL_PORTAL_URL = f"http://127.0.0.1:{free_port()}"  # down: the connection is refused
    dossier = submit_and_withdraw(world, django_capture_on_commit_callbacks)
    assert outbox.deliver_due() == 1  # the first fails; the second waits behind it (a dossier's order)
    first, second = ConnectorMessage.objects.order_by("pk")
    assert (first.state, first.attempts, first.last_error) == (State.FAILED, 1, "URLError")
    assert (second.state, second.attempts) == (State.PENDING, 0)
    assert outbox.deliver_due() == 0  # backing off: not due yet
    assert outbox.deliver_due(now=timezone.now() + timedelta(seconds=31)) == 1  # tried again, still down

    settings.NATIONAL_PORTAL_URL = up  # up again
    outbox.deliver_due(now=timezone.now() + LATER)
    outbox.deliver_due(now=timezone.now() + LATER)
    assert portal.state()["deliveries"] == [f"{dossier.code}:1", f"{dossier.code}:2"]
    assert outbox.deliver_due(now=timezone.now() + LATER) == 0  # nothing left, nothing sent twice


def test_500s_until_dead_then_replayed_from_the_desk(world, portal, client, django_capture_on_commit_callbacks):
    portal.mode("sync=fail")
    dossier = submit_and_withdraw(world, django_capture_on_commit_callbacks)
    moment = timezone.now()
    for _ in range(3):  # CONNECTORS_MAX_ATTEMPTS
        moment += LATER
        outbox.deliver_due(now=moment)
    first = ConnectorMessage.objects.order_by("pk").first()
    assert (first.state, first.attempts, first.last_error) == (State.DEAD, 3, "HTTP 500")
    assert portal.state()["received"] == {}

    portal.mode("sync=ok")
    client.force_login(world.user("giamsat"))
    page = client.get("/desk/ket-noi/").content.decode()
    assert f"{dossier.code}:1" in page and "HTTP 500" in page
    assert client.post("/desk/ket-noi/", {"message": [first.pk]}).status_code == 302
    first.refresh_from_db()
    assert (first.state, first.attempts) == (State.PENDING, 0)
    outbox.deliver_due(now=moment + LATER)  # the second, freed when the first died, waits behind it again
    outbox.deliver_due(now=moment + LATER)  # and goes once the first was sent
    assert portal.state()["deliveries"] == [f"{dossier.code}:1", f"{dossier.code}:2"]


def test_a_slow_portal_times_out_then_the_retry_is_taken_once(
    world, portal, settings, django_capture_on_commit_callbacks
):
    portal.mode("sync=slow&seconds=1.5")  # longer than the sender's 0.5 s
    dossier = submit_and_withdraw(world, django_capture_on_commit_callbacks)
    outbox.deliver_due()
    first = ConnectorMessage.objects.order_by("pk").first()
    assert (first.state, first.last_error) == (State.FAILED, "TimeoutError")
    portal.mode("sync=ok")
    outbox.deliver_due(now=timezone.now() + LATER)
    outbox.deliver_due(now=timezone.now() + LATER)
    time.sleep(1.2)  # the slow answer to the first attempt lands too
    state = portal.state()
    # The portal saw the first message twice (the slow one it finished, and the retry): the key makes it one.
    assert sorted(state["received"]) == [f"{dossier.code}:1", f"{dossier.code}:2"]
    assert state["deliveries"].count(f"{dossier.code}:1") == 2
    assert set(ConnectorMessage.objects.values_list("state", flat=True)) == {State.SENT}


def test_a_redelivered_event_owes_nothing_more(world, portal, django_capture_on_commit_callbacks):
    from motcua.connectors.services.events import on_dossier_event
    from motcua.core.events import decode, encode
    from motcua.dossiers.events import DossierSubmittedOnline
    from motcua.dossiers.services.history import typed_event

    dossier = submit_and_withdraw(world, django_capture_on_commit_callbacks)
    row = dossier.events.order_by("pk").first()
    event = typed_event(dossier=dossier, row=row)
    on_dossier_event(decode("dossier.submitted_online", encode(event)))
    assert isinstance(event, DossierSubmittedOnline)
    assert ConnectorMessage.objects.count() == 2


def test_one_dossiers_backlog_never_hides_the_others(world, portal, settings):
    """A dossier whose first change the portal refused holds back its own later changes only: the next claim
    still takes every other dossier's changes, however many of the held ones come first."""
    now = timezone.now()
    owe = functools.partial(outbox.enqueue, connector="national_portal", payload={}, now=now)
    for sequence in range(1, 31):  # one dossier with 30 changes owed, the first failed and backing off
        owe(idempotency_key=f"A:{sequence}", ordering_key="A")
    ConnectorMessage.objects.filter(idempotency_key="A:1").update(
        state=State.FAILED, attempts=1, next_attempt_at=now + timedelta(minutes=5)
    )
    for code in ("B", "C"):
        for sequence in (1, 2):
            owe(idempotency_key=f"{code}:{sequence}", ordering_key=code)

    claimed = outbox.claim(batch=20, now=now)

    assert [m.idempotency_key for m in claimed] == ["B:1", "C:1"]  # each dossier's oldest owed change only


def test_a_backlog_is_sent_in_slices_so_the_workers_other_jobs_take_turns(world, portal):
    for number in range(5):
        outbox.enqueue(
            connector="national_portal",
            idempotency_key=f"S:{number}",
            ordering_key=f"S{number}",
            payload={"MaHoSo": f"S{number}", "TrangThaiHoSo": "1"},
        )

    assert outbox.deliver_due(most=3) == 3  # a slice; the worker sends the notifications, then comes back
    assert outbox.deliver_due(most=3) == 2
    assert portal.state()["deliveries"] == [f"S:{number}" for number in range(5)]
