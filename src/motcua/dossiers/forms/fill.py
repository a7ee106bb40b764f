"""Fill the printed forms from the database: a dossier (Mẫu 01-06), a counter visit (02, 03), an agency's book (07).

Only reads. Each function takes rows already loaded (`selectors.dossier_detail` prefetches what they need) so
printing a form costs no query per step or event; the tracking book reads one page of dossiers in one query.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone

from motcua.core.models import Agency, Centre
from motcua.dossiers.forms import data
from motcua.dossiers.models import Dossier, DossierEvent, Handover, HandoverKind, ReceptionNote, ReturnMethod

UNIT_LABELS = {
    "working_day": "ngày làm việc",
    "working_hour": "giờ làm việc",
    "calendar_day": "ngày",
    "month": "tháng",
}
RETURN_PLACES = {
    ReturnMethod.POST: "Qua dịch vụ bưu chính",
    ReturnMethod.ONLINE: "Trực tuyến (Cổng Dịch vụ công)",
}
BOOK_RETURN = {ReturnMethod.COUNTER: "Tại Trung tâm", ReturnMethod.POST: "Bưu chính", ReturnMethod.ONLINE: "Trực tuyến"}
# Who signs a unit's letters (Mẫu 04, 05), by the kind of agency.
SIGNER_TITLES = {"department": "GIÁM ĐỐC", "peoples_committee": "CHỦ TỊCH", "commune_committee": "CHỦ TỊCH"}
# Actions that end a step by handing the dossier on: whoever did it had taken the dossier at that step.
HANDING_ON = {"receive", "forward", "approve", "send_back", "return_result"}


class FormUnavailable(LookupError):
    """The dossier has no such form (no supplement was asked, it was never extended, ...)."""


def lookup_url(dossier: Dossier) -> str:
    """What the QR code carries: the public look-up page with the code and its secret."""
    return f"{settings.PUBLIC_URL}/tra-cuu/?{urlencode({'ma': dossier.code, 'bi-mat': dossier.lookup_secret})}"


def result_url(dossier: Dossier) -> str:
    """Where an applicant downloads a result delivered online (the code and secret, as on the look-up)."""
    return f"{settings.PUBLIC_URL}/tra-cuu/ket-qua/?{urlencode({'ma': dossier.code, 'bi-mat': dossier.lookup_secret})}"


def dossier_form(dossier: Dossier, number: str) -> data.Form:
    """Mẫu `number` for this dossier; FormUnavailable when its history has nothing to print on it."""
    builders = {
        "01": receipt,
        "02": supplement_request,
        "03": refusal,
        "04": apology,
        "05": stop_notice,
        "06": control_slip,
    }
    if number not in builders:
        raise FormUnavailable(number)
    return builders[number](dossier)


def receipt(dossier: Dossier) -> data.Receipt:
    if dossier.received_at is None:
        raise FormUnavailable("01")
    reception = _reception(dossier)
    unit = UNIT_LABELS.get(dossier.limit_unit, dossier.limit_unit)
    return data.Receipt(
        header=_desk_header(dossier.centre, dossier.agency),
        code=dossier.code,
        lookup_url=lookup_url(dossier),
        lookup_secret=dossier.lookup_secret,
        applicant=_party(dossier),
        procedure_name=dossier.procedure_version.name,
        procedure_code=dossier.procedure.code,
        received_at=dossier.received_at,
        due_at=dossier.original_due_at,
        limit_text=f"{dossier.limit_amount.normalize():f} {unit}" if dossier.limit_amount is not None else "",
        return_at=RETURN_PLACES.get(dossier.return_method, dossier.centre.name if dossier.centre else ""),
        officer_name=reception.actor_name if reception else "",
        issued_at=dossier.received_at,
        documents=[data.DocumentLine(d.name, originals=d.originals, copies=d.copies) for d in dossier.documents.all()],
        book_volume=f"{timezone.localtime(dossier.received_at):%Y}",
        book_number=dossier.code.rsplit("-", 1)[-1],
    )


def supplement_request(dossier: Dossier) -> data.SupplementRequest:
    event = _last(dossier, "request_supplement")
    if event is None:
        raise FormUnavailable("02")
    centre = dossier.centre
    return data.SupplementRequest(
        header=_desk_header(centre, dossier.agency),
        applicant=_party(dossier),
        procedure_name=dossier.procedure_version.name,
        reason=event.note,
        officer_name=event.actor_name,
        items=[data.DocumentLine(item) for item in event.data.get("items", [])],
        issued_at=event.at,
        code=dossier.code,
        lookup_url=lookup_url(dossier),
        received_at=dossier.received_at,
        contact_name=centre.name if centre else "",
        contact_phone=centre.phone if centre else "",
    )


def refusal(dossier: Dossier) -> data.Refusal:
    event = _last(dossier, "refuse")
    if event is None:
        raise FormUnavailable("03")
    return data.Refusal(
        header=_desk_header(dossier.centre, dossier.agency),
        applicant=_party(dossier),
        procedure_name=dossier.procedure_version.name,
        reason=event.note,
        officer_name=event.actor_name,
        issued_at=event.at,
        code=dossier.code,
    )


def apology(dossier: Dossier) -> data.Apology:
    event = _last(dossier, "extend")
    if event is None:
        raise FormUnavailable("04")
    agency = dossier.agency
    return data.Apology(
        header=_unit_header(agency),
        code=dossier.code,
        lookup_url=lookup_url(dossier),
        applicant=_party(dossier),
        procedure_name=dossier.procedure_version.name,
        received_at=dossier.received_at,
        old_due_at=event.due_before,
        new_due_at=event.due_after,
        reason=event.note,
        signer_name=event.actor_name,
        signer_title=SIGNER_TITLES.get(agency.kind, "THỦ TRƯỞNG CƠ QUAN"),
        issued_at=event.at,
    )


def stop_notice(dossier: Dossier) -> data.StopNotice:
    event = _last(dossier, "stop")
    if event is None:
        raise FormUnavailable("05")
    agency = dossier.agency
    return data.StopNotice(
        header=_unit_header(agency),
        code=dossier.code,
        applicant=_party(dossier),
        procedure_name=dossier.procedure_version.name,
        received_at=dossier.received_at or dossier.submitted_at,
        reason=event.note,
        signer_name=event.actor_name,
        issued_at=event.at,
        lookup_url=lookup_url(dossier),
        signer_title=SIGNER_TITLES.get(agency.kind, "THỦ TRƯỞNG CƠ QUAN"),
    )


def control_slip(dossier: Dossier) -> data.ControlSlip:
    """One row per step, in order: who handed the dossier on and who took it, when, and whether the step was
    done in time; steps not reached yet keep their blanks for the pen."""
    steps = list(dossier.steps.all())
    reception = _reception(dossier)
    rows, giver = [], reception.actor_name if reception else ""
    done_by = {e.step_name: e.actor_name for e in dossier.events.all() if e.action in HANDING_ON}
    # The last hand-over between agencies that reached each step (liên thông): who sent it, who took it, when.
    handovers = {h.step_id: h for h in dossier.handovers.select_related("from_agency", "to_agency")}
    for step in steps:
        taker = (step.assignee.full_name or step.assignee.username) if step.assignee else ""
        handover = handovers.get(step.pk)
        if handover is not None and not taker:
            taker = handover.received_by_name
        taker = taker or (done_by.get(step.name, "") if step.finished_at else "")
        rows.append(
            data.Handover(
                step_name=step.name,
                agency_name=step.agency.name,
                handed_at=step.started_at,
                giver=(handover.sent_by_name if handover else giver) if step.started_at else "",
                receiver=taker,
                timeliness=step.timeliness,
                note=_handover_note(handover) if handover else "",
            )
        )
        giver = taker or giver
    return data.ControlSlip(
        header=_desk_header(dossier.centre, dossier.agency),
        code=dossier.code,
        lookup_url=lookup_url(dossier),
        applicant_name=dossier.applicant_name,
        agency_name=dossier.agency.name,
        rows=rows,
        procedure_name=dossier.procedure_version.name,
        issued_at=dossier.received_at or dossier.submitted_at,
    )


def _handover_note(handover: Handover) -> str:
    """What Mẫu 06's remark column says of a hand-over between agencies: from whom to whom, the receiving
    agency's due time, and when it took the dossier (or that it has not yet)."""
    label = "Trả lại" if handover.kind == HandoverKind.SEND_BACK else "Bàn giao liên thông"
    lines = [f"{label}: {handover.from_agency.name} → {handover.to_agency.name}"]
    if handover.reason:
        lines.append(f"Lý do: {handover.reason}")
    if handover.due_at:
        lines.append(f"Hạn xử lý: {timezone.localtime(handover.due_at):%H:%M %d/%m/%Y}")
    if handover.received_at:
        lines.append(f"Nhận lúc: {timezone.localtime(handover.received_at):%H:%M %d/%m/%Y}")
    else:
        lines.append("Chưa nhận")
    return "\n".join(lines)


