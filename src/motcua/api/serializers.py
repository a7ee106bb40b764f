"""JSON shapes of dossiers for staff and for the public look-up."""

from __future__ import annotations

from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.access import Access, allowed_now


def _step(step) -> dict:
    return {
        "position": step.position,
        "name": step.name,
        "public_name": step.public_name or step.name,
        "role": step.role,
        "agency": {"code": step.agency.code, "name": step.agency.name},
        "started_at": step.started_at,
        "due_at": step.due_at,
        "finished_at": step.finished_at,
        "assignee": step.assignee.username if step.assignee else None,
        "timeliness": step.timeliness or None,
    }


def dossier_out(dossier: Dossier, access: Access) -> dict:
    steps = list(dossier.steps.all())
    current = next((s for s in steps if s.pk == dossier.current_step_id), None)
    current_out = None
    if current is not None:
        current_out = {**_step(current), "candidates": selectors.step_candidates(current)}
    return {
        "code": dossier.code,
        "lookup_secret": dossier.lookup_secret,
        "state": dossier.state,
        "version": dossier.version,
        "procedure": {
            "code": dossier.procedure.code,
            "name": dossier.procedure_version.name,
            "version": dossier.procedure_version.number,
        },
        "channel": dossier.channel,
        "agency": {"code": dossier.agency.code, "name": dossier.agency.name},
        "applicant": {
            "name": dossier.applicant_name,
            "id_number": dossier.applicant_id_number,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
            "address": dossier.applicant_address,
        },
        "documents": [
            {
                "name": d.name,
                "originals": d.originals,
                "copies": d.copies,
                "files": [{"id": f.pk, "sha256": f.sha256, "content_type": f.content_type} for f in d.files.all()],
            }
            for d in dossier.documents.all()
        ],
        "fees": [
            {
                "label": f.label,
                "amount": f.amount,
                "currency": f.currency,
                "paid_at": f.paid_at,
                "receipt_number": f.receipt_number,
                "method": f.method or None,
            }
            for f in dossier.fees.all()
        ],
        "submitted_at": dossier.submitted_at,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "original_due_at": dossier.original_due_at,
        "extended": dossier.extended,
        "paused_since": dossier.paused_since,
        "supplement_count": dossier.supplement_count,
        "finished_at": dossier.finished_at,
        "timeliness": dossier.timeliness or None,
        "returned_at": dossier.returned_at,
        "return_method": dossier.return_method,
        "current_step": current_out,
        "steps": [_step(s) for s in steps],
        "events": [
            {
                "sequence": e.sequence,
                "at": e.at,
                "actor": e.actor_name,
                "role": e.role,
                "agency": e.agency.code if e.agency else None,
                "action": e.action,
                "from_state": e.from_state or None,
                "to_state": e.to_state or None,
                "step": e.step_name,
                "note": e.note,
                "data": e.data,
                "due_before": e.due_before,
                "due_after": e.due_after,
            }
            for e in dossier.events.all()
        ],
        "allowed_actions": allowed_now(dossier=dossier, actor=access.user, steps=steps),
    }


def public_out(result) -> dict:
    """What anyone holding the receipt may know (a look-up's Result): no ID number, phone, address or staff name."""
    return {
        "code": result.code,
        "procedure": result.procedure,
        "state": result.state,
        "state_text": result.state_text,
        "current_step": result.current_step or None,
        "received_at": result.received_at,
        "due_at": result.due_at,
        "original_due_at": result.original_due_at,
        "extended": result.extended,
        "return_method": result.return_method,
        "supplement_items": result.supplement_items,
        "timeline": [{"at": e.at, "text": e.text, "step": e.step} for e in result.timeline],
    }
