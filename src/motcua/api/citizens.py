"""The citizen's side over the API (a mobile app, the national portal acting for a logged-in citizen): a token
for the account, my documents, online submission, supplements and withdrawal, my dossiers.

A citizen's token comes from `POST /citizens/token` with the account's phone or e-mail and password (throttled
like the log-in page); it works only on these endpoints' data: the account's own."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile
from pydantic import Field as PydanticField

from motcua.accounts import selectors as accounts
from motcua.accounts import services as account_services
from motcua.api.auth import bearer, csrf_exempt, optional_auth, session
from motcua.api.dossier_schemas import ProcedureRefOut, PublicDossierOut
from motcua.api.dossiers import ApplicantIn
from motcua.api.errors import ApiError
from motcua.api.schemas import errors
from motcua.api.serializers import public_out
from motcua.core.models import User
from motcua.core.params import Count, Id
from motcua.core.services import issue_api_token
from motcua.core.throttle import authenticate_throttled
from motcua.dossiers import services
from motcua.dossiers.actions import CompleteSupplementInput, WithdrawInput
from motcua.dossiers.selectors import PUBLIC_STATE
from motcua.dossiers.services.online import online_agencies
from motcua.dossiers.states import State
from motcua.portal.lookup.selectors import lookup
from motcua.portal.submission import selectors as submission
from motcua.portal.submission import services as submitting

router = Router(tags=["citizens"], auth=[bearer, session])
token_router = Router(tags=["citizens"], auth=optional_auth)


def _citizen(request) -> User:
    user = request.auth
    if accounts.profile_of(user) is None:
        raise ApiError(403, "not_a_citizen", _("This needs a citizen's account (a staff account has no dossiers)."))
    return user


class TokenIn(Schema):
    contact: str = PydanticField(..., min_length=3, max_length=254, description="the account's phone or e-mail")
    password: str = PydanticField(..., min_length=1, max_length=200)
    name: str = PydanticField("app", max_length=100, description="what the token is for, e.g. the app's name")


class TokenOut(Schema):
    token: str
    name: str


@token_router.post("/citizens/token", response={201: TokenOut, **errors(401, 422, 429)})
@csrf_exempt  # a password is the credential here, not a session
def citizen_token(request, body: TokenIn):
    """A bearer token for a citizen's account (shown once). Failed attempts lock the account and the address for
    a while, as on the log-in page; a wrong contact and a wrong password answer alike."""
    attempt = authenticate_throttled(  # the log-in page's count, whichever way the password comes
        request,
        account=account_services.account_key(body.contact),
        accept=accounts.is_citizen,
        contact=body.contact,
        password=body.password,
    )
    if not attempt.password_checked:
        raise ApiError(429, "too_many_requests", _("Too many failed log-ins. Try again later."))
    if attempt.user is None:
        raise ApiError(401, "unauthorized", _("The phone, e-mail or password is wrong."))
    user = attempt.user
    token, raw = issue_api_token(user=user, name=body.name or "app")
    return Status(201, {"token": raw, "name": token.name})


class ProfileOut(Schema):
    name: str
    phone: str | None
    email: str | None
    kind: str
    id_number: str
    address: str
    language: str


@router.get("/me", response={200: ProfileOut, **errors(401, 403)})
def me(request):
    """The account's verified contacts and the details that prefill e-forms."""
    user = _citizen(request)
    profile = accounts.profile_of(user)
    return {
        "name": user.full_name,
        "phone": profile.phone,
        "email": profile.email,
        "kind": profile.kind,
        "id_number": profile.id_number,
        "address": profile.address,
        "language": user.language,
    }


class MyDossierOut(Schema):
    code: str
    secret: str = PydanticField(..., description="the look-up secret: the applicant's credential for the dossier")
    state: str
    state_text: str
    procedure: ProcedureRefOut
    channel: str
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    extended: bool


class MyPublicDossierOut(PublicDossierOut):
    secret: str = PydanticField(..., description="the look-up secret: the applicant's credential for the dossier")
    version: int = PydanticField(..., description="send it with a supplement or a withdrawal (409 if it moved on)")


class MyDossiersOut(Schema):
    items: list[MyDossierOut]
    next_before: int | None = PydanticField(None, description="pass as `before` for the next page")


@router.get("/me/dossiers", response={200: MyDossiersOut, **errors(401, 403, 422)})
def my_dossiers(request, before: Id | None = None, limit: int = 20):
    """My dossiers, newest first: submitted from the account, or received at a counter for an applicant whose
    phone or e-mail, checked there, is the account's."""
    user = _citizen(request)
    rows, more = accounts.my_dossiers(user, before=before, limit=max(1, min(limit, 100)))
    return {"items": [_summary(d) for d in rows], "next_before": more}


def _summary(d) -> dict:
    return {
        "code": d.code,
        "secret": d.lookup_secret,
        "state": d.state,
        "state_text": PUBLIC_STATE[State(d.state)](),
        "procedure": {"code": d.procedure.code, "name": d.procedure_version.name},
        "channel": d.channel,
        "submitted_at": d.submitted_at,
        "received_at": d.received_at,
        "due_at": d.due_at,
        "extended": d.extended,
    }


@router.get("/me/dossiers/{code}", response={200: MyPublicDossierOut, **errors(401, 403, 404)})
def my_dossier(request, code: str):
    """One of my dossiers as the look-up shows it: state in plain words, the public timeline, the appointment,
    and the documents asked for when it waits for a supplement."""
    user = _citizen(request)
    found = accounts.my_dossier(user=user, code=code)
    if found is None:
        raise ApiError(404, "not_found", _("No dossier has the code %(code)s.") % {"code": code})
    result = lookup(code=found.code, secret=found.lookup_secret)
    return {**public_out(result), "secret": found.lookup_secret, "version": found.version}


