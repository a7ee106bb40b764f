"""What the dossier endpoints answer: the shapes `serializers` fills, typed for the OpenAPI document."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from motcua.api.schemas import AgencyOut
from motcua.dossiers.states import Action, State

StateName = Literal[tuple(s.value for s in State)]  # type: ignore[valid-type]
ActionName = Literal[tuple(a.value for a in Action)]  # type: ignore[valid-type]


class DossierProcedureOut(Schema):
    code: str
    name: str
    version: int


class ApplicantOut(Schema):
    name: str
    id_number: str
    phone: str
    email: str
    address: str


class FileRefOut(Schema):
    id: int
    sha256: str
    content_type: str


class DossierDocumentOut(Schema):
    name: str
    originals: int
    copies: int
    files: list[FileRefOut]


class DossierFeeOut(Schema):
    label: str
    amount: int
    currency: str
    paid_at: datetime | None
    receipt_number: str
    method: str | None


class DossierStepOut(Schema):
    position: int
    name: str
    public_name: str
    role: str
    agency: AgencyOut
    started_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None
    assignee: str | None = Field(..., description="username")
    timeliness: str | None


class CurrentStepOut(DossierStepOut):
    candidates: list[str] = Field(..., description="usernames who may be assigned the step")


class EventOut(Schema):
    sequence: int
    at: datetime
    actor: str
    role: str
    agency: str | None
    action: str = Field(..., description="receive, submit or an action's name")
    from_state: str | None
    to_state: str | None
    step: str
    note: str
    data: dict[str, Any] = Field(..., description="what the action recorded; its keys depend on the action")
    due_before: datetime | None
    due_after: datetime | None


class DossierOut(Schema):
    code: str
    lookup_secret: str
    state: StateName
    version: int = Field(..., description="send it back with an action (409 if someone acted first)")
    procedure: DossierProcedureOut
    channel: str
    agency: AgencyOut
    applicant: ApplicantOut
    documents: list[DossierDocumentOut]
    fees: list[DossierFeeOut]
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    original_due_at: datetime | None
    extended: bool
    paused_since: datetime | None
    supplement_count: int
    finished_at: datetime | None
    timeliness: str | None
    returned_at: datetime | None
    return_method: str
    current_step: CurrentStepOut | None
    steps: list[DossierStepOut]
    events: list[EventOut]
    allowed_actions: list[ActionName]


class ProcedureRefOut(Schema):
    code: str
    name: str


class SummaryStepOut(Schema):
    name: str
    agency: str
    due_at: datetime | None
    assignee: str | None


class DossierSummaryOut(Schema):
    code: str
    state: StateName
    procedure: ProcedureRefOut
    applicant_name: str
    agency: str
    channel: str
    received_at: datetime | None
    due_at: datetime | None
    version: int
    current_step: SummaryStepOut | None


class DossierPageOut(Schema):
    items: list[DossierSummaryOut]
    next_cursor: str | None = Field(..., description="pass as `cursor` for the next page")


class UploadedFileOut(Schema):
    id: int
    sha256: str
    size: int
    content_type: str


class TimelineEntryOut(Schema):
    at: datetime
    text: str
    step: str


class PublicDossierOut(Schema):
    code: str
    procedure: str
    state: StateName
    state_text: str
    current_step: str | None
    received_at: datetime | None
    due_at: datetime | None
    original_due_at: datetime | None
    extended: bool
    return_method: str
    supplement_items: list[str]
    timeline: list[TimelineEntryOut]


class StaffOut(Schema):
    username: str
    full_name: str
    role: str
    agency: str
    agency_name: str


class VisitOut(Schema):
    id: int
    kind: Literal["guide", "refuse"]
    form: str = Field(..., description="the URL of the form to print")