def visit_form(note: ReceptionNote) -> data.SupplementRequest | data.Refusal:
    """Mẫu 02 (guided once: what to bring) or Mẫu 03 (refused at the counter) for a visit without a dossier."""
    party = data.Party(
        note.applicant_name,
        id_number=note.applicant_id_number,
        address=note.applicant_address,
        phone=note.applicant_phone,
    )
    centre = Centre.objects.filter(agency__in=[note.agency_id, note.agency.province_id or note.agency_id]).first()
    header = _desk_header(centre, note.agency)
    name = note.procedure.published_version.name if note.procedure and note.procedure.published_version else ""
    officer = note.officer.full_name or note.officer.username
    if note.kind == "guide":
        return data.SupplementRequest(
            header=header,
            applicant=party,
            procedure_name=name,
            reason=note.reason,
            officer_name=officer,
            items=[data.DocumentLine(item) for item in note.items],
            issued_at=note.at,
            contact_name=centre.name if centre else "",
            contact_phone=centre.phone if centre else "",
        )
    return data.Refusal(
        header=header, applicant=party, procedure_name=name, reason=note.reason, officer_name=officer, issued_at=note.at
    )


def tracking_book(agency: Agency, dossiers: list[Dossier], *, period_from: date, period_to: date) -> data.TrackingBook:
    """Mẫu 07: the dossiers the agency received in the period, in order of reception."""
    rows = [
        data.BookRow(
            number=n,
            code=d.code,
            procedure_name=d.procedure_version.name,
            applicant_name=d.applicant_name,
            applicant_contact=", ".join(x for x in (d.applicant_address, d.applicant_phone) if x),
            lead_agency=agency.name,
            received_at=d.received_at,
            due_at=d.due_at,
            returned_at=d.returned_at,
            return_method=BOOK_RETURN.get(d.return_method, "") if d.returned_at else "",
        )
        for n, d in enumerate(dossiers, start=1)
    ]
    return data.TrackingBook(
        header=_unit_header(agency),
        agency_name=agency.name,
        period_from=period_from,
        period_to=period_to,
        rows=rows,
        book_volume=f"{period_from:%Y}",
    )


