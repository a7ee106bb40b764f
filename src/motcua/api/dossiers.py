"""Dossiers over the API: receive, read, act, list; the public look-up; staff for other systems."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import Field as PydanticField

from motcua.api import actions
from motcua.api.auth import bearer, optional_auth, require_scope, session
from motcua.api.dossier_schemas import DossierOut, DossierPageOut, PublicDossierOut, StaffOut, UploadedFileOut
from motcua.api.errors import ApiError
from motcua.api.schemas import errors
from motcua.api.serializers import dossier_out, public_out
from motcua.core.cursors import BadCursor
from motcua.core.models import ApiScope, Role, RoleAssignment, User
from motcua.core.params import MAX_AMOUNT, Id
from motcua.core.selectors import agency_ids_for, is_staff_member
from motcua.dossiers import selectors, services
from motcua.dossiers.services.files import store_upload
from motcua.portal.lookup import limiter
from motcua.portal.lookup.selectors import lookup as lookup_result

router = Router(tags=["dossiers"], auth=[bearer, session])


class ApplicantIn(Schema):
    name: str = PydanticField(..., min_length=1, max_length=255)
    id_number: str = PydanticField(..., min_length=3, max_length=20, description="CCCD number or tax code")
    kind: Literal["person", "organisation"] = "person"
    phone: str = PydanticField("", max_length=20)
    email: str = PydanticField("", max_length=254)
    address: str = PydanticField("", max_length=255)


class DocumentIn(Schema):
    name: str = PydanticField(..., min_length=1, max_length=2000)
    originals: int = PydanticField(0, ge=0, le=99)
    copies: int = PydanticField(0, ge=0, le=99)
    file_ids: list[Id] = PydanticField([], max_length=100)


class FeeIn(Schema):
    label: str = PydanticField("", max_length=255)
    amount: int = PydanticField(..., ge=0, le=MAX_AMOUNT)
    currency: str = PydanticField("VND", min_length=3, max_length=3)
    receipt_number: str = PydanticField("", max_length=64)
    method: Literal["", "cash", "transfer", "card"] = ""


class DossierIn(Schema):
    procedure: str = PydanticField(..., max_length=32, description="national procedure code, e.g. 1.001456")
    channel: Literal["counter", "online", "postal"]
    applicant: ApplicantIn
    documents: list[DocumentIn] = PydanticField([], max_length=200)
    fees: list[FeeIn] = PydanticField([], max_length=50)
    agency: str | None = PydanticField(None, max_length=20, description="handling agency code, when several")
    return_method: Literal["counter", "post", "online"] = "counter"
    return_address: str = PydanticField("", max_length=255)
    resolve_now: bool = PydanticField(False, description="resolved on the spot (giải quyết ngay)")


def _raise(error: services.DossierError):
    raise ApiError(error.status, error.code, error.message) from error


@router.post(
    "/dossiers", response={201: DossierOut, **errors(401, 403, 404, 422)}, auth=require_scope(ApiScope.DOSSIERS_SUBMIT)
)
def create_dossier(request, body: DossierIn):
    """Receive a dossier at a counter (or record one submitted online): code, secret, appointment."""
    try:
        dossier = services.receive_dossier(
            officer=request.auth,
            procedure_code=body.procedure,
            channel=body.channel,
            applicant=services.ApplicantInput(**body.applicant.dict()),
            documents=[services.DocumentInput(**d.dict()) for d in body.documents],
            fees=[services.FeeInput(**f.dict()) for f in body.fees],
            agency_code=body.agency,
            return_method=body.return_method,
            return_address=body.return_address,
            resolve_now=body.resolve_now,
        )
    except services.DossierError as error:
        _raise(error)
    found, access = selectors.dossier_detail(code=dossier.code, user=request.auth)
    return Status(201, dossier_out(found, access))


@router.get(
    "/dossiers/{code}", response={200: DossierOut, **errors(401, 404)}, auth=require_scope(ApiScope.DOSSIERS_READ)
)
def get_dossier(request, code: str):
    """A dossier with its steps, documents, fees, history, and what the caller may do now."""
    found = selectors.dossier_detail(code=code, user=request.auth)
    if found is None:
        raise ApiError(404, "not_found", _("No dossier has the code %(code)s.") % {"code": code})
    return dossier_out(*found)


actions.register(router)


@router.post(
    "/files", response={201: UploadedFileOut, **errors(401, 403, 422)}, auth=require_scope(ApiScope.DOSSIERS_SUBMIT)
)
def upload_file(request, file: File[UploadedFile], title: Form[str] = "", applicant: Form[str] = ""):
    """Upload a scan (PDF or image, checked by content) to attach to a dossier by its id; `applicant` (an ID
    number) puts it in that applicant's store of documents for later dossiers. Staff only: citizens upload to
    their own store with POST /me/files."""
    if not is_staff_member(request.auth):
        raise ApiError(403, "forbidden", _("Only staff upload scans here; citizens use POST /api/v1/me/files."))
    try:
        stored = store_upload(
            data=file,
            original_name=file.name or "",
            title=title,
            user=request.auth,
            applicant_id_number=applicant,
        )
    except services.DossierError as error:
        _raise(error)
    return Status(
        201, {"id": stored.pk, "sha256": stored.sha256, "size": stored.size, "content_type": stored.content_type}
    )


class InboxQuery(Schema):
    state: list[str] = PydanticField([], max_length=20, description="one or more states")
    agency: str | None = PydanticField(None, max_length=20)
    due_before: datetime | None = None
    q: str = PydanticField("", max_length=100, description="code, applicant name or ID number")
    mine: bool = False
    cursor: str | None = PydanticField(None, max_length=200)
    limit: int = PydanticField(30, ge=1, le=100)


@router.get(
    "/dossiers", response={200: DossierPageOut, **errors(400, 401, 422)}, auth=require_scope(ApiScope.DOSSIERS_READ)
)
def list_dossiers(request, params: Query[InboxQuery]):
    """Dossiers the caller may see, soonest due first; follow `next_cursor`."""
    filters = selectors.InboxFilters(
        states=params.state,
        agency_code=params.agency or "",
        due_before=params.due_before,
        query=params.q,
        assigned_to_me=params.mine,
    )
    try:
        rows, next_cursor = selectors.inbox(
            user=request.auth, filters=filters, cursor=params.cursor, limit=params.limit
        )
    except BadCursor as exc:
        raise ApiError(400, "bad_cursor", _("This cursor is not valid; start again without it.")) from exc
    return {"items": [_summary(d) for d in rows], "next_cursor": next_cursor}


def _summary(d) -> dict:
    step = d.current_step
    return {
        "code": d.code,
        "state": d.state,
        "procedure": {"code": d.procedure.code, "name": d.procedure_version.name},
        "applicant_name": d.applicant_name,
        "agency": d.agency.code,
        "channel": d.channel,
        "received_at": d.received_at,
        "due_at": d.due_at,
        "version": d.version,
        "current_step": {
            "name": step.name,
            "agency": step.agency.code,
            "due_at": step.due_at,
            "assignee": step.assignee.username if step.assignee else None,
        }
        if step
        else None,
    }


public_router = Router(tags=["look-up"], auth=optional_auth)


@public_router.get("/lookup", response={200: PublicDossierOut, **errors(404, 422, 429)})
def lookup(request, code: str, secret: str = ""):
    """Public look-up with the code and the secret printed on the receipt. Nothing personal is shown; a wrong
    secret answers exactly like an unknown code."""
    # The same per-address count of failed look-ups as the look-up page, shared by every server process.
    try:
        result = limiter.look_up(request, lambda: lookup_result(code=code, secret=secret))
    except limiter.TooMany:
        raise ApiError(429, "too_many_requests", _("Too many look-ups; wait a minute and try again.")) from None
    if result is None:
        raise ApiError(404, "not_found", _("No dossier matches this code and secret."))
    return public_out(result)


staff_router = Router(tags=["staff"], auth=[bearer, session])


@staff_router.get("/staff", response={200: list[StaffOut], **errors(401, 403)})
def staff(request, role: str | None = None, agency: str | None = None):
    """Staff and their roles, for administrators and supervisors (other systems route work with it)."""
    user: User = request.auth
    allowed = agency_ids_for(user, roles={Role.ADMINISTRATOR, Role.SUPERVISOR})
    if not allowed and not user.is_superuser:
        raise ApiError(403, "forbidden", _("Only administrators and supervisors may list staff."))
    rows = RoleAssignment.objects.select_related("user", "agency").filter(user__is_active=True)
    if not user.is_superuser:
        rows = rows.filter(agency_id__in=allowed)
    if role:
        rows = rows.filter(role=role)
    if agency:
        rows = rows.filter(agency__code=agency)
    return [
        {
            "username": r.user.username,
            "full_name": r.user.full_name,
            "role": r.role,
            "agency": r.agency.code,
            "agency_name": r.agency.name,
        }
        for r in rows.order_by("agency__code", "role", "user__username")
    ]
