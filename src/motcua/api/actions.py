"""The actions on a dossier over the API: `POST /dossiers/{code}/actions/{action}`, one operation per action, made
from the typed inputs (dossiers.actions), so that the OpenAPI document shows each action's body.

Each body is the action's input beside `version`, the dossier's version the caller acted on (409 if someone acted
first): `{"version": 3, "reason": "..."}`, as before."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router
from pydantic import Field, create_model

from motcua.api.dossier_schemas import DossierOut
from motcua.api.errors import ApiError
from motcua.api.schemas import errors
from motcua.api.serializers import dossier_out
from motcua.core.params import MAX_ID
from motcua.dossiers import selectors, services
from motcua.dossiers.actions import INPUTS, ActionInput, ApproveInput, ReturnResultInput
from motcua.dossiers.services.transitions import parse_action
from motcua.dossiers.states import Action
from motcua.receipts.services import ReceiptError, return_with_fees
from motcua.signatures.services import approve_with_signature

SUMMARIES = {
    Action.ASSIGN: "Assign the current step (to yourself, or a leader to a specialist)",
    Action.FORWARD: "Hand the dossier to the next step (the desk accepts an online dossier)",
    Action.SEND_BACK: "Send the dossier back to the previous step, with the reason",
    Action.REQUEST_SUPPLEMENT: "Ask the applicant for a supplement: the reason and the documents to complete",
    Action.COMPLETE_SUPPLEMENT: "Record the supplement as received: the clock goes on",
    Action.APPROVE: (
        "Approve (the last step: the result is ready, its PDF signed with the agency's key when it has one; "
        "otherwise hand it on)"
    ),
    Action.REFUSE: "Refuse the dossier, with the reason",
    Action.EXTEND: "Apologise and set a new, later appointment (once)",
    Action.STOP: "Stop handling the dossier, with the reason",
    Action.WITHDRAW: "Withdraw the dossier at the applicant's request",
    Action.RETURN_RESULT: "Record how and to whom the result was returned, and any fee paid at return",
}
VERSION = Field(..., ge=1, le=MAX_ID, description="the dossier's version you acted on (409 if someone acted first)")


def request_body(input_class: type[ActionInput]) -> type[ActionInput]:
    """The action's input with the request's `version` beside its fields (named e.g. AssignRequest)."""
    name = input_class.__name__.removesuffix("Input") + "Request"
    return create_model(name, __base__=input_class, __module__=__name__, version=(int, VERSION))


def _endpoint(action: Action, input_class: type[ActionInput]):
    body_class = request_body(input_class)

    def endpoint(request, code: str, body) -> dict:
        command = input_class(**body.model_dump(exclude={"version"}))
        try:
            if isinstance(command, ApproveInput):  # the result is signed with the agency's key when it has one
                approve_with_signature(code=code, actor=request.auth, version=body.version, command=command)
            elif isinstance(command, ReturnResultInput):  # a fee still due is collected, its e-receipt issued
                return_with_fees(code=code, actor=request.auth, version=body.version, command=command)
            else:
                services.perform_action(code=code, actor=request.auth, version=body.version, command=command)
        except services.DossierError as error:
            raise ApiError(error.status, error.code, error.message) from error
        except ReceiptError as error:
            raise ApiError(422, error.code, error.message) from error
        return dossier_out(*selectors.dossier_detail(code=code, user=request.auth))

    endpoint.__name__ = f"act_{action.value}"
    endpoint.__doc__ = f"{SUMMARIES[action]}. `version` guards against acting twice."
    endpoint.__annotations__ = {"code": str, "body": body_class, "return": dict}
    return endpoint


def register(router: Router) -> None:
    """One operation per action, then a catch-all that answers an unknown action like before (404)."""
    for action, input_class in INPUTS.items():
        router.post(
            f"/dossiers/{{code}}/actions/{action.value}",
            response={200: DossierOut, **errors(401, 403, 404, 409, 422)},
            operation_id=f"motcua_api_dossiers_act_{action.value}",
            summary=SUMMARIES[action],
        )(_endpoint(action, input_class))
    router.post("/dossiers/{code}/actions/{action}", include_in_schema=False)(unknown_action)


def unknown_action(request, code: str, action: str):
    try:
        parse_action(action)  # refuses any name but an action's (each has its own operation above)
    except services.NotFound as error:
        raise ApiError(error.status, error.code, error.message) from error
    raise ApiError(404, "not_found", _("Not found."))