def _party(dossier: Dossier) -> data.Party:
    return data.Party(
        dossier.applicant_name,
        id_number=dossier.applicant_id_number,
        address=dossier.applicant_address,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
        organisation=dossier.applicant.kind == "organisation",
    )


def _desk_header(centre: Centre | None, agency: Agency) -> data.Header:
    """The one-stop desk issues receipts, requests, refusals and slips, under the committee it belongs to."""
    if centre is None:
        return _unit_header(agency)
    return data.Header(
        agency_name=centre.name, parent_name=centre.agency.name, centre_name=centre.name, place=_place(centre.agency)
    )


def _unit_header(agency: Agency) -> data.Header:
    parent = agency.parent.name if agency.parent else ""
    return data.Header(agency_name=agency.name, parent_name=parent, place=_place(agency))


def _place(agency: Agency) -> str:
    """ "Hòa An" in "Hòa An, ngày …": the province's name without "Ủy ban nhân dân tỉnh" and the like."""
    name = (agency.province or agency).name
    for prefix in ("Ủy ban nhân dân ", "UBND "):
        name = name.removeprefix(prefix)
    for prefix in ("tỉnh ", "thành phố ", "Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    return name


def _reception(dossier: Dossier) -> DossierEvent | None:
    """The event that received the dossier: at the counter, or the desk accepting it after an online submission."""
    return next((e for e in dossier.events.all() if e.action == "receive" or e.from_state == "submitted"), None)


def _last(dossier: Dossier, *actions: str) -> DossierEvent | None:
    """The latest event of these actions (events are prefetched in order)."""
    return next((e for e in reversed(list(dossier.events.all())) if e.action in actions), None)
