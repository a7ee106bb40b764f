"""What the dossier services raise when the rules refuse a request; `status` is the HTTP status the API answers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.dossiers.states import REASONS


class DossierError(Exception):
    """A request the rules refuse."""

    status = 422

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class Forbidden(DossierError):
    status = 403


class Conflict(DossierError):
    status = 409


class NotFound(DossierError):
    status = 404


# Refusals of the state machine that are about who acts (403), not about the dossier (422).
FORBIDDEN_REASONS = {"role", "step", "assigned"}


# What each refusal of the state machine (states.REASONS) says, translated when shown in the request's language.
REASON_TEXT = {
    "finished": lambda: _("The dossier is finished; nothing more can happen to it."),
    "state": lambda: _("This action is not possible in the dossier's current state."),
    "role": lambda: _("Your role does not allow this action."),
    "step": lambda: _("The dossier is not at a step you act on."),
    "assigned": lambda: _("The current step is assigned to someone else."),
    "extended": lambda: _("The dossier was already extended once; a second extension is not allowed."),
    "no_previous_step": lambda: _("There is no earlier step to send the dossier back to."),
    "last_step": lambda: _("This is the last step: the leader approves the result instead."),
}
assert set(REASON_TEXT) == REASONS
