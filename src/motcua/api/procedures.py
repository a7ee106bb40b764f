"""Procedures of the catalog: search and read (public; staff also see drafts)."""

from __future__ import annotations

import hashlib
from typing import Literal

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field as PydanticField

from motcua.api.auth import public_scope
from motcua.api.errors import ApiError
from motcua.api.schemas import (
    ErrorOut,
    FieldOut,
    ProcedureDetailOut,
    ProcedurePageOut,
)
from motcua.catalog import selectors
from motcua.catalog.documents import is_optional
from motcua.catalog.freshness import catalog_version
from motcua.core.cursors import BadCursor
from motcua.core.models import Agency, ApiScope
from motcua.core.page_cache import DEFAULT_TIMEOUT
from motcua.core.params import Count, Id
from motcua.core.selectors import is_staff_member

router = Router(tags=["procedures"], auth=public_scope(ApiScope.CATALOG_READ))


class ProcedureQuery(Schema):
    q: str = PydanticField("", max_length=200, description="Words to find; diacritics and case are ignored")
    field: Id | None = PydanticField(None, description="Field (lĩnh vực) id, see /fields")
    agency: str | None = PydanticField(None, max_length=20, description="Implementing agency code, e.g. 000.00.04.H99")
    level: Literal["ministry", "province", "commune", "other"] | None = None
    online_level: Literal["full", "partial", "none"] | None = None
    cursor: str | None = PydanticField(None, max_length=200, description="next_cursor of the previous page")
    limit: int = PydanticField(30, ge=1, le=100)


@router.get("/procedures", response={200: ProcedurePageOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut})
def list_procedures(request, params: Query[ProcedureQuery]):
    """Search the catalog. Results come best match first; follow `next_cursor` for the next page."""
    staff = is_staff_member(request.auth)
    if staff:
        return _search(params, staff=True)
    # What citizens and systems see is the same for all: kept until the catalog changes (like the portal's pages).
    digest = hashlib.sha256(params.model_dump_json().encode()).hexdigest()[:32]
    key = f"motcua:api:procedures:v1:{get_language()}:{catalog_version()}:{digest}"
    found = cache.get(key)
    if found is None:
        found = _search(params, staff=False)
        cache.set(key, found, DEFAULT_TIMEOUT)
    return found


def _search(params: ProcedureQuery, *, staff: bool) -> dict:
    agency_id = None
    if params.agency:
        agency_id = Agency.objects.filter(code=params.agency).values_list("pk", flat=True).first()
        if agency_id is None:
            raise ApiError(422, "unknown_agency", _("No agency has the code %(code)s.") % {"code": params.agency})
    filters = selectors.SearchFilters(
        query=params.q,
        field_id=params.field,
        agency_id=agency_id,
        level=params.level or "",
        online_level=params.online_level or "",
        include_drafts=staff,
    )
    try:
        page = selectors.search_procedures(filters, cursor=params.cursor, limit=params.limit)
    except BadCursor as exc:
        raise ApiError(400, "bad_cursor", _("This cursor is not valid; start again without it.")) from exc
    return {"items": [_summary(v) for v in page.items], "next_cursor": page.next_cursor}


@router.get("/procedures/{code}", response={200: ProcedureDetailOut, 401: ErrorOut, 404: ErrorOut})
def get_procedure(request, code: str, version: Count | None = None):
    """One procedure: channels with limits and fees, documents, legal basis, agencies and process."""
    staff = is_staff_member(request.auth)
    found = selectors.get_version(code, include_drafts=staff, number=version)
    if found is None:
        raise ApiError(404, "not_found", _("No published procedure has the code %(code)s.") % {"code": code})
    data = _summary(found)
    data.update(
        implementing_agency=found.implementing_agency,
        competent_agency=found.competent_agency,
        coordinating_agency=found.coordinating_agency,
        reception_address=found.reception_address,
        target_groups=found.target_group_list,
        procedure_type=found.procedure_type,
        steps=found.steps,
        result=found.result,
        conditions=found.conditions,
        decision_number=found.decision_number,
        decided_on=found.decided_on,
        published_at=found.published_at,
        channels=[
            {
                **_channel(c),
                "note": c.note,
                "fees": [
                    {"label": f.label, "amount": f.amount, "currency": f.currency, "note": f.note, "free": f.is_free}
                    for f in c.fees.all()
                ],
            }
            for c in found.channels.all()
        ],
        documents=[
            {
                "position": i,
                "optional": is_optional(d.name),
                "name": d.name,
                "originals": d.originals,
                "copies": d.copies,
                "form": d.form_name,
                "form_url": d.form_file.url if d.form_file else None,
                "note": d.note,
            }
            for i, d in enumerate(found.documents.all(), start=1)
        ],
        legal_basis=[
            {"code": b.code, "title": b.title, "issued_on": b.issued_on, "issuer": b.issuer}
            for b in found.legal_basis.all()
        ],
        agencies=[{"code": a.code, "name": a.name} for a in selectors.implementing_agencies(found)],
        processes=[
            {
                "agency": {"code": p.agency.code, "name": p.agency.name} if p.agency else None,
                "channel": p.channel or None,
                "is_default": p.is_default,
                "steps": [
                    {
                        "name": s.name,
                        "role": s.role,
                        "budget": {"amount": float(s.amount), "unit": s.unit, "text": ""} if s.amount else None,
                    }
                    for s in p.steps
                ],
            }
            for p in selectors.processes_for(found)
        ],
    )
    return data


@router.get("/fields", response={200: list[FieldOut], 401: ErrorOut})
def list_fields(request):
    """Fields (lĩnh vực) that have procedures, in Vietnamese order, with how many each has."""
    fields = selectors.fields_with_counts(include_drafts=is_staff_member(request.auth))
    return [{"id": f.pk, "name": f.name, "procedure_count": f.procedure_count} for f in fields]


def _channel(c) -> dict:
    deadline = None
    if c.deadline_amount is not None or c.deadline_text:
        deadline = {
            "amount": float(c.deadline_amount) if c.deadline_amount is not None else None,
            "unit": c.deadline_unit or None,
            "text": c.deadline_text,
        }
    return {"channel": c.channel, "deadline": deadline}


def _summary(version) -> dict:
    field = version.field
    return {
        "code": version.procedure.code,
        "name": version.name,
        "field": {"id": field.pk, "name": field.name} if field else None,
        "levels": version.level_list,
        "online_level": version.online_level,
        "status": version.status,
        "version": version.number,
        "channels": [_channel(c) for c in version.channels.all()],
        "url": reverse("portal:procedure", args=[version.procedure.code]),
    }