class FileOut(Schema):
    id: int
    title: str
    content_type: str
    size: int
    sha256: str
    source: Literal["mine", "counter", "result"] = "mine"
    dossier_code: str = ""


@router.post("/me/files", response={201: FileOut, **errors(401, 403, 422)})
def upload_my_file(request, file: File[UploadedFile], title: Form[str] = ""):
    """A scan or photo into my documents (PDF or image, checked by content, 20 MB at most): attach it by its id."""
    user = _citizen(request)
    try:
        stored = account_services.add_document(user=user, data=file, original_name=file.name or "", title=title)
    except services.DossierError as error:
        raise ApiError(error.status, error.code, error.message) from error
    return Status(201, _file(stored))


def _file(stored, source: str = "mine", dossier_code: str = "") -> dict:
    return {
        "id": stored.pk,
        "title": stored.title or stored.original_name,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "source": source,
        "dossier_code": dossier_code,
    }


@router.get("/me/files", response={200: list[FileOut], **errors(401, 403)})
def my_files(request):
    """My documents: my uploads, papers scanned for me at a counter, the electronic results of my dossiers."""
    user = _citizen(request)
    return [_file(d.file, d.source, d.dossier_code) for d in accounts.my_documents(user)]


class AttachedIn(Schema):
    position: int = PydanticField(
        ..., ge=0, le=1000, description="the document's place in the procedure's list (1, 2, …); 0 for any other paper"
    )
    file_ids: list[Id] = PydanticField(..., min_length=1, max_length=10, description="ids from POST /me/files")


class OnlineDossierIn(Schema):
    procedure: str = PydanticField(..., max_length=32, description="national procedure code, e.g. 1.001456")
    agency: str = PydanticField("", max_length=20, description="handling agency code, when several handle it")
    applicant: ApplicantIn
    documents: list[AttachedIn] = PydanticField(..., max_length=100)
    return_method: Literal["online", "post", "counter"] = "online"
    return_address: str = PydanticField("", max_length=255)
    notify_sms: bool = True
    notify_email: bool = True


@router.post("/me/dossiers", response={201: MyDossierOut, **errors(401, 403, 404, 422)})
def submit_online(request, body: OnlineDossierIn):
    """Submit a dossier online (state `submitted`: the one-stop desk checks it, then its clock starts). Every
    required document of the procedure needs a file from my documents; 422 lists what is missing by field
    (`doc-<position>` for a document), and nothing is written."""
    user = _citizen(request)
    version = submission.online_version(body.procedure)
    if version is None:
        raise ApiError(404, "not_online", _("This procedure cannot be submitted online."))
    agencies = online_agencies(version.procedure_id)
    data = {
        **body.applicant.dict(),
        "agency": body.agency or (agencies[0].code if len(agencies) == 1 else ""),
        "return_method": body.return_method,
        "return_address": body.return_address,
        "notify_sms": body.notify_sms,
        "notify_email": body.notify_email,
    }
    files: dict[int, list[int]] = {}
    for item in body.documents:
        files.setdefault(item.position, []).extend(item.file_ids)
    try:
        dossier = submitting.submit(citizen=user, version=version, data=data, files=files)
    except submitting.Incomplete as incomplete:
        details = [{"field": field, "message": message} for field, message in incomplete.errors.items()]
        raise ApiError(
            422,
            "incomplete",
            _("The dossier is not complete: %(fields)s") % {"fields": ", ".join(incomplete.errors)},
            details=details,
        ) from incomplete
    dossier.procedure_version = version
    return Status(201, _summary(dossier))


class SupplementDocumentIn(Schema):
    name: str = PydanticField(..., min_length=1, max_length=500, description="the document asked for")
    file_ids: list[Id] = PydanticField(..., min_length=1, max_length=10, description="ids from POST /me/files")


class SupplementIn(Schema):
    version: Count | None = PydanticField(None, description="the dossier's version you saw (409 if it moved on)")
    note: str = PydanticField("", max_length=2000)
    documents: list[SupplementDocumentIn] = PydanticField(..., min_length=1, max_length=100)


@router.post("/me/dossiers/{code}/supplement", response={200: MyPublicDossierOut, **errors(401, 403, 404, 409, 422)})
def complete_supplement(request, code: str, body: SupplementIn):
    """Complete a dossier waiting for a supplement with the documents asked for (files from my documents)."""
    documents = [
        services.DocumentInput(name=_("Supplement: %(item)s") % {"item": d.name}, file_ids=d.file_ids)
        for d in body.documents
    ]
    return _act(request, code, CompleteSupplementInput(note=body.note), body.version, documents)


class WithdrawIn(Schema):
    version: Count | None = None
    reason: str = PydanticField("", max_length=1000)


@router.post("/me/dossiers/{code}/withdraw", response={200: MyPublicDossierOut, **errors(401, 403, 404, 409, 422)})
def withdraw(request, code: str, body: WithdrawIn):
    """Withdraw one of my dossiers before its result (rút hồ sơ)."""
    return _act(request, code, WithdrawInput(reason=body.reason), body.version, [])


def _act(
    request, code: str, command: CompleteSupplementInput | WithdrawInput, version: int | None, documents: list
) -> dict:
    user = _citizen(request)
    found = accounts.my_dossier(user=user, code=code)
    if found is None:
        raise ApiError(404, "not_found", _("No dossier has the code %(code)s.") % {"code": code})
    try:
        services.act_as_applicant(
            code=found.code,
            secret=found.lookup_secret,
            citizen=user,
            command=command,
            documents=documents,
            reusable_from=accounts.applicant_ids(user),
            version=version,
        )
    except services.DossierError as error:
        raise ApiError(error.status, error.code, error.message) from error
    return my_dossier(request, code)
