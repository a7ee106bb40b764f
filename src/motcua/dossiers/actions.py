"""What each action on a dossier takes: one frozen, typed input per action of the state machine.

The same classes are what the service's handlers read (`services.perform_action(command=...)`), what the desk's
forms build from what the officer typed, and the API's request bodies (beside the dossier's `version`, which
guards the request rather than being part of the action: the service takes it as its own argument).

These types check shapes and sizes only. The rules that need the dossier or the words of a person (a reason
that is only spaces, a result file that does not exist, an appointment earlier than the current one) stay in
the handlers, which answer with a DossierError in the user's language."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from motcua.core.params import Id
from motcua.dossiers.states import Action

Username = Annotated[str, Field(max_length=150)]
Note = Annotated[str, Field(max_length=2000)]
Reason = Annotated[str, Field(max_length=2000, description="required: written in the history (and on the form)")]
Item = Annotated[str, Field(max_length=2000)]
ReturnMethodName = Literal["counter", "post", "online"]  # dossiers.models.ReturnMethod
PaymentMethodName = Literal["cash", "transfer", "card"]  # dossiers.models.PaymentMethod


class ActionInput(BaseModel):
    """Base of every action's input; `action` names the action it is for."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    action: ClassVar[Action]


class AssignInput(ActionInput):
    action: ClassVar[Action] = Action.ASSIGN
    assignee: Username | None = Field(
        None, description="username of a specialist or leader of the step's unit; yourself when left out"
    )


class ForwardInput(ActionInput):
    action: ClassVar[Action] = Action.FORWARD
    note: Note = ""
    assignee: Username | None = Field(None, description="username to assign the next step to, if known")


class SendBackInput(ActionInput):
    action: ClassVar[Action] = Action.SEND_BACK
    reason: Reason


class RequestSupplementInput(ActionInput):
    action: ClassVar[Action] = Action.REQUEST_SUPPLEMENT
    reason: Reason
    items: tuple[Item, ...] = Field(..., max_length=100, description="the documents to complete (at least one)")


class CompleteSupplementInput(ActionInput):
    action: ClassVar[Action] = Action.COMPLETE_SUPPLEMENT
    note: Note = ""


class ApproveInput(ActionInput):
    action: ClassVar[Action] = Action.APPROVE
    note: Note = ""
    result_file_id: Id | None = Field(None, description="the result's file, from POST /files (last step only)")


class RefuseInput(ActionInput):
    action: ClassVar[Action] = Action.REFUSE
    reason: Reason


class StopInput(ActionInput):
    action: ClassVar[Action] = Action.STOP
    reason: Reason


class WithdrawInput(ActionInput):
    action: ClassVar[Action] = Action.WITHDRAW
    reason: Note = Field("", description="optional; “at the applicant's request” when left out")


class ExtendInput(ActionInput):
    action: ClassVar[Action] = Action.EXTEND
    new_due_at: datetime = Field(..., description="the new appointment, later than the current one")
    reason: Reason
    apology: Note = Field("", description="the apology to the applicant (Mẫu 04)")


class ReturnResultInput(ActionInput):
    action: ClassVar[Action] = Action.RETURN_RESULT
    method: ReturnMethodName = "counter"
    receiver: str = Field("", max_length=255, description="who received the result: required unless online")
    tracking_number: str = Field("", max_length=64, description="required when sent by post")
    # Kept for clients that still send it: a fee due at return is collected and its e-receipt issued instead.
    receipt_number: str = Field("", max_length=64, description="ignored: a fee due at return gets an e-receipt")
    payment_method: PaymentMethodName = "cash"


INPUTS: dict[Action, type[ActionInput]] = {
    cls.action: cls
    for cls in (
        AssignInput,
        ForwardInput,
        SendBackInput,
        RequestSupplementInput,
        CompleteSupplementInput,
        ApproveInput,
        RefuseInput,
        ExtendInput,
        StopInput,
        WithdrawInput,
        ReturnResultInput,
    )
}
assert list(INPUTS) == list(Action)
