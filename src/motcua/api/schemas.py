from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field


class DeadlineOut(Schema):
    amount: float | None
    unit: str | None
    text: str


class FeeOut(Schema):
    label: str
    amount: int | None
    currency: str
    note: str
    free: bool


class ChannelSummaryOut(Schema):
    channel: str
    deadline: DeadlineOut | None


class ChannelOut(ChannelSummaryOut):
    fees: list[FeeOut]
    note: str


class FieldOut(Schema):
    id: int
    name: str
    procedure_count: int | None = None


class ProcedureSummaryOut(Schema):
    code: str
    name: str
    field: FieldOut | None
    levels: list[str]
    online_level: str
    status: str
    version: int
    channels: list[ChannelSummaryOut]
    url: str


class ProcedurePageOut(Schema):
    items: list[ProcedureSummaryOut]
    next_cursor: str | None


class DocumentOut(Schema):
    position: int = Field(..., description="its place in the list: what an online dossier attaches files to")
    optional: bool = Field(..., description='"if any" (nếu có) or "in the case of" (trường hợp): not always needed')
    name: str
    originals: int | None
    copies: int | None
    form: str
    form_url: str | None
    note: str


class LegalBasisOut(Schema):
    code: str
    title: str
    issued_on: date | None
    issuer: str


class AgencyOut(Schema):
    code: str
    name: str


class StepOut(Schema):
    name: str
    role: str
    budget: DeadlineOut | None


class ProcessOut(Schema):
    agency: AgencyOut | None
    channel: str | None
    is_default: bool
    steps: list[StepOut]


class ProcedureDetailOut(ProcedureSummaryOut):
    implementing_agency: str
    competent_agency: str
    coordinating_agency: str
    reception_address: str
    target_groups: list[str]
    procedure_type: str
    steps: str
    result: str
    conditions: str
    decision_number: str
    decided_on: date | None
    published_at: datetime | None
    channels: list[ChannelOut]
    documents: list[DocumentOut]
    legal_basis: list[LegalBasisOut]
    agencies: list[AgencyOut]
    processes: list[ProcessOut]


class ErrorBody(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    error: ErrorBody


class FieldErrorOut(Schema):
    field: str
    message: str


class ValidationBody(ErrorBody):
    details: list[FieldErrorOut] = []


class ValidationErrorOut(Schema):
    error: ValidationBody


def errors(*statuses: int) -> dict[int, type[Schema]]:
    """The error responses an endpoint declares: {"error": {"code", "message"}}, with `details` by field on 422."""
    return {status: ValidationErrorOut if status == 422 else ErrorOut for status in statuses}
