"""Ratings and feedback over the API, for the national portal, a mobile app or any other client of citizens."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field as PydanticField

from motcua.api.auth import csrf_exempt, optional_auth
from motcua.api.errors import ApiError, error_body
from motcua.api.schemas import AgencyOut, ErrorOut, ValidationErrorOut
from motcua.core.models import Agency
from motcua.core.params import MAX_PAGE
from motcua.core.views import client_address
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import public_lookup
from motcua.feedback import limits, selectors, services
from motcua.feedback.forms import FeedbackForm
from motcua.feedback.models import About, Criterion, Feedback, Rating

ratings_router = Router(tags=["ratings"], auth=optional_auth)
feedback_router = Router(tags=["feedback"], auth=optional_auth)

# Literal types from the models' choices: the OpenAPI document lists the accepted values.
CriterionName = Literal[tuple(Criterion.values)]  # type: ignore[valid-type]
AboutName = Literal[tuple(About.values)]  # type: ignore[valid-type]
LevelValue = Annotated[int, PydanticField(ge=1, le=5)]
LEVELS = "5 very satisfied, 4 satisfied, 3 neutral, 2 dissatisfied, 1 very dissatisfied"
# FeedbackError codes that are the request's fault; the others are a state of the data (409).
UNPROCESSABLE = {"level"}


def _limit(request, kind: str) -> None:
    # The same per-address hourly counts as the web pages: a client cannot double them by using both.
    if not limits.allowed(kind, client_address(request)):
        message = _("Too many requests from your connection. Please wait and try again later.")
        raise ApiError(429, "too_many_requests", message)


# Ratings ------------------------------------------------------------------------------------------------------


class RatingIn(Schema):
    code: str = PydanticField(..., min_length=1, max_length=40, description="the dossier's code, on the receipt")
    secret: str = PydanticField(..., min_length=1, max_length=16, description="the look-up secret on the receipt")
    level: LevelValue = PydanticField(..., description=LEVELS)
    criteria: dict[CriterionName, LevelValue] = PydanticField(
        {}, description="optional levels for any of the nine criteria of satisfaction"
    )
    comment: str = PydanticField("", max_length=2000)


class RatingQuery(Schema):
    code: str = PydanticField(..., min_length=1, max_length=40)
    secret: str = PydanticField(..., min_length=1, max_length=16)


class RatingOut(Schema):
    code: str
    level: int = PydanticField(..., description=LEVELS)
    criteria: dict[str, int]
    comment: str
    created_at: datetime
    updated_at: datetime
    editable_until: datetime = PydanticField(..., description="the rating can be changed until then")


RATING_ERRORS = {404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _dossier(code: str, secret: str) -> Dossier:
    dossier = public_lookup(code=code, secret=secret)
    if dossier is None:  # the same answer for a wrong secret and an unknown code
        raise ApiError(404, "not_found", _("No dossier matches this code and secret."))
    return dossier


def _rating_out(dossier: Dossier, rating: Rating) -> dict:
    # Who served the applicant is kept for the supervisors' figures; it is never shown to whoever holds the secret.
    return {
        "code": dossier.code,
        "level": rating.level,
        "criteria": {s.criterion: s.level for s in rating.scores.all()},
        "comment": rating.comment,
        "created_at": rating.created_at,
        "updated_at": rating.updated_at,
        "editable_until": rating.created_at + services.EDITABLE_FOR,
    }


@ratings_router.post("/ratings", response={200: RatingOut, 201: RatingOut, 409: ErrorOut, **RATING_ERRORS})
# Without it a POST with no CSRF cookie fails in the session check before reaching the anonymous one. The
# caller's identity is not used here: a forged cross-site request can do only what anyone may do.
@csrf_exempt
def rate(request, body: RatingIn):
    """Rate a dossier once its result has been returned, with the code and secret printed on the receipt:
    201 for the first rating, 200 when it is changed (possible for 7 days), 409 `not_returned` before the result
    is returned and `closed` after the 7 days. A wrong secret answers exactly like an unknown code (404)."""
    _limit(request, "rating")
    dossier = _dossier(body.code, body.secret)
    try:
        rating = services.rate_dossier(dossier=dossier, level=body.level, criteria=body.criteria, comment=body.comment)
    except services.FeedbackError as error:
        raise ApiError(422 if error.code in UNPROCESSABLE else 409, error.code, error.message) from error
    # A change always moves updated_at past created_at; a first rating has them equal.
    return Status(201 if rating.updated_at == rating.created_at else 200, _rating_out(dossier, rating))


@ratings_router.get("/ratings", response={200: RatingOut, **RATING_ERRORS})
def get_rating(request, params: Query[RatingQuery]):
    """The dossier's current rating, to show or change it: 404 `not_found` for a wrong code or secret,
    404 `not_rated` when the dossier has no rating yet."""
    _limit(request, "rating")
    dossier = _dossier(params.code, params.secret)
    rating = selectors.rating_of(dossier)
    if rating is None:
        raise ApiError(404, "not_rated", _("This dossier has not been rated yet."))
    return _rating_out(dossier, rating)


# Feedback -----------------------------------------------------------------------------------------------------


class FeedbackIn(Schema):
    about: AboutName = PydanticField(
        "other",
        description="dossier needs dossier_code; agency needs agency; officer needs officer_text; "
        "procedure needs procedure_code",
    )
    subject: str = PydanticField(..., min_length=1, max_length=200)
    text: str = PydanticField(..., min_length=1, max_length=5000)
    dossier_code: str = PydanticField("", max_length=40)
    agency: str = PydanticField("", max_length=20, description="agency code, e.g. 000.00.04.H40")
    procedure_code: str = PydanticField("", max_length=32, description="national procedure code, e.g. 1.001456")
    officer_text: str = PydanticField("", max_length=255, description="the officer's name or the counter")
    name: str = PydanticField("", max_length=255, description="optional; never published")
    email: str = PydanticField("", max_length=254, description="optional, to be told of the answer; never published")
    phone: str = PydanticField("", max_length=20, description="optional, digits; never published")
    publish_ok: bool = PydanticField(False, description="the answer may be published, without name or contact")


class FeedbackCreatedOut(Schema):
    code: str
    secret: str = PydanticField(..., description="shown once: with the code it reads the answer")
    agency: AgencyOut = PydanticField(..., description="the agency that will answer")
    due_at: datetime = PydanticField(..., description="the answer is due by then (15 working days)")


class SecretQuery(Schema):
    secret: str = PydanticField(..., min_length=1, max_length=16)


class FeedbackOut(Schema):
    code: str
    subject: str
    created_at: datetime
    due_at: datetime
    state: Literal["open", "answered"]
    answer: str | None
    answered_at: datetime | None


class PublishedQuery(Schema):
    page: int = PydanticField(1, ge=1, le=MAX_PAGE)


class PublishedAgencyOut(Schema):
    name: str


class PublishedOut(Schema):
    code: str
    subject: str
    text: str
    answer: str
    created_at: datetime
    answered_at: datetime
    agency: PublishedAgencyOut


class PublishedPageOut(Schema):
    items: list[PublishedOut]
    page: int
    next_page: int | None


# The web form's names where the API's differ.
API_FIELD = {"body": "text", "__all__": ""}


def _form(body: FeedbackIn) -> tuple[FeedbackForm, list[dict]]:
    """The web form's own rules (what each `about` needs, e-mail, phone), with the agency given by its code."""
    errors, agency_id = [], None
    if body.agency.strip():
        agency_id = Agency.objects.filter(code=body.agency.strip(), is_active=True).values_list("pk", flat=True).first()
        if agency_id is None:
            message = _("No agency has the code %(code)s.") % {"code": body.agency.strip()}
            errors.append({"field": "agency", "message": message})
    data = body.dict()
    data.update(body=data.pop("text"), agency=agency_id or "", publish_ok=body.publish_ok or "")
    form = FeedbackForm(data)
    if not form.is_valid():
        for name, messages in form.errors.items():
            if name == "agency" and errors:
                continue  # the unknown code is the clearer message
            errors += [{"field": API_FIELD.get(name, name), "message": str(m)} for m in messages]
    return form, errors


