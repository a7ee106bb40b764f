"""Printed forms as PDFs (Mẫu 01-07), and counter visits that end with a form instead of a dossier."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field as PydanticField

from motcua.api.auth import bearer, require_scope, session
from motcua.api.dossier_schemas import VisitOut
from motcua.api.errors import ApiError
from motcua.api.schemas import errors
from motcua.core.models import ApiScope
from motcua.core.params import Id
from motcua.dossiers import selectors, services
from motcua.dossiers.actions import Item
from motcua.dossiers.forms import fill, render_pdf
from motcua.dossiers.forms.render import SPECS
from motcua.signatures.services import centre_signed_form

router = Router(tags=["forms"], auth=[bearer, session])
# "Mẫu 04 (Văn bản xin lỗi ...)" in messages: the form's number and its title as printed.
FORM_TITLES = {spec.number: f"Mẫu {spec.number} ({spec.title.capitalize()})" for spec in SPECS.values()}
MAX_BOOK_DAYS = 366
# The forms answer a PDF (returned as it is, not through a schema): the document says so.
PDF = {
    "responses": {
        "200": {
            "description": "The form, as a PDF",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # personal data: never kept by a shared cache
    return response


@router.get(
    "/dossiers/{code}/forms/{number}.pdf",
    response=errors(401, 404, 422),
    openapi_extra=PDF,
    auth=require_scope(ApiScope.DOSSIERS_READ),
)
def dossier_form(request, code: str, number: Literal["01", "02", "03", "04", "05", "06"]):
    """Mẫu 01 receipt, 02 supplement request, 03 refusal, 04 apology and new appointment, 05 stop notice,
    06 control slip, for this dossier (404 when its history has nothing to print on that form)."""
    found = selectors.dossier_detail(code=code, user=request.auth)
    if found is None:
        raise ApiError(404, "not_found", _("No dossier has the code %(code)s.") % {"code": code})
    try:
        form = fill.dossier_form(found[0], number)
    except fill.FormUnavailable as error:
        raise ApiError(
            404, "no_such_form", _("This dossier has no %(form)s.") % {"form": FORM_TITLES[number]}
        ) from error
    pdf = render_pdf(form)
    if number == "01":  # the receipt carries the centre's digital signature when the centre has a key
        pdf = centre_signed_form(dossier=found[0], number=number, pdf=pdf)
    return _pdf(pdf, f"{code}-mau-{number}.pdf")


class BookQuery(Schema):
    period_from: date = PydanticField(..., alias="from", description="first day of reception (inclusive)")
    period_to: date = PydanticField(..., alias="to", description="last day of reception (inclusive)")


@router.get("/agencies/{code}/forms/07.pdf", response=errors(401, 404, 422), openapi_extra=PDF)
def tracking_book(request, code: str, params: Query[BookQuery]):
    """Mẫu 07: the agency's tracking book of dossiers received in a period (at most a year, 1,000 dossiers)."""
    problem = selectors.book_period_error(params.period_from, params.period_to, max_days=MAX_BOOK_DAYS)
    if problem:
        raise ApiError(422, "period", problem)
    try:
        agency, dossiers = selectors.tracking_book_dossiers(
            user=request.auth, agency_code=code, period_from=params.period_from, period_to=params.period_to
        )
    except LookupError as error:
        raise ApiError(404, "not_found", _("No agency of yours has the code %(code)s.") % {"code": code}) from error
    except ValueError as error:
        raise ApiError(
            422,
            "period",
            _("More than %(n)s dossiers in this period: choose a shorter one.") % {"n": selectors.BOOK_MAX_ROWS},
        ) from error
    book = fill.tracking_book(agency, dossiers, period_from=params.period_from, period_to=params.period_to)
    return _pdf(render_pdf(book), f"{code}-mau-07-{params.period_from}-{params.period_to}.pdf")


class VisitApplicant(Schema):
    name: str = PydanticField(..., min_length=1, max_length=255)
    id_number: str = PydanticField("", max_length=20)
    phone: str = PydanticField("", max_length=20)
    address: str = PydanticField("", max_length=255)


class VisitIn(Schema):
    kind: Literal["guide", "refuse"] = PydanticField(..., description="guide: Mẫu 02; refuse: Mẫu 03")
    procedure: str = PydanticField(
        ..., max_length=32, description="procedure code (for a refusal, any code the applicant named)"
    )
    applicant: VisitApplicant
    reason: str = PydanticField(..., min_length=1, max_length=2000)
    items: list[Item] = PydanticField(default_factory=list, max_length=100, description="documents to complete (guide)")
    agency: str | None = PydanticField(None, max_length=20)


@router.post("/visits", response={201: VisitOut, **errors(401, 403, 404, 422)})
def record_visit(request, body: VisitIn):
    """A visit that ends without a dossier: guided once in writing (Mẫu 02) or refused (Mẫu 03)."""
    applicant = services.ApplicantInput(**body.applicant.dict())
    visit = services.VisitInput(
        procedure_code=body.procedure,
        reason=body.reason,
        items=body.items,
        agency_code=body.agency,
        applicant=applicant,
    )
    try:
        note = services.record_visit(officer=request.auth, kind=body.kind, visit=visit)
    except services.DossierError as error:
        raise ApiError(error.status, error.code, error.message) from error
    form = "02" if note.kind == "guide" else "03"
    return Status(201, {"id": note.pk, "kind": note.kind, "form": f"/api/v1/visits/{note.pk}/forms/{form}.pdf"})


@router.get("/visits/{visit_id}/forms/{number}.pdf", response=errors(401, 404, 422), openapi_extra=PDF)
def visit_form(request, visit_id: Id, number: Literal["02", "03"]):
    """The form handed over at the end of a visit: 02 for guidance, 03 for a refusal."""
    note = selectors.visit_note(user=request.auth, note_id=visit_id)
    if note is None or number != ("02" if note.kind == "guide" else "03"):
        raise ApiError(404, "not_found", _("No such visit form."))
    return _pdf(render_pdf(fill.visit_form(note)), f"tiep-dan-{visit_id}-mau-{number}.pdf")
