"""National public service portal (Cổng Dịch vụ công quốc gia) synchronisation: every status change of a dossier
is pushed as one message, in the order of the dossier's history.

The field names and status codes follow the national portal's dossier synchronisation as we understand it
(docs/connectors.md says what is verified and what is not); `status_code` is the one place to correct them."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from motcua.connectors.models import ConnectorMessage
from motcua.connectors.services import outbox
from motcua.dossiers.events import BaseDossierEvent
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.history import typed_event
from motcua.dossiers.states import State

CONNECTOR = "national_portal"
SYNC_PATH = "/api/dongbo/hoso"
VN_TIME = ZoneInfo("Asia/Ho_Chi_Minh")

# TrangThaiHoSo: 1 newly submitted, 2 received, 3 not received (refused at reception), 4 in progress,
# 5 supplement asked, 6 financial obligation asked (not used: fees are paid alongside), 7 withdrawn by the
# applicant, 8 stopped, 9 handled (result ready), 10 result returned.
STATUS = {
    State.SUBMITTED: 1,
    State.RECEIVED: 2,
    State.IN_PROGRESS: 4,
    State.AWAITING_SUPPLEMENT: 5,
    State.WITHDRAWN: 7,
    State.STOPPED: 8,
    State.RESULT_READY: 9,
    State.RETURNED: 10,
}
CHANNEL = {"counter": 1, "online": 2, "post": 3}  # KenhThucHien: direct, online, by post


def status_code(*, from_state: str, to_state: str) -> int:
    """The portal's status for a move; a refusal before the dossier was accepted is "not received" (3), one
    after appraisal ends the handling with a refusal (9)."""
    if to_state == State.REFUSED:
        return 3 if from_state == State.SUBMITTED else 9
    return STATUS[State(to_state)]


def portal_time(moment: datetime | None) -> str:
    """yyyyMMddHHmmss in Vietnam time, the portal's date format ("" for none)."""
    return moment.astimezone(VN_TIME).strftime("%Y%m%d%H%M%S") if moment else ""


def sync_payload(event: BaseDossierEvent, dossier: Dossier) -> dict[str, Any]:
    """What the portal is told of one status change: the dossier's identity (which does not change) from the
    dossier, the facts of the change from the event. No ID number, phone or remark leaves with it."""
    status = status_code(from_state=event.from_state, to_state=event.to_state)
    return {
        "MaHoSo": event.code,
        "MaTTHC": dossier.procedure.code,
        "MaDonVi": dossier.agency.code,
        "KenhThucHien": CHANNEL.get(event.channel, 1),
        "ChuHoSo": dossier.applicant_name,
        "NgayNopHoSo": portal_time(dossier.submitted_at or dossier.received_at),
        "NgayTiepNhan": portal_time(dossier.received_at),
        "NgayHenTra": portal_time(event.due_after),
        "TrangThaiHoSo": status,
        "NgayKetThucXuLy": portal_time(event.at) if status in (3, 7, 8, 9) else "",
        "NgayTra": portal_time(event.at) if status == 10 else "",
        "QuaTrinhXuLy": [
            {
                "ThuTu": event.sequence,
                "ThoiDiemXuLy": portal_time(event.at),
                "TrangThaiTruoc": event.from_state,
                "TrangThaiSau": event.to_state,
                "BuocXuLy": event.step_name,
            }
        ],
    }


def on_dossier_event(event: BaseDossierEvent) -> None:
    """A change of state owes the portal one message, keyed by the history row (a redelivered event adds
    nothing); events that keep the state (an assignment) owe nothing."""
    if not settings.NATIONAL_PORTAL_URL or event.from_state == event.to_state:
        return
    dossier = Dossier.objects.select_related("procedure", "agency").get(pk=event.dossier_id)
    outbox.enqueue(
        connector=CONNECTOR,
        idempotency_key=f"{event.code}:{event.sequence}",
        ordering_key=str(event.dossier_id),
        payload=sync_payload(event, dossier),
    )


def backfill(*, dossier_ids: list[int], batch: int = 200) -> int:
    """Owe the portal every status change already in these dossiers' history (a first connection, or dossiers
    written without events such as the demo's generated year); the keys make a second run add nothing. How
    many changes were owed (including those owed before)."""
    owed = 0
    for start in range(0, len(dossier_ids), batch):
        chunk = dossier_ids[start : start + batch]
        dossiers = Dossier.objects.select_related("procedure", "agency").prefetch_related("events").in_bulk(chunk)
        messages: list[tuple[str, str, dict[str, Any]]] = []
        for dossier in dossiers.values():
            for row in sorted(dossier.events.all(), key=lambda r: r.sequence):
                event = typed_event(dossier=dossier, row=row)
                if event is None or event.from_state == event.to_state:
                    continue
                messages.append((f"{event.code}:{event.sequence}", str(event.dossier_id), sync_payload(event, dossier)))
        outbox.enqueue_many(connector=CONNECTOR, messages=messages)
        owed += len(messages)
    return owed


def build_request(message: ConnectorMessage) -> outbox.Request:
    return outbox.Request(
        url=settings.NATIONAL_PORTAL_URL.rstrip("/") + SYNC_PATH,
        body=outbox.body_of(message.payload),
        headers={
            "Authorization": f"Bearer {settings.NATIONAL_PORTAL_TOKEN}",
            "Idempotency-Key": message.idempotency_key,
        },
    )


outbox.register(CONNECTOR, build_request)