@feedback_router.post(
    "/feedback", response={201: FeedbackCreatedOut, 409: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}
)
@csrf_exempt  # as for ratings: anyone may send feedback, a session grants nothing more
def send_feedback(request, body: FeedbackIn):
    """Send feedback (phản ánh, kiến nghị). It goes to the dossier's agency, the chosen agency, the procedure's
    agency or the centre, and is answered within 15 working days. The answer carries the feedback's code and a
    secret, returned this once: keep them to read the answer. 422 lists each field to correct."""
    _limit(request, "feedback")
    form, errors = _form(body)
    if errors:
        message = " ".join(e["message"] for e in errors)
        return Status(422, error_body("validation_error", message, details=errors))
    data = form.cleaned_data
    try:
        feedback = services.submit_feedback(**data)  # the form's fields are the service's keywords
    except services.FeedbackError as error:
        raise ApiError(409, error.code, error.message) from error
    # The calendar gives local time; in UTC like every datetime read back from the database, so that the same
    # moment reads the same here and on GET /feedback/{code}.
    return Status(
        201,
        {
            "code": feedback.code,
            "secret": feedback.secret,
            "due_at": feedback.due_at.astimezone(UTC),
            "agency": {"code": feedback.agency.code, "name": feedback.agency.name},
        },
    )


# Declared before /feedback/{code}: "published" is not a code.
@feedback_router.get("/feedback/published", response={200: PublishedPageOut, 422: ErrorOut})
def published(request, params: Query[PublishedQuery]):
    """Answers published with the citizen's consent, newest first, 20 a page; no name, contact or officer."""
    rows, more = selectors.published(params.page)
    return {
        "items": [_published_out(f) for f in rows],
        "page": params.page,
        "next_page": params.page + 1 if more else None,
    }


def _published_out(feedback: Feedback) -> dict:
    # Only the columns the selector reads: anything else would be a query per row, and may be personal.
    return {
        "code": feedback.code,
        "subject": feedback.subject,
        "text": feedback.text,
        "answer": feedback.answer,
        "created_at": feedback.created_at,
        "answered_at": feedback.answered_at,
        "agency": {"name": feedback.agency.name},
    }


@feedback_router.get("/feedback/{code}", response={200: FeedbackOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut})
def read_feedback(request, code: str, params: Query[SecretQuery]):
    """Where a feedback stands, and its answer once given, with its code and secret. A wrong secret answers
    exactly like an unknown code (404)."""
    _limit(request, "rating")  # the web page's read view counts on the ratings' more generous limit
    feedback = selectors.feedback_for_citizen(code=code, secret=params.secret)
    if feedback is None:
        raise ApiError(404, "not_found", _("No feedback matches this code and secret."))
    answered = feedback.answered_at is not None
    return {
        "code": feedback.code,
        "subject": feedback.subject,
        "created_at": feedback.created_at,
        "due_at": feedback.due_at,
        "state": "answered" if answered else "open",
        "answer": feedback.answer if answered else None,
        "answered_at": feedback.answered_at,
    }
